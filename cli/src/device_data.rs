//! This computer's device data for `egate device`, `egate 2fa`, `egate approvals` and `egate
//! qr`: the data directory, the software key store sealed under a key derived (Argon2id) from
//! $EGATE_PASSPHRASE, the local store, the HTTP client, the registered device opened from them,
//! and exit codes for gateway failures.

use argon2::Argon2;
use egate::clock::SystemClock;
use egate_core::client::ClientError;
use egate_core::keystore::{DeviceKeyError, SoftwareKeyStore};
use egate_core::net::{HttpClient, NetConfig, NetError};
use egate_core::ports::KeyStoreError;
use egate_core::store::{LocalStore, StoreError};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

use crate::args::AccountArgs;
use crate::exit::{FAILURE, Failure, WRONG_CREDENTIALS};

/// The gateway could not be reached.
pub(crate) const OFFLINE: u8 = 6;

/// The data directory: `--data-dir`, else $EGATE_DATA_DIR, else ~/.local/share/egate.
pub(crate) fn data_dir(given: Option<&Path>) -> Result<PathBuf, Failure> {
    if let Some(dir) = given {
        return Ok(dir.to_owned());
    }
    if let Some(dir) = std::env::var_os("EGATE_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".local/share/egate"))
        .ok_or_else(|| Failure::new(FAILURE, "set --data-dir or $EGATE_DATA_DIR"))
}

/// The sealed key store in `dir/keys`, its wrapping key derived from $EGATE_PASSPHRASE with the
/// directory's random salt.
pub(crate) fn key_store(dir: &Path) -> Result<SoftwareKeyStore, Failure> {
    let passphrase = Zeroizing::new(std::env::var("EGATE_PASSPHRASE").map_err(|_| {
        Failure::new(
            FAILURE,
            "set $EGATE_PASSPHRASE: it protects this device's keys",
        )
    })?);
    if passphrase.chars().count() < 8 {
        return Err(Failure::new(
            FAILURE,
            "$EGATE_PASSPHRASE needs at least 8 characters",
        ));
    }
    let keys_dir = dir.join("keys");
    let io = |e: std::io::Error| Failure::new(FAILURE, format!("{}: {e}", keys_dir.display()));
    std::fs::create_dir_all(&keys_dir).map_err(io)?;
    let salt_path = keys_dir.join("salt");
    let salt = match std::fs::read(&salt_path) {
        Ok(salt) => salt,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut salt = vec![0u8; 16];
            getrandom::fill(&mut salt).map_err(|e| Failure::new(FAILURE, e.to_string()))?;
            std::fs::write(&salt_path, &salt).map_err(io)?;
            salt
        }
        Err(e) => return Err(io(e)),
    };
    let mut wrapping = Zeroizing::new([0u8; 32]);
    Argon2::default()
        .hash_password_into(passphrase.as_bytes(), &salt, wrapping.as_mut())
        .map_err(|e| Failure::new(FAILURE, format!("key derivation: {e}")))?;
    SoftwareKeyStore::open(&keys_dir, &wrapping).map_err(|e| Failure::new(FAILURE, e.to_string()))
}

/// The local store in `dir/egate.db`.
pub(crate) fn local_store(dir: &Path) -> Result<LocalStore, Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::new(FAILURE, format!("{}: {e}", dir.display())))?;
    LocalStore::open(&dir.join("egate.db")).map_err(store_failure)
}

/// The HTTP client, with the account options' development root and pins.
pub(crate) fn http(args: &AccountArgs) -> Result<HttpClient, Failure> {
    let mut config = NetConfig::default();
    if let Some(path) = &args.dev_root {
        let bytes = std::fs::read(path)
            .map_err(|e| Failure::new(FAILURE, format!("{}: {e}", path.display())))?;
        config.dev_roots = certificates(&bytes).ok_or_else(|| {
            Failure::new(FAILURE, format!("{} holds no certificate", path.display()))
        })?;
    }
    for pin in &args.pin {
        config.spki_pins.push(parse_pin(pin).ok_or_else(|| {
            Failure::new(
                FAILURE,
                format!("--pin {pin:?} is not a SHA-256 in base64 or hex"),
            )
        })?);
    }
    HttpClient::new(&config).map_err(|e| Failure::new(FAILURE, e.to_string()))
}

