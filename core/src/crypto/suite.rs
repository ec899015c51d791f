//! The four secure-messaging cipher suites (3DES with retail MAC, AES-128/192/256 with CMAC):
//! CBC encryption, MACs and the send sequence counter's size.

use aes::{Aes128, Aes192, Aes256};
use cipher::block_padding::NoPadding;
use cipher::{Array, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, KeyInit, KeyIvInit};
use cmac::{Cmac, Mac};
use des::{Des, TdesEde2};
use retail_mac::RetailMac;
use thiserror::Error;

/// A failure inside a cryptographic operation (never an attacker-controlled detail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum CryptoError {
    /// A key of the wrong length for its cipher.
    #[error("key has the wrong length for the cipher")]
    KeyLength,
    /// Data that is not a whole number of cipher blocks.
    #[error("data is not a multiple of the block size")]
    BlockAlignment,
    /// The operating system's random number generator failed.
    #[error("the random number generator failed")]
    Rng,
}

/// The cipher suite of a secure-messaging session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SmCipher {
    /// Two-key 3DES in CBC mode with the ISO/IEC 9797-1 MAC algorithm 3 (retail MAC).
    Tdes,
    /// AES-128 in CBC mode with CMAC.
    Aes128,
    /// AES-192 in CBC mode with CMAC.
    Aes192,
    /// AES-256 in CBC mode with CMAC.
    Aes256,
}

impl SmCipher {
    /// The name used in reports: `3DES`, `AES-128`, `AES-192`, `AES-256`.
    pub fn name(self) -> &'static str {
        match self {
            SmCipher::Tdes => "3DES",
            SmCipher::Aes128 => "AES-128",
            SmCipher::Aes192 => "AES-192",
            SmCipher::Aes256 => "AES-256",
        }
    }

    /// Key length in bytes.
    pub fn key_len(self) -> usize {
        match self {
            SmCipher::Tdes | SmCipher::Aes128 => 16,
            SmCipher::Aes192 => 24,
            SmCipher::Aes256 => 32,
        }
    }

    /// Cipher block size in bytes, which is also the send sequence counter's size.
    pub fn block_size(self) -> usize {
        match self {
            SmCipher::Tdes => 8,
            _ => 16,
        }
    }

    /// CBC-encrypts block-aligned `data` with `iv` (no padding added).
    pub fn encrypt_cbc(self, key: &[u8], iv: &[u8], data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        self.check_aligned(data)?;
        Ok(match self {
            SmCipher::Tdes => cbc_encrypt::<TdesEde2>(key, iv, data)?,
            SmCipher::Aes128 => cbc_encrypt::<Aes128>(key, iv, data)?,
            SmCipher::Aes192 => cbc_encrypt::<Aes192>(key, iv, data)?,
            SmCipher::Aes256 => cbc_encrypt::<Aes256>(key, iv, data)?,
        })
    }

    /// CBC-decrypts block-aligned `data` with `iv` (padding left in place).
    pub fn decrypt_cbc(self, key: &[u8], iv: &[u8], data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        self.check_aligned(data)?;
        Ok(match self {
            SmCipher::Tdes => cbc_decrypt::<TdesEde2>(key, iv, data)?,
            SmCipher::Aes128 => cbc_decrypt::<Aes128>(key, iv, data)?,
            SmCipher::Aes192 => cbc_decrypt::<Aes192>(key, iv, data)?,
            SmCipher::Aes256 => cbc_decrypt::<Aes256>(key, iv, data)?,
        })
    }

    /// Encrypts one block in ECB mode (AES SM derives its IV as E(K_enc, SSC)).
    pub fn encrypt_block(self, key: &[u8], block: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if block.len() != self.block_size() {
            return Err(CryptoError::BlockAlignment);
        }
        Ok(match self {
            SmCipher::Tdes => ecb_block::<TdesEde2>(key, block)?,
            SmCipher::Aes128 => ecb_block::<Aes128>(key, block)?,
            SmCipher::Aes192 => ecb_block::<Aes192>(key, block)?,
            SmCipher::Aes256 => ecb_block::<Aes256>(key, block)?,
        })
    }

    /// The 8-byte MAC of `data`: retail MAC for 3DES (over already padded, block-aligned data),
    /// CMAC truncated to 8 bytes for AES (any length; CMAC pads internally).
    pub fn mac(self, key: &[u8], data: &[u8]) -> Result<[u8; 8], CryptoError> {
        if self == SmCipher::Tdes {
            self.check_aligned(data)?;
        }
        let full = match self {
            SmCipher::Tdes => mac_of::<RetailMac<Des>>(key, data)?,
            SmCipher::Aes128 => mac_of::<Cmac<Aes128>>(key, data)?,
            SmCipher::Aes192 => mac_of::<Cmac<Aes192>>(key, data)?,
            SmCipher::Aes256 => mac_of::<Cmac<Aes256>>(key, data)?,
        };
        let mut out = [0u8; 8];
        out.copy_from_slice(&full[..8]);
        Ok(out)
    }

    fn check_aligned(self, data: &[u8]) -> Result<(), CryptoError> {
        if data.len().is_multiple_of(self.block_size()) {
            Ok(())
        } else {
            Err(CryptoError::BlockAlignment)
        }
    }
}

