//! The read planner against chips that state or refuse lengths: one READ BINARY per file with
//! extended length, EF.ATR/INFO and the historical bytes obeyed, and the fallback ladder on
//! 6700, 63CF, 6B00 and 6282 — answered under secure messaging or, ending it, without — that
//! keeps the working length and re-runs access control when it must.

use egate_core::access::AccessKey;
use egate_core::apdu::StatusWord;
use egate_core::lds::ElementaryFile;
use egate_core::mrz::MrzKey;
use egate_core::ports::TransportCapabilities;
use egate_core::read::{CardRead, NoProgress, ReadOptions, ReadStrategy, read_document};
use egate_simulator::{
    AtrInfo, Exchange, Fault, LeOverflow, Profile, ScheduledFault, SimulatedTransport, SmOverflow,
    VirtualChip,
};

fn id_ref() -> Profile {
    Profile::by_name("id-ref").unwrap()
}

fn read_with(
    profile: &Profile,
    caps: TransportCapabilities,
    strategy: ReadStrategy,
    faults: Vec<ScheduledFault>,
) -> (CardRead, Vec<Exchange>) {
    let transport = SimulatedTransport::new(VirtualChip::new(profile).unwrap(), caps, profile.link)
        .with_faults(faults);
    let handle = transport.handle();
    let options = ReadOptions {
        strategy,
        ..ReadOptions::default()
    };
    let key = AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).unwrap());
    let read = read_document(Box::new(transport), &key, &options, &NoProgress).unwrap();
    (read, handle.log())
}

fn read(profile: &Profile, caps: TransportCapabilities) -> (CardRead, Vec<Exchange>) {
    read_with(profile, caps, ReadStrategy::Planned, Vec::new())
}

fn reads(log: &[Exchange]) -> Vec<&Exchange> {
    log.iter().filter(|e| e.header[1] == 0xB0).collect()
}

#[test]
fn with_extended_length_every_file_is_one_read_binary() {
    let (result, log) = read(&id_ref(), TransportCapabilities::EXTENDED);
    assert!(result.session.extended_length);
    // EF.CardAccess, EF.ATR/INFO, DG14, EF.SOD, DG1, DG15, DG11, DG2: each one exchange, by SFI.
    let reads = reads(&log);
    assert_eq!(reads.len(), 8, "{log:?}");
    assert!(
        reads.iter().all(|e| e.header[2] & 0x80 != 0),
        "by short file identifier"
    );
    assert!(
        !log.iter()
            .any(|e| e.header[1] == 0xA4 && e.header[2] == 0x02),
        "no SELECT by FID"
    );
    assert!(
        !result.files.contains_key(&ElementaryFile::Com),
        "EF.SOD lists the groups"
    );
}

#[test]
fn short_reads_take_223_bytes_under_aes_and_the_header_comes_with_data() {
    let (result, log) = read(&id_ref(), TransportCapabilities::SHORT_ONLY);
    let dg2 = result.files[&ElementaryFile::Dg(2)].len();
    let dg2_reads = log
        .iter()
        .skip_while(|e| e.header[..3] != [0x0C, 0xB0, 0x82])
        .filter(|e| e.header[1] == 0xB0)
        .count();
    assert_eq!(dg2_reads, dg2.div_ceil(223));
    assert!(
        log.iter().all(|e| e.response_len <= 258),
        "short responses only"
    );
}

#[test]
fn atr_info_bounds_every_response() {
    let mut profile = id_ref();
    profile.capabilities.atr_info = Some(AtrInfo {
        max_command: 1024,
        max_response: 1024,
    });
    let (result, log) = read(&profile, TransportCapabilities::EXTENDED);
    assert!(result.session.extended_length);
    assert!(log.iter().all(|e| e.response_len <= 1024), "{log:?}");
    let dg2 = result.files[&ElementaryFile::Dg(2)].len();
    assert!(reads(&log).len() > dg2 / 1024, "DG2 took several reads");
    assert_eq!(
        result.files,
        read(&id_ref(), TransportCapabilities::EXTENDED).0.files
    );
}

