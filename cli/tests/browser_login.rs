//! The web login in a real browser (headless Chromium driven over WebDriver) with this computer
//! as the registered device: the QR code is read from a screenshot of the page with egate's
//! decoder (never from the page's markup) and approved with `egate qr scan --approve`; a push
//! login's code is read off the page and approved with `egate approvals approve`. Each time the
//! page ends logged in. Screenshots are kept in `$EGATE_ARTIFACTS` (default: the target's
//! temporary directory) as artifacts.

mod common;

use common::{CITIZEN, PASSPHRASE, PASSWORD, args, data_dir, egate, gateway, json};
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// chromedriver on a free loopback port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// chromedriver, or `None` (with a note) where Chromium is not installed outside CI.
fn driver() -> Option<Driver> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = match Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(error) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI installs chromium and chromium-driver (scripts/test.sh): {error}"
            );
            eprintln!("skipped: no chromedriver ({error})");
            return None;
        }
    };
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(driver)
}

async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), "chrome".into());
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=900,1300",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a Chromium session")
}

fn artifacts() -> PathBuf {
    let dir = std::env::var_os("EGATE_ARTIFACTS").map_or_else(
        || PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-artifacts"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screenshot(client: &Client, name: &str) -> PathBuf {
    let path = artifacts().join(name);
    std::fs::write(&path, client.screenshot().await.unwrap()).unwrap();
    eprintln!("screenshot: {}", path.display());
    path
}

async fn wait_for_path(client: &Client, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let url = client.current_url().await.unwrap();
        if url.path() == path {
            return;
        }
        if Instant::now() > deadline {
            let page = client.source().await.unwrap_or_default();
            panic!("still at {url}, expected {path}: {page}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn password_login(client: &Client, origin: &str) {
    client.goto(&format!("{origin}/login")).await.unwrap();
    for (field, value) in [("#citizen_id", CITIZEN), ("#password", PASSWORD)] {
        client
            .find(Locator::Css(field))
            .await
            .unwrap()
            .send_keys(value)
            .await
            .unwrap();
    }
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(client, "/login/approve").await;
}

async fn logged_in(client: &Client) {
    wait_for_path(client, "/account").await;
    let text = client
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("You are logged in") && text.contains(CITIZEN),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_browser_logs_in_by_qr_code_and_by_push_approval() {
    let Some(driver) = driver() else {
        return;
    };
    let origin = gateway();
    let data = data_dir("browser");
    let account = ["--gateway", origin.as_str(), "--account", CITIZEN, "--json"];
    let run = |command: &[&str]| json(&egate(&args(command, &account), &data, PASSPHRASE));
    run(&["device", "register", "--sms-from-outbox"]);
    run(&["2fa", "on", "--sms-from-outbox"]);
    let client = browser(&driver, &data.join("chromium")).await;

    password_login(&client, &origin).await;
    client
        .find(Locator::Css("a[href='/login/qr']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(&client, "/login/qr").await;
    let loaded = Instant::now() + Duration::from_secs(10);
    while !client
        .execute(
            "const img = document.getElementById('qr'); return img.complete && img.naturalWidth > 0;",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap_or(false)
    {
        assert!(Instant::now() < loaded, "the QR code did not load");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let shot = screenshot(&client, "qr-login-page.png").await;
    let shot_arg = shot.to_str().unwrap();
    let decoded = json(
        &Command::new(env!("CARGO_BIN_EXE_egate"))
            .args(["qr", "decode", shot_arg, "--json"])
            .output()
            .unwrap(),
    );
    let text = decoded["files"][0]["text"].as_str().unwrap();
    assert!(
        text.starts_with(&format!("egate-login:1?origin={origin}&sid=")),
        "{text}"
    );
    let approved = run(&["qr", "scan", shot_arg, "--approve"]);
    assert_eq!(approved["decision"], "login_approved");
    logged_in(&client).await;
    screenshot(&client, "qr-login-done.png").await;

    client.delete_all_cookies().await.unwrap();
    password_login(&client, &origin).await;
    let code = client
        .find(Locator::Css(".code"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    screenshot(&client, "push-approve-page.png").await;
    let waiting = run(&["approvals", "watch", "--timeout", "10"]);
    let id_arg = format!("--id={}", waiting["challenge_id"].as_str().unwrap());
    let decided = run(&["approvals", "approve", &id_arg, "--code", &code]);
    assert_eq!(decided["decision"], "login_approved");
    logged_in(&client).await;
    screenshot(&client, "push-login-done.png").await;

    client.close().await.unwrap();
    drop(driver);
    let _ = std::fs::remove_dir_all(&data);
}
