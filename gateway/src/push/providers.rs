//! The configured push providers of a gateway, and the one entry point that sends a delivery
//! through the provider of its kind.

use base64ct::{Base64UrlUnpadded, Encoding};
use std::sync::{Arc, OnceLock};

use super::apns::{Apns, ApnsSettings};
use super::fcm::Fcm;
use super::unifiedpush::{self, Resolver, system_resolver};
use super::webpush::Subscription;
use super::{Delivery, ProviderError, PushKind};

/// The push providers a gateway sends through (none configured: only the outbox and
/// UnifiedPush, which needs no account).
#[derive(Clone, Default)]
pub struct Pushers(Arc<Inner>);

#[derive(Default)]
struct Inner {
    fcm: Option<Fcm>,
    apns: Option<Apns>,
    resolver: Option<Resolver>,
    client: OnceLock<Result<reqwest::Client, String>>,
}

impl std::fmt::Debug for Pushers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pushers")
            .field("fcm", &self.0.fcm)
            .field("apns", &self.0.apns)
            .finish_non_exhaustive()
    }
}

/// Builds [`Pushers`].
#[derive(Default)]
pub struct PushersBuilder(Inner);

impl std::fmt::Debug for PushersBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushersBuilder").finish_non_exhaustive()
    }
}

impl PushersBuilder {
    /// Sends FCM pushes as the service account in `json` to `endpoint`.
    ///
    /// # Errors
    /// [`ProviderError::Credentials`] when the service account does not load.
    pub fn fcm(
        mut self,
        service_account_json: &str,
        endpoint: &str,
    ) -> Result<Self, ProviderError> {
        self.0.fcm = Some(Fcm::from_service_account(service_account_json, endpoint)?);
        Ok(self)
    }

    /// Sends APNs pushes with `settings`.
    ///
    /// # Errors
    /// [`ProviderError::Credentials`] when the key does not load.
    pub fn apns(mut self, settings: ApnsSettings) -> Result<Self, ProviderError> {
        self.0.apns = Some(Apns::new(settings)?);
        Ok(self)
    }

    /// Resolves UnifiedPush hosts with `resolver` instead of the system's.
    pub fn resolver(mut self, resolver: Resolver) -> Self {
        self.0.resolver = Some(resolver);
        self
    }

    /// The providers.
    pub fn build(self) -> Pushers {
        Pushers(Arc::new(self.0))
    }
}

impl Pushers {
    /// A builder with no provider configured.
    pub fn builder() -> PushersBuilder {
        PushersBuilder::default()
    }

    fn client(&self) -> Result<&reqwest::Client, ProviderError> {
        self.0
            .client
            .get_or_init(|| {
                super::http::client_builder()
                    .build()
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| ProviderError::Transport(e.clone()))
    }

    /// Sends `delivery` through the provider of its kind.
    ///
    /// # Errors
    /// [`ProviderError`] saying why it was not delivered.
    pub async fn deliver(&self, delivery: &Delivery, now: i64) -> Result<(), ProviderError> {
        let target = &delivery.target;
        match target.kind {
            PushKind::Outbox => Ok(()),
            PushKind::Fcm => {
                let fcm = self
                    .0
                    .fcm
                    .as_ref()
                    .ok_or(ProviderError::NotConfigured("FCM"))?;
                fcm.send(self.client()?, &target.address, delivery, now)
                    .await
            }
            PushKind::Apns => {
                let apns = self
                    .0
                    .apns
                    .as_ref()
                    .ok_or(ProviderError::NotConfigured("APNs"))?;
                apns.send(self.client()?, &target.address, delivery, now)
                    .await
            }
            PushKind::Unifiedpush => {
                let decode = |text: Option<&String>| {
                    text.and_then(|t| Base64UrlUnpadded::decode_vec(t).ok())
                        .unwrap_or_default()
                };
                let subscription = Subscription {
                    p256dh: decode(target.p256dh.as_ref()),
                    auth: decode(target.auth.as_ref()),
                };
                let resolver = self.0.resolver.clone().unwrap_or_else(system_resolver);
                unifiedpush::send(
                    &resolver,
                    &target.address,
                    &subscription,
                    delivery.payload().as_bytes(),
                )
                .await
            }
        }
    }
}
