//! Progress bars on stderr, one per read phase, fed by the core's read listener.

use egate_core::read::{ReadEvent, ReadListener, ReadPhase};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// Draws a bar per phase: a spinner until a file's length is known, then bytes.
#[derive(Debug, Default)]
pub(crate) struct Bars {
    multi: MultiProgress,
    bars: Mutex<HashMap<ReadPhase, ProgressBar>>,
}

fn label(phase: ReadPhase) -> String {
    match phase {
        ReadPhase::CardAccess => "EF.CardAccess".into(),
        ReadPhase::AccessControl => "access control".into(),
        ReadPhase::ConfirmingDocument => "same document?".into(),
        ReadPhase::ChipAuthentication => "chip auth (CA)".into(),
        ReadPhase::ActiveAuthentication => "active auth (AA)".into(),
        ReadPhase::File(file) => format!("EF.{}", file.name()),
    }
}

impl Bars {
    fn bar(&self, phase: ReadPhase) -> ProgressBar {
        let mut bars = self.bars.lock().unwrap_or_else(|e| e.into_inner());
        bars.entry(phase)
            .or_insert_with(|| {
                let bar = self.multi.add(ProgressBar::new_spinner());
                bar.set_style(
                    ProgressStyle::with_template(
                        "{spinner} {prefix:16} {wide_bar} {bytes:>9}/{total_bytes:9}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                bar.set_prefix(label(phase));
                bar.enable_steady_tick(Duration::from_millis(80));
                bar
            })
            .clone()
    }
}

impl ReadListener for Bars {
    fn on_event(&self, event: ReadEvent) {
        match event {
            ReadEvent::Started(phase) => {
                self.bar(phase);
            }
            ReadEvent::Bytes { file, done, total } => {
                let bar = self.bar(ReadPhase::File(file));
                if let Some(total) = total {
                    bar.set_length(total as u64);
                }
                bar.set_position(done as u64);
            }
            ReadEvent::Finished(phase) => self.bar(phase).finish(),
            ReadEvent::Resumed { connection } => {
                let line = format!("card presented again: continuing (connection {connection})");
                self.multi.println(line).ok();
            }
            ReadEvent::LengthReduced { status } => {
                let line = format!("the chip refused a read length ({status}): reading smaller");
                self.multi.println(line).ok();
            }
        }
    }
}
