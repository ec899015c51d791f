//! Finder patterns: the three 7×7 squares in a code's corners. Every few rows are cut into
//! runs of dark and light; five runs in the proportions 1:1:3:1:1 are a candidate, checked
//! again down its centre column and across its centre row. Both polarities are searched, so
//! light-on-dark (inverted) codes are found like dark-on-light ones.

use super::frame::Frame;
use super::threshold::Thresholds;

/// A finder pattern's centre, module size and polarity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Finder {
    /// Centre, in pixels.
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// Pixels per module, from the horizontal and vertical runs.
    pub module: f64,
    /// The centre is dark (a normal code) or light (an inverted one).
    pub dark: bool,
    /// Scan rows that found it.
    pub hits: u32,
}

/// How far a run may stray from its share of the pattern, in modules.
const TOLERANCE: f64 = 0.6;
/// How far the centre run may stray from three modules, in modules.
const CENTRE_TOLERANCE: f64 = 1.0;

/// Runs `r` (five lengths) in the proportions 1:1:3:1:1: the module size if so. One of the
/// two outer runs may run on (the ring merging with a dark margin, as when a dim code sits on
/// a bright page); the module size then comes from the other four.
fn proportioned(r: [usize; 5]) -> Option<f64> {
    let total: usize = r.iter().sum();
    if total < 7 {
        return None;
    }
    let near = |length: usize, share: f64, module: f64| {
        let slack = if share > 1.0 {
            CENTRE_TOLERANCE
        } else {
            TOLERANCE
        };
        (length as f64 - share * module).abs() < slack * module
    };
    let inner =
        |module: f64| near(r[1], 1.0, module) && near(r[2], 3.0, module) && near(r[3], 1.0, module);
    let module = total as f64 / 7.0;
    if near(r[0], 1.0, module) && near(r[4], 1.0, module) && inner(module) {
        return Some(module);
    }
    let (kept, long) = if r[0] > r[4] {
        (r[4], r[0])
    } else {
        (r[0], r[4])
    };
    let module = (r[1] + r[2] + r[3] + kept) as f64 / 6.0;
    (near(kept, 1.0, module) && inner(module) && long as f64 > module).then_some(module)
}

/// A frame with its thresholds: which pixels are dark.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ink<'a> {
    /// The frame.
    pub frame: Frame<'a>,
    /// Its thresholds.
    pub thresholds: &'a Thresholds,
}

impl Ink<'_> {
    /// Whether (`x`, `y`) is dark.
    pub fn dark(&self, x: usize, y: usize) -> bool {
        self.frame.at(x, y) < self.thresholds.at(x, y)
    }

    /// The runs out from the pixel (`x`, `y`) both ways along (`dx`, `dy`): `N` runs each way,
    /// the first of colour `dark` and alternating, the pixel itself counted forward. `None`
    /// if a run is empty, or an inner run is longer than `longest` or cut by the frame's edge
    /// (the outermost runs stop there).
    pub fn runs_around<const N: usize>(
        &self,
        x: usize,
        y: usize,
        (dx, dy): (isize, isize),
        dark: bool,
        longest: usize,
    ) -> Option<([usize; N], [usize; N])> {
        let (width, height) = (self.frame.width as isize, self.frame.height as isize);
        let inside = |px: isize, py: isize| px >= 0 && py >= 0 && px < width && py < height;
        let mut forward = [0usize; N];
        let mut backward = [0usize; N];
        for (direction, counts) in [(1isize, &mut forward), (-1, &mut backward)] {
            let (mut px, mut py) = (x as isize, y as isize);
            if direction < 0 {
                px -= dx;
                py -= dy;
            }
            for (state, count) in counts.iter_mut().enumerate() {
                let want = dark == (state % 2 == 0);
                let outermost = state + 1 == N;
                while inside(px, py) && self.dark(px as usize, py as usize) == want {
                    *count += 1;
                    if *count > longest {
                        if outermost {
                            break;
                        }
                        return None;
                    }
                    px += dx * direction;
                    py += dy * direction;
                }
                if *count == 0 || !(outermost || inside(px, py)) {
                    return None;
                }
            }
        }
        Some((forward, backward))
    }

    /// The five runs of a finder pattern centred on (`x`, `y`) along (`dx`, `dy`), and where
    /// the centre run's middle is, in steps from the pixel's edge (pixel edges are whole
    /// numbers).
    pub fn runs_through(
        &self,
        x: usize,
        y: usize,
        step: (isize, isize),
        dark: bool,
        longest: usize,
    ) -> Option<([usize; 5], f64)> {
        let (forward, backward) = self.runs_around::<3>(x, y, step, dark, longest)?;
        let runs = [
            backward[2],
            backward[1],
            backward[0] + forward[0],
            forward[1],
            forward[2],
        ];
        Some((runs, (forward[0] as f64 - backward[0] as f64) / 2.0))
    }
}

