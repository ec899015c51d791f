//! Random secrets the gateway hands out (session tokens, registration tokens, nonces, SMS codes)
//! and the digests it stores instead of them.

use base64ct::{Base64UrlUnpadded, Encoding};
use sha2::{Digest, Sha256};

use crate::error::GatewayError;

/// `N` bytes from the operating system's CSPRNG.
///
/// # Errors
/// [`GatewayError::Internal`] when the OS has no randomness to give.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], GatewayError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| GatewayError::Internal(e.to_string()))?;
    Ok(bytes)
}

/// A fresh 256-bit token as base64url (43 characters).
///
/// # Errors
/// As [`random_bytes`].
pub fn token() -> Result<String, GatewayError> {
    Ok(Base64UrlUnpadded::encode_string(&random_bytes::<32>()?))
}

/// A six-digit code, uniform over 000000–999999 (rejection sampling, no modulo bias).
///
/// # Errors
/// As [`random_bytes`].
pub fn six_digit_code() -> Result<String, GatewayError> {
    loop {
        let value = u32::from_be_bytes(random_bytes::<4>()?);
        // 4 294 000 000 is the largest multiple of 10^6 not above u32::MAX.
        if value < 4_294_000_000 {
            return Ok(format!("{:06}", value % 1_000_000));
        }
    }
}

/// The SHA-256 digest under which a high-entropy token is stored.
pub fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_codes_have_their_shape_and_differ() {
        let a = token().unwrap();
        assert_eq!(a.len(), 43);
        assert_ne!(a, token().unwrap());
        let codes: Vec<String> = (0..50).map(|_| six_digit_code().unwrap()).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
        );
        assert!(codes.iter().any(|c| c != &codes[0]));
    }
}
