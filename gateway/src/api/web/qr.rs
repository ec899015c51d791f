//! "Log in with a QR code": the page showing the login's current QR code (redrawn every 30 s by
//! the page's script, or by a refresh without one) and the code itself as SVG, each drawing
//! revoking the last.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use qrcode::QrCode;
use qrcode::render::svg;

use super::page::{CSP, Page, redirect};
use crate::api::AppState;
use crate::{challenges, qr_codes};

/// `GET /login/qr`.
pub(super) async fn page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Ok((session, _)) = state.session(&headers) else {
        return redirect("/login", &[]);
    };
    match challenges::pending_for_session(&state.db(), &session.token_hash, state.now()) {
        Ok(Some(_)) => {}
        Ok(None) => return redirect("/login/approve", &[]),
        Err(error) => return super::failure(&error),
    }
    Page::new(
        "Log in with a QR code",
        "<p>Open the e-Government app on your registered phone, choose <strong>Scan QR \
         code</strong> and point the camera at this code. Check that the app names this \
         browser and place before you approve.</p>\n\
         <p><img id=\"qr\" src=\"/login/qr.svg\" width=\"288\" height=\"288\" \
         alt=\"QR code to scan with the e-Government app. It changes every 30 seconds.\"></p>\n\
         <p id=\"status\" role=\"status\" aria-live=\"polite\">Waiting for your phone.</p>\n\
         <p><a href=\"/login/approve\">Type a code in the app instead</a></p>\n\
         <script src=\"/static/approve.js\" defer></script>\n"
            .into(),
    )
    .head("<noscript><meta http-equiv=\"refresh\" content=\"20\"></noscript>\n")
    .into_response()
}

/// `GET /login/qr.svg`: a fresh code for this login's pending challenge.
pub(super) async fn image(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Ok((session, _)) = state.session(&headers) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let now = state.now();
    let db = state.db();
    let drawn = match challenges::pending_for_session(&db, &session.token_hash, now) {
        Ok(Some((id, expires_at))) => {
            qr_codes::draw(&db, &state.config().origin, &id, expires_at, now)
        }
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => Err(error),
    };
    let code = match drawn.map(|qr| QrCode::new(qr.to_uri().as_bytes())) {
        Ok(Ok(code)) => code,
        Ok(Err(error)) => return super::failure(&crate::GatewayError::Internal(error.to_string())),
        Err(error) => return super::failure(&error),
    };
    let picture = code
        .render::<svg::Color<'_>>()
        .min_dimensions(288, 288)
        .quiet_zone(true)
        .build();
    let mut response = ([(header::CONTENT_TYPE, "image/svg+xml")], picture).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
