//! Targets of camera input: the QR decoder on frames of any size, padding and content.

/// A camera frame for the QR decoder: the first byte gives the width (1–128), the second the
/// padding of each row (0–7); the rest are rows of pixels (the height is what fits, at least
/// one row, so short inputs reach the frame checks).
pub fn qr_frame(data: &[u8]) {
    let [width, padding, pixels @ ..] = data else {
        return;
    };
    let width = usize::from(width % 128) + 1;
    let stride = width + usize::from(padding % 8);
    let height = (pixels.len() / stride).max(1);
    let _ = egate_core::qr::scan_frame(pixels, width, height, stride);
}
