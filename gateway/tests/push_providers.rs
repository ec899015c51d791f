//! The push providers against a local HTTP server standing in for Google and Apple: the FCM
//! HTTP v1 OAuth2 exchange and message, the APNs provider token and push, each in its
//! documented shape with nothing but the challenge id; targets the provider reports gone are
//! forgotten; UnifiedPush refuses names that resolve to private addresses before connecting.

mod common;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use base64ct::{Base64UrlUnpadded, Encoding};
use common::approval::{browser_login, set_target, with_device};
use common::{Device, Gateway, START, signed};
use egate_gateway::clock::Clock;
use egate_gateway::push::{
    ApnsSettings, Delivery, ProviderError, PushKind, Pushers, Resolver, Target,
};
use p256::pkcs8::DecodePrivateKey;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

const SERVICE_ACCOUNT: &str = include_str!("../../fixtures/push/fcm-service-account.json");
const APNS_KEY: &str = include_str!("../../fixtures/push/apns-AuthKey_TESTKEY123.p8");
const APNS_TOKEN: &str = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f0a2c4e6b8d0f";
const GONE_APNS_TOKEN: &str = "dead4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f0a2c4e6b8d0f";

/// One request the stand-in received.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path: String,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Seen>>>);

impl Recorder {
    fn seen(&self) -> Vec<Seen> {
        self.0.lock().unwrap().clone()
    }
}

/// Answers as Google's token endpoint, FCM and APNs do.
async fn provider(
    State(recorder): State<Recorder>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> axum::response::Response {
    let path = uri.path().to_owned();
    recorder.0.lock().unwrap().push(Seen {
        method,
        path: path.clone(),
        headers,
        body: body.clone(),
    });
    let json = |status: StatusCode, value: Value| (status, axum::Json(value)).into_response();
    if path == "/token" {
        return json(
            StatusCode::OK,
            json!({ "access_token": "ya29.stand-in", "expires_in": 3599, "token_type": "Bearer" }),
        );
    }
    if path.starts_with("/v1/projects/") {
        let message: Value = serde_json::from_slice(&body).unwrap_or_default();
        if message["message"]["token"] == "gone-token" {
            return json(
                StatusCode::NOT_FOUND,
                json!({ "error": { "status": "NOT_FOUND", "details": [{ "errorCode": "UNREGISTERED" }] } }),
            );
        }
        return json(
            StatusCode::OK,
            json!({ "name": "projects/egate-test/messages/1" }),
        );
    }
    if path.starts_with("/3/device/dead") {
        return json(StatusCode::GONE, json!({ "reason": "Unregistered" }));
    }
    if path.starts_with("/3/device/") {
        return StatusCode::OK.into_response();
    }
    StatusCode::NOT_FOUND.into_response()
}

/// A stand-in provider on loopback: its base URL and what it received.
async fn stand_in() -> (String, Recorder) {
    let recorder = Recorder::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .fallback(provider)
        .with_state(recorder.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, recorder)
}

fn pushers(base: &str) -> Pushers {
    let mut account: Value = serde_json::from_str(SERVICE_ACCOUNT).unwrap();
    account["token_uri"] = json!(format!("{base}/token"));
    Pushers::builder()
        .fcm(&account.to_string(), base)
        .unwrap()
        .apns(ApnsSettings {
            key_pem: APNS_KEY.into(),
            key_id: "TESTKEY123".into(),
            team_id: "TEAM123456".into(),
            topic: "org.egate.app".into(),
            endpoint: base.into(),
        })
        .unwrap()
        .build()
}

fn delivery(kind: PushKind, address: &str, challenge_id: &str) -> Delivery {
    Delivery {
        device_id: "device".into(),
        target: Target {
            kind,
            address: address.into(),
            p256dh: None,
            auth: None,
        },
        challenge_id: challenge_id.into(),
    }
}

/// The header and claims of a compact JWS, and its signing input and signature.
fn jws_parts(token: &str) -> (Value, Value, String, Vec<u8>) {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "{token}");
    let decode = |part: &str| Base64UrlUnpadded::decode_vec(part).unwrap();
    (
        serde_json::from_slice(&decode(parts[0])).unwrap(),
        serde_json::from_slice(&decode(parts[1])).unwrap(),
        format!("{}.{}", parts[0], parts[1]),
        decode(parts[2]),
    )
}

fn header<'a>(seen: &'a Seen, name: &str) -> &'a str {
    seen.headers
        .get(name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .to_str()
        .unwrap()
}

