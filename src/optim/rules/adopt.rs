//! ADOPT, as its official code (`src/adopt/adopt.py`), and the paper's two ablations:
//!
//! first call: v ← g² and no move (t counts real updates from the next call);
//! then g̃ = g / max(√v, ε), clipped to ±t^¼ (switchable); m ← β1 m + (1 − β1) g̃;
//! θ ← θ − η m;  v ← β2 v + (1 − β2) g².
//! Weight decay is L2 (g ← g + λθ, also on the first call) or, with `decouple`,
//! θ ← θ(1 − ηλ) before each real update.
//!
//! Taniguchi et al., ADOPT: Modified Adam Can Converge with Any β2 with the Optimal Rate
//! (NeurIPS 2024).

use super::{both_decays, label, Citation, Descriptor, StepKind};
use crate::optim::common::{coupled, descend, ema_sq, lerp, zip};
use crate::optim::describe::{Decay, Equation, Series};
use crate::optim::math::{
    decoupled, def, ema, eps, frac, g, g2, id, l2, max, num, op, paren, row, set, sqrt, sup, text,
    theta_step,
};
use crate::optim::spec::{BETA1, BETA2, CLIP, DECOUPLE, EPS, LR, WEIGHT_DECAY};
use crate::optim::{Hyper, State, Step};
use crate::theory::verdict::ratio;
use crate::Vec2;
use serde::{Deserialize, Serialize};

/// ADOPT or one of the paper's ablations ("both changes are essential").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdoptVariant {
    /// Normalise by the previous v, then take momentum.
    #[default]
    Full,
    /// DERIVED ablation: normalise by a v that already contains the current gradient.
    NoDecorrelation,
    /// DERIVED ablation: momentum of raw gradients, then normalise by the previous v (no clip).
    NoOrderChange,
}

impl AdoptVariant {
    pub const ALL: [AdoptVariant; 3] = [
        AdoptVariant::Full,
        AdoptVariant::NoDecorrelation,
        AdoptVariant::NoOrderChange,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AdoptVariant::Full => "full",
            AdoptVariant::NoDecorrelation => "no-decorrelation",
            AdoptVariant::NoOrderChange => "no-order-change",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.name() == name)
    }
}

pub const RULE: Descriptor = Descriptor {
    name: "adopt",
    title: "ADOPT",
    follows: "ADOPT official code (Taniguchi et al., NeurIPS 2024)",
    paper: Citation {
        title: "Taniguchi et al., NeurIPS 2024",
        url: "https://arxiv.org/abs/2411.02853",
    },
    params: &[LR, BETA1, BETA2, EPS, WEIGHT_DECAY],
    kind: StepKind::Normalized,
    flags: &[CLIP, DECOUPLE],
    defaults: || Hyper {
        lr: 1e-3,
        beta1: 0.9,
        beta2: 0.9999,
        eps: 1e-6,
        ..Hyper::default()
    },
    labels: &[
        (LR.key, label("η", "learning rate (ADOPT lr)")),
        (
            BETA1.key,
            label("γ", "momentum decay of the normalised gradient (ADOPT β1)"),
        ),
        (BETA2.key, label("β", "second-moment decay (ADOPT β2)")),
        (EPS.key, label("ε", "floor of √v (ADOPT eps)")),
        (
            WEIGHT_DECAY.key,
            label(
                "λ",
                "weight decay, L2 or decoupled by the switch (ADOPT weight_decay)",
            ),
        ),
    ],
    note: "variant: full, no-decorrelation or no-order-change",
    check: None,
    step,
    equation,
    series: |h| Series {
        m: Some(if h.variant == AdoptVariant::NoOrderChange {
            "Momentum m of raw gradients"
        } else {
            "Momentum m of normalised gradients"
        }),
        v: Some("Second moment v"),
    },
    decay: |h| {
        if h.decouple {
            Decay::Decoupled
        } else {
            Decay::Coupled
        }
    },
    decays: both_decays,
    factor: |h, beta, gamma| match h.variant {
        // Normalise first, then average: m sums normalised gradients, which are 0 now.
        AdoptVariant::Full | AdoptVariant::NoDecorrelation => gamma,
        // Average first, then divide by the previous √v: Adam's ratio, one step late.
        AdoptVariant::NoOrderChange => ratio(gamma, beta.sqrt()),
    },
    reason: |h, factor| {
        match h.variant {
        AdoptVariant::NoOrderChange => format!(
            "without the order change m is divided by the previous √v, as in Adam: γ/√β = {factor:.4} per step"
        ),
        _ => "m averages gradients already normalised, which are 0 now: it decays by γ per step"
            .into(),
    }
    },
    gould_tanaka: false,
    levels: None,
};

