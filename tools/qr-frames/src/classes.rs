//! The degradation classes of the frame set and how each draws its scene and optics: module
//! size, pose, colours, background, lighting, blur and noise.

use crate::camera::Optics;
use crate::random::Draw;
use crate::scene::{Code, Patch, Scene};
use egate_core::qr::perspective::Homography;
use std::f64::consts::TAU;

/// A kind of hard frame, or none at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Frontal, sharp, even light.
    Clean,
    /// Any in-plane angle.
    Rotation,
    /// Tilted up to 50° about both axes.
    Perspective,
    /// Out of focus.
    Blur,
    /// Sensor noise of a dim room.
    Noise,
    /// 20 to 40 grey levels between dark and light modules.
    LowContrast,
    /// Light falling off across the frame, with a shadow edge.
    UnevenLight,
    /// A reflection on the screen over part of the code.
    Glare,
    /// Light modules on a dark page (dark mode).
    Inverted,
    /// A quiet zone of half a module to a module and a half, crowded by the page around it.
    QuietZone,
    /// A screen's pixel grid beating against the camera's.
    Moire,
    /// Three of the above at once, each milder.
    Mixed,
    /// A page without a code, some with finder-like decoys: nothing must decode.
    NoCode,
}

impl Class {
    /// Every class, in table order.
    pub const ALL: [Class; 13] = [
        Class::Clean,
        Class::Rotation,
        Class::Perspective,
        Class::Blur,
        Class::Noise,
        Class::LowContrast,
        Class::UnevenLight,
        Class::Glare,
        Class::Inverted,
        Class::QuietZone,
        Class::Moire,
        Class::Mixed,
        Class::NoCode,
    ];

    /// The class's directory name.
    pub fn name(self) -> &'static str {
        match self {
            Class::Clean => "clean",
            Class::Rotation => "rotation",
            Class::Perspective => "perspective",
            Class::Blur => "blur",
            Class::Noise => "noise",
            Class::LowContrast => "low-contrast",
            Class::UnevenLight => "uneven-light",
            Class::Glare => "glare",
            Class::Inverted => "inverted",
            Class::QuietZone => "quiet-zone",
            Class::Moire => "moire",
            Class::Mixed => "mixed",
            Class::NoCode => "no-code",
        }
    }
}

/// The effects a mixed frame picks three of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Rotation,
    Perspective,
    Blur,
    Noise,
    LowContrast,
    UnevenLight,
    Glare,
    Moire,
}

const EFFECTS: [Effect; 8] = [
    Effect::Rotation,
    Effect::Perspective,
    Effect::Blur,
    Effect::Noise,
    Effect::LowContrast,
    Effect::UnevenLight,
    Effect::Glare,
    Effect::Moire,
];

/// Pose and look of the code before it is placed.
struct Look {
    module: f64,
    rotation: f64,
    tilt: (f64, f64),
    quiet: f64,
    dark: f64,
    light: f64,
    crowded: bool,
    screen_pitch: Option<f64>,
}

