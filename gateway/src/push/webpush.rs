//! Message encryption for Web Push (RFC 8291 over the `aes128gcm` content coding of RFC 8188):
//! the payload a UnifiedPush distributor relays is readable only by the device that holds the
//! subscription's private key and authentication secret.

use p256::elliptic_curve::sec1::ToSec1Point;
use p256::{PublicKey, SecretKey};
use ring::{aead, hkdf};

/// The record size announced in the header; one record carries the whole (short) payload.
const RECORD_SIZE: u32 = 4096;
/// The largest payload one record holds: the record size less the tag and the delimiter.
pub const MAX_PLAINTEXT: usize = RECORD_SIZE as usize - 16 - 1;

/// Why a payload cannot be encrypted for a subscription.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WebPushError {
    /// `p256dh` is not an uncompressed P-256 point.
    #[error("the subscription key is not a P-256 public key")]
    BadSubscriptionKey,
    /// `auth` is not 16 bytes.
    #[error("the subscription authentication secret is not 16 bytes")]
    BadAuthSecret,
    /// The payload does not fit one record.
    #[error("the payload exceeds {MAX_PLAINTEXT} bytes")]
    TooLarge,
    /// The key derivation or the cipher failed.
    #[error("encryption failed")]
    Crypto,
}

/// The receiving subscription: its public key and authentication secret.
#[derive(Debug, Clone)]
pub struct Subscription {
    /// The subscription's public key, uncompressed (65 bytes).
    pub p256dh: Vec<u8>,
    /// The subscription's authentication secret (16 bytes).
    pub auth: Vec<u8>,
}

/// Encrypts `plaintext` for `subscription` with a fresh sender key and salt.
///
/// # Errors
/// [`WebPushError`] naming the bad input, or [`WebPushError::Crypto`] without randomness.
pub fn encrypt(plaintext: &[u8], subscription: &Subscription) -> Result<Vec<u8>, WebPushError> {
    let sender = loop {
        let mut scalar = [0u8; 32];
        getrandom::fill(&mut scalar).map_err(|_| WebPushError::Crypto)?;
        if let Ok(key) = SecretKey::from_slice(&scalar) {
            break key;
        }
    };
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| WebPushError::Crypto)?;
    encrypt_with(plaintext, subscription, &sender, salt)
}

struct Length(usize);

impl hkdf::KeyType for Length {
    fn len(&self) -> usize {
        self.0
    }
}

fn hkdf_expand<const N: usize>(
    salt: &[u8],
    secret: &[u8],
    info: &[u8],
) -> Result<[u8; N], WebPushError> {
    let mut out = [0u8; N];
    hkdf::Salt::new(hkdf::HKDF_SHA256, salt)
        .extract(secret)
        .expand(&[info], Length(N))
        .and_then(|okm| okm.fill(&mut out))
        .map_err(|_| WebPushError::Crypto)?;
    Ok(out)
}

/// Encrypts with a given sender key and salt (the published test vector fixes both).
///
/// # Errors
/// As [`encrypt`].
pub fn encrypt_with(
    plaintext: &[u8],
    subscription: &Subscription,
    sender: &SecretKey,
    salt: [u8; 16],
) -> Result<Vec<u8>, WebPushError> {
    if plaintext.len() > MAX_PLAINTEXT {
        return Err(WebPushError::TooLarge);
    }
    let receiver = PublicKey::from_sec1_bytes(&subscription.p256dh)
        .map_err(|_| WebPushError::BadSubscriptionKey)?;
    if subscription.p256dh.len() != 65 {
        return Err(WebPushError::BadSubscriptionKey);
    }
    if subscription.auth.len() != 16 {
        return Err(WebPushError::BadAuthSecret);
    }
    let sender_public = sender.public_key().to_sec1_point(false);
    let shared = p256::ecdh::diffie_hellman(sender.to_nonzero_scalar(), receiver.as_affine());

    let mut key_info = b"WebPush: info\0".to_vec();
    key_info.extend_from_slice(&subscription.p256dh);
    key_info.extend_from_slice(sender_public.as_bytes());
    let ikm: [u8; 32] = hkdf_expand(
        &subscription.auth,
        shared.raw_secret_bytes().as_slice(),
        &key_info,
    )?;
    let cek: [u8; 16] = hkdf_expand(&salt, &ikm, b"Content-Encoding: aes128gcm\0")?;
    let nonce: [u8; 12] = hkdf_expand(&salt, &ikm, b"Content-Encoding: nonce\0")?;

    let key = aead::UnboundKey::new(&aead::AES_128_GCM, &cek)
        .map(aead::LessSafeKey::new)
        .map_err(|_| WebPushError::Crypto)?;
    let mut record = plaintext.to_vec();
    record.push(0x02);
    key.seal_in_place_append_tag(
        aead::Nonce::assume_unique_for_key(nonce),
        aead::Aad::empty(),
        &mut record,
    )
    .map_err(|_| WebPushError::Crypto)?;

    let mut body = Vec::with_capacity(16 + 4 + 1 + 65 + record.len());
    body.extend_from_slice(&salt);
    body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    body.push(65);
    body.extend_from_slice(sender_public.as_bytes());
    body.extend_from_slice(&record);
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64ct::{Base64UrlUnpadded, Encoding};

    fn b64(text: &str) -> Vec<u8> {
        Base64UrlUnpadded::decode_vec(text).unwrap()
    }

    fn rfc_subscription() -> Subscription {
        Subscription {
            p256dh: b64(
                "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
            ),
            auth: b64("BTBZMqHH6r4Tts7J_aSIgg"),
        }
    }

    #[test]
    fn reproduces_the_rfc_8291_appendix_a_message() {
        let sender =
            SecretKey::from_slice(&b64("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw")).unwrap();
        let salt: [u8; 16] = b64("DGv6ra1nlYgDCS1FRnbzlw").try_into().unwrap();
        let body = encrypt_with(
            b"When I grow up, I want to be a watermelon",
            &rfc_subscription(),
            &sender,
            salt,
        )
        .unwrap();
        assert_eq!(
            Base64UrlUnpadded::encode_string(&body),
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
        );
    }

    #[test]
    fn fresh_messages_differ_and_bad_subscriptions_are_refused() {
        let subscription = rfc_subscription();
        let first = encrypt(b"{}", &subscription).unwrap();
        let second = encrypt(b"{}", &subscription).unwrap();
        assert_ne!(first, second, "a fresh salt and sender key per message");
        assert_eq!(first.len(), 16 + 4 + 1 + 65 + 2 + 1 + 16);

        let mut bad_key = subscription.clone();
        bad_key.p256dh[10] ^= 0xff;
        assert_eq!(
            encrypt(b"{}", &bad_key),
            Err(WebPushError::BadSubscriptionKey)
        );
        let mut bad_auth = subscription.clone();
        bad_auth.auth.pop();
        assert_eq!(encrypt(b"{}", &bad_auth), Err(WebPushError::BadAuthSecret));
        assert_eq!(
            encrypt(&vec![b'x'; MAX_PLAINTEXT + 1], &subscription),
            Err(WebPushError::TooLarge)
        );
    }
}
