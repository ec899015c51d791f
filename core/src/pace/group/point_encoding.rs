//! The point encoding f_G of the ECDH Integrated Mapping (ICAO 9303-11 Appendix B, after Brier et
//! al., "Efficient Indifferentiable Hashing into Ordinary Elliptic Curves"), written with the
//! field operations of the RustCrypto curve; defined for p ≡ 3 (mod 4) only.

use super::random::left_pad;
use crate::pace::PaceError;
use crypto_bigint::{BoxedUint, NonZero};
use elliptic_curve::FieldBytes;
use elliptic_curve::ff::{Field, PrimeField};
use elliptic_curve::subtle::{ConditionallySelectable, ConstantTimeEq};
use primeorder::PrimeCurveParams;
use zeroize::Zeroizing;

/// Maps the octets `pseudo_random` (reduced modulo p) to affine coordinates on the curve; the
/// caller has checked p ≡ 3 (mod 4).
pub(super) fn encode_to_curve<C: PrimeCurveParams>(
    pseudo_random: &[u8],
    prime: &BoxedUint,
) -> Result<(FieldBytes<C>, FieldBytes<C>), PaceError> {
    let t = field_element::<C>(pseudo_random, prime);
    let a = C::EQUATION_A;
    let b = C::EQUATION_B;

    let alpha = -t.square();
    let alpha_sum = alpha + alpha.square();
    let denominator = Option::<C::FieldElement>::from((a * alpha_sum).invert()).ok_or(
        PaceError::Malformed("point encoding hit a zero denominator"),
    )?;
    let x2 = -b * (C::FieldElement::ONE + alpha_sum) * denominator;
    let x3 = alpha * x2;
    let h2 = x2.square() * x2 + a * x2 + b;
    let u = t.square() * t * h2;
    let root = h2.pow_vartime(exponent_limbs(prime));

    // Both candidates are computed and one is selected in constant time: which one applies
    // depends on the nonce.
    let first = (root.square() * h2).ct_eq(&C::FieldElement::ONE);
    let x = C::FieldElement::conditional_select(&x3, &x2, first);
    let y = C::FieldElement::conditional_select(&(root * u), &(root * h2), first);
    Ok((x.to_repr(), y.to_repr()))
}

/// `octets mod p` as a field element.
fn field_element<C: PrimeCurveParams>(octets: &[u8], prime: &BoxedUint) -> C::FieldElement {
    let modulus = NonZero::new(prime.clone()).expect("field primes are non-zero");
    let reduced = Zeroizing::new(
        BoxedUint::from_be_slice_vartime(octets)
            .rem(&modulus)
            .to_be_bytes(),
    );
    let len = prime.bit_width().div_ceil(8) as usize;
    let padded = Zeroizing::new(left_pad(&reduced, len));
    let repr = FieldBytes::<C>::try_from(padded.as_slice()).expect("padded to the field length");
    Option::from(C::FieldElement::from_repr(repr)).expect("reduced below p")
}

/// The exponent p − 1 − (p+1)/4 as little-endian 64-bit limbs.
fn exponent_limbs(prime: &BoxedUint) -> Vec<u64> {
    let quarter = prime.wrapping_add(BoxedUint::one()).wrapping_shr_vartime(2);
    let exponent = prime.wrapping_sub(BoxedUint::one()).wrapping_sub(&quarter);
    let bytes = exponent.to_be_bytes();
    bytes
        .rchunks(8)
        .map(|chunk| {
            let mut limb = [0u8; 8];
            limb[8 - chunk.len()..].copy_from_slice(chunk);
            u64::from_be_bytes(limb)
        })
        .collect()
}
