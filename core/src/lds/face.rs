//! DG2: the facial image inside the biometric information template — ISO/IEC 19794-5 facial
//! records (parsed field by field) and ISO/IEC 39794-5 ones (the image octets found in the
//! record's BER tree) — as bytes and format, never decoded here.

use crate::card::CardError;
use crate::tlv;

/// The encoding of a face image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// JPEG (JFIF/EXIF).
    Jpeg,
    /// JPEG 2000 in a JP2 container.
    Jpeg2000,
    /// A raw JPEG 2000 codestream.
    Jpeg2000Codestream,
}

impl ImageFormat {
    /// The format of `image`, from its first bytes.
    pub fn sniff(image: &[u8]) -> Option<Self> {
        if image.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else if image.starts_with(&[0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) {
            Some(ImageFormat::Jpeg2000)
        } else if image.starts_with(&[0xFF, 0x4F, 0xFF, 0x51]) {
            Some(ImageFormat::Jpeg2000Codestream)
        } else {
            None
        }
    }

    /// `image/jpeg`, `image/jp2` or `image/j2k`.
    pub fn mime_type(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Jpeg2000 => "image/jp2",
            ImageFormat::Jpeg2000Codestream => "image/j2k",
        }
    }
}

/// The standard the facial record follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceRecordStandard {
    /// ISO/IEC 19794-5 (`5F2E`, record starting `FAC\0`).
    Iso19794_5,
    /// ISO/IEC 39794-5 (`7F2E`, ASN.1 encoded).
    Iso39794_5,
}

/// One face image of DG2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceImage {
    /// The image format (from the record, checked against the image bytes).
    pub format: ImageFormat,
    /// The image bytes exactly as stored.
    pub image: Vec<u8>,
    /// Width and height in pixels, when the record states them.
    pub size: Option<(u16, u16)>,
    /// The record's standard.
    pub standard: FaceRecordStandard,
}

const MALFORMED: CardError = CardError::Malformed("DG2 facial record");

/// Every face image in DG2 (`75` { `7F61` { `02` count, `7F60`… } }).
pub fn parse_dg2(bytes: &[u8]) -> Result<Vec<FaceImage>, CardError> {
    let (outer, _) = tlv::split_first(bytes)?;
    if outer.tag != 0x75 {
        return Err(CardError::Malformed("DG2 is not tagged 75"));
    }
    let group = tlv::find(outer.value, 0x7F61)?.ok_or(MALFORMED)?;
    let mut faces = Vec::new();
    for item in tlv::iter(group) {
        let item = item?;
        if item.tag != 0x7F60 {
            continue;
        }
        for block in tlv::iter(item.value) {
            let block = block?;
            match block.tag {
                0x5F2E => faces.push(iso19794_5(block.value)?),
                0x7F2E => faces.push(iso39794_5(block.value)?),
                _ => {}
            }
        }
    }
    if faces.is_empty() {
        return Err(CardError::Malformed("DG2 holds no face image"));
    }
    Ok(faces)
}

fn be16(bytes: &[u8], at: usize) -> Result<u16, CardError> {
    let pair = bytes.get(at..at + 2).ok_or(MALFORMED)?;
    Ok(u16::from_be_bytes([pair[0], pair[1]]))
}

fn be32(bytes: &[u8], at: usize) -> Result<usize, CardError> {
    let quad = bytes.get(at..at + 4).ok_or(MALFORMED)?;
    Ok(u32::from_be_bytes([quad[0], quad[1], quad[2], quad[3]]) as usize)
}

/// An ISO/IEC 19794-5:2005 record: 14-byte header, then the first facial information block
/// (20 bytes, 8 per feature point), image information (12 bytes) and the image.
fn iso19794_5(record: &[u8]) -> Result<FaceImage, CardError> {
    if !record.starts_with(b"FAC\0") {
        return Err(MALFORMED);
    }
    let block_start = 14;
    let block_len = be32(record, block_start)?;
    let feature_points = usize::from(be16(record, block_start + 4)?);
    let info = block_start + 20 + 8 * feature_points;
    let image_start = info + 12;
    let image_end = block_start
        .checked_add(block_len)
        .filter(|end| *end <= record.len() && *end > image_start)
        .ok_or(MALFORMED)?;
    let data_type = *record.get(info + 1).ok_or(MALFORMED)?;
    let size = (be16(record, info + 2)?, be16(record, info + 4)?);
    let image = record[image_start..image_end].to_vec();
    let format = ImageFormat::sniff(&image).ok_or(MALFORMED)?;
    let stated_jpeg = data_type == 0;
    if stated_jpeg != (format == ImageFormat::Jpeg) {
        return Err(CardError::Malformed(
            "DG2 image type differs from its bytes",
        ));
    }
    Ok(FaceImage {
        format,
        image,
        size: Some(size),
        standard: FaceRecordStandard::Iso19794_5,
    })
}

/// An ISO/IEC 39794-5 record: the image is the first primitive value in its BER tree that
/// starts like a JPEG or JPEG 2000 image.
fn iso39794_5(record: &[u8]) -> Result<FaceImage, CardError> {
    let image = find_image(record, 0)?.ok_or(MALFORMED)?;
    Ok(FaceImage {
        format: ImageFormat::sniff(image).ok_or(MALFORMED)?,
        image: image.to_vec(),
        size: None,
        standard: FaceRecordStandard::Iso39794_5,
    })
}

fn find_image(value: &[u8], depth: usize) -> Result<Option<&[u8]>, CardError> {
    if depth > 16 {
        return Err(MALFORMED);
    }
    for item in tlv::iter(value) {
        let item = item?;
        if ImageFormat::sniff(item.value).is_some() {
            return Ok(Some(item.value));
        }
        if tlv::is_constructed_tag(item.tag)
            && let Some(found) = find_image(item.value, depth + 1)?
        {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: [u8; 6] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];

    fn dg2(block_tag: u32, record: &[u8]) -> Vec<u8> {
        let mut template = tlv::encode(0xA1, &tlv::encode(0x81, &[0x02]));
        template.extend(tlv::encode(block_tag, record));
        let mut group = tlv::encode(0x02, &[1]);
        group.extend(tlv::encode(0x7F60, &template));
        tlv::encode(0x75, &tlv::encode(0x7F61, &group))
    }

    #[test]
    fn an_iso_39794_5_record_yields_its_image() {
        // A representation block with the image in a nested context-specific octet string.
        let representation = tlv::encode(
            0xA0,
            &[tlv::encode(0x80, &[2]), tlv::encode(0x81, &JPEG)].concat(),
        );
        let record = tlv::encode(
            0xA1,
            &[tlv::encode(0x80, &[0]), tlv::encode(0xA1, &representation)].concat(),
        );
        let faces = parse_dg2(&dg2(0x7F2E, &record)).unwrap();
        assert_eq!(faces[0].format, ImageFormat::Jpeg);
        assert_eq!(faces[0].image, JPEG);
        assert_eq!(faces[0].standard, FaceRecordStandard::Iso39794_5);
    }

    #[test]
    fn truncated_or_lying_records_are_malformed() {
        assert!(parse_dg2(&dg2(0x5F2E, b"FAC\x00010\x00")).is_err());
        assert!(parse_dg2(&dg2(0x7F2E, &tlv::encode(0x80, &[1, 2, 3]))).is_err());
        assert!(parse_dg2(&[0x75, 0x00]).is_err());
        assert_eq!(
            ImageFormat::sniff(&[0xFF, 0x4F, 0xFF, 0x51, 0]),
            Some(ImageFormat::Jpeg2000Codestream)
        );
    }
}
