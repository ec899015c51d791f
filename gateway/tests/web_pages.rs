//! The web login pages over loopback HTTP, as a browser without JavaScript meets them: plain
//! HTML under a CSP without inline script that forbids framing; forms refused without their
//! CSRF token or from another origin; "approve on your phone" showing the code the device must
//! type, and completing the login once the device approves with it; a denial ending it.

mod common;

use common::approval::{ALICE, decide, with_device};
use common::{Device, Gateway, PASSWORD, client};
use egate_core::login::approval::Action;
use reqwest::header::{CONTENT_SECURITY_POLICY, LOCATION, REFERRER_POLICY, SET_COOKIE};
use std::collections::BTreeMap;

/// A browser without JavaScript: follows nothing by itself, keeps its cookies.
struct Page {
    client: reqwest::Client,
    base: String,
    cookies: BTreeMap<String, String>,
}

struct Answer {
    status: u16,
    location: Option<String>,
    csp: Option<String>,
    referrer: Option<String>,
    html: String,
}

impl Page {
    fn new(gateway: &Gateway) -> Self {
        client();
        Self {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: gateway.base.clone(),
            cookies: BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Answer {
        let response = request
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        for set in response.headers().get_all(SET_COOKIE) {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .map(|v: &reqwest::header::HeaderValue| v.to_str().unwrap().to_owned())
        };
        Answer {
            status: response.status().as_u16(),
            location: header(LOCATION),
            csp: header(CONTENT_SECURITY_POLICY),
            referrer: header(REFERRER_POLICY),
            html: response.text().await.unwrap(),
        }
    }

    async fn get(&mut self, path: &str) -> Answer {
        let request = self.client.get(format!("{}{path}", self.base));
        self.send(request).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)], origin: Option<&str>) -> Answer {
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
            .collect::<Vec<_>>()
            .join("&");
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        self.send(request).await
    }
}

/// A browser that posted Alice's password on the login page: it, its CSRF token, the answer.
async fn web_login(gateway: &Gateway) -> (Page, String, Answer) {
    let mut browser = Page::new(gateway);
    let token = csrf_field(&browser.get("/login").await.html);
    let posted = browser
        .post(
            "/login",
            &[
                ("csrf", &token),
                ("citizen_id", ALICE.id),
                ("password", PASSWORD),
            ],
            Some(&gateway.base),
        )
        .await;
    (browser, token, posted)
}

/// The value of the hidden `csrf` field.
fn csrf_field(html: &str) -> String {
    let start = html.find("name=\"csrf\" value=\"").unwrap() + 19;
    html[start..start + 43].to_owned()
}

/// The code the approve page shows.
fn shown_code(html: &str) -> String {
    let start = html.find("<p class=\"code\"").unwrap();
    let text = &html[html[start..].find('>').unwrap() + start + 1..];
    text[..text.find('<').unwrap()].to_owned()
}

fn assert_no_inline_script(html: &str) {
    let lower = html.to_lowercase();
    for (index, _) in lower.match_indices("<script") {
        let tag = &lower[index..index + lower[index..].find('>').unwrap()];
        assert!(tag.contains("src=\"/static/"), "inline script: {tag}");
    }
    for attribute in [
        " onclick=",
        " onload=",
        " onsubmit=",
        " style=",
        "javascript:",
    ] {
        assert!(!lower.contains(attribute), "{attribute} in {html}");
    }
}

#[tokio::test]
async fn the_login_page_is_plain_html_under_a_strict_csp_with_a_csrf_token() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut browser = Page::new(&gateway);
    let page = browser.get("/login").await;
    assert_eq!(page.status, 200);
    let csp = page.csp.unwrap();
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(directive), "{csp}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
    assert_eq!(page.referrer.as_deref(), Some("same-origin"));
    assert_no_inline_script(&page.html);
    assert!(page.html.contains("<html lang=\"en\">"));
    for input in ["citizen_id", "password"] {
        assert!(page.html.contains(&format!("<label for=\"{input}\">")));
    }
    assert_eq!(
        csrf_field(&page.html),
        browser.cookies["egate_csrf"],
        "the form repeats the cookie's token"
    );
    let script = browser.get("/static/approve.js").await;
    assert_eq!(script.status, 200);
    assert!(script.html.contains("/api/v1/login/challenge?wait="));
}

