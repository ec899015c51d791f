//! Card transport over PC/SC (pcsc-lite on Linux, the system service elsewhere): reader
//! discovery, connection to the card in a reader, and APDU exchange for the core's
//! [`CardTransport`] port.

use std::ffi::{CStr, CString};
use std::fmt;
use std::time::Duration;

use egate_core::ports::{CardTransport, TransportCapabilities, TransportError};
use pcsc::{Card, Context, Protocol, Protocols, ReaderState, Scope, ShareMode, State};
use thiserror::Error;
use tracing::{debug, trace};

/// Why the PC/SC service, a reader or a card could not be reached.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PcscError {
    /// The PC/SC service is not running (`SCARD_E_NO_SERVICE`, `SCARD_E_SERVICE_STOPPED`).
    #[error("the PC/SC service is not running (on Linux, start pcscd)")]
    NoService,
    /// The service runs but knows no reader (`SCARD_E_NO_READERS_AVAILABLE` or an empty list).
    #[error("no smart-card reader is connected")]
    NoReaders,
    /// No card is in the reader(s) (`SCARD_E_NO_SMARTCARD`, `SCARD_W_REMOVED_CARD`).
    #[error("no card is present in the reader")]
    NoCard,
    /// No reader matches the name the user gave.
    #[error("no reader matches {0:?}")]
    ReaderNotFound(String),
    /// The name the user gave is part of several reader names.
    #[error("{query:?} matches several readers: {}", candidates.join(", "))]
    AmbiguousReader {
        /// The text the user gave.
        query: String,
        /// Every reader whose name contains it.
        candidates: Vec<String>,
    },
    /// Any other PC/SC failure, with the service's description.
    #[error("PC/SC failure: {0}")]
    Other(String),
}

impl From<pcsc::Error> for PcscError {
    fn from(err: pcsc::Error) -> Self {
        match err {
            pcsc::Error::NoService | pcsc::Error::ServiceStopped => Self::NoService,
            pcsc::Error::NoReadersAvailable => Self::NoReaders,
            pcsc::Error::NoSmartcard | pcsc::Error::RemovedCard => Self::NoCard,
            other => Self::Other(describe(other)),
        }
    }
}

/// Maps a failed exchange to the core's transport error.
///
/// A card that was pulled, reset by another process, or is no longer seen counts as lost; the
/// service's own timeout stays a timeout; everything else is reported as I/O with its text.
fn transport_error(err: pcsc::Error) -> TransportError {
    match err {
        pcsc::Error::RemovedCard | pcsc::Error::ResetCard | pcsc::Error::NoSmartcard => {
            TransportError::TagLost
        }
        pcsc::Error::Timeout => TransportError::Timeout,
        other => TransportError::Io(describe(other)),
    }
}

/// The service's description of an error, followed by its constant's name.
fn describe(err: pcsc::Error) -> String {
    format!("{err} ({err:?})")
}

/// Names of the readers the PC/SC service knows, in the service's order.
///
/// # Errors
/// [`PcscError::NoService`] when the service is not running, [`PcscError::NoReaders`] when it
/// knows no reader, [`PcscError::Other`] otherwise.
pub fn list_readers() -> Result<Vec<String>, PcscError> {
    let context = Context::establish(Scope::User)?;
    let names = reader_names(&context)?;
    Ok(names.iter().map(|name| lossy(name)).collect())
}

/// Waits up to `timeout` until the reader named `reader` (an exact name, or text that occurs in
/// exactly one reader's name) holds a card (`present`) or holds none (`!present`); answers
/// whether it does. A card the reader reports as mute counts as no card.
///
/// The service reports a card as present until it has seen it leave, so waiting for an empty
/// reader is how a caller knows that a card which was pulled is really gone.
///
/// # Errors
/// As [`PcscTransport::connect`] for the reader; [`PcscError::Other`] when the service fails.
pub fn wait_for_card(reader: &str, present: bool, timeout: Duration) -> Result<bool, PcscError> {
    let context = Context::establish(Scope::User)?;
    let names = reader_names(&context)?;
    let shown: Vec<String> = names.iter().map(|name| lossy(name)).collect();
    let name = names[pick_reader(&shown, reader)?].clone();
    let mut states = [ReaderState::new(name, State::UNAWARE)];
    let deadline = std::time::Instant::now() + timeout;
    loop {
        let remaining = deadline.saturating_duration_since(std::time::Instant::now());
        match context.get_status_change(remaining, &mut states) {
            Ok(()) => {}
            Err(pcsc::Error::Timeout) => return Ok(false),
            Err(other) => return Err(other.into()),
        }
        let event = states[0].event_state();
        let holds_card = event.contains(State::PRESENT) && !event.contains(State::MUTE);
        if holds_card == present {
            return Ok(true);
        }
        if remaining.is_zero() {
            return Ok(false);
        }
        states[0].sync_current_state();
    }
}

