//! Benchmark: one PACE run (EF.CardAccess, PACE, SELECT) per protocol family and standardized
//! parameter set against the simulated chip, printing host compute time (terminal and chip
//! together, median of several runs), APDUs, bytes and the link model's air time.
//!
//! `cargo run --release -p egate-e2e --example pace_timings [-- RUNS]`

use egate_core::access::AccessKey;
use egate_core::mrz::MrzKey;
use egate_core::ports::TransportCapabilities;
use egate_core::read::{NoProgress, ReadOptions, probe};
use egate_simulator::document::PaceOffering;
use egate_simulator::{Profile, SimulatedTransport, VirtualChip};
use std::time::Instant;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5);
    println!(
        "{:<28} {:>10} {:>6} {:>8} {:>9} {:>9}",
        "profile", "host ms", "APDUs", "bytes", "air ms", "total ms"
    );
    let shown = PaceOffering::matrix()
        .into_iter()
        .filter(|o| o.protocol.cipher == egate_core::crypto::SmCipher::Aes128);
    for offering in shown {
        let profile = Profile::pace_only(offering);
        let key = AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).expect("profile MRZ"));
        let mut times = Vec::with_capacity(runs);
        let mut last = None;
        for _ in 0..runs {
            let chip = VirtualChip::new(&profile).expect("profile builds");
            let transport =
                SimulatedTransport::new(chip, TransportCapabilities::EXTENDED, profile.link);
            let air = transport.stats();
            let started = Instant::now();
            let result = probe(
                Box::new(transport),
                &key,
                &ReadOptions::default(),
                &NoProgress,
            )
            .expect("PACE runs");
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            last = Some((result.session, air.lock().expect("stats").simulated_ms));
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let (session, air_ms) = last.expect("at least one run");
        println!(
            "{:<28} {:>10.2} {:>6} {:>8} {:>9.1} {:>9.1}",
            profile.name,
            median,
            session.apdus,
            session.bytes_sent + session.bytes_received,
            air_ms,
            median + air_ms
        );
    }
}
