//! Verified key attestation at device registration: certificate chains that must end in a
//! configured root (Android Key Attestation, Apple App Attest), and the protection level they
//! establish.

mod android;
mod apple;

pub use android::{KEY_DESCRIPTION_OID, verify_android_chain};
pub use apple::{AppAttestPolicy, NONCE_OID, verify_app_attest};

use der::Encode;
use egate_core::login::ProtectionLevel;
use egate_core::passive::CertificateRecord;

use crate::error::GatewayError;

/// The longest chain accepted.
pub const MAX_CHAIN: usize = 8;

pub(crate) fn invalid(why: &str) -> GatewayError {
    GatewayError::AttestationInvalid(why.to_owned())
}

/// Parses a chain (DER, leaf first), checks each certificate is signed by the next and the last
/// is, or is signed by, one of `roots`.
///
/// # Errors
/// [`GatewayError::AttestationUntrusted`] when the chain does not end in a root,
/// [`GatewayError::AttestationInvalid`] when it is malformed or a signature fails.
pub(crate) fn verify_chain(
    chain: &[Vec<u8>],
    roots: &[CertificateRecord],
) -> Result<Vec<CertificateRecord>, GatewayError> {
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
    Ok(certificates)
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
