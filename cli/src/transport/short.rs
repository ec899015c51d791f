//! A transport restricted to short APDUs, for readers whose extended-length support is broken
//! or to see how a short-only reader fares (`--short-apdus`).

use egate_core::ports::{CardTransport, TransportCapabilities, TransportError};

/// Wraps a transport and reports it as short-only.
pub struct ShortApdusOnly(pub Box<dyn CardTransport>);

impl std::fmt::Debug for ShortApdusOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ShortApdusOnly(..)")
    }
}

impl CardTransport for ShortApdusOnly {
    fn transceive(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.0.transceive(command)
    }

    fn capabilities(&self) -> TransportCapabilities {
        TransportCapabilities::SHORT_ONLY
    }
}
