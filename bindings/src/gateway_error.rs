//! What can go wrong in a network flow, as a shell acts on it: offline, refused by the gateway
//! (with its stable code and message), untrusted, the key store's answer, wrong input, a step
//! out of order, cancelled.

use egate_core::client::ClientError;
use egate_core::keystore::DeviceKeyError;
use egate_core::net::NetError;
use egate_core::ports::KeyStoreError;

/// A failed network flow step.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum GatewayFailure {
    /// No answer from the gateway (no network, timeout): retry later.
    #[error("the gateway cannot be reached: {reason}")]
    Offline {
        /// What failed.
        reason: String,
    },
    /// The gateway refused; `code` is stable (`invalid_credentials`, `sms_code_invalid`,
    /// `throttled`, `account_blocked`, …) and `detail` is the gateway's explanation (the shell
    /// shows its own localised text for the code).
    #[error("the gateway refused ({code}): {detail}")]
    Refused {
        /// The gateway's machine-readable code.
        code: String,
        /// The gateway's explanation.
        detail: String,
        /// Seconds until a retry can succeed, when given.
        retry_after: Option<i64>,
    },
    /// The gateway's identity, keys or signed messages do not verify: nothing was shown.
    #[error("the gateway could not be trusted: {reason}")]
    Untrusted {
        /// What failed.
        reason: String,
    },
    /// The user dismissed the biometric or credential prompt.
    #[error("the user cancelled")]
    UserCancelled,
    /// The device key was invalidated (new biometrics): move to this phone again by ID.
    #[error("the device key was invalidated")]
    KeyInvalidated,
    /// The key store failed.
    #[error("the key store failed: {reason}")]
    KeyStore {
        /// What failed.
        reason: String,
    },
    /// The input cannot be right (a malformed code, a QR code that is not a login code);
    /// nothing was sent.
    #[error("invalid input: {reason}")]
    InvalidInput {
        /// What is wrong.
        reason: String,
    },
    /// The step does not fit where the flow stands.
    #[error("not now: {reason}")]
    NotNow {
        /// The step asked for.
        reason: String,
    },
    /// The operation was cancelled.
    #[error("cancelled")]
    Cancelled,
    /// The gateway or the local store failed unexpectedly.
    #[error("failed: {reason}")]
    Failed {
        /// What failed.
        reason: String,
    },
}

impl From<ClientError> for GatewayFailure {
    fn from(error: ClientError) -> Self {
        let reason = error.to_string();
        match error {
            ClientError::Net(NetError::Offline(_) | NetError::Timeout) => Self::Offline { reason },
            ClientError::Net(NetError::Tls(_)) | ClientError::GatewayKey(_) => {
                Self::Untrusted { reason }
            }
            ClientError::Approval(_) => Self::Untrusted { reason },
            ClientError::Refused {
                code,
                message,
                retry_after,
                ..
            } => Self::Refused {
                code,
                detail: message,
                retry_after,
            },
            ClientError::Key(DeviceKeyError::KeyStore(KeyStoreError::UserCancelled)) => {
                Self::UserCancelled
            }
            ClientError::Key(DeviceKeyError::KeyStore(KeyStoreError::KeyInvalidated)) => {
                Self::KeyInvalidated
            }
            ClientError::Key(_) => Self::KeyStore { reason },
            ClientError::QrLogin(_) | ClientError::IdvLink(_) | ClientError::Input(_) => {
                Self::InvalidInput { reason }
            }
            ClientError::OutOfOrder(_) => Self::NotNow { reason },
            _ => Self::Failed { reason },
        }
    }
}

impl From<egate_core::store::StoreError> for GatewayFailure {
    fn from(error: egate_core::store::StoreError) -> Self {
        Self::Failed {
            reason: format!("local store: {error}"),
        }
    }
}
