//! Backup codes over loopback HTTP: a set of ten is shown once after a recent second factor and
//! completes a later login once; of 100 concurrent uses of one code exactly one succeeds; used,
//! deleted, replaced and two-factor-off codes are refused; wrong entries are rate-limited until
//! the clock moves on; the database keeps nothing from which a code could be read back.

mod common;

use common::approval::{ALICE, PHONE, with_device};
use common::{Browser, Device, Gateway, PASSWORD};
use reqwest::Method;
use serde_json::{Value, json};

/// Alice with two-factor login on, logged in with an SMS code (a recent second factor),
/// holding a new set of codes.
async fn with_codes(gateway: &Gateway) -> (Browser, Vec<String>) {
    let mut browser = gateway.browser();
    browser.login_with_sms(gateway, ALICE.id, PHONE).await;
    let (status, body) = browser.set_two_factor(true).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = browser.post("/api/v1/backup-codes", json!({})).await;
    assert_eq!(status, 201, "{body}");
    let codes: Vec<String> = serde_json::from_value(body["codes"].clone()).unwrap();
    (browser, codes)
}

/// A password login answering the browser, ready for its second factor.
async fn password_only(gateway: &Gateway) -> Browser {
    let mut browser = gateway.browser();
    let (status, body) = browser.login(ALICE.id, PASSWORD).await;
    assert_eq!(status, 200, "{body}");
    browser
}

async fn use_code(browser: &mut Browser, code: &str) -> (u16, Value) {
    browser
        .post("/api/v1/login/backup-code", json!({ "code": code }))
        .await
}

fn refused(answer: &(u16, Value)) -> (u16, Option<&str>) {
    (answer.0, answer.1["error"].as_str())
}

const INVALID: (u16, Option<&str>) = (400, Some("backup_code_invalid"));

#[tokio::test]
async fn a_code_completes_one_login_and_is_never_stored_readably() {
    let dir = std::env::temp_dir().join(format!("egate-backup-codes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("gateway.db");
    let gateway = Gateway::start_on_disk(&[ALICE], &path).await;
    let (mut holder, codes) = with_codes(&gateway).await;
    assert_eq!(codes.len(), 10);
    for (slot, code) in codes.iter().enumerate() {
        assert_eq!(code.len(), 17, "{code}");
        assert!(code.starts_with(&format!("{slot}-")), "{code}");
    }
    assert_eq!(holder.get("/api/v1/backup-codes").await.1["remaining"], 10);

    let mut browser = password_only(&gateway).await;
    assert_eq!(
        browser.get("/api/v1/account").await.0,
        403,
        "no second factor yet"
    );
    let typed = codes[4].to_lowercase().replace('-', " ");
    let (status, body) = use_code(&mut browser, &typed).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (
            body["next"].as_str(),
            body["backup_codes_remaining"].as_i64()
        ),
        (Some("done"), Some(9))
    );
    assert_eq!(browser.get("/api/v1/account").await.0, 200);
    let (_, notices) = holder.get("/api/v1/account/notifications").await;
    assert!(
        notices.to_string().contains("backup_code_used"),
        "{notices}"
    );

    let mut again = password_only(&gateway).await;
    assert_eq!(
        refused(&use_code(&mut again, &codes[4]).await),
        INVALID,
        "used"
    );

    let db = rusqlite::Connection::open(&path).unwrap();
    let mut everything = String::new();
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in tables {
        let mut statement = db.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = statement.column_count();
        let mut rows = statement.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for column in 0..columns {
                let value: rusqlite::types::Value = row.get(column).unwrap();
                everything.push_str(&format!("{value:?}\n"));
            }
        }
    }
    for code in &codes {
        let body: String = code.chars().filter(|c| *c != '-').skip(1).collect();
        assert!(
            !everything.contains(&body),
            "a code's secret part is in the database"
        );
        assert!(
            !everything.contains(&body[..8]),
            "part of a code is in the database"
        );
    }
    assert!(everything.contains("$argon2id$v=19$m=19456,t=2,p=1$"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn of_a_hundred_concurrent_uses_of_one_code_exactly_one_succeeds() {
    let gateway = Gateway::start(&[ALICE]).await;
    let (_, codes) = with_codes(&gateway).await;
    let mut browsers = Vec::new();
    for _ in 0..100 {
        browsers.push(password_only(&gateway).await);
        gateway.clock.advance(3);
    }
    let code = codes[7].clone();
    let tasks: Vec<_> = browsers
        .into_iter()
        .map(|mut browser| {
            let code = code.clone();
            tokio::spawn(async move { use_code(&mut browser, &code).await.0 })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn deleted_replaced_and_two_factor_off_codes_are_refused_and_guessing_is_limited() {
    let gateway = Gateway::start(&[ALICE]).await;
    let (mut holder, old) = with_codes(&gateway).await;
    let (status, body) = holder.post("/api/v1/backup-codes", json!({})).await;
    assert_eq!(status, 201, "{body}");
    let new: Vec<String> = serde_json::from_value(body["codes"].clone()).unwrap();
    let mut browser = password_only(&gateway).await;
    assert_eq!(
        refused(&use_code(&mut browser, &old[0]).await),
        INVALID,
        "replaced"
    );

    let (status, _) = holder
        .send(Method::DELETE, "/api/v1/backup-codes", None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(holder.get("/api/v1/backup-codes").await.1["remaining"], 0);
    assert_eq!(
        refused(&use_code(&mut browser, &new[1]).await),
        INVALID,
        "deleted"
    );

    let (_, newest) = holder.post("/api/v1/backup-codes", json!({})).await;
    let newest: Vec<String> = serde_json::from_value(newest["codes"].clone()).unwrap();
    let mut device = Device::new(31);
    with_device(&gateway, &mut device).await;
    let mut owner = gateway.browser();
    owner.login_with_sms(&gateway, ALICE.id, PHONE).await;
    let (status, body) = owner.set_two_factor(false).await;
    assert_eq!(status, 200, "{body}");
    let mut later = password_only(&gateway).await;
    assert_eq!(
        refused(&use_code(&mut later, &newest[2]).await),
        INVALID,
        "two-factor login off"
    );

    gateway.clock.advance(20 * 60);
    let mut guesser = password_only(&gateway).await;
    for _ in 0..5 {
        assert_eq!(
            refused(&use_code(&mut guesser, "5-AAAA-BBBB-CCCCC").await),
            INVALID
        );
    }
    let throttled = use_code(&mut guesser, "5-AAAA-BBBB-CCCCC").await;
    assert_eq!(refused(&throttled), (429, Some("throttled")));
    assert!(throttled.1["retry_after"].as_i64().unwrap() > 0);
    gateway.clock.advance(15 * 60 + 1);
    assert_eq!(
        refused(&use_code(&mut guesser, "5-AAAA-BBBB-CCCCC").await),
        INVALID,
        "the limit lifts after 15 minutes"
    );
}
