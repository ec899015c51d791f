//! DG11 (additional personal details) and DG12 (additional document details): tagged text
//! fields under a tag list, read leniently — unknown or absent fields are simply missing.

use crate::card::CardError;
use crate::tlv;

/// DG11 content (ICAO 9303-10 §4.7.11).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonalDetails {
    /// Full name in national characters, primary and secondary identifiers split by `<<`.
    pub full_name: Option<String>,
    /// Personal number.
    pub personal_number: Option<String>,
    /// Full date of birth, `YYYYMMDD` (unknown parts may be `00` or `<`).
    pub full_date_of_birth: Option<String>,
    /// Place of birth, parts split by `<`.
    pub place_of_birth: Option<String>,
    /// Permanent address, parts split by `<`.
    pub address: Option<String>,
    /// Telephone.
    pub telephone: Option<String>,
    /// Profession.
    pub profession: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Personal summary.
    pub personal_summary: Option<String>,
}

/// DG12 content (ICAO 9303-10 §4.7.12).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentDetails {
    /// Issuing authority.
    pub issuing_authority: Option<String>,
    /// Date of issue, `YYYYMMDD`.
    pub date_of_issue: Option<String>,
    /// Endorsements and observations.
    pub endorsements: Option<String>,
}

/// The text fields under `outer`, by tag.
fn fields(bytes: &[u8], outer: u32, what: &'static str) -> Result<Vec<(u32, String)>, CardError> {
    let (element, _) = tlv::split_first(bytes)?;
    if element.tag != outer {
        return Err(CardError::Malformed(what));
    }
    tlv::iter(element.value)
        .map(|item| {
            let item = item?;
            Ok((item.tag, String::from_utf8_lossy(item.value).into_owned()))
        })
        .collect()
}

fn take(fields: &[(u32, String)], tag: u32) -> Option<String> {
    fields
        .iter()
        .find(|(t, value)| *t == tag && !value.is_empty())
        .map(|(_, value)| value.clone())
}

/// Parses DG11 (`6B`).
pub fn parse_dg11(bytes: &[u8]) -> Result<PersonalDetails, CardError> {
    let f = fields(bytes, 0x6B, "DG11 is not tagged 6B")?;
    Ok(PersonalDetails {
        full_name: take(&f, 0x5F0E),
        personal_number: take(&f, 0x5F10),
        full_date_of_birth: take(&f, 0x5F2B),
        place_of_birth: take(&f, 0x5F11),
        address: take(&f, 0x5F42),
        telephone: take(&f, 0x5F12),
        profession: take(&f, 0x5F13),
        title: take(&f, 0x5F14),
        personal_summary: take(&f, 0x5F15),
    })
}

/// Parses DG12 (`6C`).
pub fn parse_dg12(bytes: &[u8]) -> Result<DocumentDetails, CardError> {
    let f = fields(bytes, 0x6C, "DG12 is not tagged 6C")?;
    Ok(DocumentDetails {
        issuing_authority: take(&f, 0x5F19),
        date_of_issue: take(&f, 0x5F26),
        endorsements: take(&f, 0x5F1B),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dg(outer: u32, fields: &[(u32, &str)]) -> Vec<u8> {
        let mut body = tlv::encode(0x5C, &[]);
        for (tag, value) in fields {
            body.extend(tlv::encode(*tag, value.as_bytes()));
        }
        tlv::encode(outer, &body)
    }

    #[test]
    fn reads_dg11_and_dg12_fields_in_utf8() {
        let dg11 = dg(
            0x6B,
            &[
                (0x5F0E, "YILDIZ<<ELİF NAZ"),
                (0x5F2B, "19900315"),
                (0x5F42, "ATATÜRK BULVARI NO 1<ANKARA"),
                (0x5F1D, "a field this parser does not name"),
            ],
        );
        let details = parse_dg11(&dg11).unwrap();
        assert_eq!(details.full_name.as_deref(), Some("YILDIZ<<ELİF NAZ"));
        assert_eq!(details.full_date_of_birth.as_deref(), Some("19900315"));
        assert_eq!(details.telephone, None);
        let dg12 = dg(0x6C, &[(0x5F19, "UTOPIA OFFICE"), (0x5F26, "20240416")]);
        let issuing = parse_dg12(&dg12).unwrap();
        assert_eq!(issuing.issuing_authority.as_deref(), Some("UTOPIA OFFICE"));
        assert!(parse_dg11(&dg12).is_err());
        assert!(parse_dg12(&[0x6C, 0x05, 0x5F]).is_err());
    }
}
