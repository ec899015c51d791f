//! Symmetric cryptography of ICAO 9303 secure messaging, built on RustCrypto: the block ciphers
//! and MACs per cipher suite, ISO/IEC 9797-1 padding and the key derivation function.

pub mod curves;
mod kdf;
mod padding;
mod suite;

pub use kdf::{KdfCounter, derive_key};
pub use padding::{pad, unpad};
pub use suite::{CryptoError, SmCipher};

/// Fills `buf` from the operating system's CSPRNG.
pub fn random_bytes(buf: &mut [u8]) -> Result<(), CryptoError> {
    getrandom::fill(buf).map_err(|_| CryptoError::Rng)
}
