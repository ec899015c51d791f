//! The local store's records and operations; every change that belongs together (a registration
//! and its audit entry) is one transaction, so a crash leaves either both or neither.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::path::Path;
use thiserror::Error;

use super::migrate::{MigrationError, configure, migrate};
use crate::login::{ProtectionLevel, PublicKey};

const MIGRATIONS: &[&str] = &[include_str!("../../migrations/0001_local_store.sql")];

/// Why the local store failed.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("local store failure: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The schema could not be brought up to date.
    #[error(transparent)]
    Migration(#[from] MigrationError),
    /// A stored public key is not a P-256 SPKI (the file was tampered with).
    #[error("a stored key is damaged")]
    DamagedKey,
    /// No registration for this account.
    #[error("this device is not registered for {citizen_id} at {gateway}")]
    NotRegistered {
        /// The gateway origin.
        gateway: String,
        /// The citizen id.
        citizen_id: String,
    },
}

/// This device's registration for one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// The gateway origin.
    pub gateway: String,
    /// The account's citizen id.
    pub citizen_id: String,
    /// The device id the gateway gave.
    pub device_id: String,
    /// The device's name at the gateway.
    pub device_name: String,
    /// Key-store label of the possession key.
    pub possession_label: String,
    /// The possession key.
    pub possession_key: PublicKey,
    /// Key-store label of the user-verification key.
    pub user_label: String,
    /// The user-verification key.
    pub user_key: PublicKey,
    /// The keys' protection.
    pub protection_level: ProtectionLevel,
    /// The gateway's signing key pinned at registration.
    pub gateway_key: PublicKey,
    /// Registration time, Unix seconds.
    pub created_at: i64,
}

/// One audit-log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// When, Unix seconds.
    pub at: i64,
    /// The gateway concerned, if any.
    pub gateway: Option<String>,
    /// The account concerned, if any.
    pub citizen_id: Option<String>,
    /// What happened (`device_registered`, `device_removed`, `keys_rotated`, …).
    pub event: String,
    /// Details.
    pub detail: String,
}

/// The local store.
#[derive(Debug)]
pub struct LocalStore {
    db: Connection,
}

