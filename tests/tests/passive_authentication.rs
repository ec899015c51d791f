//! Passive authentication of the simulator's signed documents against the committed test PKI:
//! every signer algorithm valid, expired, revoked and unrelated signers failing for the right
//! reason, trust through a master list or a link certificate, the clock pinned, and the chip
//! verdict of both cloned-chip modes.

use egate_core::access::AccessKey;
use egate_core::lds::{ElementaryFile, HashCheck};
use egate_core::mrz::MrzKey;
use egate_core::passive::{
    PassiveReport, PassiveStatus, Revocation, TrustStore, passive_authentication,
};
use egate_core::ports::{FixedClock, TransportCapabilities};
use egate_core::read::{ChipStatus, NoProgress, ReadOptions, read_document, verify_read};
use egate_simulator::{Profile, SimulatedTransport, VirtualChip};
use std::collections::BTreeMap;

/// 2026-06-01T00:00:00Z.
const NOW: i64 = 1_780_272_000;
/// 2021-06-01T00:00:00Z.
const IN_2021: i64 = 1_622_505_600;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../fixtures/pki/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn trust(names: &[&str], now: i64) -> TrustStore {
    TrustStore::from_inputs(
        names.iter().map(|n| (n.to_string(), fixture(n))).collect(),
        &FixedClock(now),
    )
}

fn utopia(now: i64) -> TrustStore {
    trust(
        &[
            "csca-utopia-2020.pem",
            "csca-utopia-2024.pem",
            "crl-utopia-2020.crl",
            "crl-utopia-2024.crl",
        ],
        now,
    )
}

fn files(profile: &str) -> BTreeMap<ElementaryFile, Vec<u8>> {
    Profile::by_name(profile)
        .unwrap()
        .document
        .build_files()
        .unwrap()
}

fn codes(report: &PassiveReport) -> Vec<&'static str> {
    report.reasons.iter().map(|r| r.code()).collect()
}

#[test]
fn every_signer_algorithm_verifies() {
    let store = utopia(NOW);
    for (profile, key) in [
        ("td1-id", "ECDSA Bp384"),
        ("td3-passport", "RSA-2048"),
        ("td3-passport-large", "RSA-2048"),
        ("pace-ecdh-gm-aes128-12", "ECDSA P256"),
    ] {
        let report = passive_authentication(&files(profile), Some(&store), &FixedClock(NOW));
        assert_eq!(
            report.status,
            PassiveStatus::Valid,
            "{profile}: {:?}",
            report.reasons
        );
        assert_eq!(report.revocation, Revocation::Checked, "{profile}");
        assert!(report.warnings.is_empty(), "{profile}");
        assert_eq!(
            report.document_signer.as_ref().unwrap().key,
            key,
            "{profile}"
        );
        assert!(
            report
                .csca
                .as_ref()
                .unwrap()
                .subject
                .contains("CSCA Utopia")
        );
        assert!(
            report.data_groups.values().all(|c| *c == HashCheck::Match),
            "{profile}: {:?}",
            report.data_groups
        );
        assert_eq!(
            report.card_security.as_ref().map(|c| c.status),
            Some(PassiveStatus::Valid),
            "{profile}"
        );
        assert!(!report.document_expiry.unwrap().expired, "{profile}");
    }
}

#[test]
fn the_indefinite_length_sod_is_verified_over_its_bytes_as_read() {
    let files = files("td3-passport");
    assert_eq!(&files[&ElementaryFile::Sod][..2], &[0x77, 0x80], "BER SOD");
    let report = passive_authentication(&files, Some(&utopia(NOW)), &FixedClock(NOW));
    assert_eq!(report.status, PassiveStatus::Valid, "{:?}", report.reasons);
}

#[test]
fn expired_signers_fail_today_and_pass_with_the_clock_pinned_in_their_validity() {
    let files = files("td1-id-expired-signer");
    let today = passive_authentication(&files, Some(&utopia(NOW)), &FixedClock(NOW));
    assert_eq!(today.status, PassiveStatus::Invalid);
    assert_eq!(codes(&today), ["certificate_expired"]);
    let then = passive_authentication(&files, Some(&utopia(IN_2021)), &FixedClock(IN_2021));
    assert_eq!(then.status, PassiveStatus::Valid, "{:?}", then.reasons);
}

#[test]
fn a_revoked_signer_fails_and_a_missing_or_stale_crl_is_reported() {
    let files = files("td1-id-revoked-signer");
    let report = passive_authentication(&files, Some(&utopia(NOW)), &FixedClock(NOW));
    assert_eq!(report.status, PassiveStatus::Invalid);
    assert_eq!(report.revocation, Revocation::Revoked);
    assert_eq!(codes(&report), ["revoked"]);

    let no_crl = trust(&["csca-utopia-2024.pem"], NOW);
    let report = passive_authentication(&files, Some(&no_crl), &FixedClock(NOW));
    assert_eq!(report.status, PassiveStatus::Valid);
    assert_eq!(report.revocation, Revocation::NoCrl);

    let stale = trust(&["csca-utopia-2024.pem", "crl-utopia-2024-stale.crl"], NOW);
    let report = passive_authentication(&self::files("td1-id"), Some(&stale), &FixedClock(NOW));
    assert_eq!(report.revocation, Revocation::NoCrl);
    assert_eq!(report.warnings[0].code, "crl_stale");
    let revoked_anyway = passive_authentication(&files, Some(&stale), &FixedClock(NOW));
    assert_eq!(revoked_anyway.revocation, Revocation::Revoked);
}

