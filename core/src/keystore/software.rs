//! A software key store: ECDSA P-256 keys made by ring, each kept in its own file as PKCS#8
//! sealed with AES-256-GCM under a wrapping key the caller supplies (derived from a passphrase on
//! desktop). The label and the user-verification flag are bound as associated data, so a file
//! renamed or edited fails to open. Key material is wiped from memory after each use.

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use zeroize::Zeroize;

use crate::login::ProtectionLevel;
use crate::ports::{CreatedKey, KeyStore, KeyStoreError, SignPrompt};

/// The header of a sealed key file (format version 1).
const MAGIC: &[u8; 4] = b"EGK1";
/// The DER prefix of a P-256 SubjectPublicKeyInfo before the 65-byte uncompressed point.
const P256_SPKI_PREFIX: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];

/// Keys sealed in files under one directory.
pub struct SoftwareKeyStore {
    dir: PathBuf,
    wrapping: LessSafeKey,
    random: SystemRandom,
}

impl std::fmt::Debug for SoftwareKeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoftwareKeyStore")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

fn unavailable(what: impl std::fmt::Display) -> KeyStoreError {
    KeyStoreError::Unavailable(what.to_string())
}

impl SoftwareKeyStore {
    /// A store in `dir` (created if missing) sealing keys under `wrapping_key`.
    ///
    /// # Errors
    /// [`KeyStoreError::Unavailable`] when the directory cannot be created.
    pub fn open(dir: &Path, wrapping_key: &[u8; 32]) -> Result<Self, KeyStoreError> {
        std::fs::create_dir_all(dir).map_err(|e| unavailable(format!("{}: {e}", dir.display())))?;
        let key =
            UnboundKey::new(&AES_256_GCM, wrapping_key).map_err(|_| unavailable("wrapping key"))?;
        Ok(Self {
            dir: dir.to_owned(),
            wrapping: LessSafeKey::new(key),
            random: SystemRandom::new(),
        })
    }

    fn path(&self, label: &str) -> PathBuf {
        self.dir.join(format!(
            "{}.key",
            hex_lower(&Sha256::digest(label.as_bytes()))
        ))
    }

    fn aad(label: &str, user_verification: bool) -> Vec<u8> {
        let mut aad = label.as_bytes().to_vec();
        aad.push(u8::from(user_verification));
        aad
    }

    fn seal(
        &self,
        label: &str,
        user_verification: bool,
        pkcs8: &[u8],
    ) -> Result<Vec<u8>, KeyStoreError> {
        let mut nonce = [0u8; 12];
        self.random
            .fill(&mut nonce)
            .map_err(|_| unavailable("no randomness"))?;
        let mut sealed = pkcs8.to_vec();
        self.wrapping
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(Self::aad(label, user_verification)),
                &mut sealed,
            )
            .map_err(|_| unavailable("sealing failed"))?;
        let mut file = Vec::with_capacity(4 + 1 + 12 + sealed.len());
        file.extend_from_slice(MAGIC);
        file.push(u8::from(user_verification));
        file.extend_from_slice(&nonce);
        file.extend_from_slice(&sealed);
        Ok(file)
    }

    /// Opens the sealed key `label` and runs `use_key` on the key pair.
    fn with_key<T>(
        &self,
        label: &str,
        use_key: impl FnOnce(&EcdsaKeyPair) -> Result<T, KeyStoreError>,
    ) -> Result<T, KeyStoreError> {
        let path = self.path(label);
        let file = std::fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => KeyStoreError::KeyInvalidated,
            _ => unavailable(format!("{}: {e}", path.display())),
        })?;
        if file.len() < 4 + 1 + 12 + 16 || &file[..4] != MAGIC {
            return Err(KeyStoreError::KeyInvalidated);
        }
        let user_verification = file[4] == 1;
        let nonce = Nonce::try_assume_unique_for_key(&file[5..17])
            .map_err(|_| KeyStoreError::KeyInvalidated)?;
        let mut sealed = file[17..].to_vec();
        let opened = self
            .wrapping
            .open_in_place(
                nonce,
                Aad::from(Self::aad(label, user_verification)),
                &mut sealed,
            )
            .map_err(|_| KeyStoreError::KeyInvalidated);
        let result = opened.and_then(|pkcs8| {
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8, &self.random)
                .map_err(|_| KeyStoreError::KeyInvalidated)
                .and_then(|pair| use_key(&pair))
        });
        sealed.zeroize();
        result
    }
}

