//! The MRZ-derived access key (document number, date of birth, date of expiry) used by BAC and
//! PACE, built from typed input or from a parsed MRZ; zeroized on drop.

use super::{Mrz, MrzError, MrzField, check_digit, normalise_typed};
use sha1::{Digest, Sha1};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The three MRZ fields that key BAC and PACE-MRZ.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct MrzKey {
    document_number: String,
    date_of_birth: String,
    date_of_expiry: String,
}

impl std::fmt::Debug for MrzKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MrzKey(<redacted>)")
    }
}

fn checked_date(typed: &str, field: MrzField) -> Result<String, MrzError> {
    let date = normalise_typed(typed, field)?;
    let digits: Vec<u32> = date.chars().filter_map(|c| c.to_digit(10)).collect();
    match digits.as_slice() {
        [_, _, m1, m2, d1, d2]
            if date.len() == 6
                && (1..=12).contains(&(m1 * 10 + m2))
                && (1..=31).contains(&(d1 * 10 + d2)) =>
        {
            Ok(date)
        }
        _ => Err(MrzError::InvalidField { field }),
    }
}

impl MrzKey {
    /// A key from what the citizen typed: spaces removed, letters uppercased locale-independently,
    /// the number padded with `<` to nine characters; dates as `YYMMDD`.
    pub fn from_typed(
        document_number: &str,
        date_of_birth: &str,
        date_of_expiry: &str,
    ) -> Result<Self, MrzError> {
        let mut number = normalise_typed(document_number, MrzField::DocumentNumber)?;
        let bare = number.trim_end_matches('<').len();
        if bare == 0 || bare > 22 {
            return Err(MrzError::InvalidField {
                field: MrzField::DocumentNumber,
            });
        }
        number.truncate(bare);
        while number.len() < 9 {
            number.push('<');
        }
        Ok(Self {
            document_number: number,
            date_of_birth: checked_date(date_of_birth, MrzField::DateOfBirth)?,
            date_of_expiry: checked_date(date_of_expiry, MrzField::DateOfExpiry)?,
        })
    }

    /// The key of a parsed MRZ.
    pub fn from_mrz(mrz: &Mrz) -> Result<Self, MrzError> {
        Self::from_typed(
            &mrz.document_number,
            &mrz.date_of_birth,
            &mrz.date_of_expiry,
        )
    }

    /// The document number as used in the key (at least nine characters, `<`-padded).
    pub fn document_number(&self) -> &str {
        &self.document_number
    }

    /// MRZ_information: number, date of birth and date of expiry, each with its check digit.
    pub fn mrz_information(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(32));
        for field in [
            &self.document_number,
            &self.date_of_birth,
            &self.date_of_expiry,
        ] {
            out.push_str(field);
            let digit = check_digit(field).unwrap_or(0);
            out.push(char::from(b'0' + digit));
        }
        out
    }

    /// K_seed source: SHA-1 of MRZ_information (BAC uses its first 16 bytes; PACE uses all 20
    /// as the password).
    pub fn sha1(&self) -> Zeroizing<[u8; 20]> {
        let digest = Sha1::digest(self.mrz_information().as_bytes());
        let mut out = Zeroizing::new([0u8; 20]);
        out.copy_from_slice(&digest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    #[test]
    fn icao_appendix_d2_mrz_information() {
        let key = MrzKey::from_typed("L898902C", "690806", "940623").unwrap();
        assert_eq!(key.mrz_information().as_str(), "L898902C<369080619406236");
        assert_eq!(
            *key.sha1(),
            hex!("239AB9CB282DAF66231DC5A4DF6BFBAEDF477565")
        );
    }

    #[test]
    fn typed_input_is_normalised_the_same_in_any_locale() {
        let reference = MrzKey::from_typed("T22000129", "640812", "101031").unwrap();
        for typed in ["t22000129", " T2200 0129 ", "T22000129<<"] {
            assert_eq!(
                MrzKey::from_typed(typed, "640812", "101031").unwrap(),
                reference
            );
        }
        let turkish = MrzKey::from_typed("aı3İi", "640812", "101031").unwrap();
        assert_eq!(turkish.document_number(), "AI3II<<<<");
    }

    #[test]
    fn names_the_typed_field_that_is_wrong() {
        let err = |n: &str, b: &str, e: &str| MrzKey::from_typed(n, b, e).unwrap_err();
        assert_eq!(
            err("", "640812", "101031"),
            MrzError::InvalidField {
                field: MrzField::DocumentNumber
            }
        );
        assert_eq!(
            err("T2", "641312", "101031"),
            MrzError::InvalidField {
                field: MrzField::DateOfBirth
            }
        );
        assert_eq!(
            err("T2", "640812", "10103"),
            MrzError::InvalidField {
                field: MrzField::DateOfExpiry
            }
        );
        assert_eq!(
            err("T2-0", "640812", "101031"),
            MrzError::InvalidCharacter {
                field: MrzField::DocumentNumber
            }
        );
        assert!(
            !format!(
                "{:?}",
                MrzKey::from_typed("T2", "640812", "101031").unwrap()
            )
            .contains("T2")
        );
    }
}
