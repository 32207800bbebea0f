//! The measured stability map: the cells of a sweep over [`crate::sweep::phase_grid`],
//! coloured by one measure and painted inside the (β, γ) phase diagram, with its scale,
//! colour bar and hover readout. Cells sit at u = i/(n − 1) of each axis, where the
//! diagram places their decays, so the map lines up with the theory drawn over it.

use super::colormap::viridis;
use super::grid_map::named;
use super::phase::{X0, X1, Y0, Y1};
use super::ticks;
use crate::format;
use crate::sweep::{Cell, Grid, GROWTH_THRESHOLD};

/// Which measure of a cell the map shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Growth rate of ln‖u‖∞: the phase diagram's own question.
    Growth,
    /// Final loss f(θ).
    Loss,
    /// The step at which the run diverged.
    Diverged,
    /// Distance to the nearest documented minimum.
    Distance,
}

impl Measure {
    /// Every measure, in the order a menu lists them.
    pub const ALL: [Measure; 4] = [
        Measure::Growth,
        Measure::Loss,
        Measure::Diverged,
        Measure::Distance,
    ];

    /// The value of its `<option>`.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Growth => "growth",
            Measure::Loss => "loss",
            Measure::Diverged => "diverged",
            Measure::Distance => "distance",
        }
    }

    /// The measure of an `<option>` value.
    pub fn from_name(name: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.name() == name)
    }

    /// What the colours mean, for the colour bar and the menu.
    pub fn title(self) -> &'static str {
        match self {
            Measure::Growth => "growth of ln‖u‖∞ per step (second half of the run)",
            Measure::Loss => "final loss f(θ)",
            Measure::Diverged => "step at which the run diverged",
            Measure::Distance => "distance to the nearest minimum",
        }
    }
}

/// The range the colours span. On a log scale `lo` and `hi` are log10 of the values, so a
/// map of losses from 1e-6 to 10 does not show only its largest decade.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
}

/// A run that diverged, on the growth, loss and distance maps: outside every palette, so it
/// is never mistaken for a value.
pub const DIVERGED_RGB: [u8; 3] = [225, 0, 225];
/// A run that never diverged, on the divergence map.
pub const NEVER_RGB: [u8; 3] = [52, 84, 122];
/// A run that has no value for the measure (no loss in impulse mode, no documented minimum).
pub const MISSING_RGB: [u8; 3] = [110, 110, 110];

/// Growth at 0.
const NEUTRAL: [u8; 3] = [232, 232, 232];
/// Growing, from the edge of the near-neutral band (|growth| ≤ the threshold) to the scale's
/// end: a step in colour at the threshold marks where [`crate::sweep::Outcome`] changes.
const WARM: [[u8; 3]; 3] = [[246, 222, 206], [244, 165, 130], [178, 24, 43]];
/// Bounded and decaying, the same way.
const COOL: [[u8; 3]; 3] = [[214, 226, 238], [146, 197, 222], [33, 102, 172]];
/// Step of divergence, earliest first: early is hot.
const HOT: [[u8; 3]; 4] = [[255, 237, 160], [254, 178, 76], [240, 59, 32], [128, 0, 38]];

/// Largest growth a scale spans, so lo − hi stays finite whatever a cell reports.
const MAX_GROWTH: f64 = 1e300;
/// Narrower log ranges (in decades) are widened to one decade: their colours would only
/// show rounding.
const MIN_DECADES: f64 = 0.01;

fn lerp(a: [u8; 3], b: [u8; 3], t: f64) -> [u8; 3] {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    std::array::from_fn(|c| (a[c] as f64 + t * (b[c] as f64 - a[c] as f64)).round() as u8)
}

/// Colour at t ∈ [0, 1] of anchors spaced evenly.
fn ramp(anchors: &[[u8; 3]], t: f64) -> [u8; 3] {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let x = t * (anchors.len() - 1) as f64;
    let i = (x.floor() as usize).min(anchors.len() - 2);
    lerp(anchors[i], anchors[i + 1], x - i as f64)
}

/// The growth scale's half-width, never below twice the threshold so the band shows.
fn growth_span(s: &Scale) -> f64 {
    let hi = s.hi.max(-s.lo);
    if hi.is_nan() {
        2.0 * GROWTH_THRESHOLD
    } else {
        hi.clamp(2.0 * GROWTH_THRESHOLD, MAX_GROWTH)
    }
}

