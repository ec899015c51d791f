//! The app's local store (SQLite, WAL, secure delete, numbered migrations): gateways and their
//! pinned keys, accounts (several per phone), this device's registration per account, and an
//! audit log the user can read. Private keys never enter it: registrations name key-store
//! labels and hold public keys only.

mod local;
pub mod migrate;

pub use local::{AuditEntry, LocalStore, Registration, StoreError};
