//! Hyperparameter sweeps: one whole run per cell of a grid over two of η, γ (`beta1`) and
//! β (`beta2`), measured for the stability phase diagram (Gould & Tanaka's Fig. 2).
//!
//! A [`Sweep`] is plain data; [`evaluate`] computes any cells, in any order, with no state
//! kept between calls, so a caller can split the grid into chunks ([`Grid::progressive_order`]
//! paints a coarse map first), run them on workers and stop between two chunks. The same
//! settings give the same numbers on every platform and thread count.

mod lockstep;
mod measure;
mod order;
mod tables;

pub use measure::{
    evaluate, evaluate_with, from_rows, growth_rate, rows, Cell, Outcome, GROWTH_THRESHOLD, ROW,
};
pub use tables::Tables;

use crate::optim::spec::Key;
use crate::optim::{Hyper, Optimizer};
use crate::sim::RunConfig;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Most cells along one axis.
pub const MAX_RESOLUTION: usize = 512;
/// Most optimizer steps one sweep may take, all cells together.
pub const MAX_TOTAL_STEPS: u64 = 500_000_000;
/// Impulse mode: steps fed g = (1, 1) before the gradient is switched off.
pub const IMPULSE_ON: usize = 20;

/// One axis: a hyperparameter, its range (both ends included) and how many cells.
///
/// Values are spaced evenly in log10(η) for the learning rate and in log10(1 − v) for a decay,
/// so 0.9, 0.99 and 0.999 are equally far apart. With one cell the value is `lo`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Axis {
    /// `Key::Lr`, `Key::Beta1` or `Key::Beta2`; written by its name ("beta2").
    #[serde(with = "key_name")]
    pub key: Key,
    pub lo: f64,
    pub hi: f64,
    pub n: usize,
}

impl Axis {
    pub fn new(key: Key, lo: f64, hi: f64, n: usize) -> Axis {
        Axis { key, lo, hi, n }
    }

    /// Whether `key` can be an axis.
    pub fn sweepable(key: Key) -> bool {
        matches!(key, Key::Lr | Key::Beta1 | Key::Beta2)
    }

    fn scaled(&self, v: f64) -> f64 {
        match self.key {
            Key::Lr => v.log10(),
            _ => (1.0 - v).log10(),
        }
    }

    fn unscaled(&self, s: f64) -> f64 {
        match self.key {
            Key::Lr => 10f64.powf(s),
            _ => 1.0 - 10f64.powf(s),
        }
    }

    /// The value of cell `i` (0-based, from `lo`); the ends are exactly `lo` and `hi`.
    pub fn value(&self, i: usize) -> f64 {
        if i == 0 || self.n <= 1 {
            return self.lo;
        }
        if i + 1 >= self.n {
            return self.hi;
        }
        let (a, b) = (self.scaled(self.lo), self.scaled(self.hi));
        let t = i as f64 / (self.n - 1) as f64;
        self.unscaled(a + (b - a) * t)
    }

    /// Where `v` sits along the axis on its own scale: 0 at `lo`, 1 at `hi`.
    pub fn position(&self, v: f64) -> f64 {
        let (a, b) = (self.scaled(self.lo), self.scaled(self.hi));
        if a == b {
            0.0
        } else {
            (self.scaled(v) - a) / (b - a)
        }
    }

    /// The value at position `u` ([`Axis::position`]'s inverse).
    pub fn at(&self, u: f64) -> f64 {
        let (a, b) = (self.scaled(self.lo), self.scaled(self.hi));
        self.unscaled(a + (b - a) * u)
    }

    /// Every value, from `lo` to `hi`.
    pub fn values(&self) -> Vec<f64> {
        (0..self.n).map(|i| self.value(i)).collect()
    }

