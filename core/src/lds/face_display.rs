//! The DG2 face made displayable: only once DG2's hash matched the SOD, and only after the size
//! its header states is within bounds, a JPEG passes through unchanged and a JPEG 2000 image (JP2
//! or raw codestream) is decoded and re-encoded as an 8-bit PNG.

use super::{FaceImage, HashCheck, ImageFormat};
use hayro_jpeg2000::{DecodeSettings, DecoderContext, Image};
use thiserror::Error;

/// The largest width or height accepted.
pub const MAX_SIDE: u32 = 4096;
/// The largest pixel count accepted (8 megapixels).
pub const MAX_PIXELS: u64 = 1 << 23;
/// The most image components (colour channels and alpha) accepted.
const MAX_COMPONENTS: u16 = 4;

/// The encoding of a displayable image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisplayFormat {
    /// PNG (a JPEG 2000 face, re-encoded).
    Png,
    /// JPEG (the face as stored).
    Jpeg,
}

impl DisplayFormat {
    /// `png` or `jpg`.
    pub fn extension(self) -> &'static str {
        match self {
            DisplayFormat::Png => "png",
            DisplayFormat::Jpeg => "jpg",
        }
    }

    /// `image/png` or `image/jpeg`.
    pub fn mime_type(self) -> &'static str {
        match self {
            DisplayFormat::Png => "image/png",
            DisplayFormat::Jpeg => "image/jpeg",
        }
    }
}

/// A face image any platform can show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayImage {
    /// The encoding of `bytes`.
    pub format: DisplayFormat,
    /// The encoded image.
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Why a face image is not made displayable.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FaceDisplayError {
    /// DG2's hash was not verified against the SOD; the image is not decoded.
    #[error("DG2 is not verified against the SOD ({}); its image is not decoded", .0.name())]
    NotVerified(HashCheck),
    /// The image header is truncated or malformed.
    #[error("the image header is malformed: {0}")]
    Header(&'static str),
    /// The header states a zero width or height.
    #[error("the image states a zero size ({width}×{height})")]
    ZeroSize {
        /// Stated width.
        width: u32,
        /// Stated height.
        height: u32,
    },
    /// The header states a size beyond the bounds.
    #[error(
        "the image states {width}×{height} pixels, beyond {MAX_SIDE} per side or {MAX_PIXELS} pixels"
    )]
    TooLarge {
        /// Stated width.
        width: u32,
        /// Stated height.
        height: u32,
    },
    /// The image has a component count or colour space that is not grey or RGB.
    #[error("the image's colour layout is not displayable: {0}")]
    Colour(String),
    /// The JPEG 2000 decoder failed.
    #[error("the JPEG 2000 image does not decode: {0}")]
    Decode(String),
    /// The decoded image differs from what its header stated.
    #[error("the decoded image differs from its header")]
    Inconsistent,
    /// The PNG encoder failed.
    #[error("the PNG encoding failed: {0}")]
    Encode(String),
}

/// The face as a PNG or JPEG, once `dg2_hash` says DG2 matched the SOD.
pub fn displayable_face(
    face: &FaceImage,
    dg2_hash: HashCheck,
) -> Result<DisplayImage, FaceDisplayError> {
    if dg2_hash != HashCheck::Match {
        return Err(FaceDisplayError::NotVerified(dg2_hash));
    }
    let image = face.image.as_slice();
    match face.format {
        ImageFormat::Jpeg => {
            let (width, height) = bounded(jpeg_size(image)?)?;
            Ok(DisplayImage {
                format: DisplayFormat::Jpeg,
                bytes: image.to_vec(),
                width,
                height,
            })
        }
        ImageFormat::Jpeg2000 => {
            let stated = bounded(jp2_size(image)?)?;
            let codestream = jp2_codestream(image)?;
            if bounded(siz_size(codestream)?)? != stated {
                return Err(FaceDisplayError::Inconsistent);
            }
            to_png(image, stated)
        }
        ImageFormat::Jpeg2000Codestream => {
            let stated = bounded(siz_size(image)?)?;
            to_png(image, stated)
        }
    }
}

/// `size` when it is neither zero nor beyond the bounds.
fn bounded((width, height): (u32, u32)) -> Result<(u32, u32), FaceDisplayError> {
    if width == 0 || height == 0 {
        return Err(FaceDisplayError::ZeroSize { width, height });
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(FaceDisplayError::TooLarge { width, height });
    }
    Ok((width, height))
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    let pair = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([pair[0], pair[1]]))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let quad = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([quad[0], quad[1], quad[2], quad[3]]))
}

