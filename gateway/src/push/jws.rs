//! Compact JSON Web Signatures for the push providers' credentials: RS256 for the FCM OAuth2
//! assertion (RFC 7523), ES256 for the APNs provider token and nothing else.

use base64ct::{Base64UrlUnpadded, Encoding};
use p256::ecdsa::signature::Signer;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use serde_json::Value;

use super::ProviderError;

fn signing_input(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}",
        Base64UrlUnpadded::encode_string(header.to_string().as_bytes()),
        Base64UrlUnpadded::encode_string(claims.to_string().as_bytes())
    )
}

/// `header.claims.signature` signed with RSASSA-PKCS1-v1_5 and SHA-256.
///
/// # Errors
/// [`ProviderError::Credentials`] when signing fails.
pub fn rs256(key: &RsaKeyPair, header: &Value, claims: &Value) -> Result<String, ProviderError> {
    let input = signing_input(header, claims);
    let mut signature = vec![0u8; key.public().modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        input.as_bytes(),
        &mut signature,
    )
    .map_err(|_| ProviderError::Credentials("RSA signing failed".into()))?;
    Ok(format!(
        "{input}.{}",
        Base64UrlUnpadded::encode_string(&signature)
    ))
}

/// `header.claims.signature` signed with ECDSA P-256 and SHA-256 (`r‖s`).
pub fn es256(key: &p256::ecdsa::SigningKey, header: &Value, claims: &Value) -> String {
    let input = signing_input(header, claims);
    let signature: p256::ecdsa::Signature = key.sign(input.as_bytes());
    format!(
        "{input}.{}",
        Base64UrlUnpadded::encode_string(&signature.to_bytes())
    )
}

/// The DER inside a PEM block labelled `label`.
///
/// # Errors
/// [`ProviderError::Credentials`] for anything else.
pub fn pem_der(pem: &str, label: &str) -> Result<Vec<u8>, ProviderError> {
    let (found, der) = der::pem::decode_vec(pem.trim().as_bytes())
        .map_err(|e| ProviderError::Credentials(format!("PEM: {e}")))?;
    if found != label {
        return Err(ProviderError::Credentials(format!(
            "expected a PEM {label}, found {found}"
        )));
    }
    Ok(der)
}
