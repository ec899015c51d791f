//! The core's login client against the reference gateway over loopback HTTP: a password login
//! with an SMS code, registering this device with two software-store keys, the registration
//! kept in the local store, then the device's signed calls (list, rename, push target, rotate,
//! remove), a device clock that is off by minutes, and typed refusals.

use egate_core::client::{ClientError, DeviceClient, GatewaySession, PushTarget, ThisDevice};
use egate_core::keystore::SoftwareKeyStore;
use egate_core::login::ProtectionLevel;
use egate_core::net::{HttpClient, NetConfig, NetError};
use egate_core::ports::FixedClock;
use egate_core::store::LocalStore;
use egate_gateway::clock::ManualClock;
use egate_gateway::gateway_key::GatewayKey;
use egate_gateway::passwords::Passwords;
use egate_gateway::{AppState, Config, accounts, store};
use std::sync::Arc;

const START: i64 = 1_800_000_000;
const CITIZEN: &str = "10000000146";
const PHONE: &str = "+905550000004";
const PASSWORD: &str = "initial passphrase";

async fn gateway() -> (String, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let db = store::open_in_memory().unwrap();
    let hash = Passwords::new().unwrap().hash(PASSWORD).unwrap();
    let id = accounts::create(&db, CITIZEN, &hash, Some(PHONE), START).unwrap();
    accounts::set_password(&db, id, &hash).unwrap();
    let config = Config {
        dev_outbox: true,
        ..Config::new(&origin)
    };
    let state = AppState::new(
        db,
        Arc::new(ManualClock::at(START)),
        config,
        GatewayKey::ephemeral().unwrap(),
    )
    .unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(egate_gateway::serve(listener, state, async {
        let _ = rx.await;
    }));
    (origin, tx)
}

async fn last_code(http: &HttpClient, origin: &str) -> String {
    let url = format!("{origin}/api/v1/dev/sms-outbox");
    let response = http
        .send(reqwest::Method::GET, &url, &[], None)
        .await
        .unwrap();
    let outbox: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    let text = outbox["messages"][0]["body"].as_str().unwrap();
    text.chars().filter(char::is_ascii_digit).take(6).collect()
}

