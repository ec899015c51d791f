//! Device keys on top of the [`KeyStore`](crate::ports::KeyStore) port: signing that checks the
//! platform's signature against the key registered with the gateway, a software key store
//! (encrypted at rest) for the desktop CLI, and an in-memory one for the apps' demo mode and
//! tests.

mod checked;
mod memory;
mod software;

pub use checked::{DeviceKeyError, sign_checked};
pub use memory::MemoryKeyStore;
pub use software::SoftwareKeyStore;
