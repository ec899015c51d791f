//! Password hashing with Argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane), the dummy check
//! that makes unknown citizen ids cost the same time as real ones, and the password policy.

use argon2::{Argon2, PasswordHasher as _, PasswordVerifier as _};

use crate::error::GatewayError;

/// The shortest password accepted (NIST SP 800-63B: at least 8).
pub const MIN_LENGTH: usize = 8;
/// The longest password accepted (NIST SP 800-63B: at least 64 must be allowed).
pub const MAX_LENGTH: usize = 256;

/// Hashes and checks passwords (and other low-entropy secrets such as SMS codes).
#[derive(Debug)]
pub struct Passwords {
    argon: Argon2<'static>,
    dummy_hash: String,
}

impl Passwords {
    /// A hasher with Argon2id's default (OWASP) parameters.
    ///
    /// # Errors
    /// [`GatewayError::Internal`] when hashing fails.
    pub fn new() -> Result<Self, GatewayError> {
        let argon = Argon2::default();
        let dummy_hash = hash_with(&argon, b"egate dummy password for unknown citizen ids")?;
        Ok(Self { argon, dummy_hash })
    }

    /// The PHC string of `secret` with a fresh salt.
    ///
    /// # Errors
    /// [`GatewayError::Internal`] when hashing fails.
    pub fn hash(&self, secret: &str) -> Result<String, GatewayError> {
        hash_with(&self.argon, secret.as_bytes())
    }

    /// Whether `secret` matches the PHC string `hash`; with `None`, checks against a dummy hash
    /// (always false) so the caller spends the same time.
    pub fn verify(&self, secret: &str, hash: Option<&str>) -> bool {
        let matches = self
            .argon
            .verify_password(secret.as_bytes(), hash.unwrap_or(&self.dummy_hash))
            .is_ok();
        matches && hash.is_some()
    }
}

fn hash_with(argon: &Argon2<'_>, secret: &[u8]) -> Result<String, GatewayError> {
    argon
        .hash_password(secret)
        .map(|hash| hash.to_string())
        .map_err(|e| GatewayError::Internal(format!("password hashing: {e}")))
}

/// Checks a new password against the policy: length bounds, not the citizen id, not the old one.
///
/// # Errors
/// [`GatewayError::WeakPassword`] naming the rule.
pub fn check_policy(new: &str, citizen_id: &str, old: Option<&str>) -> Result<(), GatewayError> {
    let length = new.chars().count();
    if length < MIN_LENGTH {
        return Err(GatewayError::WeakPassword("at least 8 characters"));
    }
    if length > MAX_LENGTH {
        return Err(GatewayError::WeakPassword("at most 256 characters"));
    }
    if new.contains(citizen_id) {
        return Err(GatewayError::WeakPassword(
            "must not contain the citizen id",
        ));
    }
    if old == Some(new) {
        return Err(GatewayError::WeakPassword(
            "must differ from the current one",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_their_password_and_unknown_ids_never_match() {
        let passwords = Passwords::new().unwrap();
        let hash = passwords.hash("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(passwords.verify("correct horse", Some(&hash)));
        assert!(!passwords.verify("correct horsE", Some(&hash)));
        assert!(!passwords.verify("egate dummy password for unknown citizen ids", None));
    }

    #[test]
    fn the_policy_names_each_rule() {
        assert!(check_policy("short", "12345678901", None).is_err());
        assert!(check_policy(&"x".repeat(257), "12345678901", None).is_err());
        assert!(check_policy("my12345678901pw", "12345678901", None).is_err());
        assert!(check_policy("same password", "1", Some("same password")).is_err());
        assert!(check_policy("a fine passphrase", "12345678901", Some("old")).is_ok());
    }
}
