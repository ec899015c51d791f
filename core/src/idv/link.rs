//! The link that hands an ID verification to the app, shared by the gateway that draws it (as a
//! QR code on the web settings page, or in an app-started verification's answer) and the app
//! that opens it: `egate-idv:1?origin=ORIGIN&id=ID&secret=SECRET&purpose=PURPOSE&exp=EXP`, ID and
//! SECRET 256-bit base64url values, PURPOSE `phone` or `device_transfer`, EXP the Unix second
//! it stops working. Parsed strictly, like the login QR code: one version, these fields in this
//! order, an origin the app trusts, a near expiry.

use crate::login::qr_login::plausible_origin;
use base64ct::{Base64UrlUnpadded, Encoding};
use thiserror::Error;
use zeroize::Zeroizing;

/// The scheme and version prefix.
pub const LINK_PREFIX: &str = "egate-idv:1?";
/// The longest link accepted.
pub const MAX_LINK_LEN: usize = 512;
/// The furthest in the future an expiry may lie, in seconds.
pub const MAX_LINK_LIFETIME_SECS: i64 = 600;

/// What an ID verification is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdvPurpose {
    /// Marking the account's phone number "verified with ID".
    Phone,
    /// Moving the account to a new phone (which replaces every registered device).
    DeviceTransfer,
}

impl IdvPurpose {
    /// `phone` or `device_transfer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::DeviceTransfer => "device_transfer",
        }
    }

    /// The purpose named `text`, if any.
    pub fn from_wire(text: &str) -> Option<Self> {
        match text {
            "phone" => Some(Self::Phone),
            "device_transfer" => Some(Self::DeviceTransfer),
            _ => None,
        }
    }
}

/// Why a text is not a usable ID-verification link.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdvLinkError {
    /// Longer than [`MAX_LINK_LEN`].
    #[error("the code is too long to be an ID-verification code")]
    TooLong,
    /// Another kind of code.
    #[error("this is not an e-Government ID-verification code")]
    NotAnIdvLink,
    /// A version this app does not know.
    #[error("this ID-verification code needs a newer app")]
    UnsupportedVersion,
    /// A damaged or altered field.
    #[error("the ID-verification code is damaged ({0})")]
    Malformed(&'static str),
    /// A gateway this app does not know.
    #[error("the ID-verification code is for another site ({0})")]
    ForeignOrigin(String),
    /// Past its expiry.
    #[error("the ID-verification code has expired; start again")]
    Expired,
}

/// A parsed ID-verification link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdvLink {
    /// The gateway's origin.
    pub origin: String,
    /// The verification's id.
    pub id: String,
    /// The bearer secret (base64url, 256 bits).
    pub secret: Zeroizing<String>,
    /// What the verification is for.
    pub purpose: IdvPurpose,
    /// When it stops working, Unix seconds.
    pub exp: i64,
}

fn is_256_bit_b64url(text: &str) -> bool {
    text.len() == 43 && Base64UrlUnpadded::decode_vec(text).is_ok_and(|bytes| bytes.len() == 32)
}

impl IdvLink {
    /// The link text.
    pub fn to_uri(&self) -> String {
        format!(
            "{LINK_PREFIX}origin={}&id={}&secret={}&purpose={}&exp={}",
            self.origin,
            self.id,
            self.secret.as_str(),
            self.purpose.as_str(),
            self.exp
        )
    }

    /// Parses `text` strictly, accepting only `trusted_origins`, at `now`.
    ///
    /// # Errors
    /// [`IdvLinkError`] naming the first thing wrong.
    pub fn parse(text: &str, trusted_origins: &[&str], now: i64) -> Result<Self, IdvLinkError> {
        if text.len() > MAX_LINK_LEN {
            return Err(IdvLinkError::TooLong);
        }
        let rest = text
            .strip_prefix("egate-idv:")
            .ok_or(IdvLinkError::NotAnIdvLink)?;
        let query = rest
            .strip_prefix("1?")
            .ok_or(IdvLinkError::UnsupportedVersion)?;
        let mut fields = query.split('&');
        let mut field = |name: &'static str| {
            fields
                .next()
                .and_then(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .ok_or(IdvLinkError::Malformed(name))
        };
        let (origin, id, secret, purpose, exp) = (
            field("origin")?,
            field("id")?,
            field("secret")?,
            field("purpose")?,
            field("exp")?,
        );
        if fields.next().is_some() {
            return Err(IdvLinkError::Malformed("extra field"));
        }
        if !plausible_origin(origin) {
            return Err(IdvLinkError::Malformed("origin"));
        }
        if !is_256_bit_b64url(id) {
            return Err(IdvLinkError::Malformed("id"));
        }
        if !is_256_bit_b64url(secret) {
            return Err(IdvLinkError::Malformed("secret"));
        }
        let purpose = IdvPurpose::from_wire(purpose).ok_or(IdvLinkError::Malformed("purpose"))?;
        if exp.is_empty() || exp.len() > 12 || !exp.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdvLinkError::Malformed("exp"));
        }
        let exp: i64 = exp.parse().map_err(|_| IdvLinkError::Malformed("exp"))?;
        if !trusted_origins.contains(&origin) {
            return Err(IdvLinkError::ForeignOrigin(origin.to_owned()));
        }
        if now >= exp {
            return Err(IdvLinkError::Expired);
        }
        if exp - now > MAX_LINK_LIFETIME_SECS {
            return Err(IdvLinkError::Malformed("exp"));
        }
        Ok(Self {
            origin: origin.to_owned(),
            id: id.to_owned(),
            secret: Zeroizing::new(secret.to_owned()),
            purpose,
            exp,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://gov.example";
    const TOKEN: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    fn link() -> IdvLink {
        IdvLink {
            origin: ORIGIN.into(),
            id: TOKEN.into(),
            secret: Zeroizing::new(TOKEN.replace('A', "E")),
            purpose: IdvPurpose::DeviceTransfer,
            exp: 1_000,
        }
    }

    #[test]
    fn a_link_round_trips() {
        let parsed = IdvLink::parse(&link().to_uri(), &[ORIGIN], 900).unwrap();
        assert_eq!(parsed, link());
    }

    #[test]
    fn every_kind_of_bad_link_is_refused_with_its_reason() {
        let good = link().to_uri();
        let cases: Vec<(String, IdvLinkError)> = vec![
            ("x".repeat(600), IdvLinkError::TooLong),
            ("https://gov.example".into(), IdvLinkError::NotAnIdvLink),
            (good.replace(":1?", ":2?"), IdvLinkError::UnsupportedVersion),
            (
                good.replace("purpose=device_transfer", "purpose=root"),
                IdvLinkError::Malformed("purpose"),
            ),
            (
                good.replace(&format!("id={TOKEN}"), "id=short"),
                IdvLinkError::Malformed("id"),
            ),
            (
                format!("{good}&more=1"),
                IdvLinkError::Malformed("extra field"),
            ),
            (
                good.replace(ORIGIN, "https://evil.example"),
                IdvLinkError::ForeignOrigin("https://evil.example".into()),
            ),
            (
                good.replace("exp=1000", "exp=99999"),
                IdvLinkError::Malformed("exp"),
            ),
            (
                good.replace(ORIGIN, "https://gov.example/x?y"),
                IdvLinkError::Malformed("origin"),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(
                IdvLink::parse(&text, &[ORIGIN], 900),
                Err(expected),
                "{text}"
            );
        }
        assert_eq!(
            IdvLink::parse(&good, &[ORIGIN], 1_000),
            Err(IdvLinkError::Expired)
        );
    }
}
