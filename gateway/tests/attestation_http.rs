//! Android Key Attestation at registration over loopback HTTP, with a test attestation root:
//! StrongBox and TEE chains set the device's protection level (the weaker key decides), and
//! a wrong challenge, an untrusted root, a chain for another key or an unverified format are
//! refused with typed errors.

mod common;

use common::{Device, Gateway, Holder, b64, public};
use egate_core::login::RegistrationPurpose;
use egate_core::passive::CertificateRecord;
use p256::ecdsa::SigningKey;
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, IsCa, Issuer, KeyPair, PublicKeyData,
    SignatureAlgorithm,
};
use serde_json::{Value, json};

const PHONE: &str = "+905550000006";
const ALICE: Holder<'static> = Holder {
    id: "10000000146",
    phone: Some(PHONE),
    fresh: false,
};
const STRONGBOX: u8 = 2;
const TEE: u8 = 1;

/// A DER element with tag `tag`.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match content.len() {
        n @ 0..=127 => out.push(u8::try_from(n).unwrap()),
        n @ 128..=255 => out.extend([0x81, u8::try_from(n).unwrap()]),
        n => out.extend([
            0x82,
            u8::try_from(n >> 8).unwrap(),
            u8::try_from(n & 0xff).unwrap(),
        ]),
    }
    out.extend_from_slice(content);
    out
}

/// A KeyDescription (attestation and KeyMint version 200) with `level` and `challenge`.
fn key_description(level: u8, challenge: &[u8]) -> Vec<u8> {
    let fields = [
        tlv(0x02, &[0x00, 0xC8]),
        tlv(0x0A, &[level]),
        tlv(0x02, &[0x00, 0xC8]),
        tlv(0x0A, &[level]),
        tlv(0x04, challenge),
        tlv(0x04, &[]),
        tlv(0x30, &[]),
        tlv(0x30, &[]),
    ]
    .concat();
    tlv(0x30, &fields)
}

/// A device key as rcgen's subject key.
struct DeviceKey(Vec<u8>);

impl PublicKeyData for DeviceKey {
    fn der_bytes(&self) -> &[u8] {
        &self.0
    }
    fn algorithm(&self) -> &'static SignatureAlgorithm {
        &rcgen::PKCS_ECDSA_P256_SHA256
    }
}

/// A test attestation root and an intermediate under it.
struct Authority {
    root_der: Vec<u8>,
    intermediate_der: Vec<u8>,
    intermediate: Issuer<'static, KeyPair>,
}

fn ca_params(name: &str) -> CertificateParams {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    params
}

impl Authority {
    fn new(name: &str) -> Self {
        let root_key = KeyPair::generate().unwrap();
        let root_params = ca_params(name);
        let root = root_params.self_signed(&root_key).unwrap();
        let root_issuer = Issuer::new(root_params, root_key);
        let intermediate_key = KeyPair::generate().unwrap();
        let intermediate_params = ca_params("test attestation intermediate");
        let intermediate = intermediate_params
            .signed_by(&intermediate_key, &root_issuer)
            .unwrap();
        Self {
            root_der: root.der().to_vec(),
            intermediate_der: intermediate.der().to_vec(),
            intermediate: Issuer::new(intermediate_params, intermediate_key),
        }
    }

    /// The chain (leaf first, root last, base64url) attesting `key` with `level`, `challenge`.
    fn chain(&self, key: &SigningKey, level: u8, challenge: &[u8]) -> Vec<String> {
        let point = key.verifying_key().to_sec1_point(false).as_bytes().to_vec();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Android Keystore Key");
        params.custom_extensions = vec![CustomExtension::from_oid_content(
            &[1, 3, 6, 1, 4, 1, 11129, 2, 1, 17],
            key_description(level, challenge),
        )];
        let leaf = params
            .signed_by(&DeviceKey(point), &self.intermediate)
            .unwrap();
        [
            leaf.der().to_vec(),
            self.intermediate_der.clone(),
            self.root_der.clone(),
        ]
        .iter()
        .map(|der| b64(der))
        .collect()
    }
}