fn step(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    let g = if h.decouple { g } else { coupled(h, theta, g) };
    if s.t == 1 {
        s.v = [g[0] * g[0], g[1] * g[1]];
        return Step {
            theta,
            update: [0.0; 2],
            eff_lr: [0.0; 2],
        };
    }
    let t = (s.t - 1) as f64;
    // The official code's `param.add_(param, alpha=-lr*wd)`.
    let theta = if h.decouple && h.weight_decay != 0.0 {
        theta.map(|p| p + (-h.lr * h.weight_decay) * p)
    } else {
        theta
    };
    let mut eff = [0.0; 2];
    for i in 0..2 {
        if h.variant == AdoptVariant::NoDecorrelation {
            s.v[i] = ema_sq(s.v[i], g[i], h.beta2);
        }
        let denom = s.v[i].sqrt().max(h.eps);
        eff[i] = h.lr / denom;
        s.m[i] = match h.variant {
            AdoptVariant::NoOrderChange => lerp(s.m[i], g[i], 1.0 - h.beta1),
            _ => {
                let n = g[i] / denom;
                let n = if h.clip { clip(n, t) } else { n };
                lerp(s.m[i], n, 1.0 - h.beta1)
            }
        };
    }
    let u = match h.variant {
        AdoptVariant::NoOrderChange => [0, 1].map(|i| s.m[i] / s.v[i].sqrt().max(h.eps)),
        _ => s.m,
    };
    if h.variant != AdoptVariant::NoDecorrelation {
        s.v = zip(s.v, g, |v, g| ema_sq(v, g, h.beta2));
    }
    Step {
        theta: descend(theta, u, h.lr),
        update: u,
        eff_lr: eff,
    }
}

/// n clamped to ±c, c = t.powf(0.25) as the official code's `step**0.25`. √√t is within 2 ulps
/// of t^¼ and pow within 1, so below √√t·(1 − 10⁻¹⁴) the clamp is the identity and the slow
/// `powf` is only asked for where the clip can act.
fn clip(n: f64, t: f64) -> f64 {
    if n.abs() < t.sqrt().sqrt() * (1.0 - 1e-14) {
        return n;
    }
    let c = t.powf(0.25);
    n.clamp(-c, c)
}

/// ADOPT as its official code, or one of the two DERIVED ablations. Its decoupled decay skips
/// the first call, so it goes after that line.
fn equation(h: &Hyper) -> Equation {
    let mut lines = Vec::new();
    let mut notes = Vec::new();
    let wd = h.weight_decay > 0.0;
    match h.variant {
        AdoptVariant::Full => {}
        AdoptVariant::NoDecorrelation => lines.push(text(
            "DERIVED ablation without decorrelation: v already holds the current g",
        )),
        AdoptVariant::NoOrderChange => lines.push(text(
            "DERIVED ablation without order change: momentum first, then normalise",
        )),
    }
    if wd && !h.decouple {
        lines.push(row(vec![l2(), text("(every call)")]));
    }
    lines.push(text(
        "first call: v ← g², no move; t counts the updates after it",
    ));
    if wd && h.decouple {
        lines.push(decoupled());
    }
    let floor = || row(max(vec![sqrt(id("v"))], vec![eps()]));
    let v_update = || ema(id("v"), id("β"), g2());
    let clip = || {
        set(
            id("n"),
            [
                vec![id("clip")],
                paren(vec![id("n"), op(","), op("±"), sup(id("t"), num("¼"))]),
            ]
            .concat(),
        )
    };
    match h.variant {
        AdoptVariant::Full | AdoptVariant::NoDecorrelation => {
            if h.variant == AdoptVariant::NoDecorrelation {
                lines.push(v_update());
            }
            lines.push(def(id("n"), vec![frac(g(), floor())]));
            if h.clip {
                lines.push(clip());
            }
            lines.push(ema(id("m"), id("γ"), id("n")));
            lines.push(theta_step(vec![id("m")]));
            if h.variant == AdoptVariant::Full {
                lines.push(v_update());
            }
        }
        AdoptVariant::NoOrderChange => {
            lines.push(ema(id("m"), id("γ"), g()));
            lines.push(theta_step(vec![frac(id("m"), floor())]));
            lines.push(v_update());
            if h.clip {
                lines.push(text("(no clipping in this ablation)"));
            }
        }
    }
    if h.clip && h.variant != AdoptVariant::NoOrderChange {
        notes.push("Clip at ±t^¼ as the official code's default clip_lambda.");
    }
    if h.variant != AdoptVariant::Full {
        notes.push(
            "DERIVED: the ablations are rebuilt from the paper's description of its ablation \
             figure; the official code has neither.",
        );
    }
    Equation { lines, notes }
}

