//! What the camera does to a scene: uneven light, glare, defocus blur and sensor noise, then
//! 8-bit quantisation.

use crate::random::Draw;

/// The camera's and the room's effects on one frame.
#[derive(Debug, Clone, Default)]
pub struct Optics {
    /// Light falling off along a direction: (angle in radians, brightness at the dark end).
    pub falloff: Option<(f64, f64)>,
    /// A shadow edge through a point at an angle, darkening one side to the given factor.
    pub shadow: Option<((f64, f64), f64, f64)>,
    /// A reflection: centre, radius (one standard deviation) in pixels and peak brightness.
    pub glare: Option<((f64, f64), f64, f64)>,
    /// Gaussian defocus, standard deviation in pixels.
    pub blur: f64,
    /// Sensor noise, standard deviation in grey levels.
    pub noise: f64,
}

impl Optics {
    /// `scene` (`width` pixels per row) as the camera's 8-bit frame.
    pub fn expose(&self, mut scene: Vec<f64>, width: usize, draw: &mut Draw) -> Vec<u8> {
        let height = scene.len() / width;
        let (w, h) = (width as f64, height as f64);
        if let Some((angle, darkest)) = self.falloff {
            let (dx, dy) = (libm::cos(angle), libm::sin(angle));
            let span = w * dx.abs() + h * dy.abs();
            let start =
                (if dx < 0.0 { w * -dx } else { 0.0 }) + (if dy < 0.0 { h * -dy } else { 0.0 });
            for (index, pixel) in scene.iter_mut().enumerate() {
                let (x, y) = ((index % width) as f64, (index / width) as f64);
                let along = (x * dx + y * dy + start) / span;
                *pixel *= darkest + (1.0 - darkest) * along;
            }
        }
        if let Some(((cx, cy), angle, factor)) = self.shadow {
            let (nx, ny) = (libm::cos(angle), libm::sin(angle));
            for (index, pixel) in scene.iter_mut().enumerate() {
                let (x, y) = ((index % width) as f64, (index / width) as f64);
                let side = (x - cx) * nx + (y - cy) * ny;
                let blend = 1.0 / (1.0 + libm::exp(-side / 3.0));
                *pixel *= 1.0 - (1.0 - factor) * blend;
            }
        }
        if let Some(((cx, cy), radius, peak)) = self.glare {
            for (index, pixel) in scene.iter_mut().enumerate() {
                let (x, y) = ((index % width) as f64, (index / width) as f64);
                let distance =
                    ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2.0 * radius * radius);
                if distance < 12.0 {
                    *pixel += peak * libm::exp(-distance);
                }
            }
        }
        if self.blur > 0.0 {
            scene = blur(&scene, width, self.blur);
        }
        scene
            .into_iter()
            .map(|value| {
                let level = value.clamp(0.0, 1.0) * 255.0 + self.noise * draw.normal();
                libm::round(level).clamp(0.0, 255.0) as u8
            })
            .collect()
    }
}

/// `image` (`width` per row) convolved with a Gaussian of standard deviation `sigma`.
fn blur(image: &[f64], width: usize, sigma: f64) -> Vec<f64> {
    let height = image.len() / width;
    let radius = libm::ceil(3.0 * sigma) as i64;
    let mut kernel: Vec<f64> = (-radius..=radius)
        .map(|offset| libm::exp(-((offset * offset) as f64) / (2.0 * sigma * sigma)))
        .collect();
    let total: f64 = kernel.iter().sum();
    kernel.iter_mut().for_each(|weight| *weight /= total);
    let pass = |source: &[f64], along_rows: bool| {
        let mut out = vec![0.0; source.len()];
        for y in 0..height {
            for x in 0..width {
                let mut sum = 0.0;
                for (tap, weight) in kernel.iter().enumerate() {
                    let offset = tap as i64 - radius;
                    let (sx, sy) = if along_rows {
                        ((x as i64 + offset).clamp(0, width as i64 - 1) as usize, y)
                    } else {
                        (x, (y as i64 + offset).clamp(0, height as i64 - 1) as usize)
                    };
                    sum += weight * source[sy * width + sx];
                }
                out[y * width + x] = sum;
            }
        }
        out
    };
    pass(&pass(image, true), false)
}