/// The scene and optics of a frame of `class` (`width`×`height`) showing `text`.
pub fn compose(
    class: Class,
    width: usize,
    height: usize,
    text: &str,
    draw: &mut Draw,
) -> (Scene, Optics) {
    let scale = height as f64 / 720.0;
    let mixed: Vec<Effect> = if class == Class::Mixed {
        let mut pool = EFFECTS.to_vec();
        (0..3)
            .map(|_| pool.remove(draw.below(pool.len())))
            .collect()
    } else {
        Vec::new()
    };
    let has = |effect: Effect, single: Class| class == single || mixed.contains(&effect);
    let mild = class == Class::Mixed;
    let inverted = class == Class::Inverted;
    let mut look = Look {
        module: draw.between(3.5, 8.0) * scale,
        rotation: draw.between(-8.0, 8.0).to_radians(),
        tilt: (
            draw.between(-8.0, 8.0).to_radians(),
            draw.between(-8.0, 8.0).to_radians(),
        ),
        quiet: 4.0,
        dark: draw.between(0.04, 0.15),
        light: draw.between(0.8, 0.95),
        crowded: false,
        screen_pitch: None,
    };
    let mut optics = Optics {
        noise: draw.between(1.0, 3.0),
        ..Optics::default()
    };
    if has(Effect::Rotation, Class::Rotation) {
        look.rotation = draw.between(0.0, TAU);
    }
    if has(Effect::Perspective, Class::Perspective) {
        let most = if mild { 30.0 } else { 50.0 };
        look.module = draw.between(5.0, 9.0) * scale;
        look.tilt = (
            draw.between(-most, most).to_radians(),
            draw.between(-most, most).to_radians(),
        );
        if look.tilt.0.abs().max(look.tilt.1.abs()) < (most / 2.0).to_radians() {
            look.tilt.0 = (most / 2.0 + draw.between(0.0, most / 2.0)).to_radians();
        }
    }
    if has(Effect::Blur, Class::Blur) {
        look.module = draw.between(5.0, 9.0) * scale;
        optics.blur = look.module
            * if mild {
                draw.between(0.15, 0.3)
            } else {
                draw.between(0.2, 0.4)
            };
    }
    if has(Effect::Noise, Class::Noise) {
        look.module = look.module.max(4.0 * scale);
        optics.noise = if mild {
            draw.between(8.0, 16.0)
        } else {
            draw.between(12.0, 28.0)
        };
    }
    if has(Effect::LowContrast, Class::LowContrast) {
        let middle = draw.between(0.3, 0.7);
        let gap = if mild {
            draw.between(0.15, 0.25)
        } else {
            draw.between(0.08, 0.16)
        };
        (look.dark, look.light) = (middle - gap / 2.0, middle + gap / 2.0);
    }
    if inverted {
        (look.dark, look.light) = (look.light, look.dark);
    }
    if class == Class::QuietZone {
        look.quiet = draw.between(0.5, 1.5);
        look.crowded = true;
    }
    if has(Effect::Moire, Class::Moire) {
        let pixels_per_module = if draw.chance(0.5) { 3.0 } else { 4.0 };
        look.module = draw.between(3.0, 6.0) * scale;
        look.screen_pitch = Some(1.0 / pixels_per_module);
    }
    let base = if inverted {
        draw.between(0.04, 0.2)
    } else {
        draw.between(0.6, 0.95)
    };
    let patches = page(width, height, base, draw, class == Class::NoCode);
    let code = (class != Class::NoCode).then(|| place(text, &look, width, height, draw));
    if has(Effect::UnevenLight, Class::UnevenLight) {
        optics.falloff = Some((draw.between(0.0, TAU), draw.between(0.15, 0.35)));
        if draw.chance(0.5) || !mild {
            let through = (
                draw.between(0.3, 0.7) * width as f64,
                draw.between(0.3, 0.7) * height as f64,
            );
            optics.shadow = Some((through, draw.between(0.0, TAU), draw.between(0.45, 0.7)));
        }
    }
    if has(Effect::Glare, Class::Glare)
        && let Some(code) = &code
    {
        let side = code.side as f64;
        let centre = code
            .placement
            .map(draw.between(0.0, side), draw.between(0.0, side));
        let radius = draw.between(0.07, 0.14) * side * look.module;
        optics.glare = Some((centre, radius, draw.between(0.5, 0.9)));
    }
    let scene = Scene {
        width,
        height,
        base,
        patches,
        code,
    };
    (scene, optics)
}

/// The code of `text` in pose `look`, somewhere in a `width`×`height` frame.
fn place(text: &str, look: &Look, width: usize, height: usize, draw: &mut Draw) -> Code {
    let qr = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .expect("a login URI fits a QR code");
    let side = qr.width();
    let modules = qr
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    let focal = width as f64;
    let mut module = look.module;
    loop {
        let half = side as f64 / 2.0;
        let outer = (-look.quiet, side as f64 + look.quiet);
        let corners = [
            (outer.0, outer.0),
            (outer.1, outer.0),
            (outer.1, outer.1),
            (outer.0, outer.1),
        ]
        .map(|(u, v)| project((u - half) * module, (v - half) * module, look, focal));
        let (min_x, max_x) = extent(corners.map(|c| c.0));
        let (min_y, max_y) = extent(corners.map(|c| c.1));
        let room = (
            width as f64 - (max_x - min_x),
            height as f64 - (max_y - min_y),
        );
        if room.0 < 8.0 || room.1 < 8.0 {
            module *= 0.9;
            continue;
        }
        let shift = (
            4.0 - min_x + draw.between(0.0, room.0 - 8.0),
            4.0 - min_y + draw.between(0.0, room.1 - 8.0),
        );
        let quad = corners.map(|(x, y)| (x + shift.0, y + shift.1));
        return Code {
            modules,
            side,
            placement: Homography::between(
                [
                    (outer.0, outer.0),
                    (outer.1, outer.0),
                    (outer.1, outer.1),
                    (outer.0, outer.1),
                ],
                quad,
            ),
            quiet: look.quiet,
            dark: look.dark,
            light: look.light,
            crowded: look.crowded,
            screen_pitch: look.screen_pitch,
        };
    }
}

