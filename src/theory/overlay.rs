//! The papers' flows drawn beside a run on the map: which apply to the run, the flow itself
//! sampled at the run's steps, and how far it stays from the discrete path, in units of η.
//!
//! Names: Gould & Tanaka's γ is the momentum decay (PyTorch β1) and β the second-moment decay
//! (β2); Cattaneo et al.'s β is PyTorch β1 and ρ is β2 (math.md §1.5).

use super::flows::continuous_adam::{continuous_adam, GtAdam, ThetaOrder};
use super::flows::gradient_flow::gradient_flow;
use super::flows::modified::{adam_flow, FlowOrder, Integrator, PaperAdam};
use super::flows::ode::{OdeError, Tolerance};
use super::flows::{distances, max_distance};
use crate::optim::Optimizer;
use crate::sim::RunConfig;
use crate::Vec2;
use serde::{Deserialize, Serialize};

/// Which flows a run shows; all off by default, so a link without them loads as before.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Overlays {
    /// θ̇ = −∇f.
    pub gradient: bool,
    /// Gould & Tanaka's continuous-time Adam/AdamW with its ½θ̈ term.
    pub continuous: bool,
    /// The same model with the ½θ̈ term dropped.
    pub continuous_first: bool,
    /// Cattaneo et al.'s first-order modified flow.
    pub modified: bool,
    /// Cattaneo et al.'s leading-order (plain) flow.
    pub leading: bool,
}

impl Overlays {
    /// No flow shown: what a link leaves out.
    pub fn is_off(&self) -> bool {
        *self == Overlays::default()
    }
}

/// One of the flows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FlowKind {
    Gradient,
    Continuous,
    ContinuousFirst,
    Modified,
    Leading,
}

impl FlowKind {
    pub const ALL: [FlowKind; 5] = [
        FlowKind::Gradient,
        FlowKind::Continuous,
        FlowKind::ContinuousFirst,
        FlowKind::Modified,
        FlowKind::Leading,
    ];

    /// Stable id for the page's elements.
    pub fn id(self) -> &'static str {
        match self {
            FlowKind::Gradient => "gradient",
            FlowKind::Continuous => "continuous",
            FlowKind::ContinuousFirst => "continuous-first",
            FlowKind::Modified => "modified",
            FlowKind::Leading => "leading",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            FlowKind::Gradient => "Gradient flow θ̇ = −∇f (h → 0 limit of plain gradient descent)",
            FlowKind::Continuous => {
                "Gould & Tanaka: continuous-time Adam/AdamW, θ̇ + ½θ̈ = −η(u + λθ)"
            }
            FlowKind::ContinuousFirst => {
                "Gould & Tanaka's model without the ½θ̈ term: θ̇ = −η(u + λθ)"
            }
            FlowKind::Modified => "Cattaneo et al.: modified flow, first order in h",
            FlowKind::Leading => "Cattaneo et al.: plain first-order flow θ̇ = −∇E/R",
        }
    }

    /// Provenance as math.md tags it.
    pub fn tag(self) -> &'static str {
        match self {
            FlowKind::Gradient => "",
            FlowKind::Continuous | FlowKind::ContinuousFirst => "RECONSTRUCTED",
            FlowKind::Modified | FlowKind::Leading => "DERIVED",
        }
    }

    /// Dash pattern on the map, in canvas pixels: every flow has the run's colour, so the
    /// pattern tells them apart.
    pub fn dash(self) -> &'static [f64] {
        match self {
            FlowKind::Gradient => &[2.0, 5.0],
            FlowKind::Continuous => &[10.0, 6.0],
            FlowKind::ContinuousFirst => &[3.0, 3.0],
            FlowKind::Modified => &[14.0, 4.0, 3.0, 4.0],
            FlowKind::Leading => &[6.0, 8.0],
        }
    }

    /// How the dash looks in text, for the page's key.
    pub fn key(self) -> &'static str {
        match self {
            FlowKind::Gradient => "· · ·",
            FlowKind::Continuous => "— —",
            FlowKind::ContinuousFirst => "- - -",
            FlowKind::Modified => "—·—",
            FlowKind::Leading => "–  –",
        }
    }

    pub fn is_on(self, o: &Overlays) -> bool {
        match self {
            FlowKind::Gradient => o.gradient,
            FlowKind::Continuous => o.continuous,
            FlowKind::ContinuousFirst => o.continuous_first,
            FlowKind::Modified => o.modified,
            FlowKind::Leading => o.leading,
        }
    }

    pub fn set(self, o: &mut Overlays, on: bool) {
        let slot = match self {
            FlowKind::Gradient => &mut o.gradient,
            FlowKind::Continuous => &mut o.continuous,
            FlowKind::ContinuousFirst => &mut o.continuous_first,
            FlowKind::Modified => &mut o.modified,
            FlowKind::Leading => &mut o.leading,
        };
        *slot = on;
    }
}

