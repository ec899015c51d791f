//! A full document read and a probe: EF.CardAccess, access control, EF.COM, EF.SOD and every
//! data group the chip lists that basic access opens.

use super::chip_check::{ChipCheck, check_chip};
use super::{FileReader, ReadEvent, ReadListener, ReadPhase};
use crate::access::{AccessKey, AccessOutcome, AccessPolicy, establish};
use crate::apdu::{CommandApdu, StatusWord};
use crate::card::{CardError, CardSession};
use crate::lds::{Com, ElementaryFile, SecurityInfos, parse_dg1};
use crate::mrz::Mrz;
use crate::ports::CardTransport;
use std::collections::BTreeMap;

/// Options of a read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The access-control policy.
    pub policy: AccessPolicy,
    /// The Active Authentication challenge (e.g. a server nonce); random when `None`.
    pub active_authentication_challenge: Option<[u8; 8]>,
}

/// How the session went: protocol, cipher and traffic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionReport {
    /// What access control established.
    pub access: AccessOutcome,
    /// Command/response exchanges.
    pub apdus: u64,
    /// Bytes sent to the chip.
    pub bytes_sent: u64,
    /// Bytes received from the chip.
    pub bytes_received: u64,
    /// Whether extended-length reads were used.
    pub extended_length: bool,
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
    /// Data groups listed in EF.COM but not read because they need terminal authentication.
    pub skipped: Vec<ElementaryFile>,
    /// The chip authenticity check (CAM, CA or AA).
    pub chip: ChipCheck,
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

struct Opened {
    session: CardSession,
    reader: FileReader,
    card_access_bytes: Option<Vec<u8>>,
    card_access: Option<SecurityInfos>,
    access: AccessOutcome,
}

fn open(
    transport: Box<dyn CardTransport>,
    key: &AccessKey,
    options: &ReadOptions,
    listener: &dyn ReadListener,
) -> Result<Opened, CardError> {
    let mut session = CardSession::new(transport);
    let mut reader = FileReader::new(&session);
    listener.on_event(ReadEvent::Started(ReadPhase::CardAccess));
    let (card_access_bytes, unreadable) =
        match read_card_access(&mut session, &mut reader, listener)? {
            CardAccessFile::Present(bytes) => (Some(bytes), None),
            CardAccessFile::Absent => (None, None),
            CardAccessFile::Unreadable(sw) if options.policy.allow_bac_fallback => (None, Some(sw)),
            CardAccessFile::Unreadable(sw) => return Err(CardError::CardAccessUnreadable(sw)),
        };
    let card_access = match &card_access_bytes {
        Some(bytes) => Some(
            SecurityInfos::parse(bytes)
                .map_err(|_| CardError::Malformed("EF.CardAccess is not SecurityInfos"))?,
        ),
        None => None,
    };
    listener.on_event(ReadEvent::Finished(ReadPhase::CardAccess));
    listener.on_event(ReadEvent::Started(ReadPhase::AccessControl));
    let mut access = establish(&mut session, key, options.policy, card_access.as_ref())?;
    if unreadable.is_some() {
        // BAC ran without knowing whether the chip offers PACE: only the caller's allowance
        // made that acceptable, and the outcome says so.
        access.bac_fallback = true;
    }
    reader.forget_selection();
    listener.on_event(ReadEvent::Finished(ReadPhase::AccessControl));
    Ok(Opened {
        session,
        reader,
        card_access_bytes,
        card_access,
        access,
    })
}

/// What reading EF.CardAccess gave.
enum CardAccessFile {
    Present(Vec<u8>),
    /// File not found: the chip has no PACE.
    Absent,
    /// Refused with another status: whether the chip offers PACE is unknown.
    Unreadable(StatusWord),
}

