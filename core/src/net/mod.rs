//! HTTPS to gateways: over the platform's HTTP stack through the [`HttpTransport`](crate::ports::HttpTransport)
//! port (phones), or reqwest over rustls (ring) with the platform's certificate verifier,
//! optional development roots and SPKI pinning (desktop, feature `native-http`); timeouts,
//! retries with backoff for idempotent calls, and typed offline / TLS / protocol errors. Plain
//! HTTP is allowed only to loopback addresses (a gateway on the same machine).

mod client;
#[cfg(feature = "native-http")]
mod native;
#[cfg(feature = "native-http")]
mod pinning;

pub use crate::ports::HttpResponse;
pub use client::{HttpClient, NetConfig, NetError};
pub use http::Method;
#[cfg(feature = "native-http")]
pub use native::install_crypto_provider;
