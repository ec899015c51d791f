//! This phone as a registered device: one Rust-owned worker thread ("egate-device") owns the
//! device (keys, local store, HTTP client, trusted gateway keys) and its approval flow, and
//! carries out the shell's calls in turn — approving logins from a push, a pull or a scanned QR
//! code, backup codes, the account's devices, push targets and key rotation. Each call can be
//! cancelled.

use egate_core::client::ThisDevice;
use egate_core::net::HttpClient;
use egate_core::ports::SystemClock;
use egate_core::store::{LocalStore, Registration};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::oneshot;

use crate::device_view::{
    AccountDevice, ApprovalState, DeviceKeys, DeviceSummary, PendingApproval, account_device,
};
use crate::gateway_error::GatewayFailure;
use crate::http::HttpTransport;
use crate::keys::{KeyStore, PlatformKeys};
use crate::push::{PushStatus, PushTarget};
use crate::worker::{Cancel, SharedCancel, block_on_cancellable, runtime};

/// The local store's file in the data directory.
pub(crate) const STORE_FILE: &str = "egate.db";

type Reply<T> = oneshot::Sender<Result<T, GatewayFailure>>;

/// A call for the device's worker.
enum Call {
    Pending(Reply<Vec<PendingApproval>>),
    Open(String, Reply<ApprovalState>),
    OpenScanned(String, Reply<ApprovalState>),
    Pull(u32, Reply<ApprovalState>),
    Approve(String, Reply<ApprovalState>),
    ApproveScanned(Reply<ApprovalState>),
    Deny(Reply<ApprovalState>),
    Report(Reply<ApprovalState>),
    NewBackupCodes(Reply<Vec<String>>),
    BackupCodesRemaining(Reply<i64>),
    DeleteBackupCodes(Reply<()>),
    Devices(Reply<Vec<AccountDevice>>),
    Rename(String, String, Reply<()>),
    Remove(String, Reply<()>),
    StartPhoneVerification(Reply<String>),
    SetPushTarget(PushTarget, Reply<()>),
    PushStatus(Reply<PushStatus>),
    RotateKeys(Reply<DeviceKeys>),
}

/// This phone as a registered device of one account.
#[derive(uniffi::Object)]
pub struct RegisteredDevice {
    calls: Mutex<Sender<Call>>,
    cancel: SharedCancel,
    summary: DeviceSummary,
}

impl std::fmt::Debug for RegisteredDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisteredDevice")
            .field("device_id", &self.summary.device_id)
            .finish_non_exhaustive()
    }
}

/// Runs one call's work on the worker's runtime, cancellable.
struct Runner<'a> {
    runtime: &'a tokio::runtime::Runtime,
    cancel: &'a Cancel,
}

impl Runner<'_> {
    fn go<T>(
        &self,
        work: impl Future<Output = Result<T, GatewayFailure>>,
    ) -> Result<T, GatewayFailure> {
        block_on_cancellable(self.runtime, self.cancel, work)
    }
}

/// The worker: serves calls until the object is dropped. A key rotation changes the device, so
/// it runs between two stretches of serving (an approval being shown is closed by it).
fn serve(
    mut device: ThisDevice<PlatformKeys>,
    runtime: &tokio::runtime::Runtime,
    calls: &Receiver<Call>,
    cancel: &Cancel,
) {
    let run = Runner { runtime, cancel };
    while let Some(reply) = serve_until_rotation(&device, &run, calls) {
        cancel.reset();
        let _ = reply.send(run.go(async {
            let rotated = device.rotate_keys(&SystemClock).await?;
            Ok(DeviceKeys {
                possession_key_id: rotated.possession.1.key_id(),
                user_key_id: rotated.user.1.key_id(),
            })
        }));
    }
}

