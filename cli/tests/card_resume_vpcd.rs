//! The CLI through the real PC/SC stack when the card leaves the reader mid-read: the
//! simulated card is served to pcscd through vpcd, pulled away at one APDU and presented again,
//! and `egate card read` continues the same read.
//!
//! Needs a running pcscd with vsmartcard-vpcd; scripts/test.sh starts one.

use egate::transport::pcsc::PcscTransport;
use egate_core::lds::ElementaryFile;
use egate_simulator::{Profile, VirtualChip, vpcd};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

const READER: &str = "Virtual PCD 00 00";

/// The card in the vpcd reader until dropped (which closes the connection to vpcd and waits
/// until pcscd has seen the card leave).
struct Served(TcpStream);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.shutdown(Shutdown::Both);
        let deadline = Instant::now() + Duration::from_secs(10);
        while PcscTransport::connect(Some(READER)).is_ok() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn serve_in_background(profile: &Profile, options: vpcd::ServeOptions) -> Served {
    let mut chip = VirtualChip::new(profile).unwrap();
    let link = profile.link;
    let mut stream =
        vpcd::connect("127.0.0.1:35963", Duration::from_secs(10)).expect("vpcd port of pcscd");
    let handle = stream.try_clone().unwrap();
    std::thread::spawn(move || {
        let _ = vpcd::serve_with(&mut chip, &link, &mut stream, &options);
    });
    Served(handle)
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
    let first = serve_in_background(&profile, leaving);
    let deadline = Instant::now() + Duration::from_secs(15);
    while PcscTransport::connect(Some(READER)).is_err() {
        assert!(Instant::now() < deadline, "no card in {READER}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_egate"))
        .args(["card", "read", "--reader", READER, "--json"])
        .args(["--mrz", "A12Z34567,900315,310314"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    drop(first);
    let _again = serve_in_background(&profile, vpcd::ServeOptions::default());
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
