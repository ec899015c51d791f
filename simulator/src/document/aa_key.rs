//! The chip's Active Authentication key (DG15): ECDSA P-256 or RSA-2048, derived
//! deterministically from a seed (test data, never secrets); an RSA key is generated once per
//! seed in a process.

use super::BuildError;
use der::Decode;
use p256::pkcs8::EncodePublicKey;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use rsa::PrivateKey;
use sha2::{Digest, Sha256};
use spki::SubjectPublicKeyInfoOwned;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

/// The kind of Active Authentication key a chip holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AaKeyKind {
    /// ECDSA on P-256 with SHA-256 (plain r‖s), named in DG14's ActiveAuthenticationInfo.
    EcdsaP256,
    /// RSA-2048 with ISO/IEC 9796-2 scheme 1 and SHA-1 (trailer BC), as many passports have.
    Rsa2048,
}

/// An Active Authentication private key.
#[derive(Debug, Clone)]
pub(crate) enum AaPrivateKey {
    /// ECDSA P-256.
    Ec(p256::SecretKey),
    /// RSA, shared by every chip built from the same seed.
    Rsa(Arc<PrivateKey>),
}

/// RSA keys already generated, by seed.
static RSA_KEYS: Mutex<BTreeMap<String, Arc<PrivateKey>>> = Mutex::new(BTreeMap::new());

/// A P-256 key from `label` and `seed`.
pub(super) fn derived_ec_key(label: &str, seed: &str) -> p256::SecretKey {
    let mut counter = 0u8;
    loop {
        let digest = Sha256::new()
            .chain_update(label)
            .chain_update(seed)
            .chain_update([counter])
            .finalize();
        if let Ok(key) = p256::SecretKey::from_slice(&digest) {
            return key;
        }
        counter = counter.wrapping_add(1);
    }
}

/// The RSA-2048 key of `seed`, from a ChaCha20 generator seeded with a hash of it.
fn rsa_key(seed: &str) -> Result<Arc<PrivateKey>, BuildError> {
    let mut cache = RSA_KEYS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(key) = cache.get(seed) {
        return Ok(Arc::clone(key));
    }
    let digest = Sha256::new()
        .chain_update("egate-sim active authentication rsa")
        .chain_update(seed)
        .finalize();
    let mut rng = ChaCha20Rng::from_seed(digest.into());
    let key =
        Arc::new(PrivateKey::new(&mut rng, 2048).map_err(|e| BuildError::Key(e.to_string()))?);
    cache.insert(seed.to_owned(), Arc::clone(&key));
    Ok(key)
}

impl AaPrivateKey {
    /// The key of `kind` derived from `seed`.
    pub(super) fn derive(kind: AaKeyKind, seed: &str) -> Result<Self, BuildError> {
        Ok(match kind {
            AaKeyKind::EcdsaP256 => {
                Self::Ec(derived_ec_key("egate-sim active authentication", seed))
            }
            AaKeyKind::Rsa2048 => Self::Rsa(rsa_key(seed)?),
        })
    }

    /// The public key's SubjectPublicKeyInfo.
    pub(super) fn spki(&self) -> Result<SubjectPublicKeyInfoOwned, BuildError> {
        let der = match self {
            Self::Ec(key) => key.public_key().to_public_key_der(),
            Self::Rsa(key) => key.to_public_key().to_public_key_der(),
        }
        .map_err(|e| BuildError::Key(e.to_string()))?;
        Ok(SubjectPublicKeyInfoOwned::from_der(der.as_bytes())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::traits::PublicKeyParts;

    #[test]
    fn rsa_keys_are_2048_bits_and_stable_per_seed() {
        let AaPrivateKey::Rsa(a) = AaPrivateKey::derive(AaKeyKind::Rsa2048, "L898902C3").unwrap()
        else {
            panic!("RSA key expected");
        };
        assert_eq!(a.size(), 256);
        assert_eq!(rsa_key("L898902C3").unwrap().n(), a.n());
        assert_ne!(rsa_key("L898902C3 clone").unwrap().n(), a.n());
    }
}
