//! Reading one elementary file: SFI or SELECT, odd-INS B1 beyond offset 32 767, the largest Le
//! whose protected response fits, the length from the TLV header (indefinite lengths read to
//! their end), a size cap, and continuation from a known offset.

use crate::apdu::{CommandApdu, ResponseApdu, StatusWord};
use crate::card::{CardError, CardSession};
use crate::lds::ElementaryFile;
use crate::tlv;

/// The largest file this reader accepts (512 KiB): above any real data group (a DG2 with
/// several images or a fingerprint DG3 stays well below), small enough to bound memory
/// against a hostile chip.
pub const FILE_SIZE_CAP: usize = 512 * 1024;

/// Highest offset READ BINARY (B0) can address in P1-P2.
const MAX_B0_OFFSET: usize = 0x7FFF;

/// A file read so far; reading continues from `data.len()`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartialFile {
    /// The bytes read so far.
    pub data: Vec<u8>,
    /// The file's length once known from its header.
    pub total: Option<usize>,
    /// Whether the whole file has been read.
    pub complete: bool,
}

/// The largest plaintext response body that fits `limit` response bytes, after secure
/// messaging with a cipher of `block_size` adds DO'87', DO'99' and DO'8E' (or no overhead
/// without secure messaging: `block_size` `None`).
pub fn max_plain_response(limit: usize, block_size: Option<usize>) -> usize {
    let Some(bs) = block_size else {
        return limit;
    };
    let protected_len = |n: usize| {
        let cryptogram = (n / bs + 1) * bs + 1;
        let len_len = match cryptogram {
            0..=127 => 1,
            128..=255 => 2,
            256..=65_535 => 3,
            _ => 4,
        };
        1 + len_len + cryptogram + 4 + 10
    };
    let mut n = limit;
    while n > 0 && protected_len(n) > limit {
        n -= 1;
    }
    n
}

/// Reads files of one chip session, remembering what the chip accepts.
#[derive(Debug, Clone)]
pub struct FileReader {
    sfi: bool,
    extended: bool,
    selected: Option<ElementaryFile>,
}

impl FileReader {
    /// A reader that tries short file identifiers and, where the transport allows, extended
    /// length; each is dropped for the session the first time the chip refuses it.
    pub fn new(session: &CardSession) -> Self {
        Self {
            sfi: true,
            extended: session.capabilities().extended_length,
            selected: None,
        }
    }

    /// Whether extended-length reads are in use.
    pub fn extended_length(&self) -> bool {
        self.extended
    }

    /// Forgets the current file selection (after selecting an application or the MF).
    pub fn forget_selection(&mut self) {
        self.selected = None;
    }

    /// Reads a whole file.
    pub fn read(
        &mut self,
        session: &mut CardSession,
        file: ElementaryFile,
        progress: &mut dyn FnMut(usize, Option<usize>),
    ) -> Result<Vec<u8>, CardError> {
        let mut partial = PartialFile::default();
        self.continue_read(session, file, &mut partial, progress)?;
        Ok(partial.data)
    }