#[cfg(test)]
mod tests {
    use super::AdoptVariant;
    use crate::optim::describe::Equation;
    use crate::optim::rules::testing::{hyper, step_line, texts};
    use crate::optim::Optimizer;

    /// The shortcut clips exactly as clamping at t.powf(0.25) does, at and around the clip.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn clip_equals_clamping_at_powf() {
        for t in (1..=200_000u64).chain([1 << 40, u64::MAX >> 11]) {
            let t = t as f64;
            let c = t.powf(0.25);
            let q = t.sqrt().sqrt();
            for n in [
                c,
                c.next_up(),
                c.next_down(),
                q,
                q.next_up(),
                q.next_down(),
                q * (1.0 - 1e-14),
                0.5 * c,
                3.0 * c,
                f64::INFINITY,
            ] {
                for n in [n, -n] {
                    assert_eq!(
                        super::clip(n, t).to_bits(),
                        n.clamp(-c, c).to_bits(),
                        "{n} {t}"
                    );
                }
            }
            assert!(super::clip(f64::NAN, t).is_nan());
        }
    }

    #[test]
    fn adopt_clip_line_goes_with_the_switch() {
        let o = Optimizer::Adopt;
        for variant in [AdoptVariant::Full, AdoptVariant::NoDecorrelation] {
            let on = texts(&o.equation(&hyper(o, |h| h.variant = variant)));
            let off = texts(&o.equation(&hyper(o, |h| {
                h.variant = variant;
                h.clip = false
            })));
            assert!(on.iter().any(|l| l.contains("clip")), "{on:?}");
            assert!(!off.iter().any(|l| l.contains("clip")), "{off:?}");
            assert_eq!(on.len(), off.len() + 1);
        }
    }

    #[test]
    fn adopt_variants_differ_and_the_ablations_say_derived() {
        let o = Optimizer::Adopt;
        let eqs: Vec<Equation> = AdoptVariant::ALL
            .iter()
            .map(|v| o.equation(&hyper(o, |h| h.variant = *v)))
            .collect();
        for i in 0..eqs.len() {
            for j in i + 1..eqs.len() {
                assert_ne!(texts(&eqs[i]), texts(&eqs[j]), "variants {i} and {j}");
            }
        }
        let derived = |e: &Equation| texts(e).iter().any(|l| l.contains("DERIVED"));
        assert!(!derived(&eqs[0]));
        for e in &eqs[1..] {
            assert!(derived(e), "{:?}", texts(e));
            assert!(e.notes.iter().any(|n| n.contains("DERIVED")));
        }
        // Without decorrelation v is updated before it normalises; in full ADOPT after.
        let v_at = |e: &Equation| texts(e).iter().position(|l| l.starts_with("v←"));
        let n_at = |e: &Equation| texts(e).iter().position(|l| l.starts_with("n="));
        assert!(v_at(&eqs[0]) > n_at(&eqs[0]));
        assert!(v_at(&eqs[1]) < n_at(&eqs[1]));
        // Without order change the step itself divides by √v.
        assert!(step_line(&eqs[2]).text().contains("√(v)"));
        assert!(!step_line(&eqs[0]).text().contains("√(v)"));
    }

    #[test]
    fn adopt_weight_decay_follows_decouple() {
        let o = Optimizer::Adopt;
        let l2 = texts(&o.equation(&hyper(o, |h| h.weight_decay = 0.1)));
        assert!(l2.iter().any(|l| l.starts_with("g←g+λθ")), "{l2:?}");
        assert!(!l2.iter().any(|l| l == "θ←θ(1−ηλ)"));
        let dec = texts(&o.equation(&hyper(o, |h| {
            h.weight_decay = 0.1;
            h.decouple = true
        })));
        assert!(dec.iter().any(|l| l == "θ←θ(1−ηλ)"), "{dec:?}");
        assert!(!dec.iter().any(|l| l.starts_with("g←g+λθ")));
    }
}
