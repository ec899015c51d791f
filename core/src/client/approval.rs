//! Approving a login on this device: list pending challenges (pull), fetch one and verify the
//! gateway-signed context against the gateway keys the device trusts, then approve with the
//! typed code, deny, or report — signed by the user-verification key over exactly the context
//! shown. A decision can only be made on a [`ShownChallenge`], which only a verified fetch
//! produces, so nothing unverified is ever shown or signed.

use crate::net::Method;
use base64ct::{Base64UrlUnpadded, Encoding};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::time::Duration;

use super::device::DeviceClient;
use super::error::ClientError;
use super::session::typed;
use crate::keystore::sign_checked;
use crate::login::PublicKey;
use crate::login::approval::{Action, ApprovalContext, Decision, SignedContext};
use crate::login::qr_login::{LoginQr, QrLoginError};
use crate::ports::{SignPrompt, SignPurpose};
use zeroize::Zeroizing;

/// The longest a long-poll for challenges is held, below the default 20 s request timeout.
pub const MAX_LONG_POLL: Duration = Duration::from_secs(15);

/// A pending challenge as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingChallenge {
    /// Opaque id.
    pub id: String,
    /// Expiry, Unix seconds.
    pub expires_at: i64,
}

/// A challenge whose context was verified and may be shown and decided on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownChallenge {
    context: ApprovalContext,
    digest: [u8; 32],
    scanned: Option<ScannedSecret>,
}

/// The one-time secret of a scanned login QR code (never printed).
#[derive(Clone, PartialEq, Eq)]
struct ScannedSecret(Zeroizing<String>);

impl std::fmt::Debug for ScannedSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ScannedSecret(…)")
    }
}

impl ShownChallenge {
    /// What to show the holder.
    pub fn context(&self) -> &ApprovalContext {
        &self.context
    }

    /// Whether it came from a scanned QR code (approved with the code's secret, no typing).
    pub fn scanned(&self) -> bool {
        self.scanned.is_some()
    }

    /// The scanned code's secret, which a QR approval carries instead of typed digits.
    pub(super) fn scanned_secret(&self) -> Option<&str> {
        self.scanned.as_ref().map(|secret| secret.0.as_str())
    }
}

impl DeviceClient<'_> {
    /// The account's pending challenges (possession key).
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn pending_challenges(&self) -> Result<Vec<PendingChallenge>, ClientError> {
        let answer = self
            .signed_call(Method::GET, "/api/v1/device/challenges", None, None)
            .await?;
        typed(answer["challenges"].clone())
    }

    /// The account's pending challenges, the gateway holding the request up to `wait` (at most
    /// [`MAX_LONG_POLL`], below the request timeout) until one opens (long-poll).
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn wait_for_challenges(
        &self,
        wait: Duration,
    ) -> Result<Vec<PendingChallenge>, ClientError> {
        let seconds = wait.min(MAX_LONG_POLL).as_secs();
        let path = format!("/api/v1/device/challenges?wait={seconds}");
        let answer = self.signed_call(Method::GET, &path, None, None).await?;
        typed(answer["challenges"].clone())
    }

    /// Fetches challenge `id` and verifies its context against `gateway_keys` (the pinned key
    /// and those followed from it).
    ///
    /// # Errors
    /// [`ClientError::Approval`] when the context is not signed by a trusted gateway key, is for
    /// another gateway or challenge, or expired; or another [`ClientError`].
    pub async fn show_challenge(
        &self,
        id: &str,
        gateway_keys: &[PublicKey],
    ) -> Result<ShownChallenge, ClientError> {
        let path = format!("/api/v1/device/challenges/{id}");
        let answer = self.signed_call(Method::GET, &path, None, None).await?;
        let signed: SignedContext = typed(answer["signed_context"].clone())?;
        let (context, digest) = signed.verify(gateway_keys, self.gateway(), self.now())?;
        if context.challenge_id != id {
            return Err(crate::login::approval::ApprovalError::Mismatch("challenge").into());
        }
        Ok(ShownChallenge {
            context,
            digest,
            scanned: None,
        })
    }

    /// Claims the scanned login code `qr` (already parsed against this device's gateway) and
    /// verifies the context of the login it belongs to against `gateway_keys`.
    ///
    /// # Errors
    /// [`ClientError::Refused`] with `qr_not_valid` for a code that is unknown, used, expired
    /// or another account's; [`ClientError::Approval`] for a context that fails verification.
    pub async fn claim_qr(
        &self,
        qr: &LoginQr,
        gateway_keys: &[PublicKey],
    ) -> Result<ShownChallenge, ClientError> {
        if qr.origin != self.gateway() {
            return Err(QrLoginError::ForeignOrigin(qr.origin.clone()).into());
        }
        let body = json!({ "sid": qr.sid, "secret": qr.secret.as_str() });
        let answer = self
            .signed_call(Method::POST, "/api/v1/device/qr-claims", Some(body), None)
            .await?;
        let signed: SignedContext = typed(answer["signed_context"].clone())?;
        let (context, digest) = signed.verify(gateway_keys, self.gateway(), self.now())?;
        if answer["challenge_id"].as_str() != Some(context.challenge_id.as_str()) {
            return Err(crate::login::approval::ApprovalError::Mismatch("challenge").into());
        }
        Ok(ShownChallenge {
            context,
            digest,
            scanned: Some(ScannedSecret(qr.secret.clone())),
        })
    }

    /// Decides on a shown challenge: `Approve` needs the code typed from the browser. The user
    /// is prompted by the user-verification key over the context's digest.
    ///
    /// # Errors
    /// [`ClientError`]; a wrong code is refused as `approval_code_wrong`.
    pub async fn decide(
        &self,
        shown: &ShownChallenge,
        action: Action,
        typed_code: Option<&str>,
    ) -> Result<(), ClientError> {
        let nonce = super::device::random_nonce()?;
        let decision = Decision::new(
            &shown.context,
            &shown.digest,
            action,
            typed_code,
            &nonce,
            self.now(),
        )
        .canonical();
        let registration = self.registration();
        let prompt = SignPrompt {
            purpose: match action {
                Action::Approve => SignPurpose::ApproveLogin,
                Action::Deny => SignPurpose::DenyLogin,
                Action::Report => SignPurpose::ReportLogin,
            },
            context_digest: shown.digest.to_vec(),
        };
        let signature = sign_checked(
            self.keys(),
            &registration.user_label,
            &registration.user_key,
            &decision,
            Some(prompt),
        )?;
        let body = json!({
            "decision": Base64UrlUnpadded::encode_string(&decision),
            "signature": Base64UrlUnpadded::encode_string(&signature),
        });
        let path = format!(
            "/api/v1/device/challenges/{}/decision",
            shown.context.challenge_id
        );
        // The decision carries the user-verification signature: the request around it is
        // signed by the possession key, so approving takes one biometric prompt, not two.
        self.signed_call(Method::POST, &path, Some(body), None)
            .await
            .map(drop)
    }
}