fn cbc_encrypt<C>(key: &[u8], iv: &[u8], data: &[u8]) -> Result<Vec<u8>, CryptoError>
where
    C: BlockCipherEncrypt + KeyInit,
{
    let mode = cbc::Encryptor::<C>::new_from_slices(key, iv).map_err(|_| CryptoError::KeyLength)?;
    Ok(mode.encrypt_padded_vec::<NoPadding>(data))
}

fn cbc_decrypt<C>(key: &[u8], iv: &[u8], data: &[u8]) -> Result<Vec<u8>, CryptoError>
where
    C: cipher::BlockCipherDecrypt + KeyInit,
{
    let mode = cbc::Decryptor::<C>::new_from_slices(key, iv).map_err(|_| CryptoError::KeyLength)?;
    mode.decrypt_padded_vec::<NoPadding>(data)
        .map_err(|_| CryptoError::BlockAlignment)
}

fn ecb_block<C>(key: &[u8], block: &[u8]) -> Result<Vec<u8>, CryptoError>
where
    C: BlockCipherEncrypt + KeyInit,
{
    let cipher = C::new_from_slice(key).map_err(|_| CryptoError::KeyLength)?;
    let mut block: Array<u8, C::BlockSize> =
        Array::try_from(block).map_err(|_| CryptoError::BlockAlignment)?;
    cipher.encrypt_block(&mut block);
    Ok(block.to_vec())
}

fn mac_of<M: Mac + KeyInit>(key: &[u8], data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut mac = <M as KeyInit>::new_from_slice(key).map_err(|_| CryptoError::KeyLength)?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    #[test]
    fn retail_mac_matches_icao_appendix_d3() {
        // M_IFD = MAC(K_mac, pad(E_IFD)) from ICAO 9303-11 Appendix D.3.
        let k_mac = hex!("7962D9ECE03D1ACD4C76089DCE131543");
        let e_ifd = hex!("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2");
        let padded = crate::crypto::pad(&e_ifd, 8);
        assert_eq!(
            SmCipher::Tdes.mac(&k_mac, &padded).unwrap(),
            hex!("5F1448EEA8AD90A7")
        );
    }

    #[test]
    fn tdes_cbc_matches_icao_appendix_d3() {
        let k_enc = hex!("AB94FDECF2674FDFB9B391F85D7F76F2");
        let s = hex!("781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B");
        let e = SmCipher::Tdes.encrypt_cbc(&k_enc, &[0; 8], &s).unwrap();
        assert_eq!(
            e,
            hex!("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
        );
        assert_eq!(SmCipher::Tdes.decrypt_cbc(&k_enc, &[0; 8], &e).unwrap(), s);
    }

    #[test]
    fn rejects_wrong_key_and_alignment() {
        assert_eq!(
            SmCipher::Aes128.mac(&[0; 15], &[0; 16]),
            Err(CryptoError::KeyLength)
        );
        assert_eq!(
            SmCipher::Aes256.encrypt_cbc(&[0; 32], &[0; 16], &[0; 17]),
            Err(CryptoError::BlockAlignment)
        );
        assert_eq!(
            SmCipher::Aes192
                .encrypt_block(&[0; 24], &[0; 16])
                .unwrap()
                .len(),
            16
        );
    }
}
