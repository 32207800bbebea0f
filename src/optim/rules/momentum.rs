//! Heavy ball, torch.optim.SGD(momentum = μ = `beta1`, dampening = 0):
//!
//! d = g + λθ;  b ← μ b + d (b₁ = d);  θ ← θ − η b.
//!
//! Polyak (1964); Sutskever et al., On the Importance of Initialization and Momentum in Deep
//! Learning (ICML 2013) for this form.

use super::{
    decay_coupled, no_decays, Citation, Descriptor, StepKind, TORCH_L2, TORCH_LR, TORCH_MOMENTUM,
};
use crate::optim::common::{coupled, plain, zip};
use crate::optim::describe::{Decay, Equation, Series};
use crate::optim::math::{g, id, op, set, theta_step};
use crate::optim::spec::{BETA1, LR, WEIGHT_DECAY};
use crate::optim::{Hyper, State, Step};
use crate::Vec2;

pub const RULE: Descriptor = Descriptor {
    name: "momentum",
    title: "SGD + momentum",
    follows: "torch.optim.SGD(momentum, nesterov)",
    paper: Citation {
        title: "Sutskever et al., ICML 2013",
        url: "https://proceedings.mlr.press/v28/sutskever13.html",
    },
    params: &[LR, BETA1, WEIGHT_DECAY],
    kind: StepKind::Gradient,
    flags: &[],
    defaults: || Hyper {
        lr: 1e-3,
        beta1: 0.9,
        beta2: 0.0,
        eps: 0.0,
        ..Hyper::default()
    },
    labels: &[
        (LR.key, TORCH_LR),
        (BETA1.key, TORCH_MOMENTUM),
        (WEIGHT_DECAY.key, TORCH_L2),
    ],
    note: "beta1 is torch's momentum μ (heavy ball: b ← μb + g)",
    check: None,
    step,
    equation,
    series: |_| Series {
        m: Some("Momentum buffer b"),
        v: None,
    },
    decay: decay_coupled,
    decays: no_decays,
    factor: |h, _, _| h.beta1,
    reason: |h, _| format!("the buffer b ← μb decays by μ = {} per step", h.beta1),
    gould_tanaka: false,
    levels: None,
};

fn step(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    buffer(h, s, theta, g);
    plain(h, theta, s.m)
}

fn equation(h: &Hyper) -> Equation {
    let mut e = buffer_lines(h);
    e.lines.push(theta_step(vec![id("b")]));
    e
}

/// d = g + λθ;  b ← μ b + d (b₁ = d), in `State::m`; returns d. Nesterov shares it.
pub(super) fn buffer(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Vec2 {
    let d = coupled(h, theta, g);
    let mu = h.beta1;
    s.m = if s.t == 1 {
        d
    } else {
        zip(s.m, d, |b, d| b * mu + d)
    };
    d
}

/// The decay line, if any, and b ← μb + g.
pub(super) fn buffer_lines(h: &Hyper) -> Equation {
    let mut e = Equation::after_decay(h, Decay::Coupled);
    e.lines
        .push(set(id("b"), vec![id("μ"), id("b"), op("+"), g()]));
    e
}
