//! ID verifications: started from a session (the web page's QR code), by a registered device,
//! or by the credentials of a holder moving to a new phone; found only with their bearer secret
//! (kept as its SHA-256); an 8-byte Active Authentication challenge issued once and spent by the
//! first evidence sent; settled as proven (then an SMS code completes them) or refused.

use egate_core::idv::{CHALLENGE_LEN, IdvPurpose};
use rusqlite::{Connection, OptionalExtension, params};
use subtle::ConstantTimeEq;

use crate::error::GatewayError;
use crate::secrets::{digest, random_bytes, token};

/// How long a verification lives from its start, and its challenge from issue.
pub const LIFETIME_SECS: i64 = 5 * 60;

/// A started verification, as handed to the app.
#[derive(Debug)]
pub struct Started {
    /// The verification's id.
    pub id: String,
    /// The bearer secret (only its digest is stored).
    pub secret: String,
    /// When it stops working.
    pub expires_at: i64,
}

/// A verification found with its secret.
#[derive(Debug, Clone)]
pub struct Verification {
    /// Its id.
    pub id: String,
    /// The account it proves.
    pub account_id: i64,
    /// What it is for.
    pub purpose: IdvPurpose,
    /// `open`, `challenged`, `checking`, `relaying`, `proven`, `done` or `refused`.
    pub state: String,
}

/// Starts a verification of `account` for `purpose`.
///
/// # Errors
/// [`GatewayError::Internal`] (randomness) or [`GatewayError::Store`].
pub fn start(
    db: &Connection,
    account: i64,
    purpose: IdvPurpose,
    now: i64,
) -> Result<Started, GatewayError> {
    let started = Started {
        id: token()?,
        secret: token()?,
        expires_at: now + LIFETIME_SECS,
    };
    db.execute(
        "INSERT INTO id_verifications (id, account_id, purpose, secret_hash, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            started.id,
            account,
            purpose.as_str(),
            digest(&started.secret),
            now,
            started.expires_at
        ],
    )?;
    Ok(started)
}

/// The live verification `id` whose secret is `secret`.
///
/// # Errors
/// [`GatewayError::IdVerificationGone`] when it is unknown, expired, finished or refused, or
/// the secret is wrong; [`GatewayError::Store`].
pub fn find(
    db: &Connection,
    id: &str,
    secret: &str,
    now: i64,
) -> Result<Verification, GatewayError> {
    let row: Option<(i64, String, Vec<u8>, String, i64)> = db
        .query_row(
            "SELECT account_id, purpose, secret_hash, state, expires_at
             FROM id_verifications WHERE id = ?1",
            [id],
            |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            },
        )
        .optional()?;
    let (account_id, purpose, secret_hash, state, expires_at) =
        row.ok_or(GatewayError::IdVerificationGone)?;
    let secret_matches: bool = secret_hash.ct_eq(&digest(secret)).into();
    let purpose = IdvPurpose::from_wire(&purpose).ok_or(GatewayError::IdVerificationGone)?;
    if !secret_matches || now >= expires_at || matches!(state.as_str(), "done" | "refused") {
        return Err(GatewayError::IdVerificationGone);
    }
    Ok(Verification {
        id: id.to_owned(),
        account_id,
        purpose,
        state,
    })
}

/// Issues the verification's challenge, once; it lives [`LIFETIME_SECS`] from now.
///
/// # Errors
/// [`GatewayError::IdVerificationGone`] when a challenge was issued already, or
/// [`GatewayError::Store`].
pub fn issue_challenge(
    db: &Connection,
    verification: &Verification,
    now: i64,
) -> Result<([u8; CHALLENGE_LEN], i64), GatewayError> {
    let challenge = random_bytes::<CHALLENGE_LEN>()?;
    let expires_at = now + LIFETIME_SECS;
    let issued = db.execute(
        "UPDATE id_verifications SET state = 'challenged', challenge = ?2, expires_at = ?3
         WHERE id = ?1 AND state = 'open'",
        params![verification.id, challenge.to_vec(), expires_at],
    )?;
    if issued != 1 {
        return Err(GatewayError::IdVerificationGone);
    }
    Ok((challenge, expires_at))
}

/// Spends the challenge for the evidence being checked (a second evidence finds it gone).
///
/// # Errors
/// [`GatewayError::IdVerificationGone`] when no unspent challenge exists, or
/// [`GatewayError::Store`].
pub fn spend_challenge(
    db: &Connection,
    verification: &Verification,
) -> Result<Vec<u8>, GatewayError> {
    let spent = db.execute(
        "UPDATE id_verifications SET state = 'checking' WHERE id = ?1 AND state = 'challenged'",
        [&verification.id],
    )?;
    if spent != 1 {
        return Err(GatewayError::IdVerificationGone);
    }
    Ok(db.query_row(
        "SELECT challenge FROM id_verifications WHERE id = ?1",
        [&verification.id],
        |row| row.get(0),
    )?)
}

/// Marks a verification whose evidence passed as waiting for Chip Authentication through the
/// app.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn await_relay(db: &Connection, verification: &Verification) -> Result<(), GatewayError> {
    db.execute(
        "UPDATE id_verifications SET state = 'relaying' WHERE id = ?1 AND state = 'checking'",
        [&verification.id],
    )?;
    Ok(())
}

/// Takes a verification out of waiting for the relay, for its verdict; only one caller
/// succeeds.
///
/// # Errors
/// [`GatewayError::IdVerificationGone`] when it is not waiting (any more), or
/// [`GatewayError::Store`].
pub fn end_relay(db: &Connection, verification: &Verification) -> Result<(), GatewayError> {
    let ended = db.execute(
        "UPDATE id_verifications SET state = 'checking' WHERE id = ?1 AND state = 'relaying'",
        [&verification.id],
    )?;
    if ended != 1 {
        return Err(GatewayError::IdVerificationGone);
    }
    Ok(())
}

/// Records the verdict on the evidence: proven with how the chip's presence was shown, or
/// refused with the reason's code.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn settle(
    db: &Connection,
    verification: &Verification,
    verdict: Result<&str, &str>,
) -> Result<(), GatewayError> {
    let (state, presence, refusal) = match verdict {
        Ok(presence) => ("proven", Some(presence), None),
        Err(reason) => ("refused", None, Some(reason)),
    };
    db.execute(
        "UPDATE id_verifications SET state = ?2, chip_presence = ?3, refusal = ?4
         WHERE id = ?1 AND state = 'checking'",
        params![verification.id, state, presence, refusal],
    )?;
    Ok(())
}

/// Marks a proven verification done; only one caller succeeds.
///
/// # Errors
/// [`GatewayError::IdVerificationGone`] when it is not proven (any more), or
/// [`GatewayError::Store`].
pub fn finish(db: &Connection, verification: &Verification) -> Result<(), GatewayError> {
    let finished = db.execute(
        "UPDATE id_verifications SET state = 'done' WHERE id = ?1 AND state = 'proven'",
        [&verification.id],
    )?;
    if finished != 1 {
        return Err(GatewayError::IdVerificationGone);
    }
    Ok(())
}

/// The key the verification's SMS code is stored under.
pub fn code_key(verification: &Verification) -> Vec<u8> {
    digest(&format!("id-verification:{}", verification.id))
}
