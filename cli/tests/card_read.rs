//! The `egate card` commands as a user runs them: output, JSON shape, exit codes, files
//! written, the simulated-card fallback, and a read through real pcscd (ignored unless
//! scripts/test.sh has started pcscd with vpcd).

use serde_json::Value;
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

fn egate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_egate"))
        .args(args)
        // No PC/SC service at this address: `card read` without --sim falls back to the
        // simulated card, whatever runs on the machine.
        .env("PCSCLITE_CSOCK_NAME", "/nonexistent/egate-test/pcscd.comm")
        .output()
        .expect("run egate")
}

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON object on stdout")
}

#[test]
fn without_pcsc_the_simulated_card_is_read_and_announced_first() {
    let output = egate(&["card", "read"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.lines().next().unwrap().starts_with("SIMULATED CARD"),
        "{stdout}"
    );
    assert!(stdout.contains("YILDIZ, ELİF NAZ"), "{stdout}");
    assert!(stdout.contains("Date of birth   1990-03-15"), "{stdout}");
    assert!(stdout.contains("DG2 "), "{stdout}");
}

#[test]
fn json_has_document_session_and_files() {
    let value = json(&egate(&["card", "read", "--json"]));
    let document = &value["document"];
    for (key, expected) in [
        ("document_code", "I"),
        ("issuing_state", "TUR"),
        ("document_number", "A12Z34567"),
        ("surname", "YILDIZ"),
        ("given_names", "ELIF<NAZ"),
        ("nationality", "TUR"),
        ("date_of_birth", "900315"),
        ("sex", "F"),
        ("date_of_expiry", "310314"),
        ("optional_data", "10000000146"),
    ] {
        assert_eq!(document[key], expected, "{key}");
    }
    let session = &value["session"];
    assert_eq!(session["simulated"], true);
    assert_eq!(session["access_control"], "PACE");
    assert_eq!(session["mapping"], "CAM");
    assert_eq!(session["key_agreement"], "ECDH");
    assert_eq!(session["domain"], "brainpoolP256r1");
    assert_eq!(session["parameter_id"], 13);
    assert_eq!(session["pace_oid"], "0.4.0.127.0.7.2.2.4.6.2");
    assert_eq!(session["cipher"], "AES-128");
    assert_eq!(session["password"], "MRZ");
    assert_eq!(session["bac_fallback"], false);
    assert!(session["apdus"].as_u64().unwrap() > 10);
    assert!(session["bytes_received"].as_u64().unwrap() > 15_000);
    assert_eq!(session["extended_length"], true);
    assert_eq!(value["files"]["DG1"], 95);
    assert_eq!(value["chip"]["method"], "CAM");
    assert_eq!(value["chip"]["status"], "valid");
    assert_eq!(value["verification"]["passive"]["status"], "valid");
    let display = &value["display"];
    assert_eq!(display["primary_name"], "YILDIZ");
    assert_eq!(display["secondary_names"], "ELİF NAZ");
    assert_eq!(display["date_of_birth"], "1990-03-15");
    assert_eq!(display["date_of_expiry"], "2031-03-14");
    assert_eq!(display["address"], "ATATÜRK BULVARI NO 1, ÇANKAYA, ANKARA");
    assert_eq!(display["date_of_issue"], "2021-03-15");
    assert!(value["files"]["DG2"].as_u64().unwrap() > 15_000);
}

#[test]
fn credentials_from_mrz_lines_and_typed_fields_open_the_simulated_card() {
    let typed = json(&egate(&[
        "card",
        "read",
        "--sim",
        "td3-passport",
        "--mrz",
        "l898902c3,740812,340415",
        "--json",
    ]));
    assert_eq!(typed["document"]["surname"], "ERIKSSON");
    assert_eq!(
        typed["chip"]["method"], "CA",
        "BAC passport with DG14: Chip Authentication"
    );
    let lines = json(&egate(&[
        "card",
        "read",
        "--sim",
        "td3-passport",
        "--mrz-line",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "--mrz-line",
        "L898902C36UTO7408122F3404159ZE184226B<<<<<16",
        "--json",
    ]));
    assert_eq!(lines["document"]["document_number"], "L898902C3");
}

#[test]
fn exit_codes_name_the_failure() {
    let wrong = egate(&[
        "card",
        "read",
        "--sim",
        "td1-id",
        "--mrz",
        "A12Z34567,900315,310315",
    ]);
    assert_eq!(wrong.status.code(), Some(2));
    let stderr = String::from_utf8(wrong.stderr).unwrap();
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("egate:")).count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("refused the MRZ"), "{stderr}");

    let bad_check_digit = egate(&[
        "card",
        "read",
        "--sim",
        "td3-passport",
        "--mrz-line",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "--mrz-line",
        "L898902C36UTO7408123F3404159ZE184226B<<<<<16",
    ]);
    assert_eq!(bad_check_digit.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_check_digit.stderr).contains("date_of_birth"));

    let can_on_bac_chip = egate(&["card", "probe", "--sim", "td3-passport", "--can", "123456"]);
    assert_eq!(can_on_bac_chip.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&can_on_bac_chip.stderr).contains("CAN works only with PACE"));

    let wrong_can = egate(&["card", "probe", "--sim", "td1-id", "--can", "123450"]);
    assert_eq!(wrong_can.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong_can.stderr).contains("card access number"));

    let dh_2048_on_a_short_reader = egate(&[
        "card",
        "probe",
        "--sim",
        "pace-dh-gm-aes128-2",
        "--short-apdus",
    ]);
    assert_eq!(dh_2048_on_a_short_reader.status.code(), Some(4));
    assert!(
        String::from_utf8_lossy(&dh_2048_on_a_short_reader.stderr).contains("--allow-bac-fallback")
    );
    let refused_fallback = egate(&[
        "card",
        "probe",
        "--sim",
        "pace-dh-gm-aes128-2",
        "--short-apdus",
        "--allow-bac-fallback",
    ]);
    assert_eq!(refused_fallback.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&refused_fallback.stderr).contains("refuses BAC"));

    let unknown = egate(&["card", "read", "--sim", "no-such-profile"]);
    assert_eq!(unknown.status.code(), Some(1));
}

