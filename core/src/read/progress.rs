//! Read progress: the phases of a read and a listener the shells and the CLI implement.

use crate::lds::ElementaryFile;

/// A phase of a read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadPhase {
    /// Reading EF.CardAccess to learn the chip's protocols.
    CardAccess,
    /// Running BAC or PACE.
    AccessControl,
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
