//! Login sessions: an opaque 256-bit cookie token (only its SHA-256 is stored), the factors the
//! session has passed and when, rotation of the token after each factor, and the cookie header.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::GatewayError;
use crate::secrets::{digest, token};

/// The session cookie's name.
pub const COOKIE: &str = "egate_session";
/// How long a session lives after its last rotation, in seconds.
pub const LIFETIME_SECS: i64 = 30 * 60;
/// How recent a second factor must be for sensitive changes, in seconds.
pub const RECENT_FACTOR_SECS: i64 = 5 * 60;

/// A live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the cookie token.
    pub token_hash: Vec<u8>,
    /// The account it belongs to.
    pub account_id: i64,
    /// When the password was checked.
    pub password_at: Option<i64>,
    /// When a second factor was last confirmed.
    pub second_factor_at: Option<i64>,
}

impl Session {
    /// Whether a second factor was confirmed in the last five minutes.
    pub fn recent_second_factor(&self, now: i64) -> bool {
        self.second_factor_at
            .is_some_and(|at| now - at <= RECENT_FACTOR_SECS)
    }
}

/// Opens a session for `account` whose password was just checked; answers the cookie token.
///
/// # Errors
/// [`GatewayError::Store`] or [`GatewayError::Internal`].
pub fn open(db: &Connection, account: i64, now: i64) -> Result<String, GatewayError> {
    let token = token()?;
    db.execute(
        "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, password_at)
         VALUES (?1, ?2, ?3, ?4, ?3)",
        params![digest(&token), account, now, now + LIFETIME_SECS],
    )?;
    Ok(token)
}

/// The live session of cookie `token`.
///
/// # Errors
/// [`GatewayError::LoginRequired`] when unknown or expired, or [`GatewayError::Store`].
pub fn find(db: &Connection, token: &str, now: i64) -> Result<Session, GatewayError> {
    db.query_row(
        "SELECT token_hash, account_id, password_at, second_factor_at FROM sessions
         WHERE token_hash = ?1 AND expires_at > ?2",
        params![digest(token), now],
        |row| {
            Ok(Session {
                token_hash: row.get(0)?,
                account_id: row.get(1)?,
                password_at: row.get(2)?,
                second_factor_at: row.get(3)?,
            })
        },
    )
    .optional()?
    .ok_or(GatewayError::LoginRequired)
}

/// Records a confirmed second factor and rotates the token; answers the new cookie token.
///
/// # Errors
/// [`GatewayError::Store`] or [`GatewayError::Internal`].
pub fn confirm_second_factor(
    db: &Connection,
    session: &Session,
    now: i64,
) -> Result<String, GatewayError> {
    let token = token()?;
    db.execute(
        "UPDATE sessions SET token_hash = ?2, second_factor_at = ?3, expires_at = ?4
         WHERE token_hash = ?1",
        params![session.token_hash, digest(&token), now, now + LIFETIME_SECS],
    )?;
    // The session's approval challenges follow it to the new token.
    db.execute(
        "UPDATE challenges SET session_hash = ?2 WHERE session_hash = ?1",
        params![session.token_hash, digest(&token)],
    )?;
    Ok(token)
}

/// Ends the session.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn close(db: &Connection, session: &Session) -> Result<(), GatewayError> {
    db.execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        [&session.token_hash],
    )?;
    Ok(())
}

/// Ends every session of `account` but `keep`.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn close_others(db: &Connection, account: i64, keep: &Session) -> Result<(), GatewayError> {
    db.execute(
        "DELETE FROM sessions WHERE account_id = ?1 AND token_hash != ?2",
        params![account, keep.token_hash],
    )?;
    Ok(())
}

/// The `Set-Cookie` value carrying `token` (HttpOnly, SameSite=Lax, Secure under TLS).
pub fn cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={LIFETIME_SECS}{secure}")
}

/// The `Set-Cookie` value that deletes the session cookie.
pub fn expired_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// The session token in a `Cookie` request header, if present.
pub fn token_from_cookie_header(header: &str) -> Option<&str> {
    cookie_value(header, COOKIE)
}

/// The value of cookie `name` in a `Cookie` request header, if present.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::open_in_memory;

    #[test]
    fn rotation_replaces_the_token_and_keeps_the_factors() {
        let db = open_in_memory().unwrap();
        let account = crate::accounts::create(&db, "1", "h", None, 0).unwrap();
        let first = open(&db, account, 10).unwrap();
        let session = find(&db, &first, 11).unwrap();
        assert!(!session.recent_second_factor(11));
        let second = confirm_second_factor(&db, &session, 12).unwrap();
        assert!(matches!(
            find(&db, &first, 12),
            Err(GatewayError::LoginRequired)
        ));
        let rotated = find(&db, &second, 13).unwrap();
        assert_eq!(rotated.password_at, Some(10));
        assert!(rotated.recent_second_factor(12 + RECENT_FACTOR_SECS));
        assert!(!rotated.recent_second_factor(13 + RECENT_FACTOR_SECS));
        assert!(matches!(
            find(&db, &second, 12 + LIFETIME_SECS),
            Err(GatewayError::LoginRequired)
        ));
    }

    #[test]
    fn the_cookie_header_is_parsed_and_built() {
        assert_eq!(
            token_from_cookie_header("a=b; egate_session=XYZ; c=d"),
            Some("XYZ")
        );
        assert_eq!(token_from_cookie_header("a=b"), None);
        assert!(cookie("T", true).ends_with("; Secure"));
        assert!(cookie("T", false).contains("HttpOnly; SameSite=Lax"));
    }
}
