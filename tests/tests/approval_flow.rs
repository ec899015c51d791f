//! The core's approval state machine against the reference gateway over loopback HTTP: a push's
//! id opens a verified context, a wrong code keeps it shown, the right one approves and logs the
//! browser in; a pull finds nothing, then long-polls until a login opens a challenge; a context
//! under an untrusted key is never shown; an expired challenge ends without sending; three
//! wrong codes end it cancelled; every ending is in the local audit log.

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
use serde_json::{Value, json};
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
    let db = store::open_in_memory().unwrap();
    let hash = Passwords::new().unwrap().hash(PASSWORD).unwrap();
    let id = accounts::create(&db, CITIZEN, &hash, Some(PHONE), START).unwrap();
    accounts::set_password(&db, id, &hash).unwrap();
    let clock = ManualClock::at(START);
    let config = Config {
        origin: origin.clone(),
        secure_cookies: false,
        require_attested: false,
        dev_outbox: true,
        attestation_roots: Vec::new(),
        app_attest: None,
        push: Default::default(),
        ip_locations: None,
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
    let dir = std::env::temp_dir().join(format!("egate-flow-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
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

/// A browser's password login: its cookie, and the challenge's id and code.
async fn browser_login(setup: &Setup) -> (String, String, String) {
    egate_core::net::install_crypto_provider();
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/login", setup.origin))
        .json(&json!({ "citizen_id": CITIZEN, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.unwrap();
    let challenge = &body["challenge"];
    (
        cookie,
        challenge["id"].as_str().unwrap().to_owned(),
        challenge["code"].as_str().unwrap().to_owned(),
    )
}

async fn browser_state(setup: &Setup, cookie: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{}/api/v1/login/challenge", setup.origin))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
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

    let (cookie, id, code) = browser_login(&setup).await;
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
    assert_eq!(browser_state(&setup, &cookie).await["state"], "approved");
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

    let (cookie, id, _) = tokio::join!(
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
    assert_eq!(browser_state(&setup, &cookie).await["state"], "reported");
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
    let (cookie, id, code) = browser_login(&setup).await;
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
    assert_ne!(browser_state(&setup, &cookie).await["state"], "approved");
    assert_eq!(audit.audit_log().unwrap()[0].event, "approval_cancelled");
    std::fs::remove_dir_all(&setup.dir).unwrap();
}
