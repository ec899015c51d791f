//! Push and pull approval over HTTP: the context the login's challenge shows, the browser
//! waiting for the outcome, and the registered device listing, reading and deciding challenges
//! with signed requests.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64ct::{Base64UrlUnpadded, Encoding};
use egate_core::login::approval::{
    Action, ApprovalContext, DecisionExpectation, SignedContext, verify_decision,
};
use p256::ecdsa::DerSignature;
use p256::ecdsa::signature::Signer;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::net::IpAddr;

use super::device_signed::device_request;
use super::{ApiResult, AppState, Wait, parse, with_cookie};
use crate::challenges::{self, Opened};
use crate::error::GatewayError;
use crate::notify;
use crate::sessions::{self, Session};

/// The service name shown in approval contexts.
const SERVICE: &str = "e-Government Gateway";

/// The browser and operating system named by a User-Agent header.
fn browser_and_os(user_agent: &str) -> (String, String) {
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map_or("unknown browser", |(_, name)| name);
    let os = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map_or("unknown system", |(_, name)| name);
    (browser.to_owned(), os.to_owned())
}

/// Opens the challenge of a login that passed the password, with its context signed by the
/// gateway key.
pub(super) fn open_challenge(
    state: &AppState,
    db: &rusqlite::Connection,
    account: i64,
    session_hash: &[u8],
    headers: &HeaderMap,
    ip: IpAddr,
) -> Result<Opened, GatewayError> {
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let (browser, os) = browser_and_os(user_agent);
    let now = state.now();
    let whereabouts = crate::ip_location::whereabouts(ip, state.config().ip_locations.as_deref());
    let opened = challenges::open(db, account, session_hash, now, |id, expires_at| {
        let context = ApprovalContext {
            v: 1,
            aud: state.config().origin.clone(),
            challenge_id: id.to_owned(),
            service: SERVICE.to_owned(),
            browser,
            os,
            ip: ip.to_string(),
            location: whereabouts.text,
            country: whereabouts.country,
            created_at: now,
            exp: expires_at,
        };
        let bytes = context.canonical();
        let signature: DerSignature = state.gateway_key().signing().sign(&bytes);
        Ok((bytes, signature.as_bytes().to_vec()))
    })?;
    let deliveries = crate::push::announce(db, account, &opened.id, now)?;
    state.challenges_changed();
    send_pushes(state, deliveries);
    Ok(opened)
}

/// Sends `deliveries` through the providers in the background, logging each outcome.
fn send_pushes(state: &AppState, deliveries: Vec<crate::push::Delivery>) {
    if deliveries.is_empty() {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        for delivery in deliveries {
            let outcome = state.config().push.deliver(&delivery, state.now()).await;
            if let Err(error) = &outcome {
                tracing::warn!(kind = ?delivery.target.kind, %error, "push not delivered");
            }
            if let Err(error) =
                crate::push::record_outcome(&state.db(), &delivery, &outcome, state.now())
            {
                tracing::error!(%error, "push outcome not recorded");
            }
        }
    });
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PushTarget {
    /// `outbox`, `fcm`, `apns` or `unifiedpush`.
    kind: String,
    /// The token or endpoint.
    address: String,
    /// UnifiedPush: the subscription's public key (base64url).
    #[serde(default)]
    p256dh: Option<String>,
    /// UnifiedPush: the subscription's authentication secret (base64url).
    #[serde(default)]
    auth: Option<String>,
}

/// `PUT /api/v1/device/push-target`: where this device's pushes go.
pub(super) async fn set_push_target(
    State(state): State<AppState>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let (owner, _) = device_request(&state, &method, &uri, &headers, &body)?;
    let target: PushTarget = parse(&body)?;
    let kind = crate::push::PushKind::from_wire(&target.kind).ok_or_else(|| {
        GatewayError::BadRequest("kind is outbox, fcm, apns or unifiedpush".into())
    })?;
    let target = crate::push::Target {
        kind,
        address: target.address,
        p256dh: target.p256dh,
        auth: target.auth,
    };
    crate::push::set_target(&state.db(), &owner.device_id, &target, state.now())?;
    Ok(Json(json!({ "device_id": owner.device_id, "kind": kind })))
}

/// `GET /api/v1/device/push-target`: this device's push provider and how its recent pushes
/// went (a target the provider reported gone is no longer set: the app falls back to pulling).
pub(super) async fn push_status(
    State(state): State<AppState>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let (owner, _) = device_request(&state, &method, &uri, &headers, &body)?;
    let db = state.db();
    let kind = crate::push::target_kind(&db, &owner.device_id)?;
    let recent: Vec<Value> = crate::push::outcomes(&db, &owner.device_id)?
        .into_iter()
        .take(10)
        .map(|(kind, outcome, at)| json!({ "kind": kind, "outcome": outcome, "at": at }))
        .collect();
    Ok(Json(json!({ "kind": kind, "recent": recent })))
}

/// `GET /api/v1/dev/push-outbox`: the pushes sent, only with the development outbox on.
pub(super) async fn push_outbox(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    if !state.config().dev_outbox {
        return Err(GatewayError::NoSuchEndpoint.into());
    }
    Ok(Json(json!({ "pushes": crate::push::outbox(&state.db())? })))
}