#[test]
fn out_writes_one_file_per_elementary_file() {
    let dir = std::env::temp_dir().join(format!("egate-out-{}", std::process::id()));
    let value = json(&egate(&[
        "card",
        "read",
        "--sim",
        "td1-id",
        "--json",
        "--out",
        dir.to_str().unwrap(),
    ]));
    for (name, size) in value["files"].as_object().unwrap() {
        let written = std::fs::read(dir.join(format!("{name}.bin"))).unwrap();
        assert_eq!(written.len() as u64, size.as_u64().unwrap(), "{name}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn probe_and_sim_list_report_what_they_found() {
    let probe = json(&egate(&["card", "probe", "--json"]));
    assert_eq!(probe["session"]["access_control"], "PACE");
    assert_eq!(
        probe["card_access"]["protocols"].as_array().unwrap().len(),
        4
    );
    let can = json(&egate(&[
        "card",
        "probe",
        "--sim",
        "pace-ecdh-im-aes256-17",
        "--can",
        "123456",
        "--json",
    ]));
    assert_eq!(can["session"]["password"], "CAN");
    assert_eq!(can["session"]["mapping"], "IM");
    assert_eq!(can["session"]["domain"], "brainpoolP512r1");
    let pace = json(&egate(&["card", "sim", "list", "--pace", "--json"]));
    assert_eq!(pace.as_array().unwrap().len(), 141);
    assert!(
        pace.as_array()
            .unwrap()
            .iter()
            .any(|n| n == "pace-dh-im-3des-1")
    );
    let list = json(&egate(&["card", "sim", "list", "--json"]));
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "td1-id",
            "td3-passport",
            "td3-passport-large",
            "td3-passport-aa",
            "td3-passport-dh-ca",
            "td1-id-ca-only",
            "td1-id-expired-signer",
            "td1-id-revoked-signer",
            "td1-id-unrelated-signer",
            "td1-id-clone-wrong-key",
            "td1-id-clone-own-keys"
        ]
    );
}

/// Kills the served simulator even when an assertion fails.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd; run by scripts/test.sh"]
fn reads_a_card_in_the_virtual_pcsc_reader() {
    let _server = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_egate"))
            .args(["card", "sim", "serve", "--profile", "td3-passport"])
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    let output = loop {
        let output = Command::new(env!("CARGO_BIN_EXE_egate"))
            .args([
                "card",
                "read",
                "--reader",
                "Virtual PCD 00 00",
                "--mrz",
                "L898902C3,740812,340415",
                "--json",
            ])
            .output()
            .unwrap();
        if output.status.success() || Instant::now() > deadline {
            break output;
        }
        std::thread::sleep(Duration::from_millis(300));
    };
    let value = json(&output);
    assert_eq!(value["session"]["simulated"], false);
    assert_eq!(value["document"]["surname"], "ERIKSSON");
    assert_eq!(value["files"]["DG1"], 93);
}
