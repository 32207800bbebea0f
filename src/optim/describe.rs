//! What each rule is, in words and symbols, for the page and the CLI: the label of each
//! hyperparameter *for that rule*, the names of the state it keeps, and its update rule as a
//! small tree that follows the switches of [`Hyper`]. Each rule states these in its own file
//! (see [`super::rules`]); these methods read them. Kept out of the app so native tests can
//! check that the page says what the code does.

use super::math::{decoupled, l2};
use super::spec::Key;
use super::{Hyper, Optimizer};

pub use super::math::Math;

/// How a hyperparameter is called for one rule: the page's symbol and what it does, with the
/// reference implementation's argument name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamLabel {
    pub symbol: &'static str,
    pub name: &'static str,
}

impl ParamLabel {
    pub fn text(&self) -> String {
        format!("{}: {}", self.symbol, self.name)
    }
}

/// Names of the state a rule keeps in `State::m` and `State::v`; `None` where it keeps none.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Series {
    pub m: Option<&'static str>,
    pub v: Option<&'static str>,
}

/// An update rule: its lines, in order, and what is reconstructed, derived or switched.
#[derive(Clone, Debug, PartialEq)]
pub struct Equation {
    pub lines: Vec<Math>,
    pub notes: Vec<&'static str>,
}

impl Equation {
    /// An equation that opens with the weight-decay line, when λ > 0, as `decay` applies it.
    pub fn after_decay(h: &Hyper, decay: Decay) -> Equation {
        let mut lines = Vec::new();
        if h.weight_decay > 0.0 {
            lines.push(match decay {
                Decay::Coupled => l2(),
                Decay::Decoupled => decoupled(),
            });
        }
        Equation {
            lines,
            notes: Vec::new(),
        }
    }
}

/// How weight decay enters a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decay {
    /// L2: g ← g + λθ before everything else.
    Coupled,
    /// θ ← θ(1 − ηλ) before the step.
    Decoupled,
}

impl Optimizer {
    /// The label of hyperparameter `key` for this rule, or `None` if the rule does not read it.
    pub fn param_label(self, key: Key) -> Option<ParamLabel> {
        let rule = self.rule();
        if !rule.params.iter().any(|p| p.key == key) {
            return None;
        }
        rule.labels.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
    }

    /// How weight decay enters, as `step` applies it.
    pub fn decay(self, h: &Hyper) -> Decay {
        (self.rule().decay)(h)
    }

    /// What the charts of `m` and `v` show for this rule.
    pub fn series(self, h: &Hyper) -> Series {
        (self.rule().series)(h)
    }

    /// The update rule as `step` computes it under `h`.
    pub fn equation(self, h: &Hyper) -> Equation {
        (self.rule().equation)(h)
    }
}
