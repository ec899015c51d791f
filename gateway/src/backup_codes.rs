//! Backup codes: ten single-use codes of 65 random bits each, written `S-XXXX-XXXX-XXXXX` —
//! the slot digit S (not secret) picks the one stored hash to check, then 13 Crockford base32
//! characters. Only Argon2id hashes are kept; a new set replaces the old; a use is claimed
//! atomically (`used_at IS NULL`, one row changed); wrong entries are rate-limited per account.

use rusqlite::{Connection, OptionalExtension, params};
use zeroize::Zeroizing;

use crate::error::GatewayError;
use crate::secrets::random_bytes;

/// Codes in a set.
pub const COUNT: u8 = 10;
/// Random characters per code (13 × 5 = 65 bits).
const BODY_LEN: usize = 13;
/// Crockford's base32 alphabet (no I, L, O, U).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Remaining codes at or below which the holder is told to make new ones.
pub const FEW_LEFT: i64 = 3;
/// Wrong entries allowed per account in [`FAILURE_WINDOW_SECS`].
pub const FAILURE_LIMIT: i64 = 5;
/// The window of the wrong-entry limit, in seconds.
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

/// A code as entered: its slot and its secret part (normalised).
#[derive(Debug, PartialEq, Eq)]
pub struct Entered {
    /// The slot, 0–9.
    pub slot: u8,
    /// The 13 secret characters, upper-case Crockford.
    pub body: Zeroizing<String>,
}

/// A fresh set: the codes to show once, and `(slot, secret part)` to hash.
///
/// # Errors
/// [`GatewayError::Internal`] without randomness.
pub fn generate() -> Result<Vec<(u8, Zeroizing<String>)>, GatewayError> {
    (0..COUNT)
        .map(|slot| {
            let bytes = Zeroizing::new(random_bytes::<BODY_LEN>()?);
            let body: String = bytes
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(b & 0x1f)]))
                .collect();
            Ok((slot, Zeroizing::new(body)))
        })
        .collect()
}

/// The code of `slot` and `body` as shown: `S-XXXX-XXXX-XXXXX`.
pub fn display(slot: u8, body: &str) -> Zeroizing<String> {
    Zeroizing::new(format!(
        "{slot}-{}-{}-{}",
        &body[..4],
        &body[4..8],
        &body[8..]
    ))
}

/// Reads an entered code: case, spaces and hyphens do not matter, and the look-alikes O, I and
/// L read as 0, 1 and 1.
///
/// # Errors
/// [`GatewayError::BackupCodeInvalid`] when it cannot be a code.
pub fn parse(text: &str) -> Result<Entered, GatewayError> {
    if text.len() > 64 {
        return Err(GatewayError::BackupCodeInvalid);
    }
    let mut chars = text
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\t'))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        });
    let slot = chars
        .next()
        .and_then(|c| c.to_digit(10))
        .and_then(|d| u8::try_from(d).ok())
        .ok_or(GatewayError::BackupCodeInvalid)?;
    let body: Zeroizing<String> = Zeroizing::new(chars.collect());
    if body.len() != BODY_LEN || !body.bytes().all(|b| ALPHABET.contains(&b)) {
        return Err(GatewayError::BackupCodeInvalid);
    }
    Ok(Entered { slot, body })
}

/// Replaces the set of `account` with `hashes` (slot, Argon2id PHC string).
///
/// # Errors
/// [`GatewayError::Store`].
pub fn replace(
    db: &mut Connection,
    account: i64,
    hashes: &[(u8, String)],
    now: i64,
) -> Result<(), GatewayError> {
    let transaction = db.transaction()?;
    transaction.execute("DELETE FROM backup_codes WHERE account_id = ?1", [account])?;
    for (slot, hash) in hashes {
        transaction.execute(
            "INSERT INTO backup_codes (account_id, slot, hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![account, slot, hash, now],
        )?;
    }
    transaction.commit()?;
    Ok(())
}

