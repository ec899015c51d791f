//! A registered device's own calls, authenticated by signed requests instead of a cookie:
//! listing, renaming and removing devices, and rotating its keys. A clock-skew refusal is
//! retried once with the gateway's time.

use crate::net::Method;
use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{Value, json};

use super::answers::{BackupCodes, DeviceList};
use super::error::ClientError;
use super::session::{KeyLabels, KeysProof, answer, typed};
use crate::keystore::sign_checked;
use crate::login::gateway_keys::{PublishedKey, follow};
use crate::login::signed_request::{HEADER, MIN_NONCE_BYTES};
use crate::login::{
    PublicKey, RegistrationPurpose, RegistrationStatement, RequestClaims, SignedRequest,
};
use crate::net::HttpClient;
use crate::ports::{Clock, KeyStore, SignPrompt, SignPurpose};
use crate::store::Registration;

/// The keys that replaced a device's keys, for the local store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotatedKeys {
    /// New possession key's label and key.
    pub possession: (String, PublicKey),
    /// New user-verification key's label and key.
    pub user: (String, PublicKey),
}

/// A registered device talking to its gateway.
pub struct DeviceClient<'a> {
    http: &'a HttpClient,
    keys: &'a dyn KeyStore,
    registration: &'a Registration,
    clock: &'a dyn Clock,
}

impl std::fmt::Debug for DeviceClient<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceClient")
            .field("gateway", &self.registration.gateway)
            .field("device", &self.registration.device_id)
            .finish_non_exhaustive()
    }
}

pub(super) fn random_nonce() -> Result<[u8; MIN_NONCE_BYTES], ClientError> {
    let mut nonce = [0u8; MIN_NONCE_BYTES];
    getrandom::fill(&mut nonce)
        .map_err(|e| ClientError::Protocol(format!("no randomness: {e}")))?;
    Ok(nonce)
}

impl<'a> DeviceClient<'a> {
    /// The device of `registration`, signing with `keys`.
    pub fn new(
        http: &'a HttpClient,
        keys: &'a dyn KeyStore,
        registration: &'a Registration,
        clock: &'a dyn Clock,
    ) -> Self {
        Self {
            http,
            keys,
            registration,
            clock,
        }
    }

    /// Sends a signed request with `nonce`; with a `prompt` purpose it is signed by the
    /// user-verification key (behind the user's prompt), else by the possession key.
    async fn signed(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        prompt: Option<SignPurpose>,
        nonce: &[u8; MIN_NONCE_BYTES],
    ) -> Result<Value, ClientError> {
        let r = self.registration;
        let (label, key) = if prompt.is_some() {
            (&r.user_label, &r.user_key)
        } else {
            (&r.possession_label, &r.possession_key)
        };
        let bytes = body.map(|b| serde_json::to_vec(&b).unwrap_or_default());
        let mut offset = 0;
        for attempt in 0..2 {
            let now = self.clock.now_unix_seconds() + offset;
            let claims = RequestClaims::new(
                &r.gateway,
                &key.key_id(),
                method.as_str(),
                path,
                bytes.as_deref().unwrap_or_default(),
                now,
                nonce,
            );
            let canonical = claims.canonical();
            let prompt = prompt.map(|purpose| SignPrompt {
                purpose,
                context_digest: <sha2::Sha256 as sha2::Digest>::digest(&canonical).to_vec(),
            });
            let signature = sign_checked(self.keys, label, key, &canonical, prompt)?;
            let header = SignedRequest::new(&claims, signature).header_value();
            let response = self
                .http
                .send(
                    method.clone(),
                    &format!("{}{path}", r.gateway),
                    &[(HEADER, header)],
                    bytes.clone(),
                )
                .await?;
            let result = answer(&response);
            if attempt == 0
                && let Err(ClientError::Refused { code, .. }) = &result
                && code == "clock_skew"
                && let Some(server_time) = serde_json::from_slice::<Value>(&response.body)
                    .ok()
                    .and_then(|v| v["server_time"].as_i64())
            {
                offset = server_time - self.clock.now_unix_seconds();
                continue;
            }
            return result;
        }
        Err(ClientError::Protocol("clock skew persists".into()))
    }

