//! TD1, TD2 and TD3 layouts: parsing with every check digit verified, the document-number
//! overflow rule of TD1 and TD2, and composition of the lines from their fields.

use super::{MrzError, MrzField, check_digit};

/// The three ICAO machine-readable zone formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MrzFormat {
    /// ID-1 card: three lines of 30 characters.
    Td1,
    /// ID-2 document: two lines of 36 characters.
    Td2,
    /// Passport booklet: two lines of 44 characters.
    Td3,
}

impl MrzFormat {
    /// Number of lines and characters per line.
    pub fn shape(self) -> (usize, usize) {
        match self {
            MrzFormat::Td1 => (3, 30),
            MrzFormat::Td2 => (2, 36),
            MrzFormat::Td3 => (2, 44),
        }
    }

    /// `TD1`, `TD2` or `TD3`.
    pub fn name(self) -> &'static str {
        match self {
            MrzFormat::Td1 => "TD1",
            MrzFormat::Td2 => "TD2",
            MrzFormat::Td3 => "TD3",
        }
    }

    fn name_len(self) -> usize {
        match self {
            MrzFormat::Td1 => 30,
            MrzFormat::Td2 => 31,
            MrzFormat::Td3 => 39,
        }
    }

    fn optional_len(self) -> usize {
        match self {
            MrzFormat::Td1 => 15,
            MrzFormat::Td2 => 7,
            MrzFormat::Td3 => 14,
        }
    }
}

/// The fields of a machine-readable zone, as MRZ values: trailing fillers removed, inner
/// fillers kept (`ANNA<MARIA`), dates as `YYMMDD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mrz {
    /// The format.
    pub format: MrzFormat,
    /// Document code, e.g. `P`, `I`, `ID`.
    pub document_code: String,
    /// Issuing state or organisation (e.g. `TUR`, `D`, `UTO`).
    pub issuing_state: String,
    /// The full document number, including any part carried in the optional data.
    pub document_number: String,
    /// Primary identifier.
    pub surname: String,
    /// Secondary identifier.
    pub given_names: String,
    /// Nationality.
    pub nationality: String,
    /// Date of birth, `YYMMDD` (may hold `<` for unknown parts).
    pub date_of_birth: String,
    /// `M`, `F`, `X` or `<`.
    pub sex: String,
    /// Date of expiry, `YYMMDD`.
    pub date_of_expiry: String,
    /// Optional data (TD1 line 1, TD2, or the TD3 personal number), without the overflow part.
    pub optional_data: String,
    /// TD1 only: the optional data of line 2.
    pub optional_data_2: String,
}

fn trim_fillers(s: &str) -> String {
    s.trim_end_matches('<').to_string()
}

fn digit_char(value: u8) -> char {
    char::from(b'0' + value)
}

fn verify(field_text: &str, digit: char, field: MrzField) -> Result<(), MrzError> {
    let expected = check_digit(field_text).ok_or(MrzError::InvalidCharacter { field })?;
    if digit == digit_char(expected) {
        Ok(())
    } else {
        Err(MrzError::CheckDigit { field })
    }
}

/// Splits a name field into primary and secondary identifiers at the first `<<`.
fn split_name(field: &str) -> (String, String) {
    let trimmed = field.trim_end_matches('<');
    match trimmed.split_once("<<") {
        Some((primary, secondary)) => (
            primary.to_string(),
            secondary.trim_start_matches('<').to_string(),
        ),
        None => (trimmed.to_string(), String::new()),
    }
}

