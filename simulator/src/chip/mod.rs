//! The virtual chip: file system and access rules, BAC, PACE, Chip and Active Authentication,
//! secure messaging and the capability switches of its profile, answering raw command APDUs with raw
//! responses.

mod active;
mod bac;
mod ca;
mod commands;
mod pace;
mod secure;

use crate::document::{BuildError, ChipKeys, PaceOffering};
use crate::profile::{ChipCapabilities, Profile};
use egate_core::apdu::{CommandApdu, ResponseApdu, StatusWord};
use egate_core::lds::ElementaryFile;
use egate_core::mrz::MrzKey;
use secure::ChipSecureMessaging;
use std::collections::BTreeMap;
use thiserror::Error;

/// A profile that cannot become a chip.
#[derive(Debug, Error)]
pub enum ChipError {
    /// The document's files failed to build.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// The document's MRZ gives no access key.
    #[error("the document's MRZ is not a valid key: {0}")]
    Key(#[from] egate_core::mrz::MrzError),
}

/// The selected dedicated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Df {
    Master,
    Application,
}

/// Everything a power cycle resets.
#[derive(Debug, Default)]
struct Volatile {
    application: bool,
    current: Option<ElementaryFile>,
    challenge: Option<[u8; 8]>,
    sm: Option<ChipSecureMessaging>,
    authenticated: bool,
    pace: Option<pace::PaceState>,
    ca_pending: Option<egate_core::crypto::SmCipher>,
}

/// A simulated eMRTD chip.
#[derive(Debug)]
pub struct VirtualChip {
    files: BTreeMap<ElementaryFile, Vec<u8>>,
    capabilities: ChipCapabilities,
    key: MrzKey,
    can: String,
    keys: ChipKeys,
    pace: Vec<PaceOffering>,
    state: Volatile,
}

/// The ATR a contactless ISO 14443-4 card presents through PC/SC without historical bytes.
const ATR: [u8; 5] = [0x3B, 0x80, 0x80, 0x01, 0x01];

impl VirtualChip {
    /// A chip holding the profile's document.
    pub fn new(profile: &Profile) -> Result<Self, ChipError> {
        Ok(Self {
            files: profile.document.build_files()?,
            capabilities: profile.capabilities,
            key: MrzKey::from_mrz(&profile.document.mrz)?,
            can: profile.document.can.clone(),
            keys: profile.document.chip_keys()?,
            pace: profile.document.pace.clone(),
            state: Volatile::default(),
        })
    }

    /// The files the chip holds.
    pub fn files(&self) -> &BTreeMap<ElementaryFile, Vec<u8>> {
        &self.files
    }

    /// The answer to reset.
    pub fn atr(&self) -> &[u8] {
        &ATR
    }

    /// Power cycle: selection, challenge and secure messaging are lost.
    pub fn reset(&mut self) {
        self.state = Volatile::default();
    }

    /// Answers one raw command APDU.
    pub fn process(&mut self, raw: &[u8]) -> Vec<u8> {
        let extended = raw.len() >= 7 && raw[4] == 0;
        let Some(command) = CommandApdu::decode(raw) else {
            return status(StatusWord::WRONG_LENGTH);
        };
        let Some(mut sm) = self.state.sm.take() else {
            if command.cla & 0x0C != 0 {
                return status(StatusWord::SM_NOT_SUPPORTED);
            }
            return self.answer(&command, extended).encode();
        };
        if command.cla & 0x0C != 0x0C {
            self.state.authenticated = false;
            return status(StatusWord::SM_OBJECTS_MISSING);
        }
        let Some(plain) = sm.unwrap_command(&command) else {
            self.state.authenticated = false;
            return status(StatusWord::SM_OBJECTS_INCORRECT);
        };
        let response = self.answer(&plain, extended);
        let protected = sm.wrap_response(&response, plain.ins & 1 == 1);
        if self.state.sm.is_none() {
            self.state.sm = Some(sm);
        }
        protected
    }

    fn answer(&mut self, command: &CommandApdu, extended: bool) -> ResponseApdu {
        if extended && !self.capabilities.extended_length {
            return ResponseApdu::status(StatusWord::WRONG_LENGTH);
        }
        commands::dispatch(self, command)
    }

    fn df(&self) -> Df {
        if self.state.application {
            Df::Application
        } else {
            Df::Master
        }
    }

    fn authenticated(&self) -> bool {
        self.state.authenticated
    }
}

fn status(sw: StatusWord) -> Vec<u8> {
    sw.to_bytes().to_vec()
}
