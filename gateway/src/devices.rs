//! Registered devices: single-use registration tokens bound to a login session, registration of
//! a device's two P-256 keys with proof of possession, and the list, rename, removal and key
//! rotation of devices.

use egate_core::login::{ProtectionLevel, PublicKey};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::error::GatewayError;
use crate::secrets::{digest, token};
use crate::sessions::Session;

/// How long a registration token is valid, in seconds.
pub const TOKEN_LIFETIME_SECS: i64 = 5 * 60;
/// The longest device name.
pub const MAX_NAME_CHARS: usize = 64;

/// A registered device as shown to its owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Device {
    /// Stable device id.
    pub id: String,
    /// The name the owner gave.
    pub name: String,
    /// Key id of the possession key.
    pub possession_key_id: String,
    /// Key id of the user-verification key.
    pub user_key_id: String,
    /// How the keys are protected.
    pub protection_level: ProtectionLevel,
    /// Registration time, Unix seconds.
    pub created_at: i64,
}

/// A fresh registration token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationToken {
    /// The bearer token (only its digest is stored).
    pub token: String,
    /// The nonce the device's proof must sign.
    pub nonce: String,
    /// Expiry, Unix seconds.
    pub expires_at: i64,
}

/// Issues a registration token bound to `session`.
///
/// # Errors
/// [`GatewayError::Store`] or [`GatewayError::Internal`].
pub fn issue_token(
    db: &Connection,
    session: &Session,
    now: i64,
) -> Result<RegistrationToken, GatewayError> {
    let issued = RegistrationToken {
        token: token()?,
        nonce: token()?,
        expires_at: now + TOKEN_LIFETIME_SECS,
    };
    db.execute(
        "INSERT INTO registration_tokens (token_hash, account_id, session_hash, nonce, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            digest(&issued.token),
            session.account_id,
            session.token_hash,
            issued.nonce,
            issued.expires_at
        ],
    )?;
    Ok(issued)
}

/// Spends the token for `session`: answers the nonce the proof must sign.
///
/// # Errors
/// [`GatewayError::RegistrationTokenInvalid`] when unknown, expired, spent or bound to another
/// session, or [`GatewayError::Store`].
pub fn spend_token(
    db: &Connection,
    token: &str,
    session: &Session,
    now: i64,
) -> Result<String, GatewayError> {
    let nonce: Option<String> = db
        .query_row(
            "UPDATE registration_tokens SET spent = 1
             WHERE token_hash = ?1 AND session_hash = ?2 AND spent = 0 AND expires_at > ?3
             RETURNING nonce",
            params![digest(token), session.token_hash, now],
            |row| row.get(0),
        )
        .optional()?;
    nonce.ok_or(GatewayError::RegistrationTokenInvalid)
}

/// Checks a device name: 1 to 64 characters, no control characters.
///
/// # Errors
/// [`GatewayError::BadRequest`].
pub fn check_name(name: &str) -> Result<(), GatewayError> {
    let length = name.chars().count();
    if length == 0 || length > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(GatewayError::BadRequest(
            "a device name has 1 to 64 printable characters".into(),
        ));
    }
    Ok(())
}

/// Stores a device whose proof was checked; answers its id.
///
/// # Errors
/// [`GatewayError::BadRequest`] when a key is already registered, or [`GatewayError::Store`].
pub fn insert(
    db: &Connection,
    account: i64,
    name: &str,
    possession: &PublicKey,
    user: &PublicKey,
    level: ProtectionLevel,
    now: i64,
) -> Result<String, GatewayError> {
    let id = token()?;
    let inserted = db.execute(
        "INSERT INTO devices (id, account_id, name, possession_key_id, possession_spki,
                              user_key_id, user_spki, protection_level, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT DO NOTHING",
        params![
            id,
            account,
            name,
            possession.key_id(),
            possession.spki_der(),
            user.key_id(),
            user.spki_der(),
            level.as_str(),
            now
        ],
    )?;
    if inserted == 0 {
        return Err(GatewayError::BadRequest(
            "a key is already registered".into(),
        ));
    }
    Ok(id)
}

fn device_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    let level: String = row.get(4)?;
    Ok(Device {
        id: row.get(0)?,
        name: row.get(1)?,
        possession_key_id: row.get(2)?,
        user_key_id: row.get(3)?,
        protection_level: ProtectionLevel::from_wire(&level).unwrap_or(ProtectionLevel::Software),
        created_at: row.get(5)?,
    })
}

const DEVICE_COLUMNS: &str =
    "id, name, possession_key_id, user_key_id, protection_level, created_at";

