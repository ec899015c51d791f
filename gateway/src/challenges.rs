//! Approval challenges: a password login on an account with a registered device opens one
//! (120 s, one pending per account, a 3-digit code shown in the browser, 6 digits after an
//! ignored or denied push), and each ignored, denied or reported push makes the next one wait
//! longer (10 s doubling to 1 h, forgotten after a success or 24 h). The device reads the
//! signed context and decides; the browser's session learns the outcome.

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::GatewayError;
use crate::secrets::{random_bytes, token};

/// How long a challenge waits for the device, in seconds.
pub const LIFETIME_SECS: i64 = 120;
/// The first wait after an ignored or denied push, in seconds.
pub const FIRST_WAIT_SECS: i64 = 10;
/// The longest wait, in seconds.
pub const MAX_WAIT_SECS: i64 = 60 * 60;
/// After this long without a new strike, the waits start over.
pub const STRIKE_MEMORY_SECS: i64 = 24 * 60 * 60;
/// Wrong typed codes after which a challenge is cancelled.
pub const MAX_WRONG_CODES: i64 = 3;

/// A challenge just opened, for the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    /// Opaque id.
    pub id: String,
    /// The code the user types in the app (never sent to the device).
    pub code: String,
    /// Expiry, Unix seconds.
    pub expires_at: i64,
}

/// A pending challenge as the device lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Pending {
    /// Opaque id.
    pub id: String,
    /// Expiry, Unix seconds.
    pub expires_at: i64,
}

/// The wait before a new challenge after `strikes` ignored or denied pushes.
pub fn wait_after(strikes: i64) -> i64 {
    if strikes <= 0 {
        return 0;
    }
    let doublings = u32::try_from(strikes - 1).unwrap_or(u32::MAX).min(20);
    (FIRST_WAIT_SECS * 2i64.pow(doublings)).min(MAX_WAIT_SECS)
}

fn strikes(db: &Connection, account: i64, now: i64) -> Result<(i64, i64), GatewayError> {
    let row: Option<(i64, i64)> = db
        .query_row(
            "SELECT strikes, last_strike_at FROM approval_backoff WHERE account_id = ?1",
            [account],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        Some((count, at)) if now - at < STRIKE_MEMORY_SECS => (count, at),
        _ => (0, 0),
    })
}

fn strike(db: &Connection, account: i64, now: i64) -> Result<(), GatewayError> {
    let (count, _) = strikes(db, account, now)?;
    db.execute(
        "INSERT INTO approval_backoff (account_id, strikes, last_strike_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (account_id) DO UPDATE SET strikes = ?2, last_strike_at = ?3",
        params![account, count + 1, now],
    )?;
    Ok(())
}

fn code_hash(id: &str, code: &str) -> Vec<u8> {
    Sha256::digest(format!("{id}:{code}").as_bytes()).to_vec()
}

fn digits(count: usize) -> Result<String, GatewayError> {
    let mut code = String::with_capacity(count);
    while code.len() < count {
        let byte = random_bytes::<1>()?[0];
        // 250 is the largest multiple of 10 not above 255: no modulo bias.
        if byte < 250 {
            code.push(char::from(b'0' + byte % 10));
        }
    }
    Ok(code)
}