/// Width and height from the JPEG frame header (SOFn), walking the marker segments from SOI;
/// the scan must follow and end with EOI.
fn jpeg_size(jpeg: &[u8]) -> Result<(u32, u32), FaceDisplayError> {
    let truncated = FaceDisplayError::Header("JPEG marker segments are truncated");
    if !jpeg.starts_with(&[0xFF, 0xD8]) {
        return Err(FaceDisplayError::Header("no JPEG start-of-image marker"));
    }
    let mut at = 2;
    let mut size = None;
    loop {
        if *jpeg.get(at).ok_or(truncated.clone())? != 0xFF {
            return Err(FaceDisplayError::Header("JPEG marker expected"));
        }
        while jpeg.get(at) == Some(&0xFF) {
            at += 1;
        }
        let marker = *jpeg.get(at).ok_or(truncated.clone())?;
        at += 1;
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            continue;
        }
        let length = usize::from(be16(jpeg, at).ok_or(truncated.clone())?);
        let end = at + length;
        if length < 2 || end > jpeg.len() {
            return Err(truncated);
        }
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let height = be16(jpeg, at + 3).ok_or(truncated.clone())?;
                let width = be16(jpeg, at + 5).ok_or(truncated.clone())?;
                size = Some((u32::from(width), u32::from(height)));
            }
            0xDA => {
                let size = size.ok_or(FaceDisplayError::Header("JPEG scan before its frame"))?;
                let ends = jpeg[end..].windows(2).any(|pair| pair == [0xFF, 0xD9]);
                return if ends {
                    Ok(size)
                } else {
                    Err(FaceDisplayError::Header("JPEG has no end-of-image marker"))
                };
            }
            0xD9 => return Err(FaceDisplayError::Header("JPEG ends before its scan")),
            _ => {}
        }
        at = end;
    }
}

/// The boxes of `bytes`, each as its type and content.
fn jp2_boxes(mut bytes: &[u8]) -> impl Iterator<Item = Result<([u8; 4], &[u8]), FaceDisplayError>> {
    let malformed = FaceDisplayError::Header("JP2 box structure is malformed");
    std::iter::from_fn(move || {
        if bytes.is_empty() {
            return None;
        }
        let parsed = (|| {
            let length = be32(bytes, 0)?;
            let kind: [u8; 4] = bytes.get(4..8)?.try_into().ok()?;
            let (header, total) = match length {
                0 => (8, bytes.len()),
                1 => {
                    let high = be32(bytes, 8)?;
                    let low = be32(bytes, 12)?;
                    let total = (u64::from(high) << 32) | u64::from(low);
                    (16, usize::try_from(total).ok()?)
                }
                n => (8, usize::try_from(n).ok()?),
            };
            let content = bytes.get(header..total)?;
            let rest = bytes.get(total..)?;
            Some((kind, content, rest))
        })();
        match parsed {
            Some((kind, content, rest)) => {
                bytes = rest;
                Some(Ok((kind, content)))
            }
            None => {
                bytes = &[];
                Some(Err(malformed.clone()))
            }
        }
    })
}

fn find_box<'a>(bytes: &'a [u8], wanted: &[u8; 4]) -> Result<&'a [u8], FaceDisplayError> {
    for item in jp2_boxes(bytes) {
        let (kind, content) = item?;
        if &kind == wanted {
            return Ok(content);
        }
    }
    Err(FaceDisplayError::Header("JP2 box missing"))
}

/// Width and height from the image header box (`jp2h` { `ihdr` }).
fn jp2_size(jp2: &[u8]) -> Result<(u32, u32), FaceDisplayError> {
    let ihdr = find_box(find_box(jp2, b"jp2h")?, b"ihdr")?;
    let truncated = FaceDisplayError::Header("JP2 image header box is truncated");
    let height = be32(ihdr, 0).ok_or(truncated.clone())?;
    let width = be32(ihdr, 4).ok_or(truncated.clone())?;
    components(be16(ihdr, 8).ok_or(truncated)?)?;
    Ok((width, height))
}

