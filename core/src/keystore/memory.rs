//! A key store that keeps its ECDSA P-256 keys (RustCrypto) in memory only, gone with the
//! process: the apps' demo mode ("try it without a card") and tests, where no hardware key store
//! is wanted. Keys are zeroized when removed or dropped.

use p256::ecdsa::signature::Signer;
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::EncodePublicKey;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::login::ProtectionLevel;
use crate::ports::{CreatedKey, KeyStore, KeyStoreError, SignPrompt};

/// Keys by label, in memory.
#[derive(Default)]
pub struct MemoryKeyStore {
    keys: Mutex<HashMap<String, SigningKey>>,
}

impl std::fmt::Debug for MemoryKeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryKeyStore").finish_non_exhaustive()
    }
}

fn unavailable(what: impl std::fmt::Display) -> KeyStoreError {
    KeyStoreError::Unavailable(what.to_string())
}

impl KeyStore for MemoryKeyStore {
    fn create(
        &self,
        label: &str,
        _user_verification: bool,
        _attestation_challenge: Option<Vec<u8>>,
    ) -> Result<CreatedKey, KeyStoreError> {
        let key = loop {
            let mut secret = zeroize::Zeroizing::new([0u8; 32]);
            getrandom::fill(secret.as_mut_slice()).map_err(|_| unavailable("no randomness"))?;
            if let Ok(key) = SigningKey::from_slice(secret.as_slice()) {
                break key;
            }
        };
        let public_key_spki = key
            .verifying_key()
            .to_public_key_der()
            .map_err(unavailable)?
            .into_vec();
        let mut keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        if keys.contains_key(label) {
            return Err(unavailable(format!("a key named {label:?} exists")));
        }
        keys.insert(label.to_owned(), key);
        Ok(CreatedKey {
            public_key_spki,
            attestation_chain: Vec::new(),
            protection_level: ProtectionLevel::Software,
        })
    }

    fn sign(
        &self,
        label: &str,
        payload: &[u8],
        _prompt: Option<SignPrompt>,
    ) -> Result<Vec<u8>, KeyStoreError> {
        let keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        let key = keys.get(label).ok_or(KeyStoreError::KeyInvalidated)?;
        let signature: DerSignature = key.sign(payload);
        Ok(signature.as_bytes().to_vec())
    }

    fn delete(&self, label: &str) -> Result<(), KeyStoreError> {
        self.keys
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(label);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::login::PublicKey;

    #[test]
    fn a_key_signs_until_it_is_deleted_and_labels_are_unique() {
        let store = MemoryKeyStore::default();
        let created = store.create("a", true, None).unwrap();
        let key = PublicKey::from_spki_der(&created.public_key_spki).unwrap();
        let signature = store.sign("a", b"payload", None).unwrap();
        assert!(key.verify(b"payload", &signature).is_ok());
        assert!(key.verify(b"other", &signature).is_err());
        assert!(store.create("a", false, None).is_err());
        store.delete("a").unwrap();
        assert_eq!(
            store.sign("a", b"payload", None),
            Err(KeyStoreError::KeyInvalidated)
        );
    }
}
