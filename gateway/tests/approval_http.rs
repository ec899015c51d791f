//! Push and pull approval over loopback HTTP: the browser's login opens a challenge with a
//! typed code, the registered device lists it, verifies the gateway-signed context, and decides
//! with its user-verification key. Right codes log the browser in; wrong codes, expired
//! challenges, replays, the possession key and foreign context keys are refused; a storm of
//! unanswered logins leaves one pending challenge and growing waits; "this wasn't me" blocks the
//! next login.

mod common;

use common::approval::{ALICE, PHONE, browser_login, decide, device_get, set_target, with_device};
use common::{Device, Gateway, PASSWORD, signed};
use egate_core::login::PublicKey;
use egate_core::login::approval::{Action, SignedContext};
use egate_gateway::clock::Clock;
use p256::ecdsa::SigningKey;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn approving_with_the_right_code_logs_the_browser_in() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut device = Device::new(1);
    let gateway_key = with_device(&gateway, &mut device).await;
    let (mut browser, login) = browser_login(&gateway).await;
    assert_eq!(login["next"], "second_factor");
    assert_eq!(login["second_factors"], json!(["device", "sms"]));
    let id = login["challenge"]["id"].as_str().unwrap().to_owned();
    let code = login["challenge"]["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 3);
    assert_eq!(
        browser.get("/api/v1/login/challenge").await.1["state"],
        "pending"
    );

    let (status, list) =
        device_get(&gateway, &device.possession, "/api/v1/device/challenges", 1).await;
    assert_eq!(status, 200);
    assert_eq!(list["challenges"][0]["id"], id.as_str());
    let (status, shown) = device_get(
        &gateway,
        &device.possession,
        &format!("/api/v1/device/challenges/{id}"),
        2,
    )
    .await;
    assert_eq!(status, 200);
    let signed_context: SignedContext =
        serde_json::from_value(shown["signed_context"].clone()).unwrap();
    let (context, _) = signed_context
        .verify(
            std::slice::from_ref(&gateway_key),
            &gateway.base,
            gateway.clock.now(),
        )
        .unwrap();
    assert_eq!(
        (context.location.as_str(), context.ip.as_str()),
        ("local network", "127.0.0.1")
    );
    let foreign = PublicKey::from_spki_der(
        &p256::pkcs8::EncodePublicKey::to_public_key_der(
            SigningKey::from_slice(&[42; 32]).unwrap().verifying_key(),
        )
        .unwrap()
        .into_vec(),
    )
    .unwrap();
    assert!(
        signed_context
            .verify(&[foreign], &gateway.base, gateway.clock.now())
            .is_err(),
        "a foreign key's context is refused"
    );

    let (status, body) = decide(
        &gateway,
        &gateway_key,
        &id,
        Action::Approve,
        Some(&code),
        (&device.user, &device.user),
        3,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let before = browser.cookie.clone();
    let (_, outcome) = browser.get("/api/v1/login/challenge").await;
    assert_eq!(
        (outcome["state"].as_str(), outcome["next"].as_str()),
        (Some("approved"), Some("done"))
    );
    assert_ne!(
        browser.cookie, before,
        "the cookie rotates after the second factor"
    );
    assert_eq!(browser.get("/api/v1/account").await.0, 200);
    let (status, again) = decide(
        &gateway,
        &gateway_key,
        &id,
        Action::Approve,
        Some(&code),
        (&device.user, &device.user),
        3,
    )
    .await;
    assert_eq!(
        (status, again["error"].as_str()),
        (401, Some("replayed_request")),
        "a replayed approval"
    );
}

#[tokio::test]
async fn wrong_codes_the_possession_key_replays_and_expiry_are_refused() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut device = Device::new(2);
    let gateway_key = with_device(&gateway, &mut device).await;
    let (_, login) = browser_login(&gateway).await;
    let id = login["challenge"]["id"].as_str().unwrap().to_owned();
    let code = login["challenge"]["code"].as_str().unwrap().to_owned();
    let wrong = if code == "000" { "001" } else { "000" };

    let (status, body) = decide(
        &gateway,
        &gateway_key,
        &id,
        Action::Approve,
        Some(wrong),
        (&device.possession, &device.possession),
        10,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_approval")),
        "decision signed by the possession key, request too"
    );
    let (status, body) = decide(
        &gateway,
        &gateway_key,
        &id,
        Action::Approve,
        Some(&code),
        (&device.user, &device.possession),
        11,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_approval")),
        "decision signed by the possession key"
    );
    for n in 0..3 {
        let (status, body) = decide(
            &gateway,
            &gateway_key,
            &id,
            Action::Approve,
            Some(wrong),
            (&device.user, &device.user),
            20 + n,
        )
        .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("approval_code_wrong"))
        );
    }
    let (status, body) = decide(
        &gateway,
        &gateway_key,
        &id,
        Action::Approve,
        Some(&code),
        (&device.user, &device.user),
        30,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (404, Some("challenge_not_found")),
        "cancelled after 3 wrong codes"
    );

    gateway.clock.advance(10);
    let (_, login) = browser_login(&gateway).await;
    let id = login["challenge"]["id"].as_str().unwrap().to_owned();
    let code = login["challenge"]["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6, "six digits after an unanswered push");
    gateway.clock.advance(121);
    let (status, body) = decide(
        &gateway,
        &gateway_key,
        &id,
        Action::Approve,
        Some(&code),
        (&device.user, &device.user),
        40,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (404, Some("challenge_not_found")),
        "expired"
    );
}

