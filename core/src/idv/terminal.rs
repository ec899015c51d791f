//! The gateway's side of Chip Authentication through the app: an ephemeral key on the chip
//! key's parameters from the passively authenticated DG14, SELECT DG1 and READ BINARY protected
//! under the keys only the gateway and the genuine chip can derive, and the check of the relayed
//! answers — their MACs, and DG1 equal to the evidence's. A copied dump cannot answer: it lacks
//! the chip's private key. The keys live only in the terminal, zeroized when it is dropped.

use super::relay::{RELAY_VERSION, RelayAnswer, RelayRequest};
use crate::apdu::{CommandApdu, ResponseApdu};
use crate::chip::{chip_authentication_choice, terminal_key_agreement};
use crate::crypto::SmCipher;
use crate::lds::parse_dg14;
use crate::sm::{SecureMessaging, SessionKeys, Ssc};
use subtle::ConstantTimeEq;
use thiserror::Error;
use zeroize::Zeroizing;

/// DG1's file identifier.
const DG1_FID: [u8; 2] = [0x01, 0x01];

/// Why Chip Authentication through the app could not start or did not prove the chip.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RelayRefusal {
    /// DG14 offers no Chip Authentication this side runs.
    #[error("the chip offers no Chip Authentication the gateway runs: {0}")]
    Unavailable(String),
    /// The answers are not the chip's under the agreed keys (a clone, a dump, or tampering).
    #[error("the chip did not answer under the agreed keys: {0}")]
    NotProven(String),
    /// The chip refused a protected command.
    #[error("the chip refused a protected command (status {0:04X})")]
    Refused(u16),
    /// The chip's DG1 is not the evidence's.
    #[error("the chip's DG1 differs from the evidence")]
    Dg1Differs,
}

impl RelayRefusal {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unavailable(_) => "chip_authentication_unavailable",
            Self::NotProven(_) | Self::Refused(_) => "chip_authentication_failed",
            Self::Dg1Differs => "chip_data_mismatch",
        }
    }
}

/// One Chip Authentication the gateway runs through the app, between its request and the
/// relayed answers.
pub struct RelayTerminal {
    keys: SessionKeys,
    cipher: SmCipher,
    commands: Vec<CommandApdu>,
    dg1: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for RelayTerminal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelayTerminal")
            .field("cipher", &self.cipher)
            .field("commands", &self.commands.len())
            .finish_non_exhaustive()
    }
}

impl RelayTerminal {
    /// Starts Chip Authentication with the chip whose passively authenticated `dg14` and `dg1`
    /// the evidence carries; answers the terminal and the request for the app.
    ///
    /// # Errors
    /// [`RelayRefusal::Unavailable`] when DG14 offers nothing this side runs.
    pub fn start(dg14: &[u8], dg1: &[u8]) -> Result<(Self, RelayRequest), RelayRefusal> {
        let unavailable = |why: String| RelayRefusal::Unavailable(why);
        let infos = parse_dg14(dg14).map_err(|e| unavailable(e.to_string()))?;
        let choice = chip_authentication_choice(&infos)
            .ok_or_else(|| unavailable("no supported ChipAuthenticationInfo".into()))?;
        if dg1.is_empty() || dg1.len() > 256 {
            return Err(unavailable("DG1 does not fit one READ BINARY".into()));
        }
        let (terminal_key, keys) =
            terminal_key_agreement(&choice).map_err(|e| unavailable(e.to_string()))?;
        let commands = vec![
            CommandApdu::new(0x00, 0xA4, 0x02, 0x0C).with_data(DG1_FID.to_vec()),
            CommandApdu::new(0x00, 0xB0, 0x00, 0x00).with_le(dg1.len()),
        ];
        let mut ssc = Ssc::zero(choice.cipher);
        let mut protected = Vec::with_capacity(commands.len());
        for command in &commands {
            let sealed = SecureMessaging::new(keys.clone(), ssc.clone())
                .protect(command)
                .map_err(|e| unavailable(e.to_string()))?
                .encode(false)
                .map_err(|e| unavailable(e.to_string()))?;
            protected.push(sealed);
            ssc.increment();
            ssc.increment();
        }
        let request = RelayRequest {
            v: RELAY_VERSION,
            protocol: choice.protocol,
            key_id: choice.key.key_id,
            terminal_key,
            commands: protected,
        };
        let terminal = Self {
            keys,
            cipher: choice.cipher,
            commands,
            dg1: Zeroizing::new(dg1.to_vec()),
        };
        Ok((terminal, request))
    }

    /// Checks the relayed answers: each verifies under the agreed keys in turn, succeeds, and
    /// the DG1 read equals the evidence's. Spends the terminal.
    ///
    /// # Errors
    /// The [`RelayRefusal`] that applies.
    pub fn finish(self, answer: &RelayAnswer) -> Result<(), RelayRefusal> {
        if answer.responses.len() != self.commands.len() {
            return Err(RelayRefusal::NotProven(format!(
                "{} answers to {} commands",
                answer.responses.len(),
                self.commands.len()
            )));
        }
        let mut sm = SecureMessaging::new(self.keys.clone(), Ssc::zero(self.cipher));
        let mut last = Zeroizing::new(Vec::new());
        for (command, raw) in self.commands.iter().zip(&answer.responses) {
            sm.protect(command)
                .map_err(|e| RelayRefusal::NotProven(e.to_string()))?;
            let response = ResponseApdu::decode(raw)
                .ok_or_else(|| RelayRefusal::NotProven("an answer without status word".into()))?;
            let plain = sm
                .unprotect(&response)
                .map_err(|e| RelayRefusal::NotProven(e.to_string()))?;
            if !plain.sw.is_success() {
                return Err(RelayRefusal::Refused(plain.sw.0));
            }
            last = Zeroizing::new(plain.data);
        }
        let same = last.len() == self.dg1.len() && bool::from(last.ct_eq(self.dg1.as_slice()));
        if !same {
            return Err(RelayRefusal::Dg1Differs);
        }
        Ok(())
    }
}
