//! `egate device …` and `egate 2fa …` against the reference gateway on loopback: register this
//! computer (password, SMS code from the development outbox), list, rename, rotate, remove,
//! turn two-factor login on and off, a wrong key-store passphrase, and no private key in
//! plaintext in the data directory.

mod common;

use common::{
    CITIZEN, PASSPHRASE, args, browser_login, browser_outcome, data_dir, egate, gateway, json,
    state,
};
use egate_gateway::serve_tls;
use egate_gateway::tls_dev::DevTls;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tls_gateway() -> (String, String, String) {
    use sha2::Digest;
    let tls = DevTls::create(&["127.0.0.1".to_owned()]).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("https://{}", listener.local_addr().unwrap());
    let certificate = <x509_cert::Certificate as der::Decode>::from_der(&tls.server_der).unwrap();
    let spki =
        der::Encode::to_der(certificate.tbs_certificate().subject_public_key_info()).unwrap();
    let pin = hex::encode(sha2::Sha256::digest(&spki));
    let ca = tls.ca_pem.clone();
    let served = origin.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let (_handle, server) = serve_tls(listener, state(&served), tls.config).unwrap();
            server.await.unwrap();
        });
    });
    (origin, ca, pin)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flat_map(|entry| {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files_under(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

#[test]
fn register_list_rename_rotate_then_two_factor_off_forgets_the_device() {
    let origin = gateway();
    let data = data_dir("lifecycle");
    let account = ["--gateway", origin.as_str(), "--account", CITIZEN, "--json"];

    let registered = json(&egate(
        &args(
            &[
                "device",
                "register",
                "--sms-from-outbox",
                "--name",
                "laptop",
            ],
            &account,
        ),
        &data,
        PASSPHRASE,
    ));
    assert_eq!(registered["protection_level"], "software");
    let id = registered["device_id"].as_str().unwrap().to_owned();

    let list = json(&egate(
        &args(&["device", "list"], &account),
        &data,
        PASSPHRASE,
    ));
    assert_eq!(list["this_device"], id.as_str());
    assert_eq!(list["devices"][0]["name"], "laptop");

    json(&egate(
        &args(&["device", "rename", "--name", "work laptop"], &account),
        &data,
        PASSPHRASE,
    ));
    let rotated = json(&egate(
        &args(&["device", "rotate"], &account),
        &data,
        PASSPHRASE,
    ));
    let list = json(&egate(
        &args(&["device", "list"], &account),
        &data,
        PASSPHRASE,
    ));
    assert_eq!(list["devices"][0]["name"], "work laptop");
    assert_eq!(list["devices"][0]["user_key_id"], rotated["user_key_id"]);

    let wrong = egate(
        &args(&["device", "list"], &account),
        &data,
        "not the passphrase",
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("EGATE_PASSPHRASE"));

    let history = Command::new(env!("CARGO_BIN_EXE_egate"))
        .args(["device", "history", "--json", "--data-dir"])
        .arg(&data)
        .output()
        .unwrap();
    let events: Vec<String> = json(&history)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(events, ["keys_rotated", "device_registered"]);
    let on = json(&egate(
        &args(&["2fa", "on", "--sms-from-outbox"], &account),
        &data,
        PASSPHRASE,
    ));
    assert_eq!(on["enabled"], true);
    let off = json(&egate(
        &args(&["2fa", "off", "--sms-from-outbox"], &account),
        &data,
        PASSPHRASE,
    ));
    assert_eq!(off["devices_removed"], 1);
    let gone = egate(&args(&["device", "list"], &account), &data, PASSPHRASE);
    assert!(!gone.status.success());
    assert!(String::from_utf8_lossy(&gone.stderr).contains("not registered"));

    for file in files_under(&data) {
        let bytes = std::fs::read(&file).unwrap();
        for header in [
            &[0x30, 0x81, 0x87, 0x02, 0x01, 0x00][..],
            &[0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20][..],
        ] {
            assert!(
                !bytes.windows(header.len()).any(|w| w == header),
                "{}",
                file.display()
            );
        }
    }
    std::fs::remove_dir_all(&data).unwrap();
}

#[test]
fn removing_this_device_forgets_its_registration_and_wrong_passwords_exit_2() {
    let origin = gateway();
    let data = data_dir("remove");
    let account = ["--gateway", origin.as_str(), "--account", CITIZEN, "--json"];
    json(&egate(
        &args(&["device", "register", "--sms-from-outbox"], &account),
        &data,
        PASSPHRASE,
    ));
    let removed = json(&egate(
        &args(&["device", "remove"], &account),
        &data,
        PASSPHRASE,
    ));
    assert_eq!(removed["this_device"], true);
    assert!(
        !egate(&args(&["device", "list"], &account), &data, PASSPHRASE)
            .status
            .success()
    );

    let wrong = Command::new(env!("CARGO_BIN_EXE_egate"))
        .args(args(&["device", "register", "--sms-from-outbox"], &account))
        .arg("--data-dir")
        .arg(&data)
        .env("EGATE_PASSWORD", "wrong password")
        .env("EGATE_PASSPHRASE", PASSPHRASE)
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("citizen id or password is wrong"));
    let insecure = egate(
        &[
            "device",
            "list",
            "--gateway",
            "http://gateway.example",
            "--account",
            CITIZEN,
        ],
        &data,
        PASSPHRASE,
    );
    assert!(!insecure.status.success());
    std::fs::remove_dir_all(&data).unwrap();
}

#[test]
fn over_https_the_gateway_is_trusted_through_the_development_root_and_pins() {
    let (origin, ca, pin) = tls_gateway();
    let data = data_dir("tls");
    std::fs::create_dir_all(&data).unwrap();
    let ca_path = data.join("dev-ca.pem");
    std::fs::write(&ca_path, ca).unwrap();
    let ca_arg = ca_path.to_str().unwrap();
    let account = ["--gateway", origin.as_str(), "--account", CITIZEN, "--json"];
    let untrusted = egate(
        &args(&["device", "register", "--sms-from-outbox"], &account),
        &data,
        PASSPHRASE,
    );
    assert_eq!(untrusted.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&untrusted.stderr).contains("identity could not be verified"));
    let trusted = [&account[..], &["--dev-root", ca_arg]].concat();
    let registered = json(&egate(
        &args(&["device", "register", "--sms-from-outbox"], &trusted),
        &data,
        PASSPHRASE,
    ));
    let pinned = [&trusted[..], &["--pin", pin.as_str()]].concat();
    let list = json(&egate(
        &args(&["device", "list"], &pinned),
        &data,
        PASSPHRASE,
    ));
    assert_eq!(list["this_device"], registered["device_id"]);
    let other_key = "ab".repeat(32);
    let wrong_pin = [&trusted[..], &["--pin", other_key.as_str()]].concat();
    let refused = egate(&args(&["device", "list"], &wrong_pin), &data, PASSPHRASE);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("identity could not be verified"));
    let bad_pin = egate(
        &args(&["device", "list", "--pin", "xyz"], &trusted),
        &data,
        PASSPHRASE,
    );
    assert!(String::from_utf8_lossy(&bad_pin.stderr).contains("not a SHA-256"));
    std::fs::remove_dir_all(&data).unwrap();
}