#[tokio::test]
async fn a_storm_of_unanswered_logins_leaves_one_pending_challenge_and_growing_waits() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut device = Device::new(3);
    with_device(&gateway, &mut device).await;
    let mut waits = Vec::new();
    let mut nonce = 50;
    for _ in 0..4 {
        let mut browser = gateway.browser();
        let (status, body) = browser.login(ALICE.id, PASSWORD).await;
        assert_eq!(status, 200, "{body}");
        let mut second = gateway.browser();
        let (status, refused) = second.login(ALICE.id, PASSWORD).await;
        assert_eq!(
            (status, refused["error"].as_str()),
            (429, Some("approval_wait"))
        );
        waits.push(refused["retry_after"].as_i64().unwrap());
        nonce += 1;
        let (_, list) = device_get(
            &gateway,
            &device.possession,
            "/api/v1/device/challenges",
            nonce,
        )
        .await;
        assert!(list["challenges"].as_array().unwrap().len() <= 1, "{list}");
        gateway.clock.advance(*waits.last().unwrap());
    }
    assert_eq!(waits, [10, 20, 40, 80]);
}

#[tokio::test]
async fn this_wasnt_me_blocks_the_next_login_and_notifies() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut device = Device::new(4);
    let gateway_key = with_device(&gateway, &mut device).await;
    let (_, login) = browser_login(&gateway).await;
    let id = login["challenge"]["id"].as_str().unwrap().to_owned();
    let (status, body) = decide(
        &gateway,
        &gateway_key,
        &id,
        Action::Report,
        None,
        (&device.user, &device.user),
        60,
    )
    .await;
    assert_eq!(
        (status, body["action"].as_str()),
        (200, Some("report")),
        "{body}"
    );
    gateway.clock.advance(3600);
    let mut next = gateway.browser();
    let (status, body) = next.login(ALICE.id, PASSWORD).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("account_blocked"))
    );
    assert!(body["message"].as_str().unwrap().contains("ID card"));
}

