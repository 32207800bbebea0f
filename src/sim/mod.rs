//! Running an optimizer on a landscape: a step-by-step simulation and whole-run trajectories.

use crate::landscape::{Gradient, Landscape};
use crate::noise::{Noise, NoiseStream};
use crate::optim::{Hyper, Optimizer, State};
use crate::Vec2;
use serde::{Deserialize, Serialize};

mod flows;
mod runs;
pub use flows::Flows;
pub use runs::Runs;

/// A run diverges when a coordinate's magnitude passes this, or anything turns non-finite.
pub const DIVERGENCE_BOUND: f64 = 1e12;
/// Most steps one run may take.
pub const MAX_STEPS: usize = 10_000_000;

/// Everything that determines a trajectory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunConfig {
    pub optimizer: Optimizer,
    pub hyper: Hyper,
    pub landscape: Landscape,
    pub start: Vec2,
    pub steps: usize,
    #[serde(default)]
    pub noise: Noise,
    #[serde(default)]
    pub seed: u64,
}

impl RunConfig {
    /// The optimizer's defaults on the landscape's default start.
    pub fn new(optimizer: Optimizer, landscape: Landscape, steps: usize) -> Self {
        RunConfig {
            optimizer,
            hyper: optimizer.spec().defaults,
            start: landscape.info().start,
            landscape,
            steps,
            noise: Noise::None,
            seed: 0,
        }
    }

    pub fn validate(&self) -> Result<(), String> {
        self.optimizer.validate(&self.hyper)?;
        self.landscape.validate()?;
        self.noise.validate()?;
        self.noise.fits(&self.landscape)?;
        if !self
            .start
            .iter()
            .all(|c| c.is_finite() && c.abs() <= DIVERGENCE_BOUND)
        {
            return Err(format!(
                "start must be finite and within ±{DIVERGENCE_BOUND:e}"
            ));
        }
        if self.landscape.undefined_at(self.start) {
            return Err(format!(
                "start ({}, {}) is where the {} landscape is undefined",
                self.start[0],
                self.start[1],
                self.landscape.name()
            ));
        }
        if self.steps > MAX_STEPS {
            return Err(format!(
                "steps must be at most {MAX_STEPS}, got {}",
                self.steps
            ));
        }
        Ok(())
    }
}

/// One point of a trajectory. Row n holds θₙ, f(θₙ), the clean gradient ∇f(θₙ), and what the
/// step that reached θₙ did (zeros at n = 0).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Record {
    pub step: usize,
    pub theta: Vec2,
    pub loss: f64,
    pub grad: Vec2,
    pub update: Vec2,
    /// First and second moments after the step (level 1 for k-Adam).
    pub m: Vec2,
    pub v: Vec2,
    pub eff_lr: Vec2,
}

impl Record {
    /// ‖u‖∞ of the step that reached this point: where Adam's blow-up shows first.
    pub fn update_norm(&self) -> f64 {
        crate::inf_norm(self.update)
    }
}

/// Why a run stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Divergence {
    pub step: usize,
    pub reason: &'static str,
}

/// The reasons a run on a typed formula stops where the formula has no value: it did not
/// diverge, it reached a point outside f's domain (or where the arithmetic overflowed to NaN).
pub const UNDEFINED_VALUE: &str = "f is undefined there (NaN)";
pub const UNDEFINED_GRADIENT: &str = "the gradient of f is undefined there (NaN)";

impl Divergence {
    /// Whether the run stopped at a point where a typed formula is undefined.
    pub fn undefined(&self) -> bool {
        self.reason == UNDEFINED_VALUE || self.reason == UNDEFINED_GRADIENT
    }

    /// "diverged at step n", or "f undefined at step n" for a point outside a typed formula's
    /// domain: short, for the map and the legend.
    pub fn headline(&self) -> String {
        if self.undefined() {
            format!("f undefined at step {}", self.step)
        } else {
            format!("diverged at step {}", self.step)
        }
    }
}

/// A run that can be advanced one step at a time, with hyperparameters changeable in between.
#[derive(Clone, Debug)]
pub struct Simulation {
    pub optimizer: Optimizer,
    pub hyper: Hyper,
    pub landscape: Landscape,
    state: State,
    noise: NoiseStream,
    last: Option<Record>,
    pub diverged: Option<Divergence>,
}

impl Simulation {
    /// Starts at `cfg.start`; a start where f or ∇f is not finite diverges at step 0.
    pub fn new(cfg: &RunConfig) -> Self {
        let mut sim = Simulation {
            optimizer: cfg.optimizer,
            hyper: cfg.hyper.clone(),
            landscape: cfg.landscape.clone(),
            state: State::default(),
            noise: NoiseStream::new(cfg.noise, cfg.seed),
            last: None,
            diverged: None,
        };
        let zero = [0.0; 2];
        match sim.record(0, cfg.start, zero, zero) {
            Ok(r) => sim.last = Some(r),
            Err(d) => sim.diverged = Some(d),
        }
        sim
    }

