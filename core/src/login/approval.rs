//! Push and pull approval formats, shared by the device and the gateway: the context of a login
//! awaiting approval, signed with the gateway's pinned key (so the device verifies it before
//! showing anything), and the device's decision, signed with the user-verification key over the
//! challenge, the action, the code the user typed and the SHA-256 of the exact context bytes
//! shown.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

use super::canonical::{b64url, from_b64url, to_canonical_json};
use super::keys::PublicKey;
use super::signed_request::MIN_NONCE_BYTES;

/// The longest a decision may claim to stay valid, in seconds (a challenge lives 120 s).
pub const MAX_DECISION_SECS: i64 = 120;

/// What the gateway tells the device about a login awaiting approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalContext {
    /// Format version (1).
    pub v: u32,
    /// The gateway origin.
    pub aud: String,
    /// The challenge's opaque id.
    pub challenge_id: String,
    /// The service being logged in to.
    pub service: String,
    /// The browser, as the gateway saw it.
    pub browser: String,
    /// The operating system, as the gateway saw it.
    pub os: String,
    /// The client address.
    pub ip: String,
    /// Approximate location of the address in English: a country, "local network" for
    /// private ranges, or "unknown location".
    pub location: String,
    /// The ISO 3166-1 alpha-2 code of that country, for the app to name it in its language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// When the login started, Unix seconds.
    pub created_at: i64,
    /// When the challenge expires, Unix seconds.
    pub exp: i64,
}

impl ApprovalContext {
    /// The signed bytes: RFC 8785 canonical JSON.
    pub fn canonical(&self) -> Vec<u8> {
        to_canonical_json(self)
    }
}

/// Why a context or a decision was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ApprovalError {
    /// Not the expected JSON, not canonical, or not base64url.
    #[error("the approval message is malformed")]
    Malformed,
    /// The signature does not verify under any trusted key.
    #[error("the approval message is not signed by the expected key")]
    BadSignature,
    /// It names another gateway or challenge, or covers another context.
    #[error("the approval message is for something else ({0})")]
    Mismatch(&'static str),
    /// It expired or claims too long a validity.
    #[error("the approval message is expired or too long-lived")]
    Expired,
    /// An approval without the typed code, or a nonce shorter than 128 bits.
    #[error("the approval decision is incomplete ({0})")]
    Incomplete(&'static str),
}

/// A context with the gateway's signature, as the device receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedContext {
    /// base64url canonical JSON of the [`ApprovalContext`].
    pub context: String,
    /// base64url DER ECDSA signature by the gateway key.
    pub signature: String,
}

impl SignedContext {
    /// Wraps a context and the gateway's signature over its canonical bytes.
    pub fn new(context: &ApprovalContext, signature: &[u8]) -> Self {
        Self {
            context: b64url(&context.canonical()),
            signature: b64url(signature),
        }
    }

    /// Checks the signature against the gateway keys the device trusts (its pinned key and the
    /// keys it followed), the audience and the expiry; answers the context and the SHA-256 of
    /// its exact bytes, which the decision must cover.
    ///
    /// # Errors
    /// [`ApprovalError`].
    pub fn verify(
        &self,
        gateway_keys: &[PublicKey],
        audience: &str,
        now: i64,
    ) -> Result<(ApprovalContext, [u8; 32]), ApprovalError> {
        let bytes = from_b64url(&self.context).ok_or(ApprovalError::Malformed)?;
        let signature = from_b64url(&self.signature).ok_or(ApprovalError::Malformed)?;
        if !gateway_keys
            .iter()
            .any(|k| k.verify(&bytes, &signature).is_ok())
        {
            return Err(ApprovalError::BadSignature);
        }
        let context: ApprovalContext =
            serde_json::from_slice(&bytes).map_err(|_| ApprovalError::Malformed)?;
        if context.canonical() != bytes || context.v != 1 {
            return Err(ApprovalError::Malformed);
        }
        if context.aud != audience {
            return Err(ApprovalError::Mismatch("audience"));
        }
        if context.exp < now {
            return Err(ApprovalError::Expired);
        }
        Ok((context, Sha256::digest(&bytes).into()))
    }
}

/// What the holder decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Let the login in (with the code typed from the browser).
    Approve,
    /// Refuse this login.
    Deny,
    /// "This wasn't me": refuse and block two-factor logins until the holder proves who they are.
    Report,
}

