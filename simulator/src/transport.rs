//! The simulated chip behind the core's `CardTransport` port, with link-model accounting.

use crate::chip::VirtualChip;
use crate::link::{AirStats, LinkModel};
use egate_core::ports::{CardTransport, TransportCapabilities, TransportError};
use std::sync::{Arc, Mutex};

/// A transport that hands each command to a [`VirtualChip`] in process.
#[derive(Debug)]
pub struct SimulatedTransport {
    chip: VirtualChip,
    capabilities: TransportCapabilities,
    link: LinkModel,
    stats: Arc<Mutex<AirStats>>,
}

impl SimulatedTransport {
    /// A transport to `chip` that reports `capabilities` and accounts air time with `link`.
    pub fn new(chip: VirtualChip, capabilities: TransportCapabilities, link: LinkModel) -> Self {
        Self {
            chip,
            capabilities,
            link,
            stats: Arc::new(Mutex::new(AirStats::default())),
        }
    }

    /// A handle on the traffic and air time accounted so far, readable after the transport
    /// has been handed to a session.
    pub fn stats(&self) -> Arc<Mutex<AirStats>> {
        Arc::clone(&self.stats)
    }
}

impl CardTransport for SimulatedTransport {
    fn transceive(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        let response = self.chip.process(command);
        if let Ok(mut stats) = self.stats.lock() {
            stats.record(&self.link, command.len(), response.len());
        }
        Ok(response)
    }

    fn capabilities(&self) -> TransportCapabilities {
        self.capabilities
    }
}