/// `GET /api/v1/login/challenge[?wait=SECONDS]`: the outcome of this login's challenge, held
/// open while it is pending (long-poll); an approval completes the second factor and rotates
/// the session cookie.
pub(super) async fn login_challenge(
    State(state): State<AppState>,
    Query(wait): Query<Wait>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (session, _) = state.session(&headers)?;
    let outcome = state
        .wait_for(wait.duration(), |state| {
            let outcome = challenges::session_state(&state.db(), &session.token_hash, state.now())?
                .ok_or(GatewayError::ChallengeGone)?;
            Ok((outcome != "pending", outcome))
        })
        .await?;
    let now = state.now();
    let db = state.db();
    if outcome == "approved" && session.second_factor_at.is_none() {
        let token = sessions::confirm_second_factor(&db, &session, now)?;
        return Ok(with_cookie(
            &state,
            &token,
            StatusCode::OK,
            json!({ "state": outcome, "next": "done" }),
        ));
    }
    let next = if session_done(&session) || outcome == "approved" {
        "done"
    } else {
        "second_factor"
    };
    Ok((
        StatusCode::OK,
        Json(json!({ "state": outcome, "next": next })),
    )
        .into_response())
}

fn session_done(session: &Session) -> bool {
    session.second_factor_at.is_some()
}

/// `GET /api/v1/device/challenges[?wait=SECONDS]`: the account's pending challenges (pull
/// fallback), held open while there are none (long-poll for a foreground app).
pub(super) async fn list(
    State(state): State<AppState>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    Query(wait): Query<Wait>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let (owner, _) = device_request(&state, &method, &uri, &headers, &body)?;
    let pending = state
        .wait_for(wait.duration(), |state| {
            let pending = challenges::pending(&state.db(), owner.account_id, state.now())?;
            Ok((!pending.is_empty(), pending))
        })
        .await?;
    Ok(Json(json!({ "challenges": pending })))
}

/// `GET /api/v1/device/challenges/{id}`: the signed context of a pending challenge.
pub(super) async fn show(
    State(state): State<AppState>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let (owner, _) = device_request(&state, &method, &uri, &headers, &body)?;
    let (context, signature) =
        challenges::context(&state.db(), owner.account_id, &id, state.now())?;
    let signed = SignedContext {
        context: Base64UrlUnpadded::encode_string(&context),
        signature: Base64UrlUnpadded::encode_string(&signature),
    };
    Ok(Json(
        json!({ "signed_context": signed, "gateway_key_id": state.gateway_key().public().key_id() }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignedDecision {
    /// base64url canonical JSON of the decision.
    decision: String,
    /// base64url DER signature by the user-verification key.
    signature: String,
}

/// `POST /api/v1/device/challenges/{id}/decision`: approve (with the typed code), deny, or
/// report. The decision is signed by the device's user-verification key (the one signature
/// behind the user's biometrics); the request by either of the device's keys.
pub(super) async fn decide(
    State(state): State<AppState>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let (owner, _) = device_request(&state, &method, &uri, &headers, &body)?;
    let signed: SignedDecision = parse(&body)?;
    let decode = |text: &str| {
        Base64UrlUnpadded::decode_vec(text)
            .map_err(|_| GatewayError::BadRequest("base64url".into()))
    };
    let (bytes, signature) = (decode(&signed.decision)?, decode(&signed.signature)?);
    let now = state.now();
    let db = state.db();
    let user_key = crate::devices::user_key(&db, &owner.device_id)?;
    let (context, _) = challenges::context(&db, owner.account_id, &id, now)?;
    let digest: [u8; 32] = Sha256::digest(&context).into();
    let expectation = DecisionExpectation {
        audience: &state.config().origin,
        challenge_id: &id,
        context_digest: &digest,
        now,
    };
    let decision =
        verify_decision(&bytes, &signature, &user_key, &expectation).map_err(GatewayError::from)?;
    let fresh = db
        .execute(
            "INSERT INTO seen_nonces (nonce, expires_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            rusqlite::params![format!("decision:{}", decision.nonce), decision.exp],
        )
        .map_err(GatewayError::from)?;
    if fresh == 0 {
        return Err(GatewayError::Replayed.into());
    }
    let decided = decide_challenge(&db, owner.account_id, &owner.device_id, &id, &decision, now);
    drop(db);
    state.challenges_changed();
    decided?;
    Ok(Json(
        json!({ "challenge_id": id, "action": decision.action }),
    ))
}

/// The length of a scanned QR code's secret (128 bits in base64url), which a QR approval
/// carries where a push approval carries the typed digits.
const SCANNED_SECRET_LEN: usize = 22;

/// Applies `decision` to challenge `id`.
fn decide_challenge(
    db: &rusqlite::Connection,
    account: i64,
    device: &str,
    id: &str,
    decision: &egate_core::login::approval::Decision,
    now: i64,
) -> Result<(), GatewayError> {
    match decision.action {
        Action::Approve => {
            let code = decision.typed_code.as_deref().unwrap_or_default();
            if code.len() == SCANNED_SECRET_LEN {
                crate::qr_codes::approve(db, account, device, id, code)?;
            } else {
                challenges::approve(db, account, id, code, now)?;
            }
        }
        Action::Deny => challenges::refuse(db, account, id, false, now)?,
        Action::Report => {
            challenges::refuse(db, account, id, true, now)?;
            notify::record(db, account, "not_me_reported", device, now)?;
        }
    }
    Ok(())
}
