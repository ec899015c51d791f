//! The HTTP client the login protocol uses: its TLS set-up, origin rules, timeouts, retries and
//! error mapping.

use reqwest::Method;
use rustls::client::danger::ServerCertVerifier;
use rustls::pki_types::CertificateDer;
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;

use super::pinning::PinningVerifier;

/// How the client reaches gateways.
#[derive(Debug, Clone)]
pub struct NetConfig {
    /// Extra trusted roots (DER), for a development gateway's own CA.
    pub dev_roots: Vec<Vec<u8>>,
    /// SHA-256 pins of server SubjectPublicKeyInfos; when any is set, one must match.
    pub spki_pins: Vec<[u8; 32]>,
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Connection timeout.
    pub connect_timeout: Duration,
    /// Retries of idempotent calls after a connection failure or a 502/503/504.
    pub retries: u32,
    /// The first retry's delay; each next one doubles it.
    pub backoff: Duration,
}

impl Default for NetConfig {
    fn default() -> Self {
        Self {
            dev_roots: Vec::new(),
            spki_pins: Vec::new(),
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(8),
            retries: 2,
            backoff: Duration::from_millis(250),
        }
    }
}

/// Why a call did not produce an HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NetError {
    /// The gateway could not be reached (no network, refused, DNS).
    #[error("the gateway cannot be reached: {0}")]
    Offline(String),
    /// The gateway did not answer in time.
    #[error("the gateway did not answer in time")]
    Timeout,
    /// The TLS connection was refused (untrusted certificate, pin mismatch).
    #[error("the gateway's identity could not be verified: {0}")]
    Tls(String),
    /// The URL is not HTTPS (plain HTTP is allowed to loopback only) or is malformed.
    #[error("refusing {0}: gateways are reached over HTTPS (plain HTTP only on this machine)")]
    InsecureOrigin(String),
    /// The client could not be set up.
    #[error("the HTTP client could not be set up: {0}")]
    Setup(String),
}

/// An HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The `Set-Cookie` headers.
    pub set_cookies: Vec<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// An HTTP client for gateways.
#[derive(Debug, Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    retries: u32,
    backoff: Duration,
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Makes ring the process's rustls crypto provider, unless one is installed already; HTTP
/// clients built without [`HttpClient`] (tests, tools) need it.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl HttpClient {
    /// A client with `config`.
    ///
    /// # Errors
    /// [`NetError::Setup`] when the platform verifier or the TLS configuration fails.
    pub fn new(config: &NetConfig) -> Result<Self, NetError> {
        let setup = |e: &dyn std::fmt::Display| NetError::Setup(e.to_string());
        let provider = provider();
        let platform = if config.dev_roots.is_empty() {
            rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| setup(&e))?
        } else {
            let roots = config
                .dev_roots
                .iter()
                .map(|der| CertificateDer::from(der.clone()));
            rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider.clone())
                .map_err(|e| setup(&e))?
        };
        let verifier: Arc<dyn ServerCertVerifier> = if config.spki_pins.is_empty() {
            Arc::new(platform)
        } else {
            Arc::new(PinningVerifier {
                inner: Arc::new(platform),
                pins: config.spki_pins.clone(),
            })
        };
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| setup(&e))?
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| setup(&e))?;
        Ok(Self {
            client,
            retries: config.retries,
            backoff: config.backoff,
        })
    }

    /// Sends one request; idempotent methods are retried with backoff after a connection
    /// failure, a timeout, or a 502/503/504 answer.
    ///
    /// # Errors
    /// [`NetError`] when no HTTP answer was obtained.
    pub async fn send(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, String)],
        body: Option<Vec<u8>>,
    ) -> Result<HttpResponse, NetError> {
        check_origin(url)?;
        let idempotent = matches!(
            method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE
        );
        let mut attempt = 0;
        loop {
            let mut request = self.client.request(method.clone(), url);
            for (name, value) in headers {
                request = request.header(*name, value);
            }
            if let Some(body) = &body {
                request = request
                    .header("content-type", "application/json")
                    .body(body.clone());
            }
            let result = match request.send().await {
                Ok(response) => read(response).await,
                Err(error) => Err(map_error(&error)),
            };
            let retryable = match &result {
                Ok(response) => matches!(response.status, 502..=504),
                Err(NetError::Offline(_) | NetError::Timeout) => true,
                Err(_) => false,
            };
            if !(idempotent && retryable && attempt < self.retries) {
                return result;
            }
            tokio::time::sleep(self.backoff * 2u32.pow(attempt)).await;
            attempt += 1;
        }
    }
}

async fn read(response: reqwest::Response) -> Result<HttpResponse, NetError> {
    let status = response.status().as_u16();
    let set_cookies = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    let body = response.bytes().await.map_err(|e| map_error(&e))?.to_vec();
    Ok(HttpResponse {
        status,
        set_cookies,
        body,
    })
}

fn map_error(error: &reqwest::Error) -> NetError {
    if error.is_timeout() {
        return NetError::Timeout;
    }
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    if text.contains("certificate")
        || text.contains("pinned")
        || text.contains("InvalidCertificate")
    {
        NetError::Tls(text)
    } else {
        NetError::Offline(text)
    }
}

/// HTTPS anywhere; plain HTTP only to loopback hosts.
fn check_origin(url: &str) -> Result<(), NetError> {
    let refuse = || NetError::InsecureOrigin(url.to_owned());
    let parsed = reqwest::Url::parse(url).map_err(|_| refuse())?;
    match parsed.scheme() {
        "https" => Ok(()),
        "http" => {
            let host = parsed.host_str().unwrap_or_default();
            let host = host.trim_start_matches('[').trim_end_matches(']');
            let loopback = host == "localhost"
                || host
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
            if loopback { Ok(()) } else { Err(refuse()) }
        }
        _ => Err(refuse()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_refused_except_to_loopback() {
        assert!(check_origin("https://gateway.example/api").is_ok());
        assert!(check_origin("http://127.0.0.1:8080/api").is_ok());
        assert!(check_origin("http://[::1]:8080/").is_ok());
        assert!(check_origin("http://localhost/").is_ok());
        assert!(matches!(
            check_origin("http://gateway.example/"),
            Err(NetError::InsecureOrigin(_))
        ));
        assert!(matches!(
            check_origin("ftp://127.0.0.1/"),
            Err(NetError::InsecureOrigin(_))
        ));
        assert!(matches!(
            check_origin("not a url"),
            Err(NetError::InsecureOrigin(_))
        ));
    }
}
