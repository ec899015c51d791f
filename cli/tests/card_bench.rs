//! `egate card bench` as a user runs it: the figures of one read per strategy over the modelled
//! link, their relations (the floor below every read, egate at its floor without extended
//! length, fewer APDUs than fixed-chunk readers), and tag-loss trials that all complete.

use serde_json::Value;
use std::process::Command;

fn bench(args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_egate"))
        .args(["card", "bench", "--json"])
        .args(args)
        .output()
        .expect("run egate");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

fn number(figures: &Value, name: &str) -> f64 {
    figures[name]
        .as_f64()
        .unwrap_or_else(|| panic!("{name} in {figures}"))
}

#[test]
fn reads_cost_at_least_their_floor_and_egate_needs_fewest_apdus() {
    for extended in ["on", "off"] {
        let egate = bench(&["--extended-length", extended]);
        for field in [
            "apdus",
            "bytes_sent",
            "bytes_received",
            "simulated_ms",
            "floor_ms",
        ] {
            assert!(number(&egate, field) > 0.0, "{field}");
        }
        assert!(number(&egate, "simulated_ms") >= number(&egate, "floor_ms"));
        for strategy in ["fixed:160", "fixed:223", "fixed:256"] {
            let fixed = bench(&["--extended-length", extended, "--strategy", strategy]);
            assert!(
                number(&fixed, "apdus") > number(&egate, "apdus"),
                "{strategy}"
            );
            assert!(number(&fixed, "simulated_ms") > number(&fixed, "floor_ms"));
            assert_eq!(number(&fixed, "floor_ms"), number(&egate, "floor_ms"));
        }
    }
    let short = bench(&["--extended-length", "off"]);
    assert_eq!(
        number(&short, "simulated_ms"),
        number(&short, "floor_ms"),
        "short APDUs: egate reads at the floor"
    );
}

#[test]
fn a_slower_link_costs_more_air_time_for_the_same_apdus() {
    let fast = bench(&["--bitrate", "848000"]);
    let slow = bench(&["--bitrate", "106000", "--turnaround-ms", "20"]);
    assert_eq!(number(&fast, "apdus"), number(&slow, "apdus"));
    assert!(number(&slow, "simulated_ms") > 2.0 * number(&fast, "simulated_ms"));
}

#[test]
fn tag_loss_trials_complete_without_rereading() {
    let trials = bench(&["--tag-loss-trials", "25", "--seed", "3"]);
    assert_eq!(number(&trials, "trials"), 25.0);
    assert_eq!(number(&trials, "completed"), 25.0);
    assert!(number(&trials, "losses") >= 25.0);
    assert_eq!(number(&trials, "reread_bytes"), 0.0);
}

#[test]
fn an_unknown_strategy_is_refused() {
    let output = Command::new(env!("CARGO_BIN_EXE_egate"))
        .args(["card", "bench", "--strategy", "fixed:999"])
        .output()
        .expect("run egate");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown strategy"));
}