/// A flow sampled at the run's steps and its distance to the run.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowPath {
    /// Sample n beside the run's θₙ.
    pub points: Vec<Vec2>,
    /// Largest distance to the run over the samples, in units of η.
    pub max_eta: f64,
    /// Distance at the last sample, in units of η.
    pub final_eta: f64,
}

/// The flow, or why it is not drawn, in one line.
pub type FlowResult = Result<FlowPath, String>;

/// RK4 sub-steps per optimizer step (math.md §7: 10–40).
const SUBSTEPS: usize = 20;

/// Gradient flow's error control: loose enough that a stiff valley costs a bounded effort.
const GRADIENT_TOLERANCE: Tolerance = Tolerance {
    rtol: 1e-8,
    atol: 1e-10,
    max_steps: 400_000,
};

/// Why Gould & Tanaka's model does not cover this run, if it does not.
fn continuous_model(cfg: &RunConfig) -> Result<GtAdam, String> {
    match cfg.optimizer {
        Optimizer::Adam if cfg.hyper.weight_decay != 0.0 => Err(
            "not drawn: Adam's weight decay is coupled (L2, inside g); the model takes decoupled decay: use AdamW".into(),
        ),
        Optimizer::Adam | Optimizer::AdamW => GtAdam::from_hyper(cfg.optimizer, &cfg.hyper)
            .map_err(|e| format!("not drawn: {e}")),
        o => Err(format!(
            "not drawn: Gould & Tanaka's model is for Adam and AdamW, not {}",
            o.rule().title
        )),
    }
}

/// Why Cattaneo et al.'s flows do not cover this run, if they do not.
fn paper_adam(cfg: &RunConfig) -> Result<PaperAdam, String> {
    let h = &cfg.hyper;
    match cfg.optimizer {
        Optimizer::Adam | Optimizer::AdamW => {}
        o => {
            return Err(format!(
                "not drawn: Cattaneo et al.'s flows are derived for Adam, not {}",
                o.rule().title
            ))
        }
    }
    if !h.bias_correction {
        return Err(
            "not drawn: the flow is derived for bias-corrected Adam (bias correction is off)"
                .into(),
        );
    }
    if h.weight_decay != 0.0 {
        return Err(format!(
            "not drawn: the flow is derived without weight decay (λ = {})",
            h.weight_decay
        ));
    }
    PaperAdam::from_hyper(h).map_err(|e| format!("not drawn: {e}"))
}

/// One line on why an integration stopped, at which step.
fn stopped(e: OdeError, lr: f64, per_step: bool) -> String {
    let t = match e {
        OdeError::NonFinite { t } | OdeError::StepTooSmall { t } | OdeError::TooManySteps { t } => {
            t
        }
        OdeError::BadSetting(_) => 0.0,
    };
    let step = if per_step { t } else { t / lr };
    format!(
        "not drawn: the integration stopped near step {} ({e})",
        step.floor().max(0.0)
    )
}

/// The flow of `kind` from the run's start, sampled at its steps, against `path` (the run's
/// θ₀, θ₁, … as far as it got). Err says in one line why it is not drawn.
pub fn compute(kind: FlowKind, cfg: &RunConfig, path: &[Vec2]) -> FlowResult {
    let steps = path.len().saturating_sub(1);
    let (lr, land, start) = (cfg.hyper.lr, &cfg.landscape, cfg.start);
    let points = match kind {
        FlowKind::Gradient => {
            let s = gradient_flow(land, start, lr, steps, GRADIENT_TOLERANCE)?;
            match s.stopped {
                Some(e) => return Err(stopped(e, lr, false)),
                None => s.points,
            }
        }
        FlowKind::Continuous | FlowKind::ContinuousFirst => {
            let p = continuous_model(cfg)?;
            let order = if kind == FlowKind::Continuous {
                ThetaOrder::Second
            } else {
                ThetaOrder::First
            };
            let run = continuous_adam(land, &p, order, start, steps, SUBSTEPS)?;
            match run.stopped {
                Some(e) => return Err(stopped(e, lr, true)),
                None => run.thetas(),
            }
        }
        FlowKind::Modified | FlowKind::Leading => {
            let adam = paper_adam(cfg)?;
            let order = if kind == FlowKind::Modified {
                FlowOrder::Modified
            } else {
                FlowOrder::Leading
            };
            let integrator = Integrator::Rk4 { substeps: SUBSTEPS };
            let s = adam_flow(land, &adam, order, start, steps, integrator)?;
            match s.stopped {
                Some(e) => return Err(stopped(e, lr, false)),
                None => s.points,
            }
        }
    };
    Ok(measured(points, path, lr))
}

