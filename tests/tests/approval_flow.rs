//! The core's approval state machine against the reference gateway over loopback HTTP: a push's
//! id opens a verified context, a wrong code keeps it shown, the right one approves and logs the
//! browser in; a pull finds nothing, then long-polls until a login opens a challenge; a context
//! under an untrusted key is never shown; an expired challenge ends without sending; three
//! wrong codes end it cancelled; a scanned login QR code is parsed strictly, claimed, shown and
//! approved without typing; a backup code replaces a lost phone; every ending is in the local
//! audit log.

use egate_core::client::{
    ApprovalEnd, ApprovalFlow, ApprovalOutcome, ApprovalStep, ClientError, DeviceClient,
    GatewaySession,
};
use egate_core::keystore::SoftwareKeyStore;
use egate_core::net::{HttpClient, NetConfig};
use egate_core::ports::Clock;
use egate_core::store::{LocalStore, Registration};
use egate_gateway::clock::ManualClock;
use egate_gateway::gateway_key::GatewayKey;
use egate_gateway::passwords::Passwords;
use egate_gateway::{AppState, Config, accounts, store};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

const START: i64 = 1_800_000_000;
const CITIZEN: &str = "10000000146";
const PHONE: &str = "+905550000004";
const PASSWORD: &str = "initial passphrase";

/// The gateway's manual clock, read by the device too.
struct SharedClock(ManualClock);

impl Clock for SharedClock {
    fn now_unix_seconds(&self) -> i64 {
        egate_gateway::clock::Clock::now(&self.0)
    }
}

