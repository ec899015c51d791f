//! The card session: one transport, optional secure messaging, APDU statistics and traces, and
//! the chip-access error type.

mod error;
mod session;

pub use error::{CardError, PasswordKind};
pub use session::{CardSession, LinkStats};