/// The devices of `account`, oldest first.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn list(db: &Connection, account: i64) -> Result<Vec<Device>, GatewayError> {
    let mut statement = db.prepare(&format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE account_id = ?1 ORDER BY created_at, id"
    ))?;
    let rows = statement.query_map([account], device_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Renames a device of `account`.
///
/// # Errors
/// [`GatewayError::DeviceNotFound`], or [`GatewayError::Store`].
pub fn rename(db: &Connection, account: i64, id: &str, name: &str) -> Result<(), GatewayError> {
    let changed = db.execute(
        "UPDATE devices SET name = ?3 WHERE account_id = ?1 AND id = ?2",
        params![account, id, name],
    )?;
    if changed == 0 {
        return Err(GatewayError::DeviceNotFound);
    }
    Ok(())
}

/// Removes a device of `account`; answers its name.
///
/// # Errors
/// [`GatewayError::DeviceNotFound`], or [`GatewayError::Store`].
pub fn remove(db: &Connection, account: i64, id: &str) -> Result<String, GatewayError> {
    db.query_row(
        "DELETE FROM devices WHERE account_id = ?1 AND id = ?2 RETURNING name",
        params![account, id],
        |row| row.get(0),
    )
    .optional()?
    .ok_or(GatewayError::DeviceNotFound)
}

/// Removes every device of `account`; answers how many.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn remove_all(db: &Connection, account: i64) -> Result<usize, GatewayError> {
    Ok(db.execute("DELETE FROM devices WHERE account_id = ?1", [account])?)
}

/// Replaces a device's keys.
///
/// # Errors
/// [`GatewayError::DeviceNotFound`], [`GatewayError::BadRequest`] when a new key is registered
/// already, or [`GatewayError::Store`].
pub fn rotate(
    db: &Connection,
    id: &str,
    possession: &PublicKey,
    user: &PublicKey,
    now: i64,
) -> Result<(), GatewayError> {
    let changed = db
        .execute(
            "UPDATE devices SET possession_key_id = ?2, possession_spki = ?3, user_key_id = ?4,
                                user_spki = ?5, rotated_at = ?6
             WHERE id = ?1",
            params![
                id,
                possession.key_id(),
                possession.spki_der(),
                user.key_id(),
                user.spki_der(),
                now
            ],
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                GatewayError::BadRequest("a key is already registered".into())
            }
            other => GatewayError::Store(other),
        })?;
    if changed == 0 {
        return Err(GatewayError::DeviceNotFound);
    }
    Ok(())
}

/// Which of a device's keys signed a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRole {
    /// The possession key: background calls only.
    Possession,
    /// The user-verification key: approvals and changes.
    UserVerification,
}

/// The device holding the key `key_id`, with the key and its role.
#[derive(Debug, Clone)]
pub struct KeyOwner {
    /// The device's id.
    pub device_id: String,
    /// Its account.
    pub account_id: i64,
    /// The key itself.
    pub key: PublicKey,
    /// Which of the device's keys it is.
    pub role: KeyRole,
}

/// Finds the registered key `key_id`.
///
/// # Errors
/// [`GatewayError::UnknownKey`], or [`GatewayError::Store`].
pub fn key_owner(db: &Connection, key_id: &str) -> Result<KeyOwner, GatewayError> {
    let found: Option<(String, i64, Vec<u8>, bool)> = db
        .query_row(
            "SELECT id, account_id,
                    CASE WHEN possession_key_id = ?1 THEN possession_spki ELSE user_spki END,
                    possession_key_id = ?1
             FROM devices WHERE possession_key_id = ?1 OR user_key_id = ?1",
            [key_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .optional()?;
    let (device_id, account_id, spki, possession) = found.ok_or(GatewayError::UnknownKey)?;
    Ok(KeyOwner {
        device_id,
        account_id,
        key: PublicKey::from_spki_der(&spki)?,
        role: if possession {
            KeyRole::Possession
        } else {
            KeyRole::UserVerification
        },
    })
}

/// The user-verification key of device `device_id`.
///
/// # Errors
/// [`GatewayError::UnknownKey`] when the device is gone, or [`GatewayError::Store`].
pub fn user_key(db: &Connection, device_id: &str) -> Result<PublicKey, GatewayError> {
    let spki: Vec<u8> = db
        .query_row(
            "SELECT user_spki FROM devices WHERE id = ?1",
            [device_id],
            |row| row.get(0),
        )
        .optional()?
        .ok_or(GatewayError::UnknownKey)?;
    Ok(PublicKey::from_spki_der(&spki)?)
}
