//! From three finder patterns to text: which is which corner, how many modules a side, where
//! the bottom-right alignment pattern is, the homography from the module grid to the frame,
//! the module colours sampled through it, and `rqrr`'s ISO/IEC 18004 decoding (format and
//! version information, unmasking, Reed–Solomon correction, segments).

use super::finder::{Finder, Ink};
use super::outline::outline;
use super::perspective::Homography;

/// Finder triples tried per frame at most.
const MOST_TRIPLES: usize = 24;
/// Finder candidates of each polarity considered at most.
const MOST_FINDERS: usize = 16;

/// The texts of the codes three of `finders` frame in `ink`.
pub(crate) fn codes(ink: &Ink<'_>, finders: &[Finder]) -> Vec<String> {
    let mut ranked: Vec<Finder> = finders.to_vec();
    ranked.sort_by_key(|finder| std::cmp::Reverse(finder.hits));
    let seen_twice = |f: &&Finder| f.hits >= 2;
    let mut kept: Vec<Finder> = ranked
        .iter()
        .filter(|f| f.dark)
        .filter(seen_twice)
        .take(MOST_FINDERS)
        .copied()
        .collect();
    kept.extend(
        ranked
            .iter()
            .filter(|f| !f.dark)
            .filter(seen_twice)
            .take(MOST_FINDERS),
    );
    let mut triples = Vec::new();
    for i in 0..kept.len() {
        for j in i + 1..kept.len() {
            for k in j + 1..kept.len() {
                for corners in Corners::of([kept[i], kept[j], kept[k]]) {
                    triples.push(([i, j, k], corners));
                }
            }
        }
    }
    triples.sort_by(|a, b| a.1.oddness.total_cmp(&b.1.oddness));
    let mut used = vec![false; kept.len()];
    let mut texts = Vec::new();
    for (members, corners) in triples.into_iter().take(MOST_TRIPLES) {
        if members.iter().any(|&member| used[member]) {
            continue;
        }
        if let Some((text, outline)) = corners.decode(ink) {
            members.iter().for_each(|&member| used[member] = true);
            for (index, finder) in kept.iter().enumerate() {
                used[index] |= inside(&outline, (finder.x, finder.y));
            }
            texts.push(text);
        }
    }
    texts
}

/// The side a code can have (21, 25, … 177 modules) nearest `modules`.
fn snap(modules: f64) -> usize {
    (((modules - 17.0) / 4.0).round() * 4.0 + 17.0).clamp(21.0, 177.0) as usize
}

/// Whether `point` lies in the convex quadrilateral `outline` (corners in order either way).
fn inside(outline: &[(f64, f64); 4], point: (f64, f64)) -> bool {
    let sides: Vec<f64> = (0..4)
        .map(|i| {
            let (a, b) = (outline[i], outline[(i + 1) % 4]);
            (b.0 - a.0) * (point.1 - a.1) - (b.1 - a.1) * (point.0 - a.0)
        })
        .collect();
    sides.iter().all(|&side| side >= 0.0) || sides.iter().all(|&side| side <= 0.0)
}

/// Three finders as a code's top-left, top-right and bottom-left corners.
#[derive(Debug, Clone, Copy)]
struct Corners {
    top_left: Finder,
    top_right: Finder,
    bottom_left: Finder,
    /// Modules a side, estimated from the distances and module sizes.
    side: f64,
    /// How far the three are from a square's corners (0 is exactly); triples are tried from
    /// the least odd.
    oddness: f64,
}

fn distance(a: &Finder, b: &Finder) -> f64 {
    (a.x - b.x).hypot(a.y - b.y)
}

impl Corners {
    /// The ways `three` can be a code's corners: each of them as the top-left one, if the
    /// shape fits. (The side facing the top-left finder is the longest in a frontal view,
    /// but not always under strong perspective, so every choice is kept.)
    fn of(three: [Finder; 3]) -> Vec<Self> {
        let [a, b, c] = three;
        if a.dark != b.dark || b.dark != c.dark {
            return Vec::new();
        }
        (0..3)
            .filter_map(|corner| Self::with_top_left(three, corner))
            .collect()
    }

