//! DG2 (ISO/IEC 19794-5 facial record in a biometric information template) and DG7 (displayed
//! signature), around the fixture images.

use super::sizing::jp2_free_box;
use super::{BuildError, FaceFormat};
use egate_core::tlv;

const FACE_JPEG: &[u8] = include_bytes!("../../../fixtures/faces/face.jpg");
const FACE_JP2: &[u8] = include_bytes!("../../../fixtures/faces/face.jp2");
const FACE_JPEG_LARGE: &[u8] = include_bytes!("../../../fixtures/faces/face-large.jpg");
const SIGNATURE_JPEG: &[u8] = include_bytes!("../../../fixtures/signature/signature.jpg");

/// The image, its ISO 19794-5 image data type (0 JPEG, 1 JPEG 2000) and its pixel size.
fn face_image(format: FaceFormat) -> (&'static [u8], u8, u16, u16) {
    match format {
        FaceFormat::Jpeg => (FACE_JPEG, 0, 240, 320),
        FaceFormat::Jpeg2000 => (FACE_JP2, 1, 240, 320),
        FaceFormat::JpegLarge => (FACE_JPEG_LARGE, 0, 360, 480),
    }
}

/// The ISO/IEC 19794-5:2005 facial record: record header, one facial information block, image
/// information and the image.
fn facial_record(format: FaceFormat, free_box: usize) -> Result<Vec<u8>, BuildError> {
    let (image, data_type, width, height) = face_image(format);
    let mut image = image.to_vec();
    if data_type == 1 {
        image.extend(jp2_free_box(free_box));
    }
    let block_len = 20 + 12 + image.len();
    let record_len = 14 + block_len;
    let as_u32 = |n: usize| u32::try_from(n).map_err(|_| BuildError::Key("image too large".into()));
    let mut out = Vec::with_capacity(record_len);
    out.extend_from_slice(b"FAC\x00");
    out.extend_from_slice(b"010\x00");
    out.extend_from_slice(&as_u32(record_len)?.to_be_bytes());
    out.extend_from_slice(&1u16.to_be_bytes());
    out.extend_from_slice(&as_u32(block_len)?.to_be_bytes());
    out.extend_from_slice(&[0, 0]); // feature points
    out.extend_from_slice(&[2, 0, 0]); // gender female, eye and hair colour unspecified
    out.extend_from_slice(&[0, 0, 0]); // feature mask
    out.extend_from_slice(&[0, 1]); // expression: neutral
    out.extend_from_slice(&[0; 6]); // pose angles and their uncertainty
    out.push(1); // face image type: full frontal
    out.push(data_type);
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&height.to_be_bytes());
    out.push(1); // colour space: sRGB
    out.push(2); // source type: digital still camera
    out.extend_from_slice(&[0, 0, 0, 0]); // device type, quality
    out.extend_from_slice(&image);
    Ok(out)
}

/// DG2: `75` { `7F61` { count, `7F60` { `A1` header template, `5F2E` facial record } } }; a
/// JPEG 2000 image followed by a JP2 `free` box of `free_box` bytes (none below 8).
pub(super) fn encode_dg2(format: FaceFormat, free_box: usize) -> Result<Vec<u8>, BuildError> {
    let mut header = tlv::encode(0x80, &[0x01, 0x01]); // ICAO header version 1.1
    header.extend(tlv::encode(0x81, &[0x02])); // biometric type: facial features
    header.extend(tlv::encode(0x87, &[0x01, 0x01])); // format owner: ISO/IEC JTC 1 SC 37
    header.extend(tlv::encode(0x88, &[0x00, 0x08])); // format type: face image
    let mut template = tlv::encode(0xA1, &header);
    template.extend(tlv::encode(0x5F2E, &facial_record(format, free_box)?));
    let mut group = tlv::encode(0x02, &[1]);
    group.extend(tlv::encode(0x7F60, &template));
    Ok(tlv::encode(0x75, &tlv::encode(0x7F61, &group)))
}

/// DG7: `67` { number of images, `5F43` signature image }.
pub(super) fn encode_dg7() -> Vec<u8> {
    let mut body = tlv::encode(0x02, &[1]);
    body.extend(tlv::encode(0x5F43, SIGNATURE_JPEG));
    tlv::encode(0x67, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_face_pushes_dg2_past_b0_offsets() {
        let large = encode_dg2(FaceFormat::JpegLarge, 0).unwrap();
        assert!(large.len() > 32_767, "{}", large.len());
        let small = encode_dg2(FaceFormat::Jpeg2000, 0).unwrap();
        let (outer, rest) = tlv::split_first(&small).unwrap();
        assert_eq!(outer.tag, 0x75);
        assert!(rest.is_empty());
        let jp2_at = small
            .windows(12)
            .position(|w| w == &FACE_JP2[..12])
            .unwrap();
        assert_eq!(&small[jp2_at..], FACE_JP2);
    }
}
