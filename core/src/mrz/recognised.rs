//! An MRZ in text recognised from a camera frame: the recogniser's lines are cleaned (spaces
//! dropped, letters upper-cased, the guillemet it reads for `<<` restored, a few trailing fillers
//! it lost put back) and every run of lines shaped like a TD1, TD2 or TD3 zone is parsed; the
//! check digits decide, so a misread zone is never answered.

use super::layout::{Mrz, MrzFormat};

/// Fillers a recogniser may drop from the end of a line, put back before parsing.
const LOST_FILLERS: usize = 3;

/// The MRZ whose check digits all verify in `text` (lines as the recogniser answered them, in
/// order), or none (keep scanning).
pub fn find_in_recognised_text(text: &str) -> Option<Mrz> {
    let lines: Vec<String> = text.lines().filter_map(cleaned).collect();
    [MrzFormat::Td1, MrzFormat::Td2, MrzFormat::Td3]
        .into_iter()
        .find_map(|format| {
            let (count, length) = format.shape();
            lines.windows(count).find_map(|window| {
                let padded: Option<Vec<String>> =
                    window.iter().map(|line| padded(line, length)).collect();
                let padded = padded?;
                let refs: Vec<&str> = padded.iter().map(String::as_str).collect();
                Mrz::from_lines(&refs).ok()
            })
        })
}

/// A recognised line as MRZ characters, or none when it holds anything else.
fn cleaned(line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    for c in line.chars().filter(|c| !c.is_whitespace()) {
        match c.to_ascii_uppercase() {
            '«' => out.push_str("<<"),
            c @ ('A'..='Z' | '0'..='9' | '<') => out.push(c),
            _ => return None,
        }
    }
    (out.len() >= 20).then_some(out)
}

/// `line` at `length` characters, fillers put back where a few were lost.
fn padded(line: &str, length: usize) -> Option<String> {
    let missing = length.checked_sub(line.len())?;
    (missing <= LOST_FILLERS && (missing == 0 || line.ends_with('<')))
        .then(|| format!("{line}{}", "<".repeat(missing)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TD1: [&str; 3] = [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ];

    #[test]
    fn a_zone_among_other_recognised_text_is_found() {
        let text = format!(
            "IDENTITY CARD\nSurname Eriksson\n{}\n{}\n{}\n",
            TD1[0], TD1[1], TD1[2]
        );
        let mrz = find_in_recognised_text(&text).unwrap();
        assert_eq!(mrz.document_number, "D23145890");
        assert_eq!(mrz.date_of_birth, "740812");
        assert_eq!(mrz.date_of_expiry, "120415");
    }

    #[test]
    fn spaces_lower_case_guillemets_and_lost_fillers_are_repaired() {
        let text = format!(
            "i<UTO D23145890 7«<<<<<<<<<<<<\n{}\n{}",
            TD1[1].to_lowercase(),
            &TD1[2][..28]
        );
        let mrz = find_in_recognised_text(&text).unwrap();
        assert_eq!(mrz.document_number, "D23145890");
    }

    #[test]
    fn a_misread_digit_is_refused_by_its_check_digit() {
        let misread = TD1[1].replacen("740812", "740813", 1);
        let text = format!("{}\n{misread}\n{}", TD1[0], TD1[2]);
        assert!(find_in_recognised_text(&text).is_none());
    }

    #[test]
    fn text_without_a_zone_gives_nothing() {
        assert!(find_in_recognised_text("").is_none());
        assert!(find_in_recognised_text("REPUBLIC OF UTOPIA\nIDENTITY CARD\n").is_none());
    }
}
