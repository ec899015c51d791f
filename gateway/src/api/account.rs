//! The account page's data, its notices, turning two-factor login on and off, the gateway's
//! time and published keys, and the development SMS outbox.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiResult, AppState, parse};
use crate::error::GatewayError;
use crate::{accounts, devices, notify, sms};

/// `GET /api/v1/time`: the gateway's Unix time, for clients correcting their clock.
pub(super) async fn time(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "now": state.now() }))
}

/// `GET /api/v1/gateway-keys`: the gateway's signing keys, oldest first, each after the first
/// endorsed by its predecessor.
pub(super) async fn gateway_keys(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let keys = crate::gateway_key::published(&state.db())?;
    Ok(Json(json!({ "keys": keys })))
}

/// `GET /api/v1/account`.
pub(super) async fn account(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let (_, account) = state.full_session(&headers)?;
    let devices = devices::list(&state.db(), account.id)?;
    Ok(Json(json!({
        "citizen_id": account.citizen_id,
        "two_factor": account.two_factor,
        "has_phone": account.phone.is_some(),
        "phone_verified_with_id": account.phone_verified_with_id_at.is_some(),
        "devices": devices,
    })))
}

/// `GET /api/v1/account/notifications`.
pub(super) async fn notifications(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let (_, account) = state.full_session(&headers)?;
    let notices = notify::list(&state.db(), account.id)?;
    Ok(Json(json!({ "notifications": notices })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TwoFactorChange {
    enabled: bool,
}

/// `PUT /api/v1/two-factor`: both directions need a second factor confirmed in the last five
/// minutes; turning it off removes every registered device.
pub(super) async fn two_factor(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let (session, account) = state.full_session(&headers)?;
    let change: TwoFactorChange = parse(&body)?;
    let now = state.now();
    if !session.recent_second_factor(now) {
        return Err(GatewayError::SecondFactorRequired.into());
    }
    let mut db = state.db();
    let transaction = db.transaction().map_err(GatewayError::from)?;
    let mut removed = 0;
    if change.enabled {
        if account.phone.is_none() {
            return Err(GatewayError::NoPhone.into());
        }
        accounts::set_two_factor(&transaction, account.id, true)?;
        if !account.two_factor {
            notify::record(&transaction, account.id, "two_factor_on", "", now)?;
        }
    } else {
        removed = devices::remove_all(&transaction, account.id)?;
        crate::backup_codes::delete(&transaction, account.id)?;
        accounts::set_two_factor(&transaction, account.id, false)?;
        if account.two_factor || removed > 0 {
            let removed = removed.to_string();
            notify::record(&transaction, account.id, "two_factor_off", &removed, now)?;
        }
    }
    transaction.commit().map_err(GatewayError::from)?;
    Ok(Json(
        json!({ "enabled": change.enabled, "devices_removed": removed }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OutboxQuery {
    phone: Option<String>,
}

/// `GET /api/v1/dev/sms-outbox`: the SMS outbox, only when the gateway runs with the
/// development outbox on.
pub(super) async fn outbox(
    State(state): State<AppState>,
    Query(query): Query<OutboxQuery>,
) -> ApiResult<Json<Value>> {
    if !state.config().dev_outbox {
        return Err(GatewayError::NoSuchEndpoint.into());
    }
    let messages = sms::outbox(&state.db(), query.phone.as_deref())?;
    Ok(Json(json!({ "messages": messages })))
}
