//! Accounts and the password-login limits: creation, lookup, the per-citizen-id lockout (10
//! wrong passwords block password login for 15 minutes, for unknown ids exactly as for real
//! ones) and the per-address throttle on top.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::GatewayError;

/// Wrong passwords after which password login is blocked.
pub const LOCKOUT_THRESHOLD: i64 = 10;
/// How long password login stays blocked, in seconds.
pub const LOCKOUT_SECS: i64 = 15 * 60;
/// Password attempts accepted from one address per throttle window.
pub const ADDRESS_LIMIT: i64 = 30;
/// The throttle window, in seconds.
pub const ADDRESS_WINDOW_SECS: i64 = 60;

/// An account as the login logic needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Row id.
    pub id: i64,
    /// The citizen id the holder logs in with.
    pub citizen_id: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Whether the next login must change the password first.
    pub must_change_password: bool,
    /// The phone number for SMS codes, if any.
    pub phone: Option<String>,
    /// Whether two-factor login is on.
    pub two_factor: bool,
    /// Whether "this wasn't me" blocked two-factor logins.
    pub reported: bool,
    /// When the holder last proved the phone number with their ID card, if ever.
    pub phone_verified_with_id_at: Option<i64>,
}

/// Creates an account whose first login must change the password.
///
/// # Errors
/// [`GatewayError::AccountExists`], or [`GatewayError::Store`].
pub fn create(
    db: &Connection,
    citizen_id: &str,
    password_hash: &str,
    phone: Option<&str>,
    now: i64,
) -> Result<i64, GatewayError> {
    let inserted = db.execute(
        "INSERT INTO accounts (citizen_id, password_hash, phone, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (citizen_id) DO NOTHING",
        params![citizen_id, password_hash, phone, now],
    )?;
    if inserted == 0 {
        return Err(GatewayError::AccountExists);
    }
    Ok(db.last_insert_rowid())
}

const ACCOUNT_COLUMNS: &str = "id, citizen_id, password_hash, must_change_password, phone, two_factor, reported_at IS NOT NULL, phone_verified_with_id_at";

fn account_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: row.get(0)?,
        citizen_id: row.get(1)?,
        password_hash: row.get(2)?,
        must_change_password: row.get(3)?,
        phone: row.get(4)?,
        two_factor: row.get(5)?,
        reported: row.get(6)?,
        phone_verified_with_id_at: row.get(7)?,
    })
}

/// The account of `citizen_id`, if there is one.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn by_citizen_id(db: &Connection, citizen_id: &str) -> Result<Option<Account>, GatewayError> {
    Ok(db
        .query_row(
            &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE citizen_id = ?1"),
            [citizen_id],
            account_from_row,
        )
        .optional()?)
}

/// The account with row id `id`.
///
/// # Errors
/// [`GatewayError::LoginRequired`] when it no longer exists, or [`GatewayError::Store`].
pub fn by_id(db: &Connection, id: i64) -> Result<Account, GatewayError> {
    db.query_row(
        &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?1"),
        [id],
        account_from_row,
    )
    .optional()?
    .ok_or(GatewayError::LoginRequired)
}

/// Sets a new password hash and clears the forced change.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn set_password(db: &Connection, account: i64, hash: &str) -> Result<(), GatewayError> {
    db.execute(
        "UPDATE accounts SET password_hash = ?2, must_change_password = 0 WHERE id = ?1",
        params![account, hash],
    )?;
    Ok(())
}

/// Turns two-factor login on or off.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn set_two_factor(db: &Connection, account: i64, on: bool) -> Result<(), GatewayError> {
    db.execute(
        "UPDATE accounts SET two_factor = ?2 WHERE id = ?1",
        params![account, on],
    )?;
    Ok(())
}

/// Refuses when password login is blocked for `citizen_id`.
///
/// # Errors
/// [`GatewayError::PasswordLoginBlocked`], or [`GatewayError::Store`].
pub fn check_lockout(db: &Connection, citizen_id: &str, now: i64) -> Result<(), GatewayError> {
    let locked_until: Option<i64> = db
        .query_row(
            "SELECT locked_until FROM login_failures WHERE citizen_id = ?1",
            [citizen_id],
            |row| row.get(0),
        )
        .optional()?
        .flatten();
    match locked_until {
        Some(until) if until > now => Err(GatewayError::PasswordLoginBlocked {
            retry_after: until - now,
        }),
        _ => Ok(()),
    }
}

