-- Backup codes: ten per account, each in its own slot (the slot's digit leads the code, so a
-- check costs one hash), kept only as Argon2id hashes, used at most once; and the wrong entries
-- that rate-limit guessing.
CREATE TABLE backup_codes (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    slot INTEGER NOT NULL,
    hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (account_id, slot)
);

CREATE TABLE backup_code_failures (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    at INTEGER NOT NULL
);
CREATE INDEX backup_code_failures_by_account ON backup_code_failures (account_id, at);
