//! The card transport the platform provides (Android `IsoDep`, an iOS CoreNFC ISO 7816 tag, a
//! desktop reader) as a foreign trait, and its adapter to the core's `CardTransport` port.
//! `transceive` is called synchronously from the read's worker thread, never from the caller's.

use egate_core::ports::{TransportCapabilities, TransportError};
use std::sync::Arc;

/// Why an exchange with the card failed.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum TransportFailure {
    /// The card left the field, or the connection to the tag was lost.
    #[error("the card was removed or the tag connection was lost")]
    TagLost,
    /// The card did not answer within the platform's timeout.
    #[error("the card did not answer in time")]
    Timeout,
    /// No card is connected.
    #[error("no card is connected")]
    NotConnected,
    /// Any other platform I/O failure, with the platform's description.
    #[error("card I/O failed: {reason}")]
    Io {
        /// The platform's description.
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for TransportFailure {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Io {
            reason: error.reason,
        }
    }
}

impl From<TransportError> for TransportFailure {
    fn from(error: TransportError) -> Self {
        match error {
            TransportError::TagLost => Self::TagLost,
            TransportError::Timeout => Self::Timeout,
            TransportError::NotConnected => Self::NotConnected,
            TransportError::Io(reason) => Self::Io { reason },
        }
    }
}

impl From<TransportFailure> for TransportError {
    fn from(failure: TransportFailure) -> Self {
        match failure {
            TransportFailure::TagLost => Self::TagLost,
            TransportFailure::Timeout => Self::Timeout,
            TransportFailure::NotConnected => Self::NotConnected,
            TransportFailure::Io { reason } => Self::Io(reason),
        }
    }
}

/// One card connection: command APDUs in, response APDUs (with SW1-SW2) out.
#[uniffi::export(rust, foreign)]
pub trait CardTransport: Send + Sync {
    /// Sends a command APDU and answers the response APDU including its status word. Called
    /// on the read's worker thread; may block until the card answers.
    fn transceive(&self, command: Vec<u8>) -> Result<Vec<u8>, TransportFailure>;

    /// The longest command or response the platform carries, status word included (Android:
    /// `IsoDep.maxTransceiveLength`).
    fn max_transceive_length(&self) -> u32;

    /// Whether extended-length APDUs pass (Android: `IsoDep.isExtendedLengthApduSupported`).
    fn extended_length(&self) -> bool;

    /// The historical bytes of the ATS or ATR, when the platform exposes them.
    fn historical_bytes(&self) -> Option<Vec<u8>>;
}

/// A platform transport as the core's port.
pub(crate) struct PlatformTransport(pub(crate) Arc<dyn CardTransport>);

impl egate_core::ports::CardTransport for PlatformTransport {
    fn transceive(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.0.transceive(command.to_vec()).map_err(Into::into)
    }

    fn capabilities(&self) -> TransportCapabilities {
        TransportCapabilities {
            extended_length: self.0.extended_length(),
            max_transceive: usize::try_from(self.0.max_transceive_length()).unwrap_or(usize::MAX),
        }
    }

    fn historical_bytes(&self) -> Option<Vec<u8>> {
        self.0.historical_bytes()
    }
}
