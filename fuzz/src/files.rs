//! Targets of the file parsers: every data group (EF.COM, DG1, DG2, DG7, DG11, DG12, DG14,
//! DG15, chosen by the first byte), the MRZ text, and the JPEG 2000 path that makes a face
//! displayable.

use egate_core::lds::{
    Com, FaceImage, FaceRecordStandard, HashCheck, ImageFormat, displayable_face, parse_dg1,
    parse_dg2, parse_dg7, parse_dg11, parse_dg12, parse_dg14, parse_dg15,
};
use egate_core::mrz::{Mrz, MrzKey};

/// One data-group parser per value of the first byte, on the rest; a parsed DG1 re-encodes to
/// an MRZ that parses to the same.
pub fn data_groups(data: &[u8]) {
    let Some((which, file)) = data.split_first() else {
        return;
    };
    match which % 9 {
        0 => {
            let _ = Com::parse(file);
        }
        1 => {
            if let Ok(mrz) = parse_dg1(file)
                && let Ok(lines) = mrz.to_lines()
            {
                let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                assert_eq!(Mrz::from_lines(&refs).ok().as_ref(), Some(&mrz));
            }
        }
        2 => {
            if let Ok(faces) = parse_dg2(file) {
                for face in faces {
                    assert!(face.image.len() <= file.len());
                }
            }
        }
        3 => {
            let _ = parse_dg7(file);
        }
        4 => {
            let _ = parse_dg11(file);
        }
        5 => {
            let _ = parse_dg12(file);
        }
        6 => {
            if let Ok(infos) = parse_dg14(file) {
                let _ = infos.chip_security_infos();
            }
        }
        7 => {
            let _ = parse_dg15(file);
        }
        _ => {
            if let Ok(faces) = parse_dg2(file) {
                for face in faces {
                    let _ = displayable_face(&face, HashCheck::Match);
                }
            }
        }
    }
}

/// MRZ text: parsed whole and line by line; what parses yields a key.
pub fn mrz(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(mrz) = Mrz::parse(&text) {
        let _ = MrzKey::from_mrz(&mrz);
    }
    let lines: Vec<&str> = text.lines().collect();
    let _ = Mrz::from_lines(&lines);
}

/// The JPEG 2000 decode path: the bytes as a JP2 file and as a raw codestream, made
/// displayable (bounded dimensions, then the decoder, then PNG).
pub fn jpeg2000(data: &[u8]) {
    for format in [ImageFormat::Jpeg2000, ImageFormat::Jpeg2000Codestream] {
        let face = FaceImage {
            format,
            image: data.to_vec(),
            size: None,
            standard: FaceRecordStandard::Iso19794_5,
        };
        if let Ok(shown) = displayable_face(&face, HashCheck::Match) {
            assert!(shown.width > 0 && shown.height > 0);
        }
    }
}
