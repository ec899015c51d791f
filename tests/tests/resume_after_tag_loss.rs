//! One read object across connections: the tag lost at every single APDU of a read and the read
//! continued on the card presented again, with nothing re-read; another card refused with
//! `DifferentDocument` and the partial read discarded; cancellation within one APDU.

use egate_core::access::AccessKey;
use egate_core::card::CancelToken;
use egate_core::card::CardError;
use egate_core::lds::ElementaryFile;
use egate_core::mrz::MrzKey;
use egate_core::ports::TransportCapabilities;
use egate_core::read::{
    CardRead, DocumentReader, NoProgress, ReadEvent, ReadListener, ReadOptions, ReadPhase,
    read_document,
};
use egate_simulator::{Fault, Profile, ScheduledFault, SimulatedTransport, VirtualChip};
use std::collections::BTreeMap;
use std::sync::Mutex;

fn key(profile: &Profile) -> AccessKey {
    AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).unwrap())
}

fn card(profile: &Profile, caps: TransportCapabilities) -> SimulatedTransport {
    SimulatedTransport::new(VirtualChip::new(profile).unwrap(), caps, profile.link)
}

fn undisturbed(profile: &Profile, caps: TransportCapabilities) -> CardRead {
    read_document(
        Box::new(card(profile, caps)),
        &key(profile),
        &ReadOptions::default(),
        &NoProgress,
    )
    .unwrap()
}

/// Bytes of each data file the chip delivered more than once.
fn delivered_twice(transport: &SimulatedTransport) -> BTreeMap<ElementaryFile, usize> {
    let mut seen: BTreeMap<ElementaryFile, Vec<bool>> = BTreeMap::new();
    let mut twice = BTreeMap::new();
    transport.with_chip(|chip| {
        for s in chip.served().iter().filter(|s| s.delivered) {
            let bytes = seen.entry(s.file).or_default();
            bytes.resize(bytes.len().max(s.offset + s.len), false);
            for b in &mut bytes[s.offset..s.offset + s.len] {
                if *b {
                    *twice.entry(s.file).or_insert(0) += 1;
                }
                *b = true;
            }
        }
    });
    twice.retain(|file, _| !matches!(file, ElementaryFile::CardAccess | ElementaryFile::AtrInfo));
    twice
}

/// Reads with the tag lost at `at`, presenting the card again after each loss.
fn read_losing_tag_at(
    profile: &Profile,
    caps: TransportCapabilities,
    at: u64,
) -> (
    Result<CardRead, CardError>,
    DocumentReader,
    SimulatedTransport,
) {
    let first = card(profile, caps).with_faults([ScheduledFault::at(Fault::TagLoss, at)]);
    let handle = first.handle();
    let mut reader = DocumentReader::new(key(profile), ReadOptions::default());
    let mut result = reader.read(Box::new(first), &NoProgress);
    if result.as_ref().is_err_and(CardError::is_link_loss) {
        result = reader.read(Box::new(handle.reconnect()), &NoProgress);
    }
    (result, reader, handle)
}

fn every_apdu_loses_nothing(name: &str, caps: TransportCapabilities, rereads: &[ElementaryFile]) {
    let profile = Profile::by_name(name).unwrap();
    let clean = undisturbed(&profile, caps);
    for at in 1..=clean.session.apdus {
        let (result, reader, handle) = read_losing_tag_at(&profile, caps, at);
        let read = result.unwrap_or_else(|e| panic!("{name}: loss at APDU {at}: {e}"));
        assert_eq!(read.files, clean.files, "{name}: loss at APDU {at}");
        assert_eq!(
            (&read.chip.method, &read.chip.failure),
            (&clean.chip.method, &clean.chip.failure),
            "{name}: loss at APDU {at}"
        );
        assert_eq!(
            reader.progress().connections,
            2,
            "{name}: loss at APDU {at}"
        );
        let twice = delivered_twice(&handle);
        assert!(
            twice.keys().all(|file| rereads.contains(file)),
            "{name}: loss at APDU {at} re-read {twice:?}"
        );
        assert_eq!(
            read.session.reread_bytes as usize,
            twice.values().sum::<usize>(),
            "{name}: the read's own count agrees with the chip's"
        );
    }
}

#[test]
fn a_tag_lost_at_any_apdu_of_id_ref_is_resumed_without_rereading() {
    every_apdu_loses_nothing("id-ref", TransportCapabilities::EXTENDED, &[]);
    every_apdu_loses_nothing("id-ref", TransportCapabilities::SHORT_ONLY, &[]);
}

#[test]
fn a_tag_lost_at_any_apdu_of_a_cam_card_is_resumed_without_rereading() {
    every_apdu_loses_nothing("td1-id", TransportCapabilities::EXTENDED, &[]);
}

#[test]
fn a_passport_without_chip_authentication_is_confirmed_by_its_dg1() {
    // Without CA or CAM, the only proof of the same document is DG1 read again.
    every_apdu_loses_nothing(
        "td3-passport-aa",
        TransportCapabilities::SHORT_ONLY,
        &[ElementaryFile::Dg(1)],
    );
}

