//! What one cell's run measures.

use super::{Mode, Sweep, IMPULSE_ON};
use crate::sim::Simulation;
use crate::theory::impulse::impulse;

/// A growth rate of ln‖u‖∞ above this (per step: a factor e over 200 steps) counts as growth.
/// Bounded runs on a landscape drift by a few 1e-3 per step (2-Adam on the plateau inside
/// its region: up to 0.0043); near the boundary the true rate is arbitrarily small, so cells
/// there may fall either way.
pub const GROWTH_THRESHOLD: f64 = 5e-3;

/// How a cell's update behaved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The growth rate is above [`GROWTH_THRESHOLD`].
    Grows,
    /// Neither growing nor diverged (also when the growth could not be measured).
    Bounded,
    /// The run stopped early, see [`crate::sim::Simulation`]'s divergence.
    Diverged,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Grows => "grows",
            Outcome::Bounded => "bounded",
            Outcome::Diverged => "diverged",
        }
    }
}

/// The measures of one cell. A diverged cell reports them over the steps it took.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cell {
    pub index: usize,
    /// The x and y axis values.
    pub x: f64,
    pub y: f64,
    /// Growth rate of ln‖uₙ‖∞ per step: see [`growth_rate`].
    pub growth: Option<f64>,
    /// ‖u‖∞ of the last step taken (0 if none was).
    pub final_update: f64,
    /// f at the last point reached; None in impulse mode.
    pub final_loss: Option<f64>,
    /// The step at which the run diverged; None if it ran to the end.
    pub diverged: Option<usize>,
    /// Distance from the last point reached to the nearest documented minimum; None in
    /// impulse mode or when the landscape documents none.
    pub distance: Option<f64>,
}

impl Cell {
    pub fn outcome(&self) -> Outcome {
        if self.diverged.is_some() {
            Outcome::Diverged
        } else if self.growth.is_some_and(|g| g > GROWTH_THRESHOLD) {
            Outcome::Grows
        } else {
            Outcome::Bounded
        }
    }
}

/// Numbers in one cell's row: see [`Cell::to_row`].
pub const ROW: usize = 8;

