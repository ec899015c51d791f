//! Login QR codes over loopback HTTP: the code the login page draws (read from its SVG with
//! egate's decoder) is claimed by the account's device, which sees the browser's signed
//! context and approves with the code's secret, logging the browser in. A code relayed to a
//! device of another account, a code used twice, an expired or redrawn code and a tampered
//! secret are all refused with one and the same answer.

mod common;

use common::approval::{ALICE, browser_login, decide, qr_from_svg, with_device, with_device_of};
use common::{Browser, Device, Gateway, Holder, signed};
use egate_core::login::approval::Action;
use egate_core::login::qr_login::LoginQr;
use egate_gateway::clock::Clock;
use reqwest::Method;
use serde_json::{Value, json};

const BOB: Holder<'static> = Holder {
    id: "20000000246",
    phone: Some("+905550000009"),
    fresh: false,
};

/// The QR code the browser's login page draws now, parsed.
async fn drawn(gateway: &Gateway, browser: &Browser) -> LoginQr {
    let response = common::client()
        .get(format!("{}/login/qr.svg", gateway.base))
        .header("cookie", browser.cookie.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    let text = qr_from_svg(&response.text().await.unwrap());
    LoginQr::parse(&text, &[gateway.base.as_str()], gateway.clock.now()).unwrap()
}

async fn claim(
    gateway: &Gateway,
    device: &Device,
    sid: &str,
    secret: &str,
    nonce: u8,
) -> (u16, Value) {
    let path = "/api/v1/device/qr-claims";
    let body = json!({ "sid": sid, "secret": secret });
    let bytes = serde_json::to_vec(&body).unwrap();
    let header = Device::header(
        &device.possession,
        &gateway.base,
        "POST",
        path,
        &bytes,
        gateway.clock.now(),
        nonce,
    );
    signed(&gateway.base, Method::POST, path, Some(body), header).await
}

fn refused(answer: &(u16, Value)) -> (u16, Option<&str>) {
    (answer.0, answer.1["error"].as_str())
}

const NOT_VALID: (u16, Option<&str>) = (404, Some("qr_not_valid"));

#[tokio::test]
async fn a_scanned_code_is_claimed_shown_and_approved_and_logs_the_browser_in() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut device = Device::new(21);
    let gateway_key = with_device(&gateway, &mut device).await;
    let (mut browser, login) = browser_login(&gateway).await;
    let id = login["challenge"]["id"].as_str().unwrap().to_owned();
    let qr = drawn(&gateway, &browser).await;
    assert_eq!(qr.origin, gateway.base);
    assert!(qr.exp <= gateway.clock.now() + 30);

    let (status, claimed) = claim(&gateway, &device, &qr.sid, &qr.secret, 1).await;
    assert_eq!(status, 200, "{claimed}");
    assert_eq!(claimed["challenge_id"], id.as_str());
    assert!(claimed["signed_context"]["signature"].is_string());
    assert_eq!(
        refused(&claim(&gateway, &device, &qr.sid, &qr.secret, 2).await),
        NOT_VALID,
        "a code works once"
    );

    let (status, body) = decide(
        &gateway,
        &gateway_key,
        &id,
        Action::Approve,
        Some(&qr.secret),
        (&device.user, &device.user),
        3,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, outcome) = browser.get("/api/v1/login/challenge").await;
    assert_eq!(
        (outcome["state"].as_str(), outcome["next"].as_str()),
        (Some("approved"), Some("done"))
    );
    assert_eq!(browser.get("/api/v1/account").await.0, 200);
}

#[tokio::test]
async fn relayed_reused_expired_redrawn_and_tampered_codes_are_refused_alike() {
    let gateway = Gateway::start(&[ALICE, BOB]).await;
    let mut alice_phone = Device::new(22);
    let gateway_key = with_device(&gateway, &mut alice_phone).await;
    let mut bob_phone = Device::new(23);
    with_device_of(&gateway, BOB, &mut bob_phone).await;
    let (browser, login) = browser_login(&gateway).await;
    let id = login["challenge"]["id"].as_str().unwrap().to_owned();

    let qr = drawn(&gateway, &browser).await;
    let unknown = claim(
        &gateway,
        &bob_phone,
        "AAAAAAAAAAAAAAAAAAAAAA",
        &qr.secret,
        10,
    )
    .await;
    let relayed = claim(&gateway, &bob_phone, &qr.sid, &qr.secret, 11).await;
    assert_eq!(refused(&relayed), NOT_VALID, "another account's device");
    assert_eq!(relayed, unknown, "the same answer as an unknown code");

    let mut tampered = qr.secret.to_string();
    tampered.replace_range(0..1, if tampered.starts_with('A') { "B" } else { "A" });
    assert_eq!(
        refused(&claim(&gateway, &alice_phone, &qr.sid, &tampered, 12).await),
        NOT_VALID
    );

    let newer = drawn(&gateway, &browser).await;
    assert_eq!(
        refused(&claim(&gateway, &alice_phone, &qr.sid, &qr.secret, 13).await),
        NOT_VALID,
        "drawing a new code revokes the last"
    );
    gateway.clock.advance(31);
    assert_eq!(
        refused(&claim(&gateway, &alice_phone, &newer.sid, &newer.secret, 14).await),
        NOT_VALID,
        "a code lives 30 s"
    );

    let current = drawn(&gateway, &browser).await;
    let (status, _) = claim(&gateway, &alice_phone, &current.sid, &current.secret, 15).await;
    assert_eq!(
        status, 200,
        "neither the relay nor the tampering used the code up"
    );
    let (status, body) = decide(
        &gateway,
        &gateway_key,
        &id,
        Action::Approve,
        Some(&newer.secret),
        (&alice_phone.user, &alice_phone.user),
        16,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        NOT_VALID,
        "approving needs the secret of a code this device claimed"
    );
}
