//! `qr-frames --seed N --out DIR`: writes the frame set (`DIR/CLASS/WIDTHxHEIGHT-NN.pgm`), the
//! expected text of every frame (`DIR/truth.tsv`) and the SHA-256 of every file
//! (`DIR/manifest.sha256`, in `sha256sum` format).

use clap::Parser;
use egate_qr_frames::{Class, RESOLUTIONS, frame, pgm};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// Writes the seeded QR frame set.
#[derive(Debug, Parser)]
struct Arguments {
    /// The seed: the same seed gives the same bytes.
    #[arg(long)]
    seed: u64,
    /// Frames per class and resolution.
    #[arg(long, default_value_t = 20)]
    per_class: usize,
    /// Where the frames go.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> std::io::Result<()> {
    let arguments = Arguments::parse();
    let mut truth = String::new();
    let mut manifest = String::new();
    for class in Class::ALL {
        std::fs::create_dir_all(arguments.out.join(class.name()))?;
        for (resolution, (width, height)) in RESOLUTIONS.iter().enumerate() {
            for index in 0..arguments.per_class {
                let frame = frame(arguments.seed, class, resolution, index);
                let name = format!("{}/{width}x{height}-{index:02}.pgm", class.name());
                let file = pgm(&frame);
                std::fs::write(arguments.out.join(&name), &file)?;
                manifest.push_str(&format!("{}  {name}\n", hex::encode(Sha256::digest(&file))));
                truth.push_str(&format!("{name}\t{}\n", frame.text.unwrap_or_default()));
            }
        }
        eprintln!(
            "{}: {} frames",
            class.name(),
            arguments.per_class * RESOLUTIONS.len()
        );
    }
    std::fs::write(arguments.out.join("truth.tsv"), truth)?;
    std::fs::write(arguments.out.join("manifest.sha256"), manifest)?;
    Ok(())
}
