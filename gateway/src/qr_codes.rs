//! Login QR codes: drawn for a login's pending challenge (30 s each, the previous one revoked),
//! claimed by a device of the challenge's account with the code's one-time secret, then approved
//! by that device with the same secret in its signed decision. Every refusal — unknown, used,
//! expired, revoked, another account's — is the same error, so a relayed code tells a stranger
//! nothing.

use base64ct::{Base64UrlUnpadded, Encoding};
use egate_core::login::qr_login::LoginQr;
use rusqlite::{Connection, OptionalExtension, params};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::challenges;
use crate::error::GatewayError;
use crate::secrets::{digest, random_bytes};

/// How long one drawn code works, in seconds.
pub const LIFETIME_SECS: i64 = 30;

/// Draws a new code for challenge `challenge_id` (expiring at `challenge_expires_at`) on
/// `origin`, revoking the codes drawn before it that no device claimed.
///
/// # Errors
/// [`GatewayError::Store`] or [`GatewayError::Internal`].
pub fn draw(
    db: &Connection,
    origin: &str,
    challenge_id: &str,
    challenge_expires_at: i64,
    now: i64,
) -> Result<LoginQr, GatewayError> {
    db.execute(
        "UPDATE qr_codes SET expires_at = MIN(expires_at, ?2)
         WHERE challenge_id = ?1 AND claimed_by IS NULL",
        params![challenge_id, now],
    )?;
    let sid = Base64UrlUnpadded::encode_string(&random_bytes::<16>()?);
    let secret = Zeroizing::new(Base64UrlUnpadded::encode_string(&random_bytes::<16>()?));
    let exp = (now + LIFETIME_SECS).min(challenge_expires_at);
    db.execute(
        "INSERT INTO qr_codes (sid, challenge_id, secret_hash, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![sid, challenge_id, digest(&secret), exp],
    )?;
    Ok(LoginQr {
        origin: origin.to_owned(),
        sid,
        secret,
        exp,
    })
}

/// Claims code `sid` with `secret` for `device` of `account`: answers the challenge's id.
///
/// # Errors
/// [`GatewayError::QrInvalid`] for any code that is not open to this device, or
/// [`GatewayError::Store`].
pub fn claim(
    db: &Connection,
    account: i64,
    device: &str,
    sid: &str,
    secret: &str,
    now: i64,
) -> Result<String, GatewayError> {
    let row: Option<(String, Vec<u8>)> = db
        .query_row(
            "SELECT q.challenge_id, q.secret_hash FROM qr_codes q
             JOIN challenges c ON c.id = q.challenge_id
             WHERE q.sid = ?1 AND q.claimed_by IS NULL AND q.expires_at > ?2
               AND c.account_id = ?3 AND c.state = 'pending' AND c.expires_at > ?2",
            params![sid, now, account],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((challenge_id, secret_hash)) = row else {
        return Err(GatewayError::QrInvalid);
    };
    if !bool::from(secret_hash.ct_eq(&digest(secret))) {
        return Err(GatewayError::QrInvalid);
    }
    let claimed = db.execute(
        "UPDATE qr_codes SET claimed_by = ?2, claimed_at = ?3 WHERE sid = ?1 AND claimed_by IS NULL",
        params![sid, device, now],
    )?;
    if claimed == 0 {
        return Err(GatewayError::QrInvalid);
    }
    Ok(challenge_id)
}

/// Approves challenge `challenge_id` of `account` for `device`, which claimed one of its codes
/// with `secret`.
///
/// # Errors
/// [`GatewayError::QrInvalid`] when `device` claimed no code of it with this secret,
/// [`GatewayError::ChallengeGone`] when it is no longer pending, or [`GatewayError::Store`].
pub fn approve(
    db: &Connection,
    account: i64,
    device: &str,
    challenge_id: &str,
    secret: &str,
) -> Result<(), GatewayError> {
    let hashes: Vec<Vec<u8>> = db
        .prepare("SELECT secret_hash FROM qr_codes WHERE challenge_id = ?1 AND claimed_by = ?2")?
        .query_map(params![challenge_id, device], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let presented = digest(secret);
    if !hashes.iter().any(|hash| bool::from(hash.ct_eq(&presented))) {
        return Err(GatewayError::QrInvalid);
    }
    challenges::mark_approved(db, account, challenge_id)
}
