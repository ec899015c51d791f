//! Before access control: EF.CardAccess (found from whichever dedicated file the platform left
//! selected) and EF.ATR/INFO, whose extended-length information bounds every later read.

use super::FileReader;
use crate::apdu::{CommandApdu, StatusWord};
use crate::card::{CardError, CardSession, ExtendedLengthInfo, parse_atr_info};
use crate::lds::ElementaryFile;

/// What reading EF.CardAccess gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum CardAccessFile {
    /// The file's content.
    Present(Vec<u8>),
    /// File not found: the chip has no PACE.
    Absent,
    /// Refused with another status: whether the chip offers PACE is unknown.
    Unreadable(StatusWord),
}

/// Reads EF.CardAccess. By short file identifier first, which works from the master file a
/// power-up selects; when that finds nothing (a platform that preselected the eMRTD
/// application, as iOS does), selects the master file and tries once more.
pub(super) fn read_card_access(
    session: &mut CardSession,
    reader: &mut FileReader,
    select_master_first: bool,
    progress: &mut dyn FnMut(usize, Option<usize>),
) -> Result<CardAccessFile, CardError> {
    if select_master_first {
        select_master_file(session)?;
        reader.forget_selection();
    }
    let file = ElementaryFile::CardAccess;
    let first = reader.read(session, file, progress);
    let result = match first {
        Err(CardError::FileNotFound(_)) if !select_master_first => {
            select_master_file(session)?;
            reader.forget_selection();
            reader.read(session, file, progress)
        }
        other => other,
    };
    match result {
        Ok(bytes) => Ok(CardAccessFile::Present(bytes)),
        Err(CardError::FileNotFound(_)) => Ok(CardAccessFile::Absent),
        Err(CardError::Status { sw, .. }) => Ok(CardAccessFile::Unreadable(sw)),
        Err(e) => Err(e),
    }
}

/// SELECT the master file: explicitly by 3F00, or with an empty command where a chip refuses
/// that.
fn select_master_file(session: &mut CardSession) -> Result<(), CardError> {
    let explicit = CommandApdu::new(0x00, 0xA4, 0x00, 0x0C).with_data([0x3F, 0x00]);
    if !session.transmit(&explicit)?.sw.is_success() {
        session.transmit(&CommandApdu::new(0x00, 0xA4, 0x00, 0x0C))?;
    }
    Ok(())
}

/// The extended-length information of EF.ATR/INFO, read from the master file before access
/// control; `None` when the chip has no such file or states nothing.
pub(super) fn read_atr_info(
    session: &mut CardSession,
    reader: &mut FileReader,
) -> Result<Option<ExtendedLengthInfo>, CardError> {
    match reader.read(session, ElementaryFile::AtrInfo, &mut |_, _| {}) {
        Ok(bytes) => Ok(parse_atr_info(&bytes)),
        Err(CardError::Transport(e)) => Err(CardError::Transport(e)),
        Err(CardError::Cancelled) => Err(CardError::Cancelled),
        Err(_) => Ok(None),
    }
}