/// The decision the user-verification key signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Format version (1).
    pub v: u32,
    /// The gateway origin.
    pub aud: String,
    /// The challenge decided on.
    pub challenge_id: String,
    /// Approve, deny or report.
    pub action: Action,
    /// The code the user typed from the browser, or the one-time secret of the login QR code
    /// scanned (approvals only).
    pub typed_code: Option<String>,
    /// base64url SHA-256 of the exact context bytes shown.
    pub context_sha256: String,
    /// At least 128 random bits, base64url.
    pub nonce: String,
    /// Expiry, Unix seconds.
    pub exp: i64,
}

impl Decision {
    /// A decision on the verified context whose bytes hash to `context_digest`.
    pub fn new(
        context: &ApprovalContext,
        context_digest: &[u8; 32],
        action: Action,
        typed_code: Option<&str>,
        nonce: &[u8; MIN_NONCE_BYTES],
        now: i64,
    ) -> Self {
        Self {
            v: 1,
            aud: context.aud.clone(),
            challenge_id: context.challenge_id.clone(),
            action,
            typed_code: typed_code.map(str::to_owned),
            context_sha256: b64url(context_digest),
            nonce: b64url(nonce),
            exp: (now + MAX_DECISION_SECS).min(context.exp),
        }
    }

    /// The signed bytes: RFC 8785 canonical JSON.
    pub fn canonical(&self) -> Vec<u8> {
        to_canonical_json(self)
    }
}

/// What the gateway expects of a decision.
#[derive(Debug, Clone, Copy)]
pub struct DecisionExpectation<'a> {
    /// Its own origin.
    pub audience: &'a str,
    /// The challenge the request is about.
    pub challenge_id: &'a str,
    /// SHA-256 of the context bytes it signed for this challenge.
    pub context_digest: &'a [u8; 32],
    /// Its current time.
    pub now: i64,
}

