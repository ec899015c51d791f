//! The core's data-group parsers on the simulated documents: DG2 face images (JPEG, JPEG 2000,
//! a DG2 over 32 KiB) and the DG7 signature byte for byte against the fixtures, DG11/DG12, DG14
//! and DG15.

use egate_core::lds::{
    ActiveAuthenticationKey, ElementaryFile, FaceRecordStandard, ImageFormat, parse_dg2, parse_dg7,
    parse_dg11, parse_dg12, parse_dg14, parse_dg15,
};
use egate_simulator::{Profile, VirtualChip};

fn file(profile: &str, file: ElementaryFile) -> Vec<u8> {
    VirtualChip::new(&Profile::by_name(profile).unwrap())
        .unwrap()
        .files()[&file]
        .clone()
}

#[test]
fn dg2_yields_the_fixture_face_images() {
    for (profile, format, fixture, size) in [
        (
            "td1-id",
            ImageFormat::Jpeg2000,
            &include_bytes!("../../fixtures/faces/face.jp2")[..],
            (240, 320),
        ),
        (
            "td3-passport",
            ImageFormat::Jpeg,
            &include_bytes!("../../fixtures/faces/face.jpg")[..],
            (240, 320),
        ),
        (
            "td3-passport-large",
            ImageFormat::Jpeg,
            &include_bytes!("../../fixtures/faces/face-large.jpg")[..],
            (360, 480),
        ),
    ] {
        let faces = parse_dg2(&file(profile, ElementaryFile::Dg(2))).unwrap();
        assert_eq!(faces.len(), 1, "{profile}");
        assert_eq!(faces[0].format, format, "{profile}");
        assert_eq!(faces[0].image, fixture, "{profile}");
        assert_eq!(faces[0].size, Some(size), "{profile}");
        assert_eq!(faces[0].standard, FaceRecordStandard::Iso19794_5);
    }
}

#[test]
fn dg7_yields_the_fixture_signature() {
    let images = parse_dg7(&file("td1-id", ElementaryFile::Dg(7))).unwrap();
    assert_eq!(images.len(), 1);
    assert_eq!(images[0].format, Some(ImageFormat::Jpeg));
    assert_eq!(
        images[0].image,
        include_bytes!("../../fixtures/signature/signature.jpg")
    );
}

#[test]
fn dg11_and_dg12_of_the_id_card() {
    let personal = parse_dg11(&file("td1-id", ElementaryFile::Dg(11))).unwrap();
    assert_eq!(personal.full_name.as_deref(), Some("YILDIZ<<ELİF NAZ"));
    assert_eq!(personal.personal_number.as_deref(), Some("10000000146"));
    let issuing = parse_dg12(&file("td1-id", ElementaryFile::Dg(12))).unwrap();
    assert_eq!(issuing.date_of_issue.as_deref(), Some("20210315"));
}

#[test]
fn dg14_and_dg15_name_the_chip_keys() {
    let infos = parse_dg14(&file("td1-id", ElementaryFile::Dg(14))).unwrap();
    let chip = infos.chip_security_infos();
    assert_eq!(chip.chip_authentication.len(), 1);
    assert_eq!(
        chip.chip_authentication[0].0.to_string(),
        "0.4.0.127.0.7.2.2.3.2.2"
    );
    assert_eq!(
        chip.active_authentication_algorithm
            .map(|o| o.to_string())
            .as_deref(),
        Some("1.2.840.10045.4.3.2")
    );
    let keys = infos.chip_authentication_public_keys();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].parameter_id, 12, "P-256 named curve");
    assert_eq!(keys[0].public_key.len(), 65);
    match parse_dg15(&file("td1-id", ElementaryFile::Dg(15))).unwrap() {
        ActiveAuthenticationKey::Ec {
            parameter_id,
            point,
            ..
        } => {
            assert_eq!(parameter_id, Some(12));
            assert_eq!(point.len(), 65);
        }
        other => panic!("expected an EC key, got {other:?}"),
    }
    assert!(parse_dg15(&file("td1-id", ElementaryFile::Dg(14))).is_err());
}
