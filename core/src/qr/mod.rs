//! QR codes in camera frames: the texts of every QR code a greyscale frame shows. The shells
//! hand over the luma plane of their camera frames as is (with its row stride); what the texts
//! mean is for [`crate::login::qr_login`] to decide.
//!
//! The search: local thresholds ([`threshold`]), finder patterns in both polarities
//! ([`finder`]), then per finder triple the grid, alignment and sampling ([`grid`]). A frame
//! that gives nothing is searched again at half size, where averaging halves the noise.

mod finder;
mod frame;
mod grid;
mod outline;
pub mod perspective;
mod threshold;

use frame::Frame;
use thiserror::Error;

/// Why a frame could not be searched.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScanError {
    /// The dimensions do not fit the buffer, or a side is zero or over 16 384.
    #[error(
        "the frame's dimensions do not fit its data ({width}×{height}, stride {stride}, {len} bytes)"
    )]
    BadFrame {
        /// Width in pixels.
        width: usize,
        /// Height in pixels.
        height: usize,
        /// Bytes per row.
        stride: usize,
        /// Bytes given.
        len: usize,
    },
}

/// The longest side accepted, in pixels.
pub const MAX_SIDE: usize = 16_384;

/// The texts of the QR codes in the 8-bit greyscale frame `luma` (`height` rows of `stride`
/// bytes, the first `width` of each being pixels). Codes that are found but do not decode are
/// skipped; no code gives an empty list.
///
/// # Errors
/// [`ScanError::BadFrame`] when the dimensions do not fit `luma`.
pub fn scan_frame(
    luma: &[u8],
    width: usize,
    height: usize,
    stride: usize,
) -> Result<Vec<String>, ScanError> {
    let fits = width > 0
        && height > 0
        && width <= MAX_SIDE
        && height <= MAX_SIDE
        && stride >= width
        && (height - 1)
            .checked_mul(stride)
            .and_then(|rows| rows.checked_add(width))
            .is_some_and(|needed| needed <= luma.len());
    if !fits {
        return Err(ScanError::BadFrame {
            width,
            height,
            stride,
            len: luma.len(),
        });
    }
    let frame = Frame {
        luma,
        width,
        height,
        stride,
    };
    let texts = search(&frame, SMALLEST_FINDER);
    if !texts.is_empty() || width.min(height) < 240 {
        return Ok(texts);
    }
    let half = frame.halved();
    Ok(search(
        &Frame {
            luma: &half,
            width: width / 2,
            height: height / 2,
            stride: width / 2,
        },
        SMALLEST_HALVED_FINDER,
    ))
}

/// The fewest pixels across a finder pattern (seven modules) looked for in a frame as given:
/// below that, sensor noise makes too many lookalikes.
const SMALLEST_FINDER: usize = 12;
/// The same in a halved frame, where the averaging has already taken most noise out.
const SMALLEST_HALVED_FINDER: usize = 9;

