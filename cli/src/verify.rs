//! `egate card verify DIR --trust PATH`: passive authentication of files on disk, exit 0 only
//! when the document is valid.

use crate::args::VerifyArgs;
use crate::exit::{Failure, NOT_VALID};
use crate::export::read_document;
use crate::render;
use crate::trust::trust_store;
use egate::clock::SystemClock;
use egate_core::passive::{PassiveStatus, passive_authentication};
use serde_json::json;

/// Runs the command.
pub(crate) fn verify(args: &VerifyArgs) -> Result<(), Failure> {
    let files = read_document(&args.dir)?;
    let trust = trust_store(&args.trust, false, &SystemClock)?;
    let report = passive_authentication(&files, trust.as_ref(), &SystemClock);
    if args.json {
        let data_groups: serde_json::Map<String, serde_json::Value> = report
            .data_groups
            .iter()
            .map(|(file, check)| (file.name().to_string(), json!(check.name())))
            .collect();
        let object = json!({
            "passive": render::passive(&report),
            "data_groups": data_groups,
            "trust": trust.as_ref().map(|t| &t.report().entries),
        });
        println!("{object:#}");
    } else {
        for line in render::passive_lines(&report) {
            println!("{line}");
        }
    }
    if report.status == PassiveStatus::Valid {
        Ok(())
    } else {
        Err(Failure::new(
            NOT_VALID,
            format!("the document is {}", report.status.name()),
        ))
    }
}
