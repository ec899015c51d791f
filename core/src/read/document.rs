//! What a read gives — the files, the chip check, the session figures — and the one-call
//! entry points: a full read and a probe (access control only).

use super::chip_check::ChipCheck;
use super::reader::DocumentReader;
use super::{ReadListener, ReadStrategy};
use crate::access::{AccessKey, AccessOutcome, AccessPolicy};
use crate::card::CardError;
use crate::chip::ActiveAuthentication;
use crate::lds::{ElementaryFile, SecurityInfos};
use crate::mrz::Mrz;
use crate::ports::CardTransport;
use std::collections::BTreeMap;

/// Options of a read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The access-control policy.
    pub policy: AccessPolicy,
    /// The Active Authentication challenge (e.g. a server nonce); random when `None`. When
    /// given, Active Authentication runs whenever the chip has DG15, even after CAM or CA.
    pub active_authentication_challenge: Option<[u8; 8]>,
    /// How files are fetched.
    pub strategy: ReadStrategy,
    /// Read only these of the files the document lists (DG1 and EF.SOD are always read), e.g.
    /// what an ID verification's evidence needs; `None` reads them all.
    pub only: Option<Vec<ElementaryFile>>,
}

/// How the session went: protocol, cipher and traffic, over every connection of the read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionReport {
    /// What access control established (on the last connection).
    pub access: AccessOutcome,
    /// Command/response exchanges.
    pub apdus: u64,
    /// Bytes sent to the chip.
    pub bytes_sent: u64,
    /// Bytes received from the chip.
    pub bytes_received: u64,
    /// Whether extended-length reads were used.
    pub extended_length: bool,
    /// The plaintext length the chip's refusals settled reads at, if it refused any.
    pub length_cap: Option<usize>,
    /// Connections used: more than one when the card was presented again.
    pub connections: u32,
    /// Times access control ran again after the first time.
    pub reauthentications: u32,
    /// File bytes fetched again that had been read before (to confirm the document).
    pub reread_bytes: u64,
}

/// The result of a full read.
#[derive(Debug, Clone)]
pub struct CardRead {
    /// The MRZ from DG1.
    pub mrz: Mrz,
    /// Every file read, as read.
    pub files: BTreeMap<ElementaryFile, Vec<u8>>,
    /// The parsed EF.CardAccess, when the chip has one.
    pub card_access: Option<SecurityInfos>,
    /// Data groups listed in EF.SOD or EF.COM but not read because they need terminal
    /// authentication.
    pub skipped: Vec<ElementaryFile>,
    /// The chip authenticity check (CAM, CA or AA).
    pub chip: ChipCheck,
    /// The chip's Active Authentication answer, whenever it gave one: also after CAM or CA
    /// when the options named a challenge (a server's, which needs the chip's own signature).
    pub active_authentication: Option<ActiveAuthentication>,
    /// The session.
    pub session: SessionReport,
}

/// The result of a probe: access control only.
#[derive(Debug, Clone)]
pub struct ProbeResult {
    /// EF.CardAccess as read, when present.
    pub card_access_bytes: Option<Vec<u8>>,
    /// Its parsed content.
    pub card_access: Option<SecurityInfos>,
    /// The session.
    pub session: SessionReport,
}

/// Opens the chip, reads DG14 and runs Chip Authentication, reads EF.SOD and every data group
/// it lists that basic access control opens (DG3 and DG4 need terminal authentication and are
/// skipped), running Active Authentication when neither CAM nor CA proved the chip. For a read
/// that survives the card leaving the field, use [`DocumentReader`].
pub fn read_document(
    transport: Box<dyn CardTransport>,
    key: &AccessKey,
    options: &ReadOptions,
    listener: &dyn ReadListener,
) -> Result<CardRead, CardError> {
    DocumentReader::new(key.clone(), options.clone()).read(transport, listener)
}

/// Runs access control only and reports EF.CardAccess and the session; works on cards
/// without the eMRTD application's files.
pub fn probe(
    transport: Box<dyn CardTransport>,
    key: &AccessKey,
    options: &ReadOptions,
    listener: &dyn ReadListener,
) -> Result<ProbeResult, CardError> {
    DocumentReader::new(key.clone(), options.clone()).probe(transport, listener)
}
