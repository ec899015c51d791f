//! Device registration and signed device requests over real HTTP: tokens (missing, foreign,
//! expired, spent), proof of possession, listing, renaming, removal and rotation with signed
//! requests, and the refusals of replayed, expired, misaddressed and removed-key requests.

mod common;

use common::{Device, Gateway, Holder, PASSWORD, signed};
use egate_core::login::RegistrationPurpose;
use reqwest::Method;
use serde_json::json;

const PHONE: &str = "+905550000003";
const ALICE: Holder<'static> = Holder {
    id: "10000000146",
    phone: Some(PHONE),
    fresh: false,
};

#[tokio::test]
async fn registration_needs_a_live_token_of_this_session_and_a_valid_proof() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut browser = gateway.browser();
    browser.login(ALICE.id, PASSWORD).await;
    let (status, body) = browser
        .post("/api/v1/devices/registration-token", json!({}))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("second_factor_required"))
    );
    browser.login_with_sms(&gateway, ALICE.id, PHONE).await;
    let device = Device::new(1);
    let proof = device.keys_with_proof(&gateway.base, RegistrationPurpose::Register, "bm9uY2U");
    let (status, body) = browser
        .post("/api/v1/devices", json!({ "token": "forged", "name": "phone", "keys": proof, "claimed_level": "software" }))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("registration_token_invalid"))
    );

    let (_, token) = browser
        .post("/api/v1/devices/registration-token", json!({}))
        .await;
    let good = device.keys_with_proof(
        &gateway.base,
        RegistrationPurpose::Register,
        token["nonce"].as_str().unwrap(),
    );
    let mut stranger = gateway.browser();
    stranger.login(ALICE.id, PASSWORD).await;
    let request = json!({ "token": token["token"], "name": "phone", "keys": good, "claimed_level": "software" });
    assert_eq!(
        stranger.post("/api/v1/devices", request.clone()).await.1["error"],
        "registration_token_invalid"
    );
    let wrong_nonce = json!({ "token": token["token"], "name": "phone", "keys": proof, "claimed_level": "software" });
    assert_eq!(
        browser.post("/api/v1/devices", wrong_nonce).await.1["error"],
        "invalid_key"
    );
    let attested = json!({ "token": token["token"], "name": "phone", "keys": good, "claimed_level": "attested_strongbox" });
    assert_eq!(
        browser.post("/api/v1/devices", attested).await.1["error"],
        "bad_request"
    );
    let (status, body) = browser.post("/api/v1/devices", request.clone()).await;
    assert_eq!(
        (status, body["protection_level"].as_str()),
        (201, Some("software")),
        "{body}"
    );
    assert_eq!(body["gateway_key"]["key_id"].as_str().unwrap().len(), 43);
    assert_eq!(
        browser.post("/api/v1/devices", request).await.1["error"],
        "registration_token_invalid"
    );

    let (_, token) = browser
        .post("/api/v1/devices/registration-token", json!({}))
        .await;
    gateway.clock.advance(300);
    let late = Device::new(2).keys_with_proof(
        &gateway.base,
        RegistrationPurpose::Register,
        token["nonce"].as_str().unwrap(),
    );
    let request = json!({ "token": token["token"], "name": "late", "keys": late, "claimed_level": "software" });
    assert_eq!(
        browser.post("/api/v1/devices", request).await.1["error"],
        "registration_token_invalid"
    );

    let (_, notices) = browser.get("/api/v1/account/notifications").await;
    assert_eq!(notices["notifications"][0]["kind"], "device_registered");
}

#[tokio::test]
async fn a_policy_requiring_attestation_refuses_claimed_keys() {
    let gateway = Gateway::start_with(&[ALICE], |config| config.require_attested = true).await;
    let mut browser = gateway.browser();
    browser.login_with_sms(&gateway, ALICE.id, PHONE).await;
    let (status, body) = Device::new(1).register(&mut browser, "phone").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("attestation_required"))
    );
}

