//! `egate qr bench DIR [--json]`: the core's QR decoder measured on a frame set written by
//! `egate-qr-frames`, in the shape `tests/qr/zxing_bench.py` reports zxing-cpp, so the two
//! can be set side by side.

use serde_json::{Value, json};
use std::path::Path;

use crate::exit::{FAILURE, Failure};
use crate::qr::{load_luma, timed_scan};

/// One frame's outcome.
struct Outcome {
    class: String,
    width: usize,
    has_code: bool,
    correct: bool,
    wrong: bool,
    micros: f64,
}

/// The value at `fraction` of `values` once sorted (the nearest rank below).
fn percentile(values: &[f64], fraction: f64) -> f64 {
    let mut ordered = values.to_vec();
    ordered.sort_by(f64::total_cmp);
    ordered
        .get(((fraction * ordered.len() as f64) as usize).min(ordered.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default()
}

/// Frames, right reads and their rate, wrong reads, median and 95th percentile microseconds of
/// `outcomes`.
fn summary<'a>(outcomes: impl Iterator<Item = &'a Outcome>) -> Value {
    let outcomes: Vec<&Outcome> = outcomes.collect();
    let micros: Vec<f64> = outcomes.iter().map(|outcome| outcome.micros).collect();
    let correct = outcomes.iter().filter(|outcome| outcome.correct).count();
    json!({
        "frames": outcomes.len(),
        "correct": correct,
        "rate": (correct as f64 / outcomes.len().max(1) as f64 * 1000.0).round() / 1000.0,
        "wrong": outcomes.iter().filter(|outcome| outcome.wrong).count(),
        "median_us": percentile(&micros, 0.5).round() as u64,
        "p95_us": percentile(&micros, 0.95).round() as u64,
    })
}

/// `egate qr bench DIR`.
pub(crate) fn bench(directory: &Path, as_json: bool) -> Result<(), Failure> {
    let truth_path = directory.join("truth.tsv");
    let truth = std::fs::read_to_string(&truth_path)
        .map_err(|e| Failure::new(FAILURE, format!("{}: {e}", truth_path.display())))?;
    let mut outcomes = Vec::new();
    for (index, line) in truth.lines().enumerate() {
        let (name, expected) = line.split_once('\t').unwrap_or((line, ""));
        let path = directory.join(name);
        let (luma, width, height) = load_luma(&path)?;
        if index == 0 {
            timed_scan(&path, &luma, width, height)?;
        }
        let (texts, micros) = timed_scan(&path, &luma, width, height)?;
        outcomes.push(Outcome {
            class: name.split('/').next().unwrap_or_default().to_owned(),
            width,
            has_code: !expected.is_empty(),
            correct: if expected.is_empty() {
                texts.is_empty()
            } else {
                texts.iter().any(|text| text == expected)
            },
            wrong: texts.iter().any(|text| text != expected),
            micros,
        });
    }
    let mut order: Vec<String> = Vec::new();
    for outcome in &outcomes {
        if !order.contains(&outcome.class) {
            order.push(outcome.class.clone());
        }
    }
    let per_class: serde_json::Map<String, Value> = order
        .iter()
        .map(|class| {
            (
                class.clone(),
                summary(outcomes.iter().filter(|o| &o.class == class)),
            )
        })
        .collect();
    let at_720p: Vec<f64> = outcomes
        .iter()
        .filter(|outcome| outcome.width == 1280)
        .map(|outcome| outcome.micros)
        .collect();
    let report = json!({
        "decoder": format!("egate {}", env!("CARGO_PKG_VERSION")),
        "classes": per_class,
        "overall": summary(outcomes.iter().filter(|outcome| outcome.has_code)),
        "p95_us_1280x720": percentile(&at_720p, 0.95).round() as u64,
    });
    if as_json {
        println!("{report:#}");
    } else {
        println!(
            "{:<14} {:>9} {:>6} {:>10} {:>10}",
            "class", "correct", "wrong", "median µs", "p95 µs"
        );
        for (class, row) in per_class_rows(&report) {
            println!(
                "{class:<14} {:>4}/{:<4} {:>6} {:>10} {:>10}",
                row["correct"], row["frames"], row["wrong"], row["median_us"], row["p95_us"]
            );
        }
        println!("1280×720 p95: {} µs", report["p95_us_1280x720"]);
    }
    Ok(())
}

/// The class rows of `report`, then the overall row.
fn per_class_rows(report: &Value) -> Vec<(String, Value)> {
    let mut rows: Vec<(String, Value)> = report["classes"]
        .as_object()
        .map(|classes| {
            classes
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    rows.push(("overall".to_owned(), report["overall"].clone()));
    rows
}