/// The finder patterns of `ink` at least `smallest` pixels across (seven modules; smaller
/// ones cannot be told from noise), scanning every `step`-th row.
pub(crate) fn finders(ink: &Ink<'_>, step: usize, smallest: usize) -> Vec<Finder> {
    let frame = ink.frame;
    let mut found: Vec<Finder> = Vec::new();
    let mut thresholds = vec![0u8; frame.width];
    let mut dark = vec![0u8; frame.width];
    let mut y = step / 2;
    while y < frame.height {
        ink.thresholds.row_into(y, &mut thresholds);
        for ((ink, &pixel), &threshold) in dark.iter_mut().zip(frame.row(y)).zip(&thresholds) {
            *ink = u8::from(pixel < threshold);
        }
        let mut runs = [0usize; 5];
        let mut filled = 0;
        let mut start = 0;
        let mut x = 1;
        while x <= frame.width {
            if x < frame.width {
                x = next_change(&dark, x);
                if x < frame.width && dark[x] == dark[x - 1] {
                    x += 1;
                    continue;
                }
            }
            runs.rotate_left(1);
            runs[4] = x - start;
            start = x;
            filled += 1;
            if filled >= 5
                && runs.iter().sum::<usize>() >= smallest
                && proportioned(runs).is_some()
                && let Some(finder) = confirm(
                    ink,
                    x - runs[4] - runs[3] - runs[2] / 2,
                    y,
                    dark[x - 1] == 1,
                    runs,
                )
            {
                merge(&mut found, finder);
            }
            x += 1;
        }
        y += step;
    }
    found
}

/// The first position from `x` (at least 1) where `flags` differs from the flag before it, or
/// a position where 8-byte words stop matching (checked by the caller), or the end: the row
/// is compared a word at a time, so long plain stretches cost little.
fn next_change(flags: &[u8], mut x: usize) -> usize {
    while x + 8 <= flags.len() {
        let word = |at: usize| u64::from_le_bytes(flags[at..at + 8].try_into().unwrap_or_default());
        let difference = word(x) ^ word(x - 1);
        if difference != 0 {
            return x + (difference.trailing_zeros() / 8) as usize;
        }
        x += 8;
    }
    x
}

/// The finder whose horizontal runs `runs` in row `y` have their centre (of colour `dark`) at
/// column `x`, if a column through its centre (this one, or a sixth of the centre's width
/// either side, for a ring cut by a shadow's edge) and then the row and the diagonal through
/// it show the same pattern.
fn confirm(ink: &Ink<'_>, x: usize, y: usize, dark: bool, runs: [usize; 5]) -> Option<Finder> {
    let across: usize = runs.iter().sum();
    let longest = across * 2;
    let shift = (runs[2] / 6).max(1);
    let (down_module, middle) = [x, x.saturating_sub(shift), x + shift]
        .into_iter()
        .find_map(|column| {
            let (down, middle) = ink.runs_through(column, y, (0, 1), dark, longest)?;
            Some((proportioned(down)?, middle))
        })?;
    let cy = (y as f64 + middle) as usize;
    let (again, middle_x) = ink.runs_through(x, cy, (1, 0), dark, longest)?;
    let across_module = proportioned(again)?;
    let ratio = down_module / across_module;
    if !(0.5..=2.0).contains(&ratio) {
        return None;
    }
    let cx = (x as f64 + middle_x) as usize;
    let (slant, _) = ink.runs_through(cx, cy, (1, 1), dark, longest)?;
    proportioned(slant)?;
    Some(Finder {
        x: x as f64 + middle_x,
        y: y as f64 + middle,
        module: (down_module + across_module) / 2.0,
        dark,
        hits: 1,
    })
}

/// Adds `finder` to `found`, or merges it into the one it is another sighting of.
fn merge(found: &mut Vec<Finder>, finder: Finder) {
    for known in found.iter_mut() {
        let distance = (known.x - finder.x).hypot(known.y - finder.y);
        if known.dark == finder.dark
            && distance < 1.5 * known.module.max(finder.module)
            && (0.6..=1.6).contains(&(known.module / finder.module))
        {
            let weight = f64::from(known.hits);
            known.x = (known.x * weight + finder.x) / (weight + 1.0);
            known.y = (known.y * weight + finder.y) / (weight + 1.0);
            known.module = (known.module * weight + finder.module) / (weight + 1.0);
            known.hits += 1;
            return;
        }
    }
    found.push(finder);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finder_runs_are_one_one_three_one_one_with_one_outer_run_free() {
        assert_eq!(proportioned([5, 5, 15, 5, 5]), Some(5.0));
        assert_eq!(proportioned([1, 1, 3, 1, 1]), Some(1.0));
        assert_eq!(proportioned([6, 4, 16, 5, 4]), Some(5.0));
        assert_eq!(proportioned([30, 5, 15, 5, 5]), Some(5.0));
        assert_eq!(proportioned([5, 5, 15, 5, 40]), Some(5.0));
        for runs in [
            [7, 7, 7, 7, 7],
            [5, 5, 15, 5, 1],
            [5, 12, 15, 5, 5],
            [1, 1, 2, 1, 1],
            [30, 5, 15, 5, 30],
        ] {
            assert_eq!(proportioned(runs), None, "{runs:?}");
        }
    }

    #[test]
    fn changes_are_found_across_word_boundaries() {
        let mut flags = vec![0u8; 40];
        flags[19..23].fill(1);
        assert_eq!(next_change(&flags, 1), 19);
        assert_eq!(next_change(&flags, 20), 23);
        assert_eq!(next_change(&flags, 24), 40);
    }
}
