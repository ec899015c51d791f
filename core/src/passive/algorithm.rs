//! Which signature scheme and hash an AlgorithmIdentifier names: RSA PKCS#1 v1.5, RSASSA-PSS
//! (with its parameters) and ECDSA with DER or plain (BSI TR-03111) signatures.

use super::error::PassiveError;
use super::oids;
use der::Decode;
use der::asn1::ObjectIdentifier;
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};
use spki::AlgorithmIdentifierOwned;

/// A hash function used by the LDS and its signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlgorithm {
    /// SHA-1 (legacy documents only).
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlgorithm {
    /// The hash named by `oid`.
    pub fn from_oid(oid: &ObjectIdentifier) -> Result<Self, PassiveError> {
        Ok(match *oid {
            oids::SHA1 => Self::Sha1,
            oids::SHA224 => Self::Sha224,
            oids::SHA256 => Self::Sha256,
            oids::SHA384 => Self::Sha384,
            oids::SHA512 => Self::Sha512,
            _ => return Err(PassiveError::UnsupportedAlgorithm(oid.to_string())),
        })
    }

    /// `data` hashed.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => Sha1::digest(data).to_vec(),
            Self::Sha224 => Sha224::digest(data).to_vec(),
            Self::Sha256 => Sha256::digest(data).to_vec(),
            Self::Sha384 => Sha384::digest(data).to_vec(),
            Self::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

/// How a signature is encoded and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureScheme {
    /// RSASSA-PKCS1-v1_5.
    RsaPkcs1(HashAlgorithm),
    /// RSASSA-PSS with MGF1 on the same hash.
    RsaPss {
        /// Message hash (and MGF1 hash).
        hash: HashAlgorithm,
        /// Salt length in bytes.
        salt_length: usize,
    },
    /// ECDSA, the signature DER-encoded (X9.62) or plain r‖s (TR-03111).
    Ecdsa {
        /// Message hash.
        hash: HashAlgorithm,
        /// Plain r‖s instead of a DER SEQUENCE.
        plain: bool,
    },
}

/// RSASSA-PSS-params (RFC 4055); absent fields take the SHA-1 defaults.
#[derive(Debug, der::Sequence)]
struct PssParameters {
    #[asn1(context_specific = "0", optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "1", optional = "true")]
    mask_gen_algorithm: Option<AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "2", optional = "true")]
    salt_length: Option<u32>,
    #[asn1(context_specific = "3", optional = "true")]
    trailer_field: Option<u32>,
}

impl SignatureScheme {
    /// The scheme named by a signature AlgorithmIdentifier. `digest` is the SignerInfo's
    /// digestAlgorithm, needed when the signature algorithm names only the key type
    /// (`rsaEncryption` or `id-ecPublicKey`, as some issuers write).
    pub fn from_algorithm(
        algorithm: &AlgorithmIdentifierOwned,
        digest: Option<&AlgorithmIdentifierOwned>,
    ) -> Result<Self, PassiveError> {
        let unsupported = || PassiveError::UnsupportedAlgorithm(algorithm.oid.to_string());
        let digest_hash = || {
            digest
                .ok_or_else(unsupported)
                .and_then(|d| HashAlgorithm::from_oid(&d.oid))
        };
        use HashAlgorithm::*;
        let rsa = |hash| Ok(Self::RsaPkcs1(hash));
        let ecdsa = |hash| Ok(Self::Ecdsa { hash, plain: false });
        match algorithm.oid {
            oids::SHA1_WITH_RSA => rsa(Sha1),
            oids::SHA224_WITH_RSA => rsa(Sha224),
            oids::SHA256_WITH_RSA => rsa(Sha256),
            oids::SHA384_WITH_RSA => rsa(Sha384),
            oids::SHA512_WITH_RSA => rsa(Sha512),
            oids::RSA_ENCRYPTION => rsa(digest_hash()?),
            oids::RSASSA_PSS => Self::pss(algorithm),
            oids::ECDSA_WITH_SHA1 => ecdsa(Sha1),
            oids::ECDSA_WITH_SHA224 => ecdsa(Sha224),
            oids::ECDSA_WITH_SHA256 => ecdsa(Sha256),
            oids::ECDSA_WITH_SHA384 => ecdsa(Sha384),
            oids::ECDSA_WITH_SHA512 => ecdsa(Sha512),
            oids::EC_PUBLIC_KEY => ecdsa(digest_hash()?),
            oid => Self::plain_ecdsa(oid).ok_or_else(unsupported),
        }
    }

    /// ecdsa-plain-SHA1 … ecdsa-plain-SHA512 (BSI TR-03111 §5.2.1).
    fn plain_ecdsa(oid: ObjectIdentifier) -> Option<Self> {
        let text = oid.to_string();
        let arc = text.strip_prefix(oids::ECDSA_PLAIN_PREFIX)?;
        let hash = match arc {
            "1" => HashAlgorithm::Sha1,
            "2" => HashAlgorithm::Sha224,
            "3" => HashAlgorithm::Sha256,
            "4" => HashAlgorithm::Sha384,
            "5" => HashAlgorithm::Sha512,
            _ => return None,
        };
        Some(Self::Ecdsa { hash, plain: true })
    }

    fn pss(algorithm: &AlgorithmIdentifierOwned) -> Result<Self, PassiveError> {
        let malformed =
            |e: der::Error| PassiveError::UnsupportedAlgorithm(format!("RSASSA-PSS: {e}"));
        let parameters = match &algorithm.parameters {
            Some(any) => PssParameters::from_der(&der::Encode::to_der(any).map_err(malformed)?)
                .map_err(malformed)?,
            None => PssParameters {
                hash_algorithm: None,
                mask_gen_algorithm: None,
                salt_length: None,
                trailer_field: None,
            },
        };
        let hash = match &parameters.hash_algorithm {
            Some(h) => HashAlgorithm::from_oid(&h.oid)?,
            None => HashAlgorithm::Sha1,
        };
        let mgf_hash = match &parameters.mask_gen_algorithm {
            None => HashAlgorithm::Sha1,
            Some(mgf) if mgf.oid == oids::MGF1 => {
                let inner = mgf
                    .parameters
                    .as_ref()
                    .ok_or_else(|| PassiveError::UnsupportedAlgorithm("MGF1 without hash".into()))?
                    .decode_as::<AlgorithmIdentifierOwned>()
                    .map_err(malformed)?;
                HashAlgorithm::from_oid(&inner.oid)?
            }
            Some(mgf) => return Err(PassiveError::UnsupportedAlgorithm(mgf.oid.to_string())),
        };
        if mgf_hash != hash || parameters.trailer_field.is_some_and(|t| t != 1) {
            return Err(PassiveError::UnsupportedAlgorithm(
                "RSASSA-PSS with an MGF1 hash or trailer other than the message hash's".into(),
            ));
        }
        let salt_length = parameters.salt_length.unwrap_or(20) as usize;
        Ok(Self::RsaPss { hash, salt_length })
    }
}
