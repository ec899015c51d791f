//! One X.509 certificate (CSCA, link or document signer) as parsed strictly, with the facts
//! path building needs: key identifiers, CA flag, validity against the clock, its public key
//! and the check of its signature by an issuer.

use super::algorithm::SignatureScheme;
use super::error::PassiveError;
use super::public_key::PublicKey;
use der::{Decode, Encode};
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, BasicConstraints, SubjectKeyIdentifier};
use x509_cert::time::Time;

/// A certificate with its DER bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRecord {
    der: Vec<u8>,
    certificate: Certificate,
}

/// What a report shows about a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateSummary {
    /// Subject distinguished name (RFC 4514).
    pub subject: String,
    /// Issuer distinguished name.
    pub issuer: String,
    /// Serial number, hex.
    pub serial: String,
    /// Start of validity, ISO 8601.
    pub not_before: String,
    /// End of validity, ISO 8601.
    pub not_after: String,
    /// The key, e.g. `RSA-2048`.
    pub key: String,
    /// SHA-256 of the DER certificate, hex.
    pub sha256: String,
}

/// A certificate's validity compared with the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// Valid now.
    Current,
    /// Not valid before a later time.
    NotYetValid,
    /// Expired.
    Expired,
}

fn unix(time: &Time) -> i64 {
    i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

/// ISO 8601 text of a certificate or CRL time.
pub(crate) fn iso(time: &Time) -> String {
    time.to_date_time().to_string()
}

impl CertificateRecord {
    /// Parses one DER certificate strictly (trailing bytes are an error).
    pub fn from_der(der: &[u8]) -> Result<Self, der::Error> {
        let certificate = Certificate::from_der(der)?;
        if certificate.to_der()? != der {
            return Err(der::ErrorKind::Noncanonical {
                tag: der::Tag::Sequence,
            }
            .into());
        }
        Ok(Self {
            der: der.to_vec(),
            certificate,
        })
    }

    /// The DER bytes.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The parsed certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// The subjectKeyIdentifier, if present.
    pub fn subject_key_id(&self) -> Option<Vec<u8>> {
        let (_, ski) = self
            .certificate
            .tbs_certificate()
            .get_extension::<SubjectKeyIdentifier>()
            .ok()??;
        Some(ski.0.as_bytes().to_vec())
    }

    /// The authorityKeyIdentifier's key identifier, if present.
    pub fn authority_key_id(&self) -> Option<Vec<u8>> {
        let (_, aki) = self
            .certificate
            .tbs_certificate()
            .get_extension::<AuthorityKeyIdentifier>()
            .ok()??;
        Some(aki.key_identifier?.as_bytes().to_vec())
    }

    /// Whether basicConstraints marks it as a CA.
    pub fn is_ca(&self) -> bool {
        matches!(
            self.certificate
                .tbs_certificate()
                .get_extension::<BasicConstraints>(),
            Ok(Some((_, BasicConstraints { ca: true, .. })))
        )
    }

    /// Whether subject and issuer are the same name (a self-issued CSCA or a link certificate).
    pub fn is_self_issued(&self) -> bool {
        let tbs = self.certificate.tbs_certificate();
        tbs.subject() == tbs.issuer()
    }

    /// Whether its issuer is named `subject` and, when both identifiers are present, its
    /// authorityKeyIdentifier equals `issuer`'s subjectKeyIdentifier.
    pub fn may_be_issued_by(&self, issuer: &CertificateRecord) -> bool {
        match (self.authority_key_id(), issuer.subject_key_id()) {
            (Some(aki), Some(ski)) => aki == ski,
            _ => {
                self.certificate.tbs_certificate().issuer()
                    == issuer.certificate.tbs_certificate().subject()
            }
        }
    }

    /// Its validity at `now` (Unix seconds).
    pub fn validity_at(&self, now: i64) -> Validity {
        let validity = self.certificate.tbs_certificate().validity();
        if now < unix(&validity.not_before) {
            Validity::NotYetValid
        } else if now > unix(&validity.not_after) {
            Validity::Expired
        } else {
            Validity::Current
        }
    }

    /// Its public key.
    pub fn public_key(&self) -> Result<PublicKey, PassiveError> {
        let spki = self.certificate.tbs_certificate().subject_public_key_info();
        PublicKey::from_spki(spki)
    }

    /// Checks that `issuer`'s key signed this certificate.
    pub fn verify_signed_by(&self, issuer: &PublicKey) -> Result<(), PassiveError> {
        let scheme = SignatureScheme::from_algorithm(self.certificate.signature_algorithm(), None)?;
        let tbs = self
            .certificate
            .tbs_certificate()
            .to_der()
            .map_err(PassiveError::key)?;
        let signature = self
            .certificate
            .signature()
            .as_bytes()
            .ok_or(PassiveError::SignatureEncoding)?;
        issuer.verify(scheme, &tbs, signature)
    }

    /// Whether it carries `issuer`'s key (the same SubjectPublicKeyInfo).
    pub fn same_key_as(&self, other: &CertificateRecord) -> bool {
        self.certificate.tbs_certificate().subject_public_key_info()
            == other
                .certificate
                .tbs_certificate()
                .subject_public_key_info()
    }

    /// The summary a report shows.
    pub fn summary(&self) -> CertificateSummary {
        let tbs = self.certificate.tbs_certificate();
        CertificateSummary {
            subject: tbs.subject().to_string(),
            issuer: tbs.issuer().to_string(),
            serial: hex_upper(without_sign_byte(tbs.serial_number().as_bytes())),
            not_before: iso(&tbs.validity().not_before),
            not_after: iso(&tbs.validity().not_after),
            key: self
                .public_key()
                .map(|k| k.describe())
                .unwrap_or_else(|e| e.to_string()),
            sha256: hex_upper(&Sha256::digest(&self.der)),
        }
    }
}

/// A DER integer's magnitude: the leading zero that only keeps it positive dropped.
fn without_sign_byte(bytes: &[u8]) -> &[u8] {
    match bytes {
        [0, next, ..] if *next >= 0x80 => &bytes[1..],
        _ => bytes,
    }
}

/// Upper-case hex.
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}
