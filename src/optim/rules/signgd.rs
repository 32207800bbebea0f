//! SignGD: θ ← θ − η sign(g + λθ), as optax.sign_sgd after optax.add_decayed_weights.
//!
//! Bernstein et al., signSGD: Compressed Optimisation for Non-Convex Problems (ICML 2018).

use super::{decay_coupled, no_decays, Citation, Descriptor, StepKind, OPTAX_L2, OPTAX_LR};
use crate::optim::common::{coupled, sign_step};
use crate::optim::describe::{Decay, Equation, Series};
use crate::optim::math::{g, sign, theta_step};
use crate::optim::spec::{LR, WEIGHT_DECAY};
use crate::optim::Hyper;

pub const RULE: Descriptor = Descriptor {
    name: "signgd",
    title: "SignGD",
    follows: "optax.sign_sgd, after L2 decay as optax.add_decayed_weights (signSGD, Bernstein et al., 2018)",
    paper: Citation {
        title: "Bernstein et al., ICML 2018",
        url: "https://arxiv.org/abs/1802.04434",
    },
    params: &[LR, WEIGHT_DECAY],
    kind: StepKind::Sign,
    flags: &[],
    defaults: || Hyper {
        lr: 1e-2,
        beta1: 0.0,
        beta2: 0.0,
        eps: 0.0,
        ..Hyper::default()
    },
    labels: &[(LR.key, OPTAX_LR), (WEIGHT_DECAY.key, OPTAX_L2)],
    note: "",
    check: None,
    step: |h, _, theta, g| sign_step(h, theta, coupled(h, theta, g)),
    equation: |h| {
        let mut e = Equation::after_decay(h, Decay::Coupled);
        e.lines.push(theta_step(sign(g())));
        e
    },
    series: |_| Series { m: None, v: None },
    decay: decay_coupled,
    decays: no_decays,
    factor: |_, _, _| 0.0,
    reason: |_, _| "u = sign(g) is 0 where g is 0, and ±1 on any slope".into(),
    gould_tanaka: false,
    levels: None,
};
