-- Accounts, sessions, second factors, registered devices and the signed-request replay cache.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    citizen_id TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 1,
    phone TEXT,
    two_factor INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

-- Failed password logins per citizen id, known or not, so unknown ids lock out exactly as real ones.
CREATE TABLE login_failures (
    citizen_id TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    locked_until INTEGER
);

-- Password attempts per client address, for throttling on top of the per-account lockout.
CREATE TABLE address_attempts (
    address TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX address_attempts_by_address ON address_attempts (address, at);

CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    password_at INTEGER,
    second_factor_at INTEGER
);

CREATE TABLE sms_codes (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    session_hash BLOB NOT NULL,
    phone TEXT NOT NULL,
    code_hash BLOB NOT NULL,
    sent_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    wrong_entries INTEGER NOT NULL DEFAULT 0,
    spent INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sms_codes_by_account ON sms_codes (account_id, sent_at);
CREATE INDEX sms_codes_by_phone ON sms_codes (phone, sent_at);

-- Messages the gateway would send by SMS; read by tests and by the CLI through the dev endpoint.
CREATE TABLE sms_outbox (
    id INTEGER PRIMARY KEY,
    phone TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at INTEGER NOT NULL
);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    at INTEGER NOT NULL
);

CREATE TABLE registration_tokens (
    token_hash BLOB PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    session_hash BLOB NOT NULL,
    nonce TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    spent INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    possession_key_id TEXT NOT NULL UNIQUE,
    possession_spki BLOB NOT NULL,
    user_key_id TEXT NOT NULL UNIQUE,
    user_spki BLOB NOT NULL,
    protection_level TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    rotated_at INTEGER
);

-- Nonces of accepted signed requests, kept until the request's expiry.
CREATE TABLE seen_nonces (
    nonce TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
);

-- The gateway's own signing keys (public part; the private key lives in the key file), with
-- the window in which each is valid, so a rotation overlaps.
CREATE TABLE gateway_keys (
    key_id TEXT PRIMARY KEY,
    spki BLOB NOT NULL,
    valid_from INTEGER NOT NULL,
    valid_until INTEGER
);