/// The readers of `context` as C strings (so they can be passed back to the service unchanged).
fn reader_names(context: &Context) -> Result<Vec<CString>, PcscError> {
    let names = context.list_readers_owned()?;
    if names.is_empty() {
        return Err(PcscError::NoReaders);
    }
    Ok(names)
}

fn lossy(name: &CStr) -> String {
    name.to_string_lossy().into_owned()
}

/// Index of the reader the user meant: an exact name, or else the one reader whose name contains
/// `query` (case-insensitively).
fn pick_reader(names: &[String], query: &str) -> Result<usize, PcscError> {
    if let Some(exact) = names.iter().position(|name| name == query) {
        return Ok(exact);
    }
    let needle = query.to_lowercase();
    let matches: Vec<usize> = names
        .iter()
        .enumerate()
        .filter(|(_, name)| name.to_lowercase().contains(&needle))
        .map(|(index, _)| index)
        .collect();
    match matches.as_slice() {
        [] => Err(PcscError::ReaderNotFound(query.to_owned())),
        [only] => Ok(*only),
        several => Err(PcscError::AmbiguousReader {
            query: query.to_owned(),
            candidates: several.iter().map(|&index| names[index].clone()).collect(),
        }),
    }
}

/// A shared connection to the card in one PC/SC reader.
///
/// The connection is made in shared mode, so other processes may talk to the same card between
/// two exchanges; the card is reset when the transport is dropped.
pub struct PcscTransport {
    card: Card,
    reader: String,
    atr: Vec<u8>,
    protocol: Option<Protocol>,
    /// Reused receive buffer of `pcsc::MAX_BUFFER_SIZE_EXTENDED` bytes; the used part is wiped
    /// after each exchange so responses do not linger in it.
    receive: Vec<u8>,
}

impl fmt::Debug for PcscTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PcscTransport")
            .field("reader", &self.reader)
            .field("atr", &hex(&self.atr))
            .field("protocol", &self.protocol)
            .finish_non_exhaustive()
    }
}

impl PcscTransport {
    /// Connects to the card in the reader named `reader` (an exact name, or text that occurs in
    /// exactly one reader's name), or with `None` to the card in the first reader that holds
    /// one. The connection is shared and accepts T=1 or T=0.
    ///
    /// # Errors
    /// [`PcscError::NoService`], [`PcscError::NoReaders`], [`PcscError::ReaderNotFound`] or
    /// [`PcscError::AmbiguousReader`] when the reader cannot be determined,
    /// [`PcscError::NoCard`] when it holds no card, [`PcscError::Other`] otherwise.
    pub fn connect(reader: Option<&str>) -> Result<Self, PcscError> {
        let context = Context::establish(Scope::User)?;
        let names = reader_names(&context)?;
        let (name, card) = match reader {
            Some(query) => {
                let shown: Vec<String> = names.iter().map(|name| lossy(name)).collect();
                let index = pick_reader(&shown, query)?;
                let name = &names[index];
                (name.as_c_str(), connect_card(&context, name)?)
            }
            None => first_card(&context, &names)?,
        };
        let reader = lossy(name);
        let status = card.status2_owned()?;
        let atr = status.atr().to_vec();
        let protocol = status.protocol2();
        debug!(reader = %reader, atr = %hex(&atr), ?protocol, "connected to card over PC/SC");
        Ok(Self {
            card,
            reader,
            atr,
            protocol,
            receive: vec![0; pcsc::MAX_BUFFER_SIZE_EXTENDED],
        })
    }

    /// The card's answer to reset as the reader reports it (for contactless cards, the reader
    /// builds it from the ATS or ATQB).
    pub fn atr(&self) -> &[u8] {
        &self.atr
    }

    /// The full name of the reader in use.
    pub fn reader_name(&self) -> &str {
        &self.reader
    }
}

fn connect_card(context: &Context, reader: &CStr) -> Result<Card, PcscError> {
    context
        .connect(reader, ShareMode::Shared, Protocols::ANY)
        .map_err(|err| match err {
            pcsc::Error::UnknownReader => PcscError::ReaderNotFound(lossy(reader)),
            other => PcscError::from(other),
        })
}

/// Connects to the card in the first reader (in the service's order) that reports one.
fn first_card<'n>(context: &Context, names: &'n [CString]) -> Result<(&'n CStr, Card), PcscError> {
    let mut states: Vec<ReaderState> = names
        .iter()
        .map(|name| ReaderState::new(name.clone(), State::UNAWARE))
        .collect();
    // With every state UNAWARE the service answers at once with the readers' present state.
    context.get_status_change(Duration::ZERO, &mut states)?;
    for (name, state) in names.iter().zip(&states) {
        let event = state.event_state();
        trace!(reader = %lossy(name), ?event, "reader state");
        if !event.contains(State::PRESENT) || event.contains(State::MUTE) {
            continue;
        }
        match connect_card(context, name) {
            Ok(card) => return Ok((name.as_c_str(), card)),
            // The card left between the status query and the connection: try the next reader.
            Err(PcscError::NoCard) => continue,
            Err(other) => return Err(other),
        }
    }
    Err(PcscError::NoCard)
}

