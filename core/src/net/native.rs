//! The desktop's HTTP backend: reqwest over rustls (ring) with the platform's certificate
//! verifier, optional development roots and SPKI pinning on top (feature `native-http`).

use rustls::client::danger::ServerCertVerifier;
use rustls::pki_types::CertificateDer;
use std::sync::Arc;

use super::client::{NetConfig, NetError};
use super::pinning::PinningVerifier;
use crate::ports::HttpResponse;

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Makes ring the process's rustls crypto provider, unless one is installed already; HTTP
/// clients built without [`super::HttpClient`] (tests, tools) need it.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The reqwest client of `config`.
pub(super) fn client(config: &NetConfig) -> Result<reqwest::Client, NetError> {
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
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .timeout(config.timeout)
        .connect_timeout(config.connect_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| setup(&e))
}

/// One exchange through `client`.
pub(super) async fn exchange(
    client: &reqwest::Client,
    method: &http::Method,
    url: &str,
    headers: &[(String, String)],
    body: Option<&[u8]>,
) -> Result<HttpResponse, NetError> {
    let mut request = client.request(method.clone(), url);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    if let Some(body) = body {
        request = request.body(body.to_vec());
    }
    let response = request.send().await.map_err(|e| map_error(&e))?;
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
