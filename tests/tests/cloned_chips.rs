//! Cloned chips read by the core: a clone holding other private keys than its genuine files
//! publish fails CAM, Chip Authentication and Active Authentication; a clone publishing its own
//! keys passes them, but its DG14 and DG15 no longer match the genuine EF.SOD.

use egate_core::access::{AccessKey, AccessProtocol, establish};
use egate_core::card::{CardError, CardSession};
use egate_core::chip::{
    chip_authenticate, chip_authentication_choice, internal_authenticate,
    verify_active_authentication,
};
use egate_core::lds::{ElementaryFile, HashCheck, parse_dg14, parse_dg15, parse_sod};
use egate_core::mrz::MrzKey;
use egate_core::pace::CamCheck;
use egate_core::ports::TransportCapabilities;
use egate_core::read::{CardRead, ChipMethod, NoProgress, ReadOptions, read_document};
use egate_simulator::document::CloneMode;
use egate_simulator::{Profile, SimulatedTransport, VirtualChip};
use std::collections::BTreeMap;

fn transport(profile: &Profile) -> Box<SimulatedTransport> {
    Box::new(SimulatedTransport::new(
        VirtualChip::new(profile).unwrap(),
        TransportCapabilities::EXTENDED,
        profile.link,
    ))
}

fn key(profile: &Profile) -> AccessKey {
    AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).unwrap())
}

fn read(profile: &Profile) -> Result<CardRead, CardError> {
    read_document(
        transport(profile),
        &key(profile),
        &ReadOptions::default(),
        &NoProgress,
    )
}

fn files(profile: &Profile) -> BTreeMap<ElementaryFile, Vec<u8>> {
    VirtualChip::new(profile).unwrap().files().clone()
}

/// A BAC session (no EF.CardAccess given, so no PACE and no CAM), for CA and AA on their own.
fn bac_session(profile: &Profile) -> CardSession {
    let mut session = CardSession::new(transport(profile));
    let outcome = establish(&mut session, &key(profile), Default::default(), None).unwrap();
    assert_eq!(outcome.protocol, AccessProtocol::Bac);
    session
}

/// Whether Chip Authentication with the DG14 key and Active Authentication with the DG15 key
/// succeed, each in a fresh BAC session.
fn chip_protocols(profile: &Profile) -> (bool, bool) {
    let files = files(profile);
    let dg14 = parse_dg14(&files[&ElementaryFile::Dg(14)]).unwrap();
    let choice = chip_authentication_choice(&dg14).expect("DG14 offers CA");
    let ca = chip_authenticate(&mut bac_session(profile), &choice).is_ok();
    let aa_key = parse_dg15(&files[&ElementaryFile::Dg(15)]).unwrap();
    let algorithm = dg14.chip_security_infos().active_authentication_algorithm;
    let answer = internal_authenticate(&mut bac_session(profile), Some(*b"SRVNONCE")).unwrap();
    let aa = verify_active_authentication(&aa_key, algorithm.as_ref(), &answer) == Ok(true);
    (ca, aa)
}

#[test]
fn the_genuine_card_passes_every_chip_protocol() {
    assert_eq!(
        chip_protocols(&Profile::by_name("td1-id").unwrap()),
        (true, true)
    );
}

#[test]
fn a_clone_without_the_genuine_keys_fails_cam_ca_and_aa() {
    let clone = Profile::by_name("td1-id-clone-wrong-key").unwrap();
    assert_eq!(clone.document.clone_mode, Some(CloneMode::WrongKey));
    let genuine = files(&Profile::by_name("td1-id").unwrap());
    assert_eq!(
        files(&clone),
        genuine,
        "a wrong-key clone copies every file"
    );

    let read = read(&clone).unwrap();
    assert_eq!(read.chip.method, Some(ChipMethod::Cam));
    assert!(
        read.chip
            .failure
            .as_deref()
            .is_some_and(|f| f.contains("CAM")),
        "{:?}",
        read.chip
    );
    let pace = read.session.access.pace.as_ref().unwrap();
    assert_eq!(pace.cam_check, Some(CamCheck::Mismatch));
    assert_eq!(chip_protocols(&clone), (false, false));
}

#[test]
fn a_clone_with_its_own_keys_passes_the_protocols_but_not_the_sod() {
    let clone = Profile::by_name("td1-id-clone-own-keys").unwrap();
    assert_eq!(clone.document.clone_mode, Some(CloneMode::OwnKeys));
    let genuine = files(&Profile::by_name("td1-id").unwrap());
    let copied = files(&clone);
    assert_eq!(copied[&ElementaryFile::Sod], genuine[&ElementaryFile::Sod]);
    for file in [
        ElementaryFile::Dg(14),
        ElementaryFile::Dg(15),
        ElementaryFile::CardSecurity,
    ] {
        assert_ne!(copied[&file], genuine[&file], "{}", file.name());
    }

    let read = read(&clone).unwrap();
    assert_eq!(read.chip.method, Some(ChipMethod::Cam));
    assert!(read.chip.succeeded(), "{:?}", read.chip.failure);
    assert_eq!(chip_protocols(&clone), (true, true));

    let sod = parse_sod(&read.files[&ElementaryFile::Sod]).unwrap();
    let checks = sod.check_hashes(&read.files).unwrap();
    assert_eq!(checks[&ElementaryFile::Dg(14)], HashCheck::Mismatch);
    assert_eq!(checks[&ElementaryFile::Dg(15)], HashCheck::Mismatch);
    for (file, check) in checks {
        if !matches!(file, ElementaryFile::Dg(14 | 15)) {
            assert_eq!(check, HashCheck::Match, "{}", file.name());
        }
    }
}