/// A missing measure in a row: NaN, which no measured value is (a vanished update's growth
/// is −∞, not NaN).
fn some(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

/// A row's whole number (cell index, step), or None if it is not one.
fn whole(v: f64) -> Option<usize> {
    (v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= usize::MAX as f64).then_some(v as usize)
}

impl Cell {
    /// The cell as plain numbers, so a worker can hand back a chunk as one `Float64Array`:
    /// index, x, y, growth, final_update, final_loss, diverged, distance; None is NaN.
    pub fn to_row(&self) -> [f64; ROW] {
        let nan = f64::NAN;
        [
            self.index as f64,
            self.x,
            self.y,
            self.growth.unwrap_or(nan),
            self.final_update,
            self.final_loss.unwrap_or(nan),
            self.diverged.map_or(nan, |d| d as f64),
            self.distance.unwrap_or(nan),
        ]
    }

    /// The cell of a row from [`Cell::to_row`]; None if the row has the wrong length or its
    /// index or divergence step is not a whole number (the row did not come from a cell).
    pub fn from_row(row: &[f64]) -> Option<Cell> {
        let row: &[f64; ROW] = row.try_into().ok()?;
        let diverged = match row[6] {
            d if d.is_nan() => None,
            d => Some(whole(d)?),
        };
        Some(Cell {
            index: whole(row[0])?,
            x: row[1],
            y: row[2],
            growth: some(row[3]),
            final_update: row[4],
            final_loss: some(row[5]),
            diverged,
            distance: some(row[7]),
        })
    }
}

/// The rows of `cells`, one after another.
pub fn rows(cells: &[Cell]) -> Vec<f64> {
    cells.iter().flat_map(|c| c.to_row()).collect()
}

/// The cells of [`rows`]' output; refused with one line if its length is not a whole number
/// of rows or a row is not a cell's.
pub fn from_rows(rows: &[f64]) -> Result<Vec<Cell>, String> {
    if !rows.len().is_multiple_of(ROW) {
        return Err(format!(
            "sweep: {} numbers are not whole rows of {ROW}",
            rows.len()
        ));
    }
    rows.chunks_exact(ROW)
        .enumerate()
        .map(|(i, row)| {
            Cell::from_row(row)
                .ok_or_else(|| format!("sweep: row {i} is not a cell's (index {})", row[0]))
        })
        .collect()
}

/// The least-squares slope of ln‖uₙ‖∞ against n over the second half of the steps taken,
/// n in (M/2, M] where M = `norms.len()` and `norms[i]` is ‖u‖∞ of step i + 1.
///
/// Why this window: the gradients have collapsed by then in every run that grows (on the
/// plateau, x runs off and ∇f falls like e^{−2x}), so the slope is the recurrence's own
/// ln(γ/√β); a fixed window also keeps the bounded cells at about 0 or below, where the
/// steepest stretch of a run (`theory::steepest_growth`) finds the small rises every bounded
/// run has and reads them as growth. Counting from the steps actually taken gives a diverged
/// cell the second half of its own run, where it grows fastest.
///
/// −∞ when the last update is exactly 0 (it vanished); points equal to 0 before it are left
/// out; None with fewer than two points.
pub fn growth_rate(norms: &[f64]) -> Option<f64> {
    let window = &norms[norms.len() / 2..];
    if *window.last()? == 0.0 {
        return Some(f64::NEG_INFINITY);
    }
    let points = window
        .iter()
        .enumerate()
        .filter(|(_, u)| **u > 0.0 && u.is_finite())
        .map(|(i, u)| (i as f64, u.ln()));
    crate::theory::fit_slope(points)
}

/// The cells `cells` of a validated sweep, in that order; indices past the grid are skipped.
/// Nothing is kept between calls, so chunks may be computed anywhere, in any order.
pub fn evaluate(sweep: &Sweep, cells: &[usize]) -> Vec<Cell> {
    let mut norms = Vec::with_capacity(sweep.base.steps);
    cells
        .iter()
        .filter(|&&i| i < sweep.cells())
        .map(|&i| sweep.cell_with(i, &mut norms))
        .collect()
}

impl Sweep {
    /// One cell of a validated sweep.
    pub fn cell(&self, index: usize) -> Cell {
        self.cell_with(index, &mut Vec::new())
    }

    /// `norms` is scratch space, reused across cells.
    fn cell_with(&self, index: usize, norms: &mut Vec<f64>) -> Cell {
        norms.clear();
        let (x, y) = self.grid.values(index);
        let mut cell = Cell {
            index,
            x,
            y,
            growth: None,
            final_update: 0.0,
            final_loss: None,
            diverged: None,
            distance: None,
        };
        match self.mode {
            Mode::Landscape => {
                let cfg = self.config(index);
                let mut sim = Simulation::new(&cfg);
                for _ in 0..cfg.steps {
                    match sim.step() {
                        Some(r) => norms.push(r.update_norm()),
                        None => break,
                    }
                }
                cell.diverged = sim.diverged.map(|d| d.step);
                if let Some(r) = sim.current() {
                    cell.final_loss = Some(r.loss);
                    cell.distance = cfg
                        .landscape
                        .info()
                        .minima
                        .iter()
                        .map(|m| (r.theta[0] - m[0]).hypot(r.theta[1] - m[1]))
                        .min_by(f64::total_cmp);
                }
            }
            Mode::Impulse => {
                let h = self.hyper(index);
                let probe = impulse(self.base.optimizer, &h, IMPULSE_ON);
                for (n, u) in probe.take(self.base.steps).enumerate() {
                    if !u.is_finite() {
                        cell.diverged = Some(n + 1);
                        break;
                    }
                    norms.push(u);
                }
            }
        }
        cell.final_update = norms.last().copied().unwrap_or(0.0);
        cell.growth = growth_rate(norms);
        cell
    }
}
