//! The committed passport in fixtures/documents/td3-passport, whose EF.SOD has an indefinite
//! outer length (BER, as some passports write it): passive authentication over the files as
//! stored, with no simulator involved.

use egate_core::lds::{ElementaryFile, HashCheck, normalise_lengths, parse_sod};
use egate_core::passive::{PassiveStatus, Revocation, TrustStore, passive_authentication};
use egate_core::ports::FixedClock;
use std::collections::BTreeMap;
use std::path::Path;

/// 2026-06-01T00:00:00Z.
const NOW: FixedClock = FixedClock(1_780_272_000);

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures"))
}

fn passport() -> BTreeMap<ElementaryFile, Vec<u8>> {
    let dir = fixtures().join("documents/td3-passport");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter_map(|path| {
            let name = path.file_stem()?.to_str()?.to_string();
            Some((
                ElementaryFile::from_name(&name)?,
                std::fs::read(&path).ok()?,
            ))
        })
        .collect()
}

fn trust() -> TrustStore {
    let pki = fixtures().join("pki");
    TrustStore::from_paths(
        &[
            pki.join("csca-utopia-2020.pem"),
            pki.join("crl-utopia-2020.crl"),
        ],
        &NOW,
    )
    .unwrap()
}

#[test]
fn the_ber_sod_verifies_over_the_bytes_as_stored() {
    let files = passport();
    assert_eq!(files.len(), 11);
    let sod = &files[&ElementaryFile::Sod];
    assert_eq!(&sod[..2], &[0x77, 0x80], "indefinite outer length");
    assert_eq!(&sod[sod.len() - 2..], &[0x00, 0x00], "end of contents");
    assert_ne!(normalise_lengths(sod).unwrap(), *sod);
    assert_eq!(parse_sod(sod).unwrap().security_object.version, 0);

    let report = passive_authentication(&files, Some(&trust()), &NOW);
    assert_eq!(report.status, PassiveStatus::Valid, "{:?}", report.reasons);
    assert_eq!(report.revocation, Revocation::Checked);
    assert_eq!(report.data_groups.len(), 7);
    assert!(report.data_groups.values().all(|c| *c == HashCheck::Match));
    assert_eq!(report.document_signer.unwrap().key, "RSA-2048");
}

#[test]
fn a_broken_end_of_contents_is_malformed_not_valid() {
    let mut files = passport();
    let sod = files.get_mut(&ElementaryFile::Sod).unwrap();
    let last = sod.len() - 1;
    sod[last] = 0x01;
    let report = passive_authentication(&files, Some(&trust()), &NOW);
    assert_eq!(report.status, PassiveStatus::Invalid);
    assert_eq!(report.reasons[0].code(), "sod_malformed");
}