async fn gateway_trusting(authority: &Authority, require_attested: bool) -> Gateway {
    let root = CertificateRecord::from_der(&authority.root_der).unwrap();
    Gateway::start_with(&[ALICE], move |config| {
        config.attestation_roots = vec![root];
        config.require_attested = require_attested;
    })
    .await
}

/// Registers `device` with the attestation `attest` builds from the registration nonce.
async fn register(
    gateway: &Gateway,
    device: &Device,
    attest: impl Fn(&str) -> Value,
) -> (u16, Value) {
    // Each registration needs a fresh SMS code; keep under the send limit.
    gateway.clock.advance(15 * 60);
    let mut browser = gateway.browser();
    browser.login_with_sms(gateway, ALICE.id, PHONE).await;
    let (_, token) = browser
        .post("/api/v1/devices/registration-token", json!({}))
        .await;
    let nonce = token["nonce"].as_str().unwrap();
    let keys = device.keys_with_proof(&gateway.base, RegistrationPurpose::Register, nonce);
    let body = json!({
        "token": token["token"], "name": "phone", "keys": keys,
        "claimed_level": "claimed_hardware", "attestation": attest(nonce),
    });
    browser.post("/api/v1/devices", body).await
}

#[tokio::test]
async fn attested_keys_set_the_protection_level_and_the_weaker_key_decides() {
    let authority = Authority::new("test attestation root");
    let gateway = gateway_trusting(&authority, true).await;
    let device = Device::new(1);
    let (status, body) = register(&gateway, &device, |nonce| {
        json!({
            "format": "android-key",
            "possession_chain": authority.chain(&device.possession, STRONGBOX, nonce.as_bytes()),
            "user_chain": authority.chain(&device.user, STRONGBOX, nonce.as_bytes()),
        })
    })
    .await;
    assert_eq!(
        (status, body["protection_level"].as_str()),
        (201, Some("attested_strongbox")),
        "{body}"
    );

    let second = Device::new(2);
    let (status, body) = register(&gateway, &second, |nonce| {
        json!({
            "format": "android-key",
            "possession_chain": authority.chain(&second.possession, STRONGBOX, nonce.as_bytes()),
            "user_chain": authority.chain(&second.user, TEE, nonce.as_bytes()),
        })
    })
    .await;
    assert_eq!(
        (status, body["protection_level"].as_str()),
        (201, Some("attested_tee")),
        "{body}"
    );
}

/// Builds the attestation of a registration from its nonce.
type Attest<'a> = Box<dyn Fn(&str) -> Value + 'a>;

#[tokio::test]
async fn wrong_challenges_foreign_roots_other_keys_and_unverified_formats_are_refused() {
    let authority = Authority::new("test attestation root");
    let stranger = Authority::new("some other root");
    let gateway = gateway_trusting(&authority, false).await;
    let device = Device::new(3);
    let other = Device::new(4);
    let cases: Vec<(&str, Attest<'_>, u16, &str)> = vec![
        (
            "stale challenge",
            Box::new(|_| {
                json!({
                    "format": "android-key",
                    "possession_chain": authority.chain(&device.possession, STRONGBOX, b"an earlier nonce"),
                    "user_chain": authority.chain(&device.user, STRONGBOX, b"an earlier nonce"),
                })
            }),
            400,
            "attestation_invalid",
        ),
        (
            "foreign root",
            Box::new(|nonce| {
                json!({
                    "format": "android-key",
                    "possession_chain": stranger.chain(&device.possession, STRONGBOX, nonce.as_bytes()),
                    "user_chain": stranger.chain(&device.user, STRONGBOX, nonce.as_bytes()),
                })
            }),
            403,
            "attestation_untrusted",
        ),
        (
            "another key",
            Box::new(|nonce| {
                json!({
                    "format": "android-key",
                    "possession_chain": authority.chain(&other.possession, STRONGBOX, nonce.as_bytes()),
                    "user_chain": authority.chain(&device.user, STRONGBOX, nonce.as_bytes()),
                })
            }),
            400,
            "attestation_invalid",
        ),
        (
            "App Attest without a configured App ID",
            Box::new(|_| {
                json!({
                    "format": "apple-appattest", "possession_chain": [], "user_chain": [],
                })
            }),
            403,
            "attestation_untrusted",
        ),
        (
            "garbage",
            Box::new(|_| {
                json!({
                    "format": "android-key", "possession_chain": ["AAAA"], "user_chain": ["!!"],
                })
            }),
            400,
            "attestation_invalid",
        ),
    ];
    for (name, attest, status, code) in cases {
        let (got, body) = register(&gateway, &device, attest).await;
        assert_eq!(
            (got, body["error"].as_str()),
            (status, Some(code)),
            "{name}: {body}"
        );
    }
    assert_eq!(public(&device.user).key_id().len(), 43);
}