    /// The latest point, None if the start itself was invalid.
    pub fn current(&self) -> Option<&Record> {
        self.last.as_ref()
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// Takes one step; after a divergence, does nothing and returns None.
    pub fn step(&mut self) -> Option<Record> {
        if self.diverged.is_some() {
            return None;
        }
        let prev = self.last?;
        match self.next(&prev) {
            Ok(r) => {
                self.last = Some(r);
                Some(r)
            }
            Err(d) => {
                self.diverged = Some(d);
                None
            }
        }
    }

    /// The point one step from `prev`, or why the run diverges there. [`run`] steps from the
    /// record it just stored rather than through `last`, sparing a copy of every record.
    #[inline(always)]
    fn next(&mut self, prev: &Record) -> Result<Record, Divergence> {
        let g = self.noise.gradient(&self.landscape, prev.theta, prev.grad);
        let out = self
            .optimizer
            .step_inlined(&self.hyper, &mut self.state, prev.theta, g);
        let theta = self.landscape.project(out.theta);
        self.record(prev.step + 1, theta, out.update, out.eff_lr)
    }

    #[inline(always)]
    fn record(
        &self,
        step: usize,
        theta: Vec2,
        update: Vec2,
        eff_lr: Vec2,
    ) -> Result<Record, Divergence> {
        let (loss, grad) = arrive(&self.landscape, step, theta)?;
        let finite = |v: Vec2| v.map(|c| if c.is_finite() { c } else { 0.0 });
        Ok(Record {
            step,
            theta,
            loss,
            grad,
            update: finite(update),
            m: finite(self.state.m),
            v: finite(self.state.v),
            eff_lr: finite(eff_lr),
        })
    }
}

/// f(θ) and ∇f(θ) at the point step `step` reached, or why the run diverges there: θ not
/// finite, then |θ| past [`DIVERGENCE_BOUND`], then (for a typed formula) f or ∇f NaN, then f
/// or ∇f not finite, checked in that order.
/// The one statement of the divergence rules, for [`Simulation`] and the sweep's cells.
#[inline(always)]
pub fn arrive(landscape: &Landscape, step: usize, theta: Vec2) -> Result<(f64, Vec2), Divergence> {
    let fail = |reason| Err(Divergence { step, reason });
    if !theta.iter().all(|c| c.is_finite()) {
        return fail("θ is not finite");
    }
    if theta.iter().any(|c| c.abs() > DIVERGENCE_BOUND) {
        return fail("|θ| exceeded 1e12");
    }
    let (loss, grad) = landscape.value_and_gradient(theta);
    if let Landscape::Formula(_) = landscape {
        if loss.is_nan() {
            return fail(UNDEFINED_VALUE);
        }
        if grad.iter().any(|c| c.is_nan()) {
            return fail(UNDEFINED_GRADIENT);
        }
    }
    if !loss.is_finite() || !grad.iter().all(|c| c.is_finite()) {
        return fail("the loss or its gradient is not finite");
    }
    Ok((loss, grad))
}

/// A finished run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trajectory {
    pub records: Vec<Record>,
    pub diverged: Option<Divergence>,
}

/// Runs `cfg.steps` steps (fewer if it diverges). The config is assumed validated.
pub fn run(cfg: &RunConfig) -> Trajectory {
    let mut sim = Simulation::new(cfg);
    let mut records = Vec::with_capacity(cfg.steps + 1);
    records.extend(sim.current().copied());
    while let Some(prev) = records.last().filter(|_| records.len() <= cfg.steps) {
        match sim.next(prev) {
            Ok(r) => records.push(r),
            Err(d) => {
                sim.diverged = Some(d);
                break;
            }
        }
    }
    Trajectory {
        records,
        diverged: sim.diverged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_invariant_origin_is_refused() {
        let mut cfg = RunConfig::new(Optimizer::Adam, Landscape::ScaleInvariant, 10);
        assert_eq!(cfg.validate(), Ok(()));
        for start in [[0.0, 0.0], [-0.0, 0.0], [0.0, -0.0]] {
            cfg.start = start;
            let err = cfg.validate().unwrap_err();
            assert!(
                err.contains("scale-invariant landscape is undefined"),
                "{err}"
            );
        }
        cfg.start = [1e-300, 0.0];
        assert_eq!(cfg.validate(), Ok(()));
        cfg.landscape = Landscape::Booth;
        cfg.start = [0.0, 0.0];
        assert_eq!(cfg.validate(), Ok(()));
    }
}
