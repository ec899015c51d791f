//! A borrowed 8-bit luma frame with its row stride, and its 2×2-averaged half (the same
//! scene with a quarter of the pixels and half the sensor noise).

/// Rows of grey levels; the first `width` bytes of each `stride`-byte row are pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame<'a> {
    /// The bytes.
    pub luma: &'a [u8],
    /// Pixels per row.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// Bytes per row.
    pub stride: usize,
}

impl<'a> Frame<'a> {
    /// The pixels of row `y`.
    pub fn row(&self, y: usize) -> &'a [u8] {
        &self.luma[y * self.stride..y * self.stride + self.width]
    }

    /// The grey level at (`x`, `y`).
    pub fn at(&self, x: usize, y: usize) -> u8 {
        self.luma[y * self.stride + x]
    }

    /// The frame at half the width and height, each pixel the mean of a 2×2 square.
    pub fn halved(&self) -> Vec<u8> {
        let (width, height) = (self.width / 2, self.height / 2);
        let mut half = Vec::with_capacity(width * height);
        for y in 0..height {
            let (upper, lower) = (self.row(2 * y), self.row(2 * y + 1));
            half.extend(
                upper
                    .chunks_exact(2)
                    .zip(lower.chunks_exact(2))
                    .take(width)
                    .map(|(a, b)| {
                        ((u16::from(a[0])
                            + u16::from(a[1])
                            + u16::from(b[0])
                            + u16::from(b[1])
                            + 2)
                            / 4) as u8
                    }),
            );
        }
        half
    }
}
