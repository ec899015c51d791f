//! The `egate-gateway` command: creating accounts (password from an argument or stdin), the
//! password policy, duplicate ids, and rotating the signing key.

use std::io::Write;
use std::process::{Command, Stdio};

fn gateway(args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_egate-gateway"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

#[test]
fn accounts_are_added_from_arguments_or_stdin_and_checked() {
    let dir = std::env::temp_dir().join(format!("egate-gateway-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("gw.db");
    let db = db.to_str().unwrap();
    let added = gateway(
        &[
            "user",
            "add",
            "--db",
            db,
            "--id",
            "10000000146",
            "--password-stdin",
        ],
        Some("a long passphrase\n"),
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert!(
        String::from_utf8_lossy(&added.stderr).contains("first login must change the password")
    );
    let again = gateway(
        &[
            "user",
            "add",
            "--db",
            db,
            "--id",
            "10000000146",
            "--password",
            "another passphrase",
        ],
        None,
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    let weak = gateway(
        &[
            "user",
            "add",
            "--db",
            db,
            "--id",
            "20000000148",
            "--password",
            "short",
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&weak.stderr).contains("at least 8 characters"));
    let neither = gateway(&["user", "add", "--db", db, "--id", "30000000140"], None);
    assert_eq!(
        neither.status.code(),
        Some(2),
        "clap requires one password source"
    );
    let connection = egate_gateway::store::open(std::path::Path::new(db)).unwrap();
    assert!(
        egate_gateway::accounts::by_citizen_id(&connection, "10000000146")
            .unwrap()
            .is_some()
    );
    assert!(
        egate_gateway::accounts::by_citizen_id(&connection, "20000000148")
            .unwrap()
            .is_none()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn key_rotate_endorses_a_new_key_and_keeps_the_old_one_through_the_overlap() {
    let dir = std::env::temp_dir().join(format!("egate-gateway-rotate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("gw.db");
    let key_file = dir.join("gw.signing-key.der");
    let origin = "https://gw.example";
    let rotate = |db: &std::path::Path| {
        gateway(
            &[
                "key",
                "rotate",
                "--db",
                db.to_str().unwrap(),
                "--origin",
                origin,
                "--overlap-days",
                "2",
            ],
            None,
        )
    };
    assert!(!rotate(&db).status.success(), "no key to rotate yet");
    let first = egate_gateway::gateway_key::GatewayKey::load_or_create(&key_file).unwrap();
    let rotated = rotate(&db);
    assert!(
        rotated.status.success(),
        "{}",
        String::from_utf8_lossy(&rotated.stderr)
    );
    let second = egate_gateway::gateway_key::GatewayKey::load_or_create(&key_file).unwrap();
    assert_ne!(first.public(), second.public());
    let connection = egate_gateway::store::open(&db).unwrap();
    let published = egate_gateway::gateway_key::published(&connection).unwrap();
    assert_eq!(published.len(), 2);
    let until = published[0].valid_until.unwrap();
    assert_eq!(until - published[1].valid_from, 2 * 86_400);
    let followed =
        egate_core::login::gateway_keys::follow(first.public(), &published, origin, until).unwrap();
    assert_eq!(followed, [second.public().clone(), first.public().clone()]);
    std::fs::remove_dir_all(&dir).unwrap();
}
