//! The push providers' HTTP: one client with bounded connect and total times and no redirects,
//! and answers read up to a bounded size.

use std::time::Duration;

use super::ProviderError;

/// The longest a provider request may take, connection included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest a connection may take to open.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The most of an answer's body that is read.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// A provider's answer: status and (bounded) body.
#[derive(Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The body, at most [`MAX_ANSWER_BYTES`].
    pub body: Vec<u8>,
}

/// The builder of every provider client: bounded times, no redirects, no proxies from the
/// environment deciding where pushes go.
pub fn client_builder() -> reqwest::ClientBuilder {
    egate_core::net::install_crypto_provider();
    reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
}

/// Sends `request` and reads the answer, its body cut at [`MAX_ANSWER_BYTES`].
///
/// # Errors
/// [`ProviderError::Transport`] when the exchange fails or times out.
pub async fn post(request: reqwest::RequestBuilder) -> Result<Answer, ProviderError> {
    let transport = |e: reqwest::Error| ProviderError::Transport(e.without_url().to_string());
    let mut response = request.send().await.map_err(transport)?;
    let status = response.status().as_u16();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        let room = MAX_ANSWER_BYTES - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() == MAX_ANSWER_BYTES {
            break;
        }
    }
    Ok(Answer { status, body })
}