/// Colour of a growth rate; None and −∞ (nothing measured, the update vanished) are the most
/// negative.
fn growth_rgb(growth: Option<f64>, span: f64) -> [u8; 3] {
    let g = growth.filter(|g| !g.is_nan()).unwrap_or(f64::NEG_INFINITY);
    let side = if g > 0.0 { &WARM } else { &COOL };
    let a = g.abs().min(span);
    if a <= GROWTH_THRESHOLD {
        lerp(NEUTRAL, side[0], a / GROWTH_THRESHOLD)
    } else {
        lerp(
            side[1],
            side[2],
            (a - GROWTH_THRESHOLD) / (span - GROWTH_THRESHOLD),
        )
    }
}

/// The measured value of a loss or distance map.
fn value(m: Measure, cell: &Cell) -> Option<f64> {
    match m {
        Measure::Loss => cell.final_loss,
        Measure::Distance => cell.distance,
        Measure::Growth => cell.growth,
        Measure::Diverged => cell.diverged.map(|d| d as f64),
    }
}

/// Where a log10 value sits on the scale, in [0, 1].
fn unit(s: &Scale, v: f64) -> f64 {
    let t = (v - s.lo) / (s.hi - s.lo);
    if t.is_nan() {
        0.0
    } else {
        t.clamp(0.0, 1.0)
    }
}

/// log10 of a divergence step; a step is at least 1.
fn step_decades(step: usize) -> f64 {
    (step.max(1) as f64).log10()
}

/// The range of some log10 values, widened when it is (nearly) a point; 0..1 (1 to 10)
/// when there are none.
fn decades(logs: impl Iterator<Item = f64>, floor: f64) -> Scale {
    let (lo, hi) = logs
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let (lo, hi) = if lo > hi {
        (0.0, 1.0)
    } else if hi - lo < MIN_DECADES {
        let mid = (lo + hi) / 2.0;
        let lo = (mid - 0.5).max(floor);
        (lo, lo + 1.0)
    } else {
        (lo, hi)
    };
    Scale { lo, hi, log: true }
}

/// The linear range of some finite values, widened to a unit when it is (nearly) a point.
fn linear(values: &[f64]) -> Scale {
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    let spread = hi - lo > 1e-9 * hi.abs().max(lo.abs()).max(1e-300);
    let (lo, hi) = if spread {
        (lo, hi)
    } else {
        // No values (lo = ∞), or all (nearly) one.
        let mid = if lo.is_finite() { (lo + hi) / 2.0 } else { 0.0 };
        (mid - 0.5, mid + 0.5)
    };
    Scale { lo, hi, log: false }
}

/// The scale that spans `cells`' values of `m`: growth linear and symmetric about 0 (its sign
/// is the answer), the others in decades. Only cells that ran to the end set the growth, loss
/// and distance ranges: diverged cells have their own colour, and their last values would
/// wash the rest out. Always finite with lo < hi.
pub fn scale<'a>(m: Measure, cells: impl IntoIterator<Item = &'a Cell> + Clone) -> Scale {
    let ran = cells.clone().into_iter().filter(|c| c.diverged.is_none());
    match m {
        Measure::Growth => {
            let hi = ran
                .filter_map(|c| c.growth)
                .filter(|g| g.is_finite())
                .map(f64::abs)
                .fold(2.0 * GROWTH_THRESHOLD, f64::max)
                .min(MAX_GROWTH);
            Scale {
                lo: -hi,
                hi,
                log: false,
            }
        }
        Measure::Loss | Measure::Distance => {
            let values: Vec<f64> = ran
                .filter_map(|c| value(m, c))
                .filter(|v| v.is_finite())
                .collect();
            // Losses at or below 0 (the plateau, the corner, Styblinski–Tang…) have no
            // logarithm: such a map is linear, from the least loss to the greatest. A
            // distance of 0 takes the lowest colour of its decades.
            if m == Measure::Loss && values.iter().any(|v| *v <= 0.0) {
                linear(&values)
            } else {
                decades(values.into_iter().map(f64::log10), f64::NEG_INFINITY)
            }
        }
        Measure::Diverged => decades(
            cells
                .into_iter()
                .filter_map(|c| c.diverged)
                .map(step_decades),
            0.0,
        ),
    }
}

/// The colour of `cell` for `m` on scale `s`; values outside the scale take its end colours,
/// and losses or distances at or below 0 its lowest.
pub fn color(m: Measure, s: &Scale, cell: &Cell) -> [u8; 3] {
    match (m, cell.diverged) {
        (Measure::Diverged, None) => NEVER_RGB,
        (Measure::Diverged, Some(step)) => ramp(&HOT, unit(s, step_decades(step))),
        (_, Some(_)) => DIVERGED_RGB,
        (Measure::Growth, None) => growth_rgb(cell.growth, growth_span(s)),
        (Measure::Loss | Measure::Distance, None) => match value(m, cell) {
            None => MISSING_RGB,
            Some(v) if !s.log => viridis(unit(s, v)),
            Some(v) if v > 0.0 => viridis(unit(s, v.log10())),
            Some(_) => viridis(0.0),
        },
    }
}

