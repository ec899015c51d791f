//! The device's data directory (local store and software key store): registrations and the
//! audit log round-trip, a process killed in the middle of registration writes leaves a store
//! that opens consistent, and after a checkpoint no file holds a private key in plaintext.

use egate_core::keystore::{SoftwareKeyStore, sign_checked};
use egate_core::login::{ProtectionLevel, PublicKey};
use egate_core::ports::KeyStore;
use egate_core::store::{LocalStore, Registration, StoreError};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn data_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("egate-device-data-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn new_key(keys: &SoftwareKeyStore, label: &str, user_verification: bool) -> PublicKey {
    let created = keys.create(label, user_verification, None).unwrap();
    PublicKey::from_spki_der(&created.public_key_spki).unwrap()
}

fn registration(keys: &SoftwareKeyStore, gateway: &str, citizen_id: &str) -> Registration {
    let suffix = format!("{gateway}/{citizen_id}");
    Registration {
        gateway: gateway.to_owned(),
        citizen_id: citizen_id.to_owned(),
        device_id: format!("device {suffix}"),
        device_name: "Elif's phone".to_owned(),
        possession_label: format!("possession {suffix}"),
        possession_key: new_key(keys, &format!("possession {suffix}"), false),
        user_label: format!("user {suffix}"),
        user_key: new_key(keys, &format!("user {suffix}"), true),
        protection_level: ProtectionLevel::Software,
        gateway_key: new_key(keys, &format!("gateway {suffix}"), false),
        created_at: 1_800_000_000,
    }
}

#[test]
fn registrations_of_several_accounts_round_trip_with_their_audit_log() {
    let dir = data_dir("round-trip");
    let keys = SoftwareKeyStore::open(&dir.join("keys"), &[3; 32]).unwrap();
    let mut store = LocalStore::open(&dir.join("egate.db")).unwrap();
    let first = registration(&keys, "https://gw.example", "10000000146");
    let second = registration(&keys, "https://gw.example", "20000000148");
    let third = registration(&keys, "https://other.example", "10000000146");
    for r in [&first, &second, &third] {
        store.save_registration(r).unwrap();
    }
    drop(store);
    let mut store = LocalStore::open(&dir.join("egate.db")).unwrap();
    assert_eq!(store.registrations().unwrap().len(), 3);
    assert_eq!(
        store
            .registration("https://other.example", "10000000146")
            .unwrap(),
        third
    );
    let next = new_key(&keys, "possession 2", false);
    let next_user = new_key(&keys, "user 2", true);
    store
        .rotate_keys(
            "https://gw.example",
            "10000000146",
            ("possession 2", &next),
            ("user 2", &next_user),
            5,
        )
        .unwrap();
    let rotated = store
        .registration("https://gw.example", "10000000146")
        .unwrap();
    assert_eq!(rotated.user_key, next_user);
    assert!(
        store
            .remove_registration("https://gw.example", "20000000148", 6)
            .unwrap()
    );
    assert!(matches!(
        store.registration("https://gw.example", "20000000148"),
        Err(StoreError::NotRegistered { .. })
    ));
    let events: Vec<String> = store
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        events,
        [
            "device_removed",
            "keys_rotated",
            "device_registered",
            "device_registered",
            "device_registered"
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_kill_during_registration_writes_leaves_a_store_that_opens_consistent() {
    let dir = data_dir("kill");
    let path = dir.join("egate.db");
    for round in 0..3 {
        let mut writer = Command::new(env!("CARGO_BIN_EXE_store_writer"))
            .arg(&path)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(writer.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready");
        std::thread::sleep(Duration::from_millis(150 + 70 * round));
        writer.kill().unwrap();
        writer.wait().unwrap();
        let store = LocalStore::open(&path).unwrap();
        assert!(store.integrity_ok().unwrap());
        let registered = store.registrations().unwrap().len();
        let audited = store
            .audit_log()
            .unwrap()
            .iter()
            .filter(|e| e.event == "device_registered")
            .count();
        assert!(registered > 0);
        assert!(
            audited >= registered,
            "round {round}: {audited} audit entries for {registered}"
        );
        drop(store);
        std::fs::remove_dir_all(path.with_extension("keys")).unwrap();
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The DER headers of an EC private key in the clear: PKCS#8 wrapping a P-256 key, and the
/// SEC1 ECPrivateKey (version 1, 32-byte scalar) inside it or alone.
const PLAINTEXT_KEY_HEADERS: [&[u8]; 3] = [
    &[0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30, 0x13],
    &[0x30, 0x6b, 0x02, 0x01, 0x01, 0x04, 0x20],
    &[0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20],
];

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn after_a_checkpoint_no_file_in_the_data_directory_holds_a_private_key_in_plaintext() {
    let dir = data_dir("plaintext");
    let keys = SoftwareKeyStore::open(&dir.join("keys"), &[5; 32]).unwrap();
    let mut store = LocalStore::open(&dir.join("egate.db")).unwrap();
    let registered = registration(&keys, "https://gw.example", "10000000146");
    store.save_registration(&registered).unwrap();
    sign_checked(
        &keys,
        &registered.user_label,
        &registered.user_key,
        b"approve",
        None,
    )
    .unwrap();
    store.checkpoint().unwrap();
    let files = files_under(&dir);
    assert!(files.len() >= 4, "{files:?}");
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        for header in PLAINTEXT_KEY_HEADERS {
            assert!(
                !bytes.windows(header.len()).any(|w| w == header),
                "{} holds a private key in plaintext",
                file.display()
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
