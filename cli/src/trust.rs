//! The trust store behind `--trust`: the operator's files, or for a simulated card the
//! simulator's test CSCAs and their CRLs; rejected inputs are reported on stderr.

use crate::exit::{FAILURE, Failure};
use egate_core::passive::{LoadOutcome, TrustStore};
use egate_core::ports::Clock;
use std::path::PathBuf;

/// The store to verify against: `paths` when given, the simulator's test PKI for a simulated
/// card, none otherwise.
pub(crate) fn trust_store(
    paths: &[PathBuf],
    simulated: bool,
    clock: &dyn Clock,
) -> Result<Option<TrustStore>, Failure> {
    let store = if !paths.is_empty() {
        TrustStore::from_paths(paths, clock)
            .map_err(|e| Failure::new(FAILURE, format!("cannot read the trust store: {e}")))?
    } else if simulated {
        TrustStore::from_inputs(egate_simulator::pki::default_trust(), clock)
    } else {
        return Ok(None);
    };
    for entry in &store.report().entries {
        if let LoadOutcome::Rejected { reason } = &entry.outcome {
            eprintln!("egate: trust store: {} rejected: {reason}", entry.source);
        }
    }
    Ok(Some(store))
}
