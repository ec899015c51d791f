//! A chip whose EF.CardAccess exists but cannot be read: whether it offers PACE is unknown, so
//! BAC runs only with the caller's allowance and is then reported as a fallback.

use egate_core::access::{AccessKey, AccessPolicy};
use egate_core::card::CardError;
use egate_core::mrz::MrzKey;
use egate_core::ports::{CardTransport, TransportCapabilities, TransportError};
use egate_core::read::{NoProgress, ReadOptions, read_document};
use std::sync::{Arc, Mutex};

/// Selects succeed, READ BINARY answers 6982, anything else 6D00; every command is recorded.
struct RefusingChip(Arc<Mutex<Vec<Vec<u8>>>>);

impl CardTransport for RefusingChip {
    fn transceive(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.0.lock().unwrap().push(command.to_vec());
        Ok(match command[1] {
            0xA4 => vec![0x90, 0x00],
            0xB0 | 0xB1 => vec![0x69, 0x82],
            _ => vec![0x6D, 0x00],
        })
    }

    fn capabilities(&self) -> TransportCapabilities {
        TransportCapabilities::EXTENDED
    }
}

fn read(policy: AccessPolicy) -> (CardError, Vec<Vec<u8>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let key = AccessKey::Mrz(MrzKey::from_typed("L898902C", "690806", "940623").unwrap());
    let error = read_document(
        Box::new(RefusingChip(log.clone())),
        &key,
        &ReadOptions {
            policy,
            ..ReadOptions::default()
        },
        &NoProgress,
    )
    .unwrap_err();
    let commands = log.lock().unwrap().clone();
    (error, commands)
}

#[test]
fn an_unreadable_card_access_stops_before_bac() {
    let (error, commands) = read(AccessPolicy::default());
    assert!(
        matches!(error, CardError::CardAccessUnreadable(sw) if sw.0 == 0x6982),
        "{error:?}"
    );
    assert!(
        commands.iter().all(|c| c[1] != 0x84),
        "no GET CHALLENGE (BAC) was sent"
    );
}

#[test]
fn with_fallback_allowed_bac_is_attempted() {
    let allowed = AccessPolicy {
        allow_bac_fallback: true,
    };
    let (error, commands) = read(allowed);
    assert!(
        !matches!(error, CardError::CardAccessUnreadable(_)),
        "{error:?}"
    );
    assert!(commands.iter().any(|c| c[1] == 0x84), "GET CHALLENGE sent");
}
