//! Plane-to-image projections: the 3×3 homography taking four plane points to four image
//! points, its inverse, and the mapping of points through it.

/// A projective map `(x, y) ↦ ((a·x + b·y + c) / (g·x + h·y + 1), (d·x + e·y + f) / (…))`,
/// stored as a row-major 3×3 matrix.
#[derive(Debug, Clone, Copy)]
pub struct Homography([f64; 9]);

impl Homography {
    /// The map taking the unit square's corners (0,0), (1,0), (1,1), (0,1) to `quad` in order.
    fn square_to_quad(quad: [(f64, f64); 4]) -> Self {
        let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = quad;
        let (sx, sy) = (x0 - x1 + x2 - x3, y0 - y1 + y2 - y3);
        let (dx1, dy1, dx2, dy2) = (x1 - x2, y1 - y2, x3 - x2, y3 - y2);
        let denominator = dx1 * dy2 - dx2 * dy1;
        let g = (sx * dy2 - dx2 * sy) / denominator;
        let h = (dx1 * sy - sx * dy1) / denominator;
        Self([
            x1 - x0 + g * x1,
            x3 - x0 + h * x3,
            x0,
            y1 - y0 + g * y1,
            y3 - y0 + h * y3,
            y0,
            g,
            h,
            1.0,
        ])
    }

    /// The map taking the corners of the axis-aligned rectangle from `low` to `high` (in the
    /// order low-low, high-low, high-high, low-high) to `quad`.
    pub fn rectangle_to_quad(low: (f64, f64), high: (f64, f64), quad: [(f64, f64); 4]) -> Self {
        let to_unit = Self([
            1.0 / (high.0 - low.0),
            0.0,
            -low.0 / (high.0 - low.0),
            0.0,
            1.0 / (high.1 - low.1),
            -low.1 / (high.1 - low.1),
            0.0,
            0.0,
            1.0,
        ]);
        Self::square_to_quad(quad).after(&to_unit)
    }

    /// `self ∘ first`: the map applying `first`, then `self`.
    fn after(&self, first: &Self) -> Self {
        let (a, b) = (&self.0, &first.0);
        let mut product = [0.0; 9];
        for row in 0..3 {
            for column in 0..3 {
                product[row * 3 + column] =
                    (0..3).map(|k| a[row * 3 + k] * b[k * 3 + column]).sum();
            }
        }
        Self(product)
    }

    /// The inverse map (the adjugate; the scale does not matter).
    pub fn inverse(&self) -> Self {
        let m = &self.0;
        Self([
            m[4] * m[8] - m[5] * m[7],
            m[2] * m[7] - m[1] * m[8],
            m[1] * m[5] - m[2] * m[4],
            m[5] * m[6] - m[3] * m[8],
            m[0] * m[8] - m[2] * m[6],
            m[2] * m[3] - m[0] * m[5],
            m[3] * m[7] - m[4] * m[6],
            m[1] * m[6] - m[0] * m[7],
            m[0] * m[4] - m[1] * m[3],
        ])
    }

    /// The image of `(x, y)`.
    pub fn map(&self, x: f64, y: f64) -> (f64, f64) {
        let m = &self.0;
        let w = m[6] * x + m[7] * y + m[8];
        (
            (m[0] * x + m[1] * y + m[2]) / w,
            (m[3] * x + m[4] * y + m[5]) / w,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_land_on_the_quad_and_the_inverse_brings_them_back() {
        let quad = [(10.0, 20.0), (110.0, 30.0), (95.0, 140.0), (5.0, 120.0)];
        let map = Homography::rectangle_to_quad((-4.0, -4.0), (49.0, 49.0), quad);
        let back = map.inverse();
        for ((u, v), (x, y)) in [(-4.0, -4.0), (49.0, -4.0), (49.0, 49.0), (-4.0, 49.0)]
            .into_iter()
            .zip(quad)
        {
            let (mx, my) = map.map(u, v);
            assert!((mx - x).abs() < 1e-9 && (my - y).abs() < 1e-9, "{mx},{my}");
            let (bu, bv) = back.map(x, y);
            assert!((bu - u).abs() < 1e-9 && (bv - v).abs() < 1e-9, "{bu},{bv}");
        }
    }
}
