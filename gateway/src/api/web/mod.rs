//! The web login pages: the password form, "approve on your phone" with the code to type
//! (completing the login when the device approves, by long-polling from a script file or by
//! refreshing without one), the account page (with the phone number verified by the ID card)
//! and logout. Plain accessible HTML, CSRF tokens
//! on every form, a CSP without inline script.

mod backup;
mod csrf;
mod id_verification;
mod page;
mod qr;

use axum::Router;
use axum::extract::{ConnectInfo, Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use std::net::SocketAddr;

use super::AppState;
use super::login::password_login;
use crate::challenges;
use crate::error::GatewayError;
use crate::sessions::{self, cookie_value};
use page::{Page, asset, escape, redirect};

/// The cookie carrying the code the approve page shows (the browser's own copy: the gateway
/// keeps only its hash).
const CODE_COOKIE: &str = "egate_code";

/// The page routes.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { redirect("/login", &[]) }))
        .route("/login", get(login_form).post(login_submit))
        .route("/login/approve", get(approve))
        .route("/login/backup-code", get(backup::form).post(backup::submit))
        .route("/login/qr", get(qr::page))
        .route("/login/qr.svg", get(qr::image))
        .route("/account", get(account))
        .route("/account/id-verification", post(id_verification::start))
        .route("/logout", post(logout))
        .route(
            "/static/style.css",
            get(|| async {
                asset(
                    "text/css; charset=utf-8",
                    include_str!("../../../web/style.css"),
                )
            }),
        )
        .route(
            "/static/approve.js",
            get(|| async {
                asset(
                    "text/javascript; charset=utf-8",
                    include_str!("../../../web/approve.js"),
                )
            }),
        )
}

/// The request's CSRF token, or a fresh one with the cookie to set.
fn csrf_token(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(String, Option<String>), GatewayError> {
    if let Some(token) = csrf::from_cookie(headers) {
        return Ok((token, None));
    }
    let token = crate::secrets::token()?;
    let cookie = csrf::cookie(&token, state.config().secure_cookies);
    Ok((token, Some(cookie)))
}

fn login_page(token: &str, error: Option<&str>) -> Page {
    let error = error.map_or_else(String::new, |message| {
        format!(
            "<p class=\"error\" role=\"alert\">{}</p>\n",
            escape(message)
        )
    });
    Page::new(
        "Log in",
        format!(
            "{error}<form method=\"post\" action=\"/login\">\n\
             <input type=\"hidden\" name=\"csrf\" value=\"{token}\">\n\
             <p><label for=\"citizen_id\">Citizen ID number</label>\n\
             <input id=\"citizen_id\" name=\"citizen_id\" inputmode=\"numeric\" \
             autocomplete=\"username\" required maxlength=\"32\"></p>\n\
             <p><label for=\"password\">Password</label>\n\
             <input id=\"password\" name=\"password\" type=\"password\" \
             autocomplete=\"current-password\" required maxlength=\"256\"></p>\n\
             <p><button type=\"submit\">Log in</button></p>\n</form>\n",
            token = escape(token),
        ),
    )
}

/// `GET /login`.
async fn login_form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if state.full_session(&headers).is_ok() {
        return redirect("/account", &[]);
    }
    match csrf_token(&state, &headers) {
        Ok((token, cookie)) => {
            let page = login_page(&token, None);
            match cookie {
                Some(cookie) => page.cookie(cookie),
                None => page,
            }
            .into_response()
        }
        Err(error) => failure(&error),
    }
}

pub(super) fn failure(error: &GatewayError) -> Response {
    tracing::error!(%error, "page failed");
    Page::new(
        "Something went wrong",
        "<p>The gateway could not answer. Please try again in a moment.</p>\n".into(),
    )
    .status(StatusCode::INTERNAL_SERVER_ERROR)
    .into_response()
}

pub(super) fn forged() -> Response {
    Page::new(
        "This form has expired",
        "<p>For your safety this request was not accepted. \
         <a href=\"/login\">Open the login page again</a>.</p>\n"
            .into(),
    )
    .status(StatusCode::FORBIDDEN)
    .into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    csrf: String,
    citizen_id: String,
    password: String,
}

/// `POST /login`.
async fn login_submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return forged();
    };
    if !csrf::genuine(&headers, &form.csrf, &state.config().origin) {
        return forged();
    }
    let login = match password_login(
        &state,
        peer,
        &headers,
        form.citizen_id.trim(),
        form.password,
    )
    .await
    {
        Ok(login) => login,
        Err(error) if error.status() >= 500 => return failure(&error),
        Err(error) => {
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
            return login_page(&form.csrf, Some(&error.to_string()))
                .status(status)
                .into_response();
        }
    };
    let secure = state.config().secure_cookies;
    let session = sessions::cookie(&login.token, secure);
    match (
        login.step["next"].as_str(),
        login.step["challenge"]["code"].as_str(),
    ) {
        (Some("done"), _) => redirect("/account", &[session]),
        (Some("second_factor"), Some(code)) => {
            let code = format!(
                "{CODE_COOKIE}={code}; Path=/login/approve; HttpOnly; SameSite=Strict; Max-Age={}{}",
                challenges::LIFETIME_SECS,
                if secure { "; Secure" } else { "" }
            );
            redirect("/login/approve", &[session, code])
        }
        (Some("change_password"), _) => Page::new(
            "Change your password first",
            "<p>Your password must be changed before you continue. Change it in the \
             e-Government app, then log in here again.</p>\n"
                .into(),
        )
        .cookie(session)
        .into_response(),
        _ => Page::new(
            "Finish logging in in the app",
            "<p>This account has no phone registered for approvals. Finish logging in with \
             the SMS code in the e-Government app.</p>\n"
                .into(),
        )
        .cookie(session)
        .into_response(),
    }
}