/// Opens a challenge for the login session `session_hash`: a pending challenge of the account
/// is cancelled (and counts as ignored), as is one that expired unanswered; a new one must
/// wait out the strikes. `sign_context` builds and signs the context for the new id and expiry.
///
/// # Errors
/// [`GatewayError::ApprovalWait`] while a wait runs, or [`GatewayError::Store`].
pub fn open(
    db: &Connection,
    account: i64,
    session_hash: &[u8],
    now: i64,
    sign_context: impl FnOnce(&str, i64) -> Result<(Vec<u8>, Vec<u8>), GatewayError>,
) -> Result<Opened, GatewayError> {
    // An unanswered challenge counts as a strike from when it expired (or from now, when a new
    // login replaces it early), so the wait runs from the ignored push, not from this login.
    // A challenge whose login finished with another second factor (an SMS code) was not
    // ignored: no strike.
    let ignored_at: Option<i64> = db.query_row(
        "SELECT MAX(MIN(c.expires_at, ?2)) FROM challenges c
         LEFT JOIN sessions s ON s.token_hash = c.session_hash
         WHERE c.account_id = ?1 AND c.state = 'pending' AND s.second_factor_at IS NULL",
        params![account, now],
        |row| row.get(0),
    )?;
    db.execute(
        "UPDATE challenges SET state = CASE WHEN expires_at <= ?2 THEN 'expired' ELSE 'cancelled' END
         WHERE account_id = ?1 AND state = 'pending'",
        params![account, now],
    )?;
    if let Some(at) = ignored_at {
        strike(db, account, at)?;
    }
    let (count, last) = strikes(db, account, now)?;
    let ready_at = last + wait_after(count);
    if count > 0 && ready_at > now {
        return Err(GatewayError::ApprovalWait {
            retry_after: ready_at - now,
        });
    }
    let id = token()?;
    let code = digits(if count == 0 { 3 } else { 6 })?;
    let expires_at = now + LIFETIME_SECS;
    let (context, signature) = sign_context(&id, expires_at)?;
    db.execute(
        "INSERT INTO challenges (id, account_id, session_hash, code_hash, context,
                                 context_signature, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            account,
            session_hash,
            code_hash(&id, &code),
            context,
            signature,
            now,
            expires_at
        ],
    )?;
    Ok(Opened {
        id,
        code,
        expires_at,
    })
}

/// Marks challenge `id` approved (its proof already checked) and forgets the account's strikes.
///
/// # Errors
/// [`GatewayError::ChallengeGone`] when it is no longer pending, or [`GatewayError::Store`].
pub fn mark_approved(db: &Connection, account: i64, id: &str) -> Result<(), GatewayError> {
    let changed = db.execute(
        "UPDATE challenges SET state = 'approved' WHERE id = ?1 AND account_id = ?2 AND state = 'pending'",
        params![id, account],
    )?;
    if changed == 0 {
        return Err(GatewayError::ChallengeGone);
    }
    db.execute(
        "DELETE FROM approval_backoff WHERE account_id = ?1",
        [account],
    )?;
    Ok(())
}

/// Settles the pending challenge of the login session `session_hash` by a backup code (the
/// registered device may be lost): no strike, the device stops listing it, and the session
/// counts as approved for registering a new device.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn settle_with_backup_code(db: &Connection, session_hash: &[u8]) -> Result<(), GatewayError> {
    db.execute(
        "UPDATE challenges SET state = 'backup_code' WHERE session_hash = ?1 AND state = 'pending'",
        [session_hash],
    )?;
    Ok(())
}