/// The texts of the codes in `frame`, at its own size, with finders at least `smallest`
/// pixels across.
fn search(frame: &Frame<'_>, smallest: usize) -> Vec<String> {
    let reach = if frame.width.min(frame.height) < 900 {
        2
    } else {
        3
    };
    let thresholds = threshold::Thresholds::of(frame, reach);
    let ink = finder::Ink {
        frame: *frame,
        thresholds: &thresholds,
    };
    let step = (frame.height / 180).max(2);
    let finders = finder::finders(&ink, step, smallest);
    grid::codes(&ink, &finders)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as a QR code drawn at `scale` pixels per module with a 4-module quiet zone, in a
    /// frame `pad` bytes wider per row than its pixels.
    fn frame(text: &str, scale: usize, pad: usize) -> (Vec<u8>, usize, usize, usize) {
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        let modules = code.width();
        let colors = code.to_colors();
        let side = (modules + 8) * scale;
        let stride = side + pad;
        let mut luma = vec![255u8; stride * side];
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = ((x / scale).wrapping_sub(4), (y / scale).wrapping_sub(4));
                if mx < modules && my < modules && colors[my * modules + mx] == qrcode::Color::Dark
                {
                    luma[y * stride + x] = 0;
                }
            }
        }
        (luma, side, side, stride)
    }

    #[test]
    fn finds_the_text_of_a_code_with_padded_rows() {
        let text = "egate-login:1?origin=https://gw.example&sid=AAECAwQFBgcICQoLDA0ODw&secret=ZmVkY2JhOTg3NjU0MzIxMA&exp=1030";
        let (luma, width, height, stride) = frame(text, 4, 24);
        assert_eq!(
            scan_frame(&luma, width, height, stride).unwrap(),
            vec![text.to_owned()]
        );
    }

    const LOGIN: &str = "egate-login:1?origin=https://login.gov.example&sid=BKYdsgALj_Zm-DkUqa9k7S&secret=BzQJX0YmkHPtEntVLX0lV_&exp=1792417263";

    #[test]
    fn an_inverted_code_is_read() {
        let (mut luma, width, height, stride) = frame(LOGIN, 5, 0);
        luma.iter_mut().for_each(|pixel| *pixel = 255 - *pixel);
        assert_eq!(
            scan_frame(&luma, width, height, stride).unwrap(),
            vec![LOGIN.to_owned()]
        );
    }

    #[test]
    fn a_code_turned_and_seen_at_an_angle_is_read() {
        let code = qrcode::QrCode::new(LOGIN.as_bytes()).unwrap();
        let modules = code.width();
        let colors = code.to_colors();
        let (width, height) = (640, 480);
        let side = modules as f64 + 8.0;
        let map = perspective::Homography::between(
            [(0.0, 0.0), (side, 0.0), (side, side), (0.0, side)],
            [
                (300.0, 40.0),
                (560.0, 200.0),
                (380.0, 450.0),
                (110.0, 250.0),
            ],
        )
        .inverse();
        let mut luma = vec![200u8; width * height];
        for (index, pixel) in luma.iter_mut().enumerate() {
            let (x, y) = ((index % width) as f64 + 0.5, (index / width) as f64 + 0.5);
            let (u, v) = map.map(x, y);
            if (0.0..side).contains(&u) && (0.0..side).contains(&v) {
                let (column, row) = ((u as usize).wrapping_sub(4), (v as usize).wrapping_sub(4));
                let dark = column < modules
                    && row < modules
                    && colors[row * modules + column] == qrcode::Color::Dark;
                *pixel = if dark { 30 } else { 230 };
            }
        }
        assert_eq!(
            scan_frame(&luma, width, height, width).unwrap(),
            vec![LOGIN.to_owned()]
        );
    }

    #[test]
    fn an_empty_frame_has_no_codes_and_bad_dimensions_are_refused() {
        assert!(
            scan_frame(&[200u8; 64 * 64], 64, 64, 64)
                .unwrap()
                .is_empty()
        );
        for (width, height, stride) in [
            (0, 10, 10),
            (10, 10, 9),
            (64, 65, 64),
            (MAX_SIDE + 1, 1, MAX_SIDE + 1),
        ] {
            assert!(
                matches!(
                    scan_frame(&[0u8; 64 * 64], width, height, stride),
                    Err(ScanError::BadFrame { .. })
                ),
                "{width}×{height}/{stride}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_frame_is_searched_without_panicking(
            width in 1usize..320,
            height in 1usize..260,
            padding in 0usize..4,
            seed in proptest::collection::vec(proptest::num::u8::ANY, 1..64),
            module in 1usize..6,
        ) {
            let stride = width + padding;
            let luma: Vec<u8> = (0..stride * height)
                .map(|index| {
                    let (x, y) = (index % stride / module, index / stride / module);
                    let bit = seed[(x * 7 + y * 13) % seed.len()] >> ((x + y) % 8) & 1;
                    if bit == 1 { 20 } else { 230 }
                })
                .collect();
            proptest::prop_assert!(scan_frame(&luma, width, height, stride).is_ok());
        }
    }
}
