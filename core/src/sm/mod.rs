//! ICAO 9303-11 secure messaging: session keys and send sequence counter, command protection
//! and response verification for 3DES and AES-128/192/256.

mod keys;
mod protect;
mod unprotect;

#[cfg(test)]
mod tests;

pub use keys::{SessionKeys, Ssc};
pub use unprotect::SmError;

use crate::apdu::{CommandApdu, ResponseApdu};
use crate::crypto::SmCipher;

/// An established secure-messaging channel as seen from the terminal (PCD).
///
/// Every protected command and its response advance the send sequence counter by one each.
/// Keys and counter are zeroized when the channel is dropped.
#[derive(Debug)]
pub struct SecureMessaging {
    keys: SessionKeys,
    ssc: Ssc,
}

impl SecureMessaging {
    /// A channel with the given session keys and initial send sequence counter.
    pub fn new(keys: SessionKeys, ssc: Ssc) -> Self {
        Self { keys, ssc }
    }

    /// The channel's cipher suite.
    pub fn cipher(&self) -> SmCipher {
        self.keys.cipher()
    }

    /// The current send sequence counter.
    pub fn ssc(&self) -> &Ssc {
        &self.ssc
    }

    /// Protects a plain command, advancing the counter.
    pub fn protect(&mut self, command: &CommandApdu) -> Result<CommandApdu, SmError> {
        self.ssc.increment();
        protect::protect(&self.keys, &self.ssc, command)
    }

    /// Verifies and decrypts a protected response, advancing the counter. The MAC is checked
    /// before anything is decrypted.
    pub fn unprotect(&mut self, response: &ResponseApdu) -> Result<ResponseApdu, SmError> {
        self.ssc.increment();
        unprotect::unprotect(&self.keys, &self.ssc, response)
    }
}