#[tokio::test]
async fn a_login_pushes_only_the_opaque_challenge_id_and_private_unifiedpush_endpoints_are_refused()
{
    let gateway = Gateway::start(&[ALICE]).await;
    let mut device = Device::new(5);
    with_device(&gateway, &mut device).await;
    for (endpoint, nonce) in [
        ("https://10.0.0.7/up", 70),
        ("https://127.0.0.1/up", 71),
        ("http://push.example.org/up", 72),
    ] {
        let (status, body) = set_target(
            &gateway,
            &device.possession,
            json!({ "kind": "unifiedpush", "address": endpoint }),
            nonce,
        )
        .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("bad_request")),
            "{endpoint}"
        );
    }
    let (status, body) = set_target(
        &gateway,
        &device.possession,
        json!({ "kind": "unifiedpush", "address": "https://push.example.org/up/x" }),
        75,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("bad_request")),
        "keys missing"
    );
    let (status, _) = set_target(
        &gateway,
        &device.possession,
        json!({
            "kind": "unifiedpush",
            "address": "https://push.example.org/up/x",
            "p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
            "auth": "BTBZMqHH6r4Tts7J_aSIgg",
        }),
        73,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = set_target(
        &gateway,
        &device.possession,
        json!({ "kind": "outbox", "address": "dev" }),
        74,
    )
    .await;
    assert_eq!(status, 200);

    let (_, login) = browser_login(&gateway).await;
    let id = login["challenge"]["id"].as_str().unwrap();
    let outbox: Value = common::client()
        .get(format!("{}/api/v1/dev/push-outbox", gateway.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let push = &outbox["pushes"][0];
    assert_eq!(
        (push["kind"].as_str(), push["device_id"].as_str()),
        (Some("outbox"), device.id.as_deref())
    );
    let payload: Value = serde_json::from_str(push["payload"].as_str().unwrap()).unwrap();
    assert_eq!(
        payload,
        json!({ "challenge": id, "device": device.id.as_deref() }),
        "nothing but the opaque ids"
    );
}

#[tokio::test]
async fn with_a_device_registered_a_new_device_needs_the_current_devices_approval() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut device = Device::new(6);
    let gateway_key = with_device(&gateway, &mut device).await;
    let (mut browser, login) = browser_login(&gateway).await;
    let id = login["challenge"]["id"].as_str().unwrap().to_owned();
    let code = login["challenge"]["code"].as_str().unwrap().to_owned();
    browser.post("/api/v1/sms", json!({})).await;
    let sms = gateway.last_code(PHONE).await;
    assert_eq!(
        browser
            .post("/api/v1/sms/verify", json!({ "code": sms }))
            .await
            .0,
        200
    );
    let (status, body) = browser
        .post("/api/v1/devices/registration-token", json!({}))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("device_approval_required")),
        "an SMS code is not enough"
    );

    let (status, _) = decide(
        &gateway,
        &gateway_key,
        &id,
        Action::Approve,
        Some(&code),
        (&device.user, &device.user),
        80,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        browser.get("/api/v1/login/challenge").await.1["state"],
        "approved"
    );
    let mut second = Device::new(7);
    let (status, body) = second.register(&mut browser, "new phone").await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn long_polls_answer_as_soon_as_a_challenge_opens_and_is_decided() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut device = Device::new(8);
    let gateway_key = with_device(&gateway, &mut device).await;

    let (status, quiet) = device_get(
        &gateway,
        &device.possession,
        "/api/v1/device/challenges?wait=1",
        80,
    )
    .await;
    assert_eq!(
        (status, quiet["challenges"].clone()),
        (200, json!([])),
        "nothing pending: the wait runs out empty"
    );

    let base = gateway.base.clone();
    let possession = device.possession.clone();
    let now = gateway.clock.now();
    let device_poll = tokio::spawn(async move {
        let path = "/api/v1/device/challenges?wait=25";
        let header = Device::header(&possession, &base, "GET", path, b"", now, 81);
        signed(&base, Method::GET, path, None, header).await
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !device_poll.is_finished(),
        "held open while nothing is pending"
    );
    let (browser, login) = browser_login(&gateway).await;
    let id = login["challenge"]["id"].as_str().unwrap().to_owned();
    let code = login["challenge"]["code"].as_str().unwrap().to_owned();
    let (status, listed) = device_poll.await.unwrap();
    assert_eq!(
        (status, listed["challenges"][0]["id"].as_str()),
        (200, Some(id.as_str()))
    );

    let browser_poll = tokio::spawn(async move {
        let mut browser = browser;
        let outcome = browser.get("/api/v1/login/challenge?wait=25").await;
        (browser, outcome)
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!browser_poll.is_finished(), "held open while pending");
    let (status, body) = decide(
        &gateway,
        &gateway_key,
        &id,
        Action::Approve,
        Some(&code),
        (&device.user, &device.user),
        82,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (mut browser, (status, outcome)) = browser_poll.await.unwrap();
    assert_eq!(
        (status, outcome["state"].as_str(), outcome["next"].as_str()),
        (200, Some("approved"), Some("done"))
    );
    assert_eq!(browser.get("/api/v1/account").await.0, 200, "logged in");
}