#[test]
fn another_card_is_refused_and_the_partial_read_discarded() {
    // id-ref and td1-id share the MRZ, so access control alone cannot tell them apart.
    let first = Profile::by_name("id-ref").unwrap();
    let other = Profile::by_name("td1-id").unwrap();
    let caps = TransportCapabilities::SHORT_ONLY;
    let clean = undisturbed(&first, caps);
    let losing = card(&first, caps).with_faults([ScheduledFault::at(Fault::TagLoss, 40)]);
    let genuine = losing.handle();
    let mut reader = DocumentReader::new(key(&first), ReadOptions::default());
    let lost = reader.read(Box::new(losing), &NoProgress).unwrap_err();
    assert!(lost.is_link_loss());
    assert!(reader.progress().bytes_done > 1000);
    let refused = reader
        .read(Box::new(card(&other, caps)), &NoProgress)
        .unwrap_err();
    assert_eq!(
        refused,
        CardError::DifferentDocument("its EF.CardAccess differs")
    );
    assert_eq!(
        reader.progress().bytes_done,
        0,
        "the partial read is discarded"
    );
    let read = reader
        .read(Box::new(genuine.reconnect()), &NoProgress)
        .unwrap();
    assert_eq!(read.files, clean.files);
}

#[test]
fn a_clone_with_the_same_files_is_refused_by_its_chip_key() {
    for (genuine, clone, why) in [
        (
            "td1-id",
            "td1-id-clone-wrong-key",
            "the chip does not prove the CAM key of the first one",
        ),
        (
            "td3-passport",
            "td3-passport-dh-ca",
            "the chip does not prove the DG14 key of the first one",
        ),
    ] {
        let first = Profile::by_name(genuine).unwrap();
        let second = Profile::by_name(clone).unwrap();
        let caps = TransportCapabilities::SHORT_ONLY;
        let clean = undisturbed(&first, caps);
        let losing = card(&first, caps)
            .with_faults([ScheduledFault::at(Fault::TagLoss, clean.session.apdus - 3)]);
        let mut reader = DocumentReader::new(key(&first), ReadOptions::default());
        assert!(
            reader
                .read(Box::new(losing), &NoProgress)
                .unwrap_err()
                .is_link_loss()
        );
        let refused = reader
            .read(Box::new(card(&second, caps)), &NoProgress)
            .unwrap_err();
        assert_eq!(refused, CardError::DifferentDocument(why), "{clone}");
    }
}

/// Cancels the read when the face's file starts.
struct CancelAtFace {
    token: CancelToken,
    events: Mutex<Vec<ReadEvent>>,
}

impl ReadListener for CancelAtFace {
    fn on_event(&self, event: ReadEvent) {
        if event == ReadEvent::Started(ReadPhase::File(ElementaryFile::Dg(2))) {
            self.token.cancel();
        }
        self.events.lock().unwrap().push(event);
    }
}

#[test]
fn cancelling_stops_before_the_next_apdu() {
    let profile = Profile::by_name("id-ref").unwrap();
    let transport = card(&profile, TransportCapabilities::SHORT_ONLY);
    let handle = transport.handle();
    let mut reader = DocumentReader::new(key(&profile), ReadOptions::default());
    let listener = CancelAtFace {
        token: reader.cancel_token(),
        events: Mutex::default(),
    };
    let error = reader.read(Box::new(transport), &listener).unwrap_err();
    assert_eq!(error, CardError::Cancelled);
    let log = handle.log();
    // The last exchange is DG11's last read; no READ BINARY of DG2 (SFI 2) went out.
    assert!(log.iter().all(|e| e.header[2] != 0x82), "{log:?}");
    let events = listener.events.into_inner().unwrap();
    assert!(!events.iter().any(|e| matches!(
        e,
        ReadEvent::Bytes {
            file: ElementaryFile::Dg(2),
            ..
        }
    )));
    assert_eq!(reader.progress().files_done, 6);
}

#[test]
fn progress_reports_phases_bytes_and_the_reconnection() {
    #[derive(Default)]
    struct Recorder(Mutex<Vec<ReadEvent>>);
    impl ReadListener for Recorder {
        fn on_event(&self, event: ReadEvent) {
            self.0.lock().unwrap().push(event);
        }
    }
    let profile = Profile::by_name("id-ref").unwrap();
    let caps = TransportCapabilities::SHORT_ONLY;
    let losing = card(&profile, caps).with_faults([ScheduledFault::at(Fault::TagLoss, 60)]);
    let handle = losing.handle();
    let recorder = Recorder::default();
    let mut reader = DocumentReader::new(key(&profile), ReadOptions::default());
    assert!(
        reader
            .read(Box::new(losing), &recorder)
            .unwrap_err()
            .is_link_loss()
    );
    let read = reader
        .read(Box::new(handle.reconnect()), &recorder)
        .unwrap();
    let events = recorder.0.into_inner().unwrap();
    for phase in [
        ReadPhase::CardAccess,
        ReadPhase::AccessControl,
        ReadPhase::ChipAuthentication,
        ReadPhase::ConfirmingDocument,
    ] {
        assert!(events.contains(&ReadEvent::Finished(phase)), "{phase:?}");
    }
    assert!(events.contains(&ReadEvent::Resumed { connection: 2 }));
    let dg2 = read.files[&ElementaryFile::Dg(2)].len();
    let dg2_bytes: Vec<usize> = events
        .iter()
        .filter_map(|e| match e {
            ReadEvent::Bytes {
                file: ElementaryFile::Dg(2),
                done,
                total,
            } => {
                assert_eq!(*total, Some(dg2));
                Some(*done)
            }
            _ => None,
        })
        .collect();
    assert!(
        dg2_bytes.windows(2).all(|w| w[0] < w[1]),
        "DG2 progress only grows"
    );
    assert_eq!(dg2_bytes.last(), Some(&dg2));
    assert_eq!(read.session.connections, 2);
    assert_eq!(read.session.reauthentications, 1);
}
