//! Typed failures of PACE: what the chip offered that this reader cannot run, what it sent that
//! fails validation, and which check failed.

use crate::crypto::CryptoError;
use thiserror::Error;

/// A PACE failure other than a refused password (that is `CardError::AccessDenied`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PaceError {
    /// The parameter ID names no standardized domain parameters (ICAO 9303-11 §9.5.1).
    #[error("PACE domain parameter ID {0} is not a standardized one")]
    UnknownParameterId(u32),
    /// The chip offers only explicit (proprietary) domain parameters.
    #[error("the chip offers only explicit PACE domain parameters, which this reader does not run")]
    ExplicitParametersUnsupported,
    /// The chip offers a PACE version other than 2.
    #[error("PACE version {0} is not supported (version 2 is)")]
    UnsupportedVersion(u32),
    /// A PACEInfo refers to proprietary domain parameters by an ID that a
    /// PACEDomainParameterInfo defines.
    #[error("parameter ID {0} names explicit domain parameters, which this reader does not run")]
    ProprietaryParameterId(u32),
    /// Integrated Mapping is undefined on this curve (p ≡ 1 mod 4, i.e. NIST P-224).
    #[error("Integrated Mapping is undefined on {0}")]
    IntegratedMappingUndefined(&'static str),
    /// A public key or mapping value from the chip fails validation.
    #[error("the chip's {what} is invalid: {reason}")]
    InvalidPublicKey {
        /// Which value (mapping key, ephemeral key, static key).
        what: &'static str,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// The mapped generator is the identity (or 1 for DH).
    #[error("the mapped generator is the identity")]
    IdentityGenerator,
    /// The chip sent back the terminal's own ephemeral public key.
    #[error("the chip's ephemeral public key equals the terminal's")]
    ReflectedPublicKey,
    /// The chip's authentication token does not verify: the chip does not know the session keys.
    #[error("the chip's authentication token does not verify")]
    TokenMismatch,
    /// The chip refused an extended-length GENERAL AUTHENTICATE (6700).
    #[error("the chip refused an extended-length PACE command")]
    ExtendedLengthRefused,
    /// A secret value given for a deterministic run is out of range.
    #[error("a fixed secret is out of range for the group")]
    InvalidSecret,
    /// A PACE data object is missing or malformed.
    #[error("malformed PACE data: {0}")]
    Malformed(&'static str),
    /// Every PACE protocol the chip offers needs something this reader or link lacks.
    #[error("no PACE protocol offered by the chip can run here: {0}")]
    NoUsableProtocol(String),
    /// A cryptographic primitive failed.
    #[error(transparent)]
    Crypto(#[from] CryptoError),
}

impl PaceError {
    pub(crate) fn invalid_key(what: &'static str, reason: &'static str) -> Self {
        PaceError::InvalidPublicKey { what, reason }
    }
}
