//! Backup codes over HTTP: a new set (shown once, after a second factor in the last 5 minutes,
//! or from the registered device by a request signed with its user-verification key), the
//! remaining count, deletion, and completing a login with a code — from the web session or the
//! app on a new phone.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::device_signed::{device_request, require_user_key};
use super::login::next_step;
use super::{ApiResult, AppState, parse, with_cookie};
use crate::backup_codes::{self, FEW_LEFT};
use crate::error::GatewayError;
use crate::{accounts, challenges, notify, sessions};

/// Makes, stores (hashed) and answers a new set for `account`, replacing the old one.
async fn new_set(state: &AppState, account: i64) -> Result<Value, GatewayError> {
    let set = backup_codes::generate()?;
    let mut hashes = Vec::with_capacity(set.len());
    for (slot, body) in &set {
        hashes.push((*slot, state.hash_secret(body.to_string()).await?));
    }
    let now = state.now();
    let mut db = state.db();
    backup_codes::replace(&mut db, account, &hashes, now)?;
    notify::record(&db, account, "backup_codes_created", "", now)?;
    let codes: Vec<String> = set
        .iter()
        .map(|(slot, body)| backup_codes::display(*slot, body).to_string())
        .collect();
    Ok(json!({ "codes": codes, "remaining": codes.len() }))
}

fn recent_full_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<accounts::Account, GatewayError> {
    let (session, account) = state.full_session(headers)?;
    if !session.recent_second_factor(state.now()) {
        return Err(GatewayError::SecondFactorRequired);
    }
    Ok(account)
}

/// `POST /api/v1/backup-codes`: a new set, shown once.
pub(super) async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let account = recent_full_session(&state, &headers)?;
    Ok((
        StatusCode::CREATED,
        Json(new_set(&state, account.id).await?),
    ))
}

/// `GET /api/v1/backup-codes`: how many unused codes remain.
pub(super) async fn count(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let (_, account) = state.full_session(&headers)?;
    let remaining = backup_codes::remaining(&state.db(), account.id)?;
    Ok(Json(json!({ "remaining": remaining })))
}

fn delete_set(state: &AppState, account: i64) -> Result<Value, GatewayError> {
    let db = state.db();
    let deleted = backup_codes::delete(&db, account)?;
    notify::record(&db, account, "backup_codes_deleted", "", state.now())?;
    Ok(json!({ "deleted": deleted, "remaining": 0 }))
}

/// `DELETE /api/v1/backup-codes`.
pub(super) async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let account = recent_full_session(&state, &headers)?;
    Ok(Json(delete_set(&state, account.id)?))
}

/// `POST|GET|DELETE /api/v1/device/backup-codes`: the same from the registered device; making
/// and deleting need the user-verification key (confirmed by the holder for this request).
pub(super) async fn device(
    State(state): State<AppState>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let (owner, _) = device_request(&state, &method, &uri, &headers, &body)?;
    if method == Method::GET {
        let remaining = backup_codes::remaining(&state.db(), owner.account_id)?;
        return Ok((StatusCode::OK, Json(json!({ "remaining": remaining }))));
    }
    require_user_key(&owner)?;
    if method == Method::DELETE {
        return Ok((StatusCode::OK, Json(delete_set(&state, owner.account_id)?)));
    }
    Ok((
        StatusCode::CREATED,
        Json(new_set(&state, owner.account_id).await?),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeEntry {
    code: String,
}

/// Completes the second factor of the login `headers` carry with the backup code `code` (one
/// hash checked: the code's slot names it), used once; answers the rotated session token and
/// the login step. Only a session that passed the password (itself throttled per address)
/// gets here; wrong codes are limited per account.
pub(in crate::api) async fn complete_login(
    state: &AppState,
    headers: &HeaderMap,
    code: &str,
) -> Result<(String, Value), GatewayError> {
    let (session, account) = state.session(headers)?;
    if account.must_change_password {
        return Err(GatewayError::PasswordChangeRequired);
    }
    let now = state.now();
    let hash = {
        let db = state.db();
        backup_codes::check_rate(&db, account.id, now)?;
        match backup_codes::parse(code) {
            Ok(entered) => Some((
                entered.slot,
                entered.body,
                backup_codes::unused_hash(&db, account.id, entered.slot)?,
            )),
            Err(_) => None,
        }
    };
    let right = match &hash {
        Some((_, body, stored)) => state.verify_secret(body.to_string(), stored.clone()).await,
        None => false,
    };
    let now = state.now();
    let db = state.db();
    let slot = match hash {
        Some((slot, _, _)) if right => slot,
        _ => {
            backup_codes::record_failure(&db, account.id, now)?;
            return Err(GatewayError::BackupCodeInvalid);
        }
    };
    backup_codes::consume(&db, account.id, slot, now)?;
    challenges::settle_with_backup_code(&db, &session.token_hash)?;
    let token = sessions::confirm_second_factor(&db, &session, now)?;
    let left = backup_codes::remaining(&db, account.id)?;
    notify::record(&db, account.id, "backup_code_used", &left.to_string(), now)?;
    if left <= FEW_LEFT {
        notify::record(&db, account.id, "backup_codes_low", &left.to_string(), now)?;
    }
    drop(db);
    state.challenges_changed();
    let mut body = next_step(&account, true);
    body["backup_codes_remaining"] = json!(left);
    Ok((token, body))
}

/// `POST /api/v1/login/backup-code`: [`complete_login`] as JSON, setting the rotated cookie.
pub(super) async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let entry: CodeEntry = parse(&body)?;
    let (token, body) = complete_login(&state, &headers, &entry.code).await?;
    Ok(with_cookie(&state, &token, StatusCode::OK, body))
}
