//! Reading one elementary file: SFI or SELECT, odd-INS B1 beyond offset 32 767, the largest Le
//! whose protected response fits what the link and the chip allow, the length from the TLV
//! header (indefinite lengths read to their end), a size cap, a fallback ladder of smaller
//! lengths on refusals, and continuation from a known offset.

use crate::apdu::{CommandApdu, ResponseApdu, StatusWord};
use crate::card::{CardError, CardSession, ExtendedLengthInfo};
use crate::lds::ElementaryFile;
use crate::sm::SmError;
use crate::tlv;

/// The largest file this reader accepts (512 KiB): above any real data group (a DG2 with
/// several images or a fingerprint DG3 stays well below), small enough to bound memory
/// against a hostile chip.
pub const FILE_SIZE_CAP: usize = 512 * 1024;

/// Highest offset READ BINARY (B0) can address in P1-P2.
const MAX_B0_OFFSET: usize = 0x7FFF;

/// Plaintext lengths tried, in order, after a short read is refused: the values that made
/// chips in the field answer (Spanish and Argentinian IDs at 160, Ukrainian at 192).
const LENGTH_LADDER: [usize; 6] = [192, 160, 128, 96, 64, 32];

/// Consecutive answers without data (6Cxx corrections, refusals) tolerated for one file.
const MAX_FRUITLESS_ANSWERS: usize = 16;

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

/// How files are fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReadStrategy {
    /// The fewest round trips: SFI reads, a first read that takes the header with as much data
    /// as fits, the largest Le whose protected response fits, extended length where both ends
    /// allow it.
    #[default]
    Planned,
    /// A fixed-chunk reader as most open-source readers are: SELECT by file identifier, a
    /// `header`-byte first read, then `chunk`-byte reads, short APDUs only.
    Fixed {
        /// Plaintext bytes asked for by each read after the first.
        chunk: usize,
        /// Bytes asked for by the first read.
        header: usize,
    },
}

/// The largest plaintext response body that fits `limit` response bytes, after secure
/// messaging with a cipher of `block_size` adds DO'87', DO'99' and DO'8E' (or no overhead
/// without secure messaging: `block_size` `None`).
pub fn max_plain_response(limit: usize, block_size: Option<usize>) -> usize {
    let Some(bs) = block_size else {
        return limit;
    };
    let mut n = limit;
    while n > 0 && protected_response_len(n, bs) > limit {
        n -= 1;
    }
    n
}

/// The protected response body for `plain` bytes under a cipher of `block_size`: DO'87' with
/// the padded cryptogram, DO'99' and DO'8E'.
pub fn protected_response_len(plain: usize, block_size: usize) -> usize {
    let cryptogram = (plain / block_size + 1) * block_size + 1;
    let len_len = match cryptogram {
        0..=127 => 1,
        128..=255 => 2,
        256..=65_535 => 3,
        _ => 4,
    };
    1 + len_len + cryptogram + 4 + 10
}

/// The status of a read the chip refused because of its length (6700, 6B00, 6282 without data,
/// 63Cx, 6F00), whether answered under secure messaging or — ending it — without.
pub fn length_refusal(error: &CardError) -> Option<StatusWord> {
    let sw = match error {
        CardError::Status {
            command: "READ BINARY",
            sw,
        } => *sw,
        CardError::SecureMessaging(SmError::UnprotectedStatus(sw)) => *sw,
        _ => return None,
    };
    is_length_refusal(sw).then_some(sw)
}

fn is_length_refusal(sw: StatusWord) -> bool {
    matches!(sw.0, 0x6700 | 0x6B00 | 0x6282 | 0x6F00) || sw.0 & 0xFFF0 == 0x63C0
}

/// Reads files of one chip, remembering across sessions what the chip accepts: short file
/// identifiers, extended length and the largest working length.
#[derive(Debug, Clone)]
pub struct FileReader {
    strategy: ReadStrategy,
    sfi: bool,
    extended: bool,
    response_limit: usize,
    cap: Option<usize>,
    selected: Option<ElementaryFile>,
}

