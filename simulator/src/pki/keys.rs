//! Test key pairs: each generated from a ChaCha20 RNG seeded by its own label, so every run
//! gives the same keys, and stored as PKCS#8 PEM.

use super::PkiError;
use bp384::BrainpoolP384r1;
use bp384::elliptic_curve::Generate;
use der::pem::LineEnding;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use sha2::{Digest, Sha256};
use spki::SubjectPublicKeyInfoOwned;

/// The RNG for `label`: ChaCha20 seeded with SHA-256 of a fixed prefix and the label.
pub(crate) fn seeded_rng(label: impl AsRef<[u8]>) -> ChaCha20Rng {
    let seed = Sha256::new()
        .chain_update(b"egate test pki\0")
        .chain_update(label.as_ref())
        .finalize();
    ChaCha20Rng::from_seed(seed.into())
}

/// An ECDSA brainpoolP384r1 signing key.
pub(crate) type Bp384SigningKey = ecdsa::SigningKey<BrainpoolP384r1>;
/// An ECDSA brainpoolP384r1 verifying key.
pub(crate) type Bp384VerifyingKey = ecdsa::VerifyingKey<BrainpoolP384r1>;

/// The type of a key pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    /// RSA with this modulus size in bits (public exponent 65537).
    Rsa(usize),
    /// ECDSA on NIST P-256.
    P256,
    /// ECDSA on brainpoolP384r1.
    Bp384,
}

/// A private key of one of the kinds above.
#[derive(Debug, Clone)]
pub(crate) enum PrivateKey {
    /// RSA.
    Rsa(rsa::PrivateKey),
    /// ECDSA P-256.
    P256(p256::ecdsa::SigningKey),
    /// ECDSA brainpoolP384r1.
    Bp384(Bp384SigningKey),
}

impl PrivateKey {
    /// The key of `kind` drawn from the RNG seeded by `label`.
    pub(crate) fn generate(label: &str, kind: KeyKind) -> Result<Self, PkiError> {
        let mut rng = seeded_rng(label);
        Ok(match kind {
            KeyKind::Rsa(bits) => Self::Rsa(rsa::PrivateKey::new(&mut rng, bits)?),
            KeyKind::P256 => Self::P256(p256::ecdsa::SigningKey::generate_from_rng(&mut rng)),
            KeyKind::Bp384 => Self::Bp384(Bp384SigningKey::generate_from_rng(&mut rng)),
        })
    }

    /// The PKCS#8 `PRIVATE KEY` PEM, LF line endings.
    pub(crate) fn to_pkcs8_pem(&self) -> Result<String, PkiError> {
        let document = match self {
            Self::Rsa(key) => key.to_pkcs8_der()?,
            Self::P256(key) => key.to_pkcs8_der()?,
            Self::Bp384(key) => key.to_pkcs8_der()?,
        };
        Ok(der::pem::encode_string(
            "PRIVATE KEY",
            LineEnding::LF,
            document.as_bytes(),
        )?)
    }

    /// The key of `kind` in a PKCS#8 `PRIVATE KEY` PEM.
    pub(crate) fn from_pkcs8_pem(pem: &str, kind: KeyKind) -> Result<Self, PkiError> {
        let (_, der) = der::pem::decode_vec(pem.as_bytes())?;
        Ok(match kind {
            KeyKind::Rsa(_) => Self::Rsa(rsa::PrivateKey::from_pkcs8_der(&der)?),
            KeyKind::P256 => Self::P256(p256::ecdsa::SigningKey::from_pkcs8_der(&der)?),
            KeyKind::Bp384 => Self::Bp384(Bp384SigningKey::from_pkcs8_der(&der)?),
        })
    }

    /// The public key with its algorithm (a named curve for EC keys).
    pub(crate) fn public_key_info(&self) -> Result<SubjectPublicKeyInfoOwned, PkiError> {
        Ok(match self {
            Self::Rsa(key) => SubjectPublicKeyInfoOwned::from_key(&key.to_public_key())?,
            Self::P256(key) => SubjectPublicKeyInfoOwned::from_key(key.verifying_key())?,
            Self::Bp384(key) => SubjectPublicKeyInfoOwned::from_key(key.verifying_key())?,
        })
    }
}