    /// A signed call with a fresh nonce.
    pub(super) async fn signed_call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        prompt: Option<SignPurpose>,
    ) -> Result<Value, ClientError> {
        self.signed(method, path, body, prompt, &random_nonce()?)
            .await
    }

    pub(super) fn gateway(&self) -> &str {
        &self.registration.gateway
    }

    pub(super) fn now(&self) -> i64 {
        self.clock.now_unix_seconds()
    }

    pub(super) fn registration(&self) -> &Registration {
        self.registration
    }

    pub(super) fn keys(&self) -> &dyn KeyStore {
        self.keys
    }

    /// Follows the gateway's key rotations from the pinned key: answers the newest gateway key
    /// when it is not the pinned one (the caller pins it in the local store).
    ///
    /// # Errors
    /// [`ClientError::GatewayKey`] when a published key is not endorsed by its predecessor or
    /// the pinned key is gone, or another [`ClientError`].
    pub async fn follow_gateway_key(&self) -> Result<Option<PublicKey>, ClientError> {
        let r = self.registration;
        let url = format!("{}/api/v1/gateway-keys", r.gateway);
        let response = self.http.send(Method::GET, &url, &[], None).await?;
        let published: Vec<PublishedKey> = typed(answer(&response)?["keys"].take())?;
        let now = self.clock.now_unix_seconds();
        let valid = follow(&r.gateway_key, &published, &r.gateway, now)?;
        Ok(valid
            .into_iter()
            .next()
            .filter(|newest| *newest != r.gateway_key))
    }

    /// A new set of backup codes, replacing the old; signed by the user-verification key (the
    /// holder confirms). Show them once: nothing of them is kept here.
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn new_backup_codes(&self) -> Result<BackupCodes, ClientError> {
        let answer = self
            .signed_call(
                Method::POST,
                "/api/v1/device/backup-codes",
                None,
                Some(SignPurpose::ManageAccount),
            )
            .await?;
        let codes: Vec<String> = typed(answer["codes"].clone())?;
        let remaining = answer["remaining"]
            .as_i64()
            .ok_or_else(|| ClientError::Protocol("no remaining count".into()))?;
        Ok(BackupCodes {
            codes: codes.into_iter().map(zeroize::Zeroizing::new).collect(),
            remaining,
        })
    }

    /// How many unused backup codes remain.
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn backup_codes_remaining(&self) -> Result<i64, ClientError> {
        let answer = self
            .signed_call(Method::GET, "/api/v1/device/backup-codes", None, None)
            .await?;
        answer["remaining"]
            .as_i64()
            .ok_or_else(|| ClientError::Protocol("no remaining count".into()))
    }

    /// Deletes the backup codes; signed by the user-verification key.
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn delete_backup_codes(&self) -> Result<(), ClientError> {
        self.signed_call(
            Method::DELETE,
            "/api/v1/device/backup-codes",
            None,
            Some(SignPurpose::ManageAccount),
        )
        .await
        .map(drop)
    }

    /// The account's devices (possession key).
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn devices(&self) -> Result<DeviceList, ClientError> {
        typed(
            self.signed(
                Method::GET,
                "/api/v1/device/devices",
                None,
                None,
                &random_nonce()?,
            )
            .await?,
        )
    }

    /// Renames a device (user-verification key).
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn rename(&self, device_id: &str, name: &str) -> Result<(), ClientError> {
        let path = format!("/api/v1/device/devices/{device_id}");
        self.signed(
            Method::PATCH,
            &path,
            Some(json!({ "name": name })),
            Some(SignPurpose::ManageAccount),
            &random_nonce()?,
        )
        .await
        .map(drop)
    }

    /// Removes a device (user-verification key).
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn remove(&self, device_id: &str) -> Result<(), ClientError> {
        let path = format!("/api/v1/device/devices/{device_id}");
        self.signed(
            Method::DELETE,
            &path,
            None,
            Some(SignPurpose::ManageAccount),
            &random_nonce()?,
        )
        .await
        .map(drop)
    }

    /// Replaces this device's keys: two new keys are proven over the signed request's nonce and
    /// the request is signed by the current user-verification key. The old keys stay in the key
    /// store for the caller to delete once the local store holds the new ones.
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn rotate(&self) -> Result<RotatedKeys, ClientError> {
        let r = self.registration;
        let nonce = random_nonce()?;
        let nonce_text = Base64UrlUnpadded::encode_string(&nonce);
        let labels = KeyLabels::new(&r.gateway, &r.citizen_id, &nonce_text);
        let result = self.rotate_with(&labels, &nonce, &nonce_text).await;
        if result.is_err() {
            let _ = self.keys.delete(&labels.possession);
            let _ = self.keys.delete(&labels.user);
        }
        result
    }

    async fn rotate_with(
        &self,
        labels: &KeyLabels,
        nonce: &[u8; MIN_NONCE_BYTES],
        nonce_text: &str,
    ) -> Result<RotatedKeys, ClientError> {
        let key = |der: &[u8]| {
            PublicKey::from_spki_der(der).map_err(|e| ClientError::Protocol(e.to_string()))
        };
        let possession = key(&self
            .keys
            .create(&labels.possession, false, None)?
            .public_key_spki)?;
        let user = key(&self.keys.create(&labels.user, true, None)?.public_key_spki)?;
        let statement = RegistrationStatement::new(
            &self.registration.gateway,
            RegistrationPurpose::Rotate,
            nonce_text,
            &possession,
            &user,
        );
        let proof = KeysProof::new(self.keys, labels, (&possession, &user), &statement)?;
        let answer = self
            .signed(
                Method::POST,
                "/api/v1/device/rotate",
                Some(proof.json),
                Some(SignPurpose::RotateKeys),
                nonce,
            )
            .await?;
        if answer["user_key_id"].as_str() != Some(user.key_id().as_str()) {
            return Err(ClientError::Protocol(
                "rotation answer names other keys".into(),
            ));
        }
        Ok(RotatedKeys {
            possession: (labels.possession.clone(), possession),
            user: (labels.user.clone(), user),
        })
    }
}
