//! Signed device requests: the claims a device signs for one HTTP request (version, audience,
//! key id, method, path and query, body digest, issue and expiry time, nonce), their canonical
//! JSON, the header that carries them, and the checks the gateway makes before it trusts one.
//!
//! The header value is `base64url(canonical claims) "." base64url(DER ES256 signature)`. The
//! receiver checks that the claims it got are already canonical, so the signed bytes and the
//! checked fields can never differ.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

use super::canonical::{b64url, from_b64url, to_canonical_json};
use super::keys::{KeyError, PublicKey};

/// The version of the claims format.
pub const VERSION: u32 = 1;
/// The longest validity a request may claim (`exp - iat`), in seconds.
pub const MAX_LIFETIME_SECS: i64 = 60;
/// How far a request's `iat` may lie in the receiver's future, in seconds.
pub const MAX_FUTURE_SKEW_SECS: i64 = 30;
/// The shortest nonce, in bytes (128 bits).
pub const MIN_NONCE_BYTES: usize = 16;
/// The HTTP header that carries a signed request.
pub const HEADER: &str = "egate-signature";

/// What a device signs for one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestClaims {
    /// Format version ([`VERSION`]).
    pub v: u32,
    /// The gateway origin the request is meant for (`https://host[:port]`).
    pub aud: String,
    /// The key id of the signing key.
    pub key_id: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The request target: path and query as sent.
    pub path_and_query: String,
    /// base64url SHA-256 of the request body (of the empty string when there is none).
    pub body_sha256: String,
    /// Issue time, Unix seconds.
    pub iat: i64,
    /// Expiry, Unix seconds, at most [`MAX_LIFETIME_SECS`] after `iat`.
    pub exp: i64,
    /// At least [`MIN_NONCE_BYTES`] random bytes, base64url.
    pub nonce: String,
}

impl RequestClaims {
    /// Claims for `method path_and_query` with `body`, issued at `now` for the longest allowed
    /// lifetime.
    pub fn new(
        audience: &str,
        key_id: &str,
        method: &str,
        path_and_query: &str,
        body: &[u8],
        now: i64,
        nonce: &[u8; MIN_NONCE_BYTES],
    ) -> Self {
        Self {
            v: VERSION,
            aud: audience.to_owned(),
            key_id: key_id.to_owned(),
            method: method.to_ascii_uppercase(),
            path_and_query: path_and_query.to_owned(),
            body_sha256: body_digest(body),
            iat: now,
            exp: now + MAX_LIFETIME_SECS,
            nonce: b64url(nonce),
        }
    }

    /// The bytes that are signed: the RFC 8785 canonical JSON of the claims.
    pub fn canonical(&self) -> Vec<u8> {
        to_canonical_json(self)
    }
}

/// base64url SHA-256 of a request body.
pub fn body_digest(body: &[u8]) -> String {
    b64url(&Sha256::digest(body))
}

/// Why a signed request was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SignedRequestError {
    /// The header is not `claims.signature` in base64url, or the claims are not the JSON object.
    #[error("the signed request is malformed")]
    Malformed,
    /// The claims are valid JSON but not in canonical form.
    #[error("the signed claims are not canonical JSON")]
    NotCanonical,
    /// The claims have a version this side does not speak.
    #[error("unsupported signed-request version {0}")]
    UnsupportedVersion(u32),
    /// The claims name another gateway.
    #[error("the request is meant for another gateway")]
    WrongAudience,
    /// The claims describe another request (method, target or body).
    #[error("the signature covers a different request ({0})")]
    RequestMismatch(&'static str),
    /// The claimed lifetime is longer than allowed or negative.
    #[error("the request's validity period is not allowed")]
    BadLifetime,
    /// The nonce is shorter than 128 bits.
    #[error("the request nonce is too short")]
    ShortNonce,
    /// The request is expired or issued in the future: the clocks disagree. The receiver's time
    /// is given so the sender can retry once with corrected time.
    #[error("the request is outside its validity period (receiver time {receiver_time})")]
    OutsideValidity {
        /// The receiver's current Unix time.
        receiver_time: i64,
    },
    /// The signature is malformed or does not verify under the named key.
    #[error("the request signature is invalid: {0}")]
    Signature(KeyError),
}

/// A request's claims as received, with the signature over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    claims_json: Vec<u8>,
    signature: Vec<u8>,
}

impl SignedRequest {
    /// Wraps claims signed by the device (`signature` is DER ECDSA over `claims.canonical()`).
    pub fn new(claims: &RequestClaims, signature: Vec<u8>) -> Self {
        Self {
            claims_json: claims.canonical(),
            signature,
        }
    }