    /// `three` as a code's corners with `three[corner]` the top-left one, if the shape fits.
    fn with_top_left(three: [Finder; 3], corner: usize) -> Option<Self> {
        let top_left = three[corner];
        let (mut top_right, mut bottom_left) = (three[(corner + 1) % 3], three[(corner + 2) % 3]);
        let cross = (top_right.x - top_left.x) * (bottom_left.y - top_left.y)
            - (top_right.y - top_left.y) * (bottom_left.x - top_left.x);
        if cross < 0.0 {
            std::mem::swap(&mut top_right, &mut bottom_left);
        }
        let (across, down) = (
            distance(&top_left, &top_right),
            distance(&top_left, &bottom_left),
        );
        let cosine = ((top_right.x - top_left.x) * (bottom_left.x - top_left.x)
            + (top_right.y - top_left.y) * (bottom_left.y - top_left.y))
            / (across * down);
        let modules_across = across / ((top_left.module + top_right.module) / 2.0) + 7.0;
        let modules_down = down / ((top_left.module + bottom_left.module) / 2.0) + 7.0;
        let proportion = modules_across / modules_down;
        let side = (modules_across + modules_down) / 2.0;
        let modules = [top_left.module, top_right.module, bottom_left.module];
        let spread = modules.iter().copied().fold(f64::MIN, f64::max)
            / modules.iter().copied().fold(f64::MAX, f64::min);
        let fits = cosine.abs() < 0.5
            && spread <= 2.0
            && (0.5..=2.0).contains(&(across / down))
            && (0.6..=1.7).contains(&proportion)
            && (17.0..=181.0).contains(&side);
        fits.then(|| Self {
            top_left,
            top_right,
            bottom_left,
            side,
            oddness: cosine.abs() + (proportion - 1.0).abs() + (across / down - 1.0).abs(),
        })
    }

    /// The text of the code these corners frame and its outline in the frame: through the
    /// finders' outlines where they can be traced, else through their centres.
    fn decode(&self, ink: &Ink<'_>) -> Option<(String, [(f64, f64); 4])> {
        self.decode_by_outlines(ink)
            .or_else(|| self.decode_by_centres(ink))
    }

