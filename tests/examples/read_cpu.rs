//! Benchmark: the reader's own compute time for the `id-ref` card — PACE (ECDH-GM on
//! brainpoolP256r1), Chip Authentication, secure messaging of every file — and passive
//! authentication on the host, the simulated chip's compute time subtracted (median of several
//! runs).
//!
//! `cargo run --release -p egate-e2e --example read_cpu [-- RUNS]`

use egate_core::access::AccessKey;
use egate_core::mrz::MrzKey;
use egate_core::passive::TrustStore;
use egate_core::ports::{FixedClock, TransportCapabilities};
use egate_core::read::{ChipStatus, NoProgress, ReadOptions, probe, read_document, verify_read};
use egate_simulator::{Profile, SimulatedTransport, VirtualChip};
use std::time::Instant;

/// 2026-06-01, when the test PKI's certificates and CRLs are current.
const NOW: FixedClock = FixedClock(1_780_272_000);

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Milliseconds of `run` on the host minus the simulated chip's share.
fn reader_ms<T>(profile: &Profile, run: impl FnOnce(Box<SimulatedTransport>) -> T) -> (f64, T) {
    let chip = VirtualChip::new(profile).expect("profile builds");
    let transport = SimulatedTransport::new(chip, TransportCapabilities::EXTENDED, profile.link);
    let stats = transport.stats();
    let started = Instant::now();
    let result = run(Box::new(transport));
    let total = started.elapsed().as_secs_f64() * 1000.0;
    let chip = stats.lock().expect("stats").chip_compute_ms;
    (total - chip, result)
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(21);
    let profile = Profile::by_name("id-ref").expect("id-ref profile");
    let key = AccessKey::Mrz(MrzKey::from_mrz(&profile.document.mrz).expect("profile MRZ"));
    let options = ReadOptions::default();
    let trust = TrustStore::from_inputs(egate_simulator::pki::default_trust(), &NOW);
    let (mut pace, mut read, mut passive) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let (ms, result) = reader_ms(&profile, |t| probe(t, &key, &options, &NoProgress));
        result.expect("PACE runs");
        pace.push(ms);
        let (ms, result) = reader_ms(&profile, |t| read_document(t, &key, &options, &NoProgress));
        let card = result.expect("the card reads");
        read.push(ms);
        let started = Instant::now();
        let verdict = verify_read(&card, Some(&trust), &NOW);
        passive.push(started.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(verdict.chip, ChipStatus::Valid, "the id-ref card verifies");
    }
    let (pace, read, passive) = (median(pace), median(read), median(passive));
    println!("id-ref on this host, reader side only (median of {runs} runs):");
    println!("  PACE ECDH-GM brainpoolP256r1 (EF.CardAccess, EF.ATR/INFO, PACE)   {pace:6.2} ms");
    println!("  full read (PACE, CA, SM of 21 KB, AA not needed)                   {read:6.2} ms");
    println!(
        "  passive authentication (SOD signature, chain, CRL, hashes)         {passive:6.2} ms"
    );
    println!(
        "  PACE + CA + passive authentication                                 {:6.2} ms",
        read + passive
    );
}
