//! `egate card bench`: a full read of a simulated card over a modelled link, or tag-loss
//! trials, printed as figures (JSON or text).

use crate::args::{BenchArgs, OnOff};
use crate::exit::{FAILURE, Failure};
use egate_simulator::Profile;
use egate_simulator::bench::{BenchSetup, bench_read, parse_strategy, tag_loss_trials};
use egate_simulator::link::LinkModel;
use serde_json::json;

pub(crate) fn bench(args: &BenchArgs) -> Result<(), Failure> {
    let profile = Profile::by_name(&args.profile)
        .ok_or_else(|| Failure::new(FAILURE, format!("no simulated card `{}`", args.profile)))?;
    let setup = BenchSetup {
        link: LinkModel {
            bit_rate: args.bitrate,
            turnaround_ms: args.turnaround_ms,
            ..LinkModel::default()
        },
        extended_length: args.extended_length == OnOff::On,
    };
    let failed = |e: egate_simulator::bench::BenchError| Failure::new(FAILURE, e.to_string());
    if let Some(trials) = args.tag_loss_trials {
        let report = tag_loss_trials(&profile, &setup, trials, args.seed).map_err(failed)?;
        let figures = json!({
            "profile": profile.name,
            "trials": report.trials,
            "completed": report.completed,
            "losses": report.losses,
            "reauths": report.reauths,
            "reread_bytes": report.reread_bytes,
            "reauth_bytes": report.reauth_bytes,
        });
        return print(args.json, &figures);
    }
    let strategy =
        parse_strategy(&args.strategy).map_err(|e| Failure::new(FAILURE, e.to_string()))?;
    let cost = bench_read(&profile, &setup, strategy).map_err(failed)?;
    let figures = json!({
        "profile": profile.name,
        "strategy": args.strategy,
        "extended_length": setup.extended_length,
        "apdus": cost.apdus,
        "bytes_sent": cost.bytes_sent,
        "bytes_received": cost.bytes_received,
        "simulated_ms": round(cost.simulated_ms),
        "floor_ms": round(cost.floor_ms),
    });
    print(args.json, &figures)
}

fn round(ms: f64) -> f64 {
    (ms * 10.0).round() / 10.0
}

fn print(json: bool, figures: &serde_json::Value) -> Result<(), Failure> {
    if json {
        println!("{figures}");
    } else if let Some(object) = figures.as_object() {
        for (name, value) in object {
            println!("{name:16}{value}");
        }
    }
    Ok(())
}
