//! Numbered SQLite schema migrations, shared by the app's local store and the gateway: each
//! migration runs once, in its own transaction, counted by `PRAGMA user_version`.

use rusqlite::Connection;

/// Why migrating failed.
#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    /// SQLite failed.
    #[error("database failure: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database was written by newer software.
    #[error("the database schema version {found} is newer than the {known} known here")]
    SchemaTooNew {
        /// The database's `user_version`.
        found: i64,
        /// The number of migrations known here.
        known: usize,
    },
}

/// Configures `connection` (WAL, foreign keys, secure delete, a busy timeout).
///
/// # Errors
/// [`MigrationError::Sqlite`].
pub fn configure(connection: &Connection) -> Result<(), MigrationError> {
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    connection.pragma_update(None, "secure_delete", "ON")?;
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// Applies the migrations of `migrations` the database has not seen yet.
///
/// # Errors
/// [`MigrationError`].
pub fn migrate(connection: &mut Connection, migrations: &[&str]) -> Result<(), MigrationError> {
    let applied: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let done = usize::try_from(applied).unwrap_or(usize::MAX);
    if done > migrations.len() {
        return Err(MigrationError::SchemaTooNew {
            found: applied,
            known: migrations.len(),
        });
    }
    for (index, migration) in migrations.iter().enumerate().skip(done) {
        let transaction = connection.transaction()?;
        transaction.execute_batch(migration)?;
        transaction.pragma_update(None, "user_version", i64::try_from(index + 1).unwrap_or(0))?;
        transaction.commit()?;
    }
    Ok(())
}
