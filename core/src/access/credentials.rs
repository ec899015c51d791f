//! The passwords a citizen can give: the MRZ key or the card access number.

use super::super::card::PasswordKind;
use crate::mrz::{MrzError, MrzField, MrzKey};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A card access number: the 6 digits printed on the front of newer ID cards; zeroized on drop.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Can(String);

impl std::fmt::Debug for Can {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Can(<redacted>)")
    }
}

impl Can {
    /// A CAN from typed digits (spaces ignored); 1 to 10 digits.
    pub fn new(typed: &str) -> Result<Self, MrzError> {
        let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() || digits.len() > 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MrzError::InvalidField {
                field: MrzField::OptionalData,
            });
        }
        Ok(Self(digits))
    }

    /// The CAN's ASCII digits (the PACE password π).
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// The password used to open the chip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessKey {
    /// Document number, date of birth, date of expiry.
    Mrz(MrzKey),
    /// Card access number.
    Can(Can),
}

impl AccessKey {
    /// Which kind of password this is.
    pub fn kind(&self) -> PasswordKind {
        match self {
            AccessKey::Mrz(_) => PasswordKind::Mrz,
            AccessKey::Can(_) => PasswordKind::Can,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_accepts_digits_only_and_hides_them() {
        assert_eq!(Can::new("123 456").unwrap().as_bytes(), b"123456");
        assert!(Can::new("12a456").is_err());
        assert!(Can::new("").is_err());
        assert_eq!(
            format!("{:?}", Can::new("123456").unwrap()),
            "Can(<redacted>)"
        );
    }
}
