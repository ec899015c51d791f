//! Device keys on top of the [`KeyStore`](crate::ports::KeyStore) port: signing that checks the
//! platform's signature against the key registered with the gateway, and a software key store
//! (encrypted at rest) for the desktop CLI and tests.

mod checked;
mod software;

pub use checked::{DeviceKeyError, sign_checked};
pub use software::SoftwareKeyStore;
