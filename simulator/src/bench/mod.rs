//! Read benchmarks against a simulated card: one full read with a reading strategy over a
//! modelled link, the physical floor for the same card and link, and tag-loss trials.

mod floor;
mod trials;

pub use floor::floor_ms;
pub use trials::{TagLossReport, tag_loss_trials};

use crate::link::LinkModel;
use crate::profile::Profile;
use crate::transport::{Exchange, SimulatedTransport};
use crate::{Served, VirtualChip};
use egate_core::access::AccessKey;
use egate_core::card::CardError;
use egate_core::mrz::MrzKey;
use egate_core::ports::TransportCapabilities;
use egate_core::read::{CardRead, NoProgress, ReadOptions, ReadStrategy, read_document};
use thiserror::Error;

/// A benchmark that cannot run.
#[derive(Debug, Error)]
pub enum BenchError {
    /// The profile does not build a chip.
    #[error("the profile does not build: {0}")]
    Chip(#[from] crate::chip::ChipError),
    /// The read failed.
    #[error("the read failed: {0}")]
    Read(#[from] CardError),
    /// A strategy name that is not `egate` or `fixed:N`.
    #[error("unknown strategy `{0}` (egate, fixed:160, fixed:223 or fixed:256)")]
    Strategy(String),
}

/// The strategy named `egate` or `fixed:N` (N plaintext bytes a read after a header read of 8
/// bytes for N = 223, as JMRTD does, else 4).
pub fn parse_strategy(name: &str) -> Result<ReadStrategy, BenchError> {
    if name == "egate" {
        return Ok(ReadStrategy::Planned);
    }
    let chunk: usize = name
        .strip_prefix("fixed:")
        .and_then(|n| n.parse().ok())
        .filter(|n| (1..=256).contains(n))
        .ok_or_else(|| BenchError::Strategy(name.to_string()))?;
    let header = if chunk == 223 { 8 } else { 4 };
    Ok(ReadStrategy::Fixed { chunk, header })
}

/// The link and transport of a benchmark.
#[derive(Debug, Clone, Copy)]
pub struct BenchSetup {
    /// The radio link.
    pub link: LinkModel,
    /// Whether the platform carries extended-length APDUs.
    pub extended_length: bool,
}

impl BenchSetup {
    /// The transport capabilities this setup gives the reader.
    pub fn capabilities(&self) -> TransportCapabilities {
        if self.extended_length {
            TransportCapabilities::EXTENDED
        } else {
            TransportCapabilities::SHORT_ONLY
        }
    }
}

/// What one read cost on the modelled link.
#[derive(Debug, Clone)]
pub struct ReadCost {
    /// Command/response exchanges.
    pub apdus: u64,
    /// Command bytes.
    pub bytes_sent: u64,
    /// Response bytes.
    pub bytes_received: u64,
    /// Simulated air time.
    pub simulated_ms: f64,
    /// The floor for the same card and link.
    pub floor_ms: f64,
    /// The read.
    pub read: CardRead,
    /// Every exchange.
    pub exchanges: Vec<Exchange>,
    /// Every READ BINARY answer's file bytes.
    pub served: Vec<Served>,
}

/// The profile's own MRZ key.
pub fn profile_key(profile: &Profile) -> Result<AccessKey, BenchError> {
    Ok(AccessKey::Mrz(
        MrzKey::from_mrz(&profile.document.mrz).map_err(CardError::from)?,
    ))
}

/// A transport to a fresh chip of `profile` over `setup`.
pub fn transport(profile: &Profile, setup: &BenchSetup) -> Result<SimulatedTransport, BenchError> {
    Ok(SimulatedTransport::new(
        VirtualChip::new(profile)?,
        setup.capabilities(),
        setup.link,
    ))
}

/// One full read of `profile` with `strategy` over `setup`, with its floor.
pub fn bench_read(
    profile: &Profile,
    setup: &BenchSetup,
    strategy: ReadStrategy,
) -> Result<ReadCost, BenchError> {
    let (cost, exchanges, served) = measured_read(profile, setup, strategy)?;
    let planned = if strategy == ReadStrategy::Planned {
        (cost.clone(), exchanges.clone())
    } else {
        let (planned, log, _) = measured_read(profile, setup, ReadStrategy::Planned)?;
        (planned, log)
    };
    let floor = floor_ms(&planned.1, &planned.0, setup);
    let stats = cost;
    Ok(ReadCost {
        apdus: stats.session.apdus,
        bytes_sent: stats.session.bytes_sent,
        bytes_received: stats.session.bytes_received,
        simulated_ms: exchanges
            .iter()
            .map(|e| setup.link.exchange_ms(e.command_len, e.response_len))
            .sum(),
        floor_ms: floor,
        read: stats,
        exchanges,
        served,
    })
}

fn measured_read(
    profile: &Profile,
    setup: &BenchSetup,
    strategy: ReadStrategy,
) -> Result<(CardRead, Vec<Exchange>, Vec<Served>), BenchError> {
    let transport = transport(profile, setup)?;
    let handle = transport.handle();
    let options = ReadOptions {
        strategy,
        ..ReadOptions::default()
    };
    let read = read_document(
        Box::new(transport),
        &profile_key(profile)?,
        &options,
        &NoProgress,
    )?;
    let served = handle.with_chip(|chip| chip.served().to_vec());
    Ok((read, handle.log(), served))
}
