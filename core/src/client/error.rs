//! What can go wrong talking to a gateway, as one typed enum.

use thiserror::Error;

use crate::keystore::DeviceKeyError;
use crate::net::NetError;
use crate::ports::KeyStoreError;

/// A failed gateway call.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ClientError {
    /// No HTTP answer (offline, timeout, TLS).
    #[error(transparent)]
    Net(#[from] NetError),
    /// The gateway refused, with its stable code.
    #[error("the gateway refused ({code}): {message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The gateway's machine-readable code.
        code: String,
        /// The gateway's message for the user.
        message: String,
        /// Seconds until a retry can succeed, when given.
        retry_after: Option<i64>,
    },
    /// The gateway failed (5xx).
    #[error("the gateway failed (HTTP {0})")]
    ServerFailure(u16),
    /// The answer does not follow the protocol.
    #[error("unexpected answer from the gateway: {0}")]
    Protocol(String),
    /// A device key could not sign.
    #[error(transparent)]
    Key(#[from] DeviceKeyError),
    /// An approval context or decision fails a check.
    #[error(transparent)]
    Approval(#[from] crate::login::approval::ApprovalError),
    /// A scanned code is not a usable login code; nothing was sent.
    #[error(transparent)]
    QrLogin(#[from] crate::login::qr_login::QrLoginError),
    /// A scanned code is not a usable ID-verification link; nothing was sent.
    #[error(transparent)]
    IdvLink(#[from] crate::idv::IdvLinkError),
    /// Reading the card failed.
    #[error(transparent)]
    Card(#[from] crate::card::CardError),
    /// The read lacks what the evidence needs.
    #[error(transparent)]
    Evidence(#[from] crate::idv::EvidenceError),
    /// The holder's input cannot be right; nothing was sent.
    #[error("invalid input: {0}")]
    Input(&'static str),
    /// A step asked for at the wrong point of a flow.
    #[error("not now: {0}")]
    OutOfOrder(&'static str),
    /// The gateway's published keys do not follow from the pinned one.
    #[error(transparent)]
    GatewayKey(#[from] crate::login::gateway_keys::GatewayKeyError),
}

impl From<KeyStoreError> for ClientError {
    fn from(error: KeyStoreError) -> Self {
        Self::Key(DeviceKeyError::KeyStore(error))
    }
}

impl ClientError {
    /// The gateway's code, when it refused.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Refused { code, .. } => Some(code),
            _ => None,
        }
    }
}