#[test]
fn historical_bytes_without_extended_length_keep_reads_short() {
    let mut profile = id_ref();
    profile.capabilities.atr_info = None;
    profile.capabilities.historical_bytes = &[0x80, 0x73, 0x00, 0x21, 0x80];
    let (result, log) = read(&profile, TransportCapabilities::EXTENDED);
    assert!(!result.session.extended_length);
    assert!(
        !log.iter().any(|e| e.sw == Some(StatusWord::WRONG_LENGTH)),
        "nothing refused: extended length was never tried"
    );
    assert!(
        !log.iter().any(|e| e.header[..3] == [0x00, 0xB0, 0x81]),
        "no EF.ATR/INFO"
    );
}

/// The index (from 1) of the first protected READ BINARY of DG2 in a clean read.
fn first_dg2_read(caps: TransportCapabilities) -> u64 {
    let (_, log) = read(&id_ref(), caps);
    1 + log
        .iter()
        .position(|e| e.header[..3] == [0x0C, 0xB0, 0x82])
        .unwrap() as u64
}

#[test]
fn refusals_without_secure_messaging_step_down_and_rerun_access_control() {
    let caps = TransportCapabilities::SHORT_ONLY;
    let (clean, _) = read(&id_ref(), caps);
    let at = first_dg2_read(caps);
    for sw in [0x6700, 0x63CF, 0x6B00, 0x6282] {
        let fault = ScheduledFault::at(Fault::Status(StatusWord(sw)), at);
        let (result, _) = read_with(&id_ref(), caps, ReadStrategy::Planned, vec![fault]);
        assert_eq!(result.files, clean.files, "{sw:04X}");
        assert_eq!(result.session.reauthentications, 1, "{sw:04X}");
        assert_eq!(result.session.length_cap, Some(192), "{sw:04X}");
        assert!(result.chip.succeeded(), "CA ran again after access control");
    }
}

#[test]
fn a_chip_that_caps_its_le_is_read_at_the_length_it_accepts() {
    let mut profile = id_ref();
    profile.capabilities.max_le = 150;
    profile.capabilities.le_overflow = LeOverflow::WrongLength;
    let (result, log) = read(&profile, TransportCapabilities::SHORT_ONLY);
    assert_eq!(result.session.length_cap, Some(128));
    assert_eq!(
        result.session.reauthentications, 0,
        "answered under SM: no new access control"
    );
    let refusals = log
        .iter()
        .filter(|e| e.header[1] == 0xB0 && e.response_len < 40)
        .count();
    assert!(
        refusals <= 4,
        "the working length is kept: {refusals} refusals"
    );
    assert_eq!(
        result.files,
        read(&id_ref(), TransportCapabilities::SHORT_ONLY).0.files
    );
}

#[test]
fn fixed_readers_meet_the_profile_answer_to_oversized_short_reads() {
    let (clean, _) = read(&id_ref(), TransportCapabilities::SHORT_ONLY);
    let fixed = ReadStrategy::Fixed {
        chunk: 256,
        header: 4,
    };
    for (overflow, reauths) in [
        (SmOverflow::Cap, 0),
        (SmOverflow::EndOfFile, 0),
        (SmOverflow::WrongLength, 1),
    ] {
        let mut profile = id_ref();
        profile.capabilities.sm_overflow = overflow;
        let (result, log) = read_with(&profile, TransportCapabilities::SHORT_ONLY, fixed, vec![]);
        let mut expected = clean.files.clone();
        expected.insert(
            ElementaryFile::Com,
            VirtualChip::new(&profile).unwrap().files()[&ElementaryFile::Com].clone(),
        );
        assert_eq!(result.files, expected, "{overflow:?}");
        assert_eq!(result.session.reauthentications, reauths, "{overflow:?}");
        assert!(
            log.iter().any(|e| e.header[..3] == [0x0C, 0xA4, 0x02]),
            "a fixed reader SELECTs by file identifier"
        );
    }
}