impl FileReader {
    /// A planned reader that tries short file identifiers and, where the transport allows,
    /// extended length; each is dropped for the session the first time the chip refuses it.
    pub fn new(session: &CardSession) -> Self {
        Self::with_strategy(session, ReadStrategy::Planned)
    }

    /// A reader following `strategy`.
    pub fn with_strategy(session: &CardSession, strategy: ReadStrategy) -> Self {
        let caps = session.capabilities();
        let planned = strategy == ReadStrategy::Planned;
        Self {
            strategy,
            sfi: planned,
            extended: planned && caps.extended_length,
            response_limit: caps.max_transceive.saturating_sub(2).clamp(256, 65_536),
            cap: None,
            selected: None,
        }
    }

    /// Applies what the chip states about lengths before access control: DO'7F66' of
    /// EF.ATR/INFO bounds every response; without it, the card-capabilities byte of the
    /// historical bytes says whether to try extended length at all.
    pub fn apply_chip_lengths(
        &mut self,
        info: Option<ExtendedLengthInfo>,
        historical: Option<bool>,
    ) {
        if !self.extended {
            return;
        }
        match (info, historical) {
            (Some(info), _) => {
                let limit = info.max_response.saturating_sub(2);
                if limit <= 256 {
                    self.extended = false;
                } else {
                    self.response_limit = self.response_limit.min(limit);
                }
            }
            (None, Some(false)) => self.extended = false,
            _ => {}
        }
    }

    /// Whether extended-length reads are in use.
    pub fn extended_length(&self) -> bool {
        self.extended
    }

    /// The plaintext cap the fallback ladder settled on, if any.
    pub fn length_cap(&self) -> Option<usize> {
        self.cap
    }

    /// Forgets the current file selection (after selecting an application or the MF, or on a
    /// new session).
    pub fn forget_selection(&mut self) {
        self.selected = None;
    }

    /// One step down the ladder after the chip refused a read's length: extended to short, then
    /// smaller short lengths. `false` when nothing smaller is left to try.
    pub fn step_down(&mut self, session: &CardSession) -> bool {
        if self.extended {
            self.extended = false;
            return true;
        }
        let current = self.cap.unwrap_or_else(|| self.max_short_plain(session));
        match LENGTH_LADDER.iter().find(|n| **n < current) {
            Some(next) => {
                self.cap = Some(*next);
                true
            }
            None => false,
        }
    }

    /// Reads a whole file.
    pub fn read(
        &mut self,
        session: &mut CardSession,
        file: ElementaryFile,
        progress: &mut dyn FnMut(usize, Option<usize>),
    ) -> Result<Vec<u8>, CardError> {
        let mut partial = PartialFile::default();
        loop {
            match self.continue_read(session, file, &mut partial, progress) {
                Ok(()) => return Ok(partial.data),
                Err(error) => match length_refusal(&error) {
                    Some(_) if !error_ended_sm(&error) => {
                        if !self.step_down(session) {
                            return Err(error);
                        }
                    }
                    _ => return Err(error),
                },
            }
        }
    }