#[test]
fn approvals_list_show_and_approve_a_browser_login_with_its_code() {
    let origin = gateway();
    let data = data_dir("approvals");
    let account = ["--gateway", origin.as_str(), "--account", CITIZEN, "--json"];
    json(&egate(
        &args(&["device", "register", "--sms-from-outbox"], &account),
        &data,
        PASSPHRASE,
    ));
    json(&egate(
        &args(&["2fa", "on", "--sms-from-outbox"], &account),
        &data,
        PASSPHRASE,
    ));

    let (mut browser, login) = browser_login(&origin);
    assert_eq!(login.next, "second_factor");
    let challenge = login.challenge.unwrap();
    let (id, code) = (challenge.id, challenge.code);

    let watched = json(&egate(
        &args(&["approvals", "watch", "--timeout", "10"], &account),
        &data,
        PASSPHRASE,
    ));
    assert_eq!(watched["challenge_id"], id.as_str());
    // Ids are base64url and may begin with '-': pass them as `--id=…`.
    let id_arg = format!("--id={id}");
    let listed = json(&egate(
        &args(&["approvals", "list"], &account),
        &data,
        PASSPHRASE,
    ));
    assert_eq!(listed["challenges"][0]["id"], id.as_str());
    let shown = json(&egate(
        &args(&["approvals", "show", &id_arg], &account),
        &data,
        PASSPHRASE,
    ));
    assert_eq!(
        (shown["ip"].as_str(), shown["location"].as_str()),
        (Some("127.0.0.1"), Some("local network"))
    );

    let wrong = if code == "000" { "001" } else { "000" };
    let refused = egate(
        &args(
            &["approvals", "approve", &id_arg, "--code", wrong],
            &account,
        ),
        &data,
        PASSPHRASE,
    );
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("does not match"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(browser_outcome(&mut browser).state, "pending");
    json(&egate(
        &args(
            &["approvals", "approve", &id_arg, "--code", &code],
            &account,
        ),
        &data,
        PASSPHRASE,
    ));
    let outcome = browser_outcome(&mut browser);
    assert_eq!(
        (outcome.state.as_str(), outcome.next.as_str()),
        ("approved", "done")
    );

    let history = Command::new(env!("CARGO_BIN_EXE_egate"))
        .args(["device", "history", "--json", "--data-dir"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(json(&history)[0]["event"], "login_approved");
    std::fs::remove_dir_all(&data).unwrap();
}

#[test]
fn backup_codes_are_made_counted_used_for_a_login_and_deleted() {
    let origin = gateway();
    let data = data_dir("backup-codes");
    let account = ["--gateway", origin.as_str(), "--account", CITIZEN, "--json"];
    let run = |command: &[&str]| json(&egate(&args(command, &account), &data, PASSPHRASE));
    run(&["device", "register", "--sms-from-outbox"]);
    run(&["2fa", "on", "--sms-from-outbox"]);
    let set = run(&["backup-codes", "new"]);
    let codes: Vec<String> = serde_json::from_value(set["codes"].clone()).unwrap();
    assert_eq!(codes.len(), 10);
    assert_eq!(run(&["backup-codes", "count"])["remaining"], 10);
    let stored = files_under(&data)
        .iter()
        .map(|file| String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned())
        .collect::<String>();
    assert!(
        !stored.contains(&codes[0][2..]),
        "no code is kept on this computer"
    );

    let logged_in = run(&["login", "--backup-code", &codes[5]]);
    assert_eq!(
        (
            logged_in["logged_in"].as_bool(),
            logged_in["second_factor"].as_str()
        ),
        (Some(true), Some("backup_code"))
    );
    assert_eq!(run(&["backup-codes", "count"])["remaining"], 9);
    let reused = egate(
        &args(&["login", "--backup-code", &codes[5]], &account),
        &data,
        PASSPHRASE,
    );
    assert!(!reused.status.success());
    assert!(String::from_utf8_lossy(&reused.stderr).contains("backup code"));
    run(&["backup-codes", "delete"]);
    assert_eq!(run(&["backup-codes", "count"])["remaining"], 0);
    std::fs::remove_dir_all(&data).unwrap();
}
