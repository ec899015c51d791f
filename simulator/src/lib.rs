#![doc = include_str!("../README.md")]

pub mod chip;
pub mod document;
pub mod link;
pub mod pki;
pub mod profile;
pub mod transport;
pub mod vpcd;

pub use chip::VirtualChip;
pub use profile::{ChipCapabilities, LeOverflow, Profile};
pub use transport::SimulatedTransport;
