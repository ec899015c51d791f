//! The login protocol shared by the app core and the reference gateway: device keys and their
//! ids, the protection level of a device key, canonical signed payloads (device requests,
//! registration proofs, gateway-key rotations, approval contexts and decisions, the login QR
//! code's payload). Both sides use these types, so the wire format
//! lives in one place.

pub mod approval;
pub(crate) mod canonical;
pub mod gateway_keys;
pub mod keys;
pub mod protection;
pub mod qr_login;
pub mod registration;
pub mod signed_request;

pub use keys::{KeyError, PublicKey};
pub use protection::ProtectionLevel;
pub use registration::{RegistrationProof, RegistrationPurpose, RegistrationStatement};
pub use signed_request::{
    Expectation, MAX_LIFETIME_SECS, RequestClaims, SignedRequest, SignedRequestError,
};
