//! What happens to the update u once the gradient vanishes, rule by rule.
//!
//! Gould & Tanaka's C(β, γ) is derived for Adam's update. Other rules get their own exact
//! discrete answer (DERIVED): feed the recurrence g = 0 after some history and read the factor
//! by which ‖u‖∞ changes per step, with ε → 0 and after bias correction has settled.
//!
//! Each rule states its own factor and reason in its file (`optim::rules`); this module holds
//! what the verdict is made of and reads them.

use super::{paper_growth_rate, stability_margin};
use crate::optim::{Hyper, Optimizer};

/// How ‖u‖∞ behaves once the gradient vanishes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Behaviour {
    /// u = 0 as soon as g = 0.
    Vanishes,
    /// ‖u‖∞ shrinks by the factor each step.
    Decays,
    /// ‖u‖∞ keeps its size (a sign update, or a normalised level fed a non-vanishing input).
    Bounded,
    /// ‖u‖∞ grows by the factor each step, until ε caps it.
    Grows,
}

/// The per-step factor of one k-Adam level: its own γᵢ/√βᵢ and what its output does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LevelFactor {
    /// (βᵢ, γᵢ): second-moment decay and momentum of the level.
    pub decays: (f64, f64),
    /// γᵢ/√βᵢ: the level's factor when its input vanishes at once.
    pub own: f64,
    /// The factor of the level's output, given what the levels below feed it.
    pub output: f64,
}

/// The exact verdict for a rule, and the paper's where it applies.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Factor of ‖u‖∞ per step once the gradient vanishes.
    pub factor: f64,
    pub behaviour: Behaviour,
    /// Why, in the rule's own terms (one sentence).
    pub reason: String,
    /// Gould & Tanaka's C(β, γ), when the rule is Adam or AdamW.
    pub paper: Option<Paper>,
    /// k-Adam's levels, bottom first.
    pub levels: Vec<LevelFactor>,
}

/// Gould & Tanaka's statement at (β, γ).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Paper {
    pub beta: f64,
    pub gamma: f64,
    pub margin: f64,
    /// |C|/2 when C < 0.
    pub rate: Option<f64>,
}

impl Paper {
    pub fn at(beta: f64, gamma: f64) -> Paper {
        let margin = stability_margin(beta, gamma);
        Paper {
            beta,
            gamma,
            margin,
            rate: (margin < 0.0).then(|| paper_growth_rate(beta, gamma)),
        }
    }

    pub fn stable(&self) -> bool {
        self.margin > 0.0
    }
}

impl Verdict {
    /// Stable means ‖u‖∞ does not grow once the gradient vanishes.
    pub fn stable(&self) -> bool {
        self.behaviour != Behaviour::Grows
    }

    /// ln of the factor: the growth rate of ln‖u‖∞ per step (−∞ when u vanishes).
    pub fn rate(&self) -> f64 {
        self.factor.ln()
    }

    /// Whether the paper's C and the exact recurrence disagree (only between the boundaries).
    pub fn disagrees_with_paper(&self) -> bool {
        self.paper.is_some_and(|p| p.stable() != self.stable())
    }
}

/// The decays (β, γ) that decide a rule's verdict, where it has both: level 1's, or the last
/// level's for k-Adam.
pub fn deciding_decays(o: Optimizer, h: &Hyper) -> Option<(f64, f64)> {
    (o.rule().decays)(h)
}

/// The level whose decays `deciding_decays` reads and the phase diagram sets: the last of a
/// stack of levels, else 1. A tied stack ([`Hyper::tied`]) is set through level 1, which
/// moves every level.
pub fn deciding_level(o: Optimizer, h: &Hyper) -> usize {
    if o.rule().levels.is_some() && !h.tied() {
        h.k.max(1)
    } else {
        1
    }
}

/// What the phase diagram and the map move in a stack of levels, for the note under them.
pub fn stack_note(o: Optimizer, h: &Hyper) -> Option<String> {
    let k = h.k;
    match deciding_level(o, h) {
        1 if o.rule().levels.is_some() && k > 1 => Some(format!(
            "k-Adam, all {k} levels equal: the diagram and the map move every level's (β, γ) together; the shading is the whole stack's (DERIVED)."
        )),
        1 => None,
        _ => Some(format!(
            "k-Adam: the diagram shows and sets level {k} (the last); the shading accounts for the levels below (DERIVED)."
        )),
    }
}

/// The factor per step of ‖u‖∞ once the gradient vanishes, with the deciding decays set to
/// (β, γ) and everything else from `h`. Cheap: the phase diagram calls it per pixel.
pub fn factor_at(o: Optimizer, h: &Hyper, beta: f64, gamma: f64) -> f64 {
    (o.rule().factor)(h, beta, gamma)
}

/// a/b with 0/0 = 0 (a rule with γ = 0 forgets at once).
pub(crate) fn ratio(a: f64, b: f64) -> f64 {
    if a == 0.0 {
        0.0
    } else {
        a / b
    }
}

/// What a factor per step means; the one threshold for growth, shared with the phase diagram.
pub fn behaviour(factor: f64) -> Behaviour {
    if factor == 0.0 {
        Behaviour::Vanishes
    } else if factor > 1.0 + 1e-12 {
        Behaviour::Grows
    } else if factor < 1.0 - 1e-12 {
        Behaviour::Decays
    } else {
        Behaviour::Bounded
    }
}

/// The verdict for a rule at its hyperparameters.
pub fn verdict(o: Optimizer, h: &Hyper) -> Verdict {
    let rule = o.rule();
    let (beta, gamma) = deciding_decays(o, h).unwrap_or((h.beta2, h.beta1));
    let factor = factor_at(o, h, beta, gamma);
    Verdict {
        factor,
        behaviour: behaviour(factor),
        reason: (rule.reason)(h, factor),
        paper: rule.gould_tanaka.then(|| Paper::at(beta, gamma)),
        levels: rule.levels.map_or_else(Vec::new, |levels| levels(h)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stack_says_what_the_diagram_moves() {
        let mut h = Optimizer::KAdam.spec().defaults;
        h.k = 3;
        let tied = stack_note(Optimizer::KAdam, &h).unwrap();
        assert!(tied.contains("all 3 levels equal"), "{tied}");
        h.levels = vec![[0.0, 0.999]];
        let last = stack_note(Optimizer::KAdam, &h).unwrap();
        assert!(last.contains("sets level 3"), "{last}");
        h.k = 1;
        h.levels.clear();
        assert_eq!(stack_note(Optimizer::KAdam, &h), None);
        assert_eq!(stack_note(Optimizer::Adam, &Hyper::default()), None);
    }

    #[test]
    fn the_deciding_level_is_the_one_whose_decays_decide() {
        for o in Optimizer::ALL {
            for k in [1, 2, 3] {
                let mut h = o.spec().defaults;
                h.k = k;
                for (levels, listed) in [(vec![[0.5, 0.6], [0.7, 0.8]], true), (vec![], false)] {
                    h.levels = levels;
                    let level = deciding_level(o, &h);
                    let expected = if o == Optimizer::KAdam && listed {
                        k
                    } else {
                        1
                    };
                    assert_eq!(level, expected, "{o:?} k = {k}, levels listed: {listed}");
                    if let Some((beta, gamma)) = deciding_decays(o, &h) {
                        // The decays the verdict reads are that level's, whatever the rule.
                        assert_eq!([gamma, beta], h.level(level), "{o:?} k = {k}");
                    }
                }
            }
        }
    }
}
