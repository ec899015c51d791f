//! Authenticating signed device requests: the key named by the claims must belong to a
//! registered device, the claims must verify against the request as received, and the nonce
//! must be new (the replay cache keeps each nonce until its request expires).

use egate_core::login::{Expectation, SignedRequest};
use rusqlite::{Connection, params};

use crate::devices::{KeyOwner, key_owner};
use crate::error::GatewayError;

/// The request as the gateway received it.
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    /// The `egate-signature` header, if present.
    pub header: Option<&'a str>,
    /// The HTTP method.
    pub method: &'a str,
    /// Path and query as received.
    pub path_and_query: &'a str,
    /// The body as received.
    pub body: &'a [u8],
}

/// Authenticates a device request; answers the key that signed it, with its device. The nonce
/// is recorded, so the same request is refused the second time.
///
/// # Errors
/// [`GatewayError::SignedRequest`] when the header is missing, malformed or a check fails,
/// [`GatewayError::UnknownKey`] when no device holds the key, [`GatewayError::Replayed`] for a
/// nonce seen before, or [`GatewayError::Store`].
pub fn authenticate(
    db: &Connection,
    received: &Received<'_>,
    audience: &str,
    now: i64,
) -> Result<(KeyOwner, egate_core::login::RequestClaims), GatewayError> {
    let header = received
        .header
        .ok_or(egate_core::login::SignedRequestError::Malformed)?;
    let request = SignedRequest::from_header(header)?;
    let unverified = request.claims()?;
    let owner = key_owner(db, &unverified.key_id)?;
    let claims = request.verify(
        &owner.key,
        &Expectation {
            audience,
            method: received.method,
            path_and_query: received.path_and_query,
            body: received.body,
            now,
        },
    )?;
    db.execute("DELETE FROM seen_nonces WHERE expires_at < ?1", [now])?;
    let fresh = db.execute(
        "INSERT INTO seen_nonces (nonce, expires_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        params![claims.nonce, claims.exp],
    )?;
    if fresh == 0 {
        return Err(GatewayError::Replayed);
    }
    Ok((owner, claims))
}
