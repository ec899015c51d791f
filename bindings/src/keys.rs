//! The platform's key store as the core's `KeyStore` port: non-exportable ECDSA P-256 keys by
//! label (Android Keystore with StrongBox or TEE, the iOS Secure Enclave). The core calls it on
//! its worker thread; an adapter that must show a biometric prompt posts it to the UI thread and
//! blocks only that worker until the user answers. An in-memory key store is exported for the
//! demo mode and tests.

use egate_core::keystore::MemoryKeyStore;
use egate_core::login::ProtectionLevel;
use egate_core::ports::{CreatedKey, KeyStoreError, SignPrompt};
use std::sync::Arc;

use crate::key_prompt::KeyPrompt;

/// Why the key store could not do what was asked, as a shell acts on it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum KeyFailure {
    /// The user dismissed the biometric or credential prompt.
    #[error("the user cancelled")]
    UserCancelled,
    /// The key can no longer be used (new biometrics were enrolled): register again by ID.
    #[error("the key was invalidated")]
    KeyInvalidated,
    /// The key store cannot be used now.
    #[error("the key store is unavailable: {reason}")]
    Unavailable {
        /// The platform's reason.
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for KeyFailure {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Unavailable {
            reason: error.reason,
        }
    }
}

impl From<KeyFailure> for KeyStoreError {
    fn from(failure: KeyFailure) -> Self {
        match failure {
            KeyFailure::UserCancelled => Self::UserCancelled,
            KeyFailure::KeyInvalidated => Self::KeyInvalidated,
            KeyFailure::Unavailable { reason } => Self::Unavailable(reason),
        }
    }
}

impl From<KeyStoreError> for KeyFailure {
    fn from(error: KeyStoreError) -> Self {
        match error {
            KeyStoreError::UserCancelled => Self::UserCancelled,
            KeyStoreError::KeyInvalidated => Self::KeyInvalidated,
            KeyStoreError::Unavailable(reason) => Self::Unavailable { reason },
        }
    }
}

/// Where a key lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KeyProtection {
    /// Android StrongBox, with a Key Attestation chain.
    AttestedStrongbox,
    /// Android TEE, with a Key Attestation chain.
    AttestedTee,
    /// Apple Secure Enclave, with App Attest.
    AttestedSecureEnclave,
    /// Hardware-backed by the platform's word, without attestation.
    ClaimedHardware,
    /// A software key.
    Software,
}

impl From<KeyProtection> for ProtectionLevel {
    fn from(level: KeyProtection) -> Self {
        match level {
            KeyProtection::AttestedStrongbox => Self::AttestedStrongbox,
            KeyProtection::AttestedTee => Self::AttestedTee,
            KeyProtection::AttestedSecureEnclave => Self::AttestedSecureEnclave,
            KeyProtection::ClaimedHardware => Self::ClaimedHardware,
            KeyProtection::Software => Self::Software,
        }
    }
}

impl From<ProtectionLevel> for KeyProtection {
    fn from(level: ProtectionLevel) -> Self {
        match level {
            ProtectionLevel::AttestedStrongbox => Self::AttestedStrongbox,
            ProtectionLevel::AttestedTee => Self::AttestedTee,
            ProtectionLevel::AttestedSecureEnclave => Self::AttestedSecureEnclave,
            ProtectionLevel::ClaimedHardware => Self::ClaimedHardware,
            ProtectionLevel::Software => Self::Software,
        }
    }
}

/// A key just created.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewKey {
    /// DER SubjectPublicKeyInfo of the P-256 key.
    pub public_key_spki: Vec<u8>,
    /// The attestation chain, leaf first (or the App Attest object); empty when none.
    pub attestation_chain: Vec<Vec<u8>>,
    /// Where the key lives.
    pub protection: KeyProtection,
}

/// The platform's key store.
#[uniffi::export(with_foreign)]
pub trait KeyStore: Send + Sync {
    /// Creates a P-256 key under `label`; with `user_verification` every use needs the
    /// user's biometrics or device credential; with `attestation_challenge` the platform
    /// attests the key over it.
    fn create(
        &self,
        label: String,
        user_verification: bool,
        attestation_challenge: Option<Vec<u8>>,
    ) -> Result<NewKey, KeyFailure>;

    /// Signs `payload` (ECDSA P-256, SHA-256) with key `label`; answers the DER signature.
    fn sign(
        &self,
        label: String,
        payload: Vec<u8>,
        prompt: Option<KeyPrompt>,
    ) -> Result<Vec<u8>, KeyFailure>;

    /// Deletes key `label` (a missing key is not an error).
    fn delete(&self, label: String) -> Result<(), KeyFailure>;
}

/// The shell's key store as the core's port.
pub(crate) struct PlatformKeys(pub(crate) Arc<dyn KeyStore>);

impl egate_core::ports::KeyStore for PlatformKeys {
    fn create(
        &self,
        label: &str,
        user_verification: bool,
        attestation_challenge: Option<Vec<u8>>,
    ) -> Result<CreatedKey, KeyStoreError> {
        let key = self
            .0
            .create(label.to_owned(), user_verification, attestation_challenge)?;
        Ok(CreatedKey {
            public_key_spki: key.public_key_spki,
            attestation_chain: key.attestation_chain,
            protection_level: key.protection.into(),
        })
    }

    fn sign(
        &self,
        label: &str,
        payload: &[u8],
        prompt: Option<SignPrompt>,
    ) -> Result<Vec<u8>, KeyStoreError> {
        let prompt = prompt.map(KeyPrompt::from);
        Ok(self.0.sign(label.to_owned(), payload.to_vec(), prompt)?)
    }

    fn delete(&self, label: &str) -> Result<(), KeyStoreError> {
        Ok(self.0.delete(label.to_owned())?)
    }
}

/// The core's in-memory key store (RustCrypto P-256, gone with the process).
#[derive(Debug, Default, uniffi::Object)]
pub struct DemoKeys(MemoryKeyStore);

#[uniffi::export]
impl KeyStore for DemoKeys {
    fn create(
        &self,
        label: String,
        user_verification: bool,
        attestation_challenge: Option<Vec<u8>>,
    ) -> Result<NewKey, KeyFailure> {
        let key = egate_core::ports::KeyStore::create(
            &self.0,
            &label,
            user_verification,
            attestation_challenge,
        )?;
        Ok(NewKey {
            public_key_spki: key.public_key_spki,
            attestation_chain: key.attestation_chain,
            protection: key.protection_level.into(),
        })
    }

    fn sign(
        &self,
        label: String,
        payload: Vec<u8>,
        prompt: Option<KeyPrompt>,
    ) -> Result<Vec<u8>, KeyFailure> {
        let prompt = prompt.map(SignPrompt::from);
        Ok(egate_core::ports::KeyStore::sign(
            &self.0, &label, &payload, prompt,
        )?)
    }

    fn delete(&self, label: String) -> Result<(), KeyFailure> {
        Ok(egate_core::ports::KeyStore::delete(&self.0, &label)?)
    }
}

/// A key store whose keys live in memory only, for the demo mode ("try it without a card") and
/// tests: nothing is kept on the phone, and nothing is hardware-backed.
#[uniffi::export]
pub fn demo_key_store() -> Arc<dyn KeyStore> {
    Arc::new(DemoKeys::default())
}
