//! The login QR code's payload, shared by the gateway that draws it and the device that scans
//! it: `egate-login:1?origin=ORIGIN&sid=SID&secret=SECRET&exp=EXP`, where SID and SECRET are
//! 128-bit values in base64url and EXP is the Unix second it stops working. The parser is
//! strict — one scheme, one version, the fields in this order and nothing else, an origin the
//! device trusts, a near expiry — so a relayed, tampered or foreign code fails with a typed
//! error before anything is sent.

use base64ct::{Base64UrlUnpadded, Encoding};
use thiserror::Error;
use zeroize::Zeroizing;

/// The scheme and version prefix.
pub const PREFIX: &str = "egate-login:1?";
/// The longest payload accepted.
pub const MAX_LEN: usize = 512;
/// The furthest in the future an expiry may lie, in seconds.
pub const MAX_LIFETIME_SECS: i64 = 300;

/// Why a scanned text is not a usable login code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QrLoginError {
    /// Longer than [`MAX_LEN`].
    #[error("the code is too long to be a login code")]
    TooLong,
    /// Another kind of QR code (a web address, a contact card, …).
    #[error("this is not an e-Government login code")]
    NotALoginCode,
    /// A login code of a version this app does not know.
    #[error("this login code needs a newer app")]
    UnsupportedVersion,
    /// A login code with a damaged or altered field.
    #[error("the login code is damaged ({0})")]
    Malformed(&'static str),
    /// A login code of a gateway this device is not registered with.
    #[error("the login code is for another site ({0})")]
    ForeignOrigin(String),
    /// A login code past its expiry.
    #[error("the login code has expired; scan the current one")]
    Expired,
}

/// A parsed login code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginQr {
    /// The gateway's origin.
    pub origin: String,
    /// The code's id (base64url, 128 bits).
    pub sid: String,
    /// The one-time secret (base64url, 128 bits).
    pub secret: Zeroizing<String>,
    /// When it stops working, Unix seconds.
    pub exp: i64,
}

/// Whether `origin` has the shape of an http(s) origin (scheme, host, optional port; no path
/// escapes or separators that could smuggle other fields).
pub(crate) fn plausible_origin(origin: &str) -> bool {
    (origin.starts_with("https://") || origin.starts_with("http://"))
        && origin
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:/[]".contains(&b))
}

fn is_128_bit_b64url(text: &str) -> bool {
    text.len() == 22 && Base64UrlUnpadded::decode_vec(text).is_ok_and(|bytes| bytes.len() == 16)
}

impl LoginQr {
    /// The payload text.
    pub fn to_uri(&self) -> String {
        format!(
            "{PREFIX}origin={}&sid={}&secret={}&exp={}",
            self.origin,
            self.sid,
            self.secret.as_str(),
            self.exp
        )
    }