fn data_dir(name: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("egate-login-client-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[tokio::test]
async fn a_device_registers_then_lists_renames_rotates_and_removes_itself() {
    let (origin, _stop) = gateway().await;
    let http = HttpClient::new(&NetConfig::default()).unwrap();
    let dir = data_dir("lifecycle");
    let keys = SoftwareKeyStore::open(&dir.join("keys"), &[4; 32]).unwrap();
    let mut local = LocalStore::open_in_memory().unwrap();

    let mut session = GatewaySession::new(http.clone(), &origin);
    let step = session.login(CITIZEN, PASSWORD).await.unwrap();
    assert_eq!(step.next, "done");
    let sent = session.send_sms().await.unwrap();
    assert_eq!(sent.phone_hint, "•••• 04");
    session
        .verify_sms(&last_code(&http, &origin).await)
        .await
        .unwrap();
    let registration = session
        .register_device(&keys, CITIZEN, "Elif's phone", START)
        .await
        .unwrap();
    assert_eq!(registration.protection_level, ProtectionLevel::Software);
    local.save_registration(&registration).unwrap();
    let registration = local.registration(&origin, CITIZEN).unwrap();

    let clock = FixedClock(START);
    let device = DeviceClient::new(&http, &keys, &registration, &clock);
    let list = device.devices().await.unwrap();
    assert_eq!(list.this_device, registration.device_id);
    assert_eq!(list.devices.len(), 1);
    device
        .rename(&registration.device_id, "Work phone")
        .await
        .unwrap();
    assert_eq!(
        device.devices().await.unwrap().devices[0].name,
        "Work phone"
    );

    device
        .set_push_target(&PushTarget::DevelopmentOutbox {
            label: "Elif's phone".into(),
        })
        .await
        .unwrap();
    let not_hex = PushTarget::Apns {
        token: "not a device token".into(),
    };
    let refused = device.set_push_target(&not_hex).await.unwrap_err();
    assert_eq!(refused.code(), Some("bad_request"));
    assert!(session.set_two_factor(true).await.unwrap().enabled);
    let mut browser = GatewaySession::new(http.clone(), &origin);
    let challenge = browser.login(CITIZEN, PASSWORD).await.unwrap().challenge;
    assert!(challenge.is_some(), "the device must approve");
    let status = device.push_status().await.unwrap();
    assert_eq!(status.kind.as_deref(), Some("outbox"));
    assert_eq!(status.recent.len(), 1);
    assert_eq!(status.recent[0].outcome, "delivered");

    let old = registration.clone();
    let mut this = ThisDevice::open(keys, local, http.clone(), registration, &clock)
        .await
        .unwrap();
    let rotated = this.rotate_keys(&clock).await.unwrap();
    assert_eq!(this.registration.user_key, rotated.user.1);
    assert_eq!(this.registration.possession_label, rotated.possession.0);
    let stale = DeviceClient::new(&http, &this.keys, &old, &clock);
    assert!(
        matches!(stale.devices().await, Err(ClientError::Key(_))),
        "old keys are gone from the key store"
    );
    let current = this.store.registration(&origin, CITIZEN).unwrap();
    assert_eq!(current.user_label, rotated.user.0);
    let device = this.client(&clock);
    assert_eq!(
        device.devices().await.unwrap().devices[0].user_key_id,
        current.user_key.key_id()
    );

    device.remove(&current.device_id).await.unwrap();
    let gone = device.devices().await.unwrap_err();
    assert_eq!(gone.code(), Some("unknown_key"));
    let account = session.account().await.unwrap();
    assert!(account.devices.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_device_clock_minutes_off_is_corrected_by_one_retry() {
    let (origin, _stop) = gateway().await;
    let http = HttpClient::new(&NetConfig::default()).unwrap();
    let dir = data_dir("skew");
    let keys = SoftwareKeyStore::open(&dir.join("keys"), &[6; 32]).unwrap();
    let mut session = GatewaySession::new(http.clone(), &origin);
    session.login(CITIZEN, PASSWORD).await.unwrap();
    session.send_sms().await.unwrap();
    session
        .verify_sms(&last_code(&http, &origin).await)
        .await
        .unwrap();
    let registration = session
        .register_device(&keys, CITIZEN, "phone", START)
        .await
        .unwrap();
    for skew in [-600, -200, 200, 3600] {
        let clock = FixedClock(START + skew);
        let device = DeviceClient::new(&http, &keys, &registration, &clock);
        assert_eq!(
            device.devices().await.unwrap().devices.len(),
            1,
            "skew {skew}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn refusals_and_unreachable_gateways_are_typed() {
    let (origin, _stop) = gateway().await;
    let http = HttpClient::new(&NetConfig {
        retries: 1,
        ..NetConfig::default()
    })
    .unwrap();
    let mut session = GatewaySession::new(http.clone(), &origin);
    let wrong = session
        .login(CITIZEN, "wrong passphrase")
        .await
        .unwrap_err();
    assert!(
        matches!(&wrong, ClientError::Refused { status: 401, code, .. } if code == "invalid_credentials")
    );
    let dir = data_dir("refusals");
    let keys = SoftwareKeyStore::open(&dir.join("keys"), &[8; 32]).unwrap();
    session.login(CITIZEN, PASSWORD).await.unwrap();
    let early = session
        .register_device(&keys, CITIZEN, "phone", START)
        .await
        .unwrap_err();
    assert_eq!(early.code(), Some("second_factor_required"));

    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut nowhere = GatewaySession::new(http.clone(), &format!("http://{closed}"));
    assert!(matches!(
        nowhere.account().await,
        Err(ClientError::Net(NetError::Offline(_)))
    ));
    let mut insecure = GatewaySession::new(http, "http://gateway.example");
    assert!(matches!(
        insecure.account().await,
        Err(ClientError::Net(NetError::InsecureOrigin(_)))
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_device_follows_a_gateway_key_rotation_from_its_pinned_key_and_refuses_forgeries() {
    use egate_gateway::gateway_key;
    let dir = data_dir("gateway-key");
    std::fs::create_dir_all(&dir).unwrap();
    let db_path = dir.join("gw.db");
    let key_path = dir.join("gw.signing-key.der");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let db = store::open(&db_path).unwrap();
    let hash = Passwords::new().unwrap().hash(PASSWORD).unwrap();
    let id = accounts::create(&db, CITIZEN, &hash, Some(PHONE), START).unwrap();
    accounts::set_password(&db, id, &hash).unwrap();
    let config = Config {
        dev_outbox: true,
        ..Config::new(&origin)
    };
    let served_key = GatewayKey::load_or_create(&key_path).unwrap();
    let state = AppState::new(db, Arc::new(ManualClock::at(START)), config, served_key).unwrap();
    let (_stop, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(egate_gateway::serve(listener, state, async {
        let _ = rx.await;
    }));

    let http = HttpClient::new(&NetConfig::default()).unwrap();
    let keys = SoftwareKeyStore::open(&dir.join("keys"), &[2; 32]).unwrap();
    let mut local = LocalStore::open_in_memory().unwrap();
    let mut session = GatewaySession::new(http.clone(), &origin);
    session.login(CITIZEN, PASSWORD).await.unwrap();
    session.send_sms().await.unwrap();
    session
        .verify_sms(&last_code(&http, &origin).await)
        .await
        .unwrap();
    let registration = session
        .register_device(&keys, CITIZEN, "phone", START)
        .await
        .unwrap();
    local.save_registration(&registration).unwrap();
    let clock = FixedClock(START);
    let device = DeviceClient::new(&http, &keys, &registration, &clock);
    assert_eq!(
        device.follow_gateway_key().await.unwrap(),
        None,
        "nothing rotated yet"
    );

    let mut admin = store::open(&db_path).unwrap();
    let current = GatewayKey::load_or_create(&key_path).unwrap();
    assert_eq!(current.public(), &registration.gateway_key);
    let next = GatewayKey::ephemeral().unwrap();
    gateway_key::rotate(&mut admin, &current, &next, &origin, START, 86_400).unwrap();
    let followed = device.follow_gateway_key().await.unwrap().unwrap();
    assert_eq!(&followed, next.public());
    local.pin_gateway_key(&origin, &followed, START).unwrap();
    let pinned = local.registration(&origin, CITIZEN).unwrap();
    assert_eq!(pinned.gateway_key, followed);
    assert_eq!(local.audit_log().unwrap()[0].event, "gateway_key_rotated");
    let device = DeviceClient::new(&http, &keys, &pinned, &clock);
    assert_eq!(device.follow_gateway_key().await.unwrap(), None);

    let intruder = GatewayKey::ephemeral().unwrap();
    admin
        .execute(
            "INSERT INTO gateway_keys (key_id, spki, valid_from, endorsement) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![intruder.public().key_id(), intruder.public().spki_der(), START + 1, vec![0x30u8, 0x00]],
        )
        .unwrap();
    assert!(matches!(
        device.follow_gateway_key().await,
        Err(ClientError::GatewayKey(_))
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}
