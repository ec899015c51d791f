//! Session keys and the send sequence counter, with the keyed operations both ends of a secure
//! channel share (IV derivation, data encryption, MAC over SSC and data).

use super::SmError;
use crate::crypto::{CryptoError, SmCipher, pad, unpad};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// K_enc and K_mac of a secure-messaging session; zeroized on drop.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SessionKeys {
    #[zeroize(skip)]
    cipher: SmCipher,
    k_enc: Vec<u8>,
    k_mac: Vec<u8>,
}

impl std::fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SessionKeys({}, <redacted>)", self.cipher.name())
    }
}

impl SessionKeys {
    /// Session keys for `cipher`; both keys must have the cipher's key length.
    pub fn new(cipher: SmCipher, k_enc: &[u8], k_mac: &[u8]) -> Result<Self, CryptoError> {
        if k_enc.len() != cipher.key_len() || k_mac.len() != cipher.key_len() {
            return Err(CryptoError::KeyLength);
        }
        Ok(Self {
            cipher,
            k_enc: k_enc.to_vec(),
            k_mac: k_mac.to_vec(),
        })
    }

    /// The cipher suite.
    pub fn cipher(&self) -> SmCipher {
        self.cipher
    }

    /// The CBC IV for a message under `ssc`: zero for 3DES, E(K_enc, SSC) for AES.
    fn iv(&self, ssc: &Ssc) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        Ok(Zeroizing::new(match self.cipher {
            SmCipher::Tdes => vec![0; 8],
            _ => self.cipher.encrypt_block(&self.k_enc, ssc.as_bytes())?,
        }))
    }

    /// Pads and encrypts `plain` for a message under `ssc`.
    pub fn encrypt(&self, ssc: &Ssc, plain: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let padded = Zeroizing::new(pad(plain, self.cipher.block_size()));
        self.cipher
            .encrypt_cbc(&self.k_enc, &self.iv(ssc)?, &padded)
    }

    /// Decrypts `cryptogram` under `ssc` and removes its padding.
    pub fn decrypt(&self, ssc: &Ssc, cryptogram: &[u8]) -> Result<Vec<u8>, SmError> {
        let iv = self.iv(ssc)?;
        let padded = Zeroizing::new(
            self.cipher
                .decrypt_cbc(&self.k_enc, &iv, cryptogram)
                .map_err(|_| SmError::Malformed("cryptogram is not block aligned"))?,
        );
        unpad(&padded)
            .map(<[u8]>::to_vec)
            .ok_or(SmError::BadPadding)
    }

    /// The 8-byte MAC over pad(SSC ‖ `data`).
    pub fn mac(&self, ssc: &Ssc, data: &[u8]) -> Result<[u8; 8], CryptoError> {
        let mut input = Vec::with_capacity(ssc.as_bytes().len() + data.len() + 16);
        input.extend_from_slice(ssc.as_bytes());
        input.extend_from_slice(data);
        self.cipher
            .mac(&self.k_mac, &pad(&input, self.cipher.block_size()))
    }
}

/// The send sequence counter: a big-endian integer of the cipher's block size; zeroized on drop.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Ssc(Vec<u8>);

impl std::fmt::Debug for Ssc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Ssc(<redacted>)")
    }
}

impl Ssc {
    /// A counter from its bytes (8 for 3DES, 16 for AES).
    pub fn from_bytes(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }

    /// A zero counter for `cipher` (PACE and Chip Authentication start at 0).
    pub fn zero(cipher: SmCipher) -> Self {
        Self(vec![0; cipher.block_size()])
    }

    /// The counter's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Adds one, wrapping at the maximum.
    pub fn increment(&mut self) {
        for byte in self.0.iter_mut().rev() {
            let (next, carry) = byte.overflowing_add(1);
            *byte = next;
            if !carry {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_increments_with_carry() {
        let mut ssc = Ssc::from_bytes(&[0x00, 0xFF, 0xFF]);
        ssc.increment();
        assert_eq!(ssc.as_bytes(), [0x01, 0x00, 0x00]);
        let mut max = Ssc::from_bytes(&[0xFF, 0xFF]);
        max.increment();
        assert_eq!(max.as_bytes(), [0, 0]);
    }

    #[test]
    fn keys_must_fit_the_cipher_and_stay_out_of_debug_output() {
        assert!(SessionKeys::new(SmCipher::Aes256, &[1; 16], &[1; 16]).is_err());
        let keys = SessionKeys::new(SmCipher::Aes128, &[0xAB; 16], &[0xCD; 16]).unwrap();
        let shown = format!("{keys:?}");
        assert!(
            !shown.contains("171") && !shown.to_lowercase().contains("ab"),
            "{shown}"
        );
    }
}
