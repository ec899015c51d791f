-- Push and pull approval: one challenge per login awaiting the registered device, the waits
-- that grow after ignored or denied pushes, and the "this wasn't me" block.
CREATE TABLE challenges (
    id TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    session_hash BLOB NOT NULL,
    code_hash BLOB NOT NULL,
    context BLOB NOT NULL,
    context_signature BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    wrong_codes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX challenges_by_account ON challenges (account_id, state);

CREATE TABLE approval_backoff (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    strikes INTEGER NOT NULL,
    last_strike_at INTEGER NOT NULL
);

ALTER TABLE accounts ADD COLUMN reported_at INTEGER;