    /// The header value: `base64url(claims).base64url(signature)`.
    pub fn header_value(&self) -> String {
        format!("{}.{}", b64url(&self.claims_json), b64url(&self.signature))
    }

    /// Parses a header value, checking only its shape.
    ///
    /// # Errors
    /// [`SignedRequestError::Malformed`].
    pub fn from_header(value: &str) -> Result<Self, SignedRequestError> {
        let (claims, signature) = value.split_once('.').ok_or(SignedRequestError::Malformed)?;
        Ok(Self {
            claims_json: from_b64url(claims).ok_or(SignedRequestError::Malformed)?,
            signature: from_b64url(signature).ok_or(SignedRequestError::Malformed)?,
        })
    }

    /// The claims, once they are known to be canonical JSON of the expected shape. Not yet
    /// verified: use [`SignedRequest::verify`] before trusting them.
    ///
    /// # Errors
    /// [`SignedRequestError::Malformed`] or [`SignedRequestError::NotCanonical`].
    pub fn claims(&self) -> Result<RequestClaims, SignedRequestError> {
        let claims: RequestClaims =
            serde_json::from_slice(&self.claims_json).map_err(|_| SignedRequestError::Malformed)?;
        if claims.canonical() != self.claims_json {
            return Err(SignedRequestError::NotCanonical);
        }
        Ok(claims)
    }

    /// Checks the request against what the receiver saw and against `key`, and answers the
    /// verified claims. The caller still owns the replay check of the nonce (kept until `exp`)
    /// and the lookup of `key` by the claims' key id.
    ///
    /// # Errors
    /// Every [`SignedRequestError`] but `Malformed` names the first check that failed.
    pub fn verify(
        &self,
        key: &PublicKey,
        expected: &Expectation<'_>,
    ) -> Result<RequestClaims, SignedRequestError> {
        let claims = self.claims()?;
        if claims.v != VERSION {
            return Err(SignedRequestError::UnsupportedVersion(claims.v));
        }
        key.verify(&self.claims_json, &self.signature)
            .map_err(SignedRequestError::Signature)?;
        if claims.key_id != key.key_id() {
            return Err(SignedRequestError::RequestMismatch("key id"));
        }
        if claims.aud != expected.audience {
            return Err(SignedRequestError::WrongAudience);
        }
        if claims.method != expected.method.to_ascii_uppercase() {
            return Err(SignedRequestError::RequestMismatch("method"));
        }
        if claims.path_and_query != expected.path_and_query {
            return Err(SignedRequestError::RequestMismatch("path"));
        }
        if claims.body_sha256 != body_digest(expected.body) {
            return Err(SignedRequestError::RequestMismatch("body"));
        }
        if claims.exp <= claims.iat || claims.exp - claims.iat > MAX_LIFETIME_SECS {
            return Err(SignedRequestError::BadLifetime);
        }
        if from_b64url(&claims.nonce).is_none_or(|nonce| nonce.len() < MIN_NONCE_BYTES) {
            return Err(SignedRequestError::ShortNonce);
        }
        if claims.iat > expected.now + MAX_FUTURE_SKEW_SECS || claims.exp < expected.now {
            return Err(SignedRequestError::OutsideValidity {
                receiver_time: expected.now,
            });
        }
        Ok(claims)
    }
}

