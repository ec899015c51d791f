-- Where each device wants its pushes, and the development outbox of sent pushes (each carries
-- only an opaque challenge id).
CREATE TABLE push_targets (
    device_id TEXT PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    address TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE push_outbox (
    id INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    address TEXT NOT NULL,
    payload TEXT NOT NULL,
    sent_at INTEGER NOT NULL
);
