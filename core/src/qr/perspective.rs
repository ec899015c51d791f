//! Plane-to-image projections: the homography taking four points to four points, used to
//! map a code's module grid onto a frame (and by the QR frame generator to draw one).

/// A point of a plane: (x, y).
pub type Point = (f64, f64);

/// A projective map `(x, y) ↦ ((a·x + b·y + c) / (g·x + h·y + i), (d·x + e·y + f) / (…))`,
/// stored as a row-major 3×3 matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
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

    /// The map taking the four points `from` to the four points `to`, in order (both listed
    /// around their quadrilateral in the same sense).
    pub fn between(from: [(f64, f64); 4], to: [(f64, f64); 4]) -> Self {
        Self::square_to_quad(to).after(&Self::square_to_quad(from).inverse())
    }

    /// The map that best takes each pair's first point to its second (at least four pairs,
    /// least squares over both coordinates after centring and scaling each side), or `None`
    /// when the points do not fix one.
    pub fn fit(pairs: &[(Point, Point)]) -> Option<Self> {
        if pairs.len() < 4 {
            return None;
        }
        let from = Self::normaliser(pairs.iter().map(|pair| pair.0));
        let to = Self::normaliser(pairs.iter().map(|pair| pair.1));
        let mut normal = [[0.0f64; 9]; 8];
        for &(source, target) in pairs {
            let (u, v) = from.map(source.0, source.1);
            let (x, y) = to.map(target.0, target.1);
            for (row, value) in [
                ([u, v, 1.0, 0.0, 0.0, 0.0, -u * x, -v * x], x),
                ([0.0, 0.0, 0.0, u, v, 1.0, -u * y, -v * y], y),
            ] {
                for i in 0..8 {
                    for j in 0..8 {
                        normal[i][j] += row[i] * row[j];
                    }
                    normal[i][8] += row[i] * value;
                }
            }
        }
        let h = solve(normal)?;
        let fitted = Self([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1.0]);
        Some(to.inverse().after(&fitted).after(&from))
    }

    /// The similarity moving `points` to their centroid at the origin, at a mean distance
    /// of √2 from it.
    fn normaliser(points: impl Iterator<Item = (f64, f64)> + Clone) -> Self {
        let count = points.clone().count() as f64;
        let (cx, cy) = points.clone().fold((0.0, 0.0), |(sx, sy), (x, y)| {
            (sx + x / count, sy + y / count)
        });
        let spread = points.map(|(x, y)| (x - cx).hypot(y - cy)).sum::<f64>() / count;
        let scale = if spread > 0.0 {
            std::f64::consts::SQRT_2 / spread
        } else {
            1.0
        };
        Self([
            scale,
            0.0,
            -scale * cx,
            0.0,
            scale,
            -scale * cy,
            0.0,
            0.0,
            1.0,
        ])
    }

    /// `self ∘ first`: the map applying `first`, then `self`.
    fn after(&self, first: &Self) -> Self {
        let (a, b) = (&self.0, &first.0);
        let mut product = [0.0; 9];
        for (index, cell) in product.iter_mut().enumerate() {
            let (row, column) = (index / 3, index % 3);
            *cell = (0..3).map(|k| a[row * 3 + k] * b[k * 3 + column]).sum();
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

    /// The image of (`x`, `y`).
    pub fn map(&self, x: f64, y: f64) -> (f64, f64) {
        let m = &self.0;
        let w = m[6] * x + m[7] * y + m[8];
        (
            (m[0] * x + m[1] * y + m[2]) / w,
            (m[3] * x + m[4] * y + m[5]) / w,
        )
    }
}

/// The solution of the 8 equations `rows` (coefficients, then the right-hand side) by
/// Gaussian elimination with partial pivoting, or `None` if they are singular.
fn solve(mut rows: [[f64; 9]; 8]) -> Option<[f64; 8]> {
    for column in 0..8 {
        let pivot =
            (column..8).max_by(|&a, &b| rows[a][column].abs().total_cmp(&rows[b][column].abs()))?;
        if rows[pivot][column].abs() < 1e-12 {
            return None;
        }
        rows.swap(column, pivot);
        let pivot_row = rows[column];
        for row in rows.iter_mut().skip(column + 1) {
            let factor = row[column] / pivot_row[column];
            for (cell, &above) in row[column..].iter_mut().zip(&pivot_row[column..]) {
                *cell -= factor * above;
            }
        }
    }
    let mut solution = [0.0; 8];
    for row in (0..8).rev() {
        let known: f64 = (row + 1..8).map(|k| rows[row][k] * solution[k]).sum();
        solution[row] = (rows[row][8] - known) / rows[row][row];
    }
    Some(solution)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_points_land_on_theirs_and_the_inverse_brings_them_back() {
        let from = [(3.5, 3.5), (41.5, 3.5), (38.5, 38.5), (3.5, 41.5)];
        let to = [(10.0, 20.0), (110.0, 30.0), (95.0, 140.0), (5.0, 120.0)];
        let map = Homography::between(from, to);
        let back = map.inverse();
        for ((u, v), (x, y)) in from.into_iter().zip(to) {
            let (mx, my) = map.map(u, v);
            assert!((mx - x).abs() < 1e-9 && (my - y).abs() < 1e-9, "{mx},{my}");
            let (bu, bv) = back.map(x, y);
            assert!((bu - u).abs() < 1e-9 && (bv - v).abs() < 1e-9, "{bu},{bv}");
        }
    }

    #[test]
    fn a_fit_to_points_of_a_projection_recovers_it() {
        let truth = Homography::between(
            [(0.0, 0.0), (45.0, 0.0), (45.0, 45.0), (0.0, 45.0)],
            [
                (300.0, 200.0),
                (700.0, 230.0),
                (650.0, 560.0),
                (320.0, 600.0),
            ],
        );
        let pairs: Vec<_> = [
            (0.0, 0.0),
            (7.0, 0.0),
            (7.0, 7.0),
            (38.0, 0.0),
            (45.0, 7.0),
            (0.0, 45.0),
            (7.0, 38.0),
            (38.5, 38.5),
        ]
        .into_iter()
        .map(|(u, v)| ((u, v), truth.map(u, v)))
        .collect();
        let fitted = Homography::fit(&pairs).unwrap();
        for (u, v) in [(45.0, 45.0), (22.0, 31.0)] {
            let (a, b) = (truth.map(u, v), fitted.map(u, v));
            assert!(
                (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6,
                "{a:?} {b:?}"
            );
        }
        assert!(Homography::fit(&pairs[..3]).is_none());
        let collinear: Vec<_> = (0..5)
            .map(|i| ((f64::from(i), 0.0), (f64::from(i), 0.0)))
            .collect();
        assert!(Homography::fit(&collinear).is_none());
    }
}
