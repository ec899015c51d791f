//! PACE between the core's reader and the simulated chip: every defined protocol × standardized
//! parameter set from the ICAO 9303-11 tables with both passwords, chip authentication mapping
//! proofs, wrong passwords, extended-length fallbacks and the no-downgrade rule.

use egate_core::access::{AccessKey, AccessPolicy, AccessProtocol, Can};
use egate_core::card::{CardError, PasswordKind};
use egate_core::mrz::MrzKey;
use egate_core::pace::{
    Agreement, CamCheck, Mapping, PaceError, standard_group, verify_chip_authentication,
};
use egate_core::ports::TransportCapabilities;
use egate_core::read::{NoProgress, ProbeResult, ReadOptions, probe, read_document};
use egate_simulator::document::{PaceOffering, pace_static_secret};
use egate_simulator::{Profile, SimulatedTransport, VirtualChip};

fn transport(profile: &Profile, caps: TransportCapabilities) -> Box<SimulatedTransport> {
    Box::new(SimulatedTransport::new(
        VirtualChip::new(profile).unwrap(),
        caps,
        profile.link,
    ))
}

fn mrz(profile: &Profile) -> AccessKey {
    AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).unwrap())
}

fn can(profile: &Profile) -> AccessKey {
    AccessKey::Can(Can::new(&profile.document.can).unwrap())
}

fn open(
    profile: &Profile,
    key: &AccessKey,
    caps: TransportCapabilities,
    policy: AccessPolicy,
) -> Result<ProbeResult, CardError> {
    probe(
        transport(profile, caps),
        key,
        &ReadOptions {
            policy,
            ..ReadOptions::default()
        },
        &NoProgress,
    )
}

fn run_matrix(agreement: Agreement) {
    let offerings: Vec<PaceOffering> = PaceOffering::matrix()
        .into_iter()
        .filter(|o| o.protocol.agreement == agreement)
        .collect();
    assert!(!offerings.is_empty());
    for offering in offerings {
        let profile = Profile::pace_only(offering);
        for key in [mrz(&profile), can(&profile)] {
            let result = open(
                &profile,
                &key,
                TransportCapabilities::EXTENDED,
                AccessPolicy::default(),
            )
            .unwrap_or_else(|e| panic!("{} with {:?}: {e}", offering.name(), key.kind()));
            let access = &result.session.access;
            assert_eq!(access.protocol, AccessProtocol::Pace);
            assert_eq!(access.password, key.kind());
            let pace = access.pace.as_ref().unwrap();
            assert_eq!(pace.protocol, offering.protocol, "{}", offering.name());
            assert_eq!(pace.parameter_id, offering.parameter_id);
            assert_eq!(access.cipher, offering.protocol.cipher);
            match &pace.cam {
                Some(evidence) => {
                    let group = standard_group(offering.parameter_id).unwrap();
                    let secret = pace_static_secret(
                        &profile.document.mrz.document_number,
                        offering.parameter_id,
                    )
                    .unwrap();
                    let static_key = group
                        .multiply(&group.generator(), &secret, "generator")
                        .unwrap();
                    assert!(
                        verify_chip_authentication(group.as_ref(), evidence, &static_key).unwrap(),
                        "{}",
                        offering.name()
                    );
                    assert_eq!(pace.cam_check, Some(CamCheck::MatchesCardSecurity));
                }
                None => assert_ne!(offering.protocol.mapping, Mapping::ChipAuthentication),
            }
        }
    }
}

#[test]
fn every_ecdh_protocol_and_curve_with_mrz_and_can() {
    run_matrix(Agreement::Ecdh);
}

#[test]
fn every_dh_protocol_and_group_with_mrz_and_can() {
    run_matrix(Agreement::Dh);
}

#[test]
fn the_matrix_covers_the_icao_tables() {
    let matrix = PaceOffering::matrix();
    // DH: 3 groups × (GM + IM) × 4 ciphers; ECDH: 11 curves × GM × 4, 10 curves × IM × 4
    // (P-224 has no IM), 11 curves × CAM × 3 AES ciphers.
    assert_eq!(matrix.len(), 24 + 44 + 40 + 33);
}

#[test]
fn a_full_read_over_pace_cam_reads_every_file() {
    let profile = Profile::by_name("td1-id").unwrap();
    let result = read_document(
        transport(&profile, TransportCapabilities::SHORT_ONLY),
        &can(&profile),
        &ReadOptions::default(),
        &NoProgress,
    )
    .unwrap();
    let pace = result.session.access.pace.as_ref().unwrap();
    assert_eq!(pace.protocol.mapping, Mapping::ChipAuthentication);
    assert_eq!(pace.group, "brainpoolP256r1");
    assert_eq!(result.mrz, profile.document.mrz);
    assert!(result.files.len() >= 9, "{:?}", result.files.keys());
}

