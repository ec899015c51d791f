-- ID verifications: the citizen proves with their chip document that they hold it, to mark
-- their phone number "verified with ID" or to move their account to a new phone. Only the
-- SHA-256 of the bearer secret (shown in the QR code or given to the app) is kept; the 8-byte
-- Active Authentication challenge is issued once and spent by the first evidence sent.
CREATE TABLE id_verifications (
    id TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('phone', 'device_transfer')),
    secret_hash BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'open'
        CHECK (state IN ('open', 'challenged', 'checking', 'proven', 'done', 'refused')),
    challenge BLOB,
    chip_presence TEXT,
    refusal TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX id_verifications_by_account ON id_verifications (account_id, created_at);

ALTER TABLE accounts ADD COLUMN phone_verified_with_id_at INTEGER;
