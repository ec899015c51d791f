//! Password login, logout, password change and the SMS second factor.

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;

use super::{ApiResult, AppState, parse, with_cookie};
use crate::accounts::{self, Account};
use crate::error::GatewayError;
use crate::passwords::{self, MAX_LENGTH};
use crate::{notify, sessions, sms};

/// The longest citizen id accepted.
const MAX_CITIZEN_ID: usize = 32;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginRequest {
    citizen_id: String,
    password: String,
}

/// What the holder must do next after a step of login.
pub(super) fn next_step(account: &Account, second_factor_done: bool) -> serde_json::Value {
    let next = if account.must_change_password {
        "change_password"
    } else if account.two_factor && !second_factor_done {
        "second_factor"
    } else {
        "done"
    };
    let mut factors = Vec::new();
    if account.phone.is_some() {
        factors.push("sms");
    }
    json!({ "next": next, "second_factors": factors })
}

/// A password login that passed: the new session's token and what the holder must do next
/// (with the approval challenge's id and code when the registered device must approve).
pub(super) struct PasswordLogin {
    /// The session token for the cookie.
    pub token: String,
    /// `{next, second_factors[, challenge]}`.
    pub step: serde_json::Value,
}

/// Checks a citizen id and password, throttled per address and locked out per id exactly as
/// for unknown ids; answers the account (blocked or not: the caller decides).
///
/// # Errors
/// [`GatewayError::InvalidCredentials`], [`GatewayError::Throttled`],
/// [`GatewayError::PasswordLoginBlocked`], or [`GatewayError::Store`].
pub(super) async fn check_password(
    state: &AppState,
    peer: SocketAddr,
    citizen_id: &str,
    password: String,
) -> Result<Account, GatewayError> {
    if citizen_id.is_empty()
        || citizen_id.chars().count() > MAX_CITIZEN_ID
        || password.chars().count() > MAX_LENGTH
    {
        return Err(GatewayError::InvalidCredentials);
    }
    let now = state.now();
    let account = {
        let db = state.db();
        accounts::throttle_address(&db, &peer.ip().to_string(), now)?;
        accounts::check_lockout(&db, citizen_id, now)?;
        accounts::by_citizen_id(&db, citizen_id)?
    };
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let right = state.verify_secret(password, hash).await;
    let db = state.db();
    let account = match account {
        Some(account) if right => account,
        _ => {
            accounts::record_failure(&db, citizen_id, now)?;
            return Err(GatewayError::InvalidCredentials);
        }
    };
    accounts::clear_failures(&db, &account.citizen_id)?;
    Ok(account)
}

/// Checks a citizen id and password (throttled per address, locked out per id, the same answer
/// and work for unknown ids); on success opens a session and, when the registered device must
/// approve, its challenge.
pub(super) async fn password_login(
    state: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    citizen_id: &str,
    password: String,
) -> Result<PasswordLogin, GatewayError> {
    let account = check_password(state, peer, citizen_id, password).await?;
    let now = state.now();
    let db = state.db();
    if account.reported {
        return Err(GatewayError::AccountBlocked);
    }
    let token = sessions::open(&db, account.id, now)?;
    let mut step = next_step(&account, false);
    if account.two_factor
        && !account.must_change_password
        && !crate::devices::list(&db, account.id)?.is_empty()
    {
        let opened = super::approval::open_challenge(
            state,
            &db,
            account.id,
            &crate::secrets::digest(&token),
            headers,
            peer.ip(),
        )?;
        if let Some(factors) = step["second_factors"].as_array_mut() {
            factors.insert(0, json!("device"));
        }
        step["challenge"] = json!({
            "id": opened.id,
            "code": opened.code,
            "expires_at": opened.expires_at,
        });
    }
    Ok(PasswordLogin { token, step })
}

/// `POST /api/v1/login`.
pub(super) async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let request: LoginRequest = parse(&body)?;
    let login = password_login(
        &state,
        peer,
        &headers,
        &request.citizen_id,
        request.password,
    )
    .await?;
    Ok(with_cookie(
        &state,
        &login.token,
        StatusCode::OK,
        login.step,
    ))
}

