//! UnifiedPush delivery (Web Push, RFC 8030): the payload encrypted for the subscription
//! (RFC 8291), sent only over HTTPS to an endpoint whose name resolves to public addresses —
//! the connection is pinned to the addresses checked, so a name cannot be re-pointed at the
//! gateway's own network between the check and the request.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

use super::ProviderError;
use super::endpoint::{check_unifiedpush_endpoint, is_public};
use super::http::{Answer, client_builder, post};
use super::webpush::{self, Subscription};

/// How long the distributor keeps a push it cannot deliver yet, in seconds.
const TTL_SECS: i64 = crate::challenges::LIFETIME_SECS;

/// A name resolver: host and port to addresses.
pub type Resolver = Arc<
    dyn Fn(String, u16) -> Pin<Box<dyn Future<Output = std::io::Result<Vec<SocketAddr>>> + Send>>
        + Send
        + Sync,
>;

/// The system resolver.
pub fn system_resolver() -> Resolver {
    Arc::new(|host, port| {
        Box::pin(async move { Ok(tokio::net::lookup_host((host, port)).await?.collect()) })
    })
}

/// Sends the encrypted `payload` to `endpoint` for `subscription`.
///
/// # Errors
/// [`ProviderError::PrivateAddress`] when the endpoint is not, or does not resolve to, public
/// addresses only; [`ProviderError::Gone`] when the distributor dropped the subscription; else
/// as the encryption or the request fails.
pub async fn send(
    resolver: &Resolver,
    endpoint: &str,
    subscription: &Subscription,
    payload: &[u8],
) -> Result<(), ProviderError> {
    check_unifiedpush_endpoint(endpoint).map_err(|_| ProviderError::PrivateAddress)?;
    let url = reqwest::Url::parse(endpoint).map_err(|_| ProviderError::PrivateAddress)?;
    let host = url
        .host_str()
        .ok_or(ProviderError::PrivateAddress)?
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    let bare_host = host.trim_start_matches('[').trim_end_matches(']');
    let addresses = match bare_host.parse::<std::net::IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => resolver(host.clone(), port)
            .await
            .map_err(|e| ProviderError::Transport(format!("resolving the endpoint: {e}")))?,
    };
    if addresses.is_empty() || !addresses.iter().all(|a| is_public(a.ip())) {
        return Err(ProviderError::PrivateAddress);
    }
    let body = webpush::encrypt(payload, subscription).map_err(ProviderError::WebPush)?;
    let client = client_builder()
        .https_only(true)
        .resolve_to_addrs(&host, &addresses)
        .build()
        .map_err(|e| ProviderError::Transport(e.to_string()))?;
    let request = client
        .post(url)
        .header("content-encoding", "aes128gcm")
        .header("content-type", "application/octet-stream")
        .header("ttl", TTL_SECS.to_string())
        .header("urgency", "high")
        .body(body);
    let Answer { status, .. } = post(request).await?;
    match status {
        200..=299 => Ok(()),
        404 | 410 => Err(ProviderError::Gone),
        _ => Err(ProviderError::Refused {
            status,
            reason: "the distributor refused the push".into(),
        }),
    }
}
