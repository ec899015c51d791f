//! Command dispatch: SELECT, READ BINARY (B0 and odd-INS B1, by SFI or current file), GET
//! CHALLENGE and EXTERNAL AUTHENTICATE, MSE:Set AT/KAT and GENERAL AUTHENTICATE (PACE and Chip
//! Authentication), INTERNAL AUTHENTICATE, with the access rules of an eMRTD.

use super::{Df, VirtualChip, active, bac, ca, pace};
use crate::profile::LeOverflow;
use egate_core::apdu::{CommandApdu, ResponseApdu, StatusWord};
use egate_core::lds::{EMRTD_AID, ElementaryFile};
use egate_core::tlv;

pub(super) fn dispatch(chip: &mut VirtualChip, command: &CommandApdu) -> ResponseApdu {
    match command.ins {
        0xA4 => select(chip, command),
        0xB0 | 0xB1 => read_binary(chip, command),
        0x84 | 0x82 if !chip.capabilities.bac => {
            ResponseApdu::status(StatusWord::SECURITY_STATUS_NOT_SATISFIED)
        }
        0x84 => bac::get_challenge(chip, command),
        0x82 => bac::external_authenticate(chip, command),
        0x88 => active::internal_authenticate(chip, command),
        0x22 if (command.p1, command.p2) == (0x41, 0xA6) => ca::set_kat(chip, command),
        0x22 if (command.p1, command.p2) == (0x41, 0xA4) => ca::set_at(chip, command),
        0x86 if chip.state.ca_pending.is_some() => ca::general_authenticate(chip, command),
        0x22 if !chip.pace.is_empty() => pace::set_authentication_template(chip, command),
        0x86 if !chip.pace.is_empty() => pace::general_authenticate(chip, command),
        _ => ResponseApdu::status(StatusWord::INS_NOT_SUPPORTED),
    }
}

fn file_in(
    df: Df,
    pick: impl Fn(ElementaryFile) -> bool,
    files: &[ElementaryFile],
) -> Option<ElementaryFile> {
    files
        .iter()
        .copied()
        .find(|f| f.in_master_file() == (df == Df::Master) && pick(*f))
}

fn select(chip: &mut VirtualChip, command: &CommandApdu) -> ResponseApdu {
    let ok = ResponseApdu::status(StatusWord::SUCCESS);
    match (command.p1, command.data.as_slice()) {
        (0x04, aid) if aid == EMRTD_AID => {
            chip.state.application = true;
            chip.state.current = None;
            ok
        }
        (0x00, [] | [0x3F, 0x00]) => {
            chip.state.application = false;
            chip.state.current = None;
            ok
        }
        (0x02, [hi, lo]) => {
            let fid = u16::from_be_bytes([*hi, *lo]);
            let files: Vec<ElementaryFile> = chip.files.keys().copied().collect();
            match file_in(chip.df(), |f| f.fid() == fid, &files) {
                Some(file) => {
                    chip.state.current = Some(file);
                    ok
                }
                None => ResponseApdu::status(StatusWord::FILE_NOT_FOUND),
            }
        }
        (0x00 | 0x02 | 0x04, _) => ResponseApdu::status(StatusWord::FILE_NOT_FOUND),
        _ => ResponseApdu::status(StatusWord::WRONG_P1P2),
    }
}

/// The offset of an odd-INS READ BINARY from DO'54'.
fn odd_offset(data: &[u8]) -> Option<usize> {
    let (item, _) = tlv::split_first(data).ok()?;
    (item.tag == 0x54 && !item.value.is_empty() && item.value.len() <= 3).then(|| {
        item.value
            .iter()
            .fold(0, |acc, b| (acc << 8) | usize::from(*b))
    })
}

fn read_binary(chip: &mut VirtualChip, command: &CommandApdu) -> ResponseApdu {
    let odd = command.ins == 0xB1;
    let (file, offset) = if !odd && command.p1 & 0x80 != 0 {
        if !chip.capabilities.sfi {
            return ResponseApdu::status(StatusWord::WRONG_LENGTH);
        }
        let sfi = command.p1 & 0x1F;
        let files: Vec<ElementaryFile> = chip.files.keys().copied().collect();
        match file_in(chip.df(), |f| f.sfi() == sfi, &files) {
            Some(file) => (file, usize::from(command.p2)),
            None => return ResponseApdu::status(StatusWord::FILE_NOT_FOUND),
        }
    } else {
        let Some(file) = chip.state.current else {
            return ResponseApdu::status(StatusWord(0x6986));
        };
        let offset = if odd {
            match odd_offset(&command.data) {
                Some(o) if command.p1 == 0 && command.p2 == 0 => o,
                _ => return ResponseApdu::status(StatusWord::WRONG_DATA),
            }
        } else {
            usize::from(u16::from_be_bytes([command.p1 & 0x7F, command.p2]))
        };
        (file, offset)
    };
    let readable = match file {
        ElementaryFile::CardAccess | ElementaryFile::AtrInfo => true,
        ElementaryFile::CardSecurity => chip.authenticated() && !chip.pace.is_empty(),
        _ => chip.authenticated(),
    };
    if !readable {
        return ResponseApdu::status(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    }
    chip.state.current = Some(file);
    let mut le = command.le.unwrap_or(256);
    if le > chip.capabilities.max_le {
        match chip.capabilities.le_overflow {
            LeOverflow::Cap => le = chip.capabilities.max_le,
            LeOverflow::WrongLength => return ResponseApdu::status(StatusWord::WRONG_LENGTH),
        }
    }
    let content = &chip.files[&file];
    if offset >= content.len() {
        return ResponseApdu::status(StatusWord::WRONG_PARAMETERS);
    }
    let room = if odd { le.saturating_sub(4) } else { le };
    let end = content.len().min(offset + room);
    let data = &content[offset..end];
    chip.served.push(super::Served {
        file,
        offset,
        len: data.len(),
        delivered: true,
    });
    let sw = if data.len() < room {
        StatusWord::END_OF_FILE
    } else {
        StatusWord::SUCCESS
    };
    if odd {
        ResponseApdu::new(tlv::encode(0x53, data), sw)
    } else {
        ResponseApdu::new(data, sw)
    }
}
