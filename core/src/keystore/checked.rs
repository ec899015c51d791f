//! Signing with a platform key and checking the answer: a key store that returns a signature
//! the registered public key does not verify (a swapped or broken key) is caught here, before
//! anything is sent.

use thiserror::Error;

use crate::login::{KeyError, PublicKey};
use crate::ports::{KeyStore, KeyStoreError, SignPrompt};

/// Why a device signature could not be made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DeviceKeyError {
    /// The platform key store refused or failed.
    #[error(transparent)]
    KeyStore(#[from] KeyStoreError),
    /// The platform's signature does not verify under the registered key.
    #[error("the key store's signature does not match the registered key: {0}")]
    Mismatch(KeyError),
}

/// Signs `payload` with the key `label` and checks the DER signature against `registered`.
///
/// # Errors
/// [`DeviceKeyError`].
pub fn sign_checked(
    store: &dyn KeyStore,
    label: &str,
    registered: &PublicKey,
    payload: &[u8],
    prompt: Option<SignPrompt>,
) -> Result<Vec<u8>, DeviceKeyError> {
    let signature = store.sign(label, payload, prompt)?;
    registered
        .verify(payload, &signature)
        .map_err(DeviceKeyError::Mismatch)?;
    Ok(signature)
}
