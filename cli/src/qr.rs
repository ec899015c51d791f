//! `egate qr decode FILE…` (the raw text of every QR code in images) and `egate qr scan IMAGE
//! [--approve | --deny]` (a login QR code checked, claimed, its login shown, then decided by
//! this computer as the account's registered device).

use egate::clock::SystemClock;
use egate_core::client::ApprovalStep;
use egate_core::qr::scan_frame;
use serde_json::json;
use std::path::Path;

use crate::approvals::{context_json, context_text, ending, outcome_event};
use crate::args::QrCommand;
use crate::device_data::{client_failure, open_device, print, runtime};
use crate::exit::{FAILURE, Failure};

/// The texts of the QR codes in the image at `path`.
fn decode(path: &Path) -> Result<Vec<String>, Failure> {
    let picture = image::ImageReader::open(path)
        .and_then(|reader| reader.with_guessed_format())
        .map_err(|e| Failure::new(FAILURE, format!("{}: {e}", path.display())))?
        .decode()
        .map_err(|e| Failure::new(FAILURE, format!("{}: {e}", path.display())))?
        .into_luma8();
    let (width, height) = (picture.width() as usize, picture.height() as usize);
    scan_frame(picture.as_raw(), width, height, width)
        .map_err(|e| Failure::new(FAILURE, format!("{}: {e}", path.display())))
}

/// `egate qr …`.
pub(crate) fn qr(command: QrCommand) -> Result<(), Failure> {
    match command {
        QrCommand::Decode { files, json } => {
            let mut found = Vec::new();
            for file in &files {
                for text in decode(file)? {
                    found.push(json!({ "file": file, "text": text }));
                }
            }
            if json {
                println!("{}", json!({ "codes": found }));
            } else {
                for code in &found {
                    println!("{}", code["text"].as_str().unwrap_or_default());
                }
            }
            if found.is_empty() {
                return Err(Failure::new(FAILURE, "no QR code found"));
            }
            Ok(())
        }
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
