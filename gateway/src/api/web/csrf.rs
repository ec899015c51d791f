//! Cross-site request forgery defence for the web forms: a random token in a SameSite=Strict
//! cookie that every form repeats in a hidden field (compared in constant time), and requests
//! whose `Origin` or `Sec-Fetch-Site` name another site are refused outright.

use axum::http::HeaderMap;
use subtle::ConstantTimeEq;

use crate::sessions::cookie_value;

/// The cookie holding the token.
pub const COOKIE: &str = "egate_csrf";

/// The token of the request's cookie, if it has a well-formed one.
pub fn from_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|header| cookie_value(header, COOKIE))
        .filter(|token| {
            token.len() == 43
                && token
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
}

/// The `Set-Cookie` value carrying `token`.
pub fn cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}")
}

/// Whether a form post carrying `field` comes from this gateway's own page at `origin`.
pub fn genuine(headers: &HeaderMap, field: &str, origin: &str) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if header("origin").is_some_and(|o| o != origin) {
        return false;
    }
    if header("sec-fetch-site").is_some_and(|site| site != "same-origin" && site != "none") {
        return false;
    }
    from_cookie(headers).is_some_and(|token| bool::from(token.as_bytes().ct_eq(field.as_bytes())))
}