    /// Parses `text` strictly, accepting only `trusted_origins`, at `now`.
    ///
    /// # Errors
    /// [`QrLoginError`] naming the first thing wrong.
    pub fn parse(text: &str, trusted_origins: &[&str], now: i64) -> Result<Self, QrLoginError> {
        if text.len() > MAX_LEN {
            return Err(QrLoginError::TooLong);
        }
        let Some(rest) = text.strip_prefix("egate-login:") else {
            return Err(QrLoginError::NotALoginCode);
        };
        let query = rest
            .strip_prefix("1?")
            .ok_or(QrLoginError::UnsupportedVersion)?;
        let mut fields = query.split('&');
        let mut field = |name: &'static str| {
            fields
                .next()
                .and_then(|pair| pair.strip_prefix(name))
                .and_then(|pair| pair.strip_prefix('='))
                .ok_or(QrLoginError::Malformed(name))
        };
        let (origin, sid, secret, exp) = (
            field("origin")?,
            field("sid")?,
            field("secret")?,
            field("exp")?,
        );
        if fields.next().is_some() {
            return Err(QrLoginError::Malformed("extra field"));
        }
        if !plausible_origin(origin) {
            return Err(QrLoginError::Malformed("origin"));
        }
        if !is_128_bit_b64url(sid) {
            return Err(QrLoginError::Malformed("sid"));
        }
        if !is_128_bit_b64url(secret) {
            return Err(QrLoginError::Malformed("secret"));
        }
        if exp.is_empty() || exp.len() > 12 || !exp.bytes().all(|b| b.is_ascii_digit()) {
            return Err(QrLoginError::Malformed("exp"));
        }
        let exp: i64 = exp.parse().map_err(|_| QrLoginError::Malformed("exp"))?;
        if !trusted_origins.contains(&origin) {
            return Err(QrLoginError::ForeignOrigin(origin.to_owned()));
        }
        if now >= exp {
            return Err(QrLoginError::Expired);
        }
        if exp - now > MAX_LIFETIME_SECS {
            return Err(QrLoginError::Malformed("exp"));
        }
        Ok(Self {
            origin: origin.to_owned(),
            sid: sid.to_owned(),
            secret: Zeroizing::new(secret.to_owned()),
            exp,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://gw.example";
    const SID: &str = "AAECAwQFBgcICQoLDA0ODw";
    const SECRET: &str = "ZmVkY2JhOTg3NjU0MzIxMA";

    fn good() -> String {
        format!("egate-login:1?origin={ORIGIN}&sid={SID}&secret={SECRET}&exp=1030")
    }

    #[test]
    fn a_good_code_round_trips() {
        let parsed = LoginQr::parse(&good(), &[ORIGIN], 1000).unwrap();
        assert_eq!(
            (
                parsed.origin.as_str(),
                parsed.sid.as_str(),
                parsed.secret.as_str(),
                parsed.exp
            ),
            (ORIGIN, SID, SECRET, 1030)
        );
        assert_eq!(parsed.to_uri(), good());
    }

    #[test]
    fn every_kind_of_bad_code_is_refused_with_its_reason() {
        let cases: Vec<(String, QrLoginError)> = vec![
            (
                format!("{}{}", good(), "x".repeat(MAX_LEN)),
                QrLoginError::TooLong,
            ),
            (
                "https://gw.example/login".into(),
                QrLoginError::NotALoginCode,
            ),
            (
                good().replace("login:1?", "login:2?"),
                QrLoginError::UnsupportedVersion,
            ),
            (
                good().replace("origin=", "origin:"),
                QrLoginError::Malformed("origin"),
            ),
            (
                good().replace("&sid=", "&id="),
                QrLoginError::Malformed("sid"),
            ),
            (
                good().replace(SID, &SID[1..]),
                QrLoginError::Malformed("sid"),
            ),
            (
                good().replace(SECRET, "ZmVkY2JhOTg3NjU0MzIxMA=="),
                QrLoginError::Malformed("secret"),
            ),
            (
                good().replace(SECRET, "ZmVkY2JhOTg3NjU0MzIx*A"),
                QrLoginError::Malformed("secret"),
            ),
            (
                good().replace("exp=1030", "exp=-1"),
                QrLoginError::Malformed("exp"),
            ),
            (
                good().replace("exp=1030", "exp=99999"),
                QrLoginError::Malformed("exp"),
            ),
            (
                format!("{}&next=x", good()),
                QrLoginError::Malformed("extra field"),
            ),
            (
                good().replace(ORIGIN, "https://gw.example\"><script>"),
                QrLoginError::Malformed("origin"),
            ),
            (
                good().replace(ORIGIN, "https://evil.example"),
                QrLoginError::ForeignOrigin("https://evil.example".into()),
            ),
            (
                good().replace("exp=1030", "exp=1000"),
                QrLoginError::Expired,
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(
                LoginQr::parse(&text, &[ORIGIN], 1000),
                Err(expected),
                "{text}"
            );
        }
    }
}