    /// The code read through the homography fitted to the twelve outer corners of the three
    /// finders, refined by the bottom-right alignment pattern where one is found near where
    /// that homography puts it.
    fn decode_by_outlines(&self, ink: &Ink<'_>) -> Option<(String, [(f64, f64); 4])> {
        let (tl, tr, bl) = (self.top_left, self.top_right, self.bottom_left);
        let unit = |from: &Finder, to: &Finder| {
            let length = distance(from, to);
            ((to.x - from.x) / length, (to.y - from.y) / length)
        };
        let (across, down) = (unit(&tl, &tr), unit(&tl, &bl));
        let outlines = [tl, tr, bl].map(|finder| outline(ink, &finder, across, down));
        let [Some(tl_outline), Some(tr_outline), Some(bl_outline)] = outlines else {
            return None;
        };
        let span = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).hypot(a.1 - b.1);
        let wide = |q: &[(f64, f64); 4]| (span(q[0], q[1]) + span(q[3], q[2])) / 14.0;
        let tall = |q: &[(f64, f64); 4]| (span(q[0], q[3]) + span(q[1], q[2])) / 14.0;
        let modules_across =
            distance(&tl, &tr) / ((wide(&tl_outline) + wide(&tr_outline)) / 2.0) + 7.0;
        let modules_down =
            distance(&tl, &bl) / ((tall(&tl_outline) + tall(&bl_outline)) / 2.0) + 7.0;
        let estimate = snap((modules_across + modules_down) / 2.0);
        [estimate, estimate + 4, estimate.saturating_sub(4)]
            .into_iter()
            .filter(|side| (21..=177).contains(side))
            .find_map(|side| {
                let n = side as f64;
                let mut pairs = Vec::with_capacity(20);
                for (outline, (ox, oy)) in [
                    (tl_outline, (0.0, 0.0)),
                    (tr_outline, (n - 7.0, 0.0)),
                    (bl_outline, (0.0, n - 7.0)),
                ] {
                    for ((du, dv), corner) in [(0.0, 0.0), (7.0, 0.0), (7.0, 7.0), (0.0, 7.0)]
                        .into_iter()
                        .zip(outline)
                    {
                        pairs.push(((ox + du, oy + dv), corner));
                    }
                }
                for (finder, (u, v)) in
                    [(tl, (3.5, 3.5)), (tr, (n - 3.5, 3.5)), (bl, (3.5, n - 3.5))]
                {
                    pairs.extend([((u, v), (finder.x, finder.y)); 4]);
                }
                let base = Homography::fit(&pairs)?;
                if side >= 25 {
                    let expected = base.map(n - 6.5, n - 6.5);
                    let (a, b) = (base.map(n - 7.0, n - 7.0), base.map(n - 6.0, n - 6.0));
                    let module = span(a, b) / std::f64::consts::SQRT_2;
                    if let Some(alignment) =
                        alignment_near(ink, expected, module, 3.0 * module, tl.dark)
                    {
                        pairs.extend([((n - 6.5, n - 6.5), alignment); 4]);
                        if let Some(found) =
                            Homography::fit(&pairs).and_then(|map| read(ink, &map, side, tl.dark))
                        {
                            return Some(found);
                        }
                    }
                }
                read(ink, &base, side, tl.dark)
            })
    }

    /// The code read through the finders' centres: as a parallelogram (right for frontal
    /// codes) and through the alignment pattern searched around where the centres put it.
    fn decode_by_centres(&self, ink: &Ink<'_>) -> Option<(String, [(f64, f64); 4])> {
        let estimate = snap(self.side);
        let sides: Vec<usize> = [estimate, estimate + 4, estimate.saturating_sub(4)]
            .into_iter()
            .filter(|side| (21..=177).contains(side))
            .collect();
        let (tl, tr, bl) = (self.top_left, self.top_right, self.bottom_left);
        let finders = [(tl.x, tl.y), (tr.x, tr.y), (bl.x, bl.y)];
        let through = |side: usize, corner: (f64, f64), image: (f64, f64)| {
            let n = side as f64;
            Homography::between(
                [(3.5, 3.5), (n - 3.5, 3.5), corner, (3.5, n - 3.5)],
                [finders[0], finders[1], image, finders[2]],
            )
        };
        let parallelogram = (tr.x + bl.x - tl.x, tr.y + bl.y - tl.y);
        let with_alignment = |side: usize, reaches: &[f64]| {
            let n = side as f64;
            let alignment = self.alignment(ink, side, reaches)?;
            read(
                ink,
                &through(side, (n - 6.5, n - 6.5), alignment),
                side,
                tl.dark,
            )
        };
        let aligned = |reaches: &[f64]| {
            sides
                .iter()
                .filter(|&&side| side >= 25)
                .find_map(|&side| with_alignment(side, reaches))
        };
        aligned(&[4.0]).or_else(|| {
            sides.iter().find_map(|&side| {
                let n = side as f64;
                read(
                    ink,
                    &through(side, (n - 3.5, n - 3.5), parallelogram),
                    side,
                    tl.dark,
                )
            })
        })
    }

    /// The centre of the bottom-right alignment pattern of a `side`-module code, searched
    /// around where the finders put it, nearest first.
    fn alignment(&self, ink: &Ink<'_>, side: usize, reaches: &[f64]) -> Option<(f64, f64)> {
        let (tl, tr, bl) = (self.top_left, self.top_right, self.bottom_left);
        let along = (side as f64 - 10.0) / (side as f64 - 7.0);
        let expected = (
            tl.x + (tr.x - tl.x + bl.x - tl.x) * along,
            tl.y + (tr.y - tl.y + bl.y - tl.y) * along,
        );
        let module = (tl.module + tr.module + bl.module) / 3.0;
        reaches
            .iter()
            .find_map(|reach| alignment_near(ink, expected, module, reach * module, tl.dark))
    }
}