const APP_ID: &str = "TEAM123456.gov.example.egate";
const PRODUCTION: &[u8; 16] = b"appattest\0\0\0\0\0\0\0";
const DEVELOPMENT: &[u8; 16] = b"appattestdevelop";

/// An App Attest attestation object for `app_key`, issued under `authority` for `app_id` and
/// `aaguid`, over `client_data_hash`; answers the base64url object and key id.
fn app_attest(
    authority: &Authority,
    app_key: &SigningKey,
    app_id: &str,
    aaguid: &[u8; 16],
    client_data_hash: &[u8],
) -> (String, String) {
    use sha2::{Digest, Sha256};
    let point = app_key
        .verifying_key()
        .to_sec1_point(false)
        .as_bytes()
        .to_vec();
    let key_id = Sha256::digest(&point).to_vec();
    let mut auth_data = Sha256::digest(app_id.as_bytes()).to_vec();
    auth_data.push(0x40);
    auth_data.extend([0, 0, 0, 0]);
    auth_data.extend_from_slice(aaguid);
    auth_data.extend(u16::try_from(key_id.len()).unwrap().to_be_bytes());
    auth_data.extend_from_slice(&key_id);
    let nonce = Sha256::digest([&auth_data[..], client_data_hash].concat());
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "App Attest credential");
    params.custom_extensions = vec![CustomExtension::from_oid_content(
        &[1, 2, 840, 113635, 100, 8, 2],
        tlv(0x30, &tlv(0xA1, &tlv(0x04, &nonce))),
    )];
    let credential = params
        .signed_by(&DeviceKey(point), &authority.intermediate)
        .unwrap();
    let object = ciborium::Value::Map(vec![
        ("fmt".into(), "apple-appattest".into()),
        (
            "attStmt".into(),
            ciborium::Value::Map(vec![
                (
                    "x5c".into(),
                    ciborium::Value::Array(vec![
                        ciborium::Value::Bytes(credential.der().to_vec()),
                        ciborium::Value::Bytes(authority.intermediate_der.clone()),
                    ]),
                ),
                ("receipt".into(), ciborium::Value::Bytes(Vec::new())),
            ]),
        ),
        ("authData".into(), ciborium::Value::Bytes(auth_data)),
    ]);
    let mut bytes = Vec::new();
    ciborium::into_writer(&object, &mut bytes).unwrap();
    (b64(&bytes), b64(&key_id))
}

/// SHA-256 of the registration statement of `device` for `nonce` at `gateway`.
fn statement_hash(gateway: &Gateway, device: &Device, nonce: &str) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let statement = egate_core::login::RegistrationStatement::new(
        &gateway.base,
        RegistrationPurpose::Register,
        nonce,
        &public(&device.possession),
        &public(&device.user),
    );
    Sha256::digest(statement.canonical()).to_vec()
}

