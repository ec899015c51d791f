//! The trust store and certification paths over the committed test PKI (fixtures/pki): CSCA
//! rollover with a link certificate, explicit EC parameters, expiry against a pinned clock,
//! revocation, master lists accepted only under a configured CSCA, and load reports.

use egate_core::passive::{
    CertificateRecord, ChainError, Freshness, LoadOutcome, TrustStore, build_chain,
};
use egate_core::ports::FixedClock;

/// 2026-06-01T00:00:00Z.
const NOW: i64 = 1_780_272_000;
/// 2021-06-01T00:00:00Z.
const IN_2021: i64 = 1_622_505_600;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../fixtures/pki/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn certificate(name: &str) -> CertificateRecord {
    let pem = fixture(name);
    let (_, der) = der::pem::decode_vec(&pem).unwrap();
    CertificateRecord::from_der(&der).unwrap()
}

fn store(names: &[&str], now: i64) -> TrustStore {
    TrustStore::from_inputs(
        names.iter().map(|n| (n.to_string(), fixture(n))).collect(),
        &FixedClock(now),
    )
}

fn subjects(chain: &[CertificateRecord]) -> Vec<(String, String)> {
    chain
        .iter()
        .map(|c| {
            let s = c.summary();
            (s.subject, s.serial)
        })
        .collect()
}

#[test]
fn every_document_signer_chains_to_its_csca() {
    let trust = store(&["csca-utopia-2020.pem", "csca-utopia-2024.pem"], NOW);
    assert_eq!(trust.certificates().len(), 2);
    for (signer, anchor_serial) in [
        ("ds-rsa-pkcs1.pem", "01"),
        ("ds-rsa-pss.pem", "01"),
        ("ds-p256.pem", "02"),
        ("ds-bp384.pem", "02"),
        ("ds-revoked.pem", "02"),
    ] {
        let chain = build_chain(&certificate(signer), trust.certificates(), NOW)
            .unwrap_or_else(|e| panic!("{signer}: {e}"));
        assert_eq!(chain.len(), 2, "{signer}");
        assert_eq!(subjects(&chain)[1].1, anchor_serial, "{signer}");
    }
}

#[test]
fn a_link_certificate_carries_trust_across_the_rollover() {
    let signer = certificate("ds-p256.pem");
    let old_only = store(&["csca-utopia-2020.pem"], NOW);
    assert!(matches!(
        build_chain(&signer, old_only.certificates(), NOW),
        Err(ChainError::UnknownIssuer { .. })
    ));
    let with_link = store(&["csca-utopia-2020.pem", "link-utopia-2024.pem"], NOW);
    let chain = build_chain(&signer, with_link.certificates(), NOW).unwrap();
    let serials: Vec<String> = subjects(&chain).into_iter().map(|(_, s)| s).collect();
    assert_eq!(serials, ["C9", "03", "01"]);
}

#[test]
fn expiry_follows_the_pinned_clock() {
    let trust = store(&["csca-utopia-2024.pem"], NOW);
    let expired = certificate("ds-expired.pem");
    assert!(matches!(
        build_chain(&expired, trust.certificates(), NOW),
        Err(ChainError::Expired { .. })
    ));
    assert!(build_chain(&expired, trust.certificates(), IN_2021).is_ok());
}

#[test]
fn an_unrelated_signer_is_unknown_and_a_forged_signature_is_caught() {
    let trust = store(&["csca-utopia-2020.pem", "csca-utopia-2024.pem"], NOW);
    assert!(matches!(
        build_chain(&certificate("ds-unrelated.pem"), trust.certificates(), NOW),
        Err(ChainError::UnknownIssuer { .. })
    ));
    let genuine = certificate("ds-p256.pem");
    let mut forged = genuine.der().to_vec();
    let last = forged.len() - 3;
    forged[last] ^= 0x01;
    let forged = CertificateRecord::from_der(&forged).unwrap();
    assert!(matches!(
        build_chain(&forged, trust.certificates(), NOW),
        Err(ChainError::Signature { .. })
    ));
}