/// Serves calls until a key rotation is asked for (answers its reply) or the object is
/// dropped (answers none).
fn serve_until_rotation(
    device: &ThisDevice<PlatformKeys>,
    run: &Runner<'_>,
    calls: &Receiver<Call>,
) -> Option<Reply<DeviceKeys>> {
    let clock = SystemClock;
    let client = device.client(&clock);
    let mut flow = device.flow(&clock);
    while let Ok(call) = calls.recv() {
        run.cancel.reset();
        match call {
            Call::Pending(reply) => {
                let _ = reply.send(run.go(async {
                    let pending = client.pending_challenges().await?;
                    Ok(pending
                        .into_iter()
                        .map(|p| PendingApproval {
                            id: p.id,
                            expires_at: p.expires_at,
                        })
                        .collect())
                }));
            }
            Call::Open(id, reply) => {
                let _ = reply.send(run.go(async { Ok(flow.open(&id).await?.into()) }));
            }
            Call::OpenScanned(text, reply) => {
                let _ = reply.send(run.go(async { Ok(flow.open_scanned(&text).await?.into()) }));
            }
            Call::Pull(wait, reply) => {
                let wait = Duration::from_secs(u64::from(wait));
                let _ = reply.send(run.go(async { Ok(flow.pull(wait).await?.into()) }));
            }
            Call::Approve(code, reply) => {
                let _ = reply.send(run.go(async { Ok(flow.approve(&code).await?.into()) }));
            }
            Call::ApproveScanned(reply) => {
                let _ = reply.send(run.go(async { Ok(flow.approve_scanned().await?.into()) }));
            }
            Call::Deny(reply) => {
                let _ = reply.send(run.go(async { Ok(flow.deny().await?.into()) }));
            }
            Call::Report(reply) => {
                let _ = reply.send(run.go(async { Ok(flow.report().await?.into()) }));
            }
            Call::NewBackupCodes(reply) => {
                let _ = reply.send(run.go(async {
                    let fresh = client.new_backup_codes().await?;
                    Ok(fresh.codes.iter().map(|code| code.to_string()).collect())
                }));
            }
            Call::BackupCodesRemaining(reply) => {
                let _ = reply.send(run.go(async { Ok(client.backup_codes_remaining().await?) }));
            }
            Call::DeleteBackupCodes(reply) => {
                let _ = reply.send(run.go(async { Ok(client.delete_backup_codes().await?) }));
            }
            Call::Devices(reply) => {
                let _ = reply.send(run.go(async {
                    let list = client.devices().await?;
                    let this = list.this_device;
                    Ok(list
                        .devices
                        .into_iter()
                        .map(|d| account_device(d, &this))
                        .collect())
                }));
            }
            Call::Rename(id, name, reply) => {
                let _ = reply.send(run.go(async { Ok(client.rename(&id, &name).await?) }));
            }
            Call::Remove(id, reply) => {
                let _ = reply.send(run.go(async { Ok(client.remove(&id).await?) }));
            }
            Call::StartPhoneVerification(reply) => {
                let _ = reply
                    .send(run.go(async { Ok(client.start_phone_verification().await?.to_uri()) }));
            }
            Call::SetPushTarget(target, reply) => {
                let target = target.into();
                let _ = reply.send(run.go(async { Ok(client.set_push_target(&target).await?) }));
            }
            Call::PushStatus(reply) => {
                let _ = reply.send(run.go(async { Ok(client.push_status().await?.into()) }));
            }
            Call::RotateKeys(reply) => return Some(reply),
        }
    }
    None
}

