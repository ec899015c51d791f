-- The app's local store: gateways (with the pinned gateway key), accounts on them, this
-- device's registration per account, and the audit log the user can read.
CREATE TABLE gateways (
    origin TEXT PRIMARY KEY,
    pinned_key_id TEXT,
    pinned_key_spki BLOB,
    added_at INTEGER NOT NULL
);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    gateway TEXT NOT NULL REFERENCES gateways (origin) ON DELETE CASCADE,
    citizen_id TEXT NOT NULL,
    UNIQUE (gateway, citizen_id)
);

CREATE TABLE registrations (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    device_name TEXT NOT NULL,
    possession_label TEXT NOT NULL,
    possession_key_spki BLOB NOT NULL,
    user_label TEXT NOT NULL,
    user_key_spki BLOB NOT NULL,
    protection_level TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    rotated_at INTEGER
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    gateway TEXT,
    citizen_id TEXT,
    event TEXT NOT NULL,
    detail TEXT NOT NULL
);