#[tokio::test]
async fn fcm_sends_an_oauth2_assertion_then_a_data_only_message_with_the_challenge_id() {
    let (base, recorder) = stand_in().await;
    let pushers = pushers(&base);
    for challenge in ["challenge-1", "challenge-2"] {
        pushers
            .deliver(&delivery(PushKind::Fcm, "fcm-token:abc", challenge), START)
            .await
            .unwrap();
    }
    let seen = recorder.seen();
    assert_eq!(seen.len(), 3, "one token exchange, then two messages");

    let token_request = &seen[0];
    assert_eq!(
        (&token_request.method, token_request.path.as_str()),
        (&Method::POST, "/token")
    );
    assert_eq!(
        header(token_request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    let form = std::str::from_utf8(&token_request.body).unwrap();
    let (grant, assertion) = form.split_once('&').unwrap();
    assert_eq!(
        grant,
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"
    );
    let (jwt_header, claims, input, signature) =
        jws_parts(assertion.strip_prefix("assertion=").unwrap());
    assert_eq!(
        jwt_header,
        json!({ "alg": "RS256", "typ": "JWT", "kid": "0123456789abcdef0123456789abcdef01234567" })
    );
    assert_eq!(
        claims,
        json!({
            "iss": "egate-push@egate-test.iam.gserviceaccount.com",
            "scope": "https://www.googleapis.com/auth/firebase.messaging",
            "aud": format!("{base}/token"),
            "iat": START,
            "exp": START + 3600,
        })
    );
    let account: Value = serde_json::from_str(SERVICE_ACCOUNT).unwrap();
    let (_, der) =
        der::pem::decode_vec(account["private_key"].as_str().unwrap().as_bytes()).unwrap();
    let key = ring::signature::RsaKeyPair::from_pkcs8(&der).unwrap();
    ring::signature::UnparsedPublicKey::new(
        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        key.public().as_ref(),
    )
    .verify(input.as_bytes(), &signature)
    .expect("the assertion verifies with the service account's key");

    for (message, challenge) in [(&seen[1], "challenge-1"), (&seen[2], "challenge-2")] {
        assert_eq!(
            (&message.method, message.path.as_str()),
            (&Method::POST, "/v1/projects/egate-test/messages:send")
        );
        assert_eq!(header(message, "authorization"), "Bearer ya29.stand-in");
        let body: Value = serde_json::from_slice(&message.body).unwrap();
        assert_eq!(
            body,
            json!({ "message": {
                "token": "fcm-token:abc",
                "data": { "challenge": challenge, "device": "device" },
                "android": { "priority": "HIGH", "ttl": "120s", "collapse_key": "approval" },
            }}),
            "data only: no notification text, nothing but the challenge and device ids"
        );
    }

    let gone = pushers
        .deliver(&delivery(PushKind::Fcm, "gone-token", "challenge-3"), START)
        .await;
    assert!(matches!(gone, Err(ProviderError::Gone)), "{gone:?}");
}

#[tokio::test]
async fn apns_sends_an_es256_provider_token_and_an_alert_expiring_with_the_challenge() {
    let (base, recorder) = stand_in().await;
    let pushers = pushers(&base);
    pushers
        .deliver(&delivery(PushKind::Apns, APNS_TOKEN, "challenge-9"), START)
        .await
        .unwrap();
    let seen = recorder.seen();
    assert_eq!(seen.len(), 1);
    let push = &seen[0];
    assert_eq!(
        (&push.method, push.path.clone()),
        (&Method::POST, format!("/3/device/{APNS_TOKEN}"))
    );
    for (name, value) in [
        ("apns-topic", "org.egate.app"),
        ("apns-push-type", "alert"),
        ("apns-priority", "10"),
        ("apns-collapse-id", "approval"),
        ("content-type", "application/json"),
    ] {
        assert_eq!(header(push, name), value, "{name}");
    }
    assert_eq!(
        header(push, "apns-expiration"),
        (START + egate_gateway::challenges::LIFETIME_SECS).to_string()
    );
    let bearer = header(push, "authorization")
        .strip_prefix("bearer ")
        .unwrap();
    let (jwt_header, claims, input, signature) = jws_parts(bearer);
    assert_eq!(jwt_header, json!({ "alg": "ES256", "kid": "TESTKEY123" }));
    assert_eq!(claims, json!({ "iss": "TEAM123456", "iat": START }));
    let (_, der) = der::pem::decode_vec(APNS_KEY.as_bytes()).unwrap();
    let key = p256::ecdsa::SigningKey::from_pkcs8_der(&der).unwrap();
    let signature = p256::ecdsa::Signature::from_slice(&signature).unwrap();
    use p256::ecdsa::signature::Verifier;
    key.verifying_key()
        .verify(input.as_bytes(), &signature)
        .expect("the provider token verifies with the .p8 key");
    let body: Value = serde_json::from_slice(&push.body).unwrap();
    assert_eq!(
        body,
        json!({
            "aps": {
                "alert": { "title-loc-key": "APPROVAL_TITLE", "loc-key": "APPROVAL_BODY" },
                "sound": "default",
                "category": "APPROVAL",
                "interruption-level": "time-sensitive",
            },
            "challenge": "challenge-9",
            "device": "device",
        }),
        "localised fixed text in the app, nothing personal in the push"
    );

    let gone = pushers
        .deliver(
            &delivery(PushKind::Apns, GONE_APNS_TOKEN, "challenge-9"),
            START,
        )
        .await;
    assert!(matches!(gone, Err(ProviderError::Gone)), "{gone:?}");
    let malformed = pushers
        .deliver(
            &delivery(PushKind::Apns, "../../admin", "challenge-9"),
            START,
        )
        .await;
    assert!(
        matches!(malformed, Err(ProviderError::Gone)),
        "{malformed:?}"
    );
    assert_eq!(recorder.seen().len(), 2, "a malformed token is never sent");
}

/// A resolver answering `addresses` for every name, counting its calls.
fn resolver(addresses: &'static [&'static str], calls: Arc<Mutex<u32>>) -> Resolver {
    Arc::new(move |_host, port| {
        *calls.lock().unwrap() += 1;
        let found = addresses
            .iter()
            .map(|a| std::net::SocketAddr::new(a.parse().unwrap(), port))
            .collect();
        Box::pin(async move { Ok(found) })
    })
}

#[tokio::test]
async fn unifiedpush_refuses_names_resolving_to_private_addresses_before_connecting() {
    let subscription = |endpoint: &str| {
        Delivery {
        device_id: "device".into(),
        target: Target {
            kind: PushKind::Unifiedpush,
            address: endpoint.into(),
            p256dh: Some("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4".into()),
            auth: Some("BTBZMqHH6r4Tts7J_aSIgg".into()),
        },
        challenge_id: "challenge-5".into(),
    }
    };
    for addresses in [
        &["10.0.0.5"][..],
        &["127.0.0.1"][..],
        &["93.184.216.34", "192.168.1.20"][..],
        &["::ffff:169.254.169.254"][..],
        &[][..],
    ] {
        let calls = Arc::new(Mutex::new(0));
        let pushers = Pushers::builder()
            .resolver(resolver(addresses, calls.clone()))
            .build();
        let outcome = pushers
            .deliver(&subscription("https://push.example.org/up/abc"), START)
            .await;
        assert!(
            matches!(outcome, Err(ProviderError::PrivateAddress)),
            "{addresses:?}: {outcome:?}"
        );
        assert_eq!(*calls.lock().unwrap(), 1, "resolved once, then refused");
    }
    let calls = Arc::new(Mutex::new(0));
    let pushers = Pushers::builder()
        .resolver(resolver(&["10.0.0.5"], calls.clone()))
        .build();
    for endpoint in [
        "https://10.0.0.5/up",
        "http://push.example.org/up",
        "https://localhost/up",
    ] {
        let outcome = pushers.deliver(&subscription(endpoint), START).await;
        assert!(
            matches!(outcome, Err(ProviderError::PrivateAddress)),
            "{endpoint}: {outcome:?}"
        );
    }
    assert_eq!(*calls.lock().unwrap(), 0, "refused without resolving");
}

#[tokio::test]
async fn a_login_pushes_through_fcm_and_a_gone_token_is_forgotten() {
    let (base, recorder) = stand_in().await;
    let providers = pushers(&base);
    let gateway = Gateway::start_with(&[common::approval::ALICE], |config| {
        config.push = providers;
    })
    .await;
    let mut device = Device::new(9);
    with_device(&gateway, &mut device).await;
    let (status, body) = set_target(
        &gateway,
        &device.possession,
        json!({ "kind": "fcm", "address": "gone-token" }),
        90,
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let (_, login) = browser_login(&gateway).await;
    let id = login["challenge"]["id"].as_str().unwrap().to_owned();
    let mut status_body = Value::Null;
    for attempt in 0..100u8 {
        let path = "/api/v1/device/push-target";
        let header = Device::header(
            &device.possession,
            &gateway.base,
            "GET",
            path,
            b"",
            gateway.clock.now(),
            100 + attempt,
        );
        let (status, body) = signed(&gateway.base, Method::GET, path, None, header).await;
        assert_eq!(status, 200, "{body}");
        if body["recent"].as_array().is_some_and(|r| !r.is_empty()) {
            status_body = body;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        status_body["kind"],
        Value::Null,
        "the gone token is forgotten"
    );
    assert_eq!(status_body["recent"][0]["kind"], "fcm");
    assert_eq!(
        status_body["recent"][0]["outcome"],
        "the push target is gone"
    );

    let messages: Vec<Seen> = recorder
        .seen()
        .into_iter()
        .filter(|s| s.path.starts_with("/v1/projects/"))
        .collect();
    assert_eq!(messages.len(), 1);
    let body: Value = serde_json::from_slice(&messages[0].body).unwrap();
    assert_eq!(
        body["message"]["data"],
        json!({ "challenge": id, "device": device.id.as_deref() })
    );
}
