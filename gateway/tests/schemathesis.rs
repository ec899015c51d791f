//! Schemathesis (PyPI) against the running gateway binary's `/openapi.json`, every phase
//! including the stateful one (which follows the document's links: registration token to
//! registration, device list to rename and removal, challenge list to decision, a new backup-code
//! set to a login with one of its codes). Its hooks (`tests/schemathesis/hooks.py`) send a
//! logged-in session cookie with every request and sign every device request with the keys of a
//! device this test registers, so the authenticated operations are exercised past their checks:
//! no generated request may cause a server error.
//!
//! Needs `EGATE_SCHEMATHESIS` (the schemathesis executable); scripts/test.sh installs it.

mod common;

use common::{Browser, Device, NEW_PASSWORD, PASSWORD, client, last_sms_code, public};
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CITIZEN: &str = "10000000146";
const PHONE: &str = "+905550000009";

struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn browser(base: &str) -> Browser {
    Browser {
        client: client(),
        base: base.to_owned(),
        cookie: None,
        last_set_cookie: None,
    }
}

/// A browser with a full session (first password changed, SMS code confirmed), two-factor
/// login turned on.
async fn logged_in(base: &str) -> Browser {
    let mut browser = browser(base);
    assert_eq!(browser.login(CITIZEN, PASSWORD).await.0, 200);
    let (status, body) = browser
        .post(
            "/api/v1/password",
            json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(browser.post("/api/v1/sms", json!({})).await.0, 202);
    let code = last_sms_code(base, PHONE).await;
    let (status, body) = browser
        .post("/api/v1/sms/verify", json!({ "code": code }))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = browser.set_two_factor(true).await;
    assert_eq!(status, 200, "{body}");
    browser
}

fn key_json(key: &p256::ecdsa::SigningKey) -> Value {
    json!({
        "key_id": public(key).key_id(),
        "scalar_hex": key.to_bytes().iter().map(|b| format!("{b:02x}")).collect::<String>(),
    })
}

/// A second browser's session, its login completed with a backup code: like a session approved
/// on the device, it may also register another device.
async fn completed_with_backup_code(base: &str, first: &mut Browser) -> Browser {
    let (status, set) = first.post("/api/v1/backup-codes", json!({})).await;
    assert_eq!(status, 201, "{set}");
    let mut browser = browser(base);
    assert_eq!(browser.login(CITIZEN, NEW_PASSWORD).await.0, 200);
    let (status, body) = browser
        .post(
            "/api/v1/login/backup-code",
            json!({ "code": set["codes"][0] }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    browser
}

/// Registers a device through `browser`, completes a second session for the hooks, and writes
/// what the hooks need into `dir`.
async fn device_file(
    base: &str,
    browser: &mut Browser,
    dir: &std::path::Path,
) -> std::path::PathBuf {
    let mut device = Device::new(9);
    let (status, body) = device.register(browser, "fuzzing phone").await;
    assert_eq!(status, 201, "{body}");
    let session = completed_with_backup_code(base, browser).await;
    let file = dir.join("device.json");
    let description = json!({
        "base": base,
        "audience": base,
        "citizen_id": CITIZEN,
        "password": NEW_PASSWORD,
        "phone": PHONE,
        "cookie": session.cookie.unwrap(),
        "possession": key_json(&device.possession),
        "user": key_json(&device.user),
    });
    std::fs::write(&file, description.to_string()).unwrap();
    file
}

/// The operations that end what the others need, by operation id: removing the device whose
/// keys sign, turning two-factor login off (which removes every device), and logging out. They
/// run after the rest, in this order.
const ENDING: [&str; 4] = [
    "removeDevice",
    "removeDeviceFromSession",
    "setTwoFactor",
    "logout",
];

/// Which operations a run covers.
enum Operations<'a> {
    AllBut(&'a [&'a str]),
    Only(&'a [&'a str]),
}

/// One schemathesis run of `phases` over `operations`; answers its report, which must show no
/// failure.
fn schemathesis_run(
    schemathesis: &str,
    base: &str,
    device: &std::path::Path,
    dir: &std::path::Path,
    phases: &str,
    operations: Operations<'_>,
) -> String {
    let (flag, ids) = match operations {
        Operations::AllBut(ids) => ("--exclude-operation-id", ids),
        Operations::Only(ids) => ("--include-operation-id", ids),
    };
    let filters = ids.iter().flat_map(|id| [flag, id]);
    let hooks = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/schemathesis");
    let output = Command::new(schemathesis)
        .args(["run", &format!("{base}/openapi.json")])
        .args(["--phases", phases])
        .args(["--checks", "not_a_server_error"])
        .args(["--max-examples", "40", "--seed", "1", "--workers", "1"])
        .args(["--report", "har", "--report-dir", dir.to_str().unwrap()])
        .args(filters)
        .env("SCHEMATHESIS_HOOKS", "hooks")
        .env("PYTHONPATH", hooks)
        .env("EGATE_SCHEMATHESIS_DEVICE", device)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    println!("{report}");
    assert!(output.status.success(), "{report}");
    assert!(report.contains("passed"), "{report}");
    report
}

#[tokio::test]
#[ignore = "needs schemathesis (EGATE_SCHEMATHESIS); run by scripts/test.sh"]
async fn schemathesis_finds_no_server_error() {
    let schemathesis = std::env::var("EGATE_SCHEMATHESIS")
        .expect("EGATE_SCHEMATHESIS names the schemathesis executable");
    let dir = std::env::temp_dir().join(format!("egate-schemathesis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("gateway.db");
    let gateway = env!("CARGO_BIN_EXE_egate-gateway");
    let added = Command::new(gateway)
        .args(["user", "add", "--db", db.to_str().unwrap(), "--id", CITIZEN])
        .args(["--password", PASSWORD, "--phone", PHONE])
        .status()
        .unwrap();
    assert!(added.success());
    let listen = format!("127.0.0.1:{}", free_port());
    let _served = Served(
        Command::new(gateway)
            .args([
                "serve",
                "--db",
                db.to_str().unwrap(),
                "--listen",
                &listen,
                "--dev-outbox",
                "--trust",
                concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../fixtures/pki/csca-utopia-2024.pem"
                ),
            ])
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let base = format!("http://{listen}");
    let deadline = Instant::now() + Duration::from_secs(20);
    while client()
        .get(format!("{base}/api/v1/time"))
        .send()
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "the gateway did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut session = logged_in(&base).await;
    let device = device_file(&base, &mut session, &dir).await;
    let mut other_browser = browser(&base);
    let (status, pending) = other_browser.login(CITIZEN, NEW_PASSWORD).await;
    assert!(pending["challenge"]["id"].is_string(), "{status} {pending}");
    let run = |phases: &str, operations: Operations<'_>| {
        schemathesis_run(&schemathesis, &base, &device, &dir, phases, operations)
    };
    let everything = "examples,coverage,fuzzing,stateful";
    let reports = [
        run(everything, Operations::AllBut(&ENDING)),
        run(
            everything,
            Operations::Only(&["listDevices", ENDING[0], ENDING[1]]),
        ),
        run("examples,coverage,fuzzing", Operations::Only(&ENDING[2..3])),
    ];
    for report in reports {
        assert!(
            !report.contains("Authentication failed"),
            "the hooks' session or signatures were refused throughout an operation: {report}"
        );
    }
    run("examples,coverage,fuzzing", Operations::Only(&ENDING[3..]));
    std::fs::remove_dir_all(&dir).unwrap();
}