/// A colour bar: a gradient with its ticks, and swatches for the colours outside it.
#[derive(Clone, Debug, PartialEq)]
pub struct ColourBar {
    /// What the colours mean.
    pub label: String,
    /// Gradient stops at positions in [0, 1] from the low end; two stops at one position make
    /// a sharp edge (growth's threshold).
    pub stops: Vec<(f64, [u8; 3])>,
    /// Tick positions in [0, 1], increasing, with labels in the measure's own units.
    pub ticks: Vec<(f64, String)>,
    /// Fixed colours and what they mean ("diverged", "never diverged").
    pub extra: Vec<([u8; 3], &'static str)>,
}

/// Ticks of a linear scale: round values.
fn linear_ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    ticks::nice(lo, hi, 4)
        .into_iter()
        .map(|v| ((v - lo) / (hi - lo), format::plain(v)))
        .collect()
}

/// Ticks of a log scale, labelled with the values; steps only at whole numbers.
fn log_ticks(s: &Scale, whole: bool) -> Vec<(f64, String)> {
    let label = |d: f64| {
        let v = 10f64.powf(d);
        format::short(if whole { v.round() } else { v })
    };
    let mut t: Vec<(f64, String)> = ticks::log(s.lo, s.hi, 4)
        .into_iter()
        .filter(|d| {
            !whole || {
                let v = 10f64.powf(*d);
                (v - v.round()).abs() < 1e-6 * v.max(1.0)
            }
        })
        .map(|d| ((d - s.lo) / (s.hi - s.lo), label(d)))
        .collect();
    if t.len() < 2 {
        t = vec![(0.0, label(s.lo)), (1.0, label(s.hi))];
    }
    t
}

/// Positions clamped into [0, 1] (ticks at an end may sit a rounding outside) and strictly
/// increasing.
fn tidy_ticks(ticks: Vec<(f64, String)>) -> Vec<(f64, String)> {
    let mut out: Vec<(f64, String)> = Vec::with_capacity(ticks.len());
    for (p, label) in ticks {
        if !(-1e-6..=1.0 + 1e-6).contains(&p) {
            continue;
        }
        let p = p.clamp(0.0, 1.0);
        if out.last().is_none_or(|(q, _)| p > *q) {
            out.push((p, label));
        }
    }
    out
}

/// The colour bar of `m` on scale `s`, drawn to match [`color`].
pub fn colour_bar(m: Measure, s: &Scale) -> ColourBar {
    let spread = |anchors: &[[u8; 3]]| -> Vec<(f64, [u8; 3])> {
        let last = (anchors.len() - 1) as f64;
        anchors
            .iter()
            .enumerate()
            .map(|(i, c)| (i as f64 / last, *c))
            .collect()
    };
    let (stops, ticks, extra) = match m {
        Measure::Growth => {
            let span = growth_span(s);
            let at = |v: f64| (v + span) / (2.0 * span);
            let t = GROWTH_THRESHOLD;
            let stops = vec![
                (0.0, COOL[2]),
                (at(-t), COOL[1]),
                (at(-t), COOL[0]),
                (0.5, NEUTRAL),
                (at(t), WARM[0]),
                (at(t), WARM[1]),
                (1.0, WARM[2]),
            ];
            (
                stops,
                linear_ticks(-span, span),
                vec![(DIVERGED_RGB, "diverged")],
            )
        }
        Measure::Loss | Measure::Distance => {
            let stops = (0..=8)
                .map(|i| (i as f64 / 8.0, viridis(i as f64 / 8.0)))
                .collect();
            let ticks = if s.log {
                log_ticks(s, false)
            } else {
                linear_ticks(s.lo, s.hi)
            };
            (stops, ticks, vec![(DIVERGED_RGB, "diverged")])
        }
        Measure::Diverged => (
            spread(&HOT),
            log_ticks(s, true),
            vec![(NEVER_RGB, "never diverged")],
        ),
    };
    ColourBar {
        label: m.title().to_string(),
        stops,
        ticks: tidy_ticks(ticks),
        extra,
    }
}

/// The cell nearest to position u ∈ [0, 1] of an axis of `n` cells.
fn nearest(n: usize, u: f64) -> usize {
    if n <= 1 {
        0
    } else {
        ((u * (n - 1) as f64).round().max(0.0) as usize).min(n - 1)
    }
}

/// The column under CSS x, None off the plot.
fn column(n: usize, x: f64) -> Option<usize> {
    (X0..=X1)
        .contains(&x)
        .then(|| nearest(n, (x - X0) / (X1 - X0)))
}

