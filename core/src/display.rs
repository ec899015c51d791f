//! What the citizen is shown, decided once for both shells: names without MRZ fillers and split
//! into primary and secondary identifiers (the DG11 national-character name preferred), and
//! ISO 8601 dates with the birth century chosen so the date is not in the future.

use crate::lds::{DocumentDetails, ElementaryFile, PersonalDetails, parse_dg11, parse_dg12};
use crate::mrz::Mrz;
use crate::read::CardRead;
use std::fmt;

/// A calendar date whose day or month may be unknown (MRZ `<<`, or `00` in DG11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    /// The year.
    pub year: u16,
    /// The month, when known.
    pub month: Option<u8>,
    /// The day, when known (only with a known month).
    pub day: Option<u8>,
}

impl fmt::Display for PartialDate {
    /// ISO 8601: `1990-03-15`, `1990-03` or `1990`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
            if let Some(day) = self.day {
                write!(f, "-{day:02}")?;
            }
        }
        Ok(())
    }
}

/// A day, for choosing the birth century (from the platform's clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Today {
    /// Year.
    pub year: u16,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
}

impl Today {
    /// The UTC day of a Unix time (proleptic Gregorian calendar, days-from-civil inverse).
    pub fn from_unix_seconds(seconds: i64) -> Self {
        let days = seconds.div_euclid(86_400);
        let shifted = days + 719_468;
        let era = shifted.div_euclid(146_097);
        let day_of_era = shifted - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_index + 2) / 5 + 1;
        let month = if month_index < 10 {
            month_index + 3
        } else {
            month_index - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Self {
            year: year.clamp(0, i64::from(u16::MAX)) as u16,
            month: month as u8,
            day: day as u8,
        }
    }
}

/// The holder and document as shown to the citizen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayData {
    /// Primary identifier (surname), without fillers.
    pub primary_name: String,
    /// Secondary identifiers (given names), without fillers.
    pub secondary_names: String,
    /// Document number without fillers.
    pub document_number: String,
    /// Document code, e.g. `P` or `ID`.
    pub document_code: String,
    /// Issuing state or organisation (ICAO code).
    pub issuing_state: String,
    /// Nationality (ICAO code).
    pub nationality: String,
    /// `F`, `M` or `X`; `None` when unspecified.
    pub sex: Option<char>,
    /// Date of birth (the DG11 full date preferred).
    pub date_of_birth: Option<PartialDate>,
    /// Date of expiry (20YY).
    pub date_of_expiry: Option<PartialDate>,
    /// Personal number (DG11 preferred, else the MRZ optional data).
    pub personal_number: Option<String>,
    /// Place of birth (DG11), parts joined with `, `.
    pub place_of_birth: Option<String>,
    /// Address (DG11), parts joined with `, `.
    pub address: Option<String>,
    /// Issuing authority (DG12).
    pub issuing_authority: Option<String>,
    /// Date of issue (DG12).
    pub date_of_issue: Option<PartialDate>,
}

fn without_fillers(text: &str) -> String {
    text.split('<')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn two_digits(text: &str) -> Option<u8> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|n| *n != 0)
}

fn partial(year: u16, month: &str, day: &str) -> PartialDate {
    let month = two_digits(month).filter(|m| *m <= 12);
    PartialDate {
        year,
        month,
        day: month.and(two_digits(day).filter(|d| *d <= 31)),
    }
}

/// `YYMMDD` from the MRZ, with the century chosen by `century`.
fn mrz_date(text: &str, century: impl Fn(u16) -> u16) -> Option<PartialDate> {
    let yy: u16 = text.get(..2)?.parse().ok()?;
    Some(partial(century(yy), text.get(2..4)?, text.get(4..6)?))
}

/// `YYYYMMDD` from DG11/DG12.
fn full_date(text: &str) -> Option<PartialDate> {
    let year: u16 = text.get(..4)?.parse().ok()?;
    Some(partial(year, text.get(4..6)?, text.get(6..8)?))
}

fn birth_century(yy: u16, today: Today) -> u16 {
    let candidate = 2000 + yy;
    if candidate > today.year {
        1900 + yy
    } else {
        candidate
    }
}

