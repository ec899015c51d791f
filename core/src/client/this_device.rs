//! A registered device ready to talk to its gateway: its key store, local store, HTTP client and
//! registration, and the gateway keys it trusts — the pinned one, and the gateway's newer key
//! when the pinned one endorses it (pinned in turn). Both the CLI and the phone bindings open
//! their device this way.

use super::approval_flow::ApprovalFlow;
use super::device::{DeviceClient, RotatedKeys};
use super::error::ClientError;
use crate::login::PublicKey;
use crate::net::HttpClient;
use crate::ports::{Clock, KeyStore};
use crate::store::{LocalStore, Registration};

/// A registered device, its trusted gateway keys followed.
#[derive(Debug)]
pub struct ThisDevice<K> {
    /// The device's key store.
    pub keys: K,
    /// The local store (registrations, audit log).
    pub store: LocalStore,
    /// The HTTP client.
    pub http: HttpClient,
    /// The registration.
    pub registration: Registration,
    /// The gateway keys approvals are checked against, newest first.
    pub trusted: Vec<PublicKey>,
    /// The gateway's newer key, when opening pinned it.
    pub newly_pinned: Option<PublicKey>,
}

impl<K: KeyStore> ThisDevice<K> {
    /// Opens `registration`'s device and follows its gateway's key rotation.
    ///
    /// # Errors
    /// [`ClientError`]; a key the pinned one does not endorse is
    /// [`ClientError::GatewayKey`].
    pub async fn open(
        keys: K,
        mut store: LocalStore,
        http: HttpClient,
        registration: Registration,
        clock: &dyn Clock,
    ) -> Result<Self, ClientError> {
        let mut trusted = vec![registration.gateway_key.clone()];
        let newest = DeviceClient::new(&http, &keys, &registration, clock)
            .follow_gateway_key()
            .await?;
        if let Some(newest) = &newest {
            store
                .pin_gateway_key(&registration.gateway, newest, clock.now_unix_seconds())
                .map_err(|e| ClientError::Protocol(format!("local store: {e}")))?;
            trusted.insert(0, newest.clone());
        }
        Ok(Self {
            keys,
            store,
            http,
            registration,
            trusted,
            newly_pinned: newest,
        })
    }

    /// A client of the gateway as this device.
    pub fn client<'a>(&'a self, clock: &'a dyn Clock) -> DeviceClient<'a> {
        DeviceClient::new(&self.http, &self.keys, &self.registration, clock)
    }

    /// An approval flow of this device, its endings in the local audit log.
    pub fn flow<'a>(&'a self, clock: &'a dyn Clock) -> ApprovalFlow<'a> {
        ApprovalFlow::new(self.client(clock), self.trusted.clone(), &self.store)
    }

    /// Replaces this device's keys: the gateway takes two new keys, the local store and the
    /// registration name them, and the old keys are deleted from the key store (a failed
    /// delete leaves an unused key behind, never a broken registration).
    ///
    /// # Errors
    /// [`ClientError`]; nothing changes locally when the gateway refuses.
    pub async fn rotate_keys(&mut self, clock: &dyn Clock) -> Result<RotatedKeys, ClientError> {
        let rotated = self.client(clock).rotate().await?;
        let r = &mut self.registration;
        self.store
            .rotate_keys(
                &r.gateway,
                &r.citizen_id,
                (&rotated.possession.0, &rotated.possession.1),
                (&rotated.user.0, &rotated.user.1),
                clock.now_unix_seconds(),
            )
            .map_err(|e| ClientError::Protocol(format!("local store: {e}")))?;
        let old = [
            std::mem::replace(&mut r.possession_label, rotated.possession.0.clone()),
            std::mem::replace(&mut r.user_label, rotated.user.0.clone()),
        ];
        r.possession_key = rotated.possession.1.clone();
        r.user_key = rotated.user.1.clone();
        for label in old {
            if let Err(error) = self.keys.delete(&label) {
                tracing::warn!(%error, "an old device key was not deleted");
            }
        }
        Ok(rotated)
    }
}
