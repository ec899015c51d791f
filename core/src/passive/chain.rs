//! Certification path building from a signer up to a self-signed CSCA: issuers found by
//! authorityKeyIdentifier ↔ subjectKeyIdentifier (CSCAs keep their name across key rollovers),
//! link certificates followed, every signature and validity period checked.

use super::certificate::{CertificateRecord, Validity};
use super::error::PassiveError;
use thiserror::Error;

/// Longest path accepted: signer, up to two link certificates, anchor.
const MAX_PATH: usize = 4;

/// Why no certification path exists.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChainError {
    /// No trusted certificate could have issued this one.
    #[error("no trusted CSCA issued {subject}")]
    UnknownIssuer {
        /// The certificate whose issuer is unknown.
        subject: String,
    },
    /// A certificate with the issuer's key identifier exists but its key did not sign this one.
    #[error("the signature on {subject} does not verify with its CSCA's key: {error}")]
    Signature {
        /// The certificate with the bad signature.
        subject: String,
        /// What failed.
        error: PassiveError,
    },
    /// The issuer is not marked as a CA.
    #[error("{subject} is not a CA certificate")]
    NotCa {
        /// The issuer.
        subject: String,
    },
    /// A certificate on the path has expired.
    #[error("{subject} expired on {not_after}")]
    Expired {
        /// The expired certificate.
        subject: String,
        /// Its end of validity.
        not_after: String,
    },
    /// A certificate on the path is not valid yet.
    #[error("{subject} is not valid before {not_before}")]
    NotYetValid {
        /// The certificate.
        subject: String,
        /// Its start of validity.
        not_before: String,
    },
}

fn subject(certificate: &CertificateRecord) -> String {
    certificate
        .certificate()
        .tbs_certificate()
        .subject()
        .to_string()
}

fn check_validity(certificate: &CertificateRecord, now: i64) -> Result<(), ChainError> {
    let summary = certificate.summary();
    match certificate.validity_at(now) {
        Validity::Current => Ok(()),
        Validity::Expired => Err(ChainError::Expired {
            subject: summary.subject,
            not_after: summary.not_after,
        }),
        Validity::NotYetValid => Err(ChainError::NotYetValid {
            subject: summary.subject,
            not_before: summary.not_before,
        }),
    }
}

/// Whether `certificate` is self-signed: self-issued and verifying with its own key.
pub(crate) fn is_self_signed(certificate: &CertificateRecord) -> bool {
    certificate.is_self_issued()
        && certificate
            .public_key()
            .is_ok_and(|key| certificate.verify_signed_by(&key).is_ok())
}

/// The path from `leaf` to a self-signed certificate of `pool`: `[leaf, links…, anchor]`.
pub fn build_chain(
    leaf: &CertificateRecord,
    pool: &[CertificateRecord],
    now: i64,
) -> Result<Vec<CertificateRecord>, ChainError> {
    check_validity(leaf, now)?;
    let mut chain = vec![leaf.clone()];
    while chain.len() < MAX_PATH {
        let current = chain.last().cloned().unwrap_or_else(|| leaf.clone());
        let mut candidates: Vec<&CertificateRecord> = pool
            .iter()
            .filter(|c| current.may_be_issued_by(c) && !chain.contains(c))
            .collect();
        candidates.sort_by_key(|c| !is_self_signed(c));
        if candidates.is_empty() {
            return Err(ChainError::UnknownIssuer {
                subject: subject(&current),
            });
        }
        let mut last_error = PassiveError::SignatureMismatch;
        let issuer = candidates.into_iter().find(|candidate| {
            match candidate
                .public_key()
                .and_then(|key| current.verify_signed_by(&key))
            {
                Ok(()) => true,
                Err(error) => {
                    last_error = error;
                    false
                }
            }
        });
        let issuer = issuer.ok_or_else(|| ChainError::Signature {
            subject: subject(&current),
            error: last_error,
        })?;
        if !issuer.is_ca() {
            return Err(ChainError::NotCa {
                subject: subject(issuer),
            });
        }
        check_validity(issuer, now)?;
        chain.push(issuer.clone());
        if is_self_signed(issuer) {
            return Ok(chain);
        }
    }
    Err(ChainError::UnknownIssuer {
        subject: subject(chain.last().unwrap_or(leaf)),
    })
}
