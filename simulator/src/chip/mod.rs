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
use crate::profile::{ChipCapabilities, Profile, SmOverflow};
use egate_core::apdu::{CommandApdu, ResponseApdu, StatusWord};
use egate_core::lds::ElementaryFile;
use egate_core::mrz::MrzKey;
use egate_core::read::max_plain_response;
use egate_core::tlv;
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

/// File bytes the chip sent in one READ BINARY answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    /// The file.
    pub file: ElementaryFile,
    /// Where the bytes start.
    pub offset: usize,
    /// How many.
    pub len: usize,
    /// Whether the answer reached the reader (not lost with the tag).
    pub delivered: bool,
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
    served: Vec<Served>,
}

/// The ATR a contactless ISO 14443-4 card presents through PC/SC (PC/SC part 3): 3B 8n 80 01,
/// the n historical bytes, and TCK.
fn contactless_atr(historical: &[u8]) -> Vec<u8> {
    let mut atr = vec![0x3B, 0x80 | (historical.len() as u8 & 0x0F), 0x80, 0x01];
    atr.extend_from_slice(historical);
    let tck = atr[1..].iter().fold(0, |x, b| x ^ b);
    atr.push(tck);
    atr
}

/// EF.ATR/INFO holding DO'7F66' with the two lengths.
fn atr_info_file(max_command: usize, max_response: usize) -> Vec<u8> {
    let integer = |n: usize| {
        let bytes = (n as u32).to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count().min(3);
        let mut value = bytes[skip..].to_vec();
        if value[0] & 0x80 != 0 {
            value.insert(0, 0);
        }
        tlv::encode(0x02, &value)
    };
    let mut value = integer(max_command);
    value.extend(integer(max_response));
    tlv::encode(0x7F66, &value)
}

impl VirtualChip {
    /// A chip holding the profile's document.
    pub fn new(profile: &Profile) -> Result<Self, ChipError> {
        let mut files = profile.document.build_files()?;
        if let Some(info) = profile.capabilities.atr_info {
            files.insert(
                ElementaryFile::AtrInfo,
                atr_info_file(info.max_command, info.max_response),
            );
        }
        Ok(Self {
            files,
            capabilities: profile.capabilities,
            key: MrzKey::from_mrz(&profile.document.mrz)?,
            can: profile.document.can.clone(),
            keys: profile.document.chip_keys()?,
            pace: profile.document.pace.clone(),
            state: Volatile::default(),
            served: Vec::new(),
        })
    }

    /// The files the chip holds.
    pub fn files(&self) -> &BTreeMap<ElementaryFile, Vec<u8>> {
        &self.files
    }

    /// Replaces (or adds) one file's content, e.g. to serve a malformed file.
    pub fn set_file(&mut self, file: ElementaryFile, content: Vec<u8>) {
        self.files.insert(file, content);
    }

    /// The answer to reset.
    pub fn atr(&self) -> Vec<u8> {
        contactless_atr(self.capabilities.historical_bytes)
    }

    /// The historical bytes of the ATR/ATS.
    pub fn historical_bytes(&self) -> &'static [u8] {
        self.capabilities.historical_bytes
    }

    /// Every READ BINARY answer's file bytes, in order, over all power cycles.
    pub fn served(&self) -> &[Served] {
        &self.served
    }

    /// Marks the answers served since the first `count` as lost with the tag.
    pub fn lose_answers_after(&mut self, count: usize) {
        for served in self.served.iter_mut().skip(count) {
            served.delivered = false;
        }
    }

    /// Whether secure messaging is up.
    pub fn secure_messaging_active(&self) -> bool {
        self.state.sm.is_some()
    }

    /// Advances the secure-messaging send sequence counter once out of turn (a fault); no
    /// effect without secure messaging.
    pub fn skip_sequence_number(&mut self) {
        if let Some(sm) = self.state.sm.as_mut() {
            sm.skip_sequence_number();
        }
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
        let mut response = self.answer(&plain, extended);
        let fits = max_plain_response(256, Some(sm.block_size()));
        if !extended && response.data.len() > fits && plain.ins == 0xB0 {
            match self.capabilities.sm_overflow {
                SmOverflow::Cap => response.data.truncate(fits),
                SmOverflow::EndOfFile => {
                    response.data.truncate(fits);
                    response.sw = StatusWord::END_OF_FILE;
                }
                SmOverflow::WrongLength => {
                    self.served.pop();
                    self.state.authenticated = false;
                    return status(StatusWord::WRONG_LENGTH);
                }
            }
            if let Some(last) = self.served.last_mut() {
                last.len = last.len.min(fits);
            }
        }
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
