//! EF.SOD of the simulated documents parsed by the core (definite and indefinite lengths) and
//! every data group compared with its hash; any flipped byte shows as a mismatch.

use egate_core::lds::{ElementaryFile, HashCheck, parse_sod};
use egate_simulator::{Profile, VirtualChip};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn files(profile: &str) -> BTreeMap<ElementaryFile, Vec<u8>> {
    VirtualChip::new(&Profile::by_name(profile).unwrap())
        .unwrap()
        .files()
        .clone()
}

#[test]
fn every_data_group_matches_its_hash_in_both_sod_encodings() {
    for profile in ["td1-id", "td3-passport"] {
        let files = files(profile);
        let sod_bytes = &files[&ElementaryFile::Sod];
        let indefinite = sod_bytes[1] == 0x80;
        assert_eq!(indefinite, profile == "td3-passport", "{profile}");
        let sod = parse_sod(sod_bytes).unwrap();
        let checks = sod.check_hashes(&files).unwrap();
        let data_groups = files
            .keys()
            .filter(|f| matches!(f, ElementaryFile::Dg(_)))
            .count();
        assert_eq!(checks.len(), data_groups);
        assert!(
            checks.values().all(|c| *c == HashCheck::Match),
            "{checks:?}"
        );
    }
}

#[test]
fn missing_and_unlisted_data_groups_are_named() {
    let mut files = files("td1-id");
    let sod = parse_sod(&files[&ElementaryFile::Sod]).unwrap();
    files.remove(&ElementaryFile::Dg(2));
    files.insert(ElementaryFile::Dg(3), vec![0x63, 0x00]);
    let checks = sod.check_hashes(&files).unwrap();
    assert_eq!(checks[&ElementaryFile::Dg(2)], HashCheck::NotRead);
    assert_eq!(checks[&ElementaryFile::Dg(3)], HashCheck::NotInSod);
    assert_eq!(checks[&ElementaryFile::Dg(1)], HashCheck::Match);
}

#[test]
fn a_sod_that_is_not_signed_data_is_a_typed_error() {
    assert!(parse_sod(&[0x77, 0x03, 0x30, 0x01, 0x00]).is_err());
    assert!(parse_sod(&[0x30, 0x00]).is_err());
    assert!(parse_sod(&[]).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_flipped_byte_of_a_data_group_is_a_hash_mismatch(
        group in prop::sample::select(vec![1u8, 11, 12, 14, 15]),
        position in any::<prop::sample::Index>(),
        mask in 1u8..=255,
    ) {
        let mut files = files("td1-id");
        let sod = parse_sod(&files[&ElementaryFile::Sod]).unwrap();
        let file = ElementaryFile::Dg(group);
        let bytes = files.get_mut(&file).unwrap();
        let at = position.index(bytes.len());
        bytes[at] ^= mask;
        let checks = sod.check_hashes(&files).unwrap();
        prop_assert_eq!(checks[&file], HashCheck::Mismatch);
    }
}
