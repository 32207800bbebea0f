//! AdaGrad, torch.optim.Adagrad(lr_decay = 0, initial_accumulator_value = 0):
//!
//! d = g + λθ;  s ← s + d²;  θ ← θ − η d / (√s + ε).
//!
//! Duchi, Hazan & Singer, Adaptive Subgradient Methods for Online Learning and Stochastic
//! Optimization, JMLR 12 (2011).

use super::{decay_coupled, label, no_decays, Citation, Descriptor, StepKind, TORCH_L2, TORCH_LR};
use crate::optim::common::coupled;
use crate::optim::describe::{Decay, Equation, Series};
use crate::optim::math::{eps, frac, g, g2, id, op, row, set, sqrt, theta_step};
use crate::optim::spec::{EPS, LR, WEIGHT_DECAY};
use crate::optim::{Hyper, State, Step};
use crate::Vec2;

pub const RULE: Descriptor = Descriptor {
    name: "adagrad",
    title: "AdaGrad",
    follows: "torch.optim.Adagrad",
    paper: Citation {
        title: "Duchi, Hazan & Singer, JMLR 2011",
        url: "https://jmlr.org/papers/v12/duchi11a.html",
    },
    params: &[LR, EPS, WEIGHT_DECAY],
    kind: StepKind::Accumulated,
    flags: &[],
    defaults: || Hyper {
        lr: 1e-2,
        beta1: 0.0,
        beta2: 0.0,
        eps: 1e-10,
        ..Hyper::default()
    },
    labels: &[
        (LR.key, TORCH_LR),
        (EPS.key, label("ε", "added to √s (PyTorch eps)")),
        (WEIGHT_DECAY.key, TORCH_L2),
    ],
    note: "",
    check: None,
    step,
    equation,
    series: |_| Series {
        m: None,
        v: Some("Sum of squared gradients s"),
    },
    decay: decay_coupled,
    decays: no_decays,
    factor: |_, _, _| 0.0,
    reason: |_, _| "u is the (scaled) gradient itself, so it vanishes with it".into(),
    gould_tanaka: false,
    levels: None,
};

fn step(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    let d = coupled(h, theta, g);
    let mut out = Step {
        theta,
        update: [0.0; 2],
        eff_lr: [0.0; 2],
    };
    for i in 0..2 {
        s.v[i] += d[i] * d[i];
        let std = s.v[i].sqrt() + h.eps;
        out.theta[i] = theta[i] + (-h.lr * d[i]) / std;
        out.update[i] = d[i] / std;
        out.eff_lr[i] = h.lr / std;
    }
    out
}

fn equation(h: &Hyper) -> Equation {
    let mut e = Equation::after_decay(h, Decay::Coupled);
    e.lines.push(set(id("s"), vec![id("s"), op("+"), g2()]));
    e.lines.push(theta_step(vec![frac(
        g(),
        row(vec![sqrt(id("s")), op("+"), eps()]),
    )]));
    e
}
