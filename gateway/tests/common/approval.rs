//! The approval scenario's shared steps: Alice with two-factor login on and a registered
//! device, the device's signed GETs and push-target changes, the browser's password login.

use super::{Browser, Device, Gateway, Holder, PASSWORD, b64, signed};
use base64ct::Encoding;
use egate_core::login::PublicKey;
use egate_core::login::approval::{Action, Decision, SignedContext};
use egate_gateway::clock::Clock;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{DerSignature, SigningKey};
use reqwest::Method;
use serde_json::{Value, json};

pub const PHONE: &str = "+905550000007";
pub const ALICE: Holder<'static> = Holder {
    id: "10000000146",
    phone: Some(PHONE),
    fresh: false,
};

/// A gateway where Alice has two-factor login on and `device` registered; answers the gateway
/// key the device pinned.
pub async fn with_device(gateway: &Gateway, device: &mut Device) -> PublicKey {
    with_device_of(gateway, ALICE, device).await
}

/// As [`with_device`] for `holder` (who has a phone).
pub async fn with_device_of(
    gateway: &Gateway,
    holder: Holder<'_>,
    device: &mut Device,
) -> PublicKey {
    let mut browser = gateway.browser();
    browser
        .login_with_sms(gateway, holder.id, holder.phone.unwrap())
        .await;
    browser.set_two_factor(true).await;
    let (status, body) = device.register(&mut browser, "phone").await;
    assert_eq!(status, 201, "{body}");
    let spki = base64ct::Base64UrlUnpadded::decode_vec(
        body["gateway_key"]["public_key"].as_str().unwrap(),
    )
    .unwrap();
    PublicKey::from_spki_der(&spki).unwrap()
}

pub async fn device_get(
    gateway: &Gateway,
    key: &SigningKey,
    path: &str,
    nonce: u8,
) -> (u16, Value) {
    let header = Device::header(
        key,
        &gateway.base,
        "GET",
        path,
        b"",
        gateway.clock.now(),
        nonce,
    );
    signed(&gateway.base, Method::GET, path, None, header).await
}

pub async fn browser_login(gateway: &Gateway) -> (Browser, Value) {
    let mut browser = gateway.browser();
    let (status, body) = browser.login(ALICE.id, PASSWORD).await;
    assert_eq!(status, 200, "{body}");
    (browser, body)
}

pub async fn set_target(
    gateway: &Gateway,
    key: &SigningKey,
    body: Value,
    nonce: u8,
) -> (u16, Value) {
    let path = "/api/v1/device/push-target";
    let bytes = serde_json::to_vec(&body).unwrap();
    let header = Device::header(
        key,
        &gateway.base,
        "PUT",
        path,
        &bytes,
        gateway.clock.now(),
        nonce,
    );
    signed(&gateway.base, Method::PUT, path, Some(body), header).await
}

/// The device's decision on challenge `id`, signed by `decider`, sent with a request signed by
/// `requester`.
pub async fn decide(
    gateway: &Gateway,
    gateway_key: &PublicKey,
    id: &str,
    action: Action,
    code: Option<&str>,
    (requester, decider): (&SigningKey, &SigningKey),
    nonce: u8,
) -> (u16, Value) {
    let path = format!("/api/v1/device/challenges/{id}");
    let (status, shown) = device_get(gateway, requester, &path, nonce).await;
    if status != 200 {
        return (status, shown);
    }
    let signed_context: SignedContext =
        serde_json::from_value(shown["signed_context"].clone()).unwrap();
    let now = gateway.clock.now();
    let (context, digest) = signed_context
        .verify(std::slice::from_ref(gateway_key), &gateway.base, now)
        .unwrap();
    let decision = Decision::new(&context, &digest, action, code, &[nonce; 16], now).canonical();
    let signature: DerSignature = decider.sign(&decision);
    let body = json!({ "decision": b64(&decision), "signature": b64(signature.as_bytes()) });
    let bytes = serde_json::to_vec(&body).unwrap();
    let decision_path = format!("{path}/decision");
    let header = Device::header(
        requester,
        &gateway.base,
        "POST",
        &decision_path,
        &bytes,
        now,
        nonce.wrapping_add(100),
    );
    signed(
        &gateway.base,
        Method::POST,
        &decision_path,
        Some(body),
        header,
    )
    .await
}

/// The text of the QR code in an SVG drawn by the gateway (squares of one module each, `M x y
/// h w …`), rasterised and read with egate's decoder.
pub fn qr_from_svg(svg: &str) -> String {
    let number = |text: &str| -> usize {
        text.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap()
    };
    let side = number(&svg[svg.find("width=\"").unwrap() + 7..]);
    let path = &svg[svg.find(" d=\"").unwrap() + 4..];
    let path = &path[..path.find('"').unwrap()];
    let mut luma = vec![255u8; side * side];
    for square in path.split('M').filter(|s| !s.is_empty()) {
        let (x, rest) = square.split_once(' ').unwrap();
        let (x, y) = (number(x), number(rest));
        let module = number(&rest[rest.find('h').unwrap() + 1..]);
        for row in y..y + module {
            for column in x..x + module {
                luma[row * side + column] = 0;
            }
        }
    }
    let texts = egate_core::qr::scan_frame(&luma, side, side, side).unwrap();
    assert_eq!(texts.len(), 1, "one QR code in the picture");
    texts[0].clone()
}
