//! Optimizers as pure steps over explicit state.
//!
//! Hyperparameters ([`Hyper`]) are held apart from the state ([`State`]), so a slider can change
//! the learning rate or a decay between two steps without losing the moments. Each rule lives
//! in its own file under [`rules`], its step beside a [`rules::Descriptor`] of everything else
//! about it, with its update rule and paper in its doc comment.
//!
//! Names: `beta1` is the first-moment (momentum) decay, PyTorch's β1 and Gould & Tanaka's γ;
//! `beta2` is the second-moment decay, PyTorch's β2 and Gould & Tanaka's β.

pub(crate) mod common;
pub mod describe;
pub(crate) mod level;
mod math;
pub(crate) mod power;
pub mod rules;
pub mod spec;

use crate::Vec2;
use serde::{Deserialize, Serialize};

pub use rules::adopt::AdoptVariant;
pub use rules::StepKind;

/// Which update rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Optimizer {
    Sgd,
    Momentum,
    Nesterov,
    RmsProp,
    AdaGrad,
    Adamax,
    Adam,
    AdamW,
    AmsGrad,
    Adopt,
    KAdam,
    SignGd,
    Signum,
    Lion,
}

/// Deepest k-Adam.
pub const MAX_K: usize = 8;

/// Hyperparameters of every rule; each rule reads the ones it has (see [`spec`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Hyper {
    /// Learning rate η.
    pub lr: f64,
    /// First-moment (momentum) decay: PyTorch β1, Gould & Tanaka's γ.
    pub beta1: f64,
    /// Second-moment decay: PyTorch β2, Gould & Tanaka's β.
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
    /// k-Adam depth, 1..=8.
    pub k: usize,
    /// (beta1, beta2) of k-Adam levels 2, 3, …; a level not listed uses (beta1, beta2).
    pub levels: Vec<[f64; 2]>,
    pub bias_correction: bool,
    /// ε inside the square root: m̂/√(v̂ + ε) (Cattaneo et al.) instead of m̂/(√v̂ + ε).
    pub eps_inside: bool,
    /// ADOPT: clip the normalised gradient at t^¼.
    pub clip: bool,
    /// ADOPT: decoupled (AdamW-style) weight decay instead of L2.
    pub decouple: bool,
    pub variant: AdoptVariant,
}

impl Default for Hyper {
    fn default() -> Self {
        Hyper {
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            k: 1,
            levels: Vec::new(),
            bias_correction: true,
            eps_inside: false,
            clip: true,
            decouple: false,
            variant: AdoptVariant::Full,
        }
    }
}

impl Hyper {
    /// k-Adam with no level listed: every level follows level 1's decays, so moving
    /// (beta1, beta2) moves the whole stack ("all levels equal").
    pub fn tied(&self) -> bool {
        self.levels.is_empty()
    }

    /// Sets k-Adam level `i`'s decays (beta1, beta2): level 1's are `beta1` and `beta2`, which
    /// the levels not listed follow; a higher level is listed, and the unlisted levels below it
    /// are listed with level 1's decays so that they stay where they were.
    pub fn set_level(&mut self, i: usize, decays: [f64; 2]) {
        if i <= 1 {
            [self.beta1, self.beta2] = decays;
            return;
        }
        let fill = [self.beta1, self.beta2];
        if self.levels.len() < i - 1 {
            self.levels.resize(i - 1, fill);
        }
        self.levels[i - 2] = decays;
    }

    /// Decays (beta1, beta2) of k-Adam level `i` (1-based).
    pub fn level(&self, i: usize) -> [f64; 2] {
        match i {
            0 | 1 => [self.beta1, self.beta2],
            _ => self
                .levels
                .get(i - 2)
                .copied()
                .unwrap_or([self.beta1, self.beta2]),
        }
    }
}

/// Everything a rule remembers between steps.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Steps taken so far (t after the call; t = 1 at the first update).
    pub t: u64,
    /// First moment, momentum buffer (level 1 for k-Adam).
    pub m: Vec2,
    /// Second moment, squared-gradient accumulator or Adamax's infinity norm (level 1 for k-Adam).
    pub v: Vec2,
    /// AMSGrad's running maximum of v.
    pub v_max: Vec2,
    /// k-Adam levels 2..=k as (m, v).
    pub upper: Vec<[Vec2; 2]>,
    /// The decays' powers βᵗ as last computed, so the next bias corrections cost a product
    /// instead of a `powf`; checked against the decays and t on every use.
    #[serde(skip)]
    pub(crate) powers: power::Powers,
}

/// What one step did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub theta: Vec2,
    /// The direction u the learning rate multiplies (Gould & Tanaka's u_n for Adam),
    /// without decoupled weight decay.
    pub update: Vec2,
    /// Per-coordinate effective step: the learning rate divided by the rule's denominator.
    pub eff_lr: Vec2,
}

impl Optimizer {
    pub const ALL: [Optimizer; 14] = [
        Optimizer::Sgd,
        Optimizer::Momentum,
        Optimizer::Nesterov,
        Optimizer::RmsProp,
        Optimizer::AdaGrad,
        Optimizer::Adamax,
        Optimizer::Adam,
        Optimizer::AdamW,
        Optimizer::AmsGrad,
        Optimizer::Adopt,
        Optimizer::KAdam,
        Optimizer::SignGd,
        Optimizer::Signum,
        Optimizer::Lion,
    ];

    pub fn name(self) -> &'static str {
        self.rule().name
    }

    pub fn from_name(name: &str) -> Option<Optimizer> {
        Self::ALL.into_iter().find(|o| o.name() == name)
    }

    /// One step from θ with gradient g (the landscape's, possibly noisy).
    pub fn step(self, h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
        self.step_inlined(h, s, theta, g)
    }

    /// [`Optimizer::step`] inlined where a run steps. Adam, the page's default, is called
    /// directly rather than through its descriptor, so its arithmetic is inlined there too.
    #[inline(always)]
    pub(crate) fn step_inlined(self, h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
        s.t += 1;
        match self {
            Optimizer::Adam => rules::adam::step(h, s, theta, g),
            _ => (self.rule().step)(h, s, theta, g),
        }
    }
}