#[tokio::test]
async fn forms_without_their_token_or_from_another_origin_are_refused() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut browser = Page::new(&gateway);
    let token = csrf_field(&browser.get("/login").await.html);
    let wrong = "A".repeat(43);
    for (form, origin) in [
        (vec![("citizen_id", ALICE.id), ("password", PASSWORD)], None),
        (
            vec![
                ("csrf", wrong.as_str()),
                ("citizen_id", ALICE.id),
                ("password", PASSWORD),
            ],
            None,
        ),
        (
            vec![
                ("csrf", token.as_str()),
                ("citizen_id", ALICE.id),
                ("password", PASSWORD),
            ],
            Some("https://attacker.example"),
        ),
    ] {
        let refused = browser.post("/login", &form, origin).await;
        assert_eq!(refused.status, 403, "{origin:?}");
        assert!(!browser.cookies.contains_key("egate_session"));
    }
    let mut other = Page::new(&gateway);
    let refused = other
        .post(
            "/login",
            &[
                ("csrf", &token),
                ("citizen_id", ALICE.id),
                ("password", PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(refused.status, 403, "a token without its cookie is refused");

    let wrong_password = browser
        .post(
            "/login",
            &[
                ("csrf", &token),
                ("citizen_id", ALICE.id),
                ("password", "not it"),
            ],
            Some(&gateway.base),
        )
        .await;
    assert_eq!(wrong_password.status, 401);
    assert!(wrong_password.html.contains("role=\"alert\""));
}

#[tokio::test]
async fn the_approve_page_shows_the_code_and_the_device_approval_logs_the_browser_in() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut device = Device::new(11);
    let gateway_key = with_device(&gateway, &mut device).await;
    let (mut browser, _, posted) = web_login(&gateway).await;
    assert_eq!(
        (posted.status, posted.location.as_deref()),
        (303, Some("/login/approve"))
    );
    let waiting = browser.get("/login/approve").await;
    assert_eq!(waiting.status, 200);
    assert_no_inline_script(&waiting.html);
    assert!(
        waiting
            .html
            .contains("<script src=\"/static/approve.js\" defer>")
    );
    assert!(
        waiting
            .html
            .contains("<noscript><meta http-equiv=\"refresh\"")
    );
    let code = shown_code(&waiting.html);
    assert_eq!(code.len(), 3);
    assert_eq!(
        browser.get("/account").await.location.as_deref(),
        Some("/login")
    );

    let (status, listed) = common::approval::device_get(
        &gateway,
        &device.possession,
        "/api/v1/device/challenges",
        110,
    )
    .await;
    assert_eq!(status, 200);
    let id = listed["challenges"][0]["id"].as_str().unwrap().to_owned();
    let (status, body) = decide(
        &gateway,
        &gateway_key,
        &id,
        Action::Approve,
        Some(&code),
        (&device.user, &device.user),
        111,
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let before = browser.cookies["egate_session"].clone();
    let done = browser.get("/login/approve").await;
    assert_eq!(
        (done.status, done.location.as_deref()),
        (303, Some("/account"))
    );
    assert_ne!(
        browser.cookies["egate_session"], before,
        "the session rotates"
    );
    assert!(
        !browser.cookies.contains_key("egate_code"),
        "the code is forgotten"
    );
    let account = browser.get("/account").await;
    assert_eq!(account.status, 200);
    assert!(account.html.contains(ALICE.id));

    let token = csrf_field(&account.html);
    let out = browser
        .post("/logout", &[("csrf", &token)], Some(&gateway.base))
        .await;
    assert_eq!((out.status, out.location.as_deref()), (303, Some("/login")));
    assert_eq!(
        browser.get("/account").await.location.as_deref(),
        Some("/login")
    );
}

#[tokio::test]
async fn a_denial_on_the_phone_ends_the_web_login() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut device = Device::new(12);
    let gateway_key = with_device(&gateway, &mut device).await;
    let (mut browser, _, _) = web_login(&gateway).await;
    let (_, listed) = common::approval::device_get(
        &gateway,
        &device.possession,
        "/api/v1/device/challenges",
        120,
    )
    .await;
    let id = listed["challenges"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) = decide(
        &gateway,
        &gateway_key,
        &id,
        Action::Deny,
        None,
        (&device.user, &device.user),
        121,
    )
    .await;
    assert_eq!(status, 200);
    let ended = browser.get("/login/approve").await;
    assert_eq!(ended.status, 200);
    assert!(
        ended.html.contains("denied on your phone"),
        "{}",
        ended.html
    );
    assert_eq!(
        browser.get("/account").await.location.as_deref(),
        Some("/login")
    );
}

#[tokio::test]
async fn a_backup_code_completes_the_web_login_when_the_phone_is_lost() {
    let gateway = Gateway::start(&[ALICE]).await;
    let mut device = Device::new(13);
    with_device(&gateway, &mut device).await;
    let mut holder = gateway.browser();
    holder
        .login_with_sms(&gateway, ALICE.id, common::approval::PHONE)
        .await;
    let (status, set) = holder
        .post("/api/v1/backup-codes", serde_json::json!({}))
        .await;
    assert_eq!(status, 201, "{set}");
    let code = set["codes"][2].as_str().unwrap().to_owned();

    let (mut browser, token, _) = web_login(&gateway).await;
    let waiting = browser.get("/login/approve").await;
    assert!(waiting.html.contains("href=\"/login/backup-code\""));
    let form = browser.get("/login/backup-code").await;
    assert_eq!(form.status, 200);
    assert!(form.html.contains("<label for=\"code\">"));
    let wrong = browser
        .post(
            "/login/backup-code",
            &[("csrf", &token), ("code", "2-AAAA-AAAA-AAAAA")],
            Some(&gateway.base),
        )
        .await;
    assert_eq!(wrong.status, 400);
    assert!(wrong.html.contains("role=\"alert\""));
    let right = browser
        .post(
            "/login/backup-code",
            &[("csrf", &token), ("code", &code)],
            Some(&gateway.base),
        )
        .await;
    assert_eq!(
        (right.status, right.location.as_deref()),
        (303, Some("/account"))
    );
    assert_eq!(browser.get("/account").await.status, 200);
}

#[tokio::test]
async fn the_account_page_starts_a_phone_verification_whose_qr_code_the_app_opens() {
    use egate_core::idv::{IdvLink, IdvPurpose};
    let pem = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/pki/csca-utopia-2024.pem"
    );
    let trust = egate_core::passive::TrustStore::from_paths(
        &[pem.into()],
        &egate_core::ports::FixedClock(common::START),
    )
    .unwrap();
    let gateway = Gateway::start_with(&[ALICE], |config| {
        config.trust = Some(std::sync::Arc::new(trust));
    })
    .await;
    let (mut browser, _, posted) = web_login(&gateway).await;
    assert_eq!(posted.location.as_deref(), Some("/account"));
    let account = browser.get("/account").await;
    assert!(
        account
            .html
            .contains("Verify your phone number with your ID card"),
        "{}",
        account.html
    );
    let token = csrf_field(&account.html);
    let forged = browser
        .post(
            "/account/id-verification",
            &[("csrf", "wrong")],
            Some(&gateway.base),
        )
        .await;
    assert_eq!(forged.status, 403);
    let shown = browser
        .post(
            "/account/id-verification",
            &[("csrf", &token)],
            Some(&gateway.base),
        )
        .await;
    assert_eq!(shown.status, 200, "{}", shown.html);
    assert_no_inline_script(&shown.html);
    let text = common::approval::qr_from_svg(&shown.html);
    let link = IdvLink::parse(&text, &[gateway.base.as_str()], common::START).unwrap();
    assert_eq!(link.purpose, IdvPurpose::Phone);
    let (status, challenge) = common::signed(
        &gateway.base,
        reqwest::Method::POST,
        &format!("/api/v1/id-verifications/{}/challenge", link.id),
        Some(serde_json::json!({ "secret": link.secret.as_str() })),
        String::new(),
    )
    .await;
    assert_eq!(status, 200, "{challenge}");
    assert_eq!(challenge["purpose"], "phone");
}
