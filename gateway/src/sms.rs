//! SMS one-time codes through an outbox (no SMS is really sent): six digits from the CSPRNG,
//! bound to one session, valid five minutes, single use, dead after three wrong entries, at most
//! three sends (configurable) per fifteen minutes per account and per number, stored only as Argon2id hashes.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::error::GatewayError;
use crate::passwords::Passwords;
use crate::secrets::six_digit_code;
use crate::sessions::Session;

/// How long a code is valid, in seconds.
pub const CODE_LIFETIME_SECS: i64 = 5 * 60;
/// Wrong entries after which a code is dead.
pub const MAX_WRONG_ENTRIES: i64 = 3;
/// Codes sent per window, per account and per number, unless the configuration says otherwise.
pub const SEND_LIMIT: i64 = 3;
/// The send-limit window, in seconds.
pub const SEND_WINDOW_SECS: i64 = 15 * 60;

/// One message in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMessage {
    /// Destination number.
    pub phone: String,
    /// Text.
    pub body: String,
    /// When, Unix seconds.
    pub sent_at: i64,
}

/// A code that is ready to hash and store (the slow hash runs outside the database lock).
#[derive(Debug)]
pub struct NewCode {
    /// The digits, for the outbox.
    pub code: String,
    /// Its Argon2id hash.
    pub hash: String,
}

/// Draws a code and hashes it.
///
/// # Errors
/// [`GatewayError::Internal`].
pub fn draw(passwords: &Passwords) -> Result<NewCode, GatewayError> {
    let code = six_digit_code()?;
    let hash = passwords.hash(&code)?;
    Ok(NewCode { code, hash })
}

/// Checks that `account` and `phone` were each sent fewer than `limit` codes in the window.
///
/// # Errors
/// [`GatewayError::SmsLimit`], or [`GatewayError::Store`].
pub fn check_send_limits(
    db: &Connection,
    account: i64,
    phone: &str,
    limit: i64,
    now: i64,
) -> Result<(), GatewayError> {
    let since = now - SEND_WINDOW_SECS;
    for (column, value) in [
        ("account_id", account.to_string()),
        ("phone", phone.to_owned()),
    ] {
        let (count, oldest): (i64, Option<i64>) = db.query_row(
            &format!(
                "SELECT COUNT(*), MIN(sent_at) FROM sms_codes WHERE {column} = ?1 AND sent_at > ?2"
            ),
            params![value, since],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        if count >= limit {
            return Err(GatewayError::SmsLimit {
                retry_after: oldest.map_or(SEND_WINDOW_SECS, |t| t + SEND_WINDOW_SECS - now),
            });
        }
    }
    Ok(())
}

/// What an SMS code confirms: a login session, or another flow of an account (keyed by a
/// digest of its id).
#[derive(Debug, Clone, Copy)]
pub struct CodeOwner<'a> {
    /// The account the code is sent for.
    pub account_id: i64,
    /// The session's token hash, or the flow's key.
    pub key: &'a [u8],
}

impl<'a> From<&'a Session> for CodeOwner<'a> {
    fn from(session: &'a Session) -> Self {
        Self {
            account_id: session.account_id,
            key: &session.token_hash,
        }
    }
}

/// Stores `code` for `owner` (spending any earlier code of the owner) and puts the message in
/// the outbox.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn store(
    db: &Connection,
    owner: CodeOwner<'_>,
    phone: &str,
    code: &NewCode,
    now: i64,
) -> Result<(), GatewayError> {
    db.execute(
        "UPDATE sms_codes SET spent = 1 WHERE session_hash = ?1",
        [owner.key],
    )?;
    db.execute(
        "INSERT INTO sms_codes (account_id, session_hash, phone, code_hash, sent_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            owner.account_id,
            owner.key,
            phone,
            code.hash.as_bytes(),
            now,
            now + CODE_LIFETIME_SECS
        ],
    )?;
    db.execute(
        "INSERT INTO sms_outbox (phone, body, sent_at) VALUES (?1, ?2, ?3)",
        params![
            phone,
            format!(
                "e-Gov code {}. Valid 5 minutes. Never share it; staff never ask for it.",
                code.code
            ),
            now
        ],
    )?;
    Ok(())
}

/// A live code of a session, with one entry reserved against the wrong-entry limit.
#[derive(Debug)]
pub struct ReservedEntry {
    id: i64,
    /// The stored Argon2id hash to check the entry against.
    pub hash: String,
}

/// Reserves one entry on the owner's live code; the caller checks the entry against the hash
/// outside the lock and then calls [`settle`].
///
/// # Errors
/// [`GatewayError::SmsCodeInvalid`] when there is no live code (none, expired, spent or out of
/// entries), or [`GatewayError::Store`].
pub fn reserve_entry(
    db: &Connection,
    owner: CodeOwner<'_>,
    now: i64,
) -> Result<ReservedEntry, GatewayError> {
    let live: Option<(i64, Vec<u8>)> = db
        .query_row(
            "SELECT id, code_hash FROM sms_codes
             WHERE session_hash = ?1 AND spent = 0 AND expires_at > ?2 AND wrong_entries < ?3
             ORDER BY id DESC LIMIT 1",
            params![owner.key, now, MAX_WRONG_ENTRIES],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let (id, hash) = live.ok_or(GatewayError::SmsCodeInvalid)?;
    let reserved = db.execute(
        "UPDATE sms_codes SET wrong_entries = wrong_entries + 1
         WHERE id = ?1 AND spent = 0 AND wrong_entries < ?2",
        params![id, MAX_WRONG_ENTRIES],
    )?;
    if reserved == 0 {
        return Err(GatewayError::SmsCodeInvalid);
    }
    let hash = String::from_utf8(hash).map_err(|e| GatewayError::Internal(e.to_string()))?;
    Ok(ReservedEntry { id, hash })
}

/// Settles a reserved entry: a right entry spends the code (once; a concurrent use loses), a
/// wrong one stays counted.
///
/// # Errors
/// [`GatewayError::SmsCodeInvalid`] for a wrong entry or a code spent meanwhile, or
/// [`GatewayError::Store`].
pub fn settle(db: &Connection, entry: &ReservedEntry, right: bool) -> Result<(), GatewayError> {
    if !right {
        return Err(GatewayError::SmsCodeInvalid);
    }
    let spent = db.execute(
        "UPDATE sms_codes SET spent = 1, wrong_entries = wrong_entries - 1
         WHERE id = ?1 AND spent = 0",
        [entry.id],
    )?;
    if spent == 0 {
        return Err(GatewayError::SmsCodeInvalid);
    }
    Ok(())
}

/// The outbox, newest first, optionally only for `phone`.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn outbox(db: &Connection, phone: Option<&str>) -> Result<Vec<OutboxMessage>, GatewayError> {
    let mut statement = db.prepare(
        "SELECT phone, body, sent_at FROM sms_outbox
         WHERE ?1 IS NULL OR phone = ?1 ORDER BY id DESC",
    )?;
    let rows = statement.query_map([phone], |row| {
        Ok(OutboxMessage {
            phone: row.get(0)?,
            body: row.get(1)?,
            sent_at: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
