//! Reading a document from the shells: a `CardReader` made from the card's CAN or MRZ data
//! reads over the platform's transport on a Rust-owned worker thread (the only thread that calls
//! `transceive`), reports progress to a foreign listener, survives the card leaving the field
//! (call `read` again with the new connection), and can be cancelled from any thread — the read
//! then ends with `Cancelled` before its next APDU.

use egate_core::access::{AccessKey, Can};
use egate_core::card::{CancelToken, CardError};
use egate_core::mrz::MrzKey;
use egate_core::passive::TrustStore;
use egate_core::ports::{Clock, FixedClock, SystemClock};
use egate_core::read::{DocumentReader, ReadEvent, ReadOptions, ReadPhase};
use std::sync::{Arc, Mutex};

use crate::card::{CardTransport, PlatformTransport};
use crate::document::{Document, document};

/// Why a read failed, as a shell acts on it.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum CardReadError {
    /// The CAN or MRZ data do not open this card: ask again.
    #[error("the card's access number or document data are wrong")]
    WrongCredentials,
    /// The input cannot be a CAN or MRZ data (nothing was sent).
    #[error("invalid input: {reason}")]
    InvalidInput {
        /// What is wrong.
        reason: String,
    },
    /// The card left the field: hold it again and call `read` with the new connection.
    #[error("the card was lost: {reason}")]
    CardLost {
        /// The transport's description.
        reason: String,
    },
    /// Another document was presented: the partial read was discarded.
    #[error("a different document was presented")]
    DifferentDocument,
    /// The read was cancelled.
    #[error("the read was cancelled")]
    Cancelled,
    /// The card answered in a way this reader cannot use.
    #[error("the card could not be read: {reason}")]
    Unreadable {
        /// What went wrong.
        reason: String,
    },
}

impl From<CardError> for CardReadError {
    fn from(error: CardError) -> Self {
        match error {
            CardError::AccessDenied { .. } => Self::WrongCredentials,
            CardError::Cancelled => Self::Cancelled,
            CardError::DifferentDocument(_) => Self::DifferentDocument,
            CardError::Mrz(e) => Self::InvalidInput {
                reason: e.to_string(),
            },
            lost if lost.is_link_loss() => Self::CardLost {
                reason: lost.to_string(),
            },
            other => Self::Unreadable {
                reason: other.to_string(),
            },
        }
    }
}

/// Why a listener call failed (the read goes on).
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum ListenerFailure {
    /// The listener threw.
    #[error("the listener failed: {reason}")]
    Failed {
        /// Its description.
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for ListenerFailure {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Failed {
            reason: error.reason,
        }
    }
}

/// One progress update.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReadUpdate {
    /// `started`, `finished`, `bytes`, `resumed` or `length_reduced`.
    pub kind: String,
    /// The phase: `card_access`, `access_control`, `confirming_document`,
    /// `chip_authentication`, `active_authentication`, or a file name such as `DG2`.
    pub phase: Option<String>,
    /// Bytes of the file read so far.
    pub bytes_done: u64,
    /// The file's length, once known.
    pub bytes_total: Option<u64>,
}

/// Receives progress on the read's worker thread; must return quickly.
#[uniffi::export(foreign)]
pub trait ReadListener: Send + Sync {
    /// One update.
    fn on_update(&self, update: ReadUpdate) -> Result<(), ListenerFailure>;
}

fn phase_name(phase: ReadPhase) -> String {
    match phase {
        ReadPhase::CardAccess => "card_access".into(),
        ReadPhase::AccessControl => "access_control".into(),
        ReadPhase::ConfirmingDocument => "confirming_document".into(),
        ReadPhase::ChipAuthentication => "chip_authentication".into(),
        ReadPhase::ActiveAuthentication => "active_authentication".into(),
        ReadPhase::File(file) => file.name().into(),
    }
}

fn update(event: ReadEvent) -> ReadUpdate {
    let plain = |kind: &str, phase: Option<String>| ReadUpdate {
        kind: kind.into(),
        phase,
        bytes_done: 0,
        bytes_total: None,
    };
    match event {
        ReadEvent::Started(phase) => plain("started", Some(phase_name(phase))),
        ReadEvent::Finished(phase) => plain("finished", Some(phase_name(phase))),
        ReadEvent::Bytes { file, done, total } => ReadUpdate {
            kind: "bytes".into(),
            phase: Some(file.name().into()),
            bytes_done: done as u64,
            bytes_total: total.map(|t| t as u64),
        },
        ReadEvent::Resumed { .. } => plain("resumed", None),
        ReadEvent::LengthReduced { .. } => plain("length_reduced", None),
    }
}

