//! Canonical JSON (RFC 8785, JCS) and unpadded base64url, the two encodings every signed payload
//! of the login protocol uses.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde::Serialize;

/// The RFC 8785 canonical form of `value`.
pub(crate) fn to_canonical_json<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising plain structs of strings and integers cannot fail.
    serde_json_canonicalizer::to_vec(value).expect("login payloads serialise to JSON")
}

/// Unpadded base64url of `bytes`.
pub(crate) fn b64url(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

/// Decodes unpadded base64url, or `None` when `text` is not that.
pub(crate) fn from_b64url(text: &str) -> Option<Vec<u8>> {
    Base64UrlUnpadded::decode_vec(text).ok()
}
