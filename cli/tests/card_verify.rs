//! Authenticity as a user sees it: the `verification` object of `card read --json`, the face
//! written by `--out`, `card sim export`, and `card verify` exiting 0 only for a valid document.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn egate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_egate"))
        .args(args)
        .env("PCSCLITE_CSOCK_NAME", "/nonexistent/egate-test/pcscd.comm")
        .output()
        .expect("run egate")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("one JSON object on stdout")
}

fn fixture(name: &str) -> String {
    format!("{}/../fixtures/pki/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn scratch(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("egate-{label}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn verify(dir: &Path, trust: &[&str]) -> Output {
    let mut args = vec!["card", "verify", dir.to_str().unwrap(), "--json"];
    for path in trust {
        args.extend(["--trust", path]);
    }
    egate(&args)
}

#[test]
fn read_reports_the_verification_of_every_simulated_case() {
    for (profile, passive, revocation, chip) in [
        ("td1-id", "valid", "checked", "valid"),
        ("td3-passport", "valid", "checked", "valid"),
        (
            "td1-id-revoked-signer",
            "invalid",
            "revoked",
            "unverified_key",
        ),
        (
            "td1-id-unrelated-signer",
            "untrusted",
            "no_crl",
            "unverified_key",
        ),
        ("td1-id-clone-wrong-key", "valid", "checked", "invalid"),
        (
            "td1-id-clone-own-keys",
            "invalid",
            "checked",
            "unverified_key",
        ),
    ] {
        let output = egate(&["card", "read", "--sim", profile, "--json"]);
        assert!(output.status.success(), "{profile}");
        let value = json(&output);
        let verification = &value["verification"];
        assert_eq!(verification["passive"]["status"], passive, "{profile}");
        assert_eq!(
            verification["passive"]["revocation"], revocation,
            "{profile}"
        );
        assert_eq!(verification["chip"]["status"], chip, "{profile}");
        assert_eq!(value["chip"]["status"], chip, "{profile}");
        let reasons = verification["passive"]["reasons"].as_array().unwrap();
        assert_eq!(
            reasons.is_empty(),
            passive == "valid",
            "{profile}: {reasons:?}"
        );
    }
    let value = json(&egate(&[
        "card",
        "read",
        "--sim",
        "td1-id-clone-own-keys",
        "--json",
    ]));
    let groups = &value["verification"]["data_groups"];
    assert_eq!(groups["DG14"], "hash_mismatch");
    assert_eq!(groups["DG15"], "hash_mismatch");
    assert_eq!(groups["DG1"], "hash_ok");
}

#[test]
fn an_operator_trust_store_replaces_the_simulators() {
    let unrelated = fixture("csca-unrelated.pem");
    let value = json(&egate(&[
        "card", "read", "--sim", "td1-id", "--json", "--trust", &unrelated,
    ]));
    assert_eq!(value["verification"]["passive"]["status"], "untrusted");
    let list = fixture("masterlist-utopia.ml");
    let anchor = fixture("csca-utopia-2024.pem");
    let value = json(&egate(&[
        "card",
        "read",
        "--sim",
        "td3-passport",
        "--json",
        "--trust",
        &anchor,
        "--trust",
        &list,
    ]));
    assert_eq!(value["verification"]["passive"]["status"], "valid");
}

#[test]
fn out_writes_the_face_and_verify_checks_the_folder() {
    let dir = scratch("verify");
    let output = egate(&[
        "card",
        "read",
        "--sim",
        "td1-id",
        "--json",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(output.status.success());
    let face = std::fs::read(dir.join("face.png")).unwrap();
    assert!(face.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(dir.join("CardSecurity.bin").exists());

    let anchor = fixture("csca-utopia-2024.pem");
    let valid = verify(&dir, &[&anchor]);
    assert!(valid.status.success());
    assert_eq!(json(&valid)["passive"]["status"], "valid");

    let untrusted = verify(&dir, &[&fixture("csca-utopia-2020.pem")]);
    assert_eq!(untrusted.status.code(), Some(5));
    assert_eq!(json(&untrusted)["passive"]["status"], "untrusted");

    let mut dg11 = std::fs::read(dir.join("DG11.bin")).unwrap();
    dg11[10] ^= 0x40;
    std::fs::write(dir.join("DG11.bin"), dg11).unwrap();
    let tampered = verify(&dir, &[&anchor]);
    assert_eq!(tampered.status.code(), Some(5));
    let value = json(&tampered);
    assert_eq!(value["passive"]["status"], "invalid");
    assert_eq!(value["data_groups"]["DG11"], "hash_mismatch");
    assert_eq!(
        value["passive"]["reasons"][0]["code"],
        "data_group_hash_mismatch"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sim_export_writes_a_document_that_verifies_under_its_csca() {
    let dir = scratch("export");
    let output = egate(&[
        "card",
        "sim",
        "export",
        dir.to_str().unwrap(),
        "--profile",
        "td3-passport",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let face = std::fs::read(dir.join("face.jpg")).unwrap();
    assert!(face.starts_with(&[0xFF, 0xD8, 0xFF]));
    let csca = dir.join("csca.pem");
    assert_eq!(
        std::fs::read(&csca).unwrap(),
        std::fs::read(fixture("csca-utopia-2020.pem")).unwrap()
    );
    let verified = verify(&dir, &[csca.to_str().unwrap()]);
    assert!(verified.status.success());
    let value = json(&verified);
    assert_eq!(value["passive"]["document_signer"]["key"], "RSA-2048");
    assert_eq!(value["trust"][0]["outcome"]["kind"], "certificate");

    let nothing = verify(&dir.join("missing"), &[csca.to_str().unwrap()]);
    assert_eq!(nothing.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}
