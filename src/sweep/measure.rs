//! What one cell's run measures.

use super::tables::{self, Table, Tables};
use super::{lockstep, Mode, Sweep, IMPULSE_ON};
use crate::inf_norm;
use crate::noise::NoiseStream;
use crate::optim::level::adam_with;
use crate::optim::{Optimizer, State};
use crate::pack::{self, LANES};
use crate::sim::{arrive, RunConfig};
use crate::theory::impulse::impulse;
use crate::Vec2;
use std::rc::Rc;

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

/// The least-squares slope of ln‖uₙ‖∞ ([`pack::ln`]) against n over the second half of the steps taken,
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
    growth_with(norms, &mut Vec::new())
}

/// [`growth_rate`] with `points` as scratch space; the logarithms are [`pack::ln`]'s, so
/// every platform fits the same numbers.
fn growth_with(norms: &[f64], points: &mut Vec<(f64, f64)>) -> Option<f64> {
    let window = &norms[norms.len() / 2..];
    if *window.last()? == 0.0 {
        return Some(f64::NEG_INFINITY);
    }
    points.clear();
    points.extend(
        window
            .iter()
            .enumerate()
            .filter(|(_, u)| **u > 0.0 && u.is_finite())
            .map(|(i, u)| (i as f64, pack::ln(*u))),
    );
    crate::theory::fit_slope(points.iter().copied())
}

/// Buffers the runs fill, reused across cells.
struct Scratch {
    /// ‖u‖∞ of each step taken, per lane.
    norms: [Vec<f64>; LANES],
    points: Vec<(f64, f64)>,
    /// ‖u‖∞ of every lane, step by step, in lockstep.
    rows: Vec<[f64; LANES]>,
}

impl Scratch {
    fn new(steps: usize) -> Scratch {
        Scratch {
            norms: std::array::from_fn(|_| Vec::with_capacity(steps)),
            points: Vec::with_capacity(steps / 2 + 1),
            rows: Vec::with_capacity(steps),
        }
    }
}

/// The cells `cells` of a validated sweep, in that order; indices past the grid are skipped.
/// Nothing is kept between calls, so chunks may be computed anywhere, in any order.
pub fn evaluate(sweep: &Sweep, cells: &[usize]) -> Vec<Cell> {
    evaluate_with(sweep, cells, &mut Tables::default())
}

/// [`evaluate`] with the bias-correction tables of earlier chunks at hand (a worker keeps
/// them from chunk to chunk); the cells are the same whatever the tables hold.
pub fn evaluate_with(sweep: &Sweep, cells: &[usize], tables: &mut Tables) -> Vec<Cell> {
    let mut scratch = Scratch::new(sweep.base.steps);
    let cells: Vec<usize> = cells
        .iter()
        .copied()
        .filter(|&i| i < sweep.cells())
        .collect();
    match sweep.mode {
        Mode::Landscape => cells
            .chunks(LANES)
            .flat_map(|group| sweep.landscape_cells(group, &mut scratch, tables))
            .collect(),
        Mode::Impulse => cells
            .iter()
            .map(|&i| sweep.impulse_cell(i, &mut scratch))
            .collect(),
    }
}

/// One cell's run in landscape mode: the run [`Simulation`](crate::sim::Simulation) makes of
/// its config, step for step and with the same divergence rules ([`arrive`]), keeping only
/// ‖u‖∞ of each step and where it ended, no record per step.
struct Lane<'a> {
    cfg: RunConfig,
    state: State,
    noise: NoiseStream,
    /// θ, f(θ) and ∇f(θ) at the last point reached; None if the start itself was invalid.
    last: Option<(Vec2, f64, Vec2)>,
    diverged: Option<usize>,
    norms: &'a mut Vec<f64>,
    /// Adam and AdamW (whether decoupled) with bias correction take their corrections from
    /// the sweep's tables for (γ, β).
    shared: Option<(Rc<Table>, Rc<Table>, bool)>,
}

