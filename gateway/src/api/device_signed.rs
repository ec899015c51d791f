//! Endpoints a registered device calls with signed requests (no cookie): listing the account's
//! devices, renaming or removing one, and rotating its own keys. Changes need the
//! user-verification key; the possession key may only read.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, Method};
use egate_core::login::RegistrationPurpose;
use egate_core::login::signed_request::HEADER;
use serde::Deserialize;
use serde_json::{Value, json};

use super::devices::KeysWithProof;
use super::{ApiResult, AppState, parse};
use crate::devices::{self, KeyOwner, KeyRole};
use crate::error::GatewayError;
use crate::notify;
use crate::signed::{Received, authenticate};

/// Authenticates the request; answers the signing key's owner and the claims' nonce.
pub(super) fn device_request(
    state: &AppState,
    method: &Method,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(KeyOwner, String), GatewayError> {
    let path_and_query = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let received = Received {
        header: headers.get(HEADER).and_then(|v| v.to_str().ok()),
        method: method.as_str(),
        path_and_query,
        body,
    };
    let (owner, claims) =
        authenticate(&state.db(), &received, &state.config().origin, state.now())?;
    Ok((owner, claims.nonce))
}

pub(super) fn require_user_key(owner: &KeyOwner) -> Result<(), GatewayError> {
    if owner.role == KeyRole::UserVerification {
        Ok(())
    } else {
        Err(GatewayError::WrongKeyRole)
    }
}

/// `GET /api/v1/device/devices`.
pub(super) async fn list(
    State(state): State<AppState>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let (owner, _) = device_request(&state, &method, &uri, &headers, &body)?;
    let devices = devices::list(&state.db(), owner.account_id)?;
    Ok(Json(
        json!({ "this_device": owner.device_id, "devices": devices }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rename {
    name: String,
}

/// `PATCH /api/v1/device/devices/{id}`.
pub(super) async fn rename(
    State(state): State<AppState>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let (owner, _) = device_request(&state, &method, &uri, &headers, &body)?;
    require_user_key(&owner)?;
    let rename: Rename = parse(&body)?;
    devices::check_name(&rename.name)?;
    devices::rename(&state.db(), owner.account_id, &id, &rename.name)?;
    Ok(Json(json!({ "id": id, "name": rename.name })))
}

/// `DELETE /api/v1/device/devices/{id}`.
pub(super) async fn remove(
    State(state): State<AppState>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let (owner, _) = device_request(&state, &method, &uri, &headers, &body)?;
    require_user_key(&owner)?;
    let db = state.db();
    let name = devices::remove(&db, owner.account_id, &id)?;
    notify::record(&db, owner.account_id, "device_removed", &name, state.now())?;
    Ok(Json(json!({ "removed": id })))
}

/// `POST /api/v1/device/rotate`: new keys, proven with the signed request's nonce, replace the
/// device's keys; signed by the old user-verification key.
pub(super) async fn rotate(
    State(state): State<AppState>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let (owner, nonce) = device_request(&state, &method, &uri, &headers, &body)?;
    require_user_key(&owner)?;
    let keys: KeysWithProof = parse(&body)?;
    let (possession, user) =
        keys.verify(&state.config().origin, RegistrationPurpose::Rotate, &nonce)?;
    let now = state.now();
    let db = state.db();
    devices::rotate(&db, &owner.device_id, &possession, &user, now)?;
    notify::record(
        &db,
        owner.account_id,
        "device_keys_rotated",
        &owner.device_id,
        now,
    )?;
    Ok(Json(json!({
        "device_id": owner.device_id,
        "possession_key_id": possession.key_id(),
        "user_key_id": user.key_id(),
    })))
}