/// The flow with its distances to the path in units of η.
fn measured(points: Vec<Vec2>, path: &[Vec2], lr: f64) -> FlowPath {
    let last = distances(&points, path).last().copied().unwrap_or(0.0);
    FlowPath {
        max_eta: max_distance(&points, path) / lr,
        final_eta: last / lr,
        points,
    }
}

/// What the page says under a flow: how far it stays from the run, or why it is not drawn.
pub fn readout(r: &FlowResult) -> String {
    match r {
        Ok(f) => format!(
            "max {}η, final {}η from the run's θₙ at the same step",
            crate::format::short(f.max_eta),
            crate::format::short(f.final_eta)
        ),
        Err(e) => e.clone(),
    }
}

/// The run's settings in both papers' names, for Adam and AdamW.
pub fn notation(o: Optimizer, h: &crate::optim::Hyper) -> Option<String> {
    if !matches!(o, Optimizer::Adam | Optimizer::AdamW) {
        return None;
    }
    let place = if h.eps_inside { "inside" } else { "outside" };
    let [lr, b1, b2, eps] = [h.lr, h.beta1, h.beta2, h.eps].map(crate::format::typed);
    Some(format!(
        "η = h = {lr}; Gould & Tanaka: γ = β1 = {b1}, β = β2 = {b2}; Cattaneo et al.: β = β1 = {b1}, ρ = β2 = {b2}; ε = {eps} {place} the root"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::Landscape;
    use crate::sim::run;

    fn cfg(o: Optimizer, edit: impl FnOnce(&mut RunConfig)) -> RunConfig {
        let mut c = RunConfig::new(
            o,
            Landscape::Quadratic {
                condition: 10.0,
                angle: 30.0,
            },
            200,
        );
        c.hyper.lr = 0.01;
        edit(&mut c);
        c
    }

    fn path(c: &RunConfig) -> Vec<Vec2> {
        run(c).records.iter().map(|r| r.theta).collect()
    }

    #[test]
    fn flags_round_trip_and_default_off() {
        let mut o = Overlays::default();
        assert!(o.is_off());
        for k in FlowKind::ALL {
            k.set(&mut o, true);
            assert!(k.is_on(&o));
        }
        assert!(!o.is_off());
        let json = serde_json::to_string(&o).unwrap();
        assert_eq!(serde_json::from_str::<Overlays>(&json).unwrap(), o);
        assert_eq!(
            serde_json::from_str::<Overlays>("{\"modified\":true}").unwrap(),
            Overlays {
                modified: true,
                ..Overlays::default()
            }
        );
    }

    #[test]
    fn each_flow_says_why_it_does_not_apply() {
        let why = |k, c: &RunConfig| compute(k, c, &path(c)).unwrap_err();
        let sgd = cfg(Optimizer::Sgd, |_| {});
        assert!(why(FlowKind::Continuous, &sgd).contains("for Adam and AdamW"));
        assert!(why(FlowKind::Modified, &sgd).contains("derived for Adam"));
        let coupled = cfg(Optimizer::Adam, |c| c.hyper.weight_decay = 0.1);
        assert!(why(FlowKind::Continuous, &coupled).contains("coupled"));
        assert!(why(FlowKind::Leading, &coupled).contains("without weight decay"));
        let off = cfg(Optimizer::Adam, |c| c.hyper.bias_correction = false);
        assert!(why(FlowKind::Modified, &off).contains("bias correction is off"));
        // Gould & Tanaka's model has its own switch for bias correction: it applies.
        assert!(compute(FlowKind::Continuous, &off, &path(&off)).is_ok());
        for k in FlowKind::ALL {
            for c in [&sgd, &coupled, &off] {
                if let Err(e) = compute(k, c, &path(c)) {
                    assert!(!e.contains('\n') && e.len() < 160, "{e}");
                }
            }
        }
    }

    #[test]
    fn gradient_descent_stays_within_a_few_eta_of_its_flow() {
        let c = cfg(Optimizer::Sgd, |_| {});
        let p = path(&c);
        let f = compute(FlowKind::Gradient, &c, &p).unwrap();
        assert_eq!(f.points.len(), p.len());
        assert!(f.max_eta > 0.0 && f.max_eta < 20.0, "{}", f.max_eta);
        assert!(f.final_eta <= f.max_eta);
    }

    #[test]
    fn a_blown_up_flow_is_reported_not_drawn() {
        let mut c = cfg(Optimizer::Sgd, |c| {
            c.landscape = Landscape::Rosenbrock;
            c.start = [1e100, 1e100];
        });
        c.steps = 3;
        let e = compute(FlowKind::Gradient, &c, &[[1e100, 1e100]; 4]).unwrap_err();
        assert!(e.starts_with("not drawn: the integration stopped"), "{e}");
    }
}