/// The foreign listener as the core's.
pub(crate) struct Forwarder(pub(crate) Option<Arc<dyn ReadListener>>);

impl egate_core::read::ReadListener for Forwarder {
    fn on_event(&self, event: ReadEvent) {
        if let Some(listener) = &self.0 {
            let _ = listener.on_update(update(event));
        }
    }
}

/// One document read, resumable across connections.
#[derive(Debug, uniffi::Object)]
pub struct CardReader {
    reader: Mutex<DocumentReader>,
    cancel: CancelToken,
    trust: Option<TrustStore>,
}

impl CardReader {
    fn new(key: AccessKey, trust_anchors: Vec<Vec<u8>>) -> Arc<Self> {
        let reader = DocumentReader::new(key, ReadOptions::default());
        let trust = (!trust_anchors.is_empty()).then(|| {
            let inputs = trust_anchors
                .into_iter()
                .enumerate()
                .map(|(i, bytes)| (format!("anchor-{i}"), bytes))
                .collect();
            TrustStore::from_inputs(inputs, &FixedClock(SystemClock.now_unix_seconds()))
        });
        Arc::new(Self {
            cancel: reader.cancel_token(),
            reader: Mutex::new(reader),
            trust,
        })
    }

    fn read_here(
        &self,
        transport: Arc<dyn CardTransport>,
        listener: Option<Arc<dyn ReadListener>>,
    ) -> Result<Document, CardReadError> {
        let mut reader = self.reader.lock().unwrap_or_else(|e| e.into_inner());
        let read = reader.read(Box::new(PlatformTransport(transport)), &Forwarder(listener))?;
        Ok(document(
            &read,
            self.trust.as_ref(),
            &FixedClock(SystemClock.now_unix_seconds()),
        ))
    }
}

#[uniffi::export]
impl CardReader {
    /// A read with the card access number printed on the card (PACE). `trust_anchors` are the
    /// CSCA certificates and master lists (DER or PEM) the document is checked against; none
    /// leaves passive authentication `not_performed`.
    ///
    /// # Errors
    /// [`CardReadError::InvalidInput`] when `can` is not digits.
    #[uniffi::constructor]
    pub fn with_can(can: String, trust_anchors: Vec<Vec<u8>>) -> Result<Arc<Self>, CardReadError> {
        let can = Can::new(&can).map_err(|e| CardReadError::InvalidInput {
            reason: e.to_string(),
        })?;
        Ok(Self::new(AccessKey::Can(can), trust_anchors))
    }

    /// A read with the document number, date of birth and date of expiry (YYMMDD) from the
    /// MRZ (BAC, or PACE with the MRZ).
    ///
    /// # Errors
    /// [`CardReadError::InvalidInput`] naming the field that cannot be right.
    #[uniffi::constructor]
    pub fn with_mrz(
        document_number: String,
        date_of_birth: String,
        date_of_expiry: String,
        trust_anchors: Vec<Vec<u8>>,
    ) -> Result<Arc<Self>, CardReadError> {
        let key =
            MrzKey::from_typed(&document_number, &date_of_birth, &date_of_expiry).map_err(|e| {
                CardReadError::InvalidInput {
                    reason: e.to_string(),
                }
            })?;
        Ok(Self::new(AccessKey::Mrz(key), trust_anchors))
    }

    /// Reads the document over `transport` on a Rust-owned worker thread, continuing where an
    /// earlier call stopped when the card was lost.
    ///
    /// # Errors
    /// [`CardReadError`].
    pub async fn read(
        self: Arc<Self>,
        transport: Arc<dyn CardTransport>,
        listener: Option<Arc<dyn ReadListener>>,
    ) -> Result<Document, CardReadError> {
        let (done, result) = tokio::sync::oneshot::channel();
        let this = Arc::clone(&self);
        std::thread::Builder::new()
            .name("egate-card-read".into())
            .spawn(move || {
                let _ = done.send(this.read_here(transport, listener));
            })
            .map_err(|e| CardReadError::Unreadable {
                reason: format!("no worker thread: {e}"),
            })?;
        result.await.unwrap_or_else(|_| {
            Err(CardReadError::Unreadable {
                reason: "the read's worker thread ended without an answer".into(),
            })
        })
    }

    /// Cancels the read from any thread: it ends with [`CardReadError::Cancelled`] before its
    /// next APDU.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }
}
