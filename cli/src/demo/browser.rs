//! The demo's web browser: logs in on the gateway's JSON API with a browser's User-Agent,
//! keeps its session cookie, asks how its login stands, fetches the login page's QR code and
//! reads it as a camera would (the SVG's unit squares rasterised, then the core's scanner).

use egate_core::net::{HttpClient, Method};
use egate_core::qr::scan_frame;
use serde_json::{Value, json};

use crate::exit::{FAILURE, Failure};

/// The User-Agent the approval context names ("Firefox on Linux").
const USER_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/// A browser session on the gateway.
pub(super) struct Browser {
    http: HttpClient,
    origin: String,
    cookie: Option<String>,
}

fn failed(what: &str, detail: impl std::fmt::Display) -> Failure {
    Failure::new(FAILURE, format!("browser {what}: {detail}"))
}

impl Browser {
    pub(super) fn new(http: &HttpClient, origin: &str) -> Self {
        Self {
            http: http.clone(),
            origin: origin.to_owned(),
            cookie: None,
        }
    }

    async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<(u16, Vec<u8>), Failure> {
        let mut headers = vec![("user-agent", USER_AGENT.to_owned())];
        if let Some(cookie) = &self.cookie {
            headers.push(("cookie", cookie.clone()));
        }
        if body.is_some() {
            headers.push(("content-type", "application/json".to_owned()));
        }
        let body = body.map(|b| b.to_string().into_bytes());
        let url = format!("{}{path}", self.origin);
        let response = self
            .http
            .send(method, &url, &headers, body)
            .await
            .map_err(|e| failed(path, e))?;
        if let Some(pair) = response
            .set_cookies
            .first()
            .and_then(|c| c.split(';').next())
        {
            self.cookie = Some(pair.trim().to_owned());
        }
        Ok((response.status, response.body))
    }

    async fn json(
        &mut self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, Failure> {
        let (status, bytes) = self.send(method, path, body).await?;
        let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        if !(200..300).contains(&status) {
            return Err(failed(path, format!("HTTP {status} {value}")));
        }
        Ok(value)
    }

    /// Logs in with the password; answers the gateway's next step.
    pub(super) async fn log_in(&mut self, citizen: &str, password: &str) -> Result<Value, Failure> {
        let body = json!({ "citizen_id": citizen, "password": password });
        self.json(Method::POST, "/api/v1/login", Some(body)).await
    }

    /// Completes the login's second factor with a backup code.
    pub(super) async fn use_backup_code(&mut self, code: &str) -> Result<Value, Failure> {
        let body = json!({ "code": code });
        self.json(Method::POST, "/api/v1/login/backup-code", Some(body))
            .await
    }

    /// How the login's approval stands (`pending`, `approved`, …).
    pub(super) async fn approval_state(&mut self) -> Result<String, Failure> {
        let state = self
            .json(Method::GET, "/api/v1/login/challenge", None)
            .await?;
        Ok(state["state"].as_str().unwrap_or_default().to_owned())
    }

    /// The text of the QR code the login page shows, read from its picture.
    pub(super) async fn scan_login_qr(&mut self) -> Result<String, Failure> {
        let (status, svg) = self.send(Method::GET, "/login/qr.svg", None).await?;
        if status != 200 {
            return Err(failed("/login/qr.svg", format!("HTTP {status}")));
        }
        let svg = String::from_utf8_lossy(&svg);
        let (luma, side) = rasterise(&svg)
            .ok_or_else(|| failed("/login/qr.svg", "not the gateway's QR drawing"))?;
        let texts = scan_frame(&luma, side, side, side).map_err(|e| failed("QR scan", e))?;
        texts
            .into_iter()
            .next()
            .ok_or_else(|| failed("QR scan", "no code found"))
    }
}

/// The newest SMS code in the development gateway's outbox.
pub(super) async fn outbox_code(http: &HttpClient, origin: &str) -> Result<String, Failure> {
    let url = format!("{origin}/api/v1/dev/sms-outbox");
    let response = http
        .send(Method::GET, &url, &[], None)
        .await
        .map_err(|e| failed("outbox", e))?;
    let outbox: Value = serde_json::from_slice(&response.body).map_err(|e| failed("outbox", e))?;
    let text = outbox["messages"][0]["body"].as_str().unwrap_or_default();
    let code: String = text.chars().filter(char::is_ascii_digit).take(6).collect();
    if code.len() == 6 {
        Ok(code)
    } else {
        Err(failed("outbox", "no SMS code"))
    }
}

/// The gateway's QR drawing (`width="N"`, one path of `M x y h w v h h -w z` unit squares) as a
/// white-background luma frame of N×N pixels.
fn rasterise(svg: &str) -> Option<(Vec<u8>, usize)> {
    let number = |text: &str| -> Option<usize> {
        text.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .ok()
    };
    let side = number(&svg[svg.find("width=\"")? + 7..])?;
    let path = &svg[svg.find(" d=\"")? + 4..];
    let path = &path[..path.find('"')?];
    if side == 0 || side > 4096 {
        return None;
    }
    let mut luma = vec![255u8; side * side];
    for square in path.split('M').filter(|s| !s.trim().is_empty()) {
        let (x, rest) = square.split_once(' ')?;
        let (x, y) = (number(x)?, number(rest)?);
        let module = number(&rest[rest.find('h')? + 1..])?;
        for row in y..(y + module).min(side) {
            for column in x..(x + module).min(side) {
                luma[row * side + column] = 0;
            }
        }
    }
    Some((luma, side))
}
