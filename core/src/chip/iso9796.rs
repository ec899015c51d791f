//! RSA Active Authentication (ICAO 9303-11 §6.1): ISO/IEC 9796-2 digital signature scheme 1
//! with partial message recovery — the recovered representative `6A ‖ M1 ‖ H ‖ trailer` checked
//! against the hash of `M1 ‖ challenge`.

use super::AaError;
use crate::lds::digest;
use der::Decode;
use der::asn1::ObjectIdentifier;
use rsa::hazmat::rsa_encrypt;
use rsa::pkcs1::RsaPublicKeyRef;
use rsa::traits::PublicKeyParts;
use rsa::{BoxedUint, PublicKey};
use spki::SubjectPublicKeyInfoRef;
use subtle::ConstantTimeEq;

/// The smallest modulus accepted, in bits.
const MIN_RSA_BITS: usize = 1024;
/// The header byte of a partial-recovery representative without padding.
const HEADER_PARTIAL_RECOVERY: u8 = 0x6A;
/// The one-byte trailer: SHA-1, implicit.
const TRAILER_IMPLICIT: u8 = 0xBC;
/// The last byte of a two-byte trailer, after the hash identifier.
const TRAILER_EXPLICIT: u8 = 0xCC;

/// The hash named by a two-byte trailer's ISO/IEC 10118-3 identifier.
fn hash_of_identifier(identifier: u8) -> Result<ObjectIdentifier, AaError> {
    let oid = match identifier {
        0x33 => "1.3.14.3.2.26",
        0x38 => "2.16.840.1.101.3.4.2.4",
        0x34 => "2.16.840.1.101.3.4.2.1",
        0x36 => "2.16.840.1.101.3.4.2.2",
        0x35 => "2.16.840.1.101.3.4.2.3",
        _ => return Err(AaError::HashIdentifier(identifier)),
    };
    Ok(ObjectIdentifier::new_unwrap(oid))
}

/// The DG15 RSA key, refused below 1024 bits.
fn public_key(spki: &[u8]) -> Result<PublicKey, AaError> {
    let info = SubjectPublicKeyInfoRef::from_der(spki).map_err(|_| AaError::InvalidKey)?;
    let pkcs1 = info
        .subject_public_key
        .as_bytes()
        .ok_or(AaError::InvalidKey)?;
    let components = RsaPublicKeyRef::from_der(pkcs1).map_err(|_| AaError::InvalidKey)?;
    let n = components.modulus.as_bytes();
    let leading = n.iter().take_while(|b| **b == 0).count();
    let bits = n.get(leading).map_or(0, |first| {
        (n.len() - leading) * 8 - first.leading_zeros() as usize
    });
    if bits < MIN_RSA_BITS {
        return Err(AaError::KeyTooSmall(bits));
    }
    PublicKey::try_from(info).map_err(|_| AaError::InvalidKey)
}

/// `challenge` signed under scheme 1 by the holder of the DG15 RSA key in `spki`: the
/// representative is recovered as `s^e mod n`, or `n − s^e mod n` when the signer sent `n − s`
/// (ISO/IEC 9796-2 takes the smaller of the two as the signature).
pub(super) fn verify(spki: &[u8], challenge: &[u8], signature: &[u8]) -> Result<(), AaError> {
    let key = public_key(spki)?;
    let n = key.n().as_ref();
    let s = BoxedUint::from_be_slice(signature, key.n_bits_precision())
        .map_err(|_| AaError::SignatureRange)?;
    if s >= *n {
        return Err(AaError::SignatureRange);
    }
    let recovered = rsa_encrypt(&key, &s).map_err(|_| AaError::SignatureRange)?;
    let direct = recovered.to_be_bytes();
    let bytes = if direct.last().is_some_and(|b| b & 0x0F == 0x0C) {
        direct
    } else {
        n.wrapping_sub(&recovered).to_be_bytes()
    };
    let k = key.size();
    let f = &bytes[bytes.len().saturating_sub(k)..];
    check_representative(f, challenge)
}

