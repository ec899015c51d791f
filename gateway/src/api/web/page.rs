//! The web pages' frame: one accessible HTML layout, escaping, the security headers every page
//! carries (a CSP without inline script and with `frame-ancestors 'none'`), redirects and
//! cookies.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The Content-Security-Policy of every page: nothing inline, nothing from elsewhere, never
/// framed.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                       connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
                       base-uri 'none'";

/// `text` with the HTML special characters escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A page: its status, title (plain text), extra `<head>` markup, body markup and cookies.
#[derive(Debug)]
pub struct Page {
    status: StatusCode,
    title: String,
    head: &'static str,
    body: String,
    cookies: Vec<String>,
}

impl Page {
    /// A 200 page titled `title` with `body` (markup, already escaped where needed).
    pub fn new(title: &str, body: String) -> Self {
        Self {
            status: StatusCode::OK,
            title: title.to_owned(),
            head: "",
            body,
            cookies: Vec::new(),
        }
    }

    /// With `status`.
    pub fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// With extra `<head>` markup.
    pub fn head(mut self, head: &'static str) -> Self {
        self.head = head;
        self
    }

    /// Setting the cookie `set_cookie`.
    pub fn cookie(mut self, set_cookie: String) -> Self {
        self.cookies.push(set_cookie);
        self
    }
}

fn secure(response: &mut Response, cookies: &[String]) {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Not `no-referrer`: under it browsers send `Origin: null` with form posts, which the
        // CSRF check must refuse. `same-origin` still tells other sites nothing.
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(cookie) {
            headers.append(header::SET_COOKIE, value);
        }
    }
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let html = format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title} · e-Government Gateway</title>\n\
             <link rel=\"stylesheet\" href=\"/static/style.css\">\n{head}</head>\n<body>\n\
             <header><p class=\"service\">e-Government Gateway</p></header>\n\
             <main>\n<h1>{title}</h1>\n{body}</main>\n</body>\n</html>\n",
            title = escape(&self.title),
            head = self.head,
            body = self.body,
        );
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response();
        secure(&mut response, &self.cookies);
        response
    }
}

/// A 303 redirect to `location`, setting `cookies`.
pub fn redirect(location: &'static str, cookies: &[String]) -> Response {
    let mut response = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, HeaderValue::from_static(location))],
    )
        .into_response();
    secure(&mut response, cookies);
    response
}

/// A static asset with its content type.
pub fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    secure(&mut response, &[]);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