    fn validate(&self, field: Field) -> Result<(), SweepError> {
        let err = |message: String| Err(SweepError { field, message });
        let name = field.name();
        if !Axis::sweepable(self.key) {
            return err(format!(
                "{name}: {} cannot be swept (one of lr, beta1, beta2)",
                self.key
            ));
        }
        if !(1..=MAX_RESOLUTION).contains(&self.n) {
            return err(format!(
                "{name}: {} needs 1 to {MAX_RESOLUTION} cells, got {}",
                self.key, self.n
            ));
        }
        let p = self.key.param();
        for v in [self.lo, self.hi] {
            if let Err(e) = p.check(v) {
                return err(format!("{name}: {e}"));
            }
        }
        if self.key == Key::Lr && self.lo <= 0.0 {
            return err(format!(
                "{name}: lr is on a log scale and must be above 0, got {}",
                self.lo
            ));
        }
        if self.lo > self.hi {
            return err(format!(
                "{name}: {} range must go up, got {} to {}",
                self.key, self.lo, self.hi
            ));
        }
        // Rounding could in principle land an inner value on 1; check them all, it is cheap.
        for v in self.values() {
            if let Err(e) = p.check(v) {
                return err(format!("{name}: {e}"));
            }
        }
        Ok(())
    }
}

/// Two axes; cell `index` is at column `index % x.n`, row `index / x.n`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grid {
    pub x: Axis,
    pub y: Axis,
}

impl Grid {
    pub fn cells(&self) -> usize {
        self.x.n * self.y.n
    }

    /// (column, row) of a cell.
    pub fn position(&self, index: usize) -> (usize, usize) {
        (index % self.x.n, index / self.x.n)
    }

    /// (x value, y value) of a cell.
    pub fn values(&self, index: usize) -> (f64, f64) {
        let (i, j) = self.position(index);
        (self.x.value(i), self.y.value(j))
    }

    pub fn validate(&self) -> Result<(), SweepError> {
        self.x.validate(Field::X)?;
        self.y.validate(Field::Y)?;
        if self.x.key == self.y.key {
            return Err(SweepError {
                field: Field::Y,
                message: format!("y: {} is already the x axis", self.y.key),
            });
        }
        Ok(())
    }
}

/// What each cell's optimizer is fed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The base configuration's landscape, start and noise.
    #[default]
    Landscape,
    /// g = (1, 1) for [`IMPULSE_ON`] steps, then 0, at θ = 0: the recurrences alone.
    Impulse,
}

/// A whole sweep: the base run, the grid, which k-Adam level the decay axes set, the mode.
/// Its JSON ([`Sweep::to_json`]) is what a page hands to its workers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    /// Everything a cell does not change: optimizer, other hyperparameters, landscape, start,
    /// noise and seed, steps.
    pub base: RunConfig,
    pub grid: Grid,
    /// The k-Adam level (1..=k) whose (beta1, beta2) the decay axes set; 1 for other rules.
    /// Levels below it that the base does not list copy level 1, as [`Hyper::level`] reads them.
    #[serde(default = "first_level")]
    pub level: usize,
    #[serde(default)]
    pub mode: Mode,
}

fn first_level() -> usize {
    1
}

/// A key by its name, as the command line and messages spell it: the enum itself has no
/// serde form, and a name reads better in a saved sweep than a variant.
mod key_name {
    use crate::optim::spec::Key;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(key: &Key, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(key.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        let name = String::deserialize(d)?;
        Key::from_name(&name).ok_or_else(|| {
            let names: Vec<&str> = Key::ALL.iter().map(|k| k.name()).collect();
            D::Error::custom(format!(
                "unknown hyperparameter '{}' (one of {})",
                // Escaped with the rest of the message by `Sweep::from_json`.
                name.chars()
                    .take(crate::text::QUOTE_MAX_CHARS)
                    .collect::<String>(),
                names.join(", ")
            ))
        })
    }
}

/// The (β, γ) grid of the phase diagram: β = `beta2` along x, γ = `beta1` up y, each from 0
/// to [`TOP`](crate::render::phase::TOP) with `n` cells. Decay axes are even in
/// log10(1 − v), as the diagram is, so cell i sits at exactly i/(n − 1) of each axis.
pub fn phase_grid(n: usize) -> Grid {
    let top = crate::render::phase::TOP;
    Grid {
        x: Axis::new(Key::Beta2, 0.0, top, n),
        y: Axis::new(Key::Beta1, 0.0, top, n),
    }
}

/// The learning rates a map with an η axis spans: the defaults of every rule and the lessons'
/// η fall inside.
pub const ETA_RANGE: [f64; 2] = [1e-4, 1.0];

/// A grid of one decay (`beta2` or `beta1`, from 0 to the diagram's top) along x against η
/// (log, [`ETA_RANGE`]) up y, `n` cells each.
pub fn eta_grid(n: usize, decay: Key) -> Grid {
    let top = crate::render::phase::TOP;
    Grid {
        x: Axis::new(decay, 0.0, top, n),
        y: Axis::new(Key::Lr, ETA_RANGE[0], ETA_RANGE[1], n),
    }
}

/// Which part of a sweep is wrong, so a page can mark its control.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    X,
    Y,
    Level,
    Steps,
    /// The base run's own settings.
    Base,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::X => "x",
            Field::Y => "y",
            Field::Level => "level",
            Field::Steps => "steps",
            Field::Base => "run",
        }
    }
}