/// Checks a decision (canonical JSON `bytes`, DER `signature`) against the device's
/// user-verification key and what the gateway expects; answers it. The gateway still compares
/// the typed code with its own, in constant time, and keeps the nonce against replay.
///
/// # Errors
/// [`ApprovalError`].
pub fn verify_decision(
    bytes: &[u8],
    signature: &[u8],
    user_key: &PublicKey,
    expected: &DecisionExpectation<'_>,
) -> Result<Decision, ApprovalError> {
    user_key
        .verify(bytes, signature)
        .map_err(|_| ApprovalError::BadSignature)?;
    let decision: Decision = serde_json::from_slice(bytes).map_err(|_| ApprovalError::Malformed)?;
    if decision.canonical() != bytes || decision.v != 1 {
        return Err(ApprovalError::Malformed);
    }
    if decision.aud != expected.audience {
        return Err(ApprovalError::Mismatch("audience"));
    }
    if decision.challenge_id != expected.challenge_id {
        return Err(ApprovalError::Mismatch("challenge"));
    }
    if decision.context_sha256 != Base64UrlUnpadded::encode_string(expected.context_digest) {
        return Err(ApprovalError::Mismatch("context"));
    }
    if decision.exp < expected.now || decision.exp - expected.now > MAX_DECISION_SECS {
        return Err(ApprovalError::Expired);
    }
    if from_b64url(&decision.nonce).is_none_or(|n| n.len() < MIN_NONCE_BYTES) {
        return Err(ApprovalError::Incomplete("nonce"));
    }
    if decision.action == Action::Approve && decision.typed_code.is_none() {
        return Err(ApprovalError::Incomplete("typed code"));
    }
    Ok(decision)
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Signer;
    use p256::ecdsa::{DerSignature, SigningKey};
    use p256::pkcs8::EncodePublicKey;

    const AUD: &str = "https://gw.example";

    fn pair(seed: u8) -> (SigningKey, PublicKey) {
        let signing = SigningKey::from_slice(&[seed; 32]).unwrap();
        let spki = signing.verifying_key().to_public_key_der().unwrap();
        (signing, PublicKey::from_spki_der(spki.as_bytes()).unwrap())
    }

    fn sign(key: &SigningKey, message: &[u8]) -> Vec<u8> {
        let signature: DerSignature = key.sign(message);
        signature.as_bytes().to_vec()
    }

    fn context() -> ApprovalContext {
        ApprovalContext {
            v: 1,
            aud: AUD.into(),
            challenge_id: "ch-1".into(),
            service: "e-Government".into(),
            browser: "Firefox 140".into(),
            os: "Linux".into(),
            ip: "192.168.1.20".into(),
            location: "local network".into(),
            country: None,
            created_at: 1000,
            exp: 1120,
        }
    }

    #[test]
    fn a_context_verifies_only_under_a_trusted_gateway_key_and_audience() {
        let (gateway, gateway_key) = pair(1);
        let (foreign, _) = pair(2);
        let signed = SignedContext::new(&context(), &sign(&gateway, &context().canonical()));
        let (shown, digest) = signed
            .verify(std::slice::from_ref(&gateway_key), AUD, 1010)
            .unwrap();
        assert_eq!(shown.browser, "Firefox 140");
        assert_eq!(
            digest,
            <[u8; 32]>::from(Sha256::digest(context().canonical()))
        );
        let forged = SignedContext::new(&context(), &sign(&foreign, &context().canonical()));
        assert_eq!(
            forged.verify(std::slice::from_ref(&gateway_key), AUD, 1010),
            Err(ApprovalError::BadSignature)
        );
        assert_eq!(
            signed.verify(
                std::slice::from_ref(&gateway_key),
                "https://other.example",
                1010
            ),
            Err(ApprovalError::Mismatch("audience"))
        );
        assert_eq!(
            signed.verify(std::slice::from_ref(&gateway_key), AUD, 1121),
            Err(ApprovalError::Expired)
        );
    }

    #[test]
    fn a_decision_binds_the_challenge_the_context_shown_and_the_typed_code() {
        let (user, user_key) = pair(3);
        let (possession, _) = pair(4);
        let digest: [u8; 32] = Sha256::digest(context().canonical()).into();
        let decision = Decision::new(
            &context(),
            &digest,
            Action::Approve,
            Some("417"),
            &[5; 16],
            1010,
        );
        assert_eq!(decision.exp, 1120);
        let bytes = decision.canonical();
        let expect = DecisionExpectation {
            audience: AUD,
            challenge_id: "ch-1",
            context_digest: &digest,
            now: 1011,
        };
        assert_eq!(
            verify_decision(&bytes, &sign(&user, &bytes), &user_key, &expect)
                .unwrap()
                .typed_code
                .as_deref(),
            Some("417")
        );
        assert_eq!(
            verify_decision(&bytes, &sign(&possession, &bytes), &user_key, &expect),
            Err(ApprovalError::BadSignature)
        );
        let other_context = [9u8; 32];
        let elsewhere = DecisionExpectation {
            context_digest: &other_context,
            ..expect
        };
        assert_eq!(
            verify_decision(&bytes, &sign(&user, &bytes), &user_key, &elsewhere),
            Err(ApprovalError::Mismatch("context"))
        );
        let other = DecisionExpectation {
            challenge_id: "ch-2",
            ..expect
        };
        assert_eq!(
            verify_decision(&bytes, &sign(&user, &bytes), &user_key, &other),
            Err(ApprovalError::Mismatch("challenge"))
        );
        let late = DecisionExpectation {
            now: 1121,
            ..expect
        };
        assert_eq!(
            verify_decision(&bytes, &sign(&user, &bytes), &user_key, &late),
            Err(ApprovalError::Expired)
        );
        let codeless =
            Decision::new(&context(), &digest, Action::Approve, None, &[5; 16], 1010).canonical();
        assert_eq!(
            verify_decision(&codeless, &sign(&user, &codeless), &user_key, &expect),
            Err(ApprovalError::Incomplete("typed code"))
        );
        let deny =
            Decision::new(&context(), &digest, Action::Deny, None, &[6; 16], 1010).canonical();
        assert_eq!(
            verify_decision(&deny, &sign(&user, &deny), &user_key, &expect)
                .unwrap()
                .action,
            Action::Deny
        );
        let spaced = String::from_utf8(bytes.clone())
            .unwrap()
            .replacen(':', ": ", 1)
            .into_bytes();
        assert_eq!(
            verify_decision(&spaced, &sign(&user, &spaced), &user_key, &expect),
            Err(ApprovalError::Malformed)
        );
    }
}
