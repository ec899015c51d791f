//! SPKI pinning on top of the platform verifier: the server's certificate must first pass the
//! platform's checks, then the SHA-256 of its SubjectPublicKeyInfo must be one of the pins.

use der::{Decode, Encode};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, Error, SignatureScheme};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// The platform verifier, with the certificate's key checked against pins.
#[derive(Debug)]
pub(super) struct PinningVerifier {
    pub(super) inner: Arc<dyn ServerCertVerifier>,
    pub(super) pins: Vec<[u8; 32]>,
}

/// SHA-256 over the SubjectPublicKeyInfo of a DER certificate.
pub(super) fn spki_sha256(certificate: &[u8]) -> Option<[u8; 32]> {
    let certificate = x509_cert::Certificate::from_der(certificate).ok()?;
    let spki = certificate
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .ok()?;
    Some(Sha256::digest(&spki).into())
}

impl ServerCertVerifier for PinningVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let verified = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )?;
        let digest = spki_sha256(end_entity)
            .ok_or_else(|| Error::General("unreadable server certificate".into()))?;
        if self.pins.iter().any(|pin| bool::from(pin.ct_eq(&digest))) {
            Ok(verified)
        } else {
            Err(Error::General(
                "the server key does not match the pinned key".into(),
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}
