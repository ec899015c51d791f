//! Why the test PKI cannot be built or used (a bug in this crate, never a runtime condition).

use thiserror::Error;

/// A failure to generate, load or use a test PKI object.
#[derive(Debug, Error)]
pub enum PkiError {
    /// A DER structure failed to encode or decode.
    #[error("DER: {0}")]
    Der(#[from] der::Error),
    /// A PEM document failed to encode or decode.
    #[error("PEM: {0}")]
    Pem(#[from] der::pem::Error),
    /// A certificate or CRL failed to build.
    #[error("X.509 builder: {0}")]
    Builder(#[from] x509_cert::builder::Error),
    /// RSA key generation failed.
    #[error("RSA: {0}")]
    Rsa(#[from] rsa::Error),
    /// A signature failed.
    #[error("signature: {0}")]
    Signature(#[from] rsa::signature::Error),
    /// A public key failed to encode.
    #[error("public key: {0}")]
    PublicKey(#[from] spki::Error),
    /// A private key failed to encode or decode.
    #[error("private key: {0}")]
    PrivateKey(#[from] p256::pkcs8::Error),
}
