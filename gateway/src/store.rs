//! The gateway's SQLite database: opened in WAL mode with foreign keys and secure delete, its
//! schema brought up to date by the numbered migrations (the migration runner is the core's).

use egate_core::store::migrate::{configure, migrate};
use rusqlite::Connection;
use std::path::Path;

use crate::error::GatewayError;

/// The schema migrations, in order; `PRAGMA user_version` counts the applied ones.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_accounts_devices.sql"),
    include_str!("../migrations/0002_gateway_key_endorsements.sql"),
    include_str!("../migrations/0003_challenges.sql"),
    include_str!("../migrations/0004_push.sql"),
    include_str!("../migrations/0005_push_providers.sql"),
    include_str!("../migrations/0006_qr_codes.sql"),
    include_str!("../migrations/0007_backup_codes.sql"),
    include_str!("../migrations/0008_id_verifications.sql"),
    include_str!("../migrations/0009_chip_authentication_relay.sql"),
];

/// Opens (creating if needed) the database at `path` and applies pending migrations.
///
/// # Errors
/// [`GatewayError::Store`] when SQLite fails.
pub fn open(path: &Path) -> Result<Connection, GatewayError> {
    let mut connection = Connection::open(path)?;
    configure(&connection)?;
    migrate(&mut connection, MIGRATIONS)?;
    Ok(connection)
}

/// An in-memory database with the full schema (tests, throwaway runs).
///
/// # Errors
/// [`GatewayError::Store`] when SQLite fails.
pub fn open_in_memory() -> Result<Connection, GatewayError> {
    let mut connection = Connection::open_in_memory()?;
    configure(&connection)?;
    migrate(&mut connection, MIGRATIONS)?;
    Ok(connection)
}

#[cfg(test)]
mod tests {
    use super::*;
    use egate_core::store::migrate::MigrationError;

    #[test]
    fn migrations_apply_once_and_a_newer_schema_is_refused() {
        let dir = std::env::temp_dir().join(format!("egate-gw-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("gateway.db");
        let _ = std::fs::remove_file(&path);
        drop(open(&path).unwrap());
        let again = open(&path).unwrap();
        let version: i64 = again
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, i64::try_from(MIGRATIONS.len()).unwrap());
        again.pragma_update(None, "user_version", 99).unwrap();
        drop(again);
        assert!(matches!(
            open(&path),
            Err(GatewayError::Migration(MigrationError::SchemaTooNew {
                found: 99,
                ..
            }))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