struct Setup {
    origin: String,
    clock: ManualClock,
    http: HttpClient,
    keys: SoftwareKeyStore,
    registration: Registration,
    dir: std::path::PathBuf,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn last_sms(http: &HttpClient, origin: &str) -> String {
    let url = format!("{origin}/api/v1/dev/sms-outbox");
    let response = http
        .send(reqwest::Method::GET, &url, &[], None)
        .await
        .unwrap();
    let outbox: Value = serde_json::from_slice(&response.body).unwrap();
    let text = outbox["messages"][0]["body"].as_str().unwrap();
    text.chars().filter(char::is_ascii_digit).take(6).collect()
}

/// A gateway where the holder turned two-factor login on and registered this device.
async fn setup(name: &str) -> Setup {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let dir = std::env::temp_dir().join(format!("egate-flow-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = store::open(&dir.join("gateway.db")).unwrap();
    let hash = Passwords::new().unwrap().hash(PASSWORD).unwrap();
    let id = accounts::create(&db, CITIZEN, &hash, Some(PHONE), START).unwrap();
    accounts::set_password(&db, id, &hash).unwrap();
    let clock = ManualClock::at(START);
    let config = Config {
        dev_outbox: true,
        ..Config::new(&origin)
    };
    let state = AppState::new(
        db,
        Arc::new(clock.clone()),
        config,
        GatewayKey::ephemeral().unwrap(),
    )
    .unwrap();
    let (stop, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(egate_gateway::serve(listener, state, async {
        let _ = rx.await;
    }));

    let http = HttpClient::new(&NetConfig::default()).unwrap();
    let keys = SoftwareKeyStore::open(&dir.join("keys"), &[3; 32]).unwrap();
    let mut session = GatewaySession::new(http.clone(), &origin);
    session.login(CITIZEN, PASSWORD).await.unwrap();
    session.send_sms().await.unwrap();
    session
        .verify_sms(&last_sms(&http, &origin).await)
        .await
        .unwrap();
    session.set_two_factor(true).await.unwrap();
    let registration = session
        .register_device(&keys, CITIZEN, "phone", START)
        .await
        .unwrap();
    Setup {
        origin,
        clock,
        http,
        keys,
        registration,
        dir,
        _stop: stop,
    }
}

/// A password login from another device (a browser, another phone): its session, and the
/// challenge's id and code.
async fn browser_login(setup: &Setup) -> (GatewaySession, String, String) {
    let mut session = GatewaySession::new(setup.http.clone(), &setup.origin);
    let step = session.login(CITIZEN, PASSWORD).await.unwrap();
    assert_eq!(step.next, "second_factor");
    let challenge = step.challenge.expect("the registered device must approve");
    (session, challenge.id, challenge.code)
}

/// How the login of `session` stands now.
async fn browser_state(session: &mut GatewaySession) -> String {
    session
        .challenge_outcome(Duration::ZERO)
        .await
        .unwrap()
        .state
}

fn wrong(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c == '9' {
                '0'
            } else {
                char::from(c as u8 + 1)
            }
        })
        .collect()
}

#[tokio::test]
async fn a_pushed_challenge_is_shown_verified_and_approved_with_the_typed_code() {
    let setup = setup("push").await;
    let clock = SharedClock(setup.clock.clone());
    let audit = LocalStore::open_in_memory().unwrap();
    let client = DeviceClient::new(&setup.http, &setup.keys, &setup.registration, &clock);
    let mut flow = ApprovalFlow::new(client, vec![setup.registration.gateway_key.clone()], &audit);
    assert_eq!(flow.step(), &ApprovalStep::Idle);

    let (mut other, id, code) = browser_login(&setup).await;
    let ApprovalStep::Showing {
        challenge,
        wrong_codes: 0,
    } = flow.open(&id).await.unwrap().clone()
    else {
        panic!("{:?}", flow.step());
    };
    assert_eq!(challenge.context().challenge_id, id);
    assert_eq!(challenge.context().location, "local network");

    assert!(matches!(
        flow.approve("12a").await,
        Err(ClientError::Input(_))
    ));
    assert!(matches!(
        flow.open(&id).await,
        Err(ClientError::OutOfOrder(_))
    ));
    let step = flow.approve(&wrong(&code)).await.unwrap();
    assert!(
        matches!(step, ApprovalStep::Showing { wrong_codes: 1, .. }),
        "{step:?}"
    );
    assert_eq!(
        flow.approve(&code).await.unwrap(),
        &ApprovalStep::Decided(ApprovalOutcome::Approved)
    );
    let outcome = other.challenge_outcome(Duration::ZERO).await.unwrap();
    assert_eq!(
        (outcome.state.as_str(), outcome.next.as_str()),
        ("approved", "done")
    );
    assert_eq!(
        other.account().await.unwrap().citizen_id,
        CITIZEN,
        "the other side is logged in"
    );
    assert!(matches!(flow.deny().await, Err(ClientError::OutOfOrder(_))));

    let log = audit.audit_log().unwrap();
    assert_eq!(log[0].event, "login_approved");
    assert!(log[0].detail.contains(&id), "{}", log[0].detail);
    std::fs::remove_dir_all(&setup.dir).unwrap();
}

#[tokio::test]
async fn a_pull_long_polls_until_a_login_opens_a_challenge() {
    let setup = setup("pull").await;
    let clock = SharedClock(setup.clock.clone());
    let audit = LocalStore::open_in_memory().unwrap();
    let client = DeviceClient::new(&setup.http, &setup.keys, &setup.registration, &clock);
    let mut flow = ApprovalFlow::new(client, vec![setup.registration.gateway_key.clone()], &audit);
    assert_eq!(
        flow.pull(Duration::from_secs(1)).await.unwrap(),
        &ApprovalStep::Idle
    );

    let (mut other, id, _) = tokio::join!(
        async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            browser_login(&setup).await
        },
        async {
            let step = flow.pull(Duration::from_secs(10)).await.unwrap();
            assert!(matches!(step, ApprovalStep::Showing { .. }), "{step:?}");
        }
    )
    .0;
    let ApprovalStep::Showing { challenge, .. } = flow.step() else {
        unreachable!()
    };
    assert_eq!(challenge.context().challenge_id, id);
    assert_eq!(
        flow.report().await.unwrap(),
        &ApprovalStep::Decided(ApprovalOutcome::Reported)
    );
    assert_eq!(browser_state(&mut other).await, "reported");
    assert_eq!(audit.audit_log().unwrap()[0].event, "login_reported");
    std::fs::remove_dir_all(&setup.dir).unwrap();
}

#[tokio::test]
async fn untrusted_contexts_expiry_and_wrong_codes_end_the_flow() {
    let setup = setup("endings").await;
    let clock = SharedClock(setup.clock.clone());
    let audit = LocalStore::open_in_memory().unwrap();
    let stranger = GatewayKey::ephemeral().unwrap().public().clone();

    let (_, id, code) = browser_login(&setup).await;
    let client = DeviceClient::new(&setup.http, &setup.keys, &setup.registration, &clock);
    let mut untrusting = ApprovalFlow::new(client, vec![stranger], &audit);
    assert_eq!(
        untrusting.open(&id).await.unwrap(),
        &ApprovalStep::Ended(ApprovalEnd::Untrusted)
    );
    assert_eq!(
        audit.audit_log().unwrap()[0].event,
        "approval_context_refused"
    );

    let trusted = vec![setup.registration.gateway_key.clone()];
    let client = DeviceClient::new(&setup.http, &setup.keys, &setup.registration, &clock);
    let mut late = ApprovalFlow::new(client, trusted.clone(), &audit);
    late.open(&id).await.unwrap();
    setup.clock.advance(121);
    assert_eq!(
        late.approve(&code).await.unwrap(),
        &ApprovalStep::Ended(ApprovalEnd::Expired)
    );
    assert_eq!(audit.audit_log().unwrap()[0].event, "approval_expired");
    let client = DeviceClient::new(&setup.http, &setup.keys, &setup.registration, &clock);
    let mut after = ApprovalFlow::new(client, trusted.clone(), &audit);
    assert_eq!(
        after.open(&id).await.unwrap(),
        &ApprovalStep::Ended(ApprovalEnd::Gone)
    );

    setup.clock.advance(60 * 60);
    let (mut other, id, code) = browser_login(&setup).await;
    let client = DeviceClient::new(&setup.http, &setup.keys, &setup.registration, &clock);
    let mut guessing = ApprovalFlow::new(client, trusted, &audit);
    guessing.open(&id).await.unwrap();
    let bad = wrong(&code);
    for expected in [1, 2] {
        let step = guessing.approve(&bad).await.unwrap();
        assert!(
            matches!(step, ApprovalStep::Showing { wrong_codes, .. } if *wrong_codes == expected),
            "{step:?}"
        );
    }
    assert_eq!(
        guessing.approve(&bad).await.unwrap(),
        &ApprovalStep::Ended(ApprovalEnd::Cancelled)
    );
    assert_ne!(browser_state(&mut other).await, "approved");
    assert_eq!(audit.audit_log().unwrap()[0].event, "approval_cancelled");
    std::fs::remove_dir_all(&setup.dir).unwrap();
}

/// The login QR code the page would draw now for the pending login (drawn by the gateway's own
/// code on its database, as `GET /login/qr.svg` does).
fn draw_qr(setup: &Setup) -> String {
    let db = store::open(&setup.dir.join("gateway.db")).unwrap();
    let now = egate_gateway::clock::Clock::now(&setup.clock);
    let (id, expires_at): (String, i64) = db
        .query_row(
            "SELECT id, expires_at FROM challenges WHERE state = 'pending'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    egate_gateway::qr_codes::draw(&db, &setup.origin, &id, expires_at, now)
        .unwrap()
        .to_uri()
}

#[tokio::test]
async fn a_scanned_code_is_verified_shown_and_approved_and_bad_codes_fail_first() {
    use egate_core::login::qr_login::QrLoginError;
    let setup = setup("scan").await;
    let clock = SharedClock(setup.clock.clone());
    let audit = LocalStore::open_in_memory().unwrap();
    let trusted = vec![setup.registration.gateway_key.clone()];
    let (mut other, id, _) = browser_login(&setup).await;
    let client = DeviceClient::new(&setup.http, &setup.keys, &setup.registration, &clock);
    let mut flow = ApprovalFlow::new(client, trusted, &audit);

    let text = draw_qr(&setup);
    let foreign = text.replace(&setup.origin, "https://gateway.example");
    assert!(matches!(
        flow.open_scanned(&foreign).await,
        Err(ClientError::QrLogin(QrLoginError::ForeignOrigin(_)))
    ));
    assert!(matches!(
        flow.open_scanned(&text.replace("&exp=", "&exp=x")).await,
        Err(ClientError::QrLogin(QrLoginError::Malformed("exp")))
    ));
    assert!(matches!(
        flow.open_scanned("https://example.org/").await,
        Err(ClientError::QrLogin(QrLoginError::NotALoginCode))
    ));
    setup.clock.advance(31);
    assert!(matches!(
        flow.open_scanned(&text).await,
        Err(ClientError::QrLogin(QrLoginError::Expired))
    ));
    assert_eq!(flow.step(), &ApprovalStep::Idle, "nothing was sent");

    let text = draw_qr(&setup);
    let secret_at = text.find("&secret=").unwrap() + 8;
    let mut tampered = text.clone();
    let flipped = if &text[secret_at..=secret_at] == "A" {
        "B"
    } else {
        "A"
    };
    tampered.replace_range(secret_at..=secret_at, flipped);
    assert_eq!(
        flow.open_scanned(&tampered).await.unwrap(),
        &ApprovalStep::Ended(ApprovalEnd::Gone)
    );

    let step = flow.open_scanned(&text).await.unwrap();
    let ApprovalStep::Showing { challenge, .. } = step else {
        panic!("{step:?}");
    };
    assert!(challenge.scanned());
    assert_eq!(challenge.context().challenge_id, id);
    assert!(matches!(
        flow.approve("123").await,
        Err(ClientError::OutOfOrder(_))
    ));
    assert_eq!(
        flow.approve_scanned().await.unwrap(),
        &ApprovalStep::Decided(ApprovalOutcome::Approved)
    );
    assert_eq!(browser_state(&mut other).await, "approved");
    assert_eq!(audit.audit_log().unwrap()[0].event, "login_approved");
    std::fs::remove_dir_all(&setup.dir).unwrap();
}

#[tokio::test]
async fn a_lost_phone_is_replaced_by_logging_in_with_a_backup_code() {
    let setup = setup("backup").await;
    let clock = SharedClock(setup.clock.clone());
    let device = DeviceClient::new(&setup.http, &setup.keys, &setup.registration, &clock);
    let set = device.new_backup_codes().await.unwrap();
    assert_eq!((set.codes.len(), set.remaining), (10, 10));
    assert!(
        !format!("{set:?}").contains(set.codes[0].as_str()),
        "codes never in logs"
    );
    assert_eq!(device.backup_codes_remaining().await.unwrap(), 10);

    let mut new_phone = GatewaySession::new(setup.http.clone(), &setup.origin);
    let step = new_phone.login(CITIZEN, PASSWORD).await.unwrap();
    assert_eq!(step.second_factors, vec!["device", "sms"]);
    let wrong = new_phone
        .login_with_backup_code("0-AAAA-AAAA-AAAAA")
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), Some("backup_code_invalid"));
    let step = new_phone
        .login_with_backup_code(&set.codes[3])
        .await
        .unwrap();
    assert_eq!(
        (step.next.as_str(), step.backup_codes_remaining),
        ("done", Some(9))
    );
    let keys = SoftwareKeyStore::open(&setup.dir.join("new-phone-keys"), &[9; 32]).unwrap();
    let replacement = new_phone
        .register_device(&keys, CITIZEN, "new phone", START)
        .await
        .expect("a backup-code login may register the replacement phone");
    let new_device = DeviceClient::new(&setup.http, &keys, &replacement, &clock);
    assert_eq!(new_device.devices().await.unwrap().devices.len(), 2);
    new_device.delete_backup_codes().await.unwrap();
    assert_eq!(new_device.backup_codes_remaining().await.unwrap(), 0);
    std::fs::remove_dir_all(&setup.dir).unwrap();
}
