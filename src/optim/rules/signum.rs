//! Signum: m ← β1 m + (1 − β1)(g + λθ);  θ ← θ − η sign(m), as optax.signum after
//! optax.add_decayed_weights.
//!
//! Bernstein et al., signSGD: Compressed Optimisation for Non-Convex Problems (ICML 2018), §3.

use super::{decay_coupled, label, no_decays, Citation, Descriptor, StepKind, OPTAX_L2, OPTAX_LR};
use crate::optim::common::{coupled, lerp, sign_step, zip};
use crate::optim::describe::{Decay, Equation, Series};
use crate::optim::math::{ema, g, id, sign, theta_step};
use crate::optim::spec::{BETA1, LR, WEIGHT_DECAY};
use crate::optim::{Hyper, State, Step};
use crate::Vec2;

pub const RULE: Descriptor = Descriptor {
    name: "signum",
    title: "Signum",
    follows: "optax.signum, after L2 decay as optax.add_decayed_weights (Bernstein et al., 2018)",
    paper: Citation {
        title: "Bernstein et al., ICML 2018",
        url: "https://arxiv.org/abs/1802.04434",
    },
    params: &[LR, BETA1, WEIGHT_DECAY],
    kind: StepKind::Sign,
    flags: &[],
    defaults: || Hyper {
        lr: 1e-2,
        beta1: 0.9,
        beta2: 0.0,
        eps: 0.0,
        ..Hyper::default()
    },
    labels: &[
        (LR.key, OPTAX_LR),
        (
            BETA1.key,
            label("γ", "momentum decay, m ← γm + (1 − γ)g (optax signum beta)"),
        ),
        (WEIGHT_DECAY.key, OPTAX_L2),
    ],
    note: "",
    check: None,
    step: |h, s, theta, g| signum(h, s, theta, coupled(h, theta, g)),
    equation: |h| {
        let mut e = Equation::after_decay(h, Decay::Coupled);
        e.lines.push(ema(id("m"), id("γ"), g()));
        e.lines.push(theta_step(sign(id("m"))));
        e
    },
    series: |_| Series {
        m: Some("Momentum m (EMA of g)"),
        v: None,
    },
    decay: decay_coupled,
    decays: no_decays,
    factor: |_, _, _| 1.0,
    reason: |_, _| "u is a sign, so |uᵢ| is 1 (or 0) whatever the gradient".into(),
    gould_tanaka: false,
    levels: None,
};

fn signum(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    s.m = zip(s.m, g, |m, g| lerp(m, g, 1.0 - h.beta1));
    sign_step(h, theta, s.m)
}

#[cfg(test)]
mod tests {
    use crate::optim::rules::testing::texts;
    use crate::optim::Optimizer;

    #[test]
    fn signum_lines() {
        let signum = texts(&Optimizer::Signum.equation(&Optimizer::Signum.spec().defaults));
        assert_eq!(signum, ["m←γm+(1−γ)g", "θ←θ−ηsign(m)"]);
    }
}