/// PC/SC readers on a desktop carry extended-length APDUs.
///
/// This is an assumption, not something PC/SC reports: CCID readers in TPDU or extended-APDU
/// mode with T=1 (which contactless readers present to the host) pass commands and responses up
/// to 64 KiB. A reader limited to short APDUs answers an extended one with an error, which
/// surfaces as [`TransportError::Io`] or as a status word from the reader.
impl CardTransport for PcscTransport {
    fn transceive(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        let result = self
            .card
            .transmit(command, &mut self.receive)
            .map(<[u8]>::to_vec);
        let used = match &result {
            Ok(response) => response.len(),
            Err(_) => self.receive.len(),
        };
        self.receive[..used].fill(0);
        match result {
            // Every card answer ends in a status word; the service hands back nothing when the
            // card left the field during the exchange (as pcscd does for vpcd).
            Ok(response) if response.is_empty() => {
                debug!("PC/SC exchange returned no bytes: the card left");
                Err(TransportError::TagLost)
            }
            Ok(response) => {
                trace!(
                    sent = command.len(),
                    received = response.len(),
                    "PC/SC exchange"
                );
                Ok(response)
            }
            Err(err) => {
                debug!(error = %err, "PC/SC exchange failed");
                Err(transport_error(err))
            }
        }
    }

    fn historical_bytes(&self) -> Option<Vec<u8>> {
        egate_core::card::atr_historical_bytes(&self.atr).map(<[u8]>::to_vec)
    }

    fn capabilities(&self) -> TransportCapabilities {
        TransportCapabilities::EXTENDED
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02X}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lost_card_errors_map_to_tag_lost() {
        for err in [
            pcsc::Error::RemovedCard,
            pcsc::Error::ResetCard,
            pcsc::Error::NoSmartcard,
        ] {
            assert_eq!(transport_error(err), TransportError::TagLost, "{err:?}");
        }
    }

    #[test]
    fn timeout_maps_to_timeout() {
        assert_eq!(
            transport_error(pcsc::Error::Timeout),
            TransportError::Timeout
        );
    }

    #[test]
    fn other_exchange_errors_map_to_io_with_text() {
        let TransportError::Io(text) = transport_error(pcsc::Error::CommError) else {
            panic!("CommError should map to Io");
        };
        assert!(text.contains("CommError"), "{text}");
    }

    #[test]
    fn setup_errors_map_to_pcsc_errors() {
        assert_eq!(
            PcscError::from(pcsc::Error::NoService),
            PcscError::NoService
        );
        assert_eq!(
            PcscError::from(pcsc::Error::ServiceStopped),
            PcscError::NoService
        );
        assert_eq!(
            PcscError::from(pcsc::Error::NoReadersAvailable),
            PcscError::NoReaders
        );
        assert_eq!(PcscError::from(pcsc::Error::NoSmartcard), PcscError::NoCard);
        assert_eq!(PcscError::from(pcsc::Error::RemovedCard), PcscError::NoCard);
        assert!(matches!(
            PcscError::from(pcsc::Error::SharingViolation),
            PcscError::Other(text) if text.contains("SharingViolation")
        ));
    }

    fn readers() -> Vec<String> {
        vec![
            "ACS ACR1252 Dual Reader [ACR1252 Dual Reader PICC] 00 00".to_owned(),
            "ACS ACR1252 Dual Reader [ACR1252 Dual Reader SAM] 00 01".to_owned(),
            "Identiv uTrust 3700 F [CCID Interface] 01 00".to_owned(),
        ]
    }

    #[test]
    fn exact_name_wins() {
        let names = readers();
        assert_eq!(pick_reader(&names, &names[1]), Ok(1));
    }

    #[test]
    fn unique_substring_matches_case_insensitively() {
        assert_eq!(pick_reader(&readers(), "picc"), Ok(0));
        assert_eq!(pick_reader(&readers(), "uTrust"), Ok(2));
    }

    #[test]
    fn ambiguous_or_unknown_names_are_rejected() {
        assert!(matches!(
            pick_reader(&readers(), "ACR1252"),
            Err(PcscError::AmbiguousReader { candidates, .. }) if candidates.len() == 2
        ));
        assert_eq!(
            pick_reader(&readers(), "Omnikey"),
            Err(PcscError::ReaderNotFound("Omnikey".to_owned()))
        );
    }
}