impl RegisteredDevice {
    /// Starts the worker of `registration`'s device; answers once it follows the gateway's
    /// key.
    pub(crate) async fn start(
        http: HttpClient,
        data_dir: PathBuf,
        keys: Arc<dyn KeyStore>,
        registration: Registration,
    ) -> Result<Arc<Self>, GatewayFailure> {
        let summary = DeviceSummary {
            gateway: registration.gateway.clone(),
            citizen_id: registration.citizen_id.clone(),
            device_id: registration.device_id.clone(),
            device_name: registration.device_name.clone(),
            protection: registration.protection_level.into(),
        };
        let (calls, received) = channel();
        let cancel: SharedCancel = Arc::new(Cancel::default());
        let (ready, opened) = oneshot::channel();
        let worker_cancel = Arc::clone(&cancel);
        std::thread::Builder::new()
            .name("egate-device".into())
            .spawn(move || {
                let opened = runtime().and_then(|runtime| {
                    let store = LocalStore::open(&data_dir.join(STORE_FILE))?;
                    let device = runtime.block_on(ThisDevice::open(
                        PlatformKeys(keys),
                        store,
                        http,
                        registration,
                        &SystemClock,
                    ))?;
                    Ok((runtime, device))
                });
                match opened {
                    Ok((runtime, device)) => {
                        let _ = ready.send(Ok(()));
                        serve(device, &runtime, &received, &worker_cancel);
                    }
                    Err(error) => {
                        let _ = ready.send(Err(error));
                    }
                }
            })
            .map_err(|e| GatewayFailure::Failed {
                reason: format!("no worker thread: {e}"),
            })?;
        opened.await.unwrap_or(Err(GatewayFailure::Failed {
            reason: "the device worker ended".into(),
        }))?;
        Ok(Arc::new(Self {
            calls: Mutex::new(calls),
            cancel,
            summary,
        }))
    }

    async fn call<T>(&self, call: impl FnOnce(Reply<T>) -> Call) -> Result<T, GatewayFailure> {
        let (reply, answer) = oneshot::channel();
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .send(call(reply))
            .map_err(|_| GatewayFailure::Failed {
                reason: "the device worker ended".into(),
            })?;
        answer.await.unwrap_or(Err(GatewayFailure::Failed {
            reason: "the device worker ended".into(),
        }))
    }
}

/// The registrations kept in `data_dir`.
///
/// # Errors
/// [`GatewayFailure::Failed`] when the local store cannot be read.
#[uniffi::export]
pub fn registered_devices(data_dir: String) -> Result<Vec<DeviceSummary>, GatewayFailure> {
    let store = LocalStore::open(&Path::new(&data_dir).join(STORE_FILE))?;
    Ok(store
        .registrations()?
        .into_iter()
        .map(|r| DeviceSummary {
            protection: r.protection_level.into(),
            gateway: r.gateway,
            citizen_id: r.citizen_id,
            device_id: r.device_id,
            device_name: r.device_name,
        })
        .collect())
}

#[uniffi::export]
impl RegisteredDevice {
    /// Opens this phone's registration for `citizen_id` at `gateway` from `data_dir`, signing
    /// with `keys` and talking over the platform's `http` stack; follows the gateway's key
    /// rotation.
    ///
    /// # Errors
    /// [`GatewayFailure`]; `Failed` when no such registration exists.
    #[uniffi::constructor]
    pub async fn open(
        gateway: String,
        citizen_id: String,
        data_dir: String,
        keys: Arc<dyn KeyStore>,
        http: Arc<dyn HttpTransport>,
    ) -> Result<Arc<Self>, GatewayFailure> {
        let dir = PathBuf::from(data_dir);
        let registration = LocalStore::open(&dir.join(STORE_FILE))?
            .registration(gateway.trim_end_matches('/'), &citizen_id)?;
        Self::start(crate::http::client(http), dir, keys, registration).await
    }

    /// The registration.
    pub fn summary(&self) -> DeviceSummary {
        self.summary.clone()
    }

    /// The logins waiting for approval (the pull on start and resume).
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn pending_approvals(&self) -> Result<Vec<PendingApproval>, GatewayFailure> {
        self.call(Call::Pending).await
    }

    /// Opens approval `id` (from a push or the pending list): its context, verified.
    ///
    /// # Errors
    /// [`GatewayFailure`]; the state is unchanged on a network failure.
    pub async fn open_approval(&self, id: String) -> Result<ApprovalState, GatewayFailure> {
        self.call(|reply| Call::Open(id, reply)).await
    }

    /// Opens the login of a scanned QR code's text.
    ///
    /// # Errors
    /// [`GatewayFailure::InvalidInput`] for a code that is not a login code of a trusted
    /// gateway (nothing sent).
    pub async fn open_scanned(&self, text: String) -> Result<ApprovalState, GatewayFailure> {
        self.call(|reply| Call::OpenScanned(text, reply)).await
    }

