//! Certificate revocation lists: parsed strictly, their signature checked against the CSCA that
//! issued them, their freshness against the clock, and the serials they revoke.

use super::algorithm::SignatureScheme;
use super::certificate::{CertificateRecord, iso};
use super::error::PassiveError;
use der::{Decode, Encode};
use x509_cert::crl::CertificateList;

/// A CRL and the CSCA certificate whose key signed it.
#[derive(Debug, Clone)]
pub struct CrlRecord {
    crl: CertificateList,
    issuer: CertificateRecord,
}

/// Whether a CRL covers the clock's time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// thisUpdate ≤ now ≤ nextUpdate.
    Fresh,
    /// nextUpdate has passed (or is absent), or thisUpdate is still ahead.
    Stale {
        /// nextUpdate, ISO 8601 (empty when absent).
        next_update: String,
    },
}

fn seconds(time: &x509_cert::time::Time) -> i64 {
    i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

impl CrlRecord {
    /// Parses a DER CRL and finds the certificate among `issuers` whose key signed it.
    pub fn verify(der: &[u8], issuers: &[CertificateRecord]) -> Result<Self, String> {
        let crl = CertificateList::from_der(der).map_err(|e| format!("not a DER CRL: {e}"))?;
        let tbs = crl.tbs_cert_list.to_der().map_err(|e| e.to_string())?;
        if crl.to_der().map_err(|e| e.to_string())? != der {
            return Err("the CRL is not DER-encoded".into());
        }
        let scheme = SignatureScheme::from_algorithm(&crl.signature_algorithm, None)
            .map_err(|e| e.to_string())?;
        let signature = crl
            .signature
            .as_bytes()
            .ok_or_else(|| PassiveError::SignatureEncoding.to_string())?;
        let named = issuers
            .iter()
            .filter(|c| c.certificate().tbs_certificate().subject() == &crl.tbs_cert_list.issuer);
        let mut tried = false;
        for candidate in named {
            tried = true;
            let Ok(key) = candidate.public_key() else {
                continue;
            };
            if key.verify(scheme, &tbs, signature).is_ok() {
                return Ok(Self {
                    crl,
                    issuer: candidate.clone(),
                });
            }
        }
        Err(if tried {
            format!(
                "the CRL of {} is not signed by any trusted CSCA of that name",
                crl.tbs_cert_list.issuer
            )
        } else {
            format!("no trusted CSCA named {}", crl.tbs_cert_list.issuer)
        })
    }

    /// The issuer's distinguished name.
    pub fn issuer_name(&self) -> String {
        self.crl.tbs_cert_list.issuer.to_string()
    }

    /// Whether this CRL was signed with `issuer`'s key.
    pub fn signed_with_key_of(&self, issuer: &CertificateRecord) -> bool {
        self.issuer.same_key_as(issuer)
    }

    /// Whether it covers `now`.
    pub fn freshness(&self, now: i64) -> Freshness {
        let tbs = &self.crl.tbs_cert_list;
        let next = tbs.next_update.as_ref();
        if seconds(&tbs.this_update) <= now && next.is_some_and(|n| now <= seconds(n)) {
            Freshness::Fresh
        } else {
            Freshness::Stale {
                next_update: next.map(iso).unwrap_or_default(),
            }
        }
    }

    /// The revocation date of `certificate` if this CRL lists its serial.
    pub fn revocation_of(&self, certificate: &CertificateRecord) -> Option<String> {
        let serial = certificate.certificate().tbs_certificate().serial_number();
        self.crl
            .tbs_cert_list
            .revoked_certificates
            .as_ref()?
            .iter()
            .find(|r| r.serial_number.as_bytes() == serial.as_bytes())
            .map(|r| iso(&r.revocation_date))
    }
}
