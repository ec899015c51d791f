-- UnifiedPush subscriptions carry the keys their payloads are encrypted to (RFC 8291), and
-- every delivery's outcome is logged (no payload: the outcome, the provider kind, the time).
ALTER TABLE push_targets ADD COLUMN p256dh TEXT;
ALTER TABLE push_targets ADD COLUMN auth TEXT;

CREATE TABLE push_log (
    id INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX push_log_device ON push_log (device_id);