/// Deletes the set of `account`; answers how many unused codes went.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn delete(db: &Connection, account: i64) -> Result<i64, GatewayError> {
    let left = remaining(db, account)?;
    db.execute("DELETE FROM backup_codes WHERE account_id = ?1", [account])?;
    Ok(left)
}

/// The unused codes of `account`.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn remaining(db: &Connection, account: i64) -> Result<i64, GatewayError> {
    Ok(db.query_row(
        "SELECT COUNT(*) FROM backup_codes WHERE account_id = ?1 AND used_at IS NULL",
        [account],
        |row| row.get(0),
    )?)
}

/// Refuses when `account` made too many wrong entries lately.
///
/// # Errors
/// [`GatewayError::Throttled`] with the wait, or [`GatewayError::Store`].
pub fn check_rate(db: &Connection, account: i64, now: i64) -> Result<(), GatewayError> {
    let (count, oldest): (i64, Option<i64>) = db.query_row(
        "SELECT COUNT(*), MIN(at) FROM backup_code_failures WHERE account_id = ?1 AND at > ?2",
        params![account, now - FAILURE_WINDOW_SECS],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    if count >= FAILURE_LIMIT {
        return Err(GatewayError::Throttled {
            retry_after: oldest.map_or(FAILURE_WINDOW_SECS, |t| t + FAILURE_WINDOW_SECS - now),
        });
    }
    Ok(())
}

/// Records a wrong entry for `account`.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn record_failure(db: &Connection, account: i64, now: i64) -> Result<(), GatewayError> {
    db.execute(
        "DELETE FROM backup_code_failures WHERE account_id = ?1 AND at <= ?2",
        params![account, now - FAILURE_WINDOW_SECS],
    )?;
    db.execute(
        "INSERT INTO backup_code_failures (account_id, at) VALUES (?1, ?2)",
        params![account, now],
    )?;
    Ok(())
}

/// The stored hash of the unused code in `slot` of `account`, if there is one.
///
/// # Errors
/// [`GatewayError::Store`].
pub fn unused_hash(
    db: &Connection,
    account: i64,
    slot: u8,
) -> Result<Option<String>, GatewayError> {
    Ok(db
        .query_row(
            "SELECT hash FROM backup_codes WHERE account_id = ?1 AND slot = ?2 AND used_at IS NULL",
            params![account, slot],
            |row| row.get(0),
        )
        .optional()?)
}

/// Marks the code in `slot` used, if it still was unused: exactly one of any concurrent uses
/// succeeds.
///
/// # Errors
/// [`GatewayError::BackupCodeInvalid`] when another use came first, or [`GatewayError::Store`].
pub fn consume(db: &Connection, account: i64, slot: u8, now: i64) -> Result<(), GatewayError> {
    let changed = db.execute(
        "UPDATE backup_codes SET used_at = ?3 WHERE account_id = ?1 AND slot = ?2 AND used_at IS NULL",
        params![account, slot, now],
    )?;
    if changed == 1 {
        Ok(())
    } else {
        Err(GatewayError::BackupCodeInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_carry_65_bits_in_their_slots_and_read_back_forgivingly() {
        let set = generate().unwrap();
        assert_eq!(set.len(), 10);
        for (slot, body) in &set {
            let shown = display(*slot, body);
            assert_eq!(shown.len(), 17, "{}", shown.as_str());
            let lower = shown.to_lowercase().replace('-', " ");
            assert_eq!(
                parse(&lower).unwrap(),
                Entered {
                    slot: *slot,
                    body: body.clone()
                }
            );
        }
        let bodies: std::collections::HashSet<&str> = set.iter().map(|(_, b)| b.as_str()).collect();
        assert_eq!(bodies.len(), 10);
        assert_eq!(
            parse("3-oIl0-ABCD-EFGHJ").unwrap().body.as_str(),
            "0110ABCDEFGHJ"
        );
        for bad in [
            "",
            "X-AAAA-AAAA-AAAAA",
            "3-AAAA-AAAA-AAAA",
            "3-AAAA-AAAA-AAAAAA",
            "3-AAAA-AAAA-AAAAU",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
