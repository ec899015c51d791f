//! One card connection lent to several reads in turn: a read, then the gateway's Chip
//! Authentication relayed over the same connection, each taking its own boxed handle.

use crate::ports::{CardTransport, TransportCapabilities, TransportError};
use std::sync::{Arc, Mutex, PoisonError};

/// A transport whose clones all talk over the one connection they were made from.
#[derive(Clone)]
pub struct SharedTransport(Arc<Mutex<Box<dyn CardTransport>>>);

impl std::fmt::Debug for SharedTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedTransport").finish_non_exhaustive()
    }
}

impl SharedTransport {
    /// Shares `transport`.
    pub fn new(transport: Box<dyn CardTransport>) -> Self {
        Self(Arc::new(Mutex::new(transport)))
    }

    /// A boxed handle on the shared connection, for one read.
    pub fn handle(&self) -> Box<dyn CardTransport> {
        Box::new(self.clone())
    }

    fn with<T>(&self, use_it: impl FnOnce(&mut Box<dyn CardTransport>) -> T) -> T {
        use_it(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl CardTransport for SharedTransport {
    fn transceive(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.with(|transport| transport.transceive(command))
    }

    fn capabilities(&self) -> TransportCapabilities {
        self.with(|transport| transport.capabilities())
    }

    fn historical_bytes(&self) -> Option<Vec<u8>> {
        self.with(|transport| transport.historical_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Counting(u8);

    impl CardTransport for Counting {
        fn transceive(&mut self, _: &[u8]) -> Result<Vec<u8>, TransportError> {
            self.0 += 1;
            Ok(vec![self.0, 0x90, 0x00])
        }

        fn capabilities(&self) -> TransportCapabilities {
            TransportCapabilities::SHORT_ONLY
        }
    }

    #[test]
    fn handles_talk_over_the_one_connection() {
        let shared = SharedTransport::new(Box::new(Counting(0)));
        let mut first = shared.handle();
        let mut second = shared.handle();
        assert_eq!(first.transceive(&[0]).unwrap()[0], 1);
        assert_eq!(second.transceive(&[0]).unwrap()[0], 2);
        assert_eq!(first.capabilities(), TransportCapabilities::SHORT_ONLY);
    }
}
