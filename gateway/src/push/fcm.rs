//! Firebase Cloud Messaging, HTTP v1: an OAuth2 access token obtained with the service
//! account's signed assertion (RFC 7523, cached until shortly before it expires), then one
//! data-only, high-priority message per push carrying the challenge and device ids alone.

use ring::signature::RsaKeyPair;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use super::ProviderError;
use super::http::{Answer, post};
use super::jws;

/// The OAuth2 scope that allows sending messages.
pub const SCOPE: &str = "https://www.googleapis.com/auth/firebase.messaging";
/// The production endpoint.
pub const ENDPOINT: &str = "https://fcm.googleapis.com";
/// How long before its expiry a cached access token is replaced, in seconds.
const TOKEN_MARGIN_SECS: i64 = 300;

#[derive(Deserialize)]
struct ServiceAccount {
    project_id: String,
    private_key_id: String,
    private_key: String,
    client_email: String,
    token_uri: String,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: i64,
}

/// The FCM sender of one Firebase project.
pub struct Fcm {
    project_id: String,
    key_id: String,
    client_email: String,
    token_uri: String,
    key: RsaKeyPair,
    endpoint: String,
    token: Mutex<Option<(String, i64)>>,
}

impl std::fmt::Debug for Fcm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fcm")
            .field("project_id", &self.project_id)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl Fcm {
    /// The sender of the service account in `json` (the file the Firebase console gives),
    /// sending to `endpoint` (normally [`ENDPOINT`]).
    ///
    /// # Errors
    /// [`ProviderError::Credentials`] when the file or its key does not parse.
    pub fn from_service_account(json: &str, endpoint: &str) -> Result<Self, ProviderError> {
        let account: ServiceAccount = serde_json::from_str(json)
            .map_err(|e| ProviderError::Credentials(format!("service account: {e}")))?;
        let der = jws::pem_der(&account.private_key, "PRIVATE KEY")?;
        let key = RsaKeyPair::from_pkcs8(&der)
            .map_err(|e| ProviderError::Credentials(format!("service account key: {e}")))?;
        Ok(Self {
            project_id: account.project_id,
            key_id: account.private_key_id,
            client_email: account.client_email,
            token_uri: account.token_uri,
            key,
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            token: Mutex::new(None),
        })
    }

    async fn access_token(
        &self,
        http: &reqwest::Client,
        now: i64,
    ) -> Result<String, ProviderError> {
        let mut cached = self.token.lock().await;
        if let Some((token, expires_at)) = cached.as_ref()
            && now < expires_at - TOKEN_MARGIN_SECS
        {
            return Ok(token.clone());
        }
        let assertion = jws::rs256(
            &self.key,
            &json!({ "alg": "RS256", "typ": "JWT", "kid": self.key_id }),
            &json!({
                "iss": self.client_email,
                "scope": SCOPE,
                "aud": self.token_uri,
                "iat": now,
                "exp": now + 3600,
            }),
        )?;
        let form = format!(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={assertion}"
        );
        let request = http
            .post(&self.token_uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form);
        let Answer { status, body } = post(request).await?;
        if status != 200 {
            return Err(ProviderError::Refused {
                status,
                reason: "the OAuth2 token endpoint refused the assertion".into(),
            });
        }
        let answer: TokenAnswer =
            serde_json::from_slice(&body).map_err(|e| ProviderError::Refused {
                status,
                reason: format!("token answer: {e}"),
            })?;
        *cached = Some((answer.access_token.clone(), now + answer.expires_in));
        Ok(answer.access_token)
    }

    /// Sends the push of `delivery` to the registration `token`.
    ///
    /// # Errors
    /// [`ProviderError::Gone`] when FCM no longer knows the token, else as the request fails.
    pub async fn send(
        &self,
        http: &reqwest::Client,
        token: &str,
        delivery: &super::Delivery,
        now: i64,
    ) -> Result<(), ProviderError> {
        let access = self.access_token(http, now).await?;
        let message = json!({
            "message": {
                "token": token,
                "data": { "challenge": delivery.challenge_id, "device": delivery.device_id },
                "android": { "priority": "HIGH", "ttl": "120s", "collapse_key": "approval" },
            }
        });
        let request = http
            .post(format!(
                "{}/v1/projects/{}/messages:send",
                self.endpoint, self.project_id
            ))
            .bearer_auth(access)
            .json(&message);
        let Answer { status, body } = post(request).await?;
        match status {
            200 => Ok(()),
            401 => {
                *self.token.lock().await = None;
                Err(ProviderError::Refused {
                    status,
                    reason: "access token refused".into(),
                })
            }
            404 => Err(ProviderError::Gone),
            _ if error_code(&body).as_deref() == Some("UNREGISTERED") => Err(ProviderError::Gone),
            _ => Err(ProviderError::Refused {
                status,
                reason: error_code(&body).unwrap_or_else(|| "unexplained".into()),
            }),
        }
    }
}

/// The `errorCode` of an FCM error answer's details, else its `status`.
fn error_code(body: &[u8]) -> Option<String> {
    let answer: Value = serde_json::from_slice(body).ok()?;
    let error = &answer["error"];
    error["details"]
        .as_array()
        .and_then(|details| details.iter().find_map(|d| d["errorCode"].as_str()))
        .or_else(|| error["status"].as_str())
        .map(str::to_owned)
}
