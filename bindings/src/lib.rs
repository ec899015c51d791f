#![doc = include_str!("../README.md")]

mod card;
mod document;
mod reader;
mod simulated;

pub use card::{CardTransport, TransportFailure};
pub use document::{Authenticity, Document, FaceImage};
pub use reader::{CardReadError, CardReader, ListenerFailure, ReadListener, ReadUpdate};
pub use simulated::{
    SimulatedProfile, simulated_card, simulated_profiles, simulated_trust_anchors,
};

uniffi::setup_scaffolding!("egate");
