//! Apple Push Notification service: a provider token (ES256 JWT naming the key and the team,
//! renewed every 50 minutes as Apple asks) and one alert push per challenge, expiring with it,
//! whose text the app localises and whose only data are the challenge and device ids.

use p256::ecdsa::SigningKey;
use p256::pkcs8::DecodePrivateKey;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use super::ProviderError;
use super::http::{Answer, post};
use super::jws;

/// The production endpoint.
pub const ENDPOINT: &str = "https://api.push.apple.com";
/// The development (sandbox) endpoint.
pub const SANDBOX_ENDPOINT: &str = "https://api.sandbox.push.apple.com";
/// How long a provider token is used, in seconds (Apple: between 20 and 60 minutes).
const TOKEN_LIFETIME_SECS: i64 = 50 * 60;
/// How long APNs keeps trying to deliver, in seconds: the challenge's lifetime.
const EXPIRATION_SECS: i64 = crate::challenges::LIFETIME_SECS;

/// What an APNs sender needs.
#[derive(Debug, Clone)]
pub struct ApnsSettings {
    /// The `.p8` signing key Apple issued (PEM, PKCS #8).
    pub key_pem: String,
    /// Its 10-character key id.
    pub key_id: String,
    /// The developer team id.
    pub team_id: String,
    /// The app's bundle id (the `apns-topic`).
    pub topic: String,
    /// [`ENDPOINT`], [`SANDBOX_ENDPOINT`] or a test server.
    pub endpoint: String,
}

/// The APNs sender of one app.
pub struct Apns {
    key: SigningKey,
    settings: ApnsSettings,
    token: Mutex<Option<(String, i64)>>,
}

impl std::fmt::Debug for Apns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Apns")
            .field("topic", &self.settings.topic)
            .field("endpoint", &self.settings.endpoint)
            .finish_non_exhaustive()
    }
}

/// Whether `token` looks like an APNs device token (hexadecimal, 32 to 100 bytes).
pub fn valid_device_token(token: &str) -> bool {
    (64..=200).contains(&token.len())
        && token.len().is_multiple_of(2)
        && token.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Apns {
    /// A sender with `settings`.
    ///
    /// # Errors
    /// [`ProviderError::Credentials`] when the key does not parse as a P-256 PKCS #8 key.
    pub fn new(mut settings: ApnsSettings) -> Result<Self, ProviderError> {
        let der = jws::pem_der(&settings.key_pem, "PRIVATE KEY")?;
        let key = SigningKey::from_pkcs8_der(&der)
            .map_err(|e| ProviderError::Credentials(format!("APNs key: {e}")))?;
        settings.endpoint = settings.endpoint.trim_end_matches('/').to_owned();
        Ok(Self {
            key,
            settings,
            token: Mutex::new(None),
        })
    }

    async fn provider_token(&self, now: i64) -> String {
        let mut cached = self.token.lock().await;
        if let Some((token, issued_at)) = cached.as_ref()
            && now - issued_at < TOKEN_LIFETIME_SECS
        {
            return token.clone();
        }
        let token = jws::es256(
            &self.key,
            &json!({ "alg": "ES256", "kid": self.settings.key_id }),
            &json!({ "iss": self.settings.team_id, "iat": now }),
        );
        *cached = Some((token.clone(), now));
        token
    }

    /// Sends the push of `delivery` to `device_token`.
    ///
    /// # Errors
    /// [`ProviderError::Gone`] when APNs no longer knows the token, else as the request fails.
    pub async fn send(
        &self,
        http: &reqwest::Client,
        device_token: &str,
        delivery: &super::Delivery,
        now: i64,
    ) -> Result<(), ProviderError> {
        if !valid_device_token(device_token) {
            return Err(ProviderError::Gone);
        }
        let payload = json!({
            "aps": {
                "alert": { "title-loc-key": "APPROVAL_TITLE", "loc-key": "APPROVAL_BODY" },
                "sound": "default",
                "category": "APPROVAL",
                "interruption-level": "time-sensitive",
            },
            "challenge": delivery.challenge_id,
            "device": delivery.device_id,
        });
        let request = http
            .post(format!(
                "{}/3/device/{device_token}",
                self.settings.endpoint
            ))
            .header(
                "authorization",
                format!("bearer {}", self.provider_token(now).await),
            )
            .header("apns-topic", &self.settings.topic)
            .header("apns-push-type", "alert")
            .header("apns-priority", "10")
            .header("apns-expiration", (now + EXPIRATION_SECS).to_string())
            .header("apns-collapse-id", "approval")
            .json(&payload);
        let Answer { status, body } = post(request).await?;
        let reason = serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|answer| answer["reason"].as_str().map(str::to_owned))
            .unwrap_or_else(|| "unexplained".into());
        match (status, reason.as_str()) {
            (200, _) => Ok(()),
            (410, _) | (400, "BadDeviceToken") => Err(ProviderError::Gone),
            (403, "ExpiredProviderToken" | "InvalidProviderToken") => {
                *self.token.lock().await = None;
                Err(ProviderError::Refused { status, reason })
            }
            _ => Err(ProviderError::Refused { status, reason }),
        }
    }
}
