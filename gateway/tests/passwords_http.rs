//! Password login over real HTTP on loopback: lockout after ten wrong passwords (time moved on
//! the gateway's clock), unknown citizen ids indistinguishable from real ones, the forced first
//! password change, cookie attributes, and per-address throttling.

mod common;

use common::{Gateway, Holder, NEW_PASSWORD, PASSWORD};
use serde_json::json;

const ALICE: Holder<'static> = Holder {
    id: "10000000146",
    phone: Some("+905550000001"),
    fresh: false,
};

#[tokio::test]
async fn the_eleventh_wrong_password_is_blocked_for_fifteen_minutes() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut browser = gateway.browser();
    for attempt in 1..=10 {
        let (status, body) = browser.login(ALICE.id, "wrong passphrase").await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("invalid_credentials")),
            "attempt {attempt}"
        );
    }
    let (status, body) = browser.login(ALICE.id, PASSWORD).await;
    assert_eq!(status, 429);
    assert_eq!(body["error"], "password_login_blocked");
    assert_eq!(body["retry_after"], 900);
    assert!(
        body["message"].as_str().unwrap().contains("ID card"),
        "{body}"
    );
    gateway.clock.advance(899);
    assert_eq!(browser.login(ALICE.id, PASSWORD).await.0, 429);
    gateway.clock.advance(1);
    let (status, body) = browser.login(ALICE.id, PASSWORD).await;
    assert_eq!((status, body["next"].as_str()), (200, Some("done")));
}

#[tokio::test]
async fn unknown_citizen_ids_get_the_same_answers_and_the_same_lockout() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut browser = gateway.browser();
    let real = browser.login(ALICE.id, "wrong passphrase").await;
    let unknown = browser.login("99999999990", "wrong passphrase").await;
    assert_eq!(real, unknown);
    for _ in 0..9 {
        assert_eq!(
            browser.login("99999999990", "wrong passphrase").await.0,
            401
        );
    }
    let blocked_unknown = browser.login("99999999990", "wrong passphrase").await;
    for _ in 0..9 {
        browser.login(ALICE.id, "wrong passphrase").await;
    }
    let blocked_real = browser.login(ALICE.id, "wrong passphrase").await;
    assert_eq!(blocked_unknown, blocked_real);
    assert_eq!(blocked_real.1["error"], "password_login_blocked");
}

#[tokio::test]
async fn the_first_login_must_change_the_password_and_cookies_are_http_only_lax() {
    let fresh = Holder {
        fresh: true,
        ..ALICE
    };
    let gateway = Gateway::start(&[fresh]).await;
    let mut browser = gateway.browser();
    let (status, body) = browser.login(ALICE.id, PASSWORD).await;
    assert_eq!(
        (status, body["next"].as_str()),
        (200, Some("change_password"))
    );
    let cookie = browser.last_set_cookie.clone().unwrap();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
            && !cookie.contains("Secure"),
        "{cookie}"
    );
    assert_eq!(
        browser.get("/api/v1/account").await.1["error"],
        "password_change_required"
    );
    let (status, body) = browser
        .post(
            "/api/v1/password",
            json!({ "current_password": PASSWORD, "new_password": "short" }),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("weak_password"))
    );
    let (status, body) = browser
        .post(
            "/api/v1/password",
            json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD }),
        )
        .await;
    assert_eq!(
        (status, body["next"].as_str()),
        (200, Some("done")),
        "{body}"
    );
    let (status, account) = browser.get("/api/v1/account").await;
    assert_eq!(
        (status, account["citizen_id"].as_str()),
        (200, Some(ALICE.id))
    );
    let mut other = gateway.browser();
    assert_eq!(other.login(ALICE.id, PASSWORD).await.0, 401);
    assert_eq!(other.login(ALICE.id, NEW_PASSWORD).await.1["next"], "done");
}

#[tokio::test]
async fn one_address_is_throttled_across_citizen_ids() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut browser = gateway.browser();
    for n in 0..30 {
        assert_eq!(
            browser.login(&format!("5000000000{n:02}"), "x").await.0,
            401
        );
    }
    let (status, body) = browser.login(ALICE.id, PASSWORD).await;
    assert_eq!((status, body["error"].as_str()), (429, Some("throttled")));
    gateway.clock.advance(60);
    assert_eq!(browser.login(ALICE.id, PASSWORD).await.0, 200);
}

#[tokio::test]
async fn malformed_bodies_get_typed_errors() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut browser = gateway.browser();
    for body in [
        json!({}),
        json!({"citizen_id": 5, "password": "x"}),
        json!({"citizen_id": "1", "password": "x", "extra": 1}),
    ] {
        let (status, answer) = browser.post("/api/v1/login", body).await;
        assert_eq!(
            (status, answer["error"].as_str()),
            (400, Some("bad_request"))
        );
    }
    let (status, answer) = browser.get("/api/v1/nothing-here").await;
    assert_eq!((status, answer["error"].as_str()), (404, Some("not_found")));
    assert_eq!(
        browser.get("/api/v1/account").await.1["error"],
        "login_required"
    );
}
