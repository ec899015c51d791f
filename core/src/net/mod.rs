//! HTTPS to gateways: reqwest over rustls (ring) with the platform's certificate verifier,
//! optional development roots and SPKI pinning on top, timeouts, retries with backoff for
//! idempotent calls, and typed offline / TLS / protocol errors. Plain HTTP is allowed only to
//! loopback addresses (a gateway on the same machine).

mod client;
mod pinning;

pub use client::{HttpClient, HttpResponse, NetConfig, NetError, install_crypto_provider};
pub use reqwest::Method;
