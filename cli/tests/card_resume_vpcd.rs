//! The CLI through the real PC/SC stack when the card leaves the reader mid-read: the
//! simulated card is served to pcscd through vpcd, pulled away at one APDU and presented again,
//! and `egate card read` continues the same read.
//!
//! Needs a running pcscd with vsmartcard-vpcd; scripts/test.sh starts one.

use egate::transport::pcsc::wait_for_card;
use egate_core::lds::ElementaryFile;
use egate_simulator::{Profile, VirtualChip, vpcd};
use std::time::Duration;

const READER: &str = "Virtual PCD 00 00";

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
fn the_cli_continues_a_read_when_the_card_comes_back() {
    let profile = Profile::by_name("td1-id").unwrap();
    let expected = VirtualChip::new(&profile).unwrap().files().clone();
    // The card leaves the reader at its 14th APDU, in the middle of the protected reads.
    let leaving = vpcd::ServeOptions {
        leave_at: Some(14),
        ..vpcd::ServeOptions::default()
    };
    let first = present(&profile, leaving);
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_egate"))
        .args(["card", "read", "--reader", READER, "--json"])
        .args(["--mrz", "A12Z34567,900315,310314"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    drop(first);
    let _again = present(&profile, vpcd::ServeOptions::default());
    let output = cli.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("hold it to the reader again"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["session"]["connections"], 2);
    assert_eq!(json["session"]["reread_bytes"], 0);
    for (file, bytes) in &expected {
        if *file != ElementaryFile::Com {
            assert_eq!(json["files"][file.name()], bytes.len(), "{}", file.name());
        }
    }
}
