-- Each gateway key after the first carries its predecessor's endorsement, so devices that
-- pinned an older key can follow a rotation.
ALTER TABLE gateway_keys ADD COLUMN endorsement BLOB;