#[test]
fn crls_are_verified_applied_and_checked_for_freshness() {
    let trust = store(
        &[
            "csca-utopia-2020.pem",
            "csca-utopia-2024.pem",
            "crl-utopia-2020.crl",
            "crl-utopia-2024.crl",
            "crl-utopia-2024-stale.crl",
        ],
        NOW,
    );
    assert_eq!(trust.crls().len(), 3, "{:?}", trust.report());
    let revoked = certificate("ds-revoked.pem");
    let dates: Vec<String> = trust
        .crls()
        .iter()
        .filter_map(|crl| crl.revocation_of(&revoked))
        .collect();
    assert_eq!(dates.len(), 2);
    assert!(dates[0].starts_with("2024-06-01"));
    assert!(
        trust
            .crls()
            .iter()
            .all(|crl| crl.revocation_of(&certificate("ds-p256.pem")).is_none())
    );
    let stale = trust
        .crls()
        .iter()
        .filter(|crl| matches!(crl.freshness(NOW), Freshness::Stale { .. }))
        .count();
    assert_eq!(stale, 1);
}

#[test]
fn a_crl_without_its_csca_is_rejected_in_the_report() {
    let trust = store(&["csca-unrelated.pem", "crl-utopia-2024.crl"], NOW);
    assert!(trust.crls().is_empty());
    assert!(matches!(
        &trust.report().entries[1].outcome,
        LoadOutcome::Rejected { reason } if reason.contains("CSCA")
    ));
}

#[test]
fn a_master_list_is_trusted_only_under_a_configured_csca() {
    let trusted = store(&["csca-utopia-2024.pem", "masterlist-utopia.ml"], NOW);
    assert!(
        trusted.report().entries.iter().any(|e| matches!(
            e.outcome,
            LoadOutcome::MasterList {
                certificates: 3,
                ..
            }
        )),
        "{:?}",
        trusted.report()
    );
    assert_eq!(trusted.certificates().len(), 3);
    assert!(
        build_chain(
            &certificate("ds-rsa-pkcs1.pem"),
            trusted.certificates(),
            NOW
        )
        .is_ok()
    );

    for alone in [
        store(&["masterlist-utopia.ml"], NOW),
        store(&["csca-unrelated.pem", "masterlist-utopia.ml"], NOW),
    ] {
        assert!(
            alone
                .certificates()
                .iter()
                .all(|c| !c.summary().subject.contains("Utopia"))
        );
        assert!(alone.report().entries.iter().any(|e| matches!(
            &e.outcome,
            LoadOutcome::Rejected { reason } if reason.contains("not trusted")
        )));
    }

    let mut forged = fixture("masterlist-utopia.ml");
    let middle = forged.len() / 2;
    forged[middle] ^= 0x20;
    let tampered = TrustStore::from_inputs(
        vec![
            ("csca.pem".into(), fixture("csca-utopia-2024.pem")),
            ("forged.ml".into(), forged),
        ],
        &FixedClock(NOW),
    );
    assert_eq!(tampered.certificates().len(), 1);
}

#[test]
fn malformed_inputs_land_in_the_load_report() {
    let mut pem = String::from_utf8(fixture("csca-utopia-2020.pem")).unwrap();
    pem.push_str("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    let trust = TrustStore::from_inputs(
        vec![
            ("garbage.bin".into(), b"not a certificate".to_vec()),
            ("signer.pem".into(), fixture("ds-p256.pem")),
            ("mixed.pem".into(), pem.into_bytes()),
        ],
        &FixedClock(NOW),
    );
    assert!(trust.certificates().is_empty());
    let rejected = trust
        .report()
        .entries
        .iter()
        .filter(|e| matches!(e.outcome, LoadOutcome::Rejected { .. }))
        .count();
    assert_eq!(rejected, 3, "{:?}", trust.report());
}

#[test]
fn explicit_parameters_must_equal_a_known_curve_exactly() {
    use der::{Decode, Encode};
    use egate_core::passive::{EcCurve, PassiveError};
    let signer = certificate("ds-bp384.pem");
    let parameters = signer
        .certificate()
        .tbs_certificate()
        .subject_public_key_info()
        .algorithm
        .parameters
        .clone()
        .unwrap();
    assert_eq!(
        EcCurve::from_parameters(Some(&parameters)),
        Ok(EcCurve::Bp384)
    );
    let encoded = parameters.to_der().unwrap();
    let prime_start = encoded
        .windows(4)
        .position(|w| w == [0x8C, 0xB9, 0x1E, 0x82])
        .unwrap();
    for offset in [
        prime_start + 10,
        prime_start + 60,
        encoded.len() - 30,
        encoded.len() - 1,
    ] {
        let mut altered = encoded.clone();
        altered[offset] ^= 0x04;
        let Ok(any) = der::Any::from_der(&altered) else {
            continue;
        };
        assert!(
            matches!(
                EcCurve::from_parameters(Some(&any)),
                Err(PassiveError::UnsupportedCurve(_) | PassiveError::MalformedKey(_))
            ),
            "offset {offset}"
        );
    }
}
