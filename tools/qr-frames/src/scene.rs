//! What a frame shows: a screen background with panels and text, and at most one QR code
//! placed in space, drawn with 4×4 supersampling so edges, perspective and a screen's pixel
//! grid (moiré) come out as a camera would see them.

use egate_core::qr::perspective::Homography;

/// An axis-aligned rectangle of one brightness, in frame pixels.
#[derive(Debug, Clone, Copy)]
pub struct Patch {
    /// Left, top, right, bottom.
    pub bounds: [f64; 4],
    /// Brightness in [0, 1].
    pub level: f64,
}

/// A QR code in the frame.
#[derive(Debug, Clone)]
pub struct Code {
    /// The modules, row by row, `true` dark.
    pub modules: Vec<bool>,
    /// Modules per side.
    pub side: usize,
    /// Where the code plane (in modules, the code spanning [0, side)²) lands in the frame.
    pub placement: Homography,
    /// The light margin around the code, in modules.
    pub quiet: f64,
    /// Brightness of dark and light modules (swapped for an inverted code).
    pub dark: f64,
    /// See `dark`.
    pub light: f64,
    /// Dark blocks one module wide just outside the quiet zone (a cramped page layout).
    pub crowded: bool,
    /// A screen's pixel pitch in modules, when the code is shown on a screen whose pixel grid
    /// the camera resolves (moiré).
    pub screen_pitch: Option<f64>,
}

/// Everything a frame shows before lighting, blur and sensor noise.
#[derive(Debug, Clone)]
pub struct Scene {
    /// Frame width in pixels.
    pub width: usize,
    /// Frame height in pixels.
    pub height: usize,
    /// The background's brightness.
    pub base: f64,
    /// Panels, text lines and decoys, painted in order.
    pub patches: Vec<Patch>,
    /// The code, if the frame shows one.
    pub code: Option<Code>,
}

/// Modules past the quiet zone still drawn through the code plane (crowding, screen grid).
const MARGIN: f64 = 4.0;

impl Code {
    /// The brightness at plane point (`u`, `v`) in modules, or `None` past the drawn margin.
    fn brightness(&self, u: f64, v: f64) -> Option<f64> {
        let side = self.side as f64;
        let reach = self.quiet + MARGIN;
        if u < -reach || v < -reach || u >= side + reach || v >= side + reach {
            return None;
        }
        let level = if u >= 0.0 && v >= 0.0 && u < side && v < side {
            let (column, row) = (u as usize, v as usize);
            if self.modules[row * self.side + column] {
                self.dark
            } else {
                self.light
            }
        } else if u >= -self.quiet
            && v >= -self.quiet
            && u < side + self.quiet
            && v < side + self.quiet
        {
            self.light
        } else if self.crowded {
            let (column, row) = (libm::floor(u) as i64, libm::floor(v) as i64);
            let hash = (column.wrapping_mul(73_856_093) ^ row.wrapping_mul(19_349_663)) & 7;
            if hash < 3 { self.dark } else { self.light }
        } else {
            return None;
        };
        Some(match self.screen_pitch {
            Some(pitch) => {
                let (fu, fv) = (libm::fmod(u + 64.0, pitch), libm::fmod(v + 64.0, pitch));
                let gap = fu > 0.75 * pitch || fv > 0.75 * pitch;
                if gap { level * 0.35 } else { level }
            }
            None => level,
        })
    }
}

impl Scene {
    /// The scene's brightness per pixel, row by row.
    pub fn render(&self) -> Vec<f64> {
        let mut frame = vec![self.base; self.width * self.height];
        for patch in &self.patches {
            let [left, top, right, bottom] = patch.bounds.map(|edge| edge.max(0.0));
            let right = (right as usize).min(self.width);
            let bottom = (bottom as usize).min(self.height);
            for y in top as usize..bottom {
                for pixel in &mut frame[y * self.width + left as usize..y * self.width + right] {
                    *pixel = patch.level;
                }
            }
        }
        if let Some(code) = &self.code {
            self.draw_code(code, &mut frame);
        }
        frame
    }

    /// Composites `code` over the background with 4×4 samples per pixel.
    fn draw_code(&self, code: &Code, frame: &mut [f64]) {
        let reach = code.quiet + MARGIN;
        let far = code.side as f64 + reach;
        let corners = [(-reach, -reach), (far, -reach), (far, far), (-reach, far)]
            .map(|(u, v)| code.placement.map(u, v));
        let clamp = |value: f64, limit: usize| (value.max(0.0) as usize).min(limit);
        let left = clamp(
            corners.iter().map(|c| c.0).fold(f64::MAX, f64::min) - 1.0,
            self.width,
        );
        let right = clamp(
            corners.iter().map(|c| c.0).fold(f64::MIN, f64::max) + 2.0,
            self.width,
        );
        let top = clamp(
            corners.iter().map(|c| c.1).fold(f64::MAX, f64::min) - 1.0,
            self.height,
        );
        let bottom = clamp(
            corners.iter().map(|c| c.1).fold(f64::MIN, f64::max) + 2.0,
            self.height,
        );
        let to_plane = code.placement.inverse();
        for y in top..bottom {
            for x in left..right {
                let background = frame[y * self.width + x];
                let mut sum = 0.0;
                for sample in 0..16 {
                    let sx = x as f64 + (f64::from(sample % 4) + 0.5) / 4.0;
                    let sy = y as f64 + (f64::from(sample / 4) + 0.5) / 4.0;
                    let (u, v) = to_plane.map(sx, sy);
                    sum += code.brightness(u, v).unwrap_or(background);
                }
                frame[y * self.width + x] = sum / 16.0;
            }
        }
    }
}