    /// Continues reading `partial` from its current length until the file is complete.
    pub fn continue_read(
        &mut self,
        session: &mut CardSession,
        file: ElementaryFile,
        partial: &mut PartialFile,
        progress: &mut dyn FnMut(usize, Option<usize>),
    ) -> Result<(), CardError> {
        let name = file.name();
        while !partial.complete {
            if let Some(total) = partial.total
                && partial.data.len() >= total
            {
                partial.data.truncate(total);
                partial.complete = true;
                break;
            }
            let offset = partial.data.len();
            let max = self.max_chunk(session, offset);
            let want = partial.total.map_or(max, |t| max.min(t - offset));
            let response = self.read_chunk(session, file, offset, want)?;
            let at_end = match response.sw {
                StatusWord::SUCCESS => response.data.is_empty(),
                StatusWord::END_OF_FILE => true,
                StatusWord::WRONG_PARAMETERS if offset > 0 => true,
                StatusWord::WRONG_LENGTH if self.extended => {
                    self.extended = false;
                    continue;
                }
                StatusWord::FILE_NOT_FOUND => return Err(CardError::FileNotFound(name)),
                sw => {
                    return Err(CardError::Status {
                        command: "READ BINARY",
                        sw,
                    });
                }
            };
            partial.data.extend_from_slice(&response.data);
            if partial.total.is_none() {
                partial.total = tlv::total_length(&partial.data)?;
            }
            let size = partial.total.unwrap_or(partial.data.len());
            if size > FILE_SIZE_CAP {
                return Err(CardError::FileTooLarge {
                    file: name,
                    size,
                    cap: FILE_SIZE_CAP,
                });
            }
            progress(partial.data.len().min(size), partial.total);
            if at_end {
                match partial.total {
                    Some(total) if partial.data.len() >= total => {}
                    _ => {
                        return Err(CardError::Malformed(
                            "file ends before its announced length",
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Plaintext bytes one READ BINARY at `offset` can return.
    fn max_chunk(&self, session: &CardSession, offset: usize) -> usize {
        let caps = session.capabilities();
        let limit = if self.extended {
            caps.max_transceive.saturating_sub(2).min(65_536)
        } else {
            256
        };
        let block = session
            .secure_messaging()
            .map(|sm| sm.cipher().block_size());
        let plain = max_plain_response(limit, block);
        if offset > MAX_B0_OFFSET {
            plain.saturating_sub(4)
        } else {
            plain
        }
    }

    fn read_chunk(
        &mut self,
        session: &mut CardSession,
        file: ElementaryFile,
        offset: usize,
        want: usize,
    ) -> Result<ResponseApdu, CardError> {
        if self.sfi && offset <= 0xFF && self.selected != Some(file) {
            let command =
                CommandApdu::new(0x00, 0xB0, 0x80 | file.sfi(), offset as u8).with_le(want);
            let response = session.transmit(&command)?;
            if response.sw.is_success() || response.sw == StatusWord::END_OF_FILE {
                self.selected = Some(file);
                return Ok(response);
            }
            if response.sw == StatusWord::SECURITY_STATUS_NOT_SATISFIED {
                return Ok(response);
            }
            self.sfi = false;
        }
        self.select(session, file)?;
        if offset <= MAX_B0_OFFSET {
            let [p1, p2] = (offset as u16).to_be_bytes();
            return session.transmit(&CommandApdu::new(0x00, 0xB0, p1, p2).with_le(want));
        }
        let offset_bytes = offset.to_be_bytes();
        let skip = offset_bytes
            .iter()
            .take_while(|b| **b == 0)
            .count()
            .min(offset_bytes.len() - 2);
        let command = CommandApdu::new(0x00, 0xB1, 0x00, 0x00)
            .with_data(tlv::encode(0x54, &offset_bytes[skip..]))
            .with_le(want + 4);
        let response = session.transmit(&command)?;
        if response.data.is_empty() {
            return Ok(response);
        }
        let (wrapped, _) = tlv::split_first(&response.data)?;
        if wrapped.tag != 0x53 {
            return Err(CardError::Malformed(
                "odd-INS READ BINARY answer is not DO'53'",
            ));
        }
        Ok(ResponseApdu::new(wrapped.value, response.sw))
    }

    fn select(&mut self, session: &mut CardSession, file: ElementaryFile) -> Result<(), CardError> {
        if self.selected == Some(file) {
            return Ok(());
        }
        let command = CommandApdu::new(0x00, 0xA4, 0x02, 0x0C).with_data(file.fid().to_be_bytes());
        let response = session.transmit(&command)?;
        match response.sw {
            StatusWord::SUCCESS => {
                self.selected = Some(file);
                Ok(())
            }
            StatusWord::FILE_NOT_FOUND => Err(CardError::FileNotFound(file.name())),
            sw => Err(CardError::Status {
                command: "SELECT file",
                sw,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_responses_fit_short_apdus() {
        assert_eq!(max_plain_response(256, Some(16)), 223);
        assert_eq!(max_plain_response(256, Some(8)), 231);
        assert_eq!(max_plain_response(256, None), 256);
        let big = max_plain_response(65_536, Some(16));
        assert!(big > 65_000 && big < 65_536);
    }
}