/// Checks the representative `F = 6A ‖ M1 ‖ H ‖ trailer` against `challenge` (M2).
fn check_representative(f: &[u8], challenge: &[u8]) -> Result<(), AaError> {
    let (trailer_len, hash) = match f {
        [.., TRAILER_IMPLICIT] => (1, ObjectIdentifier::new_unwrap("1.3.14.3.2.26")),
        [.., identifier, TRAILER_EXPLICIT] => (2, hash_of_identifier(*identifier)?),
        [.., last] => return Err(AaError::Trailer(*last)),
        [] => return Err(AaError::Trailer(0)),
    };
    if f[0] != HEADER_PARTIAL_RECOVERY {
        return Err(AaError::Header(f[0]));
    }
    let digest_of = |data: &[u8]| digest(&hash, data).map_err(|_| AaError::Algorithm(hash));
    let hash_len = digest_of(&[])?.len();
    let m1_end = f
        .len()
        .checked_sub(trailer_len + hash_len)
        .filter(|end| *end >= 1)
        .ok_or(AaError::SignatureRange)?;
    let m1 = &f[1..m1_end];
    let recovered_hash = &f[m1_end..f.len() - trailer_len];
    let expected = digest_of(&[m1, challenge].concat())?;
    if bool::from(expected.ct_eq(recovered_hash)) {
        Ok(())
    } else {
        Err(AaError::DigestMismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha20Rng;
    use rand_chacha::rand_core::SeedableRng;
    use rsa::PrivateKey;
    use rsa::hazmat::rsa_decrypt_and_check;
    use rsa::pkcs8::EncodePublicKey;
    use sha1::Sha1;
    use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};
    use std::sync::LazyLock;

    const CHALLENGE: [u8; 8] = *b"SRVNONCE";

    /// A hash function as the test signer uses it.
    type Hash = fn(&[u8]) -> Vec<u8>;

    static KEY: LazyLock<PrivateKey> = LazyLock::new(|| {
        PrivateKey::new(&mut ChaCha20Rng::seed_from_u64(9796), 1024).expect("key generation")
    });

    fn spki(key: &PrivateKey) -> Vec<u8> {
        key.to_public_key()
            .to_public_key_der()
            .unwrap()
            .as_bytes()
            .to_vec()
    }

    /// A test signer: `F = 6A ‖ M1 ‖ H(M1 ‖ challenge) ‖ trailer`, signed raw, optionally
    /// sent as `n − s`.
    fn sign(
        key: &PrivateKey,
        hash: Hash,
        trailer: &[u8],
        challenge: &[u8],
        complement: bool,
    ) -> Vec<u8> {
        let k = key.size();
        let hash_len = hash(&[]).len();
        let m1: Vec<u8> = (0..k - 1 - hash_len - trailer.len())
            .map(|i| i as u8)
            .collect();
        let mut f = vec![HEADER_PARTIAL_RECOVERY];
        f.extend_from_slice(&m1);
        f.extend(hash(&[&m1[..], challenge].concat()));
        f.extend_from_slice(trailer);
        let f = BoxedUint::from_be_slice(&f, key.n_bits_precision()).unwrap();
        let mut s =
            rsa_decrypt_and_check(key, None::<&mut ChaCha20Rng>, &f).expect("private operation");
        if complement {
            s = key.n().as_ref().wrapping_sub(&s);
        }
        let bytes = s.to_be_bytes();
        bytes[bytes.len() - k..].to_vec()
    }

    fn sha1(data: &[u8]) -> Vec<u8> {
        Sha1::digest(data).to_vec()
    }

    #[test]
    fn every_trailer_verifies_and_a_tampered_answer_fails() {
        let hashes: [(Hash, &[u8]); 6] = [
            (sha1, &[0xBC]),
            (sha1, &[0x33, 0xCC]),
            (|d| Sha224::digest(d).to_vec(), &[0x38, 0xCC]),
            (|d| Sha256::digest(d).to_vec(), &[0x34, 0xCC]),
            (|d| Sha384::digest(d).to_vec(), &[0x36, 0xCC]),
            (|d| Sha512::digest(d).to_vec(), &[0x35, 0xCC]),
        ];
        let spki = spki(&KEY);
        for (hash, trailer) in hashes {
            for complement in [false, true] {
                let signature = sign(&KEY, hash, trailer, &CHALLENGE, complement);
                assert_eq!(
                    verify(&spki, &CHALLENGE, &signature),
                    Ok(()),
                    "{trailer:02X?}"
                );
                assert_eq!(
                    verify(&spki, b"OTHERONE", &signature),
                    Err(AaError::DigestMismatch)
                );
                let mut tampered = signature.clone();
                tampered[40] ^= 0x01;
                assert!(verify(&spki, &CHALLENGE, &tampered).is_err());
            }
        }
    }

    #[test]
    fn malformed_representatives_are_typed_errors() {
        let spki = spki(&KEY);
        let unknown_hash = sign(&KEY, sha1, &[0x31, 0xCC], &CHALLENGE, false);
        assert_eq!(
            verify(&spki, &CHALLENGE, &unknown_hash),
            Err(AaError::HashIdentifier(0x31))
        );
        let mut f = vec![HEADER_PARTIAL_RECOVERY; KEY.size()];
        *f.last_mut().unwrap() = 0x5C;
        assert_eq!(
            check_representative(&f, &CHALLENGE),
            Err(AaError::Trailer(0x5C))
        );
        f[0] = 0x4A;
        *f.last_mut().unwrap() = TRAILER_IMPLICIT;
        assert_eq!(
            check_representative(&f, &CHALLENGE),
            Err(AaError::Header(0x4A))
        );
        let too_long = vec![0xFF; KEY.size() + 1];
        assert_eq!(
            verify(&spki, &CHALLENGE, &too_long),
            Err(AaError::SignatureRange)
        );
        let at_modulus = KEY.n().as_ref().to_be_bytes();
        assert_eq!(
            verify(&spki, &CHALLENGE, &at_modulus),
            Err(AaError::SignatureRange)
        );
    }

    #[test]
    fn keys_below_1024_bits_are_refused() {
        let small = PrivateKey::new_unchecked(&mut ChaCha20Rng::seed_from_u64(512), 512)
            .expect("key generation");
        assert_eq!(
            verify(&spki(&small), &CHALLENGE, &[1]),
            Err(AaError::KeyTooSmall(512))
        );
        assert_eq!(
            verify(&[0x30, 0x00], &CHALLENGE, &[1]),
            Err(AaError::InvalidKey)
        );
    }
}
