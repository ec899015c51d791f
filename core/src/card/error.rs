//! Typed errors of chip access, distinct for transport failures, card answers, secure
//! messaging, credentials and capabilities.

use crate::apdu::{EncodeError, StatusWord};
use crate::crypto::CryptoError;
use crate::mrz::MrzError;
use crate::pace::PaceError;
use crate::ports::TransportError;
use crate::sm::SmError;
use crate::tlv::TlvError;
use thiserror::Error;

/// Which password an access-control attempt used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PasswordKind {
    /// The MRZ-derived key (document number, date of birth, date of expiry).
    Mrz,
    /// The card access number printed on the card.
    Can,
}

impl PasswordKind {
    /// `MRZ` or `CAN`.
    pub fn name(self) -> &'static str {
        match self {
            PasswordKind::Mrz => "MRZ",
            PasswordKind::Can => "CAN",
        }
    }
}

/// A failure while talking to a chip.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CardError {
    /// The link to the card failed (tag lost, timeout, I/O).
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// Secure messaging failed; the secure channel is closed.
    #[error("secure messaging failed: {0}")]
    SecureMessaging(#[from] SmError),
    /// The chip refused the password.
    #[error("the chip refused the {} password", password.name())]
    AccessDenied {
        /// The password that was tried.
        password: PasswordKind,
    },
    /// A CAN was given for a chip that offers only BAC, which needs the MRZ.
    #[error("a CAN works only with PACE, and this chip offers only BAC")]
    CanRequiresPace,
    /// EF.CardAccess exists but cannot be read, so whether the chip offers PACE is unknown;
    /// running BAC anyway could be a downgrade, so it needs the caller's explicit allowance.
    #[error(
        "EF.CardAccess cannot be read (status {0}), so it is unknown whether the chip offers PACE"
    )]
    CardAccessUnreadable(StatusWord),
    /// PACE failed: nothing offered can run here, or the chip sent something invalid.
    #[error("PACE failed: {0}")]
    Pace(#[from] PaceError),
    /// A command the transport cannot carry (e.g. extended length on a short-only reader).
    #[error("the reader cannot carry this command: {0}")]
    UnsupportedByTransport(#[from] EncodeError),
    /// The chip answered a command with an unexpected status word.
    #[error("{command} failed with status {sw}")]
    Status {
        /// The command that failed.
        command: &'static str,
        /// The chip's status word.
        sw: StatusWord,
    },
    /// A file the reader needs does not exist on the chip.
    #[error("file {0} is not on the chip")]
    FileNotFound(&'static str),
    /// A file longer than the reader's size cap.
    #[error("file {file} is {size} bytes, above the cap of {cap}")]
    FileTooLarge {
        /// The file.
        file: &'static str,
        /// Its length as announced or read so far.
        size: usize,
        /// The cap.
        cap: usize,
    },
    /// Data from the chip that does not parse.
    #[error("the chip sent malformed data: {0}")]
    Malformed(&'static str),
    /// The chip answers with more status-word redirections (61xx/6Cxx) than allowed.
    #[error("the chip keeps redirecting {0} with 61xx/6Cxx")]
    EndlessRedirect(&'static str),
    /// Invalid MRZ input or MRZ data.
    #[error(transparent)]
    Mrz(#[from] MrzError),
    /// A cryptographic operation failed.
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    /// The caller cancelled the read; no further command was sent.
    #[error("the read was cancelled")]
    Cancelled,
    /// The card presented to continue a read is not the document the read began with; what was
    /// read of the first one has been discarded.
    #[error("this is not the document the read began with: {0}")]
    DifferentDocument(&'static str),
    /// Work that needs the finished read was asked for before the read finished.
    #[error("the read has not finished")]
    NotFinished,
    /// The chip kept failing reads after every fallback of length and access control.
    #[error("the chip kept failing {command} after every fallback (last status {sw})")]
    FallbacksExhausted {
        /// The command that kept failing.
        command: &'static str,
        /// The last status word.
        sw: StatusWord,
    },
}

impl CardError {
    /// Whether the link to the card failed, so that the same read can continue once the card
    /// is presented again.
    pub fn is_link_loss(&self) -> bool {
        matches!(self, CardError::Transport(_))
    }
}

impl From<TlvError> for CardError {
    fn from(_: TlvError) -> Self {
        CardError::Malformed("BER-TLV encoding")
    }
}
