//! Choosing the card to talk to: a named or the first PC/SC reader with a card, a libnfc
//! reader, or the simulated card — the latter only when asked for, or when PC/SC has no
//! service or no reader at all.

use super::pcsc::{PcscError, PcscTransport};
use egate_core::ports::{CardTransport, TransportCapabilities};
use egate_simulator::link::AirStats;
use egate_simulator::{Profile, SimulatedTransport, VirtualChip};
use std::sync::{Arc, Mutex};
use thiserror::Error;

/// Where the user asked to read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardSource {
    /// The first PC/SC reader with a card, falling back to the simulated card when PC/SC has
    /// no service or no reader.
    Auto,
    /// A PC/SC reader by (part of) its name, or `libnfc[:CONNSTRING]`.
    Reader(String),
    /// A simulated card with this profile.
    Simulated(String),
}

/// The simulated profile used when falling back.
pub const DEFAULT_PROFILE: &str = "td1-id";

/// An open card.
pub struct OpenedCard {
    /// The transport to hand to the core.
    pub transport: Box<dyn CardTransport>,
    /// The simulated profile, when the card is simulated.
    pub simulated: Option<Profile>,
    /// Link-model figures of a simulated card.
    pub air: Option<Arc<Mutex<AirStats>>>,
    /// A description for the human output (reader name or profile).
    pub description: String,
}

impl std::fmt::Debug for OpenedCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedCard")
            .field("description", &self.description)
            .finish()
    }
}

/// Why no card could be opened.
#[derive(Debug, Error)]
pub enum SourceError {
    /// No card in the reader(s), or the reader is gone.
    #[error("{0}")]
    NoCard(String),
    /// An unknown simulated profile.
    #[error("no simulated profile named {0:?} (see `egate card sim list`)")]
    UnknownProfile(String),
    /// A feature this build lacks.
    #[error("{0}")]
    Unsupported(String),
    /// Any other reader failure.
    #[error("{0}")]
    Other(String),
}

fn simulated(name: &str) -> Result<OpenedCard, SourceError> {
    let profile = Profile::by_name(name).ok_or_else(|| SourceError::UnknownProfile(name.into()))?;
    let chip = VirtualChip::new(&profile).map_err(|e| SourceError::Other(e.to_string()))?;
    let transport = SimulatedTransport::new(chip, TransportCapabilities::EXTENDED, profile.link);
    Ok(OpenedCard {
        air: Some(transport.stats()),
        description: format!("simulated {}", profile.name),
        transport: Box::new(transport),
        simulated: Some(profile),
    })
}

fn pcsc(reader: Option<&str>) -> Result<OpenedCard, PcscError> {
    let transport = PcscTransport::connect(reader)?;
    Ok(OpenedCard {
        description: format!("PC/SC reader {}", transport.reader_name()),
        transport: Box::new(transport),
        simulated: None,
        air: None,
    })
}

#[cfg(feature = "libnfc")]
fn libnfc(device: Option<&str>) -> Result<OpenedCard, SourceError> {
    use super::libnfc::{LibnfcError, LibnfcTransport};
    let transport = LibnfcTransport::connect(device).map_err(|e| match e {
        LibnfcError::NoTarget => SourceError::NoCard(e.to_string()),
        other => SourceError::Other(other.to_string()),
    })?;
    Ok(OpenedCard {
        description: format!("libnfc reader {}", transport.device_name()),
        transport: Box::new(transport),
        simulated: None,
        air: None,
    })
}

#[cfg(not(feature = "libnfc"))]
fn libnfc(_: Option<&str>) -> Result<OpenedCard, SourceError> {
    Err(SourceError::Unsupported(
        "this egate was built without libnfc support (cargo feature `libnfc`)".into(),
    ))
}

fn pcsc_error(e: PcscError) -> SourceError {
    match e {
        PcscError::NoCard | PcscError::ReaderNotFound(_) | PcscError::NoReaders => {
            SourceError::NoCard(e.to_string())
        }
        other => SourceError::Other(other.to_string()),
    }
}

/// Opens the card `source` names.
pub fn open_card(source: &CardSource) -> Result<OpenedCard, SourceError> {
    match source {
        CardSource::Simulated(name) => simulated(name),
        CardSource::Reader(name) if name == "libnfc" => libnfc(None),
        CardSource::Reader(name) if name.starts_with("libnfc:") => {
            libnfc(Some(&name["libnfc:".len()..]))
        }
        CardSource::Reader(name) => pcsc(Some(name)).map_err(pcsc_error),
        CardSource::Auto => match pcsc(None) {
            Ok(card) => Ok(card),
            Err(PcscError::NoService | PcscError::NoReaders) => simulated(DEFAULT_PROFILE),
            Err(e) => Err(pcsc_error(e)),
        },
    }
}
