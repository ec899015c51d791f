//! Which files a read fetches and in what order: the data groups EF.SOD hashes (or, without a
//! usable EF.SOD, those EF.COM lists), small ones that verification and chip checks need first,
//! the face last; DG3 and DG4 set aside for terminal authentication.

use crate::card::CardError;
use crate::lds::{Com, ElementaryFile, parse_sod};

/// The files still to fetch and those set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Files to read, in order.
    pub wanted: Vec<ElementaryFile>,
    /// Data groups listed but needing terminal authentication.
    pub skipped: Vec<ElementaryFile>,
}

/// Reading order of a data group: DG1 (the MRZ), the chip-key groups, the small ones by number,
/// then DG2, the face, which dominates the read.
fn rank(file: ElementaryFile) -> (u8, u8) {
    match file {
        ElementaryFile::Sod => (0, 0),
        ElementaryFile::Dg(1) => (1, 1),
        ElementaryFile::Dg(n @ (14 | 15)) => (2, n),
        ElementaryFile::Dg(2) => (4, 2),
        ElementaryFile::Dg(n) => (3, n),
        _ => (5, 0),
    }
}

fn plan(files: impl IntoIterator<Item = ElementaryFile>) -> Plan {
    let mut wanted = Vec::new();
    let mut skipped = Vec::new();
    for file in files {
        if file.needs_terminal_authentication() {
            if !skipped.contains(&file) {
                skipped.push(file);
            }
        } else if !wanted.contains(&file) {
            wanted.push(file);
        }
    }
    wanted.sort_by_key(|f| rank(*f));
    Plan { wanted, skipped }
}

/// The plan from EF.SOD's data-group hashes; `None` when EF.SOD does not parse (EF.COM then
/// decides).
pub fn plan_from_sod(sod: &[u8]) -> Option<Plan> {
    let sod = parse_sod(sod).ok()?;
    let groups = sod
        .security_object
        .data_group_hash_values
        .iter()
        .filter(|hash| (1..=16).contains(&hash.data_group_number))
        .map(|hash| ElementaryFile::Dg(hash.data_group_number));
    Some(plan(groups))
}

/// The plan from EF.COM's list, EF.SOD first.
pub fn plan_from_com(com: &[u8]) -> Result<Plan, CardError> {
    let com = Com::parse(com).map_err(|_| CardError::Malformed("EF.COM"))?;
    Ok(plan(
        std::iter::once(ElementaryFile::Sod).chain(com.data_groups),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_face_comes_last_and_eac_groups_are_set_aside() {
        let planned = plan([2, 1, 3, 11, 15, 14, 4, 7].map(ElementaryFile::Dg));
        assert_eq!(
            planned.wanted,
            [1, 14, 15, 7, 11, 2].map(ElementaryFile::Dg).to_vec()
        );
        assert_eq!(planned.skipped, [3, 4].map(ElementaryFile::Dg).to_vec());
    }

    #[test]
    fn com_plans_read_the_sod_first() {
        let com = Com {
            lds_version: "0108".into(),
            unicode_version: "040000".into(),
            data_groups: [2, 1].map(ElementaryFile::Dg).to_vec(),
        }
        .encode();
        let planned = plan_from_com(&com).unwrap();
        assert_eq!(
            planned.wanted,
            vec![
                ElementaryFile::Sod,
                ElementaryFile::Dg(1),
                ElementaryFile::Dg(2)
            ]
        );
        assert!(plan_from_com(&[0x60, 0x01]).is_err());
        assert!(plan_from_sod(&[0x77, 0x00]).is_none());
    }
}
