//! How a test key signs: certificates and CRLs through the x509-cert builder, and the signed
//! attributes of a CMS SignerInfo; ECDSA is RFC 6979 deterministic, RSA-PSS salts come from
//! the RNG passed in.

use super::PkiError;
use super::keys::PrivateKey;
use der::asn1::ObjectIdentifier;
use rand_chacha::ChaCha20Rng;
use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer};
use sha2::{Digest, Sha256, Sha384};
use spki::{AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier};
use x509_cert::builder::Builder;

/// `id-sha256` (2.16.840.1.101.3.4.2.1).
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
/// `id-sha384` (2.16.840.1.101.3.4.2.2).
const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");

/// The RSA signature scheme (ignored for ECDSA keys, which sign with their curve's hash:
/// SHA-256 on P-256, SHA-384 on brainpoolP384r1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RsaScheme {
    /// sha256WithRSAEncryption (PKCS #1 v1.5).
    Pkcs1v15,
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt.
    Pss,
}

type RsaPkcs1Signer = rsa::pkcs1v15::SigningKey<Sha256>;
type RsaPssSigner = rsa::pss::SigningKey<Sha256>;

impl PrivateKey {
    /// Signs a certificate or CRL builder's TBS structure.
    pub(crate) fn sign_tbs<B: Builder>(
        &self,
        scheme: RsaScheme,
        builder: B,
        rng: &mut ChaCha20Rng,
    ) -> Result<B::Output, PkiError> {
        Ok(match (self, scheme) {
            (Self::Rsa(key), RsaScheme::Pkcs1v15) => {
                builder.build::<_, rsa::pkcs1v15::Signature>(&RsaPkcs1Signer::new(key.clone()))?
            }
            (Self::Rsa(key), RsaScheme::Pss) => builder
                .build_with_rng::<_, rsa::pss::Signature, _>(
                    &RsaPssSigner::new(key.clone()),
                    rng,
                )?,
            (Self::P256(key), _) => builder.build::<_, p256::ecdsa::DerSignature>(key)?,
            (Self::Bp384(key), _) => builder.build::<_, bp384::r1::ecdsa::DerSignature>(key)?,
        })
    }

    /// Signs `message`: the signature algorithm and the signature value (DER for ECDSA).
    pub(crate) fn sign(
        &self,
        scheme: RsaScheme,
        message: &[u8],
        rng: &mut ChaCha20Rng,
    ) -> Result<(AlgorithmIdentifierOwned, Vec<u8>), PkiError> {
        Ok(match (self, scheme) {
            (Self::Rsa(key), RsaScheme::Pkcs1v15) => {
                let signer = RsaPkcs1Signer::new(key.clone());
                let signature: rsa::pkcs1v15::Signature = signer.try_sign(message)?;
                (signer.signature_algorithm_identifier()?, signature.to_vec())
            }
            (Self::Rsa(key), RsaScheme::Pss) => {
                let signer = RsaPssSigner::new(key.clone());
                let signature: rsa::pss::Signature = signer.try_sign_with_rng(rng, message)?;
                (signer.signature_algorithm_identifier()?, signature.to_vec())
            }
            (Self::P256(key), _) => {
                let signature: p256::ecdsa::DerSignature = key.try_sign(message)?;
                (key.signature_algorithm_identifier()?, signature.to_vec())
            }
            (Self::Bp384(key), _) => {
                let signature: bp384::r1::ecdsa::DerSignature = key.try_sign(message)?;
                (key.signature_algorithm_identifier()?, signature.to_vec())
            }
        })
    }

    /// The CMS digest algorithm of this key's signatures and the digest of `data` under it:
    /// SHA-384 for brainpoolP384r1, SHA-256 otherwise.
    pub(crate) fn digest(&self, data: &[u8]) -> (AlgorithmIdentifierOwned, Vec<u8>) {
        let (oid, digest) = match self {
            Self::Bp384(_) => (ID_SHA384, Sha384::digest(data).to_vec()),
            _ => (ID_SHA256, Sha256::digest(data).to_vec()),
        };
        (
            AlgorithmIdentifierOwned {
                oid,
                parameters: None,
            },
            digest,
        )
    }
}
