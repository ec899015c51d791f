//! Push delivery behind one interface: devices register where their pushes go (the development
//! outbox, FCM, APNs or a UnifiedPush endpoint), a challenge is announced to every device of
//! the account with nothing but its opaque id and the receiving device's id, and each delivery's outcome is logged; a target
//! the provider reports gone is forgotten, leaving the device to pull.

mod apns;
mod endpoint;
mod fcm;
mod http;
mod jws;
mod providers;
mod unifiedpush;
pub mod webpush;

use base64ct::{Base64UrlUnpadded, Encoding};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

pub use apns::{ApnsSettings, valid_device_token};
pub use endpoint::check_unifiedpush_endpoint;
pub use providers::{Pushers, PushersBuilder};
pub use unifiedpush::{Resolver, system_resolver};
pub use {apns::ENDPOINT as APNS_ENDPOINT, apns::SANDBOX_ENDPOINT as APNS_SANDBOX_ENDPOINT};
pub use {fcm::ENDPOINT as FCM_ENDPOINT, fcm::SCOPE as FCM_SCOPE};

use crate::error::GatewayError;

/// Where a device's pushes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PushKind {
    /// The development outbox (tests, the CLI).
    Outbox,
    /// Firebase Cloud Messaging registration token.
    Fcm,
    /// Apple Push Notification service device token.
    Apns,
    /// A UnifiedPush endpoint URL.
    Unifiedpush,
}

impl PushKind {
    /// The kind named `name` on the wire.
    pub fn from_wire(name: &str) -> Option<Self> {
        match name {
            "outbox" => Some(Self::Outbox),
            "fcm" => Some(Self::Fcm),
            "apns" => Some(Self::Apns),
            "unifiedpush" => Some(Self::Unifiedpush),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Outbox => "outbox",
            Self::Fcm => "fcm",
            Self::Apns => "apns",
            Self::Unifiedpush => "unifiedpush",
        }
    }
}

/// Why a provider did not deliver a push.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// No provider of this kind is configured on this gateway.
    #[error("no {0} provider is configured")]
    NotConfigured(&'static str),
    /// The provider's credentials do not load or sign.
    #[error("push credentials: {0}")]
    Credentials(String),
    /// The provider could not be reached in time.
    #[error("push transport: {0}")]
    Transport(String),
    /// The provider answered with a refusal.
    #[error("the push provider refused ({status}): {reason}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The provider's reason.
        reason: String,
    },
    /// The provider no longer knows the token or endpoint.
    #[error("the push target is gone")]
    Gone,
    /// A UnifiedPush endpoint is not, or does not resolve to, public addresses only.
    #[error("the UnifiedPush endpoint is not a public address")]
    PrivateAddress,
    /// The payload could not be encrypted for the subscription.
    #[error("push encryption: {0}")]
    WebPush(#[from] webpush::WebPushError),
}

/// Where one device's pushes go, as the device sets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The provider.
    pub kind: PushKind,
    /// The token or endpoint.
    pub address: String,
    /// For UnifiedPush: the subscription's public key (base64url, uncompressed P-256).
    pub p256dh: Option<String>,
    /// For UnifiedPush: the subscription's authentication secret (base64url, 16 bytes).
    pub auth: Option<String>,
}

/// One push to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The device it goes to.
    pub device_id: String,
    /// Where.
    pub target: Target,
    /// The challenge it announces.
    pub challenge_id: String,
}

impl Delivery {
    /// The payload: the opaque challenge id and the receiving device's id (so an app with
    /// several accounts knows whose approval it is), nothing else.
    pub fn payload(&self) -> String {
        serde_json::json!({ "challenge": self.challenge_id, "device": self.device_id }).to_string()
    }
}

/// One push as the outbox keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentPush {
    /// The device it went to.
    pub device_id: String,
    /// The provider kind.
    pub kind: String,
    /// The payload: only the opaque challenge id.
    pub payload: String,
    /// When, Unix seconds.
    pub sent_at: i64,
}

fn refuse(why: &str) -> GatewayError {
    GatewayError::BadRequest(format!("push target: {why}"))
}

fn decoded_len(text: Option<&str>) -> Option<usize> {
    Base64UrlUnpadded::decode_vec(text?)
        .ok()
        .map(|bytes| bytes.len())
}

/// Checks `target` for its kind.
///
/// # Errors
/// [`GatewayError::BadRequest`] naming the rule broken.
pub fn check_target(target: &Target) -> Result<(), GatewayError> {
    if target.address.is_empty() || target.address.len() > 4096 {
        return Err(refuse("the address has 1 to 4096 characters"));
    }
    let keys = target.p256dh.is_some() || target.auth.is_some();
    match target.kind {
        PushKind::Unifiedpush => {
            check_unifiedpush_endpoint(&target.address)?;
            if decoded_len(target.p256dh.as_deref()) != Some(65)
                || decoded_len(target.auth.as_deref()) != Some(16)
            {
                return Err(refuse(
                    "UnifiedPush needs the subscription keys p256dh (65 bytes) and auth (16 bytes)",
                ));
            }
        }
        PushKind::Apns if !valid_device_token(&target.address) => {
            return Err(refuse(
                "an APNs device token is 64 to 200 hexadecimal digits",
            ));
        }
        PushKind::Fcm
            if !target
                .address
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_:".contains(&b)) =>
        {
            return Err(refuse("malformed FCM registration token"));
        }
        _ if keys => return Err(refuse("only UnifiedPush targets carry keys")),
        _ => {}
    }
    Ok(())
}

