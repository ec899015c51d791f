//! Elliptic curves needed by PACE and chip authentication that have no RustCrypto crate: the
//! RFC 5639 Brainpool curves brainpoolP192r1, brainpoolP224r1, brainpoolP320r1 and
//! brainpoolP512r1.
//!
//! Each curve module defines the curve marker type, `FieldElement`, `Scalar`, `AffinePoint` and
//! `ProjectivePoint`, all built from RustCrypto's generic `primefield` and `primeorder` code by the
//! single macro in `define`, so they plug into the `elliptic-curve` traits like `p256` or `bp256`.
//!
//! ```
//! use egate_core::crypto::curves::bp320r1::{AffinePoint, ProjectivePoint, Scalar};
//! use elliptic_curve::sec1::{FromSec1Point, ToSec1Point};
//!
//! let point = (ProjectivePoint::GENERATOR * Scalar::from(7u64)).to_affine();
//! let encoded = point.to_sec1_point(false);
//! assert_eq!(encoded.as_bytes().len(), 1 + 2 * 40);
//! assert_eq!(AffinePoint::from_sec1_point(&encoded).into_option(), Some(point));
//! ```

mod define;

pub mod bp192r1;
pub mod bp224r1;
pub mod bp320r1;
pub mod bp512r1;

#[cfg(test)]
mod tests;

pub use self::{
    bp192r1::BrainpoolP192r1, bp224r1::BrainpoolP224r1, bp320r1::BrainpoolP320r1,
    bp512r1::BrainpoolP512r1,
};