/// DG11 places and addresses separate their parts with `<`.
fn address_parts(text: &str) -> String {
    text.split('<')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn split_name(full: &str) -> (String, String) {
    match full.split_once("<<") {
        Some((primary, secondary)) => (without_fillers(primary), without_fillers(secondary)),
        None => (without_fillers(full), String::new()),
    }
}

/// The display data of a document from its MRZ and, when read, DG11 and DG12.
pub fn display_data(
    mrz: &Mrz,
    personal: Option<&PersonalDetails>,
    issuing: Option<&DocumentDetails>,
    today: Today,
) -> DisplayData {
    let (primary_name, secondary_names) = personal
        .and_then(|p| p.full_name.as_deref())
        .map(split_name)
        .unwrap_or_else(|| {
            (
                without_fillers(&mrz.surname),
                without_fillers(&mrz.given_names),
            )
        });
    let date_of_birth = personal
        .and_then(|p| p.full_date_of_birth.as_deref())
        .and_then(full_date)
        .or_else(|| mrz_date(&mrz.date_of_birth, |yy| birth_century(yy, today)));
    let personal_number = personal
        .and_then(|p| p.personal_number.clone())
        .or_else(|| Some(without_fillers(&mrz.optional_data)).filter(|s| !s.is_empty()));
    DisplayData {
        primary_name,
        secondary_names,
        document_number: without_fillers(&mrz.document_number),
        document_code: without_fillers(&mrz.document_code),
        issuing_state: without_fillers(&mrz.issuing_state),
        nationality: without_fillers(&mrz.nationality),
        sex: mrz
            .sex
            .chars()
            .next()
            .filter(|c| matches!(c, 'F' | 'M' | 'X')),
        date_of_birth,
        date_of_expiry: mrz_date(&mrz.date_of_expiry, |yy| 2000 + yy),
        personal_number,
        place_of_birth: personal
            .and_then(|p| p.place_of_birth.as_deref())
            .map(address_parts),
        address: personal
            .and_then(|p| p.address.as_deref())
            .map(address_parts),
        issuing_authority: issuing.and_then(|i| i.issuing_authority.clone()),
        date_of_issue: issuing
            .and_then(|i| i.date_of_issue.as_deref())
            .and_then(full_date),
    }
}

/// What the citizen is shown for a read: [`display_data`] from its MRZ, DG11 and DG12 (when read
/// and well-formed), as of `today`.
pub fn display_read(read: &CardRead, today: Today) -> DisplayData {
    let personal = read
        .files
        .get(&ElementaryFile::Dg(11))
        .and_then(|bytes| parse_dg11(bytes).ok());
    let issuing = read
        .files
        .get(&ElementaryFile::Dg(12))
        .and_then(|bytes| parse_dg12(bytes).ok());
    display_data(&read.mrz, personal.as_ref(), issuing.as_ref(), today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lds::{DocumentDetails, PersonalDetails};

    const TODAY: Today = Today {
        year: 2026,
        month: 11,
        day: 23,
    };

    /// The ICAO specimen passport's MRZ with other dates (check digits are not re-checked).
    fn td3(birth: &str, expiry: &str) -> Mrz {
        let mut mrz = Mrz::parse(
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F3404159ZE184226B<<<<<16",
        )
        .unwrap();
        mrz.date_of_birth = birth.into();
        mrz.date_of_expiry = expiry.into();
        mrz
    }

    #[test]
    fn unix_time_becomes_the_utc_day() {
        let day = |seconds| {
            let t = Today::from_unix_seconds(seconds);
            (t.year, t.month, t.day)
        };
        assert_eq!(day(0), (1970, 1, 1));
        assert_eq!(day(951_782_400), (2000, 2, 29));
        assert_eq!(day(1_795_392_000), (2026, 11, 23));
        assert_eq!(day(-86_400), (1969, 12, 31));
    }

    #[test]
    fn mrz_names_lose_their_fillers_and_dates_become_iso() {
        let shown = display_data(&td3("740812", "340415"), None, None, TODAY);
        assert_eq!(shown.primary_name, "ERIKSSON");
        assert_eq!(shown.secondary_names, "ANNA MARIA");
        assert_eq!(shown.document_number, "L898902C3");
        assert_eq!(shown.date_of_birth.unwrap().to_string(), "1974-08-12");
        assert_eq!(shown.date_of_expiry.unwrap().to_string(), "2034-04-15");
        assert_eq!(shown.personal_number.as_deref(), Some("ZE184226B"));
        assert_eq!(shown.sex, Some('F'));
    }

    #[test]
    fn the_birth_century_never_puts_birth_in_the_future() {
        let child = display_data(&td3("150101", "300101"), None, None, TODAY);
        assert_eq!(child.date_of_birth.unwrap().year, 2015);
        let elder = display_data(&td3("270101", "300101"), None, None, TODAY);
        assert_eq!(elder.date_of_birth.unwrap().year, 1927);
    }

    #[test]
    fn unknown_day_or_month_gives_a_partial_date() {
        let shown = display_data(&td3("74<<<<", "340415"), None, None, TODAY);
        let birth = shown.date_of_birth.unwrap();
        assert_eq!((birth.month, birth.day), (None, None));
        assert_eq!(birth.to_string(), "1974");
        let month_only = display_data(&td3("7408<<", "340415"), None, None, TODAY);
        assert_eq!(month_only.date_of_birth.unwrap().to_string(), "1974-08");
    }

    #[test]
    fn dg11_and_dg12_are_preferred_where_present() {
        let personal = PersonalDetails {
            full_name: Some("ERİKSSON<<ANNA MARİA".into()),
            full_date_of_birth: Some("19740800".into()),
            personal_number: Some("12345".into()),
            place_of_birth: Some("ZENITH<UTOPIA".into()),
            ..PersonalDetails::default()
        };
        let issuing = DocumentDetails {
            issuing_authority: Some("UTOPIA PASSPORT OFFICE".into()),
            date_of_issue: Some("20240416".into()),
            endorsements: None,
        };
        let shown = display_data(
            &td3("740812", "340415"),
            Some(&personal),
            Some(&issuing),
            TODAY,
        );
        assert_eq!(shown.primary_name, "ERİKSSON");
        assert_eq!(shown.secondary_names, "ANNA MARİA");
        assert_eq!(shown.date_of_birth.unwrap().to_string(), "1974-08");
        assert_eq!(shown.personal_number.as_deref(), Some("12345"));
        assert_eq!(shown.place_of_birth.as_deref(), Some("ZENITH, UTOPIA"));
        assert_eq!(shown.date_of_issue.unwrap().to_string(), "2024-04-16");
    }
}