/// The pending challenge of the login session `session_hash`: id and expiry.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn pending_for_session(
    db: &Connection,
    session_hash: &[u8],
    now: i64,
) -> Result<Option<(String, i64)>, GatewayError> {
    Ok(db
        .query_row(
            "SELECT id, expires_at FROM challenges
             WHERE session_hash = ?1 AND state = 'pending' AND expires_at > ?2
             ORDER BY created_at DESC LIMIT 1",
            params![session_hash, now],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?)
}

/// The account's pending challenges (the pull fallback).
///
/// # Errors
/// [`GatewayError::Store`].
pub fn pending(db: &Connection, account: i64, now: i64) -> Result<Vec<Pending>, GatewayError> {
    let mut statement = db.prepare(
        "SELECT id, expires_at FROM challenges
         WHERE account_id = ?1 AND state = 'pending' AND expires_at > ?2 ORDER BY created_at",
    )?;
    let rows = statement.query_map(params![account, now], |row| {
        Ok(Pending {
            id: row.get(0)?,
            expires_at: row.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The signed context of a pending challenge of `account`: its canonical bytes and signature.
///
/// # Errors
/// [`GatewayError::ChallengeGone`] when unknown, decided or expired, or [`GatewayError::Store`].
pub fn context(
    db: &Connection,
    account: i64,
    id: &str,
    now: i64,
) -> Result<(Vec<u8>, Vec<u8>), GatewayError> {
    db.query_row(
        "SELECT context, context_signature FROM challenges
         WHERE id = ?1 AND account_id = ?2 AND state = 'pending' AND expires_at > ?3",
        params![id, account, now],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .optional()?
    .ok_or(GatewayError::ChallengeGone)
}

/// Approves when `typed_code` is the challenge's code (compared in constant time); a wrong code
/// counts, and the third cancels the challenge (which counts as a refused push).
///
/// # Errors
/// [`GatewayError::ApprovalCodeWrong`], [`GatewayError::ChallengeGone`], or
/// [`GatewayError::Store`].
pub fn approve(
    db: &Connection,
    account: i64,
    id: &str,
    typed_code: &str,
    now: i64,
) -> Result<(), GatewayError> {
    let stored: Vec<u8> = db
        .query_row(
            "SELECT code_hash FROM challenges
             WHERE id = ?1 AND account_id = ?2 AND state = 'pending' AND expires_at > ?3",
            params![id, account, now],
            |row| row.get(0),
        )
        .optional()?
        .ok_or(GatewayError::ChallengeGone)?;
    if bool::from(stored.ct_eq(&code_hash(id, typed_code))) {
        return mark_approved(db, account, id);
    }
    let cancelled: bool = db.query_row(
        "UPDATE challenges SET wrong_codes = wrong_codes + 1,
             state = CASE WHEN wrong_codes + 1 >= ?2 THEN 'cancelled' ELSE state END
         WHERE id = ?1 RETURNING state = 'cancelled'",
        params![id, MAX_WRONG_CODES],
        |row| row.get(0),
    )?;
    if cancelled {
        strike(db, account, now)?;
    }
    Err(GatewayError::ApprovalCodeWrong)
}

/// Records a denial, or with `report` a "this wasn't me": the challenge is refused, the next
/// wait grows, and a report blocks two-factor logins and forces a password change.
///
/// # Errors
/// [`GatewayError::ChallengeGone`], or [`GatewayError::Store`].
pub fn refuse(
    db: &Connection,
    account: i64,
    id: &str,
    report: bool,
    now: i64,
) -> Result<(), GatewayError> {
    let state = if report { "reported" } else { "denied" };
    let changed = db.execute(
        "UPDATE challenges SET state = ?3
         WHERE id = ?1 AND account_id = ?2 AND state = 'pending' AND expires_at > ?4",
        params![id, account, state, now],
    )?;
    if changed == 0 {
        return Err(GatewayError::ChallengeGone);
    }
    strike(db, account, now)?;
    if report {
        db.execute(
            "UPDATE accounts SET reported_at = ?2, must_change_password = 1 WHERE id = ?1",
            params![account, now],
        )?;
    }
    Ok(())
}

/// The state of the newest challenge of the login session `session_hash` (`pending`,
/// `approved`, `denied`, `reported`, `cancelled` or `expired`), if it has one.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn session_state(
    db: &Connection,
    session_hash: &[u8],
    now: i64,
) -> Result<Option<String>, GatewayError> {
    Ok(db
        .query_row(
            "SELECT CASE WHEN state = 'pending' AND expires_at <= ?2 THEN 'expired' ELSE state END
             FROM challenges WHERE session_hash = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 1",
            params![session_hash, now],
            |row| row.get(0),
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_start_at_ten_seconds_and_double_up_to_an_hour() {
        assert_eq!(wait_after(0), 0);
        assert_eq!(wait_after(1), 10);
        assert_eq!(wait_after(2), 20);
        assert_eq!(wait_after(5), 160);
        assert_eq!(wait_after(9), 2560);
        assert_eq!(wait_after(10), 3600);
        assert_eq!(wait_after(1000), 3600);
    }

    #[test]
    fn codes_have_the_asked_digits() {
        for count in [3, 6] {
            let code = digits(count).unwrap();
            assert_eq!(code.len(), count);
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
