//! Android Key Attestation: a key's certificate chain must end in a configured attestation
//! root, the leaf must carry the registered key, and its KeyDescription extension must name the
//! registration nonce as challenge. The attested security level (StrongBox, TEE) is the key's.

use der::asn1::OctetString;
use der::{Any, Decode, Encode, Tag, Tagged};
use egate_core::login::{ProtectionLevel, PublicKey};
use egate_core::passive::CertificateRecord;
use subtle::ConstantTimeEq;

use super::{invalid, verify_chain};
use crate::error::GatewayError;

/// OID of the Android KeyDescription extension.
pub const KEY_DESCRIPTION_OID: &str = "1.3.6.1.4.1.11129.2.1.17";

/// Verifies one key's chain (DER certificates, leaf first) against `roots`; answers the
/// attested protection level.
///
/// # Errors
/// [`GatewayError::AttestationUntrusted`] when the chain does not end in a root,
/// [`GatewayError::AttestationInvalid`] for anything else that fails.
pub fn verify_android_chain(
    chain: &[Vec<u8>],
    key: &PublicKey,
    challenge: &[u8],
    roots: &[CertificateRecord],
) -> Result<ProtectionLevel, GatewayError> {
    let certificates = verify_chain(chain, roots)?;
    let leaf = certificates[0].certificate();
    let leaf_key = leaf
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(|_| invalid("leaf key"))?;
    let leaf_key = PublicKey::from_spki_der(&leaf_key).map_err(|_| invalid("leaf key"))?;
    if leaf_key != *key {
        return Err(invalid("the chain attests another key"));
    }
    let extension = leaf
        .tbs_certificate()
        .extensions()
        .into_iter()
        .flatten()
        .find(|e| e.extn_id.to_string() == KEY_DESCRIPTION_OID)
        .ok_or_else(|| invalid("no KeyDescription"))?;
    let (level, attested_challenge) = key_description(extension.extn_value.as_bytes())?;
    if !bool::from(attested_challenge.as_slice().ct_eq(challenge)) {
        return Err(invalid(
            "the attestation challenge is not this registration's nonce",
        ));
    }
    Ok(level)
}

/// The attestation security level and challenge of a KeyDescription.
fn key_description(der: &[u8]) -> Result<(ProtectionLevel, Vec<u8>), GatewayError> {
    let fields: Vec<Any> = Vec::from_der(der).map_err(|_| invalid("KeyDescription"))?;
    let level = fields
        .get(1)
        .filter(|f| f.tag() == Tag::Enumerated)
        .map(|f| f.value())
        .ok_or_else(|| invalid("attestationSecurityLevel"))?;
    let level = match level {
        [2] => ProtectionLevel::AttestedStrongbox,
        [1] => ProtectionLevel::AttestedTee,
        _ => ProtectionLevel::Software,
    };
    let challenge = fields
        .get(4)
        .and_then(|f| f.decode_as::<OctetString>().ok())
        .ok_or_else(|| invalid("attestationChallenge"))?;
    Ok((level, challenge.as_bytes().to_vec()))
}