/// The DER certificates in PEM or DER bytes.
fn certificates(bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    use base64ct::{Base64, Encoding};
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some(vec![bytes.to_vec()]);
    };
    if !text.contains("-----BEGIN CERTIFICATE-----") {
        return Some(vec![bytes.to_vec()]);
    }
    let blocks: Vec<Vec<u8>> = text
        .split("-----BEGIN CERTIFICATE-----")
        .skip(1)
        .filter_map(|block| block.split("-----END CERTIFICATE-----").next())
        .filter_map(|body| {
            let joined: String = body.split_whitespace().collect();
            Base64::decode_vec(&joined).ok()
        })
        .collect();
    (!blocks.is_empty()).then_some(blocks)
}

/// A SHA-256 pin given as hex (64 digits) or base64 (standard or URL-safe).
fn parse_pin(text: &str) -> Option<[u8; 32]> {
    use base64ct::{Base64, Base64Unpadded, Base64UrlUnpadded, Encoding};
    let bytes = hex::decode(text)
        .ok()
        .or_else(|| Base64::decode_vec(text).ok())
        .or_else(|| Base64Unpadded::decode_vec(text).ok())
        .or_else(|| Base64UrlUnpadded::decode_vec(text.trim_end_matches('=')).ok())?;
    bytes.try_into().ok()
}

pub(crate) fn store_failure(error: StoreError) -> Failure {
    Failure::new(FAILURE, error.to_string())
}

/// A gateway failure as an exit code and sentence.
pub(crate) fn client_failure(error: ClientError) -> Failure {
    let code = match &error {
        ClientError::Refused { code, .. }
            if matches!(code.as_str(), "invalid_credentials" | "sms_code_invalid") =>
        {
            WRONG_CREDENTIALS
        }
        ClientError::Net(NetError::Offline(_) | NetError::Timeout) => OFFLINE,
        _ => FAILURE,
    };
    let reason = match &error {
        ClientError::Key(DeviceKeyError::KeyStore(KeyStoreError::KeyInvalidated)) => {
            "this device's key cannot be opened: wrong $EGATE_PASSPHRASE, or the key was removed; `egate device transfer` registers this computer again with your ID card"
                .to_owned()
        }
        ClientError::Refused { message, .. } => message.clone(),
        other => other.to_string(),
    };
    Failure::new(code, reason)
}

/// This computer as the registered device of an account.
pub(crate) type ThisDevice = egate_core::client::ThisDevice<SoftwareKeyStore>;

/// Opens the device data of `account` and follows its gateway's key rotations.
pub(crate) async fn open_device(account: &AccountArgs) -> Result<ThisDevice, Failure> {
    let dir = data_dir(account.data_dir.as_deref())?;
    let keys = key_store(&dir)?;
    let store = local_store(&dir)?;
    let http = http(account)?;
    let registration = store
        .registration(account.gateway.trim_end_matches('/'), &account.account)
        .map_err(store_failure)?;
    let device = ThisDevice::open(keys, store, http, registration, &SystemClock)
        .await
        .map_err(client_failure)?;
    if let Some(newest) = &device.newly_pinned {
        eprintln!(
            "egate: the gateway rotated its key; now pinned {}",
            newest.key_id()
        );
    }
    Ok(device)
}

/// A single-threaded runtime for one command.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::new(FAILURE, e.to_string()))
}

/// Prints `value` with `--json`, else `text`.
pub(crate) fn print(account: &AccountArgs, value: &serde_json::Value, text: &str) {
    if account.json {
        println!("{value}");
    } else {
        println!("{text}");
    }
}