/// The contiguous codestream box (`jp2c`).
fn jp2_codestream(jp2: &[u8]) -> Result<&[u8], FaceDisplayError> {
    find_box(jp2, b"jp2c")
}

/// Width and height from the codestream's SIZ segment (reference grid less the image offset);
/// the codestream must end with its EOC marker.
fn siz_size(codestream: &[u8]) -> Result<(u32, u32), FaceDisplayError> {
    if !codestream.starts_with(&[0xFF, 0x4F, 0xFF, 0x51]) {
        return Err(FaceDisplayError::Header(
            "codestream does not start with SOC and SIZ",
        ));
    }
    if !codestream.ends_with(&[0xFF, 0xD9]) {
        return Err(FaceDisplayError::Header("codestream does not end with EOC"));
    }
    let truncated = FaceDisplayError::Header("SIZ segment is truncated");
    let siz = codestream.get(4..).ok_or(truncated.clone())?;
    let field = |at| be32(siz, at).ok_or(truncated.clone());
    let (x, y, x_offset, y_offset) = (field(4)?, field(8)?, field(12)?, field(16)?);
    components(be16(siz, 36).ok_or(truncated.clone())?)?;
    let width = x.checked_sub(x_offset);
    let height = y.checked_sub(y_offset);
    width
        .zip(height)
        .ok_or(FaceDisplayError::Header("SIZ image offset beyond the grid"))
}

fn components(count: u16) -> Result<(), FaceDisplayError> {
    if count == 0 || count > MAX_COMPONENTS {
        return Err(FaceDisplayError::Colour(format!("{count} components")));
    }
    Ok(())
}

