-- Login QR codes: each drawn code is bound to one pending challenge, lives 30 s (the page draws
-- a new one, revoking the last), keeps only the SHA-256 of its one-time secret, and is claimed
-- by at most one device of the challenge's account.
CREATE TABLE qr_codes (
    sid TEXT PRIMARY KEY,
    challenge_id TEXT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    secret_hash BLOB NOT NULL,
    expires_at INTEGER NOT NULL,
    claimed_by TEXT,
    claimed_at INTEGER
);
CREATE INDEX qr_codes_by_challenge ON qr_codes (challenge_id);
