//! Locale-independent normalisation of what a citizen types or a camera reads.

use super::{MrzError, MrzField};

/// Normalises typed MRZ text: spaces removed, letters uppercased without regard to locale
/// (the Turkish dotted and dotless i — `ı`, `i`, `İ`, `I` — all become `I`), and only MRZ
/// characters accepted.
pub fn normalise_typed(input: &str, field: MrzField) -> Result<String, MrzError> {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        let mapped = match c {
            ' ' | '\t' | '\u{a0}' => continue,
            'ı' | 'İ' | 'i' => 'I',
            c if c.is_ascii_alphanumeric() || c == '<' => c.to_ascii_uppercase(),
            _ => return Err(MrzError::InvalidCharacter { field }),
        };
        out.push(mapped);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_i_forms_become_latin_capital_i() {
        // What a Turkish-locale uppercase of "i" (→ İ) or a lowercase of "I" (→ ı) produces.
        for typed in ["a1b2c3ıi", "A1B2C3İI", "a1b2 c3 ii", "A1B2C3ıİ"] {
            assert_eq!(
                normalise_typed(typed, MrzField::DocumentNumber).unwrap(),
                "A1B2C3II"
            );
        }
    }

    #[test]
    fn rejects_other_characters() {
        assert_eq!(
            normalise_typed("AB-12", MrzField::DocumentNumber),
            Err(MrzError::InvalidCharacter {
                field: MrzField::DocumentNumber
            })
        );
        assert!(normalise_typed("ÖZ", MrzField::Name).is_err());
    }
}
