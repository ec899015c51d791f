//! The platform's HTTP stack as the core's HTTP port: OkHttp or `java.net.http` on Android,
//! `URLSession` on iOS, so that TLS, the system trust store, proxies and the network security
//! policy are the platform's. The core calls `send` on a worker thread of its own; it blocks
//! until the answer. The adapter must not follow redirects nor keep cookies.

use egate_core::net::{HttpClient, NetConfig, NetError};
use egate_core::ports::{HttpRequest, HttpResponse};
use std::sync::Arc;

/// Why no HTTP answer came.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum HttpFailure {
    /// No connection (no network, refused, DNS).
    #[error("the gateway cannot be reached: {reason}")]
    Offline {
        /// The platform's reason.
        reason: String,
    },
    /// No answer within the request's time limit.
    #[error("the gateway did not answer in time")]
    Timeout,
    /// The TLS connection was refused (untrusted certificate, pin mismatch).
    #[error("the gateway's identity could not be verified: {reason}")]
    Tls {
        /// The platform's reason.
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for HttpFailure {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Offline {
            reason: error.reason,
        }
    }
}

/// One header.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// A request for the platform to send.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpCall {
    /// `GET`, `POST`, `PUT`, `DELETE`, …
    pub method: String,
    /// The absolute URL.
    pub url: String,
    /// The headers to send.
    pub headers: Vec<HttpHeader>,
    /// The body, when there is one.
    pub body: Option<Vec<u8>>,
    /// The whole exchange's time limit, in milliseconds.
    pub timeout_millis: u64,
}

/// The platform's answer.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpAnswer {
    /// The status code.
    pub status: u16,
    /// The headers received (each `Set-Cookie` separately).
    pub headers: Vec<HttpHeader>,
    /// The body.
    pub body: Vec<u8>,
}

/// The platform's HTTP stack.
#[uniffi::export(with_foreign)]
pub trait HttpTransport: Send + Sync {
    /// Sends `call` and answers the response, whatever its status.
    fn send(&self, call: HttpCall) -> Result<HttpAnswer, HttpFailure>;
}

/// The foreign HTTP stack as the core's port.
struct PlatformHttp(Arc<dyn HttpTransport>);

impl egate_core::ports::HttpTransport for PlatformHttp {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, NetError> {
        let call = HttpCall {
            method: request.method,
            url: request.url,
            headers: request
                .headers
                .into_iter()
                .map(|(name, value)| HttpHeader { name, value })
                .collect(),
            body: request.body,
            timeout_millis: u64::try_from(request.timeout.as_millis()).unwrap_or(u64::MAX),
        };
        match self.0.send(call) {
            Ok(answer) => Ok(HttpResponse {
                status: answer.status,
                set_cookies: answer
                    .headers
                    .into_iter()
                    .filter(|h| h.name.eq_ignore_ascii_case("set-cookie"))
                    .map(|h| h.value)
                    .collect(),
                body: answer.body,
            }),
            Err(HttpFailure::Offline { reason }) => Err(NetError::Offline(reason)),
            Err(HttpFailure::Timeout) => Err(NetError::Timeout),
            Err(HttpFailure::Tls { reason }) => Err(NetError::Tls(reason)),
        }
    }
}

/// The core's HTTP client over the platform's stack.
pub(crate) fn client(http: Arc<dyn HttpTransport>) -> HttpClient {
    HttpClient::with_transport(Arc::new(PlatformHttp(http)), &NetConfig::default())
}
