#![doc = include_str!("../README.md")]

pub mod accounts;
pub mod api;
pub mod clock;
pub mod devices;
pub mod error;
pub mod gateway_key;
pub mod notify;
pub mod passwords;
pub mod secrets;
pub mod sessions;
pub mod signed;
pub mod sms;
pub mod store;

pub use api::{AppState, Config, router};
pub use error::GatewayError;

/// Serves the API on `listener` until `shutdown` completes.
///
/// # Errors
/// When the server fails.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
