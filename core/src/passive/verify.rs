//! Passive authentication of the files read (ICAO 9303-11 §5.1): the SOD's SignedData, its
//! signer's path to a trusted CSCA with revocation, every data group's hash, and the same
//! signature check for EF.CardSecurity. All time comes from the caller's clock.

use super::certificate::CertificateRecord;
use super::chain::build_chain;
use super::crl::Freshness;
use super::oids;
use super::report::{
    DocumentExpiry, PassiveFailure, PassiveReport, PassiveStatus, PassiveWarning, Revocation,
    SignedFileCheck, status_of,
};
use super::signed_data::{SignedDataError, verify_signed_data};
use super::trust::TrustStore;
use crate::display::{PartialDate, Today};
use crate::lds::{
    ElementaryFile, HashCheck, ID_LDS_SECURITY_OBJECT, normalise_lengths, parse_dg1, parse_sod,
};
use crate::ports::Clock;
use crate::tlv;
use der::asn1::ObjectIdentifier;
use std::collections::BTreeMap;

/// The outcome of checking one SignedData and its signer's path.
struct SignerCheck {
    reasons: Vec<PassiveFailure>,
    warnings: Vec<PassiveWarning>,
    revocation: Revocation,
    signer: Option<CertificateRecord>,
    chain: Vec<CertificateRecord>,
}

/// Runs passive authentication over `files` (bytes exactly as read) against `trust`.
pub fn passive_authentication(
    files: &BTreeMap<ElementaryFile, Vec<u8>>,
    trust: Option<&TrustStore>,
    clock: &dyn Clock,
) -> PassiveReport {
    let now = clock.now_unix_seconds();
    let Some(sod_bytes) = files.get(&ElementaryFile::Sod) else {
        return PassiveReport::not_performed(PassiveFailure::NoSod);
    };
    let mut report = PassiveReport::not_performed(PassiveFailure::NoSod);
    report.reasons.clear();
    report.document_expiry = document_expiry(files, now);
    let sod = match parse_sod(sod_bytes) {
        Ok(sod) => sod,
        Err(error) => {
            report.status = PassiveStatus::Invalid;
            report
                .reasons
                .push(PassiveFailure::SodMalformed(error.to_string()));
            return report;
        }
    };
    match sod.check_hashes(files) {
        Ok(checks) => report.data_groups = checks,
        Err(error) => report
            .reasons
            .push(PassiveFailure::SodMalformed(error.to_string())),
    }
    for (file, check) in &report.data_groups {
        if let (ElementaryFile::Dg(n), HashCheck::Mismatch) = (file, check) {
            report.reasons.push(PassiveFailure::DataGroupHash(*n));
        }
    }
    let content_info = sod_content_info(sod_bytes);
    let signer = check_signer("EF.SOD", ID_LDS_SECURITY_OBJECT, &content_info, trust, now);
    report.reasons.extend(signer.reasons);
    report.warnings = signer.warnings;
    report.revocation = signer.revocation;
    report.document_signer = signer.signer.as_ref().map(CertificateRecord::summary);
    if signer.chain.len() > 2 {
        report.link_certificates = signer.chain[1..signer.chain.len() - 1]
            .iter()
            .map(CertificateRecord::summary)
            .collect();
    }
    if signer.chain.len() > 1 {
        report.csca = signer.chain.last().map(CertificateRecord::summary);
    }
    report.status = verdict(&report.reasons, trust.is_some());
    if trust.is_none() && report.status == PassiveStatus::NotPerformed {
        report.reasons.push(PassiveFailure::NoTrustStore);
    }
    report.card_security = files.get(&ElementaryFile::CardSecurity).map(|bytes| {
        let check = check_signer(
            "EF.CardSecurity",
            oids::CARD_SECURITY_OBJECT,
            bytes,
            trust,
            now,
        );
        SignedFileCheck {
            status: verdict(&check.reasons, trust.is_some()),
            reasons: check.reasons,
        }
    });
    report
}