/// Counts a wrong password for `citizen_id`; the tenth in a row blocks password login.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn record_failure(db: &Connection, citizen_id: &str, now: i64) -> Result<(), GatewayError> {
    db.execute(
        "INSERT INTO login_failures (citizen_id, failures, locked_until) VALUES (?1, 1, NULL)
         ON CONFLICT (citizen_id) DO UPDATE SET
             failures = CASE WHEN locked_until IS NOT NULL AND locked_until <= ?2
                             THEN 1 ELSE failures + 1 END,
             locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= ?2
                                 THEN NULL ELSE locked_until END",
        params![citizen_id, now],
    )?;
    db.execute(
        "UPDATE login_failures SET locked_until = ?2
         WHERE citizen_id = ?1 AND failures >= ?3 AND locked_until IS NULL",
        params![citizen_id, now + LOCKOUT_SECS, LOCKOUT_THRESHOLD],
    )?;
    Ok(())
}

/// Forgets the wrong passwords of `citizen_id` after a successful login.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn clear_failures(db: &Connection, citizen_id: &str) -> Result<(), GatewayError> {
    db.execute(
        "DELETE FROM login_failures WHERE citizen_id = ?1",
        [citizen_id],
    )?;
    Ok(())
}

/// Counts an attempt from `address` and refuses when the address exceeded its window's limit.
///
/// # Errors
/// [`GatewayError::Throttled`], or [`GatewayError::Store`].
pub fn throttle_address(db: &Connection, address: &str, now: i64) -> Result<(), GatewayError> {
    let window_start = now - ADDRESS_WINDOW_SECS;
    db.execute(
        "DELETE FROM address_attempts WHERE at <= ?1",
        [window_start],
    )?;
    let (count, oldest): (i64, Option<i64>) = db.query_row(
        "SELECT COUNT(*), MIN(at) FROM address_attempts WHERE address = ?1",
        [address],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    if count >= ADDRESS_LIMIT {
        return Err(GatewayError::Throttled {
            retry_after: oldest.map_or(ADDRESS_WINDOW_SECS, |t| t + ADDRESS_WINDOW_SECS - now),
        });
    }
    db.execute(
        "INSERT INTO address_attempts (address, at) VALUES (?1, ?2)",
        params![address, now],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::open_in_memory;

    #[test]
    fn the_tenth_failure_blocks_for_fifteen_minutes_then_counting_restarts() {
        let db = open_in_memory().unwrap();
        for _ in 0..9 {
            record_failure(&db, "11111111110", 100).unwrap();
            check_lockout(&db, "11111111110", 100).unwrap();
        }
        record_failure(&db, "11111111110", 100).unwrap();
        assert!(matches!(
            check_lockout(&db, "11111111110", 100 + LOCKOUT_SECS - 1),
            Err(GatewayError::PasswordLoginBlocked { retry_after: 1 })
        ));
        check_lockout(&db, "11111111110", 100 + LOCKOUT_SECS).unwrap();
        record_failure(&db, "11111111110", 100 + LOCKOUT_SECS).unwrap();
        check_lockout(&db, "11111111110", 100 + LOCKOUT_SECS).unwrap();
    }

    #[test]
    fn an_address_is_throttled_within_its_window() {
        let db = open_in_memory().unwrap();
        for _ in 0..ADDRESS_LIMIT {
            throttle_address(&db, "10.0.0.1", 50).unwrap();
        }
        assert!(matches!(
            throttle_address(&db, "10.0.0.1", 60),
            Err(GatewayError::Throttled { retry_after: 50 })
        ));
        throttle_address(&db, "10.0.0.2", 60).unwrap();
        throttle_address(&db, "10.0.0.1", 50 + ADDRESS_WINDOW_SECS).unwrap();
    }
}
