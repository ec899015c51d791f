//! Uniform random integers below a modulus, by rejection sampling from the OS CSPRNG.

use crate::crypto::random_bytes;
use crate::pace::PaceError;
use crypto_bigint::BoxedUint;
use zeroize::Zeroizing;

/// A uniformly random integer in `[1, modulus−1]`, big-endian, as long as the modulus.
pub(super) fn random_below(modulus: &BoxedUint) -> Result<Zeroizing<Vec<u8>>, PaceError> {
    let len = modulus.bit_width().div_ceil(8) as usize;
    let excess_bits = (len * 8) as u32 - modulus.bit_width();
    loop {
        let mut candidate = Zeroizing::new(vec![0u8; len]);
        random_bytes(&mut candidate)?;
        candidate[0] &= 0xFF >> excess_bits;
        let value = Zeroizing::new(BoxedUint::from_be_slice_vartime(&candidate));
        if !bool::from(value.is_zero()) && *value < *modulus {
            return Ok(candidate);
        }
    }
}

/// Checks `secret` lies in `[1, modulus−1]` and pads it to the modulus's length.
pub(super) fn check_below(
    secret: &[u8],
    modulus: &BoxedUint,
) -> Result<Zeroizing<Vec<u8>>, PaceError> {
    let len = modulus.bit_width().div_ceil(8) as usize;
    let value = Zeroizing::new(BoxedUint::from_be_slice_vartime(secret));
    if bool::from(value.is_zero()) || *value >= *modulus {
        return Err(PaceError::InvalidSecret);
    }
    Ok(Zeroizing::new(left_pad(secret, len)))
}

/// `bytes` without leading zeros beyond `len`, left-padded with zeros to `len`.
pub(super) fn left_pad(bytes: &[u8], len: usize) -> Vec<u8> {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    let significant = &bytes[start..];
    let mut out = vec![0u8; len.saturating_sub(significant.len())];
    out.extend_from_slice(significant);
    out
}