fn code_from_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|header| cookie_value(header, CODE_COOKIE))
        .filter(|code| egate_core::client::plausible_code(code))
        .map(str::to_owned)
}

fn expired_code_cookie() -> String {
    format!("{CODE_COOKIE}=; Path=/login/approve; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// `GET /login/approve`.
async fn approve(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Ok((session, _)) = state.session(&headers) else {
        return redirect("/login", &[]);
    };
    let now = state.now();
    let db = state.db();
    let outcome = match challenges::session_state(&db, &session.token_hash, now) {
        Ok(Some(outcome)) => outcome,
        Ok(None) => return redirect("/login", &[]),
        Err(error) => return failure(&error),
    };
    let secure = state.config().secure_cookies;
    match outcome.as_str() {
        "approved" | "backup_code" if session.second_factor_at.is_some() => {
            redirect("/account", &[expired_code_cookie()])
        }
        "approved" => match sessions::confirm_second_factor(&db, &session, now) {
            Ok(token) => redirect(
                "/account",
                &[sessions::cookie(&token, secure), expired_code_cookie()],
            ),
            Err(error) => failure(&error),
        },
        "pending" => waiting_page(code_from_cookie(&headers), csrf_token(&state, &headers)),
        ended => Page::new("This login was not approved", ended_text(ended))
            .cookie(expired_code_cookie())
            .into_response(),
    }
}

fn waiting_page(
    code: Option<String>,
    csrf: Result<(String, Option<String>), GatewayError>,
) -> Response {
    let (token, cookie) = match csrf {
        Ok(token) => token,
        Err(error) => return failure(&error),
    };
    let code = code.map_or_else(
        || "<p>Open the e-Government app on your phone and approve this login.</p>\n".to_owned(),
        |code| {
            let spelled: Vec<String> = code.chars().map(String::from).collect();
            format!(
                "<p>Open the e-Government app on your phone and approve this login. When the \
                 app asks, type this code:</p>\n\
                 <p class=\"code\" aria-label=\"Code: {spelled}\">{code}</p>\n",
                spelled = spelled.join(" "),
            )
        },
    );
    let page = Page::new(
        "Approve on your phone",
        format!(
            "{code}<p id=\"status\" role=\"status\" aria-live=\"polite\">Waiting for your \
             approval. The request expires in 2 minutes.</p>\n\
             <p>No notification? Open the app and choose <strong>Mobile Approval</strong>.</p>\n\
             <p><a href=\"/login/qr\">Log in with a QR code instead</a></p>\n\
             <p><a href=\"/login/backup-code\">Phone lost? Use a backup code</a></p>\n\
             <form method=\"post\" action=\"/logout\">\n\
             <input type=\"hidden\" name=\"csrf\" value=\"{token}\">\n\
             <button type=\"submit\">Cancel</button>\n</form>\n\
             <script src=\"/static/approve.js\" defer></script>\n",
            token = escape(&token),
        ),
    )
    .head("<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>\n");
    match cookie {
        Some(cookie) => page.cookie(cookie),
        None => page,
    }
    .into_response()
}

fn ended_text(outcome: &str) -> String {
    let why = match outcome {
        "denied" => "The login was denied on your phone.",
        "reported" => {
            "You reported that this login was not you. Logins to this account are blocked \
             until you confirm your identity with your ID card in the app, and your password \
             must be changed."
        }
        "expired" => "The request expired before it was approved.",
        _ => "The request was cancelled (too many wrong codes, or a newer login replaced it).",
    };
    format!("<p>{why}</p>\n<p><a href=\"/login\">Log in again</a></p>\n")
}

/// `GET /account`.
async fn account(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Ok((_, account)) = state.full_session(&headers) else {
        return redirect("/login", &[]);
    };
    let (token, cookie) = match csrf_token(&state, &headers) {
        Ok(token) => token,
        Err(error) => return failure(&error),
    };
    let page = Page::new(
        "You are logged in",
        format!(
            "<p>Citizen ID number: {id}</p>\n{phone}\
             <form method=\"post\" action=\"/logout\">\n\
             <input type=\"hidden\" name=\"csrf\" value=\"{token}\">\n\
             <button type=\"submit\">Log out</button>\n</form>\n",
            id = escape(&account.citizen_id),
            phone = id_verification::phone_section(
                account.phone_verified_with_id_at,
                account.phone.is_some(),
                &token
            ),
            token = escape(&token),
        ),
    );
    match cookie {
        Some(cookie) => page.cookie(cookie),
        None => page,
    }
    .into_response()
}

#[derive(Deserialize)]
struct LogoutForm {
    csrf: String,
}

/// `POST /logout`.
async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<LogoutForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return forged();
    };
    if !csrf::genuine(&headers, &form.csrf, &state.config().origin) {
        return forged();
    }
    if let Ok((session, _)) = state.session(&headers)
        && let Err(error) = sessions::close(&state.db(), &session)
    {
        return failure(&error);
    }
    let secure = state.config().secure_cookies;
    redirect(
        "/login",
        &[sessions::expired_cookie(secure), expired_code_cookie()],
    )
}
