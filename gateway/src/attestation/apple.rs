//! Apple App Attest: the attestation object (CBOR) of the app's App Attest key, whose
//! certificate chain must end in the configured App Attest root, whose nonce extension must be
//! SHA-256(authData ‖ clientDataHash) with clientDataHash the SHA-256 of the canonical
//! registration statement (so the attestation vouches for exactly the two registered keys),
//! and whose authenticator data must name this app, a fresh counter and the attested key.

use ciborium::Value;
use der::asn1::OctetString;
use der::{Any, Decode, Tagged};
use egate_core::login::ProtectionLevel;
use egate_core::passive::CertificateRecord;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{invalid, verify_chain};
use crate::error::GatewayError;

/// OID of the App Attest nonce extension of the credential certificate.
pub const NONCE_OID: &str = "1.2.840.113635.100.8.2";
/// The longest attestation object accepted.
const MAX_OBJECT: usize = 16 * 1024;

/// What an App Attest attestation must match.
#[derive(Debug, Clone)]
pub struct AppAttestPolicy {
    /// The App ID: team id, a dot, the bundle id.
    pub app_id: String,
    /// The App Attest root certificates (Apple's in production).
    pub roots: Vec<CertificateRecord>,
    /// Whether the development environment (`appattestdevelop`) is accepted.
    pub allow_development: bool,
}

fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

fn field<'a>(map: &'a [(Value, Value)], name: &str) -> Option<&'a Value> {
    map.iter()
        .find(|(key, _)| key.as_text() == Some(name))
        .map(|(_, value)| value)
}

/// Verifies an App Attest attestation `object` of the App Attest key `key_id` over
/// `client_data_hash`; answers the protection level it establishes.
///
/// # Errors
/// [`GatewayError::AttestationUntrusted`] when the chain does not end in a root,
/// [`GatewayError::AttestationInvalid`] for every other failed check.
pub fn verify_app_attest(
    object: &[u8],
    key_id: &[u8],
    client_data_hash: &[u8; 32],
    policy: &AppAttestPolicy,
) -> Result<ProtectionLevel, GatewayError> {
    if object.len() > MAX_OBJECT {
        return Err(invalid("attestation object too large"));
    }
    let value: Value = ciborium::from_reader(object).map_err(|_| invalid("attestation object"))?;
    let map = value
        .as_map()
        .ok_or_else(|| invalid("attestation object"))?;
    if field(map, "fmt").and_then(Value::as_text) != Some("apple-appattest") {
        return Err(invalid("fmt"));
    }
    let statement = field(map, "attStmt")
        .and_then(Value::as_map)
        .ok_or_else(|| invalid("attStmt"))?;
    let chain: Vec<Vec<u8>> = field(statement, "x5c")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("x5c"))?
        .iter()
        .map(|c| c.as_bytes().cloned().ok_or_else(|| invalid("x5c")))
        .collect::<Result<_, _>>()?;
    let auth_data = field(map, "authData")
        .and_then(Value::as_bytes)
        .ok_or_else(|| invalid("authData"))?;
    let certificates = verify_chain(&chain, &policy.roots)?;
    let credential = certificates[0].certificate();

    let mut hashed = auth_data.clone();
    hashed.extend_from_slice(client_data_hash);
    let expected_nonce = Sha256::digest(&hashed);
    let extension = credential
        .tbs_certificate()
        .extensions()
        .into_iter()
        .flatten()
        .find(|e| e.extn_id.to_string() == NONCE_OID)
        .ok_or_else(|| invalid("no nonce extension"))?;
    if !same(&nonce_of(extension.extn_value.as_bytes())?, &expected_nonce) {
        return Err(invalid("the nonce does not cover this registration"));
    }
    let point = credential
        .tbs_certificate()
        .subject_public_key_info()
        .subject_public_key
        .raw_bytes();
    if !same(&Sha256::digest(point), key_id) {
        return Err(invalid("the certificate is not the App Attest key's"));
    }
    check_auth_data(auth_data, key_id, policy)?;
    Ok(ProtectionLevel::AttestedSecureEnclave)
}

/// The nonce in the extension value `SEQUENCE { [1] EXPLICIT OCTET STRING }`.
fn nonce_of(der: &[u8]) -> Result<Vec<u8>, GatewayError> {
    let fields: Vec<Any> = Vec::from_der(der).map_err(|_| invalid("nonce extension"))?;
    let tagged = fields
        .iter()
        .find(|f| f.tag().is_context_specific() && f.tag().number().value() == 1)
        .ok_or_else(|| invalid("nonce extension"))?;
    let octets = OctetString::from_der(tagged.value()).map_err(|_| invalid("nonce extension"))?;
    Ok(octets.as_bytes().to_vec())
}

/// rpIdHash, counter 0, the environment's AAGUID and the credential id.
fn check_auth_data(
    auth: &[u8],
    key_id: &[u8],
    policy: &AppAttestPolicy,
) -> Result<(), GatewayError> {
    if auth.len() < 55 {
        return Err(invalid("authData too short"));
    }
    if !same(&auth[..32], &Sha256::digest(policy.app_id.as_bytes())) {
        return Err(invalid("the attestation is for another app"));
    }
    if auth[33..37] != [0, 0, 0, 0] {
        return Err(invalid("the counter of a new key is 0"));
    }
    let aaguid = &auth[37..53];
    let production = *b"appattest\0\0\0\0\0\0\0";
    let development = *b"appattestdevelop";
    if !(aaguid == production || (policy.allow_development && aaguid == development)) {
        return Err(invalid("the App Attest environment is not accepted"));
    }
    let length = usize::from(u16::from_be_bytes([auth[53], auth[54]]));
    let credential = auth
        .get(55..55 + length)
        .ok_or_else(|| invalid("credential id"))?;
    if !same(credential, key_id) {
        return Err(invalid("the credential id is not the key id"));
    }
    Ok(())
}