async fn gateway_with_app_attest(authority: &Authority, allow_development: bool) -> Gateway {
    let root = CertificateRecord::from_der(&authority.root_der).unwrap();
    Gateway::start_with(&[ALICE], move |config| {
        config.app_attest = Some(egate_gateway::attestation::AppAttestPolicy {
            app_id: APP_ID.to_owned(),
            roots: vec![root],
            allow_development,
        });
        config.require_attested = true;
    })
    .await
}

#[tokio::test]
async fn an_app_attest_object_over_the_registration_statement_attests_the_secure_enclave() {
    let apple = Authority::new("test App Attest root");
    let gateway = gateway_with_app_attest(&apple, false).await;
    let device = Device::new(5);
    let app_key = SigningKey::from_slice(&[77; 32]).unwrap();
    let (status, body) = register(&gateway, &device, |nonce| {
        let hash = statement_hash(&gateway, &device, nonce);
        let (object, key_id) = app_attest(&apple, &app_key, APP_ID, PRODUCTION, &hash);
        json!({ "format": "apple-appattest", "object": object, "key_id": key_id })
    })
    .await;
    assert_eq!(
        (status, body["protection_level"].as_str()),
        (201, Some("attested_secure_enclave")),
        "{body}"
    );
}

#[tokio::test]
async fn app_attest_for_other_keys_apps_environments_or_roots_is_refused() {
    let apple = Authority::new("test App Attest root");
    let stranger = Authority::new("not Apple");
    let gateway = gateway_with_app_attest(&apple, false).await;
    let device = Device::new(6);
    let other = Device::new(7);
    let app_key = SigningKey::from_slice(&[78; 32]).unwrap();
    let cases: Vec<(&str, Attest<'_>, u16, &str)> = vec![
        (
            "another device's statement",
            Box::new(|nonce| {
                let hash = statement_hash(&gateway, &other, nonce);
                let (object, key_id) = app_attest(&apple, &app_key, APP_ID, PRODUCTION, &hash);
                json!({ "format": "apple-appattest", "object": object, "key_id": key_id })
            }),
            400,
            "attestation_invalid",
        ),
        (
            "another app",
            Box::new(|nonce| {
                let hash = statement_hash(&gateway, &device, nonce);
                let (object, key_id) =
                    app_attest(&apple, &app_key, "OTHERTEAM.app", PRODUCTION, &hash);
                json!({ "format": "apple-appattest", "object": object, "key_id": key_id })
            }),
            400,
            "attestation_invalid",
        ),
        (
            "development environment",
            Box::new(|nonce| {
                let hash = statement_hash(&gateway, &device, nonce);
                let (object, key_id) = app_attest(&apple, &app_key, APP_ID, DEVELOPMENT, &hash);
                json!({ "format": "apple-appattest", "object": object, "key_id": key_id })
            }),
            400,
            "attestation_invalid",
        ),
        (
            "untrusted root",
            Box::new(|nonce| {
                let hash = statement_hash(&gateway, &device, nonce);
                let (object, key_id) = app_attest(&stranger, &app_key, APP_ID, PRODUCTION, &hash);
                json!({ "format": "apple-appattest", "object": object, "key_id": key_id })
            }),
            403,
            "attestation_untrusted",
        ),
        (
            "another key id",
            Box::new(|nonce| {
                let hash = statement_hash(&gateway, &device, nonce);
                let (object, _) = app_attest(&apple, &app_key, APP_ID, PRODUCTION, &hash);
                json!({ "format": "apple-appattest", "object": object, "key_id": b64(&[1; 32]) })
            }),
            400,
            "attestation_invalid",
        ),
        (
            "not CBOR",
            Box::new(
                |_| json!({ "format": "apple-appattest", "object": b64(b"\xff\x00"), "key_id": b64(&[1; 32]) }),
            ),
            400,
            "attestation_invalid",
        ),
    ];
    for (name, attest, status, code) in cases {
        let (got, body) = register(&gateway, &device, attest).await;
        assert_eq!(
            (got, body["error"].as_str()),
            (status, Some(code)),
            "{name}: {body}"
        );
    }
}
