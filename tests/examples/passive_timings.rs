//! Benchmark: passive authentication of one simulated document per document-signer algorithm
//! (the SOD and EF.CardSecurity signatures, the path to the CSCA, CRLs and every data-group
//! hash), printing the median host time of several runs and the time to load the trust store.
//!
//! `cargo run --release -p egate-e2e --example passive_timings [-- RUNS]`

use egate_core::passive::{PassiveStatus, TrustStore, passive_authentication};
use egate_core::ports::FixedClock;
use egate_simulator::Profile;
use std::time::Instant;

/// 2026-06-01T00:00:00Z.
const NOW: FixedClock = FixedClock(1_780_272_000);

fn median_ms(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(21)
        .max(1);
    let loads: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let store = TrustStore::from_inputs(egate_simulator::pki::default_trust(), &NOW);
            assert_eq!(store.certificates().len(), 2);
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    println!(
        "trust store (2 CSCAs, 2 CRLs) loaded in {:.2} ms",
        median_ms(loads)
    );
    let trust = TrustStore::from_inputs(egate_simulator::pki::default_trust(), &NOW);
    println!(
        "{:<22} {:<18} {:>10}",
        "profile", "document signer", "PA ms"
    );
    for name in [
        "td1-id",
        "td3-passport",
        "td3-passport-large",
        "pace-ecdh-gm-aes128-12",
    ] {
        let profile = Profile::by_name(name).expect("built-in profile");
        let files = profile.document.build_files().expect("simulated files");
        let mut times = Vec::with_capacity(runs);
        let mut signer = String::new();
        for _ in 0..runs {
            let start = Instant::now();
            let report = passive_authentication(&files, Some(&trust), &NOW);
            times.push(start.elapsed().as_secs_f64() * 1e3);
            assert_eq!(report.status, PassiveStatus::Valid, "{name}");
            signer = report.document_signer.map(|s| s.key).unwrap_or_default();
        }
        println!("{name:<22} {signer:<18} {:>10.2}", median_ms(times));
    }
}
