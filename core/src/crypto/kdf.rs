//! The ICAO 9303-11 key derivation function KDF(K, c) for BAC, PACE and CA session keys.

use super::SmCipher;
use sha1::{Digest, Sha1};
use sha2::Sha256;
use zeroize::Zeroizing;

/// The counter `c` of the KDF, which selects the key's purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdfCounter {
    /// 1: encryption key.
    Enc = 1,
    /// 2: MAC key.
    Mac = 2,
    /// 3: PACE password key K_π.
    Pace = 3,
}

/// Derives a key for `cipher` from the shared secret `secret`: SHA-1 for 3DES and AES-128,
/// SHA-256 for AES-192/256, truncated to the key length; 3DES keys get odd DES parity.
pub fn derive_key(cipher: SmCipher, secret: &[u8], counter: KdfCounter) -> Zeroizing<Vec<u8>> {
    let c = (counter as u32).to_be_bytes();
    let mut key = Zeroizing::new(match cipher {
        SmCipher::Tdes | SmCipher::Aes128 => Sha1::new()
            .chain_update(secret)
            .chain_update(c)
            .finalize()
            .to_vec(),
        SmCipher::Aes192 | SmCipher::Aes256 => Sha256::new()
            .chain_update(secret)
            .chain_update(c)
            .finalize()
            .to_vec(),
    });
    key.truncate(cipher.key_len());
    if cipher == SmCipher::Tdes {
        for byte in key.iter_mut() {
            *byte = with_odd_parity(*byte);
        }
    }
    key
}

fn with_odd_parity(byte: u8) -> u8 {
    let high = byte & 0xFE;
    if high.count_ones().is_multiple_of(2) {
        high | 1
    } else {
        high
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    #[test]
    fn icao_appendix_d2_bac_keys() {
        let k_seed = hex!("239AB9CB282DAF66231DC5A4DF6BFBAE");
        assert_eq!(
            *derive_key(SmCipher::Tdes, &k_seed, KdfCounter::Enc),
            hex!("AB94FDECF2674FDFB9B391F85D7F76F2")
        );
        assert_eq!(
            *derive_key(SmCipher::Tdes, &k_seed, KdfCounter::Mac),
            hex!("7962D9ECE03D1ACD4C76089DCE131543")
        );
    }

    #[test]
    fn icao_appendix_g1_pace_password_key() {
        let k = hex!("7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD");
        assert_eq!(
            *derive_key(SmCipher::Aes128, &k, KdfCounter::Pace),
            hex!("89DED1B26624EC1E634C1989302849DD")
        );
    }

    #[test]
    fn aes_256_uses_sha256_full_length() {
        let key = derive_key(SmCipher::Aes256, b"secret", KdfCounter::Enc);
        assert_eq!(key.len(), 32);
        let key192 = derive_key(SmCipher::Aes192, b"secret", KdfCounter::Enc);
        assert_eq!(&key[..24], &key192[..]);
    }
}