    /// Continues reading `partial` from its current length until the file is complete. On an
    /// error, what was read stays in `partial`.
    pub fn continue_read(
        &mut self,
        session: &mut CardSession,
        file: ElementaryFile,
        partial: &mut PartialFile,
        progress: &mut dyn FnMut(usize, Option<usize>),
    ) -> Result<(), CardError> {
        let name = file.name();
        // EF.ATR/INFO is a run of data objects without an outer one: read to its end.
        let framed = file != ElementaryFile::AtrInfo;
        let mut fruitless = 0;
        while !partial.complete {
            if let Some(total) = partial.total
                && partial.data.len() >= total
            {
                partial.data.truncate(total);
                partial.complete = true;
                break;
            }
            if fruitless > MAX_FRUITLESS_ANSWERS {
                return Err(CardError::EndlessRedirect("READ BINARY"));
            }
            let offset = partial.data.len();
            let want = self.chunk_len(session, offset, partial.total);
            let mut response = self.read_chunk(session, file, offset, want)?;
            response.data.truncate(want);
            let short_of_total = partial
                .total
                .is_some_and(|t| offset + response.data.len() < t);
            let at_end = match response.sw {
                StatusWord::SUCCESS => {
                    response.data.is_empty() || (!framed && response.data.len() < want)
                }
                StatusWord::END_OF_FILE if !response.data.is_empty() => !short_of_total,
                StatusWord::WRONG_PARAMETERS if offset > 0 && partial.total.is_none() => true,
                StatusWord::WRONG_LENGTH if self.extended => {
                    self.extended = false;
                    fruitless += 1;
                    continue;
                }
                sw if sw.exact_length_expected().is_some() => {
                    let exact = sw.exact_length_expected().unwrap_or(want);
                    self.cap = Some(exact.min(want).max(1));
                    fruitless += 1;
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
            fruitless = 0;
            partial.data.extend_from_slice(&response.data);
            if partial.total.is_none() && framed {
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
                    None if !framed => partial.complete = true,
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

    /// Plaintext bytes to ask for at `offset` of a file of length `total` (when known).
    fn chunk_len(&self, session: &CardSession, offset: usize, total: Option<usize>) -> usize {
        let max = match self.strategy {
            ReadStrategy::Planned => self.max_chunk(session, offset),
            ReadStrategy::Fixed { header, .. } if offset == 0 => header,
            ReadStrategy::Fixed { chunk, .. } => chunk,
        };
        let max = self.cap.map_or(max, |cap| max.min(cap));
        total.map_or(max, |t| max.min(t - offset)).max(1)
    }

    /// The largest plaintext one short protected (or plain) READ BINARY returns.
    fn max_short_plain(&self, session: &CardSession) -> usize {
        let block = session
            .secure_messaging()
            .map(|sm| sm.cipher().block_size());
        max_plain_response(256, block)
    }

    /// Plaintext bytes one READ BINARY at `offset` can return.
    fn max_chunk(&self, session: &CardSession, offset: usize) -> usize {
        let limit = if self.extended {
            self.response_limit
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
            if response.sw.is_success()
                || response.sw == StatusWord::END_OF_FILE
                || response.sw.exact_length_expected().is_some()
            {
                self.selected = Some(file);
                return Ok(response);
            }
            let extended_refused = self.extended && response.sw == StatusWord::WRONG_LENGTH;
            if extended_refused
                || matches!(
                    response.sw,
                    StatusWord::SECURITY_STATUS_NOT_SATISFIED | StatusWord::FILE_NOT_FOUND
                )
            {
                return Ok(response);
            }
            // Anything else (6700, 6A86, 6986, …) may mean the chip takes no short file
            // identifiers: SELECT from now on; a length refusal shows again there.
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

/// Whether the chip's refusal came unprotected, which ended secure messaging.
fn error_ended_sm(error: &CardError) -> bool {
    matches!(
        error,
        CardError::SecureMessaging(SmError::UnprotectedStatus(_))
    )
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
        assert_eq!(protected_response_len(223, 16), 242);
    }

    #[test]
    fn length_refusals_are_recognised_protected_or_not() {
        let protected = CardError::Status {
            command: "READ BINARY",
            sw: StatusWord(0x63CF),
        };
        assert_eq!(length_refusal(&protected), Some(StatusWord(0x63CF)));
        let unprotected =
            CardError::SecureMessaging(SmError::UnprotectedStatus(StatusWord(0x6700)));
        assert_eq!(length_refusal(&unprotected), Some(StatusWord::WRONG_LENGTH));
        let denied = CardError::Status {
            command: "READ BINARY",
            sw: StatusWord::SECURITY_STATUS_NOT_SATISFIED,
        };
        assert_eq!(length_refusal(&denied), None);
        let other_command = CardError::Status {
            command: "SELECT file",
            sw: StatusWord::WRONG_LENGTH,
        };
        assert_eq!(length_refusal(&other_command), None);
    }
}