#[tokio::test]
async fn signed_requests_are_refused_when_replayed_expired_misaddressed_or_from_a_removed_key() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut browser = gateway.browser();
    browser.login_with_sms(&gateway, ALICE.id, PHONE).await;
    let mut device = Device::new(1);
    assert_eq!(device.register(&mut browser, "phone").await.0, 201);
    let now = common::START;
    let path = "/api/v1/device/devices";

    let header = Device::header(&device.possession, &gateway.base, "GET", path, b"", now, 1);
    let (status, list) = signed(&gateway.base, Method::GET, path, None, header.clone()).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["devices"][0]["name"], "phone");
    assert_eq!(list["this_device"], device.id.clone().unwrap());
    let (status, body) = signed(&gateway.base, Method::GET, path, None, header).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("replayed_request"))
    );

    gateway.clock.advance(61);
    let stale = Device::header(&device.possession, &gateway.base, "GET", path, b"", now, 2);
    let (status, body) = signed(&gateway.base, Method::GET, path, None, stale).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("clock_skew")));
    assert_eq!(body["server_time"], now + 61);
    let fixed = Device::header(
        &device.possession,
        &gateway.base,
        "GET",
        path,
        b"",
        now + 61,
        2,
    );
    assert_eq!(
        signed(&gateway.base, Method::GET, path, None, fixed)
            .await
            .0,
        200
    );

    let elsewhere = Device::header(
        &device.possession,
        "https://other.example",
        "GET",
        path,
        b"",
        now + 61,
        3,
    );
    let (status, body) = signed(&gateway.base, Method::GET, path, None, elsewhere).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_signature"))
    );

    let other_path = Device::header(
        &device.possession,
        &gateway.base,
        "GET",
        "/api/v1/device/devices?x=1",
        b"",
        now + 61,
        4,
    );
    assert_eq!(
        signed(&gateway.base, Method::GET, path, None, other_path)
            .await
            .1["error"],
        "invalid_signature"
    );
    assert_eq!(
        signed(&gateway.base, Method::GET, path, None, "garbage".into())
            .await
            .1["error"],
        "invalid_signature"
    );

    let id = device.id.clone().unwrap();
    let target = format!("/api/v1/device/devices/{id}");
    let by_possession = Device::header(
        &device.possession,
        &gateway.base,
        "DELETE",
        &target,
        b"",
        now + 61,
        5,
    );
    let (status, body) = signed(&gateway.base, Method::DELETE, &target, None, by_possession).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("wrong_key_role"))
    );
    let by_user = Device::header(
        &device.user,
        &gateway.base,
        "DELETE",
        &target,
        b"",
        now + 61,
        6,
    );
    assert_eq!(
        signed(&gateway.base, Method::DELETE, &target, None, by_user)
            .await
            .0,
        200
    );

    let after = Device::header(
        &device.possession,
        &gateway.base,
        "GET",
        path,
        b"",
        now + 61,
        7,
    );
    let (status, body) = signed(&gateway.base, Method::GET, path, None, after).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("unknown_key")));
    let (_, notices) = browser.get("/api/v1/account/notifications").await;
    assert_eq!(notices["notifications"][0]["kind"], "device_removed");
}