impl LocalStore {
    /// Opens (creating and migrating) the store at `path`.
    ///
    /// # Errors
    /// [`StoreError`].
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::configured(Connection::open(path)?)
    }

    /// A store in memory (tests).
    ///
    /// # Errors
    /// [`StoreError`].
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::configured(Connection::open_in_memory()?)
    }

    fn configured(mut db: Connection) -> Result<Self, StoreError> {
        configure(&db)?;
        migrate(&mut db, MIGRATIONS)?;
        Ok(Self { db })
    }

    /// Saves a registration (replacing the account's earlier one) with its audit entry, in one
    /// transaction.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn save_registration(&mut self, registration: &Registration) -> Result<(), StoreError> {
        let r = registration;
        let transaction = self.db.transaction()?;
        transaction.execute(
            "INSERT INTO gateways (origin, pinned_key_id, pinned_key_spki, added_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (origin) DO UPDATE SET pinned_key_id = ?2, pinned_key_spki = ?3",
            params![
                r.gateway,
                r.gateway_key.key_id(),
                r.gateway_key.spki_der(),
                r.created_at
            ],
        )?;
        transaction.execute(
            "INSERT INTO accounts (gateway, citizen_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![r.gateway, r.citizen_id],
        )?;
        let account: i64 = transaction.query_row(
            "SELECT id FROM accounts WHERE gateway = ?1 AND citizen_id = ?2",
            params![r.gateway, r.citizen_id],
            |row| row.get(0),
        )?;
        transaction.execute(
            "INSERT OR REPLACE INTO registrations (account_id, device_id, device_name,
                 possession_label, possession_key_spki, user_label, user_key_spki,
                 protection_level, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                account,
                r.device_id,
                r.device_name,
                r.possession_label,
                r.possession_key.spki_der(),
                r.user_label,
                r.user_key.spki_der(),
                r.protection_level.as_str(),
                r.created_at
            ],
        )?;
        audit(
            &transaction,
            r.created_at,
            Some((&r.gateway, &r.citizen_id)),
            "device_registered",
            &r.device_name,
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// The registration for `citizen_id` at `gateway`.
    ///
    /// # Errors
    /// [`StoreError::NotRegistered`], [`StoreError::DamagedKey`] or [`StoreError::Sqlite`].
    pub fn registration(
        &self,
        gateway: &str,
        citizen_id: &str,
    ) -> Result<Registration, StoreError> {
        self.registrations()?
            .into_iter()
            .find(|r| r.gateway == gateway && r.citizen_id == citizen_id)
            .ok_or_else(|| StoreError::NotRegistered {
                gateway: gateway.to_owned(),
                citizen_id: citizen_id.to_owned(),
            })
    }

    /// Every registration of this device.
    ///
    /// # Errors
    /// [`StoreError::DamagedKey`] or [`StoreError::Sqlite`].
    pub fn registrations(&self) -> Result<Vec<Registration>, StoreError> {
        let mut statement = self.db.prepare(
            "SELECT a.gateway, a.citizen_id, r.device_id, r.device_name, r.possession_label,
                    r.possession_key_spki, r.user_label, r.user_key_spki, r.protection_level,
                    g.pinned_key_spki, r.created_at
             FROM registrations r JOIN accounts a ON a.id = r.account_id
             JOIN gateways g ON g.origin = a.gateway ORDER BY a.gateway, a.citizen_id",
        )?;
        type Row = (
            String,
            String,
            String,
            String,
            String,
            Vec<u8>,
            String,
            Vec<u8>,
            String,
            Vec<u8>,
            i64,
        );
        let rows: Vec<Row> = statement
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                    row.get(7)?,
                    row.get(8)?,
                    row.get(9)?,
                    row.get(10)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(
                |(
                    gateway,
                    citizen_id,
                    device_id,
                    device_name,
                    possession_label,
                    possession,
                    user_label,
                    user,
                    level,
                    pinned,
                    created_at,
                )| {
                    let key = |der: &[u8]| {
                        PublicKey::from_spki_der(der).map_err(|_| StoreError::DamagedKey)
                    };
                    Ok(Registration {
                        gateway,
                        citizen_id,
                        device_id,
                        device_name,
                        possession_label,
                        possession_key: key(&possession)?,
                        user_label,
                        user_key: key(&user)?,
                        protection_level: ProtectionLevel::from_wire(&level)
                            .ok_or(StoreError::DamagedKey)?,
                        gateway_key: key(&pinned)?,
                        created_at,
                    })
                },
            )
            .collect()
    }

    /// Replaces the keys of a registration after a rotation, with its audit entry.
    ///
    /// # Errors
    /// [`StoreError`].
    pub fn rotate_keys(
        &mut self,
        gateway: &str,
        citizen_id: &str,
        possession: (&str, &PublicKey),
        user: (&str, &PublicKey),
        now: i64,
    ) -> Result<(), StoreError> {
        let transaction = self.db.transaction()?;
        let changed = transaction.execute(
            "UPDATE registrations SET possession_label = ?3, possession_key_spki = ?4,
                 user_label = ?5, user_key_spki = ?6, rotated_at = ?7
             WHERE account_id = (SELECT id FROM accounts WHERE gateway = ?1 AND citizen_id = ?2)",
            params![
                gateway,
                citizen_id,
                possession.0,
                possession.1.spki_der(),
                user.0,
                user.1.spki_der(),
                now
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::NotRegistered {
                gateway: gateway.to_owned(),
                citizen_id: citizen_id.to_owned(),
            });
        }
        audit(
            &transaction,
            now,
            Some((gateway, citizen_id)),
            "keys_rotated",
            "",
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// Pins `key` as the gateway's key after a followed rotation, with its audit entry.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn pin_gateway_key(
        &mut self,
        gateway: &str,
        key: &PublicKey,
        now: i64,
    ) -> Result<(), StoreError> {
        let transaction = self.db.transaction()?;
        transaction.execute(
            "UPDATE gateways SET pinned_key_id = ?2, pinned_key_spki = ?3 WHERE origin = ?1",
            params![gateway, key.key_id(), key.spki_der()],
        )?;
        audit(
            &transaction,
            now,
            None,
            "gateway_key_rotated",
            &format!("{gateway} {}", key.key_id()),
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// Forgets the registration for an account, with its audit entry; answers whether there
    /// was one.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn remove_registration(
        &mut self,
        gateway: &str,
        citizen_id: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let transaction = self.db.transaction()?;
        let removed = transaction.execute(
            "DELETE FROM registrations
             WHERE account_id = (SELECT id FROM accounts WHERE gateway = ?1 AND citizen_id = ?2)",
            params![gateway, citizen_id],
        )?;
        if removed > 0 {
            audit(
                &transaction,
                now,
                Some((gateway, citizen_id)),
                "device_removed",
                "",
            )?;
        }
        transaction.commit()?;
        Ok(removed > 0)
    }

    /// Records an event in the audit log.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn record(
        &self,
        now: i64,
        account: Option<(&str, &str)>,
        event: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        audit(&self.db, now, account, event, detail)
    }

    /// The audit log, newest first.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let mut statement = self.db.prepare(
            "SELECT at, gateway, citizen_id, event, detail FROM audit_log ORDER BY id DESC",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(AuditEntry {
                at: row.get(0)?,
                gateway: row.get(1)?,
                citizen_id: row.get(2)?,
                event: row.get(3)?,
                detail: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Moves the write-ahead log into the database file and truncates it.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.db
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .optional()?;
        Ok(())
    }

    /// Whether SQLite's integrity check passes.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn integrity_ok(&self) -> Result<bool, StoreError> {
        let result: String = self
            .db
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        Ok(result == "ok")
    }
}

fn audit(
    db: &Connection,
    now: i64,
    account: Option<(&str, &str)>,
    event: &str,
    detail: &str,
) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO audit_log (at, gateway, citizen_id, event, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![now, account.map(|a| a.0), account.map(|a| a.1), event, detail],
    )?;
    Ok(())
}
