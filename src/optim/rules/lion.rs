//! Lion, as optax.lion: c = β1 m + (1 − β1) g;  θ ← θ(1 − ηλ) − η sign(c);
//! m ← β2 m + (1 − β2) g.
//!
//! Chen et al., Symbolic Discovery of Optimization Algorithms (NeurIPS 2023).

use super::{decay_decoupled, label, no_decays, Citation, Descriptor, StepKind, OPTAX_LR};
use crate::optim::common::{decay, lerp, sign_step, zip};
use crate::optim::describe::{Decay, Equation, Series};
use crate::optim::math::{def, ema, g, id, mix, sign, theta_step};
use crate::optim::spec::{BETA1, BETA2, LR, WEIGHT_DECAY};
use crate::optim::{Hyper, State, Step};
use crate::Vec2;

pub const RULE: Descriptor = Descriptor {
    name: "lion",
    title: "Lion",
    follows: "optax.lion (Chen et al., 2023)",
    paper: Citation {
        title: "Chen et al., NeurIPS 2023",
        url: "https://arxiv.org/abs/2302.06675",
    },
    params: &[LR, BETA1, BETA2, WEIGHT_DECAY],
    kind: StepKind::Sign,
    flags: &[],
    defaults: || Hyper {
        lr: 1e-4,
        beta1: 0.9,
        beta2: 0.99,
        eps: 0.0,
        ..Hyper::default()
    },
    labels: &[
        (LR.key, OPTAX_LR),
        (
            BETA1.key,
            label("β1", "interpolation of the step's sign (optax b1)"),
        ),
        (BETA2.key, label("β2", "momentum decay (optax b2)")),
        (
            WEIGHT_DECAY.key,
            label(
                "λ",
                "decoupled weight decay θ ← θ(1 − ηλ) (optax weight_decay)",
            ),
        ),
    ],
    note: "beta1 interpolates the step's sign, beta2 is the momentum kept; decay is decoupled",
    check: None,
    step: |h, s, theta, g| lion(h, s, decay(h, theta), g),
    equation: |h| {
        let mut e = Equation::after_decay(h, Decay::Decoupled);
        e.lines.push(def(id("c"), mix(id("β1"), id("m"), g())));
        e.lines.push(theta_step(sign(id("c"))));
        e.lines.push(ema(id("m"), id("β2"), g()));
        e
    },
    series: |_| Series {
        m: Some("Momentum m (EMA of g with β2)"),
        v: None,
    },
    decay: decay_decoupled,
    decays: no_decays,
    factor: |_, _, _| 1.0,
    reason: |_, _| "u is a sign, so |uᵢ| is 1 (or 0) whatever the gradient".into(),
    gould_tanaka: false,
    levels: None,
};

fn lion(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    let c = [0, 1].map(|i| lerp(s.m[i], g[i], 1.0 - h.beta1));
    s.m = zip(s.m, g, |m, g| lerp(m, g, 1.0 - h.beta2));
    sign_step(h, theta, c)
}

#[cfg(test)]
mod tests {
    use crate::optim::rules::testing::texts;
    use crate::optim::Optimizer;

    #[test]
    fn lion_lines() {
        let lion = texts(&Optimizer::Lion.equation(&Optimizer::Lion.spec().defaults));
        assert_eq!(lion, ["c=β1m+(1−β1)g", "θ←θ−ηsign(c)", "m←β2m+(1−β2)g"]);
    }
}
