//! Adam, torch.optim.Adam (weight decay as L2, folded into g):
//!
//! m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²;  m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ);
//! θ ← θ − η m̂ / (√v̂ + ε).
//! Switches: bias correction off (m̂ = m, v̂ = v); ε inside the root, m̂ / √(v̂ + ε), as
//! Cattaneo, Klusowski & Shigida, On the Implicit Bias of Adam (ICML 2024), Definition 1.1.
//! One adaptive-normalisation level, the one k-Adam stacks.
//!
//! Kingma & Ba, Adam: A Method for Stochastic Optimization (ICLR 2015).

use super::{both_decays, decay_coupled, Citation, Descriptor, StepKind, TORCH_ADAM};
use crate::optim::common::coupled;
use crate::optim::describe::{Decay, Equation, Series};
use crate::optim::level;
use crate::optim::math::{g, id, theta_step};
use crate::optim::spec::{BETA1, BETA2, BIAS_CORRECTION, EPS, EPS_INSIDE, LR, WEIGHT_DECAY};
use crate::optim::{Hyper, State, Step};
use crate::theory::verdict::ratio;
use crate::Vec2;

pub const RULE: Descriptor = Descriptor {
    name: "adam",
    title: "Adam",
    follows: "torch.optim.Adam",
    paper: Citation {
        title: "Kingma & Ba, ICLR 2015",
        url: "https://arxiv.org/abs/1412.6980",
    },
    params: &[LR, BETA1, BETA2, EPS, WEIGHT_DECAY],
    kind: StepKind::Normalized,
    flags: &[BIAS_CORRECTION, EPS_INSIDE],
    defaults: Hyper::default,
    labels: TORCH_ADAM,
    note: "",
    check: None,
    step,
    equation: |h| moments_lines(Equation::after_decay(h, Decay::Coupled), h),
    series: |_| Series {
        m: Some("First moment m"),
        v: Some("Second moment v"),
    },
    decay: decay_coupled,
    decays: both_decays,
    factor: |_, beta, gamma| ratio(gamma, beta.sqrt()),
    reason: |_, factor| {
        format!(
            "m decays by γ and √v by √β, so u changes by γ/√β = {factor:.4} per step{}",
            if factor > 1.0 {
                " until √v̂ reaches ε"
            } else {
                ""
            }
        )
    },
    gould_tanaka: true,
    levels: None,
};

/// L2 weight decay folded into g, then the moments; inlined where `Optimizer::step` calls it.
#[inline(always)]
pub(crate) fn step(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    moments_step(h, s, theta, coupled(h, theta, g))
}

/// Adam's step once weight decay, of either kind, has been applied; AdamW shares it.
#[inline(always)]
pub(super) fn moments_step(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    level::stack(h, s, theta, g, 1)
}

/// Adam's lines after the weight-decay line `e` opens with; AdamW shares them.
pub(super) fn moments_lines(mut e: Equation, h: &Hyper) -> Equation {
    e.lines
        .extend(level::lines(h, id("m"), id("v"), id("γ"), id("β"), g()));
    e.lines
        .push(theta_step(vec![level::dir(h, id("m"), id("v"))]));
    level::notes(h, &mut e.notes);
    e
}

#[cfg(test)]
mod tests {
    use crate::optim::rules::testing::{hyper, step_line};
    use crate::optim::{Hyper, Optimizer};

    #[test]
    fn adam_step_reads_as_its_switches() {
        let o = Optimizer::Adam;
        let read = |f: fn(&mut Hyper)| step_line(&o.equation(&hyper(o, f))).text();
        assert_eq!(read(|_| {}), "θ←θ−η(hat(m))/(√(hat(v))+ε)");
        assert_eq!(read(|h| h.bias_correction = false), "θ←θ−η(m)/(√(v)+ε)");
        assert_eq!(read(|h| h.eps_inside = true), "θ←θ−η(hat(m))/(√(hat(v)+ε))");
        assert_eq!(
            read(|h| {
                h.bias_correction = false;
                h.eps_inside = true
            }),
            "θ←θ−η(m)/(√(v+ε))"
        );
    }
}
