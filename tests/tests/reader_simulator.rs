//! The core's reader against the simulated chip in process: every profile, every file byte for
//! byte (EF.COM excepted: EF.SOD lists the data groups), odd-INS B1 offsets, the indefinite-length SOD, capability fallbacks, and the typed
//! errors of wrong credentials and unsupported protocols.

use egate_core::access::{AccessKey, AccessProtocol, Can};
use egate_core::card::{CardError, PasswordKind};
use egate_core::lds::ElementaryFile;
use egate_core::mrz::MrzKey;
use egate_core::ports::TransportCapabilities;
use egate_core::read::{
    CardRead, NoProgress, ReadEvent, ReadListener, ReadOptions, probe, read_document,
};
use egate_simulator::{ChipCapabilities, LeOverflow, Profile, SimulatedTransport, VirtualChip};
use std::sync::Mutex;

fn transport(profile: &Profile, caps: TransportCapabilities) -> Box<SimulatedTransport> {
    Box::new(SimulatedTransport::new(
        VirtualChip::new(profile).unwrap(),
        caps,
        profile.link,
    ))
}

fn own_key(profile: &Profile) -> AccessKey {
    AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).unwrap())
}

fn read(profile: &Profile, caps: TransportCapabilities) -> CardRead {
    read_document(
        transport(profile, caps),
        &own_key(profile),
        &ReadOptions::default(),
        &NoProgress,
    )
    .unwrap()
}

fn assert_every_file_matches(profile: &Profile, result: &CardRead) {
    let chip = VirtualChip::new(profile).unwrap();
    for (file, bytes) in chip.files() {
        if *file == ElementaryFile::CardSecurity {
            let cam = result
                .session
                .access
                .pace
                .as_ref()
                .is_some_and(|p| p.cam.is_some());
            assert_eq!(
                result.files.get(file),
                cam.then_some(bytes),
                "EF.CardSecurity is read for (and only for) PACE-CAM"
            );
            continue;
        }
        if *file == ElementaryFile::Com {
            assert_eq!(
                result.files.get(file),
                None,
                "EF.SOD lists the data groups: EF.COM is not read"
            );
            continue;
        }
        assert_eq!(
            result.files.get(file),
            Some(bytes),
            "{} differs",
            file.name()
        );
    }
    assert_eq!(result.mrz, profile.document.mrz);
}

#[test]
fn reads_every_file_of_every_profile() {
    for profile in Profile::builtin() {
        for caps in [
            TransportCapabilities::SHORT_ONLY,
            TransportCapabilities::EXTENDED,
        ] {
            let result = read(&profile, caps);
            assert_every_file_matches(&profile, &result);
            let expected = if profile.document.pace.is_empty() {
                AccessProtocol::Bac
            } else {
                AccessProtocol::Pace
            };
            assert_eq!(result.session.access.protocol, expected, "{}", profile.name);
            assert_eq!(result.session.access.password, PasswordKind::Mrz);
            assert!(!result.session.access.bac_fallback);
            assert!(result.skipped.is_empty());
        }
    }
}

#[test]
fn large_dg2_is_read_past_offset_32767_with_odd_ins() {
    let profile = Profile::by_name("td3-passport-large").unwrap();
    let chip = VirtualChip::new(&profile).unwrap();
    let dg2_len = chip.files()[&ElementaryFile::Dg(2)].len();
    assert!(dg2_len > 32_767);
    let result = read(&profile, TransportCapabilities::SHORT_ONLY);
    assert_eq!(result.files[&ElementaryFile::Dg(2)].len(), dg2_len);
    // Short APDUs under 3DES SM carry 231 bytes: DG2 alone needs more than 140 reads.
    assert!(result.session.apdus > 140 + 10, "{}", result.session.apdus);
    assert!(!result.session.extended_length);
}

#[test]
fn extended_length_cuts_round_trips_and_falls_back_when_the_chip_refuses() {
    let profile = Profile::by_name("td1-id").unwrap();
    let short = read(&profile, TransportCapabilities::SHORT_ONLY);
    let extended = read(&profile, TransportCapabilities::EXTENDED);
    assert!(extended.session.extended_length);
    assert!(
        extended.session.apdus * 3 < short.session.apdus,
        "{} vs {}",
        extended.session.apdus,
        short.session.apdus
    );

    // td3-passport refuses extended length with 6700: the reader drops to short APDUs.
    let passport = Profile::by_name("td3-passport").unwrap();
    let result = read(&passport, TransportCapabilities::EXTENDED);
    assert!(!result.session.extended_length);
    assert_every_file_matches(&passport, &result);
}