/// Selects the master file and reads EF.CardAccess.
fn read_card_access(
    session: &mut CardSession,
    reader: &mut FileReader,
    listener: &dyn ReadListener,
) -> Result<CardAccessFile, CardError> {
    let explicit = CommandApdu::new(0x00, 0xA4, 0x00, 0x0C).with_data([0x3F, 0x00]);
    if !session.transmit(&explicit)?.sw.is_success() {
        session.transmit(&CommandApdu::new(0x00, 0xA4, 0x00, 0x0C))?;
    }
    reader.forget_selection();
    let file = ElementaryFile::CardAccess;
    let result = reader.read(session, file, &mut |done, total| {
        listener.on_event(ReadEvent::Bytes { file, done, total });
    });
    match result {
        Ok(bytes) => Ok(CardAccessFile::Present(bytes)),
        Err(CardError::FileNotFound(_)) => Ok(CardAccessFile::Absent),
        Err(CardError::Status { sw, .. }) => Ok(CardAccessFile::Unreadable(sw)),
        Err(e) => Err(e),
    }
}

fn report(opened: &Opened) -> SessionReport {
    let stats = opened.session.stats();
    SessionReport {
        access: opened.access.clone(),
        apdus: stats.apdus,
        bytes_sent: stats.bytes_sent,
        bytes_received: stats.bytes_received,
        extended_length: opened.reader.extended_length(),
    }
}

/// Opens the chip, reads EF.COM, EF.SOD and every data group EF.COM lists that basic access
/// control opens (DG3 and DG4 need terminal authentication and are skipped), then checks the
/// chip's authenticity (CAM, CA or AA).
pub fn read_document(
    transport: Box<dyn CardTransport>,
    key: &AccessKey,
    options: &ReadOptions,
    listener: &dyn ReadListener,
) -> Result<CardRead, CardError> {
    let mut opened = open(transport, key, options, listener)?;
    let mut files = BTreeMap::new();
    if let Some(bytes) = &opened.card_access_bytes {
        files.insert(ElementaryFile::CardAccess, bytes.clone());
    }
    let card_security = opened
        .access
        .pace
        .as_ref()
        .and_then(|p| p.card_security.clone());
    if let Some(bytes) = card_security {
        files.insert(ElementaryFile::CardSecurity, bytes);
    }
    let com_bytes = read_one(&mut opened, ElementaryFile::Com, listener)?;
    let com = Com::parse(&com_bytes).map_err(|_| CardError::Malformed("EF.COM"))?;
    files.insert(ElementaryFile::Com, com_bytes);
    let mut skipped = Vec::new();
    let mut wanted = vec![ElementaryFile::Sod];
    for dg in com.data_groups {
        if dg.needs_terminal_authentication() {
            skipped.push(dg);
        } else if !wanted.contains(&dg) {
            wanted.push(dg);
        }
    }
    for file in wanted {
        let bytes = read_one(&mut opened, file, listener)?;
        files.insert(file, bytes);
    }
    let dg1 = files
        .get(&ElementaryFile::Dg(1))
        .ok_or(CardError::FileNotFound("DG1"))?;
    let mrz = parse_dg1(dg1)?;
    let chip = check_chip(
        &mut opened.session,
        &opened.access,
        &files,
        options.active_authentication_challenge,
    )?;
    Ok(CardRead {
        mrz,
        session: report(&opened),
        files,
        card_access: opened.card_access,
        skipped,
        chip,
    })
}

fn read_one(
    opened: &mut Opened,
    file: ElementaryFile,
    listener: &dyn ReadListener,
) -> Result<Vec<u8>, CardError> {
    listener.on_event(ReadEvent::Started(ReadPhase::File(file)));
    let bytes = opened
        .reader
        .read(&mut opened.session, file, &mut |done, total| {
            listener.on_event(ReadEvent::Bytes { file, done, total });
        })?;
    listener.on_event(ReadEvent::Finished(ReadPhase::File(file)));
    Ok(bytes)
}

/// Runs access control only and reports EF.CardAccess and the session; works on cards
/// without the eMRTD application's files.
pub fn probe(
    transport: Box<dyn CardTransport>,
    key: &AccessKey,
    options: &ReadOptions,
    listener: &dyn ReadListener,
) -> Result<ProbeResult, CardError> {
    let opened = open(transport, key, options, listener)?;
    Ok(ProbeResult {
        session: report(&opened),
        card_access_bytes: opened.card_access_bytes,
        card_access: opened.card_access,
    })
}