/// A document number, its check digit and the rest of the optional data: resolves the overflow
/// rule (check digit `<`, number continued in the optional data up to its own check digit).
fn resolve_number(
    number_field: &str,
    digit: char,
    optional: &str,
) -> Result<(String, String), MrzError> {
    if digit != '<' {
        verify(number_field, digit, MrzField::DocumentNumber)?;
        return Ok((trim_fillers(number_field), trim_fillers(optional)));
    }
    let end = optional.find('<').unwrap_or(optional.len());
    let extension = &optional[..end];
    let Some((tail, check)) = extension
        .char_indices()
        .last()
        .map(|(i, c)| (&extension[..i], c))
    else {
        return Err(MrzError::CheckDigit {
            field: MrzField::DocumentNumber,
        });
    };
    let full = format!("{number_field}{tail}");
    verify(&full, check, MrzField::DocumentNumber)?;
    Ok((full, trim_fillers(optional.get(end + 1..).unwrap_or(""))))
}

impl Mrz {
    /// Parses MRZ text: lines separated by newlines (blank lines and surrounding spaces
    /// ignored), verifying every check digit.
    pub fn parse(text: &str) -> Result<Self, MrzError> {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        Self::from_lines(&lines)
    }

    /// Parses MRZ lines, verifying every check digit.
    pub fn from_lines(lines: &[&str]) -> Result<Self, MrzError> {
        let format = match lines.iter().map(|l| l.len()).collect::<Vec<_>>().as_slice() {
            [30, 30, 30] => MrzFormat::Td1,
            [36, 36] => MrzFormat::Td2,
            [44, 44] => MrzFormat::Td3,
            _ => return Err(MrzError::UnknownFormat),
        };
        for line in lines {
            if !line
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase() || b == b'<')
            {
                return Err(MrzError::InvalidCharacter {
                    field: MrzField::Header,
                });
            }
        }
        match format {
            MrzFormat::Td1 => Self::parse_td1(lines[0], lines[1], lines[2]),
            _ => Self::parse_two_line(format, lines[0], lines[1]),
        }
    }

    fn parse_td1(l1: &str, l2: &str, l3: &str) -> Result<Self, MrzError> {
        let digit = |s: &str, i: usize| s.as_bytes()[i] as char;
        let (document_number, optional_data) =
            resolve_number(&l1[5..14], digit(l1, 14), &l1[15..30])?;
        verify(&l2[0..6], digit(l2, 6), MrzField::DateOfBirth)?;
        verify(&l2[8..14], digit(l2, 14), MrzField::DateOfExpiry)?;
        let composite = format!("{}{}{}{}", &l1[5..30], &l2[0..7], &l2[8..15], &l2[18..29]);
        verify(&composite, digit(l2, 29), MrzField::Composite)?;
        let (surname, given_names) = split_name(l3);
        Ok(Self {
            format: MrzFormat::Td1,
            document_code: trim_fillers(&l1[0..2]),
            issuing_state: trim_fillers(&l1[2..5]),
            document_number,
            surname,
            given_names,
            nationality: trim_fillers(&l2[15..18]),
            date_of_birth: l2[0..6].to_string(),
            sex: l2[7..8].to_string(),
            date_of_expiry: l2[8..14].to_string(),
            optional_data,
            optional_data_2: trim_fillers(&l2[18..29]),
        })
    }

    fn parse_two_line(format: MrzFormat, l1: &str, l2: &str) -> Result<Self, MrzError> {
        let digit = |i: usize| l2.as_bytes()[i] as char;
        let opt_end = 28 + format.optional_len();
        let (document_number, optional_data) = if format == MrzFormat::Td3 {
            verify(&l2[0..9], digit(9), MrzField::DocumentNumber)?;
            let personal = &l2[28..42];
            if !(digit(42) == '<' && personal.bytes().all(|b| b == b'<')) {
                verify(personal, digit(42), MrzField::OptionalData)?;
            }
            (trim_fillers(&l2[0..9]), trim_fillers(personal))
        } else {
            resolve_number(&l2[0..9], digit(9), &l2[28..opt_end])?
        };
        verify(&l2[13..19], digit(19), MrzField::DateOfBirth)?;
        verify(&l2[21..27], digit(27), MrzField::DateOfExpiry)?;
        let composite = format!(
            "{}{}{}",
            &l2[0..10],
            &l2[13..20],
            &l2[21..opt_end + usize::from(format == MrzFormat::Td3)]
        );
        verify(&composite, digit(l2.len() - 1), MrzField::Composite)?;
        let (surname, given_names) = split_name(&l1[5..]);
        Ok(Self {
            format,
            document_code: trim_fillers(&l1[0..2]),
            issuing_state: trim_fillers(&l1[2..5]),
            document_number,
            surname,
            given_names,
            nationality: trim_fillers(&l2[10..13]),
            date_of_birth: l2[13..19].to_string(),
            sex: l2[20..21].to_string(),
            date_of_expiry: l2[21..27].to_string(),
            optional_data,
            optional_data_2: String::new(),
        })
    }

    /// Composes the lines of this MRZ with every check digit, applying the overflow rule to
    /// document numbers longer than nine characters (TD1, TD2). Fields must already be MRZ
    /// characters; names longer than the field are truncated.
    pub fn to_lines(&self) -> Result<Vec<String>, MrzError> {
        let f = self.format;
        let name = fit(
            &format!("{}<<{}", self.surname, self.given_names),
            f.name_len(),
        );
        let code = fit(&self.document_code, 2);
        let state = fit(&self.issuing_state, 3);
        let nationality = fit(&self.nationality, 3);
        let dob = with_digit(&self.date_of_birth, MrzField::DateOfBirth)?;
        let doe = with_digit(&self.date_of_expiry, MrzField::DateOfExpiry)?;
        let sex = fit(&self.sex, 1);
        let (number, optional) = self.number_and_optional()?;
        Ok(match f {
            MrzFormat::Td1 => {
                let l1 = format!("{code}{state}{number}{optional}");
                let opt2 = fit(&self.optional_data_2, 11);
                let mut l2 = format!("{dob}{sex}{doe}{nationality}{opt2}");
                let composite = format!("{}{}{}{}", &l1[5..30], &l2[0..7], &l2[8..15], &l2[18..29]);
                l2.push(digit_char(
                    check_digit(&composite).ok_or(invalid(MrzField::Composite))?,
                ));
                vec![l1, l2, name]
            }
            MrzFormat::Td2 | MrzFormat::Td3 => {
                let l1 = format!("{code}{state}{name}");
                let mut l2 = format!("{number}{nationality}{dob}{sex}{doe}{optional}");
                let composite = format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..]);
                l2.push(digit_char(
                    check_digit(&composite).ok_or(invalid(MrzField::Composite))?,
                ));
                vec![l1, l2]
            }
        })
    }

    /// The 10-character number field (number and check digit, or the overflow form) and the
    /// optional-data field with its content and, for TD3, its check digit.
    fn number_and_optional(&self) -> Result<(String, String), MrzError> {
        let f = self.format;
        let number = &self.document_number;
        if number.is_empty() || (number.len() > 9 && f == MrzFormat::Td3) {
            return Err(invalid(MrzField::DocumentNumber));
        }
        let number_digit = check_digit(number).ok_or(invalid(MrzField::DocumentNumber))?;
        if f == MrzFormat::Td3 {
            let personal = fit(&self.optional_data, 14);
            let digit = if personal.bytes().all(|b| b == b'<') {
                '<'
            } else {
                digit_char(check_digit(&personal).ok_or(invalid(MrzField::OptionalData))?)
            };
            return Ok((
                format!("{}{}", fit(number, 9), digit_char(number_digit)),
                format!("{personal}{digit}"),
            ));
        }
        let len = f.optional_len();
        if number.len() <= 9 {
            return Ok((
                format!("{}{}", fit(number, 9), digit_char(number_digit)),
                fit(&self.optional_data, len),
            ));
        }
        let overflow = format!(
            "{}{}<{}",
            &number[9..],
            digit_char(number_digit),
            self.optional_data
        );
        if number.len() - 9 + 1 > len {
            return Err(invalid(MrzField::DocumentNumber));
        }
        Ok((format!("{}<", &number[..9]), fit(&overflow, len)))
    }
}

