//! The machine-readable zone (ICAO 9303-3/4/5/6): check digits, TD1/TD2/TD3 parsing and
//! composition, the typed access key for BAC and PACE, and the zone in camera-recognised text.

mod check_digit;
mod error;
mod key;
mod layout;
mod normalise;
mod recognised;

pub use check_digit::check_digit;
pub use error::{MrzError, MrzField};
pub use key::MrzKey;
pub use layout::{Mrz, MrzFormat};
pub use normalise::normalise_typed;
pub use recognised::find_in_recognised_text;
