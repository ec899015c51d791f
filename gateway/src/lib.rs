#![doc = include_str!("../README.md")]

pub mod accounts;
pub mod address;
pub mod api;
pub mod attestation;
pub mod backup_codes;
pub mod challenges;
pub mod clock;
pub mod devices;
pub mod error;
pub mod gateway_key;
pub mod id_verifications;
pub mod ip_location;
pub mod notify;
pub mod passwords;
pub mod push;
pub mod qr_codes;
pub mod relays;
pub mod secrets;
pub mod sessions;
pub mod signed;
pub mod sms;
pub mod store;
pub mod tls_dev;

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

/// Serves the API over TLS with `config` on `listener` until the returned handle is told to
/// shut down.
///
/// # Errors
/// When the listener cannot be used.
pub fn serve_tls(
    listener: std::net::TcpListener,
    state: AppState,
    config: std::sync::Arc<rustls::ServerConfig>,
) -> std::io::Result<(
    axum_server::Handle<std::net::SocketAddr>,
    impl Future<Output = std::io::Result<()>>,
)> {
    let handle = axum_server::Handle::new();
    let server = axum_server::from_tcp_rustls(
        listener,
        axum_server::tls_rustls::RustlsConfig::from_config(config),
    )?
    .handle(handle.clone())
    .serve(router(state).into_make_service_with_connect_info::<std::net::SocketAddr>());
    Ok((handle, server))
}