/// Where plane point (`x`, `y`) (pixels from the code's centre) lands, seen tilted, in
/// perspective with focal length `focal` and turned in the image plane.
fn project(x: f64, y: f64, look: &Look, focal: f64) -> (f64, f64) {
    let (about_x, about_y) = look.tilt;
    let (x1, z1) = (x * libm::cos(about_y), -x * libm::sin(about_y));
    let (y2, z2) = (
        y * libm::cos(about_x) - z1 * libm::sin(about_x),
        y * libm::sin(about_x) + z1 * libm::cos(about_x),
    );
    let depth = focal / (focal + z2);
    let (px, py) = (x1 * depth, y2 * depth);
    let (sin, cos) = (libm::sin(look.rotation), libm::cos(look.rotation));
    (px * cos - py * sin, px * sin + py * cos)
}

fn extent(values: [f64; 4]) -> (f64, f64) {
    (
        values.iter().copied().fold(f64::MAX, f64::min),
        values.iter().copied().fold(f64::MIN, f64::max),
    )
}

/// A page: panels and lines of text, and for a frame without a code finder-like decoys and a
/// code-like block whose data is noise.
fn page(width: usize, height: usize, base: f64, draw: &mut Draw, decoys: bool) -> Vec<Patch> {
    let (w, h) = (width as f64, height as f64);
    let scale = h / 720.0;
    let ink = if base > 0.5 { base * 0.2 } else { base + 0.6 };
    let mut patches = Vec::new();
    for _ in 0..3 + draw.below(4) {
        let (x, y) = (draw.between(0.0, w), draw.between(0.0, h));
        let size = (
            draw.between(80.0, 400.0) * scale,
            draw.between(40.0, 250.0) * scale,
        );
        let level = (base + draw.between(-0.25, 0.25)).clamp(0.02, 0.98);
        patches.push(Patch {
            bounds: [x, y, x + size.0, y + size.1],
            level,
        });
    }
    for _ in 0..10 + draw.below(25) {
        let (x, y) = (draw.between(0.0, w), draw.between(0.0, h));
        let (length, thickness) = (
            draw.between(10.0, 140.0) * scale,
            draw.between(4.0, 9.0) * scale,
        );
        patches.push(Patch {
            bounds: [x, y, x + length, y + thickness],
            level: ink,
        });
    }
    if decoys {
        let module = draw.between(4.0, 8.0) * scale;
        for _ in 0..1 + draw.below(2) {
            let origin = (
                draw.between(0.0, w - 8.0 * module),
                draw.between(0.0, h - 8.0 * module),
            );
            finder(&mut patches, origin, module, ink, base);
        }
        if draw.chance(0.5) {
            let side = 25 + 4 * draw.below(6);
            let origin = (
                draw.between(0.0, (w - side as f64 * module).max(1.0)),
                draw.between(0.0, (h - side as f64 * module).max(1.0)),
            );
            for row in 0..side {
                for column in 0..side {
                    let in_finder = |r: usize, c: usize| r < 8 && c < 8;
                    if in_finder(row, column)
                        || in_finder(row, side - 1 - column)
                        || in_finder(side - 1 - row, column)
                    {
                        continue;
                    }
                    if draw.chance(0.5) {
                        let (x, y) = (
                            origin.0 + column as f64 * module,
                            origin.1 + row as f64 * module,
                        );
                        patches.push(Patch {
                            bounds: [x, y, x + module, y + module],
                            level: ink,
                        });
                    }
                }
            }
            let far = (side - 7) as f64 * module;
            for corner in [(0.0, 0.0), (far, 0.0), (0.0, far)] {
                finder(
                    &mut patches,
                    (origin.0 + corner.0, origin.1 + corner.1),
                    module,
                    ink,
                    base,
                );
            }
        }
    }
    patches
}

/// A 7×7-module finder pattern at `origin`.
fn finder(patches: &mut Vec<Patch>, origin: (f64, f64), module: f64, ink: f64, paper: f64) {
    for (inset, level) in [(0.0, ink), (1.0, paper), (2.0, ink)] {
        let (x, y) = (origin.0 + inset * module, origin.1 + inset * module);
        let size = (7.0 - 2.0 * inset) * module;
        patches.push(Patch {
            bounds: [x, y, x + size, y + size],
            level,
        });
    }
}