fn verdict(reasons: &[PassiveFailure], trusted: bool) -> PassiveStatus {
    match status_of(reasons) {
        PassiveStatus::Valid if !trusted => PassiveStatus::NotPerformed,
        status => status,
    }
}

/// The ContentInfo inside EF.SOD's tag 77 (lengths normalised; the signature check uses the
/// signed-attribute bytes as encoded).
fn sod_content_info(sod: &[u8]) -> Vec<u8> {
    normalise_lengths(sod)
        .ok()
        .and_then(|der| {
            tlv::split_first(&der)
                .ok()
                .map(|(outer, _)| outer.value.to_vec())
        })
        .unwrap_or_default()
}

fn check_signer(
    file: &'static str,
    expected: ObjectIdentifier,
    content_info: &[u8],
    trust: Option<&TrustStore>,
    now: i64,
) -> SignerCheck {
    let mut check = SignerCheck {
        reasons: Vec::new(),
        warnings: Vec::new(),
        revocation: Revocation::NoCrl,
        signer: None,
        chain: Vec::new(),
    };
    let signed = match verify_signed_data(content_info) {
        Ok(signed) => signed,
        Err(error) => {
            check
                .reasons
                .push(PassiveFailure::SignedData { file, error });
            return check;
        }
    };
    check.signer = Some(signed.signer.clone());
    if signed.content_type != expected {
        let error = SignedDataError::Malformed(format!("it signs {}", signed.content_type));
        check
            .reasons
            .push(PassiveFailure::SignedData { file, error });
    }
    let Some(trust) = trust else {
        return check;
    };
    match build_chain(&signed.signer, trust.certificates(), now) {
        Ok(chain) => {
            apply_crls(&mut check, trust, &chain, now);
            check.chain = chain;
        }
        Err(error) => check.reasons.push(PassiveFailure::Chain(error)),
    }
    check
}

/// Applies the CRLs of each issuer on the path to the certificate below it.
fn apply_crls(check: &mut SignerCheck, trust: &TrustStore, chain: &[CertificateRecord], now: i64) {
    let mut all_checked = true;
    for pair in chain.windows(2) {
        let (certificate, issuer) = (&pair[0], &pair[1]);
        let crls: Vec<_> = trust
            .crls()
            .iter()
            .filter(|crl| crl.signed_with_key_of(issuer))
            .collect();
        if let Some(date) = crls.iter().find_map(|crl| crl.revocation_of(certificate)) {
            check.revocation = Revocation::Revoked;
            check.reasons.push(PassiveFailure::Revoked {
                subject: certificate.summary().subject,
                date,
            });
            return;
        }
        let mut fresh = false;
        for crl in &crls {
            match crl.freshness(now) {
                Freshness::Fresh => fresh = true,
                Freshness::Stale { next_update } => check.warnings.push(PassiveWarning {
                    code: "crl_stale",
                    message: format!(
                        "the CRL of {} is outdated (next update was due {next_update})",
                        crl.issuer_name()
                    ),
                }),
            }
        }
        all_checked &= fresh;
    }
    check.revocation = if all_checked {
        Revocation::Checked
    } else {
        Revocation::NoCrl
    };
}

fn document_expiry(files: &BTreeMap<ElementaryFile, Vec<u8>>, now: i64) -> Option<DocumentExpiry> {
    let mrz = parse_dg1(files.get(&ElementaryFile::Dg(1))?).ok()?;
    let digits = mrz.date_of_expiry.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<u8> {
        std::str::from_utf8(digits.get(range)?).ok()?.parse().ok()
    };
    let date = PartialDate {
        year: 2000 + u16::from(number(0..2)?),
        month: number(2..4).filter(|m| (1..=12).contains(m)),
        day: number(4..6).filter(|d| (1..=31).contains(d)),
    };
    let today = Today::from_unix_seconds(now);
    let last_day = (date.year, date.month.unwrap_or(12), date.day.unwrap_or(31));
    Some(DocumentExpiry {
        date: date.to_string(),
        expired: last_day < (today.year, today.month, today.day),
    })
}
