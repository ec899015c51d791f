//! A registered device claiming a login QR code it scanned: the code must be open and belong
//! to a login of the device's own account; the answer is the login's gateway-signed context,
//! shown before the holder approves with the code's secret.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, Method};
use base64ct::{Base64UrlUnpadded, Encoding};
use egate_core::login::approval::SignedContext;
use serde::Deserialize;
use serde_json::{Value, json};

use super::device_signed::device_request;
use super::{ApiResult, AppState, parse};
use crate::{challenges, qr_codes};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Claim {
    /// The code's id.
    sid: String,
    /// The code's one-time secret.
    secret: String,
}

/// `POST /api/v1/device/qr-claims`: claims a scanned login code.
pub(super) async fn claim(
    State(state): State<AppState>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let (owner, _) = device_request(&state, &method, &uri, &headers, &body)?;
    let claim: Claim = parse(&body)?;
    let now = state.now();
    let db = state.db();
    let challenge_id = qr_codes::claim(
        &db,
        owner.account_id,
        &owner.device_id,
        &claim.sid,
        &claim.secret,
        now,
    )?;
    let (context, signature) = challenges::context(&db, owner.account_id, &challenge_id, now)?;
    let signed = SignedContext {
        context: Base64UrlUnpadded::encode_string(&context),
        signature: Base64UrlUnpadded::encode_string(&signature),
    };
    Ok(Json(json!({
        "challenge_id": challenge_id,
        "signed_context": signed,
        "gateway_key_id": state.gateway_key().public().key_id(),
    })))
}
