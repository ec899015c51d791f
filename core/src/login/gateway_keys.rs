//! The gateway's own signing keys as published: each key after the first is endorsed by its
//! predecessor (a signature over a canonical statement naming the gateway, the new key and when
//! it starts), so a device that pinned one key at registration follows rotations without
//! trusting anything else; a replaced key stays valid through an overlap period.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::canonical::to_canonical_json;
use super::keys::PublicKey;

/// The statement a gateway key signs to endorse its successor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyEndorsement {
    /// Format version (1).
    pub v: u32,
    /// The gateway origin.
    pub aud: String,
    /// Always `gateway-key-rotation`.
    pub purpose: String,
    /// The successor's key id.
    pub key_id: String,
    /// The successor's SPKI, base64url.
    pub public_key: String,
    /// When the successor starts, Unix seconds.
    pub valid_from: i64,
}

impl KeyEndorsement {
    /// The statement endorsing `key` from `valid_from` at `audience`.
    pub fn new(audience: &str, key: &PublicKey, valid_from: i64) -> Self {
        Self {
            v: 1,
            aud: audience.to_owned(),
            purpose: "gateway-key-rotation".to_owned(),
            key_id: key.key_id(),
            public_key: Base64UrlUnpadded::encode_string(key.spki_der()),
            valid_from,
        }
    }

    /// The signed bytes: RFC 8785 canonical JSON.
    pub fn canonical(&self) -> Vec<u8> {
        to_canonical_json(self)
    }
}

/// A gateway key as `GET /api/v1/gateway-keys` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedKey {
    /// Key id.
    pub key_id: String,
    /// SPKI, base64url.
    pub public_key: String,
    /// Start of validity, Unix seconds.
    pub valid_from: i64,
    /// End of validity (set when a successor took over), Unix seconds.
    pub valid_until: Option<i64>,
    /// The predecessor's DER signature over the [`KeyEndorsement`], base64url (none for the
    /// first key).
    pub endorsement: Option<String>,
}

/// Why a device cannot follow the published keys.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GatewayKeyError {
    /// The pinned key is not among the published keys.
    #[error("the gateway no longer lists the pinned key")]
    PinnedKeyMissing,
    /// A published key is malformed or not endorsed by its predecessor.
    #[error("the gateway key {0} is not endorsed by its predecessor")]
    BrokenChain(String),
}

/// Follows the published keys from `pinned` (listed oldest first): every later key must be
/// endorsed by the one before. Answers the newest key and every followed key still valid at
/// `now` (newest first).
///
/// # Errors
/// [`GatewayKeyError`].
pub fn follow(
    pinned: &PublicKey,
    published: &[PublishedKey],
    audience: &str,
    now: i64,
) -> Result<Vec<PublicKey>, GatewayKeyError> {
    let start = published
        .iter()
        .position(|k| k.key_id == pinned.key_id())
        .ok_or(GatewayKeyError::PinnedKeyMissing)?;
    let mut chain = vec![(pinned.clone(), published[start].valid_until)];
    for next in &published[start + 1..] {
        let broken = || GatewayKeyError::BrokenChain(next.key_id.clone());
        let spki = Base64UrlUnpadded::decode_vec(&next.public_key).map_err(|_| broken())?;
        let key = PublicKey::from_spki_der(&spki).map_err(|_| broken())?;
        let signature = next
            .endorsement
            .as_deref()
            .and_then(|s| Base64UrlUnpadded::decode_vec(s).ok())
            .ok_or_else(broken)?;
        let statement = KeyEndorsement::new(audience, &key, next.valid_from);
        let (previous, _) = &chain[chain.len() - 1];
        if key.key_id() != next.key_id
            || previous.verify(&statement.canonical(), &signature).is_err()
        {
            return Err(broken());
        }
        chain.push((key, next.valid_until));
    }
    let newest = chain.len() - 1;
    Ok(chain
        .into_iter()
        .enumerate()
        .rev()
        .filter(|(index, (_, until))| *index == newest || until.is_none_or(|u| u >= now))
        .map(|(_, (key, _))| key)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Signer;
    use p256::ecdsa::{DerSignature, SigningKey};
    use p256::pkcs8::EncodePublicKey;

    const AUD: &str = "https://gw.example";

    fn key(seed: u8) -> (SigningKey, PublicKey) {
        let signing = SigningKey::from_slice(&[seed; 32]).unwrap();
        let spki = signing.verifying_key().to_public_key_der().unwrap();
        (signing, PublicKey::from_spki_der(spki.as_bytes()).unwrap())
    }

    fn published(
        key: &PublicKey,
        from: i64,
        until: Option<i64>,
        by: Option<&SigningKey>,
    ) -> PublishedKey {
        let endorsement = by.map(|signer| {
            let signature: DerSignature =
                signer.sign(&KeyEndorsement::new(AUD, key, from).canonical());
            Base64UrlUnpadded::encode_string(signature.as_bytes())
        });
        PublishedKey {
            key_id: key.key_id(),
            public_key: Base64UrlUnpadded::encode_string(key.spki_der()),
            valid_from: from,
            valid_until: until,
            endorsement,
        }
    }

    #[test]
    fn a_pinned_key_follows_endorsed_successors_and_keeps_overlapping_keys() {
        let (a_sign, a) = key(1);
        let (b_sign, b) = key(2);
        let (_, c) = key(3);
        let list = [
            published(&a, 0, Some(100), None),
            published(&b, 50, Some(300), Some(&a_sign)),
            published(&c, 200, None, Some(&b_sign)),
        ];
        assert_eq!(follow(&a, &list, AUD, 250).unwrap(), [c.clone(), b.clone()]);
        assert_eq!(
            follow(&a, &list, AUD, 400).unwrap(),
            std::slice::from_ref(&c)
        );
        assert_eq!(follow(&b, &list, AUD, 250).unwrap(), [c.clone(), b.clone()]);
        assert_eq!(
            follow(&c, &list, AUD, 250).unwrap(),
            std::slice::from_ref(&c)
        );
    }

    #[test]
    fn forged_successors_and_lost_pins_are_refused() {
        let (_, a) = key(1);
        let (_, b) = key(2);
        let (mallory_sign, _) = key(9);
        let forged = [
            published(&a, 0, None, None),
            published(&b, 50, None, Some(&mallory_sign)),
        ];
        assert_eq!(
            follow(&a, &forged, AUD, 60),
            Err(GatewayKeyError::BrokenChain(b.key_id()))
        );
        let (a_sign, _) = key(1);
        let other_gateway = [published(&a, 0, None, None), {
            let mut p = published(&b, 50, None, Some(&a_sign));
            p.valid_from = 51;
            p
        }];
        assert!(
            follow(&a, &other_gateway, AUD, 60).is_err(),
            "the signed start time is checked"
        );
        assert_eq!(
            follow(&b, &forged[..1], AUD, 60),
            Err(GatewayKeyError::PinnedKeyMissing)
        );
    }
}