    /// Waits up to `wait_seconds` for a login to approve and opens the first.
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn pull_approval(&self, wait_seconds: u32) -> Result<ApprovalState, GatewayFailure> {
        self.call(|reply| Call::Pull(wait_seconds, reply)).await
    }

    /// Approves the shown login with the code the browser shows (user-verification key).
    ///
    /// # Errors
    /// [`GatewayFailure`]; a wrong code answers `Showing` with `wrong_codes` counted.
    pub async fn approve(&self, code: String) -> Result<ApprovalState, GatewayFailure> {
        self.call(|reply| Call::Approve(code, reply)).await
    }

    /// Approves the shown login of a scanned QR code (no code to type).
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn approve_scanned(&self) -> Result<ApprovalState, GatewayFailure> {
        self.call(Call::ApproveScanned).await
    }

    /// Denies the shown login.
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn deny(&self) -> Result<ApprovalState, GatewayFailure> {
        self.call(Call::Deny).await
    }

    /// Reports the shown login as "this wasn't me".
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn report(&self) -> Result<ApprovalState, GatewayFailure> {
        self.call(Call::Report).await
    }

    /// A new set of backup codes (the old ones stop working): show them once, never store them.
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn new_backup_codes(&self) -> Result<Vec<String>, GatewayFailure> {
        self.call(Call::NewBackupCodes).await
    }

    /// How many backup codes are unused.
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn backup_codes_remaining(&self) -> Result<i64, GatewayFailure> {
        self.call(Call::BackupCodesRemaining).await
    }

    /// Deletes the backup codes.
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn delete_backup_codes(&self) -> Result<(), GatewayFailure> {
        self.call(Call::DeleteBackupCodes).await
    }

    /// The account's devices.
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn devices(&self) -> Result<Vec<AccountDevice>, GatewayFailure> {
        self.call(Call::Devices).await
    }

    /// Renames device `id`.
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn rename_device(&self, id: String, name: String) -> Result<(), GatewayFailure> {
        self.call(|reply| Call::Rename(id, name, reply)).await
    }

    /// Removes device `id` (this one included).
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn remove_device(&self, id: String) -> Result<(), GatewayFailure> {
        self.call(|reply| Call::Remove(id, reply)).await
    }

    /// Starts verifying the account's phone number with the ID card (signed by the
    /// user-verification key); answers the link to open with `IdVerification.open`.
    ///
    /// # Errors
    /// [`GatewayFailure`]; `no_trust_store`, `no_phone` refusals.
    pub async fn start_phone_verification(&self) -> Result<String, GatewayFailure> {
        self.call(Call::StartPhoneVerification).await
    }

    /// Tells the gateway where this phone's pushes go (call it again whenever the platform
    /// renews the token); signed by the possession key, so it never prompts.
    ///
    /// # Errors
    /// [`GatewayFailure`]; `bad_request` for a token or subscription the provider would refuse.
    pub async fn set_push_target(&self, target: PushTarget) -> Result<(), GatewayFailure> {
        self.call(|reply| Call::SetPushTarget(target, reply)).await
    }

    /// This phone's push provider and how its recent pushes went.
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn push_status(&self) -> Result<PushStatus, GatewayFailure> {
        self.call(Call::PushStatus).await
    }

    /// Replaces this phone's two keys (behind the user's prompt, signed by the current
    /// user-verification key); the local store names the new keys and the old ones are
    /// deleted from the key store. An approval being shown is closed.
    ///
    /// # Errors
    /// [`GatewayFailure`]; nothing changes on this phone when the gateway refuses.
    pub async fn rotate_keys(&self) -> Result<DeviceKeys, GatewayFailure> {
        self.call(Call::RotateKeys).await
    }

    /// Cancels the running call: it ends with [`GatewayFailure::Cancelled`].
    pub fn cancel(&self) {
        self.cancel.cancel();
    }
}
