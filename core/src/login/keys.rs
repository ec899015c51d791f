//! Device and gateway public keys: ECDSA P-256 keys carried as SubjectPublicKeyInfo (DER), named
//! by a key id (the base64url SHA-256 of the SPKI), and ES256 signature checks with DER
//! signatures as Android Keystore and the Secure Enclave produce them.

use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{DerSignature, VerifyingKey};
use p256::pkcs8::{DecodePublicKey, EncodePublicKey};
use sha2::{Digest, Sha256};
use thiserror::Error;

use super::canonical::b64url;

/// Why a key or a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    /// The bytes are not the SPKI of a P-256 public key.
    #[error("not a P-256 SubjectPublicKeyInfo")]
    NotP256Spki,
    /// The bytes are not a DER ECDSA signature.
    #[error("not a DER ECDSA signature")]
    MalformedSignature,
    /// The signature does not verify under the key.
    #[error("the signature does not verify")]
    BadSignature,
}

/// An ECDSA P-256 public key with its SPKI encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    key: VerifyingKey,
    spki: Vec<u8>,
}

impl PublicKey {
    /// Parses a DER SubjectPublicKeyInfo of a P-256 key (id-ecPublicKey with the prime256v1
    /// named curve).
    ///
    /// # Errors
    /// [`KeyError::NotP256Spki`] for anything else.
    pub fn from_spki_der(spki: &[u8]) -> Result<Self, KeyError> {
        let key = VerifyingKey::from_public_key_der(spki).map_err(|_| KeyError::NotP256Spki)?;
        // Re-encode so the stored form is canonical whatever equivalent DER came in.
        let spki = key
            .to_public_key_der()
            .map_err(|_| KeyError::NotP256Spki)?
            .as_bytes()
            .to_vec();
        Ok(Self { key, spki })
    }

    /// The canonical DER SubjectPublicKeyInfo.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki
    }

    /// The key id: unpadded base64url of SHA-256 over the SPKI (43 characters).
    pub fn key_id(&self) -> String {
        b64url(&Sha256::digest(&self.spki))
    }

    /// Checks a DER ECDSA signature over `message` (hashed with SHA-256).
    ///
    /// # Errors
    /// [`KeyError::MalformedSignature`] or [`KeyError::BadSignature`].
    pub fn verify(&self, message: &[u8], signature_der: &[u8]) -> Result<(), KeyError> {
        let signature =
            DerSignature::try_from(signature_der).map_err(|_| KeyError::MalformedSignature)?;
        self.key
            .verify(message, &signature)
            .map_err(|_| KeyError::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::SigningKey;
    use p256::ecdsa::signature::Signer;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_slice(&[seed; 32]).unwrap()
    }

    fn spki(signing: &SigningKey) -> Vec<u8> {
        signing
            .verifying_key()
            .to_public_key_der()
            .unwrap()
            .as_bytes()
            .to_vec()
    }

    #[test]
    fn a_signature_verifies_only_under_its_key_and_message() {
        let signing = key(7);
        let public = PublicKey::from_spki_der(&spki(&signing)).unwrap();
        let signature: DerSignature = signing.sign(b"approve");
        assert_eq!(public.verify(b"approve", signature.as_bytes()), Ok(()));
        assert_eq!(
            public.verify(b"approve!", signature.as_bytes()),
            Err(KeyError::BadSignature)
        );
        let other = PublicKey::from_spki_der(&spki(&key(8))).unwrap();
        assert_eq!(
            other.verify(b"approve", signature.as_bytes()),
            Err(KeyError::BadSignature)
        );
        assert_eq!(
            public.verify(b"approve", &[0x30, 0x02, 0x01]),
            Err(KeyError::MalformedSignature)
        );
    }

    #[test]
    fn key_ids_are_stable_and_distinct() {
        let a = PublicKey::from_spki_der(&spki(&key(1))).unwrap();
        let b = PublicKey::from_spki_der(&spki(&key(2))).unwrap();
        assert_eq!(a.key_id().len(), 43);
        assert_eq!(a.key_id(), a.clone().key_id());
        assert_ne!(a.key_id(), b.key_id());
    }

    #[test]
    fn non_p256_keys_are_refused() {
        assert_eq!(
            PublicKey::from_spki_der(b"\x30\x03\x02\x01\x00"),
            Err(KeyError::NotP256Spki)
        );
        let brainpool =
            elliptic_curve::SecretKey::<bp384::BrainpoolP384r1>::from_slice(&[5; 48]).unwrap();
        let der = brainpool.public_key().to_public_key_der().unwrap();
        assert_eq!(
            PublicKey::from_spki_der(der.as_bytes()),
            Err(KeyError::NotP256Spki)
        );
    }
}
