//! Push delivery behind one interface: devices register where their pushes go, and a challenge
//! is announced to every device of the account with nothing but its opaque id. This build
//! delivers through the development outbox; UnifiedPush endpoints are accepted only over HTTPS
//! to public hosts (no loopback, private, link-local or local names).

use rusqlite::{Connection, params};
use serde::Serialize;
use std::net::IpAddr;

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

/// Checks a UnifiedPush endpoint: HTTPS, a host that is a public address or a public name.
///
/// # Errors
/// [`GatewayError::BadRequest`] naming the rule.
pub fn check_unifiedpush_endpoint(endpoint: &str) -> Result<(), GatewayError> {
    let rest = endpoint
        .strip_prefix("https://")
        .ok_or_else(|| refuse("UnifiedPush endpoints must use https"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') || authority.is_empty() || endpoint.len() > 2048 {
        return Err(refuse("malformed UnifiedPush endpoint"));
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        authority
            .rsplit_once(':')
            .map_or(authority, |(host, _)| host)
    };
    if let Ok(ip) = host.parse::<IpAddr>() {
        let private = match ip {
            IpAddr::V4(v4) => {
                v4.is_private()
                    || v4.is_loopback()
                    || v4.is_link_local()
                    || v4.is_unspecified()
                    || v4.is_broadcast()
                    || v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1])
            }
            IpAddr::V6(v6) => {
                v6.is_loopback()
                    || v6.is_unspecified()
                    || (v6.segments()[0] & 0xfe00) == 0xfc00
                    || (v6.segments()[0] & 0xffc0) == 0xfe80
            }
        };
        if private {
            return Err(refuse("UnifiedPush endpoints must be public addresses"));
        }
        return Ok(());
    }
    let name = host.to_ascii_lowercase();
    if !name.contains('.')
        || name == "localhost"
        || [".localhost", ".local", ".internal", ".lan", ".home.arpa"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
    {
        return Err(refuse("UnifiedPush endpoints must be public names"));
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
    kind: PushKind,
    address: &str,
    now: i64,
) -> Result<(), GatewayError> {
    if address.is_empty() || address.len() > 4096 {
        return Err(refuse("the address has 1 to 4096 characters"));
    }
    if kind == PushKind::Unifiedpush {
        check_unifiedpush_endpoint(address)?;
    }
    db.execute(
        "INSERT INTO push_targets (device_id, kind, address, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (device_id) DO UPDATE SET kind = ?2, address = ?3, updated_at = ?4",
        params![device, kind.as_str(), address, now],
    )?;
    Ok(())
}

/// Announces challenge `challenge_id` to every device of `account` that has a push target;
/// answers how many pushes were queued. The payload is the opaque id and nothing else.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn announce(
    db: &Connection,
    account: i64,
    challenge_id: &str,
    now: i64,
) -> Result<usize, GatewayError> {
    let payload = serde_json::json!({ "challenge": challenge_id }).to_string();
    Ok(db.execute(
        "INSERT INTO push_outbox (device_id, kind, address, payload, sent_at)
         SELECT t.device_id, t.kind, t.address, ?2, ?3
         FROM push_targets t JOIN devices d ON d.id = t.device_id WHERE d.account_id = ?1",
        params![account, payload, now],
    )?)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unifiedpush_endpoints_must_be_https_to_public_hosts() {
        for good in [
            "https://push.example.org/up/abc",
            "https://93.184.216.34/x",
            "https://[2001:db8::1]:443/x",
        ] {
            assert!(check_unifiedpush_endpoint(good).is_ok(), "{good}");
        }
        for bad in [
            "http://push.example.org/up",
            "https://127.0.0.1/up",
            "https://10.1.2.3/up",
            "https://192.168.0.9:8443/up",
            "https://172.16.0.1/up",
            "https://169.254.169.254/latest",
            "https://100.64.0.1/up",
            "https://[::1]/up",
            "https://[fd00::1]/up",
            "https://[fe80::1]/up",
            "https://localhost/up",
            "https://printer.local/up",
            "https://intranet/up",
            "https://user@push.example.org/up",
        ] {
            assert!(check_unifiedpush_endpoint(bad).is_err(), "{bad}");
        }
    }
}