/// Why a sweep was refused: one line that names the field and its range.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepError {
    pub field: Field,
    pub message: String,
}

impl fmt::Display for SweepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SweepError {}

impl From<SweepError> for String {
    fn from(e: SweepError) -> String {
        e.message
    }
}

impl Sweep {
    pub fn new(base: RunConfig, grid: Grid) -> Sweep {
        Sweep {
            base,
            grid,
            level: 1,
            mode: Mode::Landscape,
        }
    }

    pub fn cells(&self) -> usize {
        self.grid.cells()
    }

    /// Optimizer steps the whole sweep takes at most.
    pub fn total_steps(&self) -> u64 {
        self.cells() as u64 * self.base.steps as u64
    }

    pub fn validate(&self) -> Result<(), SweepError> {
        self.base.validate().map_err(|message| SweepError {
            field: Field::Base,
            message,
        })?;
        self.grid.validate()?;
        let o = self.base.optimizer;
        let reads = |key: Key| o.spec().params.iter().any(|p| p.key == key);
        for (axis, field) in [(self.grid.x, Field::X), (self.grid.y, Field::Y)] {
            if !reads(axis.key) {
                return Err(SweepError {
                    field,
                    message: format!(
                        "{}: optimizer {} has no {}",
                        field.name(),
                        o.name(),
                        axis.key
                    ),
                });
            }
        }
        let k = if o == Optimizer::KAdam {
            self.base.hyper.k
        } else {
            1
        };
        if !(1..=k).contains(&self.level) {
            let message = if o == Optimizer::KAdam {
                format!("level must be in [1, {k}] (k = {k}), got {}", self.level)
            } else {
                format!("level applies to kadam only; {} has level 1", o.name())
            };
            return Err(SweepError {
                field: Field::Level,
                message,
            });
        }
        if self.total_steps() > MAX_TOTAL_STEPS {
            return Err(SweepError {
                field: Field::Steps,
                message: format!(
                    "steps: a sweep takes at most {MAX_TOTAL_STEPS:e} steps in all, got {} cells × {} steps = {:e}",
                    self.cells(),
                    self.base.steps,
                    self.total_steps() as f64
                ),
            });
        }
        Ok(())
    }

    /// The base hyperparameters with cell `index`'s axis values set.
    pub fn hyper(&self, index: usize) -> Hyper {
        let mut h = self.base.hyper.clone();
        let (x, y) = self.grid.values(index);
        for (key, v) in [(self.grid.x.key, x), (self.grid.y.key, y)] {
            self.set(&mut h, key, v);
        }
        h
    }

    fn set(&self, h: &mut Hyper, key: Key, v: f64) {
        let slot = match key {
            Key::Beta1 => 0,
            Key::Beta2 => 1,
            _ => return key.param().set(h, v),
        };
        let mut decays = h.level(self.level);
        decays[slot] = v;
        h.set_level(self.level, decays);
    }

    /// The sweep as JSON, for a worker or a saved map.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A sweep from JSON, checked by [`Sweep::validate`]: a sweep that cannot be read, or is
    /// out of range, is refused with one line, never a panic, whatever the text.
    pub fn from_json(text: &str) -> Result<Sweep, String> {
        let sweep: Sweep = serde_json::from_str(text).map_err(|e| {
            format!(
                "sweep: could not be read ({})",
                crate::text::one_line(&e.to_string(), 160)
            )
        })?;
        sweep.validate()?;
        Ok(sweep)
    }

    /// The run of cell `index` on its own (in impulse mode its landscape, start and noise are
    /// not used).
    pub fn config(&self, index: usize) -> RunConfig {
        RunConfig {
            hyper: self.hyper(index),
            ..self.base.clone()
        }
    }
}

#[cfg(test)]
mod tests;
