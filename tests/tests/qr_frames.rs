//! The core's QR decoder on the seeded frame set of `egate-qr-frames`, a few frames of every
//! degradation class rendered in memory: the codes of each class are read (with the exact
//! text, never another), frames without a code give nothing, and the generator still makes
//! the bytes the committed manifest (`fixtures/qr-frames/manifest.sha256`) records.

use egate_core::qr::scan_frame;
use egate_qr_frames::{Class, frame, pgm};
use sha2::{Digest, Sha256};

/// The committed seed.
fn seed() -> u64 {
    include_str!("../../fixtures/qr-frames/seed")
        .trim()
        .parse()
        .unwrap()
}

/// Frames per class read here (at 1280×720; the benchmark reads 20 per class and size).
const FRAMES: usize = 5;

#[test]
fn every_class_is_read_and_frames_without_a_code_give_nothing() {
    let mut report = Vec::new();
    for class in Class::ALL {
        let mut right = 0;
        for index in 0..FRAMES {
            let frame = frame(seed(), class, 0, index);
            let texts = scan_frame(&frame.luma, frame.width, frame.height, frame.width).unwrap();
            match &frame.text {
                Some(expected) => {
                    assert!(
                        texts.iter().all(|text| text == expected),
                        "{} {index}: {texts:?}",
                        class.name()
                    );
                    right += usize::from(texts.contains(expected));
                }
                None => {
                    assert!(texts.is_empty(), "{} {index}: {texts:?}", class.name());
                    right += 1;
                }
            }
        }
        report.push(format!("{} {right}/{FRAMES}", class.name()));
        let least = match class {
            Class::NoCode => FRAMES,
            Class::Mixed => FRAMES - 2,
            _ => FRAMES - 1,
        };
        assert!(
            right >= least,
            "{}: {right} of {FRAMES} right",
            class.name()
        );
    }
    eprintln!("{}", report.join(", "));
}

#[test]
fn the_generator_makes_the_frames_the_manifest_records() {
    let manifest = include_str!("../../fixtures/qr-frames/manifest.sha256");
    for class in Class::ALL {
        let name = format!("{}/1280x720-00.pgm", class.name());
        let recorded = manifest
            .lines()
            .find_map(|line| line.strip_suffix(&format!("  {name}")))
            .unwrap_or_else(|| panic!("{name} is not in the manifest"));
        let made = hex::encode(Sha256::digest(pgm(&frame(seed(), class, 0, 0))));
        assert_eq!(made, recorded, "{name}");
    }
}
