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

/// The level whose decays `deciding_decays` reads and the phase diagram sets unless a user
/// picks another: the last of a stack of levels, else 1. A tied stack ([`Hyper::tied`]) is set
/// through level 1, which moves every level.
pub fn deciding_level(o: Optimizer, h: &Hyper) -> usize {
    o.rule().levels.as_ref().map_or(1, |s| (s.deciding)(h))
}

/// The levels a diagram can set: 1 to k for a stack, else only 1.
pub fn levels(o: Optimizer, h: &Hyper) -> usize {
    if o.rule().levels.is_some() {
        h.k.clamp(1, crate::optim::MAX_K)
    } else {
        1
    }
}

/// The level the diagram and the map set: the one a user `picked`, if the rule has it, else
/// the deciding level.
pub fn shown_level(o: Optimizer, h: &Hyper, picked: Option<usize>) -> usize {
    picked
        .filter(|l| (1..=levels(o, h)).contains(l))
        .unwrap_or_else(|| deciding_level(o, h))
}

/// The (β, γ) a diagram setting `level` shows: that level's in a stack, else the deciding
/// decays (for a rule that has both).
pub fn decays_at_level(o: Optimizer, h: &Hyper, level: usize) -> Option<(f64, f64)> {
    if o.rule().levels.is_some() {
        let [gamma, beta] = h.level(level);
        Some((beta, gamma))
    } else {
        deciding_decays(o, h)
    }
}

/// What the phase diagram and the map move in a stack of levels when they set `level`, for
/// the note under them.
pub fn stack_note(o: Optimizer, h: &Hyper, level: usize) -> Option<String> {
    let k = levels(o, h);
    if k < 2 {
        return None;
    }
    // Levels with no decays of their own follow level 1.
    let followers: Vec<String> = (2..=k)
        .filter(|i| i - 2 >= h.levels.len())
        .map(|i| i.to_string())
        .collect();
    Some(if level == 1 && followers.len() == k - 1 {
        format!("k-Adam, all {k} levels equal: the diagram and the map move every level's (β, γ) together; the shading is the whole stack's (DERIVED).")
    } else if level == 1 && !followers.is_empty() {
        format!(
            "k-Adam: the diagram and the map set level 1 and the levels that follow it ({}); the shading accounts for the others (DERIVED).",
            followers.join(", ")
        )
    } else {
        let last = if level == k { " (the last)" } else { "" };
        format!("k-Adam: the diagram and the map set level {level}{last}; the shading accounts for the other levels (DERIVED).")
    })
}

/// The factor per step of ‖u‖∞ once the gradient vanishes, with level `level`'s decays set to
/// (β, γ) (as [`Hyper::set_level`] sets them) and everything else from `h`; a rule without
/// levels has only level 1. Cheap: the phase diagram calls it per pixel.
pub fn factor_at(o: Optimizer, h: &Hyper, level: usize, beta: f64, gamma: f64) -> f64 {
    let rule = o.rule();
    match &rule.levels {
        Some(stack) => (stack.factor_at)(h, level, beta, gamma),
        None => (rule.factor)(h, beta, gamma),
    }
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
    let factor = (rule.factor)(h, beta, gamma);
    Verdict {
        factor,
        behaviour: behaviour(factor),
        reason: (rule.reason)(h, factor),
        paper: rule.gould_tanaka.then(|| Paper::at(beta, gamma)),
        levels: rule.levels.as_ref().map_or_else(Vec::new, |s| (s.table)(h)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stack_says_what_the_diagram_moves() {
        let o = Optimizer::KAdam;
        let mut h = o.spec().defaults;
        h.k = 3;
        let note = |h: &Hyper, picked| stack_note(o, h, shown_level(o, h, picked)).unwrap();
        assert!(note(&h, None).contains("all 3 levels equal"));
        assert!(note(&h, Some(2)).contains("set level 2;"));
        h.levels = vec![[0.0, 0.999]];
        assert!(note(&h, None).contains("set level 3 (the last)"));
        assert!(note(&h, Some(1)).contains("level 1 and the levels that follow it (3)"));
        assert!(
            note(&h, Some(9)).contains("level 3"),
            "a level past k is not shown"
        );
        h.k = 1;
        h.levels.clear();
        assert_eq!(stack_note(o, &h, 1), None);
        assert_eq!(stack_note(Optimizer::Adam, &Hyper::default(), 1), None);
        assert_eq!(shown_level(Optimizer::Adam, &Hyper::default(), Some(2)), 1);
    }

    /// Every level of a stack, moved on the diagram, reads the factor of the run moved there
    /// by `Hyper::set_level`, with a tied stack, a listed one and a half-listed one.
    #[test]
    fn a_pixel_of_any_level_is_the_run_moved_there() {
        let o = Optimizer::KAdam;
        for levels in [vec![], vec![[0.0, 0.999]], vec![[0.5, 0.9], [0.99, 0.9]]] {
            let h = Hyper {
                k: 3,
                levels,
                ..o.spec().defaults
            };
            for level in 1..=3 {
                for (beta, gamma) in [(0.9, 0.99), (0.999, 0.9), (0.5, 0.9), (0.25, 0.45)] {
                    let mut moved = h.clone();
                    moved.set_level(level, [gamma, beta]);
                    assert_eq!(
                        factor_at(o, &h, level, beta, gamma),
                        verdict(o, &moved).factor,
                        "{:?}, level {level} at ({beta}, {gamma})",
                        h.levels
                    );
                    assert_eq!(decays_at_level(o, &moved, level), Some((beta, gamma)));
                }
            }
        }
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
