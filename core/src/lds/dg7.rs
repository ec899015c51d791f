//! DG7: the displayed signature or usual mark — `67` { `02` count, `5F43` image … }, each image
//! a JPEG or JPEG 2000 as stored (ICAO 9303-10 §4.7.7).

use super::ImageFormat;
use crate::card::CardError;
use crate::tlv;

/// One displayed signature image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureImage {
    /// The format sniffed from the image bytes, when known.
    pub format: Option<ImageFormat>,
    /// The image bytes exactly as stored.
    pub image: Vec<u8>,
}

/// The images of DG7, checked against the count it states.
pub fn parse_dg7(bytes: &[u8]) -> Result<Vec<SignatureImage>, CardError> {
    let (outer, _) = tlv::split_first(bytes)?;
    if outer.tag != 0x67 {
        return Err(CardError::Malformed("DG7 is not tagged 67"));
    }
    let mut elements = tlv::iter(outer.value);
    let count = match elements.next().transpose()? {
        Some(tlv::Tlv {
            tag: 0x02,
            value: [count],
        }) => usize::from(*count),
        _ => {
            return Err(CardError::Malformed(
                "DG7 does not start with its image count",
            ));
        }
    };
    let mut images = Vec::new();
    for element in elements {
        let element = element?;
        if element.tag == 0x5F43 {
            images.push(SignatureImage {
                format: ImageFormat::sniff(element.value),
                image: element.value.to_vec(),
            });
        }
    }
    if images.len() != count {
        return Err(CardError::Malformed(
            "DG7 holds a different number of images than it states",
        ));
    }
    Ok(images)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dg7(count: u8, images: &[&[u8]]) -> Vec<u8> {
        let mut body = tlv::encode(0x02, &[count]);
        for image in images {
            body.extend(tlv::encode(0x5F43, image));
        }
        tlv::encode(0x67, &body)
    }

    #[test]
    fn images_are_returned_as_stored_with_their_format() {
        let jpeg: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        let unknown: &[u8] = b"BM not an image format we know";
        let images = parse_dg7(&dg7(2, &[jpeg, unknown])).unwrap();
        assert_eq!(images.len(), 2);
        assert_eq!(images[0].format, Some(ImageFormat::Jpeg));
        assert_eq!(images[0].image, jpeg);
        assert_eq!(images[1].format, None);
    }

    #[test]
    fn a_wrong_count_tag_or_truncation_is_malformed() {
        let jpeg: &[u8] = &[0xFF, 0xD8, 0xFF];
        assert!(parse_dg7(&dg7(2, &[jpeg])).is_err());
        let mut wrong_tag = dg7(1, &[jpeg]);
        wrong_tag[0] = 0x75;
        assert!(parse_dg7(&wrong_tag).is_err());
        let whole = dg7(1, &[jpeg]);
        for cut in 0..whole.len() {
            assert!(parse_dg7(&whole[..cut]).is_err(), "{cut}");
        }
    }
}
