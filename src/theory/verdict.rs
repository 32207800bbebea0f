//! What happens to the update u once the gradient vanishes, rule by rule.
//!
//! Gould & Tanaka's C(β, γ) is derived for Adam's update. Other rules get their own exact
//! discrete answer (DERIVED): feed the recurrence g = 0 after some history and read the factor
//! by which ‖u‖∞ changes per step, with ε → 0 and after bias correction has settled.

use super::{paper_growth_rate, stability_margin};
use crate::optim::{AdoptVariant, Hyper, Optimizer};

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
    match o {
        Optimizer::KAdam => {
            let [gamma, beta] = h.level(h.k.max(1));
            Some((beta, gamma))
        }
        Optimizer::Adam
        | Optimizer::AdamW
        | Optimizer::AmsGrad
        | Optimizer::Adamax
        | Optimizer::Adopt
        | Optimizer::RmsProp => Some((h.beta2, h.beta1)),
        _ => None,
    }
}

/// The factor per step of ‖u‖∞ once the gradient vanishes, with the deciding decays set to
/// (β, γ) and everything else from `h`. Cheap: the phase diagram calls it per pixel.
pub fn factor_at(o: Optimizer, h: &Hyper, beta: f64, gamma: f64) -> f64 {
    match o {
        Optimizer::Sgd | Optimizer::AdaGrad | Optimizer::SignGd => 0.0,
        Optimizer::Momentum | Optimizer::Nesterov => h.beta1,
        // torch's momentum buffer holds normalised gradients: b ← μb + g/(√v + ε).
        Optimizer::RmsProp => gamma,
        Optimizer::Signum | Optimizer::Lion => 1.0,
        // v_max never decreases, so only m decays.
        Optimizer::AmsGrad => gamma,
        // u∞ ← max(β u∞, |g|): the denominator decays as β, m as γ.
        Optimizer::Adamax => ratio(gamma, beta),
        Optimizer::Adopt => match h.variant {
            // Normalise first, then average: m sums normalised gradients, which are 0 now.
            AdoptVariant::Full | AdoptVariant::NoDecorrelation => gamma,
            // Average first, then divide by the previous √v: Adam's ratio, one step late.
            AdoptVariant::NoOrderChange => ratio(gamma, beta.sqrt()),
        },
        Optimizer::Adam | Optimizer::AdamW => ratio(gamma, beta.sqrt()),
        Optimizer::KAdam => kadam_levels(h, Some((beta, gamma)))
            .last()
            .map_or(0.0, |l| l.output),
    }
}

/// a/b with 0/0 = 0 (a rule with γ = 0 forgets at once).
fn ratio(a: f64, b: f64) -> f64 {
    if a == 0.0 {
        0.0
    } else {
        a / b
    }
}

/// k-Adam's levels, each fed the previous level's output. Level i's output factor is
/// max(γᵢ, ρ)/max(√βᵢ, ρ) when its input changes by ρ per step (ρ = 0 for level 1):
/// m follows the slower of its own decay and its input, √v likewise (DERIVED).
fn kadam_levels(h: &Hyper, last: Option<(f64, f64)>) -> Vec<LevelFactor> {
    let k = h.k.clamp(1, crate::optim::MAX_K);
    let mut input = 0.0_f64;
    (1..=k)
        .map(|i| {
            let [g0, b0] = h.level(i);
            let (beta, gamma) = match last {
                Some(d) if i == k => d,
                _ => (b0, g0),
            };
            let root = beta.sqrt();
            let output = ratio(gamma.max(input), root.max(input));
            input = output;
            LevelFactor {
                decays: (beta, gamma),
                own: ratio(gamma, root),
                output,
            }
        })
        .collect()
}

fn behaviour(factor: f64) -> Behaviour {
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
    let (beta, gamma) = deciding_decays(o, h).unwrap_or((h.beta2, h.beta1));
    let factor = factor_at(o, h, beta, gamma);
    let paper = matches!(o, Optimizer::Adam | Optimizer::AdamW).then(|| Paper::at(beta, gamma));
    let levels = if o == Optimizer::KAdam {
        kadam_levels(h, None)
    } else {
        Vec::new()
    };
    Verdict {
        factor,
        behaviour: behaviour(factor),
        reason: reason(o, h, factor, &levels),
        paper,
        levels,
    }
}

fn reason(o: Optimizer, h: &Hyper, factor: f64, levels: &[LevelFactor]) -> String {
    let grows = factor > 1.0;
    match o {
        Optimizer::Sgd | Optimizer::AdaGrad => "u is the (scaled) gradient itself, so it vanishes with it".into(),
        Optimizer::SignGd => "u = sign(g) is 0 where g is 0, and ±1 on any slope".into(),
        Optimizer::Signum | Optimizer::Lion => "u is a sign, so |uᵢ| is 1 (or 0) whatever the gradient".into(),
        Optimizer::Momentum | Optimizer::Nesterov => format!("the buffer b ← μb decays by μ = {} per step", h.beta1),
        Optimizer::RmsProp if h.beta1 == 0.0 => "u = g/(√v + ε) vanishes with the gradient".into(),
        Optimizer::RmsProp => format!("the buffer holds normalised gradients, which are 0 now: it decays by μ = {} per step", h.beta1),
        Optimizer::AmsGrad => "v_max never decreases, so u = m̂/√v_max decays with m, by γ per step".into(),
        Optimizer::Adamax => format!(
            "m decays by γ and the ∞-norm by β, so u changes by γ/β = {factor:.4} per step{}",
            if grows { " until the norm reaches ε" } else { "" }
        ),
        Optimizer::Adopt => match h.variant {
            AdoptVariant::NoOrderChange => format!(
                "without the order change m is divided by the previous √v, as in Adam: γ/√β = {factor:.4} per step"
            ),
            _ => "m averages gradients already normalised, which are 0 now: it decays by γ per step".into(),
        },
        Optimizer::Adam | Optimizer::AdamW => format!(
            "m decays by γ and √v by √β, so u changes by γ/√β = {factor:.4} per step{}",
            if grows { " until √v̂ reaches ε" } else { "" }
        ),
        Optimizer::KAdam => kadam_reason(levels),
    }
}

fn kadam_reason(levels: &[LevelFactor]) -> String {
    let k = levels.len();
    let Some(top) = levels.last() else {
        return String::new();
    };
    if k == 1 {
        return format!("as Adam: γ/√β = {:.4} per step", top.own);
    }
    let below = levels[k - 2].output;
    if top.output > 1.0 {
        format!(
            "the levels below feed level {k} an input that fades by {below:.4} per step, faster than its momentum γ{k} forgets, so level {k} grows as Adam would"
        )
    } else if below >= 1.0 {
        format!(
            "level {k}'s input does not fade (factor {below:.4}), so level {k} normalises it to a bounded size"
        )
    } else {
        format!(
            "level {k}'s input fades by {below:.4} per step and its own γ/√β is {:.4}: u changes by {:.4} per step",
            top.own, top.output
        )
    }
}
