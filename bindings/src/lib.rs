#![doc = include_str!("../README.md")]

mod card;
mod document;
mod logging;
mod qr;
mod reader;
mod simulated;

pub use card::{CardTransport, TransportFailure};
pub use document::{Authenticity, Document, FaceImage};
pub use logging::{LogLevel, LogSink, clear_log_sink, set_log_sink};
pub use qr::{QrScanError, scan_qr_frame};
pub use reader::{CardReadError, CardReader, ListenerFailure, ReadListener, ReadUpdate};
pub use simulated::{
    SimulatedProfile, simulated_card, simulated_profiles, simulated_trust_anchors,
};

uniffi::setup_scaffolding!("egate");
