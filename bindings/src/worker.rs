//! Where network flows run: each call on a Rust-owned worker thread with its own small async
//! runtime, never on the caller's (UI) thread; the caller awaits the answer. A `Cancel` ends the
//! running call promptly with `GatewayFailure::Cancelled`.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Notify;

use crate::gateway_error::GatewayFailure;

/// Cancels the call running under it.
#[derive(Debug, Default)]
pub(crate) struct Cancel {
    cancelled: AtomicBool,
    wake: Notify,
}

impl Cancel {
    /// Cancels the running call.
    pub(crate) fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        self.wake.notify_waiters();
    }

    /// Arms the cancel for a new call.
    pub(crate) fn reset(&self) {
        self.cancelled.store(false, Ordering::SeqCst);
    }

    async fn cancelled(&self) {
        loop {
            let woken = self.wake.notified();
            if self.cancelled.load(Ordering::SeqCst) {
                return;
            }
            woken.await;
        }
    }
}

/// A current-thread runtime for one worker.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, GatewayFailure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| GatewayFailure::Failed {
            reason: format!("no runtime: {e}"),
        })
}

/// Runs `work` to its end or until `cancel` fires, on `runtime`.
pub(crate) fn block_on_cancellable<T>(
    runtime: &tokio::runtime::Runtime,
    cancel: &Cancel,
    work: impl Future<Output = Result<T, GatewayFailure>>,
) -> Result<T, GatewayFailure> {
    runtime.block_on(async {
        tokio::select! {
            done = work => done,
            () = cancel.cancelled() => Err(GatewayFailure::Cancelled),
        }
    })
}

/// Runs `work` on a new worker thread named `name`; the caller awaits its answer.
pub(crate) async fn on_worker<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> Result<T, GatewayFailure> + Send + 'static,
) -> Result<T, GatewayFailure> {
    let (done, answer) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            let _ = done.send(work());
        })
        .map_err(|e| GatewayFailure::Failed {
            reason: format!("no worker thread: {e}"),
        })?;
    answer.await.unwrap_or(Err(GatewayFailure::Failed {
        reason: "the worker ended without an answer".into(),
    }))
}

/// A shared cancel.
pub(crate) type SharedCancel = Arc<Cancel>;