fn invalid(field: MrzField) -> MrzError {
    MrzError::InvalidField { field }
}

fn with_digit(date: &str, field: MrzField) -> Result<String, MrzError> {
    if date.len() != 6 {
        return Err(invalid(field));
    }
    let digit = check_digit(date).ok_or(MrzError::InvalidCharacter { field })?;
    Ok(format!("{date}{}", digit_char(digit)))
}

/// Pads with `<` or truncates to exactly `len` characters; spaces become fillers.
fn fit(value: &str, len: usize) -> String {
    let mut out: String = value
        .chars()
        .map(|c| if c == ' ' { '<' } else { c })
        .take(len)
        .collect();
    while out.len() < len {
        out.push('<');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TD3: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
    const TD1: &str = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";
    const TD2: &str = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6";

    #[test]
    fn parses_icao_specimens_and_recomposes_them() {
        for (text, format) in [
            (TD3, MrzFormat::Td3),
            (TD1, MrzFormat::Td1),
            (TD2, MrzFormat::Td2),
        ] {
            let mrz = Mrz::parse(text).unwrap();
            assert_eq!(mrz.format, format);
            assert_eq!(mrz.surname, "ERIKSSON");
            assert_eq!(mrz.given_names, "ANNA<MARIA");
            assert_eq!(mrz.date_of_birth, "740812");
            assert_eq!(mrz.date_of_expiry, "120415");
            assert_eq!(mrz.sex, "F");
            assert_eq!(mrz.to_lines().unwrap().join("\n"), text);
        }
        assert_eq!(Mrz::parse(TD3).unwrap().document_number, "L898902C3");
        assert_eq!(Mrz::parse(TD3).unwrap().optional_data, "ZE184226B");
        assert_eq!(Mrz::parse(TD1).unwrap().document_number, "D23145890");
    }

    #[test]
    fn names_the_field_whose_check_digit_fails() {
        let cases = [
            (
                TD3.replace("L898902C36", "L898902C35"),
                MrzField::DocumentNumber,
            ),
            (TD3.replace("7408122F", "7408123F"), MrzField::DateOfBirth),
            (TD3.replace("1204159Z", "1204158Z"), MrzField::DateOfExpiry),
            (TD3.replace("B<<<<<10", "B<<<<<20"), MrzField::OptionalData),
            (TD3.replace("B<<<<<10", "B<<<<<11"), MrzField::Composite),
            (
                TD1.replace("UTO<<<<<<<<<<<6", "UTO<<<<<<<<<<<5"),
                MrzField::Composite,
            ),
        ];
        for (text, field) in cases {
            assert_eq!(
                Mrz::parse(&text),
                Err(MrzError::CheckDigit { field }),
                "{text}"
            );
        }
    }

    #[test]
    fn long_document_numbers_overflow_into_optional_data() {
        let mut mrz = Mrz::parse(TD1).unwrap();
        mrz.document_number = "D23145890123".into();
        mrz.optional_data = "XYZ".into();
        let lines = mrz.to_lines().unwrap();
        assert_eq!(&lines[0][5..15], "D23145890<");
        assert!(lines[0][15..].starts_with("1233<XYZ"), "{}", lines[0]);
        let parsed = Mrz::parse(&lines.join("\n")).unwrap();
        assert_eq!(parsed.document_number, "D23145890123");
        assert_eq!(parsed.optional_data, "XYZ");

        let mut td2 = Mrz::parse(TD2).unwrap();
        td2.document_number = "D2314589012".into();
        let parsed = Mrz::parse(&td2.to_lines().unwrap().join("\n")).unwrap();
        assert_eq!(parsed.document_number, "D2314589012");
    }

    #[test]
    fn rejects_wrong_shapes_and_characters() {
        assert_eq!(Mrz::parse("P<UTO"), Err(MrzError::UnknownFormat));
        assert!(matches!(
            Mrz::parse(&TD3.to_lowercase()),
            Err(MrzError::InvalidCharacter { .. })
        ));
    }
}
