//! Android Key Attestation at device registration: each key's certificate chain must end in a
//! configured attestation root, every certificate must be signed by the next, the leaf must
//! carry the registered key, and its KeyDescription extension must name the registration
//! nonce as challenge. The attested security level (StrongBox, TEE) becomes the device's
//! protection level.

use der::asn1::OctetString;
use der::{Any, Decode, Encode, Tag, Tagged};
use egate_core::login::{ProtectionLevel, PublicKey};
use egate_core::passive::CertificateRecord;
use subtle::ConstantTimeEq;

use crate::error::GatewayError;

/// OID of the Android KeyDescription extension.
pub const KEY_DESCRIPTION_OID: &str = "1.3.6.1.4.1.11129.2.1.17";
/// The longest chain accepted.
pub const MAX_CHAIN: usize = 8;

fn invalid(why: &str) -> GatewayError {
    GatewayError::AttestationInvalid(why.to_owned())
}

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
    if chain.is_empty() || chain.len() > MAX_CHAIN {
        return Err(invalid("a chain has 1 to 8 certificates"));
    }
    let certificates = chain
        .iter()
        .map(|der| CertificateRecord::from_der(der).map_err(|_| invalid("unreadable certificate")))
        .collect::<Result<Vec<_>, _>>()?;
    for pair in certificates.windows(2) {
        let issuer = pair[1]
            .public_key()
            .map_err(|_| invalid("unsupported issuer key"))?;
        pair[0]
            .verify_signed_by(&issuer)
            .map_err(|_| invalid("a certificate is not signed by the next"))?;
    }
    let last = &certificates[certificates.len() - 1];
    let anchored = roots.iter().any(|root| {
        root.der() == last.der()
            || root
                .public_key()
                .is_ok_and(|key| last.verify_signed_by(&key).is_ok())
    });
    if !anchored {
        return Err(GatewayError::AttestationUntrusted);
    }
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

/// The weaker of two levels (a device is as strong as its weaker key).
pub fn weaker(a: ProtectionLevel, b: ProtectionLevel) -> ProtectionLevel {
    let rank = |level: ProtectionLevel| match level {
        ProtectionLevel::AttestedStrongbox => 3,
        ProtectionLevel::AttestedTee | ProtectionLevel::AttestedSecureEnclave => 2,
        ProtectionLevel::ClaimedHardware => 1,
        ProtectionLevel::Software => 0,
    };
    if rank(a) <= rank(b) { a } else { b }
}

/// Reads attestation roots from PEM or DER bytes.
///
/// # Errors
/// [`GatewayError::Internal`] when no certificate can be read.
pub fn roots_from_bytes(bytes: &[u8]) -> Result<Vec<CertificateRecord>, GatewayError> {
    let bad = || GatewayError::Internal("an attestation root file holds no certificate".into());
    if let Ok(text) = std::str::from_utf8(bytes)
        && text.contains("-----BEGIN CERTIFICATE-----")
    {
        let certificates = x509_cert::Certificate::load_pem_chain(bytes).map_err(|_| bad())?;
        return certificates
            .iter()
            .map(|c| {
                c.to_der()
                    .ok()
                    .and_then(|der| CertificateRecord::from_der(&der).ok())
                    .ok_or_else(bad)
            })
            .collect();
    }
    Ok(vec![CertificateRecord::from_der(bytes).map_err(|_| bad())?])
}