/// The request as the receiver saw it.
#[derive(Debug, Clone, Copy)]
pub struct Expectation<'a> {
    /// The receiver's own origin.
    pub audience: &'a str,
    /// The method of the HTTP request.
    pub method: &'a str,
    /// The request target as received.
    pub path_and_query: &'a str,
    /// The body as received.
    pub body: &'a [u8],
    /// The receiver's current Unix time.
    pub now: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Signer;
    use p256::ecdsa::{DerSignature, SigningKey};
    use p256::pkcs8::EncodePublicKey;

    const AUD: &str = "https://gateway.example";

    fn device() -> (SigningKey, PublicKey) {
        let signing = SigningKey::from_slice(&[3; 32]).unwrap();
        let spki = signing.verifying_key().to_public_key_der().unwrap();
        (signing, PublicKey::from_spki_der(spki.as_bytes()).unwrap())
    }

    fn signed(signing: &SigningKey, claims: &RequestClaims) -> SignedRequest {
        let signature: DerSignature = signing.sign(&claims.canonical());
        SignedRequest::new(claims, signature.as_bytes().to_vec())
    }

    fn claims(key: &PublicKey, now: i64) -> RequestClaims {
        RequestClaims::new(
            AUD,
            &key.key_id(),
            "post",
            "/api/v1/x?y=1",
            b"{}",
            now,
            &[9; 16],
        )
    }

    fn expect(now: i64) -> Expectation<'static> {
        Expectation {
            audience: AUD,
            method: "POST",
            path_and_query: "/api/v1/x?y=1",
            body: b"{}",
            now,
        }
    }

    #[test]
    fn a_request_verifies_through_its_header() {
        let (signing, key) = device();
        let header = signed(&signing, &claims(&key, 1000)).header_value();
        let parsed = SignedRequest::from_header(&header).unwrap();
        let verified = parsed.verify(&key, &expect(1010)).unwrap();
        assert_eq!(verified.method, "POST");
        assert_eq!(verified.exp, 1060);
    }

    #[test]
    fn the_canonical_form_sorts_members() {
        let (_, key) = device();
        let text = String::from_utf8(claims(&key, 5).canonical()).unwrap();
        assert!(text.starts_with("{\"aud\":\"https://gateway.example\",\"body_sha256\":"));
        assert!(text.ends_with(",\"v\":1}"));
    }

    #[test]
    fn each_mismatch_is_named() {
        let (signing, key) = device();
        let request = signed(&signing, &claims(&key, 1000));
        let check = |e: Expectation<'_>| request.verify(&key, &e).unwrap_err();
        assert_eq!(
            check(Expectation {
                audience: "https://evil.example",
                ..expect(1000)
            }),
            SignedRequestError::WrongAudience
        );
        assert_eq!(
            check(Expectation {
                method: "DELETE",
                ..expect(1000)
            }),
            SignedRequestError::RequestMismatch("method")
        );
        assert_eq!(
            check(Expectation {
                path_and_query: "/api/v1/x?y=2",
                ..expect(1000)
            }),
            SignedRequestError::RequestMismatch("path")
        );
        assert_eq!(
            check(Expectation {
                body: b"{\"a\":1}",
                ..expect(1000)
            }),
            SignedRequestError::RequestMismatch("body")
        );
        assert_eq!(
            check(expect(1061)),
            SignedRequestError::OutsideValidity {
                receiver_time: 1061
            }
        );
        assert_eq!(
            check(expect(969)),
            SignedRequestError::OutsideValidity { receiver_time: 969 }
        );
    }

    #[test]
    fn forged_and_stretched_claims_are_refused() {
        let (signing, key) = device();
        let mut long = claims(&key, 1000);
        long.exp = 1000 + MAX_LIFETIME_SECS + 1;
        assert_eq!(
            signed(&signing, &long).verify(&key, &expect(1000)),
            Err(SignedRequestError::BadLifetime)
        );
        let mut short_nonce = claims(&key, 1000);
        short_nonce.nonce = b64url(&[1; 8]);
        assert_eq!(
            signed(&signing, &short_nonce).verify(&key, &expect(1000)),
            Err(SignedRequestError::ShortNonce)
        );
        let mut v2 = claims(&key, 1000);
        v2.v = 2;
        assert_eq!(
            signed(&signing, &v2).verify(&key, &expect(1000)),
            Err(SignedRequestError::UnsupportedVersion(2))
        );
        let other = SigningKey::from_slice(&[4; 32]).unwrap();
        assert!(matches!(
            signed(&other, &claims(&key, 1000)).verify(&key, &expect(1000)),
            Err(SignedRequestError::Signature(KeyError::BadSignature))
        ));
    }

    #[test]
    fn non_canonical_or_foreign_claims_are_refused() {
        let (signing, key) = device();
        let good = signed(&signing, &claims(&key, 1000)).header_value();
        let (claims_part, signature_part) = good.split_once('.').unwrap();
        let json = String::from_utf8(from_b64url(claims_part).unwrap()).unwrap();
        let spaced = json.replacen(':', ": ", 1);
        let header = format!("{}.{signature_part}", b64url(spaced.as_bytes()));
        assert_eq!(
            SignedRequest::from_header(&header).unwrap().claims(),
            Err(SignedRequestError::NotCanonical)
        );
        let extra = json.replacen('{', "{\"admin\":true,", 1);
        let header = format!("{}.{signature_part}", b64url(extra.as_bytes()));
        assert_eq!(
            SignedRequest::from_header(&header).unwrap().claims(),
            Err(SignedRequestError::Malformed)
        );
        for bad in ["", "abc", "a.b.c", "!!.??"] {
            assert!(
                SignedRequest::from_header(bad)
                    .and_then(|r| r.claims())
                    .is_err(),
                "{bad}"
            );
        }
    }
}
