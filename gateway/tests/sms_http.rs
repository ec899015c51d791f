//! SMS codes over real HTTP: expiry, death after three wrong entries, single use, binding to one
//! session, and the send limits per account and per number.

mod common;

use common::{Gateway, Holder, PASSWORD};
use serde_json::json;

const PHONE: &str = "+905550000002";
const ALICE: Holder<'static> = Holder {
    id: "10000000146",
    phone: Some(PHONE),
    fresh: false,
};
const BOB: Holder<'static> = Holder {
    id: "20000000148",
    phone: Some(PHONE),
    fresh: false,
};

#[tokio::test]
async fn a_code_expires_after_five_minutes() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut browser = gateway.browser();
    browser.login(ALICE.id, PASSWORD).await;
    let (status, sent) = browser.post("/api/v1/sms", json!({})).await;
    assert_eq!((status, sent["expires_in"].as_i64()), (202, Some(300)));
    assert_eq!(sent["phone_hint"], "•••• 02");
    let code = gateway.last_code(PHONE).await;
    gateway.clock.advance(300);
    let (status, body) = browser
        .post("/api/v1/sms/verify", json!({ "code": code }))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("sms_code_invalid"))
    );
}

#[tokio::test]
async fn a_code_dies_after_three_wrong_entries_and_is_single_use() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut browser = gateway.browser();
    browser.login(ALICE.id, PASSWORD).await;
    browser.post("/api/v1/sms", json!({})).await;
    let code = gateway.last_code(PHONE).await;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    for _ in 0..3 {
        assert_eq!(
            browser
                .post("/api/v1/sms/verify", json!({ "code": wrong }))
                .await
                .0,
            400
        );
    }
    assert_eq!(
        browser
            .post("/api/v1/sms/verify", json!({ "code": code }))
            .await
            .0,
        400
    );

    browser.post("/api/v1/sms", json!({})).await;
    let code = gateway.last_code(PHONE).await;
    assert_eq!(
        browser
            .post("/api/v1/sms/verify", json!({ "code": wrong }))
            .await
            .0,
        400
    );
    let (status, body) = browser
        .post("/api/v1/sms/verify", json!({ "code": code }))
        .await;
    assert_eq!((status, body["next"].as_str()), (200, Some("done")));
    assert_eq!(
        browser
            .post("/api/v1/sms/verify", json!({ "code": code }))
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn a_code_belongs_to_the_session_it_was_sent_for() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut first = gateway.browser();
    first.login(ALICE.id, PASSWORD).await;
    first.post("/api/v1/sms", json!({})).await;
    let code = gateway.last_code(PHONE).await;
    let mut second = gateway.browser();
    second.login(ALICE.id, PASSWORD).await;
    assert_eq!(
        second
            .post("/api/v1/sms/verify", json!({ "code": code }))
            .await
            .0,
        400
    );
    assert_eq!(
        first
            .post("/api/v1/sms/verify", json!({ "code": code }))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn at_most_three_sends_per_fifteen_minutes_per_account_and_per_number() {
    let gateway = Gateway::start(&[ALICE, BOB]).await;
    let mut alice = gateway.browser();
    alice.login(ALICE.id, PASSWORD).await;
    for _ in 0..3 {
        assert_eq!(alice.post("/api/v1/sms", json!({})).await.0, 202);
    }
    let (status, body) = alice.post("/api/v1/sms", json!({})).await;
    assert_eq!((status, body["error"].as_str()), (429, Some("sms_limit")));
    assert_eq!(body["retry_after"], 900);
    let mut bob = gateway.browser();
    bob.login(BOB.id, PASSWORD).await;
    let (status, body) = bob.post("/api/v1/sms", json!({})).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (429, Some("sms_limit")),
        "same number"
    );
    gateway.clock.advance(900);
    assert_eq!(alice.post("/api/v1/sms", json!({})).await.0, 202);
}

#[tokio::test]
async fn a_code_needs_a_phone_and_well_formed_digits() {
    let nophone = Holder {
        id: "30000000140",
        phone: None,
        fresh: false,
    };
    let gateway = Gateway::start(&[nophone]).await;
    let mut browser = gateway.browser();
    browser.login(nophone.id, PASSWORD).await;
    assert_eq!(
        browser.post("/api/v1/sms", json!({})).await.1["error"],
        "no_phone"
    );
    for code in ["12345", "1234567", "abcdef", "12 456"] {
        assert_eq!(
            browser
                .post("/api/v1/sms/verify", json!({ "code": code }))
                .await
                .1["error"],
            "sms_code_invalid"
        );
    }
}
