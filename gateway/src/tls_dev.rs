//! `--tls-dev`: a development certificate authority and a server certificate for the names the
//! gateway is reached by, made fresh at each start with rcgen. Only the CA certificate is
//! written (for clients to trust); the private keys stay in memory.

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::sync::Arc;

use crate::error::GatewayError;

/// A development TLS identity.
#[derive(Debug)]
pub struct DevTls {
    /// The CA certificate (DER) clients add as a development root.
    pub ca_der: Vec<u8>,
    /// The CA certificate as PEM.
    pub ca_pem: String,
    /// The server certificate (DER), whose SPKI clients may pin.
    pub server_der: Vec<u8>,
    /// The rustls server configuration.
    pub config: Arc<rustls::ServerConfig>,
}

fn internal(e: impl std::fmt::Display) -> GatewayError {
    GatewayError::Internal(format!("development TLS: {e}"))
}

impl DevTls {
    /// A CA and a server certificate for `names` (DNS names or IP addresses).
    ///
    /// # Errors
    /// [`GatewayError::Internal`].
    pub fn create(names: &[String]) -> Result<Self, GatewayError> {
        let ca_key = KeyPair::generate().map_err(internal)?;
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(internal)?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "egate gateway development CA");
        let ca = ca_params.self_signed(&ca_key).map_err(internal)?;
        let issuer = Issuer::new(ca_params, ca_key);
        let server_key = KeyPair::generate().map_err(internal)?;
        let mut server_params = CertificateParams::new(names.to_vec()).map_err(internal)?;
        server_params
            .distinguished_name
            .push(DnType::CommonName, "egate gateway (development)");
        let server = server_params
            .signed_by(&server_key, &issuer)
            .map_err(internal)?;
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(internal)?
            .with_no_client_auth()
            .with_single_cert(vec![CertificateDer::from(server.der().to_vec())], key)
            .map_err(internal)?;
        Ok(Self {
            ca_der: ca.der().to_vec(),
            ca_pem: ca.pem(),
            server_der: server.der().to_vec(),
            config: Arc::new(config),
        })
    }
}
