//! The groups PACE runs in, behind one byte-oriented interface: elements travel in their wire
//! encoding (an uncompressed point, or a DH value padded to the length of p), secrets as
//! big-endian integers that are zeroized on drop.

mod dh;
mod ec;
mod modp;
mod point_encoding;
mod random;
mod standard;

pub use standard::{
    STANDARD_PARAMETER_IDS, standard_dh_parameter_id, standard_dh_parameters, standard_group,
};

use super::{Agreement, PaceError};
use std::fmt;
use zeroize::Zeroizing;

/// A secret exponent or scalar, big-endian, zeroized on drop.
pub type Secret = Zeroizing<Vec<u8>>;

/// One set of PACE domain parameters with the operations both ends of PACE need.
///
/// Every element taken from the other side is validated before use: on the curve and not the
/// identity for ECDH; `1 < y < p−1` and `y^q ≡ 1 (mod p)` for DH.
pub trait PaceGroup: Send + Sync + fmt::Debug {
    /// A readable name, e.g. `brainpoolP256r1` or `MODP-1024-160`.
    fn name(&self) -> &'static str;
    /// DH or ECDH.
    fn agreement(&self) -> Agreement;
    /// Length in bytes of an encoded element (public key).
    fn element_len(&self) -> usize;
    /// Bit length of the prime p of the field or MODP group.
    fn prime_bits(&self) -> u32;
    /// The static generator.
    fn generator(&self) -> Vec<u8>;
    /// A fresh secret uniformly chosen in `[1, order−1]`.
    fn random_secret(&self) -> Result<Secret, PaceError>;
    /// A given secret checked to lie in `[1, order−1]`, padded to the order's length.
    fn check_secret(&self, secret: &[u8]) -> Result<Secret, PaceError>;
    /// Validates an element received from the other side; `what` names it in the error.
    fn validate(&self, element: &[u8], what: &'static str) -> Result<(), PaceError>;
    /// `secret · element` (or `element^secret`), after validating `element`.
    fn multiply(
        &self,
        element: &[u8],
        secret: &[u8],
        what: &'static str,
    ) -> Result<Zeroizing<Vec<u8>>, PaceError>;
    /// Generic Mapping: `s·G + H` (or `g^s · h`); the identity is rejected.
    fn generic_map(&self, nonce: &[u8], h: &[u8]) -> Result<Vec<u8>, PaceError>;
    /// Whether the Integrated Mapping is defined on this group (not on curves with p ≡ 1 mod 4,
    /// i.e. NIST P-224).
    fn supports_integrated_mapping(&self) -> bool;
    /// Integrated Mapping: `f_G(x mod p)` for the pseudo-random octets `x`; the identity is
    /// rejected.
    fn integrated_map(&self, pseudo_random: &[u8]) -> Result<Vec<u8>, PaceError>;
    /// The shared secret of a key-agreement result: the x-coordinate for ECDH, the value itself
    /// for DH.
    fn shared_secret(&self, element: &[u8]) -> Zeroizing<Vec<u8>>;
    /// Chip Authentication Mapping data `CA = SK_static⁻¹ · SK_map mod order` (chip side).
    fn chip_authentication_data(
        &self,
        static_secret: &[u8],
        map_secret: &[u8],
    ) -> Result<Secret, PaceError>;
}
