//! SGD: θ ← θ − η (g + λθ).
//!
//! Robbins & Monro, A Stochastic Approximation Method (1951); torch.optim.SGD with momentum 0.

use super::{decay_coupled, no_decays, Citation, Descriptor, StepKind, TORCH_L2, TORCH_LR};
use crate::optim::common::{coupled, plain};
use crate::optim::describe::{Decay, Equation, Series};
use crate::optim::math::{g, theta_step};
use crate::optim::spec::{LR, WEIGHT_DECAY};
use crate::optim::{Hyper, State, Step};
use crate::Vec2;

pub const RULE: Descriptor = Descriptor {
    name: "sgd",
    title: "SGD",
    follows: "torch.optim.SGD",
    paper: Citation {
        title: "torch.optim.SGD",
        url: "https://pytorch.org/docs/stable/generated/torch.optim.SGD.html",
    },
    params: &[LR, WEIGHT_DECAY],
    kind: StepKind::Gradient,
    flags: &[],
    defaults: || Hyper {
        lr: 1e-3,
        beta1: 0.0,
        beta2: 0.0,
        eps: 0.0,
        ..Hyper::default()
    },
    labels: &[(LR.key, TORCH_LR), (WEIGHT_DECAY.key, TORCH_L2)],
    note: "",
    check: None,
    step,
    equation,
    series: |_| Series { m: None, v: None },
    decay: decay_coupled,
    decays: no_decays,
    factor: |_, _, _| 0.0,
    reason: |_, _| "u is the (scaled) gradient itself, so it vanishes with it".into(),
    gould_tanaka: false,
    levels: None,
};

fn step(h: &Hyper, _: &mut State, theta: Vec2, g: Vec2) -> Step {
    plain(h, theta, coupled(h, theta, g))
}

fn equation(h: &Hyper) -> Equation {
    let mut e = Equation::after_decay(h, Decay::Coupled);
    e.lines.push(theta_step(vec![g()]));
    e
}
