//! Read progress: the phases of a read, events per phase and in bytes, and a listener the
//! shells and the CLI implement.

use crate::apdu::StatusWord;
use crate::lds::ElementaryFile;

/// A phase of a read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadPhase {
    /// Reading EF.CardAccess (and EF.ATR/INFO) to learn the chip's protocols and lengths.
    CardAccess,
    /// Running BAC or PACE.
    AccessControl,
    /// Confirming that a card presented again is the document the read began with.
    ConfirmingDocument,
    /// Chip Authentication with the DG14 key.
    ChipAuthentication,
    /// Active Authentication with the DG15 key.
    ActiveAuthentication,
    /// Reading one file.
    File(ElementaryFile),
}

/// A progress event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadEvent {
    /// A phase began.
    Started(ReadPhase),
    /// Bytes of a file read so far, and its length once known.
    Bytes {
        /// The file.
        file: ElementaryFile,
        /// Bytes read so far.
        done: usize,
        /// Total length, once the file's header has been read.
        total: Option<usize>,
    },
    /// A phase ended successfully.
    Finished(ReadPhase),
    /// The same read continues over a new connection (the card was presented again).
    Resumed {
        /// The connection's number, 2 for the first reconnection.
        connection: u32,
    },
    /// The chip refused a read's length; the read continues with a smaller one (after running
    /// access control again when the refusal ended secure messaging).
    LengthReduced {
        /// The chip's answer.
        status: StatusWord,
    },
}

/// Receives progress events; called on the reading thread, so it must return quickly.
pub trait ReadListener {
    /// One event.
    fn on_event(&self, event: ReadEvent);
}

/// A listener that ignores every event.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl ReadListener for NoProgress {
    fn on_event(&self, _: ReadEvent) {}
}

/// Where a read stands, across every connection it has used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadProgress {
    /// Files read completely.
    pub files_done: usize,
    /// Files the read plans to read, once known (from EF.SOD or EF.COM).
    pub files_planned: Option<usize>,
    /// Bytes of files held, complete or partial.
    pub bytes_done: usize,
    /// Connections used (1 until the card is presented again).
    pub connections: u32,
    /// Times access control ran again on a connection (after a refusal ended secure messaging)
    /// or on a new one.
    pub reauthentications: u32,
}
