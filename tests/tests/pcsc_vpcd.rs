//! End to end through the real PC/SC stack: the simulated chip is served to pcscd through the
//! vsmartcard vpcd driver, and the core reads it with the PC/SC transport, as it would a card
//! in a desktop reader.
//!
//! Needs a running pcscd with vsmartcard-vpcd; scripts/test.sh starts one.

use egate::transport::pcsc::{PcscTransport, list_readers, wait_for_card};
use egate_core::access::AccessKey;
use egate_core::lds::ElementaryFile;
use egate_core::mrz::MrzKey;
use egate_core::read::{NoProgress, ReadOptions, read_document};
use egate_simulator::{Profile, VirtualChip, vpcd};
use std::sync::Mutex;
use std::time::Duration;

const READER: &str = "Virtual PCD 00 00";

/// One test at a time talks to the one vpcd reader.
static VPCD: Mutex<()> = Mutex::new(());

const WAIT: Duration = Duration::from_secs(15);

/// Puts `profile`'s card in the vpcd reader once pcscd has seen the previous card leave, and
/// waits until pcscd sees it; the card stays until the returned value is dropped.
fn present(profile: &Profile, options: vpcd::ServeOptions) -> vpcd::BackgroundCard {
    assert!(
        wait_for_card(READER, false, WAIT).unwrap(),
        "the previous card is still in {READER}"
    );
    let chip = VirtualChip::new(profile).unwrap();
    let card = vpcd::BackgroundCard::serve(chip, profile.link, "127.0.0.1:35963", WAIT, options)
        .expect("vpcd port of pcscd");
    assert!(
        wait_for_card(READER, true, WAIT).unwrap(),
        "no card in {READER}"
    );
    card
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd; run by scripts/test.sh"]
fn reads_dg1_and_every_file_through_pcscd_and_vpcd() {
    assert!(
        list_readers()
            .unwrap()
            .iter()
            .any(|r| r.starts_with(READER)),
        "pcscd lists no {READER}"
    );
    let _one_at_a_time = VPCD.lock().unwrap_or_else(|e| e.into_inner());
    let profile = Profile::by_name("td1-id").unwrap();
    let expected = VirtualChip::new(&profile).unwrap().files().clone();
    let _card = present(&profile, vpcd::ServeOptions::default());
    let transport = PcscTransport::connect(Some(READER)).unwrap();
    assert_eq!(transport.atr(), [0x3B, 0x80, 0x80, 0x01, 0x01]);

    let key = AccessKey::Mrz(MrzKey::from_typed("A12Z34567", "900315", "310314").unwrap());
    let result = read_document(
        Box::new(transport),
        &key,
        &ReadOptions::default(),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(
        result.files[&ElementaryFile::Dg(1)],
        expected[&ElementaryFile::Dg(1)]
    );
    assert_eq!(result.mrz.document_number, "A12Z34567");
    assert_eq!(result.mrz.surname, "YILDIZ");
    for (file, bytes) in &result.files {
        assert_eq!(&expected[file], bytes, "{}", file.name());
    }
    assert!(
        result.session.extended_length,
        "PC/SC carries extended APDUs to vpcd"
    );
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd; run by scripts/test.sh"]
fn the_served_card_measures_any_reader_on_the_same_link() {
    let _one_at_a_time = VPCD.lock().unwrap_or_else(|e| e.into_inner());
    let profile = Profile::by_name("id-ref").unwrap();
    let link = profile.link;
    let options = vpcd::ServeOptions::default();
    let sessions = std::sync::Arc::clone(&options.sessions);
    let _card = present(&profile, options);
    let transport = PcscTransport::connect(Some(READER)).unwrap();
    let key = AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).unwrap());
    let result = read_document(
        Box::new(transport),
        &key,
        &ReadOptions::default(),
        &NoProgress,
    )
    .unwrap();
    let session = *sessions
        .lock()
        .unwrap()
        .iter()
        .rfind(|s| s.apdus > 0)
        .unwrap();
    assert_eq!(session.apdus, result.session.apdus);
    assert_eq!(session.bytes_sent, result.session.bytes_sent);
    assert_eq!(session.bytes_received, result.session.bytes_received);
    let expected = egate_simulator::bench::bench_read(
        &profile,
        &egate_simulator::bench::BenchSetup {
            link,
            extended_length: true,
        },
        egate_core::read::ReadStrategy::Planned,
    )
    .unwrap();
    assert!(
        (session.simulated_ms - expected.simulated_ms).abs() < 0.01,
        "the same air time through PC/SC as in process: {} vs {}",
        session.simulated_ms,
        expected.simulated_ms
    );
}
