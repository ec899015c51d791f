//! End to end through the real PC/SC stack: the simulated chip is served to pcscd through the
//! vsmartcard vpcd driver, and the core reads it with the PC/SC transport, as it would a card
//! in a desktop reader.
//!
//! Needs a running pcscd with vsmartcard-vpcd; scripts/test.sh starts one.

use egate::transport::pcsc::{PcscTransport, list_readers};
use egate_core::access::AccessKey;
use egate_core::lds::ElementaryFile;
use egate_core::mrz::MrzKey;
use egate_core::read::{NoProgress, ReadOptions, read_document};
use egate_simulator::{Profile, VirtualChip, vpcd};
use std::time::{Duration, Instant};

const READER: &str = "Virtual PCD 00 00";

fn serve_in_background(profile: &Profile) -> std::thread::JoinHandle<()> {
    let mut chip = VirtualChip::new(profile).unwrap();
    let link = profile.link;
    let mut stream =
        vpcd::connect("127.0.0.1:35963", Duration::from_secs(10)).expect("vpcd port of pcscd");
    std::thread::spawn(move || {
        let _ = vpcd::serve(&mut chip, &link, &mut stream);
    })
}

fn connect_when_present() -> PcscTransport {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        match PcscTransport::connect(Some(READER)) {
            Ok(transport) => return transport,
            Err(e) if Instant::now() > deadline => panic!("no card in {READER}: {e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(200)),
        }
    }
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
    let profile = Profile::by_name("td1-id").unwrap();
    let expected = VirtualChip::new(&profile).unwrap().files().clone();
    let _server = serve_in_background(&profile);
    let transport = connect_when_present();
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
