//! Desktop card transports: PC/SC readers, libnfc readers (feature `libnfc`), and the choice
//! between them and the built-in simulated card.

#[cfg(feature = "libnfc")]
pub mod libnfc;
pub mod pcsc;
mod select;
mod short;

pub use select::{CardSource, OpenedCard, SourceError, open_card};
pub use short::ShortApdusOnly;