impl<'a> Lane<'a> {
    fn new(cfg: RunConfig, norms: &'a mut Vec<f64>, tables: &mut Tables) -> Lane<'a> {
        norms.clear();
        let decoupled = match cfg.optimizer {
            Optimizer::Adam => Some(false),
            Optimizer::AdamW => Some(true),
            _ => None,
        };
        let shared = decoupled.filter(|_| cfg.hyper.bias_correction).map(|d| {
            let [gamma, beta] = cfg.hyper.level(1);
            let steps = cfg.steps;
            (tables.get(gamma, steps), tables.get(beta, steps), d)
        });
        let (last, diverged) = match arrive(&cfg.landscape, 0, cfg.start) {
            Ok((loss, grad)) => (Some((cfg.start, loss, grad)), None),
            Err(d) => (None, Some(d.step)),
        };
        Lane {
            state: State::default(),
            noise: NoiseStream::new(cfg.noise, cfg.seed),
            cfg,
            last,
            diverged,
            norms,
            shared,
        }
    }

    fn running(&self) -> bool {
        self.diverged.is_none()
    }

    /// Takes step `n` (the previous one was n − 1); stops the lane if the run diverges there.
    #[inline]
    fn step(&mut self, n: usize) {
        let Some((theta, _, grad)) = self.last else {
            return;
        };
        let g = self.noise.gradient(&self.cfg.landscape, theta, grad);
        let h = &self.cfg.hyper;
        let out = match &self.shared {
            Some((gamma, beta, decoupled)) => {
                let c = tables::at(gamma, beta, n);
                adam_with(h, *decoupled, &mut self.state, theta, g, c)
            }
            None => self.cfg.optimizer.step(h, &mut self.state, theta, g),
        };
        let theta = self.cfg.landscape.project(out.theta);
        match arrive(&self.cfg.landscape, n, theta) {
            Ok((loss, grad)) => {
                self.last = Some((theta, loss, grad));
                // A record keeps a non-finite coordinate of u as 0.
                self.norms.push(inf_norm(out.update.map(|c| {
                    if c.is_finite() {
                        c
                    } else {
                        0.0
                    }
                })));
            }
            Err(d) => self.diverged = Some(d.step),
        }
    }
}

impl Sweep {
    /// One cell of a validated sweep.
    pub fn cell(&self, index: usize) -> Cell {
        evaluate(self, &[index]).pop().expect("a cell of the grid")
    }

    pub(super) fn blank(&self, index: usize) -> Cell {
        let (x, y) = self.grid.values(index);
        Cell {
            index,
            x,
            y,
            growth: None,
            final_update: 0.0,
            final_loss: None,
            diverged: None,
            distance: None,
        }
    }

    /// Fills the measures that come from the norms alone.
    fn measure(cell: &mut Cell, norms: &[f64], points: &mut Vec<(f64, f64)>) {
        cell.final_update = norms.last().copied().unwrap_or(0.0);
        cell.growth = growth_with(norms, points);
    }

    /// Up to [`LANES`] cells in landscape mode, run side by side: in lockstep where
    /// [`lockstep::applies`], else each lane its own rule's step.
    fn landscape_cells(
        &self,
        group: &[usize],
        scratch: &mut Scratch,
        tables: &mut Tables,
    ) -> Vec<Cell> {
        if lockstep::applies(self) {
            let ends = lockstep::run(self, group, tables, &mut scratch.norms, &mut scratch.rows);
            if let Some(ends) = ends {
                return group
                    .iter()
                    .enumerate()
                    .map(|(l, &index)| {
                        let (theta, loss) = ends.last[l];
                        self.finish(index, ends.diverged[l], Some((theta, loss)), l, scratch)
                    })
                    .collect();
            }
        }
        let mut lanes: Vec<Lane> = group
            .iter()
            .zip(scratch.norms.iter_mut())
            .map(|(&i, norms)| Lane::new(self.config(i), norms, tables))
            .collect();
        for n in 1..=self.base.steps {
            let mut any = false;
            for lane in lanes.iter_mut().filter(|l| l.running()) {
                lane.step(n);
                any = true;
            }
            if !any {
                break;
            }
        }
        let ends: Vec<_> = lanes
            .into_iter()
            .map(|lane| {
                (
                    lane.diverged,
                    lane.last.map(|(theta, loss, _)| (theta, loss)),
                )
            })
            .collect();
        group
            .iter()
            .zip(ends)
            .enumerate()
            .map(|(l, (&index, (diverged, last)))| self.finish(index, diverged, last, l, scratch))
            .collect()
    }

    /// The cell of a lane that ended at `last` (None: its start was not a valid point), with
    /// its norms in `scratch.norms[lane]`.
    fn finish(
        &self,
        index: usize,
        diverged: Option<usize>,
        last: Option<(Vec2, f64)>,
        lane: usize,
        scratch: &mut Scratch,
    ) -> Cell {
        let mut cell = self.blank(index);
        cell.diverged = diverged;
        if let Some((theta, loss)) = last {
            cell.final_loss = Some(loss);
            cell.distance = self
                .base
                .landscape
                .info()
                .minima
                .iter()
                .map(|m| (theta[0] - m[0]).hypot(theta[1] - m[1]))
                .min_by(f64::total_cmp);
        }
        Self::measure(&mut cell, &scratch.norms[lane], &mut scratch.points);
        cell
    }

    fn impulse_cell(&self, index: usize, scratch: &mut Scratch) -> Cell {
        let mut cell = self.blank(index);
        let norms = &mut scratch.norms[0];
        norms.clear();
        let h = self.hyper(index);
        let probe = impulse(self.base.optimizer, &h, IMPULSE_ON);
        for (n, u) in probe.take(self.base.steps).enumerate() {
            if !u.is_finite() {
                cell.diverged = Some(n + 1);
                break;
            }
            norms.push(u);
        }
        Self::measure(&mut cell, norms, &mut scratch.points);
        cell
    }
}
