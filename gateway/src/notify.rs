//! Notices to the account holder about security-relevant changes (device registered or removed,
//! two-factor login turned on or off, password changed), kept for the user to see.

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::error::GatewayError;

/// One notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// What happened (`device_registered`, `device_removed`, `two_factor_off`, …).
    pub kind: String,
    /// A value, never a sentence (the app words it): a device name (`device_registered`,
    /// `device_removed`, `device_transferred`), a count (`backup_code_used`, `backup_codes_low`:
    /// codes left; `two_factor_off`: devices removed), a refusal code
    /// (`id_verification_refused`), a device id (`device_keys_rotated`), or empty.
    pub detail: String,
    /// When, Unix seconds.
    pub at: i64,
}

/// Records a notice for `account`.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn record(
    db: &Connection,
    account: i64,
    kind: &str,
    detail: &str,
    now: i64,
) -> Result<(), GatewayError> {
    db.execute(
        "INSERT INTO notifications (account_id, kind, detail, at) VALUES (?1, ?2, ?3, ?4)",
        params![account, kind, detail, now],
    )?;
    Ok(())
}

/// The notices of `account`, newest first.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn list(db: &Connection, account: i64) -> Result<Vec<Notice>, GatewayError> {
    let mut statement = db.prepare(
        "SELECT kind, detail, at FROM notifications WHERE account_id = ?1 ORDER BY id DESC",
    )?;
    let rows = statement.query_map([account], |row| {
        Ok(Notice {
            kind: row.get(0)?,
            detail: row.get(1)?,
            at: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
