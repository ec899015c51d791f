//! Why one cryptographic step of passive authentication failed: the algorithm, the key or the
//! signature itself.

use thiserror::Error;

/// A failed signature, key or algorithm step.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PassiveError {
    /// The algorithm is not one this verifier implements.
    #[error("unsupported algorithm {0}")]
    UnsupportedAlgorithm(String),
    /// The key's curve is not one this verifier implements.
    #[error("unsupported curve: {0}")]
    UnsupportedCurve(String),
    /// The public key does not decode or is too weak.
    #[error("malformed public key: {0}")]
    MalformedKey(String),
    /// The signature bytes do not decode for the scheme.
    #[error("the signature is not encoded as its algorithm requires")]
    SignatureEncoding,
    /// The signature does not verify.
    #[error("the signature does not verify")]
    SignatureMismatch,
    /// The signature algorithm does not fit the key type.
    #[error("the signature algorithm does not fit the signer's key type")]
    KeyAlgorithmMismatch,
}

impl PassiveError {
    /// A [`PassiveError::MalformedKey`] from any decoding error.
    pub(crate) fn key(error: impl std::fmt::Display) -> Self {
        Self::MalformedKey(error.to_string())
    }
}