impl KeyStore for SoftwareKeyStore {
    fn create(
        &self,
        label: &str,
        user_verification: bool,
        _attestation_challenge: Option<Vec<u8>>,
    ) -> Result<CreatedKey, KeyStoreError> {
        let document = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &self.random)
            .map_err(|_| unavailable("key generation failed"))?;
        let pair = EcdsaKeyPair::from_pkcs8(
            &ECDSA_P256_SHA256_ASN1_SIGNING,
            document.as_ref(),
            &self.random,
        )
        .map_err(|_| unavailable("key generation failed"))?;
        let mut public_key_spki = P256_SPKI_PREFIX.to_vec();
        public_key_spki.extend_from_slice(pair.public_key().as_ref());
        let sealed = self.seal(label, user_verification, document.as_ref())?;
        let path = self.path(label);
        write_new(&path, &sealed).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                unavailable(format!("a key named {label:?} exists"))
            }
            _ => unavailable(format!("{}: {e}", path.display())),
        })?;
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
        self.with_key(label, |pair| {
            pair.sign(&self.random, payload)
                .map(|signature| signature.as_ref().to_vec())
                .map_err(|_| unavailable("signing failed"))
        })
    }

    fn delete(&self, label: &str) -> Result<(), KeyStoreError> {
        let path = self.path(label);
        match std::fs::metadata(&path) {
            Ok(meta) => {
                let zeros = vec![0u8; usize::try_from(meta.len()).unwrap_or(0)];
                let _ = std::fs::write(&path, zeros);
                std::fs::remove_file(&path)
                    .map_err(|e| unavailable(format!("{}: {e}", path.display())))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(unavailable(format!("{}: {e}", path.display()))),
        }
    }
}

/// Writes a new file readable only by its owner and flushes it to disk.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keystore::{DeviceKeyError, sign_checked};
    use crate::login::PublicKey;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("egate-keys-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn keys_sign_verifiably_and_their_files_hold_no_plaintext_key() {
        let dir = temp_dir("sign");
        let store = SoftwareKeyStore::open(&dir, &[7; 32]).unwrap();
        let created = store.create("possession", false, None).unwrap();
        assert_eq!(created.protection_level, ProtectionLevel::Software);
        let public = PublicKey::from_spki_der(&created.public_key_spki).unwrap();
        let signature = sign_checked(&store, "possession", &public, b"payload", None).unwrap();
        assert_eq!(public.verify(b"payload", &signature), Ok(()));
        let file = std::fs::read(store.path("possession")).unwrap();
        assert!(
            !file.windows(4).any(|w| w == [0x30, 0x81, 0x87, 0x02]),
            "no PKCS#8 header in the clear"
        );
        assert!(matches!(
            store.create("possession", false, None),
            Err(KeyStoreError::Unavailable(_))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_wrong_wrapping_key_a_renamed_file_or_a_deleted_key_cannot_sign() {
        let dir = temp_dir("wrong");
        let store = SoftwareKeyStore::open(&dir, &[1; 32]).unwrap();
        let created = store.create("user", true, None).unwrap();
        let public = PublicKey::from_spki_der(&created.public_key_spki).unwrap();
        let other = SoftwareKeyStore::open(&dir, &[2; 32]).unwrap();
        assert_eq!(
            other.sign("user", b"x", None),
            Err(KeyStoreError::KeyInvalidated)
        );
        std::fs::copy(store.path("user"), store.path("renamed")).unwrap();
        assert_eq!(
            store.sign("renamed", b"x", None),
            Err(KeyStoreError::KeyInvalidated)
        );
        store.create("second", false, None).unwrap();
        assert!(matches!(
            sign_checked(&store, "second", &public, b"x", None),
            Err(DeviceKeyError::Mismatch(_))
        ));
        store.delete("user").unwrap();
        store.delete("user").unwrap();
        assert_eq!(
            store.sign("user", b"x", None),
            Err(KeyStoreError::KeyInvalidated)
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
