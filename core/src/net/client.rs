//! The HTTP client the login protocol uses: its backend (reqwest on the desktop, the
//! platform's HTTP stack through the port on phones), origin rules, timeouts and retries.

use http::Method;
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;

use crate::ports::{HttpRequest, HttpResponse, HttpTransport};

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

/// Where requests go.
#[derive(Clone)]
enum Backend {
    /// reqwest over rustls, on the desktop.
    #[cfg(feature = "native-http")]
    Native(reqwest::Client),
    /// The platform's HTTP stack, through the port.
    Platform(Arc<dyn HttpTransport>),
}

/// An HTTP client for gateways.
#[derive(Clone)]
pub struct HttpClient {
    backend: Backend,
    timeout: Duration,
    retries: u32,
    backoff: Duration,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let backend = match &self.backend {
            #[cfg(feature = "native-http")]
            Backend::Native(_) => "native",
            Backend::Platform(_) => "platform",
        };
        f.debug_struct("HttpClient")
            .field("backend", &backend)
            .field("retries", &self.retries)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client over reqwest and rustls with `config` (desktop).
    ///
    /// # Errors
    /// [`NetError::Setup`] when the platform verifier or the TLS configuration fails.
    #[cfg(feature = "native-http")]
    pub fn new(config: &NetConfig) -> Result<Self, NetError> {
        Ok(Self {
            backend: Backend::Native(super::native::client(config)?),
            timeout: config.timeout,
            retries: config.retries,
            backoff: config.backoff,
        })
    }

    /// A client over the platform's HTTP stack (phones); `config`'s timeout, retries and
    /// backoff apply, its roots and pins are the platform's business.
    pub fn with_transport(transport: Arc<dyn HttpTransport>, config: &NetConfig) -> Self {
        Self {
            backend: Backend::Platform(transport),
            timeout: config.timeout,
            retries: config.retries,
            backoff: config.backoff,
        }
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
        let mut headers: Vec<(String, String)> = headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect();
        if body.is_some() {
            headers.push(("content-type".into(), "application/json".into()));
        }
        let mut attempt = 0;
        loop {
            let result = self.exchange(&method, url, &headers, body.as_deref()).await;
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

    async fn exchange(
        &self,
        method: &Method,
        url: &str,
        headers: &[(String, String)],
        body: Option<&[u8]>,
    ) -> Result<HttpResponse, NetError> {
        match &self.backend {
            #[cfg(feature = "native-http")]
            Backend::Native(client) => {
                super::native::exchange(client, method, url, headers, body).await
            }
            Backend::Platform(transport) => {
                let request = HttpRequest {
                    method: method.as_str().to_owned(),
                    url: url.to_owned(),
                    headers: headers.to_vec(),
                    body: body.map(<[u8]>::to_vec),
                    timeout: self.timeout,
                };
                on_platform_thread(Arc::clone(transport), request).await
            }
        }
    }
}

/// Runs the platform's blocking exchange on its own thread, so that a caller that stops
/// waiting (a cancelled flow) is not held up by it.
async fn on_platform_thread(
    transport: Arc<dyn HttpTransport>,
    request: HttpRequest,
) -> Result<HttpResponse, NetError> {
    let (done, answer) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("egate-http".into())
        .spawn(move || {
            let _ = done.send(transport.send(request));
        })
        .map_err(|e| NetError::Setup(format!("no HTTP thread: {e}")))?;
    answer
        .await
        .unwrap_or_else(|_| Err(NetError::Offline("the HTTP thread ended".into())))
}

/// HTTPS anywhere; plain HTTP only to loopback hosts.
fn check_origin(url: &str) -> Result<(), NetError> {
    let refuse = || NetError::InsecureOrigin(url.to_owned());
    if let Some(rest) = url.strip_prefix("https://") {
        return if authority(rest).is_empty() {
            Err(refuse())
        } else {
            Ok(())
        };
    }
    let rest = url.strip_prefix("http://").ok_or_else(refuse)?;
    let authority = authority(rest);
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((host, port)) if port.is_empty() || port.starts_with(':') => host,
            _ => return Err(refuse()),
        },
        None => authority.split(':').next().unwrap_or_default(),
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback { Ok(()) } else { Err(refuse()) }
}

/// The authority of a URL after its scheme: up to the path, query or fragment, without user
/// information.
fn authority(rest: &str) -> &str {
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    authority.rsplit('@').next().unwrap_or_default()
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
        for hostile in [
            "not a url",
            "https://",
            "http://127.0.0.1@gateway.example/",
            "http://localhost.gateway.example/",
            "http://[::1].gateway.example/",
        ] {
            assert!(
                matches!(check_origin(hostile), Err(NetError::InsecureOrigin(_))),
                "{hostile}"
            );
        }
    }
}
