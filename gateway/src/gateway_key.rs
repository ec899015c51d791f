//! The gateway's own P-256 signing key (for the contexts it signs): loaded from, or created in,
//! a PKCS#8 key file readable only by its owner; its public part and validity are recorded in
//! the database, and devices pin it by key id at registration.

use egate_core::login::PublicKey;
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