#[test]
fn indefinite_length_sod_is_read_to_its_end() {
    let profile = Profile::by_name("td3-passport").unwrap();
    assert!(profile.document.sod_indefinite_length);
    let result = read(&profile, TransportCapabilities::SHORT_ONLY);
    let sod = &result.files[&ElementaryFile::Sod];
    assert_eq!(&sod[..2], &[0x77, 0x80]);
    assert_eq!(&sod[sod.len() - 2..], &[0, 0]);
}

#[test]
fn chips_without_sfi_or_with_small_le_are_still_read() {
    let mut profile = Profile::by_name("td1-id").unwrap();
    profile.capabilities = ChipCapabilities {
        extended_length: true,
        max_le: 120,
        le_overflow: LeOverflow::Cap,
        sfi: false,
        bac: true,
        ..ChipCapabilities::default()
    };
    let result = read(&profile, TransportCapabilities::EXTENDED);
    assert_every_file_matches(&profile, &result);
}

#[test]
fn wrong_mrz_is_access_denied_naming_the_mrz() {
    let profile = Profile::by_name("td1-id").unwrap();
    let wrong = AccessKey::Mrz(MrzKey::from_typed("A12Z34567", "900315", "310315").unwrap());
    let err = read_document(
        transport(&profile, TransportCapabilities::EXTENDED),
        &wrong,
        &ReadOptions::default(),
        &NoProgress,
    )
    .unwrap_err();
    assert_eq!(
        err,
        CardError::AccessDenied {
            password: PasswordKind::Mrz
        }
    );
}

#[test]
fn can_on_a_bac_only_chip_requires_pace() {
    let profile = Profile::by_name("td3-passport").unwrap();
    let can = AccessKey::Can(Can::new("123456").unwrap());
    let err = read_document(
        transport(&profile, TransportCapabilities::EXTENDED),
        &can,
        &ReadOptions::default(),
        &NoProgress,
    )
    .unwrap_err();
    assert_eq!(err, CardError::CanRequiresPace);
}

#[test]
fn probe_stops_after_access_control() {
    let profile = Profile::by_name("td1-id").unwrap();
    let result = probe(
        transport(&profile, TransportCapabilities::EXTENDED),
        &own_key(&profile),
        &ReadOptions::default(),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(result.card_access.unwrap().infos.len(), 4);
    assert_eq!(result.session.access.protocol, AccessProtocol::Pace);
    assert!(result.session.apdus < 12, "{}", result.session.apdus);
}

#[derive(Default)]
struct Recorder(Mutex<Vec<ReadEvent>>);

impl ReadListener for Recorder {
    fn on_event(&self, event: ReadEvent) {
        self.0.lock().unwrap().push(event);
    }
}

#[test]
fn progress_reports_every_phase_and_reaches_each_file_length() {
    let profile = Profile::by_name("td1-id").unwrap();
    let recorder = Recorder::default();
    let result = read_document(
        transport(&profile, TransportCapabilities::SHORT_ONLY),
        &own_key(&profile),
        &ReadOptions::default(),
        &recorder,
    )
    .unwrap();
    let events = recorder.0.into_inner().unwrap();
    assert!(result.files.contains_key(&ElementaryFile::CardSecurity));
    // EF.CardSecurity is read inside access control, for the CAM check, before file progress.
    for (file, bytes) in result
        .files
        .iter()
        .filter(|(f, _)| **f != ElementaryFile::CardSecurity)
    {
        let last = events
            .iter()
            .rev()
            .find_map(|e| match e {
                ReadEvent::Bytes {
                    file: f,
                    done,
                    total,
                } if f == file => Some((*done, *total)),
                _ => None,
            })
            .unwrap();
        assert_eq!(last, (bytes.len(), Some(bytes.len())), "{}", file.name());
    }
    assert!(matches!(events.first(), Some(ReadEvent::Started(_))));
}
