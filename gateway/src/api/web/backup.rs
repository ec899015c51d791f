//! "Use a backup code": the form that completes a login's second factor with one of the
//! holder's backup codes when the registered phone is not at hand.

use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::page::{Page, escape, redirect};
use super::{csrf, csrf_token, failure, forged};
use crate::api::AppState;
use crate::api::backup_codes::complete_login;
use crate::sessions;

fn code_page(token: &str, error: Option<&str>) -> Page {
    let error = error.map_or_else(String::new, |message| {
        format!(
            "<p class=\"error\" role=\"alert\">{}</p>\n",
            escape(message)
        )
    });
    Page::new(
        "Use a backup code",
        format!(
            "{error}<p>Type one of the backup codes you saved. Each code works once.</p>\n\
             <form method=\"post\" action=\"/login/backup-code\">\n\
             <input type=\"hidden\" name=\"csrf\" value=\"{token}\">\n\
             <p><label for=\"code\">Backup code</label>\n\
             <input id=\"code\" name=\"code\" autocomplete=\"one-time-code\" \
             autocapitalize=\"characters\" spellcheck=\"false\" required maxlength=\"64\" \
             placeholder=\"0-XXXX-XXXX-XXXXX\"></p>\n\
             <p><button type=\"submit\">Continue</button></p>\n</form>\n\
             <p><a href=\"/login/approve\">Back to approving on your phone</a></p>\n",
            token = escape(token),
        ),
    )
}

/// `GET /login/backup-code`.
pub(super) async fn form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if state.session(&headers).is_err() {
        return redirect("/login", &[]);
    }
    match csrf_token(&state, &headers) {
        Ok((token, cookie)) => {
            let page = code_page(&token, None);
            match cookie {
                Some(cookie) => page.cookie(cookie),
                None => page,
            }
            .into_response()
        }
        Err(error) => failure(&error),
    }
}

#[derive(Deserialize)]
pub(super) struct CodeForm {
    csrf: String,
    code: String,
}

/// `POST /login/backup-code`.
pub(super) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<CodeForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return forged();
    };
    if !csrf::genuine(&headers, &form.csrf, &state.config().origin) {
        return forged();
    }
    match complete_login(&state, &headers, &form.code).await {
        Ok((token, _)) => redirect(
            "/account",
            &[sessions::cookie(&token, state.config().secure_cookies)],
        ),
        Err(error) if error.status() >= 500 => failure(&error),
        Err(crate::GatewayError::LoginRequired) => redirect("/login", &[]),
        Err(error) => code_page(&form.csrf, Some(&error.to_string()))
            .status(StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST))
            .into_response(),
    }
}
