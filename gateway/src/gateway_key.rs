//! The gateway's own P-256 signing key (for the contexts it signs): loaded from, or created in,
//! a PKCS#8 key file readable only by its owner; its public part and validity are recorded in
//! the database, and devices pin it by key id at registration. A rotation endorses the new key
//! with the old one and keeps the old one valid through an overlap period.

use base64ct::{Base64UrlUnpadded, Encoding};
use egate_core::login::PublicKey;
use egate_core::login::gateway_keys::{KeyEndorsement, PublishedKey};
use p256::ecdsa::SigningKey;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use rusqlite::{Connection, params};
use std::path::Path;

use crate::error::GatewayError;
use crate::secrets::random_bytes;

/// The gateway's signing key with its public key.
#[derive(Debug)]
pub struct GatewayKey {
    signing: SigningKey,
    public: PublicKey,
}

impl GatewayKey {
    /// Loads the key in `path`, or creates it there (mode 0600) when the file does not exist.
    ///
    /// # Errors
    /// [`GatewayError::Internal`] when the file cannot be read, written or parsed.
    pub fn load_or_create(path: &Path) -> Result<Self, GatewayError> {
        let io = |e: std::io::Error| GatewayError::Internal(format!("{}: {e}", path.display()));
        let signing = if path.exists() {
            let der = std::fs::read(path).map_err(io)?;
            SigningKey::from_pkcs8_der(&der)
                .map_err(|e| GatewayError::Internal(format!("{}: {e}", path.display())))?
        } else {
            let signing = generate()?;
            let der = signing
                .to_pkcs8_der()
                .map_err(|e| GatewayError::Internal(e.to_string()))?;
            write_private(path, der.as_bytes()).map_err(io)?;
            signing
        };
        Self::from_signing(signing)
    }

    /// A fresh key held only in memory (tests, throwaway gateways).
    ///
    /// # Errors
    /// [`GatewayError::Internal`].
    pub fn ephemeral() -> Result<Self, GatewayError> {
        Self::from_signing(generate()?)
    }

    fn from_signing(signing: SigningKey) -> Result<Self, GatewayError> {
        let spki = signing
            .verifying_key()
            .to_public_key_der()
            .map_err(|e| GatewayError::Internal(e.to_string()))?;
        let public = PublicKey::from_spki_der(spki.as_bytes())?;
        Ok(Self { signing, public })
    }

    /// The public key devices pin.
    pub fn public(&self) -> &PublicKey {
        &self.public
    }

    /// The signing key.
    pub fn signing(&self) -> &SigningKey {
        &self.signing
    }

    /// Records the public key as valid from `now` (once).
    ///
    /// # Errors
    /// [`GatewayError::Store`].
    pub fn record(&self, db: &Connection, now: i64) -> Result<(), GatewayError> {
        db.execute(
            "INSERT INTO gateway_keys (key_id, spki, valid_from) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
            params![self.public.key_id(), self.public.spki_der(), now],
        )?;
        Ok(())
    }
}

/// Rotates from `current` to `next` at `now`: `current` endorses `next` for `audience`, stays
/// valid for `overlap_secs` more, and `next` is recorded as valid from `now`.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn rotate(
    db: &mut Connection,
    current: &GatewayKey,
    next: &GatewayKey,
    audience: &str,
    now: i64,
    overlap_secs: i64,
) -> Result<(), GatewayError> {
    use p256::ecdsa::DerSignature;
    use p256::ecdsa::signature::Signer;
    let statement = KeyEndorsement::new(audience, next.public(), now);
    let endorsement: DerSignature = current.signing.sign(&statement.canonical());
    let transaction = db.transaction()?;
    current.record(&transaction, now)?;
    transaction.execute(
        "UPDATE gateway_keys SET valid_until = ?2 WHERE key_id = ?1 AND valid_until IS NULL",
        params![current.public.key_id(), now + overlap_secs],
    )?;
    transaction.execute(
        "INSERT INTO gateway_keys (key_id, spki, valid_from, endorsement) VALUES (?1, ?2, ?3, ?4)",
        params![
            next.public.key_id(),
            next.public.spki_der(),
            now,
            endorsement.as_bytes()
        ],
    )?;
    transaction.commit()?;
    Ok(())
}

/// The published keys, oldest first.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn published(db: &Connection) -> Result<Vec<PublishedKey>, GatewayError> {
    let mut statement = db.prepare(
        "SELECT key_id, spki, valid_from, valid_until, endorsement FROM gateway_keys
         ORDER BY valid_from, rowid",
    )?;
    let rows = statement.query_map([], |row| {
        let spki: Vec<u8> = row.get(1)?;
        let endorsement: Option<Vec<u8>> = row.get(4)?;
        Ok(PublishedKey {
            key_id: row.get(0)?,
            public_key: Base64UrlUnpadded::encode_string(&spki),
            valid_from: row.get(2)?,
            valid_until: row.get(3)?,
            endorsement: endorsement.map(|e| Base64UrlUnpadded::encode_string(&e)),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Writes `key` to `path` (mode 0600), replacing the file there atomically.
///
/// # Errors
/// [`GatewayError::Internal`].
pub fn replace_file(key: &GatewayKey, path: &Path) -> Result<(), GatewayError> {
    let io = |e: std::io::Error| GatewayError::Internal(format!("{}: {e}", path.display()));
    let der = key
        .signing
        .to_pkcs8_der()
        .map_err(|e| GatewayError::Internal(e.to_string()))?;
    let staging = path.with_extension("rotating");
    let _ = std::fs::remove_file(&staging);
    write_private(&staging, der.as_bytes()).map_err(io)?;
    std::fs::rename(&staging, path).map_err(io)
}

fn generate() -> Result<SigningKey, GatewayError> {
    loop {
        let mut scalar = random_bytes::<32>()?;
        let key = SigningKey::from_slice(&scalar);
        zeroize::Zeroize::zeroize(&mut scalar);
        if let Ok(key) = key {
            return Ok(key);
        }
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}
