-- Chip Authentication through the app: a verification whose chip has no Active Authentication
-- waits in state 'relaying' while the app carries the gateway's protected commands to the chip.
-- SQLite cannot widen a CHECK constraint in place, so the table is rebuilt (nothing refers to it).
CREATE TABLE id_verifications_new (
    id TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('phone', 'device_transfer')),
    secret_hash BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'open'
        CHECK (state IN ('open', 'challenged', 'checking', 'relaying', 'proven', 'done', 'refused')),
    challenge BLOB,
    chip_presence TEXT,
    refusal TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
INSERT INTO id_verifications_new
    SELECT id, account_id, purpose, secret_hash, state, challenge, chip_presence, refusal,
           created_at, expires_at
    FROM id_verifications;
DROP TABLE id_verifications;
ALTER TABLE id_verifications_new RENAME TO id_verifications;
CREATE INDEX id_verifications_by_account ON id_verifications (account_id, created_at);