#[test]
fn an_unknown_csca_is_untrusted_and_no_trust_store_is_not_performed() {
    let report = passive_authentication(
        &files("td1-id-unrelated-signer"),
        Some(&utopia(NOW)),
        &FixedClock(NOW),
    );
    assert_eq!(report.status, PassiveStatus::Untrusted);
    assert_eq!(codes(&report), ["csca_unknown"]);
    assert!(report.data_groups.values().all(|c| *c == HashCheck::Match));

    let report = passive_authentication(&files("td1-id"), None, &FixedClock(NOW));
    assert_eq!(report.status, PassiveStatus::NotPerformed);
    assert_eq!(codes(&report), ["no_trust_store"]);
    assert!(report.document_signer.is_some());
}

#[test]
fn trust_flows_through_a_master_list_and_through_a_link_certificate() {
    let through_list = trust(&["csca-utopia-2024.pem", "masterlist-utopia.ml"], NOW);
    let report = passive_authentication(
        &files("td3-passport"),
        Some(&through_list),
        &FixedClock(NOW),
    );
    assert_eq!(report.status, PassiveStatus::Valid, "{:?}", report.reasons);

    let old_and_link = trust(&["csca-utopia-2020.pem", "link-utopia-2024.pem"], NOW);
    let report = passive_authentication(&files("td1-id"), Some(&old_and_link), &FixedClock(NOW));
    assert_eq!(report.status, PassiveStatus::Valid, "{:?}", report.reasons);
    assert_eq!(report.link_certificates.len(), 1);
    assert_eq!(report.csca.unwrap().serial, "01");

    let old_only = trust(&["csca-utopia-2020.pem"], NOW);
    let report = passive_authentication(&files("td1-id"), Some(&old_only), &FixedClock(NOW));
    assert_eq!(report.status, PassiveStatus::Untrusted);
}

#[test]
fn document_expiry_is_reported_apart_from_the_status() {
    let far_future = 4_102_444_800; // 2100-01-01
    let report = passive_authentication(
        &files("td1-id"),
        Some(&utopia(NOW)),
        &FixedClock(far_future),
    );
    let expiry = report.document_expiry.clone().unwrap();
    assert!(expiry.expired);
    assert!(codes(&report).contains(&"certificate_expired"));
}

fn read(profile: &Profile) -> egate_core::read::CardRead {
    let chip = VirtualChip::new(profile).unwrap();
    let transport = SimulatedTransport::new(chip, TransportCapabilities::EXTENDED, profile.link);
    let key = AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).unwrap());
    read_document(
        Box::new(transport),
        &key,
        &ReadOptions::default(),
        &NoProgress,
    )
    .unwrap()
}

#[test]
fn the_chip_is_valid_only_with_a_passively_authenticated_key() {
    let store = utopia(NOW);
    for name in ["td1-id", "td3-passport"] {
        let result = read(&Profile::by_name(name).unwrap());
        let verification = verify_read(&result, Some(&store), &FixedClock(NOW));
        assert_eq!(verification.passive.status, PassiveStatus::Valid, "{name}");
        assert_eq!(
            verification.chip,
            ChipStatus::Valid,
            "{name}: {:?}",
            result.chip
        );
        let unverified = verify_read(&result, None, &FixedClock(NOW));
        assert_eq!(unverified.chip, ChipStatus::UnverifiedKey, "{name}");
    }
}

#[test]
fn both_cloned_chip_modes_fail() {
    let store = utopia(NOW);
    let wrong_key = read(&Profile::by_name("td1-id-clone-wrong-key").unwrap());
    let verification = verify_read(&wrong_key, Some(&store), &FixedClock(NOW));
    assert_eq!(
        verification.chip,
        ChipStatus::Invalid,
        "{:?}",
        wrong_key.chip
    );
    assert_eq!(verification.passive.status, PassiveStatus::Valid);

    let own_keys = read(&Profile::by_name("td1-id-clone-own-keys").unwrap());
    let verification = verify_read(&own_keys, Some(&store), &FixedClock(NOW));
    assert_eq!(
        verification.chip,
        ChipStatus::UnverifiedKey,
        "{:?}",
        own_keys.chip
    );
    assert_eq!(verification.passive.status, PassiveStatus::Invalid);
    assert!(codes(&verification.passive).contains(&"data_group_hash_mismatch"));
}

#[test]
fn the_committed_passport_fixture_is_what_the_simulator_builds() {
    let dir = format!(
        "{}/../fixtures/documents/td3-passport",
        env!("CARGO_MANIFEST_DIR")
    );
    let built = files("td3-passport");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), built.len());
    for (file, bytes) in &built {
        let committed = std::fs::read(format!("{dir}/{}.bin", file.name())).unwrap();
        assert_eq!(
            &committed,
            bytes,
            "{} (regenerate with `egate card sim export`)",
            file.name()
        );
    }
}
