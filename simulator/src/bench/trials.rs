//! Tag-loss trials: full reads of one card with the tag lost at random exchanges (up to three
//! per read), each continued by the same read object over a new connection, checked against
//! an undisturbed read, with what resuming cost.

use super::{BenchError, BenchSetup, profile_key, transport};
use crate::Served;
use crate::fault::{Fault, ScheduledFault};
use crate::profile::Profile;
use egate_core::lds::ElementaryFile;
use egate_core::read::{DocumentReader, NoProgress, ReadOptions, read_document};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use std::collections::BTreeMap;

/// Connections one trial may use before it counts as not completed.
const MAX_CONNECTIONS: u32 = 8;

/// What the trials gave.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TagLossReport {
    /// Reads attempted.
    pub trials: u32,
    /// Reads that ended with every file equal to an undisturbed read.
    pub completed: u32,
    /// Tag losses that happened (a loss scheduled twice for one exchange happens once).
    pub losses: u32,
    /// Times access control ran again, over all trials.
    pub reauths: u32,
    /// Bytes of data files (EF.SOD, EF.COM, data groups, EF.CardSecurity) the chip delivered
    /// more than once.
    pub reread_bytes: u64,
    /// Bytes of EF.CardAccess and EF.ATR/INFO delivered again to re-run access control and
    /// confirm the document.
    pub reauth_bytes: u64,
}

/// Bytes delivered more than once, per file, in `served` order.
fn delivered_twice(served: &[Served]) -> BTreeMap<ElementaryFile, u64> {
    let mut seen: BTreeMap<ElementaryFile, Vec<bool>> = BTreeMap::new();
    let mut twice: BTreeMap<ElementaryFile, u64> = BTreeMap::new();
    for s in served.iter().filter(|s| s.delivered) {
        let bytes = seen.entry(s.file).or_default();
        if bytes.len() < s.offset + s.len {
            bytes.resize(s.offset + s.len, false);
        }
        for byte in &mut bytes[s.offset..s.offset + s.len] {
            if *byte {
                *twice.entry(s.file).or_default() += 1;
            }
            *byte = true;
        }
    }
    twice
}

/// `trials` reads of `profile` with the tag lost at one to three random exchanges each.
pub fn tag_loss_trials(
    profile: &Profile,
    setup: &BenchSetup,
    trials: u32,
    seed: u64,
) -> Result<TagLossReport, BenchError> {
    let key = profile_key(profile)?;
    let undisturbed = read_document(
        Box::new(transport(profile, setup)?),
        &key,
        &ReadOptions::default(),
        &NoProgress,
    )?;
    let exchanges = undisturbed.session.apdus.max(1);
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let mut report = TagLossReport {
        trials,
        ..TagLossReport::default()
    };
    for _ in 0..trials {
        let losses = 1 + rng.next_u32() % 3;
        let faults: Vec<ScheduledFault> = (0..losses)
            .map(|_| ScheduledFault::at(Fault::TagLoss, 1 + rng.next_u64() % exchanges))
            .collect();
        let first = transport(profile, setup)?.with_faults(faults);
        let card = first.handle();
        let mut reader = DocumentReader::new(key.clone(), ReadOptions::default());
        let mut next = Some(first);
        let mut outcome = None;
        while let Some(connection) = next.take() {
            match reader.read(Box::new(connection), &NoProgress) {
                Ok(read) => outcome = Some(read),
                Err(error)
                    if error.is_link_loss() && reader.progress().connections < MAX_CONNECTIONS =>
                {
                    next = Some(card.reconnect());
                }
                Err(_) => {}
            }
        }
        if outcome.is_some_and(|read| read.files == undisturbed.files) {
            report.completed += 1;
        }
        let progress = reader.progress();
        report.losses += progress.connections.saturating_sub(1);
        report.reauths += progress.reauthentications;
        let served = card.with_chip(|chip| chip.served().to_vec());
        for (file, bytes) in delivered_twice(&served) {
            match file {
                ElementaryFile::CardAccess | ElementaryFile::AtrInfo => {
                    report.reauth_bytes += bytes
                }
                _ => report.reread_bytes += bytes,
            }
        }
    }
    Ok(report)
}