/// Decodes a JPEG 2000 image whose header stated `stated` and encodes it as PNG.
fn to_png(image: &[u8], stated: (u32, u32)) -> Result<DisplayImage, FaceDisplayError> {
    let decode = |e: hayro_jpeg2000::DecodeError| FaceDisplayError::Decode(e.to_string());
    let parsed = Image::new(image, &DecodeSettings::default()).map_err(decode)?;
    if (parsed.width(), parsed.height()) != stated {
        return Err(FaceDisplayError::Inconsistent);
    }
    let colour = match (parsed.color_space().num_channels(), parsed.has_alpha()) {
        (1, false) => png::ColorType::Grayscale,
        (1, true) => png::ColorType::GrayscaleAlpha,
        (3, false) => png::ColorType::Rgb,
        (3, true) => png::ColorType::Rgba,
        (channels, alpha) => {
            return Err(FaceDisplayError::Colour(format!(
                "{channels} colour channels (alpha: {alpha})"
            )));
        }
    };
    let mut context = DecoderContext::default();
    let pixels = parsed.decode(&mut context).map_err(decode)?.data_u8();
    let (width, height) = stated;
    let expected = u64::from(width) * u64::from(height) * colour.samples() as u64;
    if pixels.len() as u64 != expected {
        return Err(FaceDisplayError::Inconsistent);
    }
    let encode = |e: png::EncodingError| FaceDisplayError::Encode(e.to_string());
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(encode)?;
    writer.write_image_data(&pixels).map_err(encode)?;
    writer.finish().map_err(encode)?;
    Ok(DisplayImage {
        format: DisplayFormat::Png,
        bytes,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lds::FaceRecordStandard;
    use proptest::prelude::*;

    const JP2: &[u8] = include_bytes!("../../../fixtures/faces/face.jp2");
    const JPEG: &[u8] = include_bytes!("../../../fixtures/faces/face.jpg");

    fn face(image: &[u8]) -> FaceImage {
        FaceImage {
            format: ImageFormat::sniff(image).unwrap_or(ImageFormat::Jpeg),
            image: image.to_vec(),
            size: None,
            standard: FaceRecordStandard::Iso19794_5,
        }
    }

    /// The PNG's IHDR width and height.
    fn png_size(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        (be32(png, 16).unwrap(), be32(png, 20).unwrap())
    }

    /// Offset of the first occurrence of `needle` in `haystack`.
    fn find(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
    }

    #[test]
    fn the_jp2_face_becomes_a_png_of_its_header_size() {
        let header = jp2_size(JP2).unwrap();
        assert_eq!(header, (240, 320));
        let shown = displayable_face(&face(JP2), HashCheck::Match).unwrap();
        assert_eq!(shown.format, DisplayFormat::Png);
        assert_eq!((shown.width, shown.height), header);
        assert_eq!(png_size(&shown.bytes), header);
        assert_eq!(shown.format.extension(), "png");
        assert_eq!(shown.format.mime_type(), "image/png");
    }

    #[test]
    fn a_raw_codestream_becomes_a_png_too() {
        let codestream = jp2_codestream(JP2).unwrap();
        let shown = displayable_face(&face(codestream), HashCheck::Match).unwrap();
        assert_eq!(png_size(&shown.bytes), (240, 320));
    }

    #[test]
    fn the_jpeg_face_passes_through_unchanged() {
        let shown = displayable_face(&face(JPEG), HashCheck::Match).unwrap();
        assert_eq!(shown.format, DisplayFormat::Jpeg);
        assert_eq!(shown.bytes, JPEG);
        assert_eq!((shown.width, shown.height), (240, 320));
        assert_eq!(shown.format.extension(), "jpg");
    }

    #[test]
    fn an_unverified_face_is_refused() {
        for check in [HashCheck::Mismatch, HashCheck::NotInSod, HashCheck::NotRead] {
            for image in [JP2, JPEG] {
                assert_eq!(
                    displayable_face(&face(image), check),
                    Err(FaceDisplayError::NotVerified(check))
                );
            }
        }
    }

    #[test]
    fn oversized_or_empty_headers_are_refused_before_decoding() {
        // The JP2 image header box: height then width.
        let ihdr = find(JP2, b"ihdr") + 4;
        let mut tall = JP2.to_vec();
        tall[ihdr..ihdr + 4].copy_from_slice(&60_000u32.to_be_bytes());
        assert_eq!(
            displayable_face(&face(&tall), HashCheck::Match),
            Err(FaceDisplayError::TooLarge {
                width: 240,
                height: 60_000
            })
        );
        // The codestream SIZ: Xsiz and Ysiz, 4096 × 4096 exceeds the pixel bound.
        let siz = find(JP2, &[0xFF, 0x4F, 0xFF, 0x51]) + 8;
        let mut wide = JP2.to_vec();
        wide[siz..siz + 4].copy_from_slice(&4096u32.to_be_bytes());
        wide[siz + 4..siz + 8].copy_from_slice(&4096u32.to_be_bytes());
        let codestream = jp2_codestream(&wide).unwrap();
        assert!(matches!(
            displayable_face(&face(codestream), HashCheck::Match),
            Err(FaceDisplayError::TooLarge { .. })
        ));
        // A JP2 whose codestream disagrees with its image header.
        assert_eq!(
            displayable_face(&face(&wide), HashCheck::Match),
            Err(FaceDisplayError::TooLarge {
                width: 4096,
                height: 4096
            })
        );
        // The JPEG frame header: height then width.
        let sof = find(JPEG, &[0xFF, 0xC0]) + 5;
        let mut jpeg = JPEG.to_vec();
        jpeg[sof..sof + 4].copy_from_slice(&[0xFF, 0xFF, 0x00, 0xF0]);
        assert_eq!(
            displayable_face(&face(&jpeg), HashCheck::Match),
            Err(FaceDisplayError::TooLarge {
                width: 240,
                height: 65_535
            })
        );
        jpeg[sof..sof + 2].copy_from_slice(&[0, 0]);
        assert_eq!(
            displayable_face(&face(&jpeg), HashCheck::Match),
            Err(FaceDisplayError::ZeroSize {
                width: 240,
                height: 0
            })
        );
    }

    #[test]
    fn every_truncation_is_an_error() {
        for image in [JPEG, JP2, jp2_codestream(JP2).unwrap()] {
            for len in (0..image.len() - 1).step_by(97).chain([image.len() - 1]) {
                let cut = face(&image[..len]);
                assert!(
                    displayable_face(&cut, HashCheck::Match).is_err(),
                    "{:?} cut at {len}",
                    cut.format
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn corrupted_images_never_panic(
            jp2 in any::<bool>(),
            at in 0usize..16_000,
            bytes in proptest::collection::vec(any::<u8>(), 1..8),
        ) {
            let mut image = if jp2 { JP2.to_vec() } else { JPEG.to_vec() };
            let at = at.min(image.len() - 1);
            let end = (at + bytes.len()).min(image.len());
            image[at..end].copy_from_slice(&bytes[..end - at]);
            let _ = displayable_face(&face(&image), HashCheck::Match);
        }
    }
}
