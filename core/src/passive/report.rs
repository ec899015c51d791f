//! The passive authentication report: one status, the revocation outcome, a reason per failed
//! check, the certificates involved, every data group's hash check and the document's expiry
//! (reported apart from the status: an expired document can still be genuine).

use super::certificate::CertificateSummary;
use super::chain::ChainError;
use super::signed_data::SignedDataError;
use crate::lds::{ElementaryFile, HashCheck};
use serde::Serialize;
use std::collections::BTreeMap;
use thiserror::Error;

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassiveStatus {
    /// Signed by a document signer chaining to a trusted CSCA, unrevoked, every hash matching.
    Valid,
    /// Something is provably wrong: altered data, bad signature, expired or revoked signer.
    Invalid,
    /// Consistent, but no trusted CSCA issued the document signer.
    Untrusted,
    /// Not checked (no EF.SOD, or no trust store).
    NotPerformed,
}

impl PassiveStatus {
    /// `valid`, `invalid`, `untrusted` or `not_performed`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Invalid => "invalid",
            Self::Untrusted => "untrusted",
            Self::NotPerformed => "not_performed",
        }
    }
}

/// What the CRLs said about the certificates below the CSCA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Revocation {
    /// A fresh CRL of each issuer was consulted and lists none of them.
    Checked,
    /// No fresh CRL was available for at least one of them.
    NoCrl,
    /// A CRL lists one of them.
    Revoked,
}

impl Revocation {
    /// `checked`, `no_crl` or `revoked`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Checked => "checked",
            Self::NoCrl => "no_crl",
            Self::Revoked => "revoked",
        }
    }
}

/// One failed check.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PassiveFailure {
    /// EF.SOD was not read.
    #[error("EF.SOD was not read")]
    NoSod,
    /// No CSCA certificates or master list were given.
    #[error("no trust store (CSCA certificates or master list) was given")]
    NoTrustStore,
    /// EF.SOD or its LDS security object does not parse.
    #[error("EF.SOD is malformed: {0}")]
    SodMalformed(String),
    /// The SignedData around the security object fails on its own.
    #[error("{file}: {error}")]
    SignedData {
        /// `EF.SOD` or `EF.CardSecurity`.
        file: &'static str,
        /// What failed.
        error: SignedDataError,
    },
    /// A data group's hash differs from the SOD's.
    #[error("DG{0} does not match its hash in EF.SOD")]
    DataGroupHash(u8),
    /// The signer does not chain to a trusted CSCA.
    #[error("{0}")]
    Chain(ChainError),
    /// A certificate on the path is revoked.
    #[error("{subject} was revoked on {date}")]
    Revoked {
        /// The revoked certificate.
        subject: String,
        /// Its revocation date.
        date: String,
    },
}

impl PassiveFailure {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoSod => "no_sod",
            Self::NoTrustStore => "no_trust_store",
            Self::SodMalformed(_) => "sod_malformed",
            Self::SignedData { error, .. } => match error {
                SignedDataError::Malformed(_) => "signed_data_malformed",
                SignedDataError::SignerCount(_) => "signer_count",
                SignedDataError::SignerCertificateMissing => "signer_certificate_missing",
                SignedDataError::SignerCertificateMalformed(_) => "signer_certificate_malformed",
                SignedDataError::SignedAttributesMissing => "signed_attributes_missing",
                SignedDataError::ContentTypeMismatch => "content_type_mismatch",
                SignedDataError::MessageDigestMismatch => "message_digest_mismatch",
                SignedDataError::Signature(_) => "signature_invalid",
            },
            Self::DataGroupHash(_) => "data_group_hash_mismatch",
            Self::Chain(error) => match error {
                ChainError::UnknownIssuer { .. } => "csca_unknown",
                ChainError::Signature { .. } => "certificate_signature_invalid",
                ChainError::NotCa { .. } => "issuer_not_ca",
                ChainError::Expired { .. } => "certificate_expired",
                ChainError::NotYetValid { .. } => "certificate_not_yet_valid",
            },
            Self::Revoked { .. } => "revoked",
        }
    }

    /// Whether this failure only means "not trusted" rather than "provably wrong".
    pub(crate) fn is_untrusted(&self) -> bool {
        matches!(self, Self::Chain(ChainError::UnknownIssuer { .. }))
    }
}

/// A check that did not fail but limits the verdict (e.g. an outdated CRL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassiveWarning {
    /// Stable code, e.g. `crl_stale`.
    pub code: &'static str,
    /// Human text.
    pub message: String,
}

/// The document's expiry date against the clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentExpiry {
    /// ISO 8601 date (or partial date).
    pub date: String,
    /// Whether it is before today.
    pub expired: bool,
}

/// The signature check of one signed file (EF.SOD or EF.CardSecurity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedFileCheck {
    /// Its verdict.
    pub status: PassiveStatus,
    /// Why it is not valid.
    pub reasons: Vec<PassiveFailure>,
}

/// Everything passive authentication found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassiveReport {
    /// The verdict on EF.SOD and the data groups.
    pub status: PassiveStatus,
    /// The revocation outcome.
    pub revocation: Revocation,
    /// One entry per failed check (empty when valid).
    pub reasons: Vec<PassiveFailure>,
    /// Checks that passed with reservations.
    pub warnings: Vec<PassiveWarning>,
    /// The document signer, when EF.SOD carries its certificate.
    pub document_signer: Option<CertificateSummary>,
    /// Link certificates on the path, signer side first.
    pub link_certificates: Vec<CertificateSummary>,
    /// The trust anchor.
    pub csca: Option<CertificateSummary>,
    /// Every data group read or listed, against the SOD.
    pub data_groups: BTreeMap<ElementaryFile, HashCheck>,
    /// EF.CardSecurity's own signature check, when it was read.
    pub card_security: Option<SignedFileCheck>,
    /// The document's expiry.
    pub document_expiry: Option<DocumentExpiry>,
}

impl PassiveReport {
    /// A report for a check that could not start.
    pub(crate) fn not_performed(reason: PassiveFailure) -> Self {
        Self {
            status: PassiveStatus::NotPerformed,
            revocation: Revocation::NoCrl,
            reasons: vec![reason],
            warnings: Vec::new(),
            document_signer: None,
            link_certificates: Vec::new(),
            csca: None,
            data_groups: BTreeMap::new(),
            card_security: None,
            document_expiry: None,
        }
    }

    /// Whether `file` is covered by a valid passive authentication: EF.CardSecurity by its own
    /// signature, a data group by a valid SOD whose hash for it matched.
    pub fn authenticates(&self, file: ElementaryFile) -> bool {
        match file {
            ElementaryFile::CardSecurity => self
                .card_security
                .as_ref()
                .is_some_and(|c| c.status == PassiveStatus::Valid),
            ElementaryFile::Dg(_) => {
                self.status == PassiveStatus::Valid
                    && self.data_groups.get(&file) == Some(&HashCheck::Match)
            }
            _ => false,
        }
    }
}

/// The verdict for a list of failures.
pub(crate) fn status_of(reasons: &[PassiveFailure]) -> PassiveStatus {
    if reasons.iter().any(|r| !r.is_untrusted()) {
        PassiveStatus::Invalid
    } else if reasons.is_empty() {
        PassiveStatus::Valid
    } else {
        PassiveStatus::Untrusted
    }
}
