//! Local thresholds: a frame cut into blocks of 8×8 pixels, each block's threshold the mean
//! grey of the blocks around it (5×5 or, for large frames, 7×7), so uneven light, shadows
//! and glare move the threshold with them.
//! Where the block means of the 5×5 neighbourhood hardly differ the threshold is 0 (nothing is
//! dark there), so plain areas and their sensor noise do not turn into patterns.

use super::frame::Frame;

/// The smallest spread of block means in a neighbourhood for it to hold dark and light.
const FLAT: u32 = 8;

/// Pixels a block side, as a power of two.
const BLOCK_SHIFT: usize = 3;
const BLOCK: usize = 1 << BLOCK_SHIFT;

/// One threshold per block.
#[derive(Debug)]
pub(crate) struct Thresholds {
    columns: usize,
    rows: usize,
    values: Vec<u8>,
}

impl Thresholds {
    /// The thresholds of `frame`, each over the blocks up to `reach` blocks away.
    pub fn of(frame: &Frame<'_>, reach: usize) -> Self {
        let block = BLOCK;
        let columns = frame.width.div_ceil(block);
        let rows = frame.height.div_ceil(block);
        let mut sums = vec![0u32; columns * rows];
        let mut column_sums = vec![0u16; frame.width];
        for row in 0..rows {
            column_sums.fill(0);
            for y in row * block..((row + 1) * block).min(frame.height) {
                for (sum, &pixel) in column_sums.iter_mut().zip(frame.row(y)) {
                    *sum += u16::from(pixel);
                }
            }
            for (column, pixels) in column_sums.chunks(block).enumerate() {
                sums[row * columns + column] = pixels.iter().map(|&sum| u32::from(sum)).sum();
            }
        }
        let means: Vec<u32> = sums
            .iter()
            .enumerate()
            .map(|(index, &sum)| {
                let (row, column) = (index / columns, index % columns);
                let height = block.min(frame.height - row * block);
                let width = block.min(frame.width - column * block);
                sum / (width * height) as u32
            })
            .collect();
        let span = |index: usize, count: usize| {
            index.saturating_sub(reach)..(index + reach + 1).min(count)
        };
        let mut across = vec![(0u32, u32::MAX, 0u32); columns * rows];
        for row in 0..rows {
            let line = &means[row * columns..(row + 1) * columns];
            for column in 0..columns {
                across[row * columns + column] = line[span(column, columns)]
                    .iter()
                    .fold((0, u32::MAX, 0), |(sum, low, high), &mean| {
                        (sum + mean, low.min(mean), high.max(mean))
                    });
            }
        }
        let mut values = vec![0u8; columns * rows];
        for row in 0..rows {
            let band = span(row, rows);
            for column in 0..columns {
                let (mut sum, mut low, mut high) = (0u32, u32::MAX, 0u32);
                for r in band.clone() {
                    let (s, l, h) = across[r * columns + column];
                    sum += s;
                    low = low.min(l);
                    high = high.max(h);
                }
                let blocks = band.len() as u32 * span(column, columns).len() as u32;
                values[row * columns + column] = if high - low < FLAT {
                    0
                } else {
                    (sum / blocks) as u8
                };
            }
        }
        Self {
            columns,
            rows,
            values,
        }
    }

    /// The threshold at pixel (`x`, `y`).
    pub fn at(&self, x: usize, y: usize) -> u8 {
        let (column, row) = (
            (x >> BLOCK_SHIFT).min(self.columns - 1),
            (y >> BLOCK_SHIFT).min(self.rows - 1),
        );
        self.values[row * self.columns + column]
    }

    /// The thresholds of row `y`, one per pixel, into `out` (`width` long).
    pub fn row_into(&self, y: usize, out: &mut [u8]) {
        let row = (y >> BLOCK_SHIFT).min(self.rows - 1);
        let values = &self.values[row * self.columns..(row + 1) * self.columns];
        for (pixels, &value) in out.chunks_mut(BLOCK).zip(values) {
            pixels.fill(value);
        }
    }
}
