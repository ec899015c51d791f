#![doc = include_str!("../README.md")]

pub mod bench;
pub mod chip;
pub mod document;
pub mod fault;
pub mod link;
pub mod pki;
pub mod profile;
pub mod profile_file;
pub mod transport;
pub mod vpcd;

pub use chip::{Served, VirtualChip};
pub use fault::{Fault, ScheduledFault};
pub use profile::{AtrInfo, ChipCapabilities, LeOverflow, Profile, SmOverflow};
pub use transport::{Exchange, SimulatedTransport};