#[tokio::test]
async fn a_device_renames_itself_and_rotates_its_keys_with_the_old_user_key() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut browser = gateway.browser();
    browser.login_with_sms(&gateway, ALICE.id, PHONE).await;
    let mut device = Device::new(1);
    device.register(&mut browser, "phone").await;
    let id = device.id.clone().unwrap();
    let now = common::START;
    let target = format!("/api/v1/device/devices/{id}");
    let body = json!({ "name": "Elif's phone" });
    let bytes = serde_json::to_vec(&body).unwrap();
    let header = Device::header(
        &device.user,
        &gateway.base,
        "PATCH",
        &target,
        &bytes,
        now,
        1,
    );
    let (status, renamed) = signed(&gateway.base, Method::PATCH, &target, Some(body), header).await;
    assert_eq!(
        (status, renamed["name"].as_str()),
        (200, Some("Elif's phone"))
    );

    let next = Device::new(50);
    let nonce_bytes = [2u8; 16];
    let nonce = common::b64(&nonce_bytes);
    let keys = next.keys_with_proof(&gateway.base, RegistrationPurpose::Rotate, &nonce);
    let bytes = serde_json::to_vec(&keys).unwrap();
    let header = Device::header(
        &device.user,
        &gateway.base,
        "POST",
        "/api/v1/device/rotate",
        &bytes,
        now,
        2,
    );
    let (status, rotated) = signed(
        &gateway.base,
        Method::POST,
        "/api/v1/device/rotate",
        Some(keys),
        header,
    )
    .await;
    assert_eq!(status, 200, "{rotated}");
    assert_eq!(rotated["user_key_id"], common::public(&next.user).key_id());

    let path = "/api/v1/device/devices";
    let old = Device::header(&device.possession, &gateway.base, "GET", path, b"", now, 3);
    assert_eq!(
        signed(&gateway.base, Method::GET, path, None, old).await.1["error"],
        "unknown_key"
    );
    let new = Device::header(&next.possession, &gateway.base, "GET", path, b"", now, 4);
    let (status, list) = signed(&gateway.base, Method::GET, path, None, new).await;
    assert_eq!(
        (status, list["devices"][0]["name"].as_str()),
        (200, Some("Elif's phone"))
    );
}

#[tokio::test]
async fn turning_two_factor_off_removes_the_device_and_needs_a_recent_second_factor() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut browser = gateway.browser();
    browser.login_with_sms(&gateway, ALICE.id, PHONE).await;
    let (status, body) = browser.set_two_factor(true).await;
    assert_eq!((status, body["enabled"].as_bool()), (200, Some(true)));
    let mut device = Device::new(1);
    assert_eq!(device.register(&mut browser, "phone").await.0, 201);
    let (status, body) = browser
        .post("/api/v1/devices/registration-token", json!({}))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("device_approval_required"))
    );

    gateway.clock.advance(301);
    let (status, body) = browser.set_two_factor(false).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("second_factor_required"))
    );
    browser.post("/api/v1/sms", json!({})).await;
    let code = gateway.last_code(PHONE).await;
    assert_eq!(
        browser
            .post("/api/v1/sms/verify", json!({ "code": code }))
            .await
            .0,
        200
    );
    let (status, body) = browser.set_two_factor(false).await;
    assert_eq!((status, body["devices_removed"].as_u64()), (200, Some(1)));
    let (_, account) = browser.get("/api/v1/account").await;
    assert_eq!(account["two_factor"], false);
    assert_eq!(account["devices"], json!([]));
    let (_, notices) = browser.get("/api/v1/account/notifications").await;
    assert_eq!(notices["notifications"][0]["kind"], "two_factor_off");

    let path = "/api/v1/device/devices";
    let header = Device::header(
        &device.possession,
        &gateway.base,
        "GET",
        path,
        b"",
        gateway_now(&gateway),
        9,
    );
    assert_eq!(
        signed(&gateway.base, Method::GET, path, None, header)
            .await
            .1["error"],
        "unknown_key"
    );
}

fn gateway_now(gateway: &Gateway) -> i64 {
    use egate_gateway::clock::Clock;
    gateway.clock.now()
}

#[tokio::test]
async fn with_two_factor_on_the_login_needs_the_second_factor() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut browser = gateway.browser();
    browser.login_with_sms(&gateway, ALICE.id, PHONE).await;
    browser.set_two_factor(true).await;
    let mut next = gateway.browser();
    let (_, body) = next.login(ALICE.id, PASSWORD).await;
    assert_eq!(body["next"], "second_factor");
    assert_eq!(body["second_factors"], json!(["sms"]));
    assert_eq!(
        next.get("/api/v1/account").await.1["error"],
        "second_factor_required"
    );
    let before = next.cookie.clone();
    next.post("/api/v1/sms", json!({})).await;
    let code = gateway.last_code(PHONE).await;
    assert_eq!(
        next.post("/api/v1/sms/verify", json!({ "code": code }))
            .await
            .1["next"],
        "done"
    );
    assert_ne!(
        next.cookie, before,
        "the session cookie rotates after the second factor"
    );
    assert_eq!(next.get("/api/v1/account").await.0, 200);
}
