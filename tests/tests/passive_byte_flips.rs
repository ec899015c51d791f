//! Tampering: every byte of the small data groups, of EF.SOD's signed attributes and of the
//! document signer certificate, and random bytes of the face, when flipped, make passive
//! authentication fail with the reason that names what was altered.

use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::{Decode, Encode};
use egate_core::lds::{ElementaryFile, normalise_lengths, parse_sod};
use egate_core::passive::{
    HashAlgorithm, PassiveReport, PassiveStatus, TrustStore, passive_authentication,
};
use egate_core::ports::FixedClock;
use egate_simulator::Profile;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// 2026-06-01T00:00:00Z.
const NOW: i64 = 1_780_272_000;

struct Fixture {
    files: BTreeMap<ElementaryFile, Vec<u8>>,
    trust: TrustStore,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let read = |name: &str| {
            let path = format!("{}/../fixtures/pki/{name}", env!("CARGO_MANIFEST_DIR"));
            std::fs::read(path).unwrap()
        };
        let trust = TrustStore::from_inputs(
            ["csca-utopia-2024.pem", "crl-utopia-2024.crl"]
                .iter()
                .map(|n| (n.to_string(), read(n)))
                .collect(),
            &FixedClock(NOW),
        );
        let mut files = Profile::by_name("td1-id")
            .unwrap()
            .document
            .build_files()
            .unwrap();
        // EF.CardSecurity has its own signature check; leaving it out halves the work per flip.
        files.remove(&ElementaryFile::CardSecurity);
        let report = passive_authentication(&files, Some(&trust), &FixedClock(NOW));
        assert_eq!(report.status, PassiveStatus::Valid, "{:?}", report.reasons);
        Fixture { files, trust }
    })
}

fn with_flip(file: ElementaryFile, index: usize, mask: u8) -> PassiveReport {
    let fixture = fixture();
    let mut files = fixture.files.clone();
    let bytes = files.get_mut(&file).unwrap();
    bytes[index] ^= mask;
    passive_authentication(&files, Some(&fixture.trust), &FixedClock(NOW))
}

fn codes(report: &PassiveReport) -> Vec<&'static str> {
    report.reasons.iter().map(|r| r.code()).collect()
}

fn position(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("present")
}

fn signed_data() -> SignedData {
    let sod = normalise_lengths(&fixture().files[&ElementaryFile::Sod]).unwrap();
    let (outer, _) = egate_core::tlv::split_first(&sod).unwrap();
    ContentInfo::from_der(outer.value)
        .unwrap()
        .content
        .decode_as()
        .unwrap()
}

#[test]
fn every_byte_of_the_small_data_groups() {
    for n in [1u8, 7, 11, 12, 14, 15] {
        let file = ElementaryFile::Dg(n);
        for index in 0..fixture().files[&file].len() {
            let report = with_flip(file, index, 0x01);
            assert_eq!(report.status, PassiveStatus::Invalid, "DG{n} byte {index}");
            assert_eq!(
                codes(&report),
                ["data_group_hash_mismatch"],
                "DG{n} byte {index}"
            );
            assert_eq!(
                report.reasons[0].to_string(),
                format!("DG{n} does not match its hash in EF.SOD")
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_byte_of_the_face(index in any::<prop::sample::Index>(), mask in 1u8..=255) {
        let file = ElementaryFile::Dg(2);
        let index = index.index(fixture().files[&file].len());
        let report = with_flip(file, index, mask);
        prop_assert_eq!(report.status, PassiveStatus::Invalid);
        prop_assert_eq!(codes(&report), ["data_group_hash_mismatch"]);
    }
}

#[test]
fn every_byte_of_the_signed_attributes() {
    let signed_data = signed_data();
    let signer = &signed_data.signer_infos.0.as_slice()[0];
    let mut attributes = signer.signed_attrs.as_ref().unwrap().to_der().unwrap();
    attributes[0] = 0xA0;
    let sod = &fixture().files[&ElementaryFile::Sod];
    let start = position(sod, &attributes);
    let sod_security_object = parse_sod(sod).unwrap().encapsulated_content;
    let digest = HashAlgorithm::Sha384.digest(&sod_security_object);
    let digest_at = start + position(&attributes, &digest);
    for index in start..start + attributes.len() {
        let report = with_flip(ElementaryFile::Sod, index, 0x01);
        assert_eq!(report.status, PassiveStatus::Invalid, "byte {index}");
        let codes = codes(&report);
        if (digest_at..digest_at + digest.len()).contains(&index) {
            assert_eq!(codes, ["message_digest_mismatch"], "byte {index}");
        } else {
            assert_eq!(codes.len(), 1, "byte {index}: {codes:?}");
            assert!(
                [
                    "signature_invalid",
                    "message_digest_mismatch",
                    "content_type_mismatch",
                    "signed_data_malformed",
                    "sod_malformed",
                ]
                .contains(&codes[0]),
                "byte {index}: {codes:?}"
            );
        }
    }
}

#[test]
fn every_byte_of_the_document_signer_certificate() {
    let signed_data = signed_data();
    let certificate = signed_data.certificates.as_ref().unwrap().0.as_slice()[0]
        .to_der()
        .unwrap();
    let sod = &fixture().files[&ElementaryFile::Sod];
    let start = position(sod, &certificate);
    for index in start..start + certificate.len() {
        let report = with_flip(ElementaryFile::Sod, index, 0x01);
        assert_ne!(report.status, PassiveStatus::Valid, "byte {index}");
        let codes = codes(&report);
        assert!(!codes.is_empty(), "byte {index}");
        for code in &codes {
            assert!(
                [
                    "signer_certificate_missing",
                    "signer_certificate_malformed",
                    "signed_data_malformed",
                    "sod_malformed",
                    "signature_invalid",
                    "certificate_signature_invalid",
                    "csca_unknown",
                    "certificate_expired",
                    "certificate_not_yet_valid",
                ]
                .contains(code),
                "byte {index}: {codes:?}"
            );
        }
    }
}
