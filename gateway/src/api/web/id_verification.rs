//! "Verify your phone number with your ID card" on the account page: a form that starts an ID
//! verification and the page showing its link as a QR code for the app to scan (the app then
//! reads the card and the citizen types the SMS code there).

use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use egate_core::idv::IdvPurpose;
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Deserialize;

use super::page::{Page, escape, redirect};
use super::{csrf, failure, forged};
use crate::api::AppState;
use crate::api::id_verification::start_verification;
use crate::error::GatewayError;

#[derive(Deserialize)]
pub(super) struct StartForm {
    csrf: String,
}

/// The account page's paragraph on the phone number: verified, or the form that starts it.
pub(super) fn phone_section(verified_at: Option<i64>, has_phone: bool, token: &str) -> String {
    match (verified_at, has_phone) {
        (_, false) => "<p>No phone number is on file.</p>\n".into(),
        (Some(_), true) => {
            "<p>Your phone number is <strong>verified with your ID card</strong>.</p>\n".into()
        }
        (None, true) => format!(
            "<form method=\"post\" action=\"/account/id-verification\">\n\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\">\n\
             <button type=\"submit\">Verify your phone number with your ID card</button>\n\
             </form>\n",
            escape(token)
        ),
    }
}

/// `POST /account/id-verification`: starts a phone verification and shows its QR code.
pub(super) async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<StartForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok((_, account)) = state.full_session(&headers) else {
        return redirect("/login", &[]);
    };
    let Ok(Form(form)) = form else {
        return forged();
    };
    if !csrf::genuine(&headers, &form.csrf, &state.config().origin) {
        return forged();
    }
    let link = match start_verification(&state, &account, IdvPurpose::Phone) {
        Ok(link) => link,
        Err(GatewayError::NoTrustStore) => {
            return Page::new(
                "ID verification is not available",
                "<p>This service cannot check ID cards yet. <a href=\"/account\">Back to your \
                 account</a>.</p>\n"
                    .into(),
            )
            .status(StatusCode::CONFLICT)
            .into_response();
        }
        Err(error) => return failure(&error),
    };
    let uri = link.to_uri();
    let picture = match QrCode::new(uri.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(288, 288)
            .quiet_zone(true)
            .build(),
        Err(error) => return failure(&GatewayError::Internal(error.to_string())),
    };
    let picture = picture
        .split_once("?>")
        .map_or(picture.as_str(), |(_, svg)| svg);
    Page::new(
        "Verify your phone number with your ID card",
        format!(
            "<ol>\n<li>Open the e-Government app and choose <strong>Scan QR code</strong>.</li>\n\
             <li>Scan this code, then enter the card access number (CAN) printed on your ID \
             card, or the data of its machine-readable zone.</li>\n\
             <li>Hold the card to the back of the phone until the app says it is done.</li>\n\
             <li>Type the code we send to your phone in the app.</li>\n</ol>\n\
             <figure role=\"img\" aria-label=\"QR code to scan with the e-Government app; it \
             works for five minutes\">{picture}</figure>\n\
             <p>The code works for five minutes and only once. \
             <a href=\"/account\">Back to your account</a> when the app says your number is \
             verified.</p>\n"
        ),
    )
    .into_response()
}