/// The alignment pattern (centre of colour `dark`, ring of the other, one `module` each)
/// nearest `expected` within `reach` pixels.
fn alignment_near(
    ink: &Ink<'_>,
    expected: (f64, f64),
    module: f64,
    reach: f64,
    dark: bool,
) -> Option<(f64, f64)> {
    let frame = ink.frame;
    let clamp = |value: f64, limit: usize| (value.max(0.0) as usize).min(limit.saturating_sub(1));
    let (left, right) = (
        clamp(expected.0 - reach, frame.width),
        clamp(expected.0 + reach, frame.width),
    );
    let (top, bottom) = (
        clamp(expected.1 - reach, frame.height),
        clamp(expected.1 + reach, frame.height),
    );
    let longest = (module * 2.5).ceil() as usize;
    let fits = |runs: [usize; 3]| {
        runs.iter()
            .all(|&run| (run as f64 - module).abs() < 0.7 * module)
    };
    let mut best: Option<((f64, f64), f64)> = None;
    for y in (top..=bottom).step_by((module / 3.0).max(1.0) as usize) {
        let mut x = left;
        while x <= right {
            if ink.dark(x, y) != dark {
                x += 1;
                continue;
            }
            let Some((forward, backward)) = ink.runs_around::<2>(x, y, (1, 0), dark, longest)
            else {
                x += 1;
                continue;
            };
            let across = [backward[1], backward[0] + forward[0], forward[1]];
            let cx = x as f64 + (forward[0] as f64 - backward[0] as f64) / 2.0;
            x += forward[0];
            if !fits(across) {
                continue;
            }
            let Some((down_f, down_b)) =
                ink.runs_around::<2>(cx as usize, y, (0, 1), dark, longest)
            else {
                continue;
            };
            if !fits([down_b[1], down_b[0] + down_f[0], down_f[1]]) {
                continue;
            }
            let cy = y as f64 + (down_f[0] as f64 - down_b[0] as f64) / 2.0;
            let miss = (cx - expected.0).hypot(cy - expected.1);
            if best.is_none_or(|(_, nearest)| miss < nearest) {
                best = Some(((cx, cy), miss));
            }
        }
    }
    best.map(|(centre, _)| centre)
}

/// Whether the timing patterns (row and column 6, alternating dark and light between the
/// finders) mostly read as they must: a cheap test that the grid sits on a code before the
/// full decoding.
fn timed(bits: &[bool], side: usize) -> bool {
    let between = 8..side - 8;
    let matching = between
        .clone()
        .filter(|&i| bits[6 * side + i] == (i % 2 == 0))
        .count()
        + between
            .clone()
            .filter(|&i| bits[i * side + 6] == (i % 2 == 0))
            .count();
    matching * 10 >= between.len() * 2 * 7
}

/// The module grid `map` lays over `ink`, decoded, and its outline; `dark` is the colour of
/// dark modules.
fn read(
    ink: &Ink<'_>,
    map: &Homography,
    side: usize,
    dark: bool,
) -> Option<(String, [(f64, f64); 4])> {
    let frame = ink.frame;
    let mut bits = vec![false; side * side];
    let mut outside = 0;
    for row in 0..side {
        for column in 0..side {
            let (u, v) = (column as f64 + 0.5, row as f64 + 0.5);
            let (x, y) = map.map(u, v);
            if !(x >= 0.0 && y >= 0.0 && x < frame.width as f64 && y < frame.height as f64) {
                outside += 1;
                continue;
            }
            let threshold = u32::from(ink.thresholds.at(x as usize, y as usize));
            let mut sum = 0u32;
            let mut count = 0u32;
            for (du, dv) in [
                (0.0, 0.0),
                (-0.2, -0.2),
                (0.2, -0.2),
                (-0.2, 0.2),
                (0.2, 0.2),
            ] {
                let (sx, sy) = map.map(u + du, v + dv);
                if sx >= 0.0 && sy >= 0.0 && sx < frame.width as f64 && sy < frame.height as f64 {
                    sum += u32::from(frame.at(sx as usize, sy as usize));
                    count += 1;
                }
            }
            bits[row * side + column] = (sum < threshold * count) == dark;
        }
    }
    if outside > side || !timed(&bits, side) {
        return None;
    }
    let grid = rqrr::Grid::new(rqrr::SimpleGrid::from_func(side, |x, y| bits[y * side + x]));
    let (_, text) = grid.decode().ok()?;
    let n = side as f64;
    Some((
        text,
        [(0.0, 0.0), (n, 0.0), (n, n), (0.0, n)].map(|(u, v)| map.map(u, v)),
    ))
}
