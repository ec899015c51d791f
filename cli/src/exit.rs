//! Exit codes and the one-line reasons printed on stderr.

use egate::transport::SourceError;
use egate_core::card::CardError;
use egate_core::pace::PaceError;
use egate_core::ports::TransportError;

/// Wrong or missing credentials.
pub(crate) const WRONG_CREDENTIALS: u8 = 2;
/// No card, or the card was removed.
pub(crate) const NO_CARD: u8 = 3;
/// Something the card, reader or this build does not support.
pub(crate) const UNSUPPORTED: u8 = 4;
/// Passive authentication did not find the document valid.
pub(crate) const NOT_VALID: u8 = 5;
/// Any other failure.
pub(crate) const FAILURE: u8 = 1;

/// A failure of a command: exit code and sentence.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) reason: String,
}

impl Failure {
    pub(crate) fn new(code: u8, reason: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
        }
    }
}

impl From<CardError> for Failure {
    fn from(e: CardError) -> Self {
        let code = match &e {
            CardError::AccessDenied { .. } | CardError::Mrz(_) => WRONG_CREDENTIALS,
            CardError::Transport(TransportError::TagLost | TransportError::NotConnected) => NO_CARD,
            CardError::CanRequiresPace
            | CardError::Pace(
                PaceError::NoUsableProtocol(_) | PaceError::ExplicitParametersUnsupported,
            )
            | CardError::UnsupportedByTransport(_) => UNSUPPORTED,
            _ => FAILURE,
        };
        let reason = match &e {
            CardError::AccessDenied { password } => format!(
                "the chip refused the {} — check the {} and try again",
                password.name(),
                match password {
                    egate_core::card::PasswordKind::Mrz =>
                        "document number, date of birth and date of expiry",
                    egate_core::card::PasswordKind::Can => "card access number",
                }
            ),
            CardError::Pace(PaceError::NoUsableProtocol(why)) if why.contains("BAC fallback") => {
                format!("no PACE protocol the chip offers can run here, and it refuses BAC ({why})")
            }
            CardError::Pace(PaceError::NoUsableProtocol(why)) => format!(
                "no PACE protocol the chip offers can run here ({why}); --allow-bac-fallback tries BAC with the MRZ"
            ),
            CardError::CardAccessUnreadable(_) => format!(
                "{e}; --allow-bac-fallback reads it with BAC and the MRZ, reported as a fallback"
            ),
            CardError::UnsupportedByTransport(_) => format!(
                "{e}; use a reader with extended-length APDUs, or --allow-bac-fallback to read a chip that also runs BAC with the MRZ"
            ),
            other => other.to_string(),
        };
        Self::new(code, reason)
    }
}

impl From<SourceError> for Failure {
    fn from(e: SourceError) -> Self {
        let code = match e {
            SourceError::NoCard(_) => NO_CARD,
            SourceError::Unsupported(_) => UNSUPPORTED,
            SourceError::UnknownProfile(_) | SourceError::Other(_) => FAILURE,
        };
        Self::new(code, e.to_string())
    }
}