/// The row under CSS y, None off the plot.
fn row(n: usize, y: f64) -> Option<usize> {
    (Y0..=Y1)
        .contains(&y)
        .then(|| nearest(n, (Y1 - y) / (Y1 - Y0)))
}

/// The colour each cell shows: its own once computed, else that of the finest computed cell
/// whose coarse-to-fine block covers it ([`Grid::stride`]), else none.
fn shown(grid: &Grid, cells: &[Option<Cell>], m: Measure, s: &Scale) -> Vec<Option<[u8; 3]>> {
    let own: Vec<Option<[u8; 3]>> = (0..grid.cells())
        .map(|i| cells.get(i).copied().flatten().map(|c| color(m, s, &c)))
        .collect();
    let coarsest = grid.coarsest_stride();
    (0..grid.cells())
        .map(|index| {
            own[index].or_else(|| {
                let (i, j) = grid.position(index);
                let mut stride = 2;
                while stride <= coarsest {
                    let anchor = (j - j % stride) * grid.x.n + (i - i % stride);
                    if own[anchor].is_some() {
                        return own[anchor];
                    }
                    stride *= 2;
                }
                None
            })
        })
        .collect()
}

/// The map as RGBA, `side` device pixels square at `ratio` device pixels per CSS pixel:
/// each pixel on the plot takes the colour [`shown`] for its nearest cell, so a coarse pass
/// already fills the plot and finer cells sharpen it as they arrive. Pixels off the plot or
/// with nothing to show are transparent, so the diagram's shading shows through. `cells` is
/// indexed by cell index. One pass over the pixels, and the cell colours computed once.
pub fn paint(
    side: u32,
    ratio: f64,
    grid: &Grid,
    cells: &[Option<Cell>],
    m: Measure,
    s: &Scale,
) -> Vec<u8> {
    let n = side as usize;
    let mut rgba = vec![0u8; n * n * 4];
    let (nx, ny) = (grid.x.n, grid.y.n);
    if nx == 0 || ny == 0 || !(ratio > 0.0 && ratio.is_finite()) {
        return rgba;
    }
    let shown = shown(grid, cells, m, s);
    let columns: Vec<Option<usize>> = (0..n)
        .map(|i| column(nx, (i as f64 + 0.5) / ratio))
        .collect();
    for (j, line) in rgba.chunks_exact_mut(n * 4).enumerate() {
        let Some(r) = row(ny, (j as f64 + 0.5) / ratio) else {
            continue;
        };
        let colours = &shown[r * nx..(r + 1) * nx];
        for (px, c) in line.chunks_exact_mut(4).zip(&columns) {
            if let Some([red, green, blue]) = c.and_then(|c| colours[c]) {
                px.copy_from_slice(&[red, green, blue, 255]);
            }
        }
    }
    rgba
}

/// The index of the cell nearest the CSS point (x, y) of the diagram, for a hover; None off
/// the plot.
pub fn cell_at(grid: &Grid, x: f64, y: f64) -> Option<usize> {
    if grid.cells() == 0 {
        return None;
    }
    Some(row(grid.y.n, y)? * grid.x.n + column(grid.x.n, x)?)
}

/// What a growth rate says about the update.
fn growth_words(growth: Option<f64>) -> String {
    match growth {
        None => "bounded (too few steps to measure growth)".into(),
        Some(g) if g == f64::NEG_INFINITY => "bounded: the update vanished".into(),
        Some(g) if g > GROWTH_THRESHOLD => {
            format!("grows at {} per step (ln‖u‖∞)", format::short(g))
        }
        Some(g) if g < -GROWTH_THRESHOLD => {
            format!("decays at {} per step (ln‖u‖∞)", format::short(-g))
        }
        Some(g) => format!("bounded, ln‖u‖∞ changes by {} per step", format::short(g)),
    }
}

