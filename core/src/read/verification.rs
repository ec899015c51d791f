//! The verdict on a document read: passive authentication of its files, and the chip check's
//! status, where a protocol that succeeded counts as `valid` only when the file holding its key
//! (EF.CardSecurity for CAM, DG14 for CA, DG15 for AA) passed passive authentication.

use super::{CardRead, ChipCheck, ChipMethod};
use crate::lds::ElementaryFile;
use crate::passive::{PassiveReport, TrustStore, passive_authentication};
use crate::ports::Clock;

/// The chip authenticity verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChipStatus {
    /// The protocol succeeded with a passively authenticated key.
    Valid,
    /// The protocol failed: the chip does not hold the key its files publish.
    Invalid,
    /// The protocol succeeded but its key's file did not pass passive authentication.
    UnverifiedKey,
    /// The chip offers no protocol this reader runs.
    NotSupported,
}

impl ChipStatus {
    /// `valid`, `invalid`, `unverified_key` or `not_supported`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Invalid => "invalid",
            Self::UnverifiedKey => "unverified_key",
            Self::NotSupported => "not_supported",
        }
    }
}

/// The file that publishes the key a chip authenticity protocol proves.
pub fn key_file(method: ChipMethod) -> ElementaryFile {
    match method {
        ChipMethod::Cam => ElementaryFile::CardSecurity,
        ChipMethod::Ca => ElementaryFile::Dg(14),
        ChipMethod::Aa => ElementaryFile::Dg(15),
    }
}

/// The chip verdict from the protocol outcome and passive authentication.
pub fn chip_status(check: &ChipCheck, passive: &PassiveReport) -> ChipStatus {
    match (check.method, &check.failure) {
        (None, _) => ChipStatus::NotSupported,
        (Some(_), Some(_)) => ChipStatus::Invalid,
        (Some(method), None) if passive.authenticates(key_file(method)) => ChipStatus::Valid,
        (Some(_), None) => ChipStatus::UnverifiedKey,
    }
}

/// Passive authentication and the chip verdict of one read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Passive authentication of the files as read.
    pub passive: PassiveReport,
    /// The chip verdict.
    pub chip: ChipStatus,
}

/// Verifies a read against `trust` (no store: passive authentication is `not_performed`).
pub fn verify_read(read: &CardRead, trust: Option<&TrustStore>, clock: &dyn Clock) -> Verification {
    let passive = passive_authentication(&read.files, trust, clock);
    let chip = chip_status(&read.chip, &passive);
    Verification { passive, chip }
}
