//! ISO/IEC 7816-4 APDUs: command encoding (short and extended length), response decoding and
//! typed status words.

mod command;
mod response;
mod status;

pub use command::{CommandApdu, EncodeError};
pub use response::ResponseApdu;
pub use status::StatusWord;
