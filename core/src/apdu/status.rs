//! Typed ISO 7816-4 status words, including the ones eMRTD readers meet in the field.

use std::fmt;

/// A status word (SW1-SW2) with the meanings a reader acts on.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusWord(pub u16);

impl StatusWord {
    /// 9000: normal processing.
    pub const SUCCESS: Self = Self(0x9000);
    /// 6282: end of file reached before Le bytes were read.
    pub const END_OF_FILE: Self = Self(0x6282);
    /// 6300: verification failed (no retry counter), e.g. wrong BAC key.
    pub const AUTHENTICATION_FAILED: Self = Self(0x6300);
    /// 6700: wrong length.
    pub const WRONG_LENGTH: Self = Self(0x6700);
    /// 6882: secure messaging not supported.
    pub const SM_NOT_SUPPORTED: Self = Self(0x6882);
    /// 6982: security status not satisfied.
    pub const SECURITY_STATUS_NOT_SATISFIED: Self = Self(0x6982);
    /// 6985: conditions of use not satisfied.
    pub const CONDITIONS_NOT_SATISFIED: Self = Self(0x6985);
    /// 6987: expected secure messaging data objects missing.
    pub const SM_OBJECTS_MISSING: Self = Self(0x6987);
    /// 6988: secure messaging data objects incorrect.
    pub const SM_OBJECTS_INCORRECT: Self = Self(0x6988);
    /// 6A80: incorrect parameters in the command data field.
    pub const WRONG_DATA: Self = Self(0x6A80);
    /// 6A82: file or application not found.
    pub const FILE_NOT_FOUND: Self = Self(0x6A82);
    /// 6A86: incorrect parameters P1-P2.
    pub const WRONG_P1P2: Self = Self(0x6A86);
    /// 6A88: referenced data not found.
    pub const REFERENCED_DATA_NOT_FOUND: Self = Self(0x6A88);
    /// 6B00: wrong parameters P1-P2 (for READ BINARY: offset outside the file).
    pub const WRONG_PARAMETERS: Self = Self(0x6B00);
    /// 6D00: instruction not supported.
    pub const INS_NOT_SUPPORTED: Self = Self(0x6D00);
    /// 6E00: class not supported.
    pub const CLA_NOT_SUPPORTED: Self = Self(0x6E00);

    /// Builds a status word from SW1 and SW2.
    pub fn from_bytes(sw1: u8, sw2: u8) -> Self {
        Self(u16::from_be_bytes([sw1, sw2]))
    }

    /// SW1 and SW2.
    pub fn to_bytes(self) -> [u8; 2] {
        self.0.to_be_bytes()
    }

    /// SW1.
    pub fn sw1(self) -> u8 {
        self.to_bytes()[0]
    }

    /// SW2.
    pub fn sw2(self) -> u8 {
        self.to_bytes()[1]
    }

    /// 9000.
    pub fn is_success(self) -> bool {
        self == Self::SUCCESS
    }

    /// 61xx: more response bytes are available (xx of them, 00 meaning 256 or more).
    pub fn more_data_available(self) -> Option<usize> {
        (self.sw1() == 0x61).then(|| match self.sw2() {
            0 => 256,
            n => usize::from(n),
        })
    }

    /// 6Cxx: wrong Le; the card would answer exactly xx bytes (00 meaning 256).
    pub fn exact_length_expected(self) -> Option<usize> {
        (self.sw1() == 0x6C).then(|| match self.sw2() {
            0 => 256,
            n => usize::from(n),
        })
    }

    /// A warning (62xx, 63xx) rather than an error: processing completed, data may be returned.
    pub fn is_warning(self) -> bool {
        matches!(self.sw1(), 0x62 | 0x63)
    }
}

impl fmt::Debug for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SW {:04X}", self.0)
    }
}

impl fmt::Display for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_length_hints() {
        assert_eq!(StatusWord(0x6110).more_data_available(), Some(16));
        assert_eq!(StatusWord(0x6100).more_data_available(), Some(256));
        assert_eq!(StatusWord(0x6CDF).exact_length_expected(), Some(223));
        assert_eq!(StatusWord::SUCCESS.more_data_available(), None);
        assert!(StatusWord::END_OF_FILE.is_warning());
        assert!(!StatusWord::WRONG_LENGTH.is_warning());
        assert_eq!(format!("{}", StatusWord::FILE_NOT_FOUND), "6A82");
    }
}
