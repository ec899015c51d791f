//! A finder pattern's outline: the four outer corners of its 7×7 square, found by filling its
//! ring from the centre outwards and taking the ring's extreme pixels along the code's
//! diagonals. Twelve such corners fix the code's perspective far better than three centres.

use super::finder::{Finder, Ink};

/// The outer corners of `finder`'s square, given the code's axes `across` and `down` (unit
/// vectors in the frame), in the order (−across −down), (+across −down), (+across +down),
/// (−across +down). `None` if the ring cannot be told apart from what surrounds it.
pub(crate) fn outline(
    ink: &Ink<'_>,
    finder: &Finder,
    across: (f64, f64),
    down: (f64, f64),
) -> Option<[(f64, f64); 4]> {
    let frame = ink.frame;
    let reach = 6.0 * finder.module;
    let left = (finder.x - reach).max(0.0) as usize;
    let top = (finder.y - reach).max(0.0) as usize;
    let right = ((finder.x + reach) as usize).min(frame.width - 1);
    let bottom = ((finder.y + reach) as usize).min(frame.height - 1);
    if right <= left + 2 || bottom <= top + 2 {
        return None;
    }
    let seed = ring_pixel(ink, finder, across, reach)?;
    let (width, height) = (right - left + 1, bottom - top + 1);
    let mut seen = vec![false; width * height];
    let mut pending = vec![seed];
    seen[(seed.1 - top) * width + seed.0 - left] = true;
    let diagonals = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]
        .map(|(a, d)| (a * across.0 + d * down.0, a * across.1 + d * down.1));
    let mut best = [(f64::MIN, (0.0, 0.0)); 4];
    let mut filled = 0usize;
    while let Some((x, y)) = pending.pop() {
        if x == left || y == top || x == right || y == bottom {
            return None;
        }
        filled += 1;
        if filled * 2 > width * height {
            return None;
        }
        let centre = (x as f64 + 0.5, y as f64 + 0.5);
        for (extreme, diagonal) in best.iter_mut().zip(diagonals) {
            let reach = (centre.0 - finder.x) * diagonal.0 + (centre.1 - finder.y) * diagonal.1;
            if reach > extreme.0 {
                *extreme = (reach, centre);
            }
        }
        for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] {
            let index = (ny - top) * width + nx - left;
            if !seen[index] && ink.dark(nx, ny) == finder.dark {
                seen[index] = true;
                pending.push((nx, ny));
            }
        }
    }
    Some([0, 1, 2, 3].map(|k| {
        let (x, y) = best[k].1;
        (x + diagonals[k].0 * 0.5, y + diagonals[k].1 * 0.5)
    }))
}

/// The first pixel of the ring met going from the centre along `across`: past the centre
/// square and the light (or, inverted, dark) band around it.
fn ring_pixel(
    ink: &Ink<'_>,
    finder: &Finder,
    across: (f64, f64),
    reach: f64,
) -> Option<(usize, usize)> {
    let mut band = 0;
    let mut step = 0.0;
    while step < reach {
        let (x, y) = (finder.x + across.0 * step, finder.y + across.1 * step);
        if x < 0.0 || y < 0.0 || x >= ink.frame.width as f64 || y >= ink.frame.height as f64 {
            return None;
        }
        let (x, y) = (x as usize, y as usize);
        let ours = ink.dark(x, y) == finder.dark;
        match (band, ours) {
            (0, false) => band = 1,
            (1, true) => return Some((x, y)),
            _ => {}
        }
        step += 0.5;
    }
    None
}
