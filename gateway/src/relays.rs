//! The Chip Authentication terminals the gateway runs through apps, held in memory between the
//! request and the relayed answers: their keys never reach the database, each is taken once,
//! and expired ones are dropped (keys zeroized). A restart forgets them: those verifications
//! start again.

use egate_core::idv::RelayTerminal;
use std::collections::HashMap;
use std::sync::Mutex;

/// The most terminals held at once; more are refused until some finish or expire.
pub const MAX_HELD: usize = 10_000;

/// Terminals by verification id, with their expiry.
#[derive(Debug, Default)]
pub struct RelayTerminals(Mutex<HashMap<String, (RelayTerminal, i64)>>);

impl RelayTerminals {
    /// Holds `terminal` for verification `id` until `expires_at`; false when too many are
    /// held already.
    pub fn hold(&self, id: &str, terminal: RelayTerminal, expires_at: i64, now: i64) -> bool {
        let mut held = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        held.retain(|_, (_, expiry)| *expiry > now);
        if held.len() >= MAX_HELD {
            return false;
        }
        held.insert(id.to_owned(), (terminal, expires_at));
        true
    }

    /// Takes the live terminal of verification `id`, once.
    pub fn take(&self, id: &str, now: i64) -> Option<RelayTerminal> {
        let mut held = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        held.remove(id)
            .filter(|(_, expiry)| *expiry > now)
            .map(|(terminal, _)| terminal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DG14: &[u8] = include_bytes!("../../fixtures/documents/td3-passport/DG14.bin");

    fn terminal() -> RelayTerminal {
        RelayTerminal::start(DG14, b"dg1").unwrap().0
    }

    #[test]
    fn a_terminal_is_taken_once_and_not_after_expiry() {
        let held = RelayTerminals::default();
        assert!(held.hold("a", terminal(), 100, 0));
        assert!(held.hold("b", terminal(), 100, 0));
        assert!(held.take("a", 50).is_some());
        assert!(held.take("a", 50).is_none());
        assert!(held.take("b", 100).is_none());
    }
}
