//! `GET /openapi.json`: the OpenAPI 3.1 document of every JSON endpoint, kept true by the
//! gateway's tests (every documented operation answers, every route is documented).

use axum::http::header;
use axum::response::IntoResponse;

/// The document, as shipped in the crate.
pub const DOCUMENT: &str = include_str!("../../openapi.json");

/// `GET /openapi.json`.
pub(super) async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
