#![doc = include_str!("../README.md")]

pub mod camera;
pub mod classes;
pub mod random;
pub mod scene;

pub use classes::Class;

/// The frame sizes of the set: 720p and 1080p.
pub const RESOLUTIONS: [(usize, usize); 2] = [(1280, 720), (1920, 1080)];

/// One generated frame: 8-bit luma, rows packed, and the text of the code it shows.
#[derive(Debug, Clone)]
pub struct Frame {
    /// Pixels per row.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// `width × height` grey levels.
    pub luma: Vec<u8>,
    /// The code's text, `None` for a frame without a code.
    pub text: Option<String>,
}

/// Frame `index` of `class` at `RESOLUTIONS[resolution]` for `seed`: the same bytes on every
/// machine.
pub fn frame(seed: u64, class: Class, resolution: usize, index: usize) -> Frame {
    let (width, height) = RESOLUTIONS[resolution];
    let class_number = Class::ALL.iter().position(|c| *c == class).unwrap_or(0);
    let mut draw = random::Draw::for_frame(seed, class_number, resolution, index);
    let text = format!(
        "egate-login:1?origin=https://login.gov.example&sid={}&secret={}&exp={}",
        draw.base64url(22),
        draw.base64url(22),
        1_700_000_000 + draw.below(100_000_000)
    );
    let (scene, optics) = classes::compose(class, width, height, &text, &mut draw);
    let luma = optics.expose(scene.render(), width, &mut draw);
    let text = (class != Class::NoCode).then_some(text);
    Frame {
        width,
        height,
        luma,
        text,
    }
}

/// `frame` as a binary PGM (P5) file.
pub fn pgm(frame: &Frame) -> Vec<u8> {
    let mut file = format!("P5\n{} {}\n255\n", frame.width, frame.height).into_bytes();
    file.extend_from_slice(&frame.luma);
    file
}
