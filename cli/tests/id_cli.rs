//! `egate id verify` and `egate device transfer` against the reference gateway with the
//! simulated ID card: the phone is verified by the chip's signature over the gateway's
//! challenge (or, for a card without Active Authentication, by the gateway's own Chip
//! Authentication relayed by the CLI), another person's document is refused, and a transfer makes this computer the
//! account's only device (the old one's key stops working).

mod common;

use common::{CITIZEN, PASSPHRASE, args, data_dir, egate, gateway, json};

#[test]
fn the_id_card_verifies_the_phone_and_another_persons_document_is_refused() {
    let origin = gateway();
    let data = data_dir("id-verify");
    let account = ["--gateway", origin.as_str(), "--account", CITIZEN, "--json"];
    let verify = |card: &str| {
        egate(
            &args(
                &["id", "verify", "--sim", card, "--sms-from-outbox"],
                &account,
            ),
            &data,
            PASSPHRASE,
        )
    };
    let verified = json(&verify("td1-id"));
    assert_eq!(verified["phone_verified_with_id"], true);
    assert_eq!(verified["chip_presence"], "active_authentication");

    let refused = verify("td3-passport");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("document_mismatch"), "{stderr}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_card_without_active_authentication_is_proven_by_the_gateways_chip_authentication() {
    let origin = gateway();
    let data = data_dir("id-verify-ca");
    let account = ["--gateway", origin.as_str(), "--account", CITIZEN, "--json"];
    let verified = json(&egate(
        &args(
            &[
                "id",
                "verify",
                "--sim",
                "td1-id-ca-only",
                "--sms-from-outbox",
            ],
            &account,
        ),
        &data,
        PASSPHRASE,
    ));
    assert_eq!(verified["phone_verified_with_id"], true);
    assert_eq!(verified["chip_presence"], "chip_authentication");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_transfer_makes_this_computer_the_only_device_and_the_old_key_stops_working() {
    let origin = gateway();
    let old = data_dir("id-transfer-old");
    let new = data_dir("id-transfer-new");
    let account = ["--gateway", origin.as_str(), "--account", CITIZEN, "--json"];
    let run = |data: &std::path::Path, command: &[&str]| {
        egate(&args(command, &account), data, PASSPHRASE)
    };
    json(&run(
        &old,
        &[
            "device",
            "register",
            "--sms-from-outbox",
            "--name",
            "lost phone",
        ],
    ));
    let moved = json(&run(
        &new,
        &[
            "device",
            "transfer",
            "--sim",
            "td1-id",
            "--sms-from-outbox",
            "--name",
            "new laptop",
        ],
    ));
    assert_eq!(moved["devices_revoked"], 1);
    assert_eq!(moved["chip_presence"], "active_authentication");

    let listed = json(&run(&new, &["device", "list"]));
    let names: Vec<&str> = listed["devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["new laptop"]);
    let old_list = run(&old, &["device", "list"]);
    assert!(!old_list.status.success());
    let stderr = String::from_utf8_lossy(&old_list.stderr);
    assert!(stderr.contains("not registered"), "{stderr}");
    let _ = std::fs::remove_dir_all(&old);
    let _ = std::fs::remove_dir_all(&new);
}