/// One line for a hover over a cell of `grid`: where it is, in the paper's and PyTorch's
/// names, and what it measured for `m`.
pub fn describe(grid: &Grid, m: Measure, cell: &Cell) -> String {
    let at = format!(
        "{}, {}",
        named(grid.x.key, cell.x),
        named(grid.y.key, cell.y)
    );
    let outcome = cell.outcome().name();
    let what = match (m, cell.diverged) {
        (_, Some(step)) => format!("diverged at step {step}"),
        (Measure::Growth, None) => growth_words(cell.growth),
        (Measure::Diverged, None) => {
            format!("never diverged; {}", growth_words(cell.growth))
        }
        (Measure::Loss, None) => match cell.final_loss {
            Some(f) => format!("{outcome}, final loss {}", format::short(f)),
            None => format!("{outcome}, no loss (impulse mode)"),
        },
        (Measure::Distance, None) => match cell.distance {
            Some(d) => format!("{outcome}, {} from the nearest minimum", format::short(d)),
            None => format!("{outcome}, no documented minimum"),
        },
    };
    format!("{at}: {what}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::phase::{to_px, SIZE};
    use crate::sweep::phase_grid;

    fn cell(grid: &Grid, index: usize) -> Cell {
        let (x, y) = grid.values(index);
        Cell {
            index,
            x,
            y,
            growth: Some(0.0),
            final_update: 1.0,
            final_loss: Some(1.0),
            diverged: None,
            distance: None,
        }
    }

    /// Every cell computed, each with its own loss, so each has its own colour.
    fn all_cells(grid: &Grid) -> Vec<Option<Cell>> {
        (0..grid.cells())
            .map(|i| {
                let mut c = cell(grid, i);
                c.final_loss = Some(10f64.powf(i as f64 / 16.0));
                Some(c)
            })
            .collect()
    }

    const RATIO: f64 = 2.0;
    const SIDE: u32 = (SIZE * RATIO) as u32;

    /// Every cell of a 16 × 16 phase grid computed, painted by loss on its own scale.
    fn loss_map_of_every_cell() -> (Vec<Option<Cell>>, Scale, Vec<u8>) {
        let grid = phase_grid(16);
        let cells = all_cells(&grid);
        let s = scale(
            Measure::Loss,
            &cells.iter().flatten().copied().collect::<Vec<_>>(),
        );
        let rgba = paint(SIDE, RATIO, &grid, &cells, Measure::Loss, &s);
        (cells, s, rgba)
    }

    /// The RGBA of the device pixel under the CSS point (x, y), moved inside the plot if the
    /// point is on its edge.
    fn pixel(rgba: &[u8], x: f64, y: f64) -> [u8; 4] {
        let inside = |v: f64, lo: f64, hi: f64| {
            ((v * RATIO).floor() as usize)
                .clamp((lo * RATIO).ceil() as usize, (hi * RATIO) as usize - 1)
        };
        let (i, j) = (inside(x, X0, X1), inside(y, Y0, Y1));
        let k = (j * SIDE as usize + i) * 4;
        rgba[k..k + 4].try_into().unwrap()
    }

    fn opaque([r, g, b]: [u8; 3]) -> [u8; 4] {
        [r, g, b, 255]
    }

    #[test]
    fn names_round_trip() {
        for m in Measure::ALL {
            assert_eq!(Measure::from_name(m.name()), Some(m));
            assert!(!m.title().is_empty());
        }
        assert_eq!(Measure::from_name("Growth"), None);
        assert_eq!(Measure::from_name(""), None);
    }

    #[test]
    fn paint_leaves_the_outside_of_the_plot_transparent() {
        let (_, _, rgba) = loss_map_of_every_cell();
        assert_eq!(rgba.len(), (SIDE * SIDE * 4) as usize);
        let n = SIDE as usize;
        for j in 0..n {
            for i in 0..n {
                let (x, y) = ((i as f64 + 0.5) / RATIO, (j as f64 + 0.5) / RATIO);
                let on = (X0..=X1).contains(&x) && (Y0..=Y1).contains(&y);
                let alpha = rgba[(j * n + i) * 4 + 3];
                assert_eq!(alpha, if on { 255 } else { 0 }, "({x}, {y})");
            }
        }
    }

    #[test]
    fn a_computed_cell_is_painted_where_the_diagram_puts_its_decays() {
        let (cells, s, rgba) = loss_map_of_every_cell();
        let mut colours = std::collections::HashSet::new();
        for c in cells.iter().flatten() {
            let (x, y) = to_px(c.x, c.y);
            let want = color(Measure::Loss, &s, c);
            assert_eq!(pixel(&rgba, x, y), opaque(want), "cell {}", c.index);
            colours.insert(want);
        }
        assert!(
            colours.len() > 100,
            "the cells should differ: {}",
            colours.len()
        );
    }

    #[test]
    fn a_coarse_cell_fills_its_block_until_finer_cells_arrive() {
        let grid = phase_grid(33);
        assert_eq!(grid.coarsest_stride(), 4);
        let all = all_cells(&grid);
        let s = scale(
            Measure::Loss,
            &all.iter().flatten().copied().collect::<Vec<_>>(),
        );
        let at = |i: usize, j: usize| j * 33 + i;
        let px = |rgba: &[u8], i: usize, j: usize| {
            let (x, y) = grid.values(at(i, j));
            let (x, y) = to_px(x, y);
            pixel(rgba, x, y)
        };
        let own = |i: usize, j: usize| opaque(color(Measure::Loss, &s, &all[at(i, j)].unwrap()));
        let mut cells = vec![None; grid.cells()];
        // The first pass only.
        for &i in grid
            .progressive_order()
            .iter()
            .filter(|&&i| grid.stride(i) == 4)
        {
            cells[i] = all[i];
        }
        let rgba = paint(SIDE, RATIO, &grid, &cells, Measure::Loss, &s);
        assert_eq!(px(&rgba, 3, 3), own(0, 0));
        assert_eq!(px(&rgba, 6, 1), own(4, 0));
        assert_eq!(px(&rgba, 32, 32), own(32, 32));
        // A finer cell covers its own block and leaves the rest to the coarse one.
        cells[at(2, 2)] = all[at(2, 2)];
        let rgba = paint(SIDE, RATIO, &grid, &cells, Measure::Loss, &s);
        assert_eq!(px(&rgba, 3, 3), own(2, 2));
        assert_eq!(px(&rgba, 1, 3), own(0, 0));
        cells[at(3, 3)] = all[at(3, 3)];
        let rgba = paint(SIDE, RATIO, &grid, &cells, Measure::Loss, &s);
        assert_eq!(px(&rgba, 3, 3), own(3, 3));
        assert_ne!(own(3, 3), own(2, 2));
    }

    #[test]
    fn a_pixel_nothing_covers_is_transparent() {
        let grid = phase_grid(33);
        let all = all_cells(&grid);
        let mut cells = vec![None; grid.cells()];
        cells[0] = all[0];
        let s = scale(Measure::Loss, &[all[0].unwrap()]);
        let rgba = paint(SIDE, RATIO, &grid, &cells, Measure::Loss, &s);
        let (x, y) = to_px(grid.x.value(5), grid.y.value(5));
        assert_eq!(pixel(&rgba, x, y)[3], 0);
        let (x, y) = to_px(grid.x.value(1), grid.y.value(2));
        assert_eq!(pixel(&rgba, x, y)[3], 255);
        let none = paint(
            SIDE,
            RATIO,
            &grid,
            &vec![None; grid.cells()],
            Measure::Loss,
            &s,
        );
        assert!(none.iter().all(|&b| b == 0));
        // A grid with no cells paints nothing and does not panic.
        let empty = paint(SIDE, RATIO, &phase_grid(0), &[], Measure::Loss, &s);
        assert!(empty.iter().all(|&b| b == 0));
    }

    #[test]
    fn cell_at_inverts_the_cell_positions() {
        let grid = phase_grid(16);
        for index in 0..grid.cells() {
            let (b, g) = grid.values(index);
            let (x, y) = to_px(b, g);
            assert_eq!(cell_at(&grid, x, y), Some(index), "({b}, {g})");
            // Anywhere nearer this cell than its neighbours, inside the plot.
            let (dx, dy) = ((X1 - X0) / 15.0 * 0.45, (Y1 - Y0) / 15.0 * 0.45);
            for (x, y) in [(x + dx, y - dy), (x - dx, y + dy)] {
                let (x, y) = (x.clamp(X0, X1), y.clamp(Y0, Y1));
                assert_eq!(
                    cell_at(&grid, x, y),
                    Some(index),
                    "({b}, {g}) at ({x}, {y})"
                );
            }
        }
        assert_eq!(cell_at(&grid, X0 - 1.0, 100.0), None);
        assert_eq!(cell_at(&grid, 100.0, Y1 + 1.0), None);
        assert_eq!(cell_at(&grid, X1 + 0.5, Y0 - 0.5), None);
        assert_eq!(cell_at(&phase_grid(0), 100.0, 100.0), None);
        assert_eq!(cell_at(&phase_grid(1), X1, Y0), Some(0));
    }

    #[test]
    fn a_diverged_cell_has_its_own_colour_and_growth_is_warm_or_cool() {
        let grid = phase_grid(4);
        let mut c = cell(&grid, 5);
        c.diverged = Some(412);
        c.growth = Some(0.3);
        c.final_loss = Some(1e30);
        c.distance = Some(7.0);
        for m in Measure::ALL {
            let s = scale(m, &[c]);
            let got = color(m, &s, &c);
            if m == Measure::Diverged {
                assert_ne!(got, DIVERGED_RGB);
                assert_ne!(got, NEVER_RGB);
            } else {
                assert_eq!(got, DIVERGED_RGB, "{m:?}");
            }
        }
        let (mut up, mut down) = (cell(&grid, 1), cell(&grid, 2));
        up.growth = Some(0.05);
        down.growth = Some(-0.05);
        let s = scale(Measure::Growth, &[up, down]);
        let [r, _, b] = color(Measure::Growth, &s, &up);
        assert!(r > b + 60, "growing is warm: {r} {b}");
        let [r, _, b] = color(Measure::Growth, &s, &down);
        assert!(b > r + 60, "decaying is cool: {r} {b}");
        // Inside the threshold the colour is near neutral; −∞ and None are the coolest.
        let mut flat = up;
        flat.growth = Some(GROWTH_THRESHOLD * 0.9);
        let [r, g, b] = color(Measure::Growth, &s, &flat);
        assert!(r.abs_diff(b) < 40 && r.abs_diff(g) < 40, "{r} {g} {b}");
        flat.growth = Some(f64::NEG_INFINITY);
        assert_eq!(color(Measure::Growth, &s, &flat), COOL[2]);
        flat.growth = None;
        assert_eq!(color(Measure::Growth, &s, &flat), COOL[2]);
        // Never diverged, and early divergence hotter than late.
        assert_eq!(color(Measure::Diverged, &s, &up), NEVER_RGB);
        let (mut early, mut late) = (up, up);
        early.diverged = Some(10);
        late.diverged = Some(1000);
        let s = scale(Measure::Diverged, &[early, late]);
        let lum = |[r, g, b]: [u8; 3]| r as u32 + g as u32 + b as u32;
        assert!(
            lum(color(Measure::Diverged, &s, &early)) > lum(color(Measure::Diverged, &s, &late))
        );
    }

    #[test]
    fn scales_are_finite_and_increasing_whatever_the_cells() {
        let grid = phase_grid(4);
        let same: Vec<Cell> = (0..3).map(|i| cell(&grid, i)).collect();
        let diverged: Vec<Cell> = same
            .iter()
            .map(|c| Cell {
                diverged: Some(7),
                ..*c
            })
            .collect();
        let mut odd = same.clone();
        odd[0].growth = Some(f64::NEG_INFINITY);
        odd[0].final_loss = Some(0.0);
        odd[1].growth = None;
        odd[1].final_loss = Some(-3.0);
        odd[2].growth = Some(f64::MAX);
        odd[2].final_loss = Some(f64::INFINITY);
        for m in Measure::ALL {
            for cells in [&[][..], &same, &diverged, &odd] {
                let s = scale(m, cells);
                assert!(
                    s.lo.is_finite() && s.hi.is_finite() && s.lo < s.hi,
                    "{m:?} {s:?}"
                );
                let linear_loss = m == Measure::Loss && std::ptr::eq(cells, &odd[..]);
                assert_eq!(s.log, m != Measure::Growth && !linear_loss, "{m:?}");
                for c in cells {
                    color(m, &s, c);
                }
                let bar = colour_bar(m, &s);
                assert!(!bar.ticks.is_empty(), "{m:?} {s:?}");
                assert!(!bar.extra.is_empty());
            }
        }
        let s = scale(Measure::Growth, &same);
        assert_eq!(
            (s.lo, s.hi),
            (-2.0 * GROWTH_THRESHOLD, 2.0 * GROWTH_THRESHOLD)
        );
        let s = scale(Measure::Diverged, &diverged);
        assert!(s.lo >= 0.0 && s.lo <= 7f64.log10() && 7f64.log10() <= s.hi);
    }

    /// On a landscape whose losses reach 0 or below (the corner: −2 to 2) the loss map is
    /// linear: lower losses are darker, and the bar is labelled with the negative values.
    #[test]
    fn a_loss_map_below_zero_is_linear() {
        let grid = phase_grid(4);
        let cells: Vec<Cell> = [-1.9, -1.2, 0.5, 1.8]
            .iter()
            .enumerate()
            .map(|(i, &f)| Cell {
                final_loss: Some(f),
                ..cell(&grid, i)
            })
            .collect();
        let s = scale(Measure::Loss, &cells);
        assert_eq!((s.lo, s.hi, s.log), (-1.9, 1.8, false));
        let lum = |[r, g, b]: [u8; 3]| r as u32 + g as u32 + b as u32;
        let shades: Vec<u32> = cells
            .iter()
            .map(|c| lum(color(Measure::Loss, &s, c)))
            .collect();
        assert!(shades.windows(2).all(|w| w[0] < w[1]), "{shades:?}");
        let bar = colour_bar(Measure::Loss, &s);
        assert!(
            bar.ticks
                .iter()
                .any(|(_, l)| l.starts_with('-') || l.starts_with('−')),
            "{:?}",
            bar.ticks
        );
        // All positive: decades, as before.
        let positive: Vec<Cell> = cells
            .iter()
            .map(|c| Cell {
                final_loss: c.final_loss.map(|f| f + 2.0),
                ..*c
            })
            .collect();
        assert!(scale(Measure::Loss, &positive).log);
    }

    #[test]
    fn colour_bar_ticks_are_on_the_bar_and_increasing() {
        let scales = [
            (
                Measure::Growth,
                Scale {
                    lo: -0.2,
                    hi: 0.2,
                    log: false,
                },
            ),
            (
                Measure::Growth,
                Scale {
                    lo: -0.01,
                    hi: 0.01,
                    log: false,
                },
            ),
            (
                Measure::Loss,
                Scale {
                    lo: -6.3,
                    hi: 1.2,
                    log: true,
                },
            ),
            (
                Measure::Loss,
                Scale {
                    lo: -0.3,
                    hi: -0.2,
                    log: true,
                },
            ),
            (
                Measure::Distance,
                Scale {
                    lo: 0.1,
                    hi: 0.11,
                    log: true,
                },
            ),
            (
                Measure::Diverged,
                Scale {
                    lo: 0.0,
                    hi: 3.0,
                    log: true,
                },
            ),
            (
                Measure::Diverged,
                Scale {
                    lo: 2.0,
                    hi: 2.01,
                    log: true,
                },
            ),
        ];
        for (m, s) in scales {
            let bar = colour_bar(m, &s);
            assert!(bar.ticks.len() >= 2, "{m:?} {s:?}: {:?}", bar.ticks);
            assert!(bar.ticks.iter().all(|(p, _)| (0.0..=1.0).contains(p)));
            assert!(
                bar.ticks.windows(2).all(|w| w[0].0 < w[1].0),
                "{:?}",
                bar.ticks
            );
            assert!(bar.stops.windows(2).all(|w| w[0].0 <= w[1].0));
            assert_eq!(bar.stops.first().unwrap().0, 0.0);
            assert_eq!(bar.stops.last().unwrap().0, 1.0);
            assert_eq!(bar.label, m.title());
        }
        // Log ticks label values, not their logarithms; steps are whole.
        let bar = colour_bar(
            Measure::Loss,
            &Scale {
                lo: -6.3,
                hi: 1.2,
                log: true,
            },
        );
        assert!(
            bar.ticks.iter().any(|(_, l)| l == "1e-4"),
            "{:?}",
            bar.ticks
        );
        let bar = colour_bar(
            Measure::Diverged,
            &Scale {
                lo: 0.0,
                hi: 3.0,
                log: true,
            },
        );
        assert!(
            bar.ticks.iter().any(|(_, l)| l == "1000"),
            "{:?}",
            bar.ticks
        );
        assert_eq!(bar.extra, vec![(NEVER_RGB, "never diverged")]);
        // The bar's colour at a growth matches the map's.
        let s = Scale {
            lo: -0.2,
            hi: 0.2,
            log: false,
        };
        let bar = colour_bar(Measure::Growth, &s);
        let mut c = cell(&phase_grid(2), 0);
        c.growth = Some(0.2);
        assert_eq!(bar.stops.last().unwrap().1, color(Measure::Growth, &s, &c));
        c.growth = Some(-0.2);
        assert_eq!(bar.stops[0].1, color(Measure::Growth, &s, &c));
    }

    #[test]
    fn describe_names_both_notations_and_the_measure() {
        let grid = phase_grid(5);
        let mut c = cell(&grid, 7);
        c.x = 0.99;
        c.y = 0.999;
        c.growth = Some(0.0123);
        c.final_loss = Some(3.2e-4);
        let grows = describe(&phase_grid(8), Measure::Growth, &c);
        assert_eq!(
            grows,
            "β = β2 = 0.99, γ = β1 = 0.999: grows at 0.0123 per step (ln‖u‖∞)"
        );
        assert_eq!(
            describe(&phase_grid(8), Measure::Loss, &c),
            "β = β2 = 0.99, γ = β1 = 0.999: grows, final loss 3.2e-4"
        );
        c.growth = Some(-0.001);
        assert!(describe(&phase_grid(8), Measure::Loss, &c).ends_with("bounded, final loss 3.2e-4"));
        assert!(describe(&phase_grid(8), Measure::Distance, &c).ends_with("no documented minimum"));
        assert!(describe(&phase_grid(8), Measure::Diverged, &c).contains("never diverged"));
        c.diverged = Some(412);
        for m in Measure::ALL {
            assert!(
                describe(&phase_grid(8), m, &c).ends_with(": diverged at step 412"),
                "{m:?}"
            );
        }
        c.x = 0.99968377;
        assert!(describe(&phase_grid(8), Measure::Growth, &c).starts_with("β = β2 = 0.9996838,"));
        assert_eq!(
            describe(&phase_grid(8), Measure::Growth, &c)
                .lines()
                .count(),
            1
        );
    }
}
