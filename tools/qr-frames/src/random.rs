//! The frame generator's source of chance: a ChaCha8 stream per frame turned into numbers by
//! this module's own arithmetic, so a seed gives the same frames whatever `rand` version is
//! around.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// Draws for one frame.
#[derive(Debug)]
pub struct Draw(ChaCha8Rng);

impl Draw {
    /// The stream of frame `index` of `class` at `resolution` for `seed`.
    pub fn for_frame(seed: u64, class: usize, resolution: usize, index: usize) -> Self {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        key[8..16].copy_from_slice(&(class as u64).to_le_bytes());
        key[16..24].copy_from_slice(&(resolution as u64).to_le_bytes());
        key[24..].copy_from_slice(&(index as u64).to_le_bytes());
        Self(ChaCha8Rng::from_seed(key))
    }

    /// A number in [0, 1) with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in [`low`, `high`).
    pub fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// A whole number in [0, `count`).
    pub fn below(&mut self, count: usize) -> usize {
        ((self.unit() * count as f64) as usize).min(count.saturating_sub(1))
    }

    /// True with probability `chance`.
    pub fn chance(&mut self, chance: f64) -> bool {
        self.unit() < chance
    }

    /// A standard normal number (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let radius = libm::sqrt(-2.0 * libm::log(1.0 - self.unit()));
        radius * libm::cos(std::f64::consts::TAU * self.unit())
    }

    /// `length` characters of the base64url alphabet.
    pub fn base64url(&mut self, length: usize) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        (0..length)
            .map(|_| char::from(ALPHABET[self.below(64)]))
            .collect()
    }
}
