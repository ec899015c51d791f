//! Reading a document: files by short identifier or SELECT, chunked within what the link and
//! secure messaging allow, with progress, and the orchestration of a full read (with the chip
//! authenticity check) or a probe, and the verdict on what was read.

mod chip_check;
mod document;
mod file;
mod progress;
mod verification;

pub use chip_check::{ChipCheck, ChipMethod};
pub use document::{CardRead, ProbeResult, ReadOptions, SessionReport, probe, read_document};
pub use file::{FILE_SIZE_CAP, FileReader, PartialFile, max_plain_response};
pub use progress::{NoProgress, ReadEvent, ReadListener, ReadPhase};
pub use verification::{ChipStatus, Verification, chip_status, key_file, verify_read};
