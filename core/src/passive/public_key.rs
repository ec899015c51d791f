//! A certificate's public key (RSA or EC on a known curve) and the check of a signature made
//! with it under a [`SignatureScheme`].

use super::algorithm::{HashAlgorithm, SignatureScheme};
use super::curve::EcCurve;
use super::error::PassiveError;
use super::oids;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, PublicKey as RsaPublicKey, pss::Pss};
use sha1::Sha1;
use sha2::{Sha224, Sha256, Sha384, Sha512};
use spki::SubjectPublicKeyInfoOwned;

/// RSA moduli below this many bits are refused.
const MIN_RSA_BITS: usize = 1024;

/// A signer's public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// An RSA key.
    Rsa(RsaPublicKey),
    /// An EC point on a known curve.
    Ec {
        /// The curve.
        curve: EcCurve,
        /// The SEC1-encoded point.
        point: Vec<u8>,
    },
}

impl PublicKey {
    /// The key of a SubjectPublicKeyInfo (rsaEncryption, RSASSA-PSS or id-ecPublicKey).
    pub fn from_spki(spki: &SubjectPublicKeyInfoOwned) -> Result<Self, PassiveError> {
        let bits = spki
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| PassiveError::MalformedKey("unused bits in the key".into()))?;
        match spki.algorithm.oid {
            oids::RSA_ENCRYPTION | oids::RSASSA_PSS => {
                let key = RsaPublicKey::from_pkcs1_der(bits).map_err(PassiveError::key)?;
                if key.n().bit_width() < MIN_RSA_BITS as u32 {
                    return Err(PassiveError::MalformedKey(format!(
                        "RSA key of {} bits is below {MIN_RSA_BITS}",
                        key.n().bit_width()
                    )));
                }
                Ok(Self::Rsa(key))
            }
            oids::EC_PUBLIC_KEY => Ok(Self::Ec {
                curve: EcCurve::from_parameters(spki.algorithm.parameters.as_ref())?,
                point: bits.to_vec(),
            }),
            other => Err(PassiveError::UnsupportedAlgorithm(other.to_string())),
        }
    }

    /// A short description, e.g. `RSA-2048` or `ECDSA Bp384`.
    pub fn describe(&self) -> String {
        match self {
            Self::Rsa(key) => format!("RSA-{}", key.n().bit_width()),
            Self::Ec { curve, .. } => format!("ECDSA {curve:?}"),
        }
    }

    /// Checks `signature` over `message` under `scheme`.
    pub fn verify(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), PassiveError> {
        match (self, scheme) {
            (Self::Rsa(key), SignatureScheme::RsaPkcs1(hash)) => {
                let padding = match hash {
                    HashAlgorithm::Sha1 => Pkcs1v15Sign::new::<Sha1>(),
                    HashAlgorithm::Sha224 => Pkcs1v15Sign::new::<Sha224>(),
                    HashAlgorithm::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
                    HashAlgorithm::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
                    HashAlgorithm::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
                };
                key.verify(padding, &hash.digest(message), signature)
                    .map_err(|_| PassiveError::SignatureMismatch)
            }
            (Self::Rsa(key), SignatureScheme::RsaPss { hash, salt_length }) => {
                let hashed = hash.digest(message);
                let result = match hash {
                    HashAlgorithm::Sha1 => {
                        key.verify(Pss::<Sha1>::new_with_salt(salt_length), &hashed, signature)
                    }
                    HashAlgorithm::Sha224 => key.verify(
                        Pss::<Sha224>::new_with_salt(salt_length),
                        &hashed,
                        signature,
                    ),
                    HashAlgorithm::Sha256 => key.verify(
                        Pss::<Sha256>::new_with_salt(salt_length),
                        &hashed,
                        signature,
                    ),
                    HashAlgorithm::Sha384 => key.verify(
                        Pss::<Sha384>::new_with_salt(salt_length),
                        &hashed,
                        signature,
                    ),
                    HashAlgorithm::Sha512 => key.verify(
                        Pss::<Sha512>::new_with_salt(salt_length),
                        &hashed,
                        signature,
                    ),
                };
                result.map_err(|_| PassiveError::SignatureMismatch)
            }
            (Self::Ec { curve, point }, SignatureScheme::Ecdsa { hash, plain }) => {
                curve.verify(point, &hash.digest(message), signature, plain)
            }
            _ => Err(PassiveError::KeyAlgorithmMismatch),
        }
    }
}
