//! The card session: one transport, optional secure messaging, APDU statistics and traces,
//! cancellation, what the chip says about APDU lengths, a connection shared by reads in turn,
//! and the chip-access error type.

mod cancel;
mod capabilities;
mod error;
mod session;
mod shared;

pub use cancel::CancelToken;
pub use capabilities::{
    ExtendedLengthInfo, atr_historical_bytes, historical_extended_length, parse_atr_info,
};
pub use error::{CardError, PasswordKind};
pub use session::{CardSession, LinkStats};
pub use shared::SharedTransport;
