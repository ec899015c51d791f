//! `egate qr decode FILE…` (the raw text of every QR code in images, with the decoder's time),
//! `egate qr bench DIR` (see [`crate::qr_bench`]) and `egate qr scan IMAGE
//! [--approve | --deny]` (a login QR code checked, claimed, its login shown, then decided by
//! this computer as the account's registered device).

use egate::clock::SystemClock;
use egate_core::client::ApprovalStep;
use egate_core::qr::scan_frame;
use serde_json::json;
use std::path::Path;
use std::time::Instant;

use crate::approvals::{context_json, context_text, ending, outcome_event};
use crate::args::QrCommand;
use crate::device_data::{client_failure, open_device, print, runtime};
use crate::exit::{FAILURE, Failure};

/// The luma plane of the image at `path` (PGM, PNG or JPEG) with its width and height.
pub(crate) fn load_luma(path: &Path) -> Result<(Vec<u8>, usize, usize), Failure> {
    let picture = image::ImageReader::open(path)
        .and_then(|reader| reader.with_guessed_format())
        .map_err(|e| Failure::new(FAILURE, format!("{}: {e}", path.display())))?
        .decode()
        .map_err(|e| Failure::new(FAILURE, format!("{}: {e}", path.display())))?
        .into_luma8();
    let (width, height) = (picture.width() as usize, picture.height() as usize);
    Ok((picture.into_raw(), width, height))
}

/// The texts of the QR codes in `luma` and the microseconds the decoder took (loading the
/// file not included).
pub(crate) fn timed_scan(
    path: &Path,
    luma: &[u8],
    width: usize,
    height: usize,
) -> Result<(Vec<String>, f64), Failure> {
    let start = Instant::now();
    let texts = scan_frame(luma, width, height, width)
        .map_err(|e| Failure::new(FAILURE, format!("{}: {e}", path.display())))?;
    Ok((texts, start.elapsed().as_secs_f64() * 1e6))
}

/// The texts of the QR codes in the image at `path`.
fn decode(path: &Path) -> Result<Vec<String>, Failure> {
    let (luma, width, height) = load_luma(path)?;
    Ok(timed_scan(path, &luma, width, height)?.0)
}

/// `egate qr …`.
pub(crate) fn qr(command: QrCommand) -> Result<(), Failure> {
    match command {
        QrCommand::Decode { files, json } => {
            let mut results = Vec::new();
            for file in &files {
                let (luma, width, height) = load_luma(file)?;
                let (texts, micros) = timed_scan(file, &luma, width, height)?;
                results.push(json!({
                    "file": file,
                    "text": texts.first(),
                    "texts": texts,
                    "micros": micros.round() as u64,
                }));
            }
            if json {
                println!("{}", json!({ "files": results }));
            } else {
                for result in &results {
                    let texts = result["texts"]
                        .as_array()
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    for text in texts {
                        println!(
                            "{}\t{}\t{} µs",
                            result["file"].as_str().unwrap_or_default(),
                            text.as_str().unwrap_or_default(),
                            result["micros"]
                        );
                    }
                }
            }
            if results.iter().all(|result| result["text"].is_null()) {
                return Err(Failure::new(FAILURE, "no QR code found"));
            }
            Ok(())
        }
        QrCommand::Bench { directory, json } => crate::qr_bench::bench(&directory, json),
        QrCommand::Scan {
            account,
            image,
            approve,
            deny,
        } => {
            let texts = decode(&image)?;
            let text = texts
                .iter()
                .find(|text| text.starts_with("egate-login:"))
                .or(texts.first())
                .ok_or_else(|| Failure::new(FAILURE, "no QR code found in the image"))?
                .clone();
            runtime()?.block_on(async {
                let device = open_device(&account).await?;
                let mut flow = device.flow(&SystemClock);
                let step = flow.open_scanned(&text).await.map_err(client_failure)?;
                let ApprovalStep::Showing { challenge, .. } = step else {
                    return Err(ending(step));
                };
                let challenge = challenge.as_ref().clone();
                let step = if approve {
                    flow.approve_scanned().await
                } else if deny {
                    flow.deny().await
                } else {
                    print(
                        &account,
                        &context_json(&challenge),
                        &context_text(&challenge),
                    );
                    return Ok(());
                }
                .map_err(client_failure)?;
                let ApprovalStep::Decided(outcome) = step else {
                    return Err(ending(step));
                };
                let event = outcome_event(*outcome);
                print(
                    &account,
                    &json!({ "challenge_id": challenge.context().challenge_id, "decision": event }),
                    &format!("{event}: {}", context_text(&challenge)),
                );
                Ok(())
            })
        }
    }
}
