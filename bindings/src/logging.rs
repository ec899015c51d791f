//! The core's diagnostics in the platform's log (Logcat, os_log): a foreign `LogSink` gets each
//! event at or above the level chosen, with its target and text. The core logs APDU headers,
//! lengths, status words and protocol steps, never keys, credentials or personal data. The sink
//! is called on the thread that logs (often the card worker): it must not block.

use std::sync::{Arc, Once, PoisonError, RwLock};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::Registry;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// How much to log, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LogLevel {
    /// Failures.
    Error,
    /// Unexpected but handled.
    Warn,
    /// Milestones.
    Info,
    /// Protocol steps and APDU headers.
    Debug,
    /// Everything.
    Trace,
}

impl From<LogLevel> for Level {
    fn from(level: LogLevel) -> Self {
        match level {
            LogLevel::Error => Level::ERROR,
            LogLevel::Warn => Level::WARN,
            LogLevel::Info => Level::INFO,
            LogLevel::Debug => Level::DEBUG,
            LogLevel::Trace => Level::TRACE,
        }
    }
}

impl From<&Level> for LogLevel {
    fn from(level: &Level) -> Self {
        match *level {
            Level::ERROR => LogLevel::Error,
            Level::WARN => LogLevel::Warn,
            Level::INFO => LogLevel::Info,
            Level::DEBUG => LogLevel::Debug,
            _ => LogLevel::Trace,
        }
    }
}

/// The platform's log.
#[uniffi::export(with_foreign)]
pub trait LogSink: Send + Sync {
    /// One event: its level, where it comes from (e.g. `egate_core::card::session`), its text.
    fn log(&self, level: LogLevel, target: String, message: String);
}

type Installed = Option<(Arc<dyn LogSink>, Level)>;

static SINK: RwLock<Installed> = RwLock::new(None);
static SUBSCRIBER: Once = Once::new();

/// Sends the core's events at `level` or above to `sink`, replacing an earlier sink. The
/// first call installs the process's tracing subscriber; if the host installed another one
/// already, the events keep going there.
#[uniffi::export]
pub fn set_log_sink(sink: Arc<dyn LogSink>, level: LogLevel) {
    *SINK.write().unwrap_or_else(PoisonError::into_inner) = Some((sink, level.into()));
    SUBSCRIBER.call_once(|| {
        let _ = tracing::subscriber::set_global_default(Registry::default().with(ToSink));
    });
}

/// Stops sending events to the sink.
#[uniffi::export]
pub fn clear_log_sink() {
    *SINK.write().unwrap_or_else(PoisonError::into_inner) = None;
}

/// The layer that hands events to the installed sink.
struct ToSink;

impl<S: Subscriber> Layer<S> for ToSink {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let installed = SINK.read().unwrap_or_else(PoisonError::into_inner);
        let Some((sink, max)) = installed.as_ref() else {
            return;
        };
        let metadata = event.metadata();
        if metadata.level() > max {
            return;
        }
        let mut text = Text::default();
        event.record(&mut text);
        sink.log(
            metadata.level().into(),
            metadata.target().to_owned(),
            text.0,
        );
    }
}

/// An event's message followed by its other fields as `name=value`.
#[derive(Default)]
struct Text(String);

impl Visit for Text {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        if field.name() == "message" {
            self.0.push_str(&format!("{value:?}"));
        } else {
            self.0.push_str(&format!("{}={value:?}", field.name()));
        }
    }
}