/// Sets where the pushes of `device` go.
///
/// # Errors
/// [`GatewayError::BadRequest`] for a refused target, or [`GatewayError::Store`].
pub fn set_target(
    db: &Connection,
    device: &str,
    target: &Target,
    now: i64,
) -> Result<(), GatewayError> {
    check_target(target)?;
    db.execute(
        "INSERT INTO push_targets (device_id, kind, address, p256dh, auth, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (device_id) DO UPDATE SET kind = ?2, address = ?3, p256dh = ?4, auth = ?5,
             updated_at = ?6",
        params![
            device,
            target.kind.as_str(),
            target.address,
            target.p256dh,
            target.auth,
            now
        ],
    )?;
    Ok(())
}

/// Announces challenge `challenge_id` to every device of `account` that has a push target:
/// outbox pushes are written at once, the others are answered for the providers to send.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn announce(
    db: &Connection,
    account: i64,
    challenge_id: &str,
    now: i64,
) -> Result<Vec<Delivery>, GatewayError> {
    let mut statement = db.prepare(
        "SELECT t.device_id, t.kind, t.address, t.p256dh, t.auth
         FROM push_targets t JOIN devices d ON d.id = t.device_id WHERE d.account_id = ?1",
    )?;
    let rows = statement.query_map([account], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, Option<String>>(3)?,
            row.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut deliveries = Vec::new();
    for row in rows {
        let (device_id, kind, address, p256dh, auth) = row?;
        let Some(kind) = PushKind::from_wire(&kind) else {
            continue;
        };
        let delivery = Delivery {
            device_id,
            target: Target {
                kind,
                address,
                p256dh,
                auth,
            },
            challenge_id: challenge_id.to_owned(),
        };
        if kind == PushKind::Outbox {
            db.execute(
                "INSERT INTO push_outbox (device_id, kind, address, payload, sent_at)
                 VALUES (?1, 'outbox', ?2, ?3, ?4)",
                params![
                    delivery.device_id,
                    delivery.target.address,
                    delivery.payload(),
                    now
                ],
            )?;
            log_outcome(db, &delivery, "delivered", now)?;
        } else {
            deliveries.push(delivery);
        }
    }
    Ok(deliveries)
}

/// Records how `delivery` went; a target the provider reported gone is forgotten.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn record_outcome(
    db: &Connection,
    delivery: &Delivery,
    outcome: &Result<(), ProviderError>,
    now: i64,
) -> Result<(), GatewayError> {
    let text = match outcome {
        Ok(()) => "delivered".to_owned(),
        Err(error) => error.to_string(),
    };
    if matches!(outcome, Err(ProviderError::Gone)) {
        db.execute(
            "DELETE FROM push_targets WHERE device_id = ?1 AND address = ?2",
            params![delivery.device_id, delivery.target.address],
        )?;
    }
    log_outcome(db, delivery, &text, now)
}

fn log_outcome(
    db: &Connection,
    delivery: &Delivery,
    outcome: &str,
    now: i64,
) -> Result<(), GatewayError> {
    db.execute(
        "INSERT INTO push_log (device_id, kind, outcome, at) VALUES (?1, ?2, ?3, ?4)",
        params![
            delivery.device_id,
            delivery.target.kind.as_str(),
            outcome,
            now
        ],
    )?;
    Ok(())
}

/// The provider `device`'s pushes go through, if it set one.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn target_kind(db: &Connection, device: &str) -> Result<Option<PushKind>, GatewayError> {
    let kind: Option<String> = db
        .query_row(
            "SELECT kind FROM push_targets WHERE device_id = ?1",
            [device],
            |row| row.get(0),
        )
        .optional()?;
    Ok(kind.as_deref().and_then(PushKind::from_wire))
}

/// The outcomes of the pushes to `device`, newest first: `(kind, outcome, at)`.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn outcomes(db: &Connection, device: &str) -> Result<Vec<(String, String, i64)>, GatewayError> {
    let mut statement =
        db.prepare("SELECT kind, outcome, at FROM push_log WHERE device_id = ?1 ORDER BY id DESC")?;
    let rows = statement.query_map([device], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The push outbox, newest first.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn outbox(db: &Connection) -> Result<Vec<SentPush>, GatewayError> {
    let mut statement =
        db.prepare("SELECT device_id, kind, payload, sent_at FROM push_outbox ORDER BY id DESC")?;
    let rows = statement.query_map([], |row| {
        Ok(SentPush {
            device_id: row.get(0)?,
            kind: row.get(1)?,
            payload: row.get(2)?,
            sent_at: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
