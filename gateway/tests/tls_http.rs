//! The gateway over HTTPS with its development CA (`--tls-dev`), reached by the core's HTTP
//! client: trusted only through the development root, refused without it, and SPKI pinning on
//! top (the right pin passes, a wrong one is refused); cookies carry `Secure`.

use egate_core::net::{HttpClient, Method, NetConfig, NetError};
use egate_gateway::clock::ManualClock;
use egate_gateway::gateway_key::GatewayKey;
use egate_gateway::passwords::Passwords;
use egate_gateway::tls_dev::DevTls;
use egate_gateway::{AppState, Config, accounts, serve_tls, store};
use sha2::{Digest, Sha256};
use std::sync::Arc;

async fn https_gateway() -> (String, DevTls) {
    let tls = DevTls::create(&["127.0.0.1".to_owned()]).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("https://{}", listener.local_addr().unwrap());
    let db = store::open_in_memory().unwrap();
    let hash = Passwords::new()
        .unwrap()
        .hash("initial passphrase")
        .unwrap();
    let id = accounts::create(&db, "10000000146", &hash, None, 0).unwrap();
    accounts::set_password(&db, id, &hash).unwrap();
    let config = Config::new(&origin);
    assert!(config.secure_cookies, "an https origin sets Secure cookies");
    let state = AppState::new(
        db,
        Arc::new(ManualClock::at(1_800_000_000)),
        config,
        GatewayKey::ephemeral().unwrap(),
    )
    .unwrap();
    let (_handle, server) = serve_tls(listener, state, tls.config.clone()).unwrap();
    tokio::spawn(server);
    (origin, tls)
}

fn server_spki_pin(tls: &DevTls) -> [u8; 32] {
    use der::{Decode, Encode};
    let certificate = x509_cert::Certificate::from_der(&tls.server_der).unwrap();
    let spki = certificate
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .unwrap();
    Sha256::digest(&spki).into()
}

#[tokio::test]
async fn the_development_root_and_pins_decide_whether_the_gateway_is_trusted() {
    let (origin, tls) = https_gateway().await;
    let time = format!("{origin}/api/v1/time");
    let dev = NetConfig {
        dev_roots: vec![tls.ca_der.clone()],
        retries: 0,
        ..NetConfig::default()
    };
    let trusted = HttpClient::new(&dev).unwrap();
    let answer = trusted.send(Method::GET, &time, &[], None).await.unwrap();
    assert_eq!(answer.status, 200);

    let plain = HttpClient::new(&NetConfig {
        retries: 0,
        ..NetConfig::default()
    })
    .unwrap();
    assert!(matches!(
        plain.send(Method::GET, &time, &[], None).await,
        Err(NetError::Tls(_))
    ));

    let pinned = HttpClient::new(&NetConfig {
        spki_pins: vec![server_spki_pin(&tls)],
        ..dev.clone()
    })
    .unwrap();
    assert_eq!(
        pinned
            .send(Method::GET, &time, &[], None)
            .await
            .unwrap()
            .status,
        200
    );
    let wrong = HttpClient::new(&NetConfig {
        spki_pins: vec![[7; 32]],
        ..dev.clone()
    })
    .unwrap();
    assert!(matches!(
        wrong.send(Method::GET, &time, &[], None).await,
        Err(NetError::Tls(_))
    ));

    let login = trusted
        .send(
            Method::POST,
            &format!("{origin}/api/v1/login"),
            &[],
            Some(br#"{"citizen_id":"10000000146","password":"initial passphrase"}"#.to_vec()),
        )
        .await
        .unwrap();
    assert_eq!(login.status, 200);
    assert!(
        login.set_cookies[0].contains("; Secure"),
        "{:?}",
        login.set_cookies
    );
}