#[test]
fn wrong_mrz_and_wrong_can_are_access_denied_naming_the_password() {
    let profile = Profile::by_name("pace-ecdh-gm-aes128-13").unwrap();
    let wrong_mrz = AccessKey::Mrz(MrzKey::from_typed("A12Z34568", "900315", "310314").unwrap());
    let err = open(
        &profile,
        &wrong_mrz,
        TransportCapabilities::EXTENDED,
        AccessPolicy::default(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        CardError::AccessDenied {
            password: PasswordKind::Mrz
        }
    );
    let wrong_can = AccessKey::Can(Can::new("123457").unwrap());
    let err = open(
        &profile,
        &wrong_can,
        TransportCapabilities::EXTENDED,
        AccessPolicy::default(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        CardError::AccessDenied {
            password: PasswordKind::Can
        }
    );
}

fn offering(name: &str) -> PaceOffering {
    PaceOffering::parse(name).unwrap()
}

#[test]
fn the_strongest_offered_protocol_is_chosen() {
    let mut profile = Profile::by_name("td1-id").unwrap();
    profile.document.pace = ["ecdh-gm-3des-12", "ecdh-im-aes256-17", "dh-gm-aes128-0"]
        .map(offering)
        .to_vec();
    let result = open(
        &profile,
        &mrz(&profile),
        TransportCapabilities::EXTENDED,
        AccessPolicy::default(),
    )
    .unwrap();
    let pace = result.session.access.pace.unwrap();
    assert_eq!(pace.protocol, offering("ecdh-im-aes256-17").protocol);
    assert_eq!(pace.group, "brainpoolP512r1");
}

#[test]
fn long_dh_keys_fall_back_to_the_next_offer_on_short_readers_and_chips() {
    let mut profile = Profile::by_name("td1-id").unwrap();
    profile.document.pace = ["dh-gm-aes256-2", "dh-gm-aes128-0"].map(offering).to_vec();
    // The reader has no extended length: parameter ID 2 is set aside before sending anything.
    let result = open(
        &profile,
        &mrz(&profile),
        TransportCapabilities::SHORT_ONLY,
        AccessPolicy::default(),
    )
    .unwrap();
    let pace = result.session.access.pace.unwrap();
    assert_eq!(pace.parameter_id, 0);
    assert!(
        pace.set_aside[0].contains("extended-length"),
        "{:?}",
        pace.set_aside
    );
    // The chip refuses extended length (6700): the reader moves on to parameter ID 0.
    profile.capabilities.extended_length = false;
    let result = open(
        &profile,
        &mrz(&profile),
        TransportCapabilities::EXTENDED,
        AccessPolicy::default(),
    )
    .unwrap();
    let pace = result.session.access.pace.unwrap();
    assert_eq!(pace.parameter_id, 0);
    assert!(
        pace.set_aside[0].contains("chip refused"),
        "{:?}",
        pace.set_aside
    );
}

#[test]
fn a_pace_chip_is_never_read_with_bac_unless_fallback_is_allowed() {
    let mut profile = Profile::by_name("td1-id").unwrap();
    profile.document.pace = vec![offering("dh-gm-aes128-2")];
    let err = open(
        &profile,
        &mrz(&profile),
        TransportCapabilities::SHORT_ONLY,
        AccessPolicy::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, CardError::UnsupportedByTransport(_)),
        "{err:?}"
    );
    let allowed = AccessPolicy {
        allow_bac_fallback: true,
    };
    let result = open(
        &profile,
        &mrz(&profile),
        TransportCapabilities::SHORT_ONLY,
        allowed,
    )
    .unwrap();
    assert_eq!(result.session.access.protocol, AccessProtocol::Bac);
    assert!(result.session.access.bac_fallback);
    // A CAN never falls back: BAC has no CAN.
    let err = open(
        &profile,
        &can(&profile),
        TransportCapabilities::SHORT_ONLY,
        allowed,
    )
    .unwrap_err();
    assert!(
        matches!(err, CardError::UnsupportedByTransport(_)),
        "{err:?}"
    );
}

#[test]
fn an_allowed_fallback_on_a_pace_only_chip_reports_both_failures() {
    let profile = Profile::by_name("pace-dh-gm-aes128-2").unwrap();
    let allowed = AccessPolicy {
        allow_bac_fallback: true,
    };
    let err = open(
        &profile,
        &mrz(&profile),
        TransportCapabilities::SHORT_ONLY,
        allowed,
    )
    .unwrap_err();
    assert!(
        matches!(err, CardError::Pace(PaceError::NoUsableProtocol(ref why))
            if why.contains("extended length") && why.contains("BAC fallback failed")),
        "{err:?}"
    );
}

#[test]
fn a_pace_only_chip_refuses_bac() {
    let profile = Profile::by_name("pace-ecdh-gm-aes128-12").unwrap();
    let mut chip = VirtualChip::new(&profile).unwrap();
    assert_eq!(
        chip.process(&[0x00, 0x84, 0x00, 0x00, 0x08]),
        vec![0x69, 0x82]
    );
}