/// `POST /api/v1/logout`.
pub(super) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (session, _) = state.session(&headers)?;
    sessions::close(&state.db(), &session)?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) =
        HeaderValue::from_str(&sessions::expired_cookie(state.config().secure_cookies))
    {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PasswordChange {
    current_password: String,
    new_password: String,
}

/// `POST /api/v1/password`.
pub(super) async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let (session, account) = state.session(&headers)?;
    let request: PasswordChange = parse(&body)?;
    if request.current_password.chars().count() > MAX_LENGTH
        || !state
            .verify_secret(
                request.current_password.clone(),
                Some(account.password_hash.clone()),
            )
            .await
    {
        return Err(GatewayError::InvalidCredentials.into());
    }
    passwords::check_policy(
        &request.new_password,
        &account.citizen_id,
        Some(&request.current_password),
    )?;
    let hash = state.hash_secret(request.new_password).await?;
    let now = state.now();
    let db = state.db();
    accounts::set_password(&db, account.id, &hash)?;
    sessions::close_others(&db, account.id, &session)?;
    notify::record(&db, account.id, "password_changed", "", now)?;
    let account = accounts::by_id(&db, account.id)?;
    let done = session.second_factor_at.is_some();
    Ok((StatusCode::OK, axum::Json(next_step(&account, done))).into_response())
}

/// The last digits of a phone number, for display.
fn phone_hint(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let tail: String = digits[digits.len().saturating_sub(2)..].iter().collect();
    format!("•••• {tail}")
}

/// `POST /api/v1/sms`: sends a code to the account's phone.
pub(super) async fn send_sms(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (session, account) = state.session(&headers)?;
    if account.must_change_password {
        return Err(GatewayError::PasswordChangeRequired.into());
    }
    let body = send_code(&state, &account, (&session).into()).await?;
    Ok((StatusCode::ACCEPTED, axum::Json(body)).into_response())
}

/// Sends a new SMS code for `owner` to the account's phone, within the send limits; answers
/// `{expires_in, phone_hint}`.
///
/// # Errors
/// [`GatewayError::NoPhone`], [`GatewayError::SmsLimit`], [`GatewayError::Internal`] or
/// [`GatewayError::Store`].
pub(super) async fn send_code(
    state: &AppState,
    account: &Account,
    owner: sms::CodeOwner<'_>,
) -> Result<serde_json::Value, GatewayError> {
    let phone = account.phone.clone().ok_or(GatewayError::NoPhone)?;
    let limit = state.config().sms_sends_per_window;
    sms::check_send_limits(&state.db(), account.id, &phone, limit, state.now())?;
    let drawn = {
        let state = state.clone();
        tokio::task::spawn_blocking(move || sms::draw(state.passwords()))
            .await
            .map_err(|e| GatewayError::Internal(e.to_string()))??
    };
    let now = state.now();
    let db = state.db();
    sms::check_send_limits(&db, account.id, &phone, limit, now)?;
    sms::store(&db, owner, &phone, &drawn, now)?;
    Ok(json!({ "expires_in": sms::CODE_LIFETIME_SECS, "phone_hint": phone_hint(&phone) }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SmsEntry {
    code: String,
}

/// `POST /api/v1/sms/verify`: checks a code; a right one confirms the second factor and rotates
/// the session cookie.
pub(super) async fn verify_sms(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let (session, account) = state.session(&headers)?;
    let entry: SmsEntry = parse(&body)?;
    if entry.code.len() != 6 || !entry.code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(GatewayError::SmsCodeInvalid.into());
    }
    let reserved = sms::reserve_entry(&state.db(), (&session).into(), state.now())?;
    let right = state
        .verify_secret(entry.code, Some(reserved.hash.clone()))
        .await;
    let now = state.now();
    let db = state.db();
    sms::settle(&db, &reserved, right)?;
    let token = sessions::confirm_second_factor(&db, &session, now)?;
    Ok(with_cookie(
        &state,
        &token,
        StatusCode::OK,
        next_step(&account, true),
    ))
}
