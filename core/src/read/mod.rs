//! Reading a document: files by short identifier or SELECT, chunked within what the link, the
//! chip and secure messaging allow, in the order verification needs them, with progress; a
//! read that survives the card leaving the field; a probe; and the verdict on what was read.

mod chip_check;
mod connect;
mod document;
mod file;
mod plan;
mod progress;
mod reader;
mod verification;

pub use chip_check::{ChipCheck, ChipMethod};
pub use document::{CardRead, ProbeResult, ReadOptions, SessionReport, probe, read_document};
pub use file::{
    FILE_SIZE_CAP, FileReader, PartialFile, ReadStrategy, length_refusal, max_plain_response,
    protected_response_len,
};
pub use plan::{Plan, plan_from_com, plan_from_sod};
pub use progress::{NoProgress, ReadEvent, ReadListener, ReadPhase, ReadProgress};
pub use reader::DocumentReader;
pub use verification::{ChipStatus, Verification, chip_status, key_file, verify_read};
