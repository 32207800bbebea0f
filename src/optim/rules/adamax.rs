//! Adamax, torch.optim.Adamax:
//!
//! d = g + λθ;  m ← β1 m + (1 − β1) d;  u∞ ← max(β2 u∞, |d| + ε);
//! θ ← θ − (η / (1 − β1ᵗ)) m / u∞.
//!
//! Kingma & Ba, Adam: A Method for Stochastic Optimization, §7.1 (ICLR 2015).

use super::{
    both_decays, decay_coupled, label, Citation, Descriptor, StepKind, TORCH_BETA1, TORCH_L2,
    TORCH_LR,
};
use crate::optim::common::{coupled, lerp};
use crate::optim::describe::{Decay, Equation, Series};
use crate::optim::math::{
    ema, eps, frac, g, id, max, one_minus_pow, op, paren, row, set, theta_step,
};
use crate::optim::spec::{BETA1, BETA2, EPS, LR, WEIGHT_DECAY};
use crate::optim::{Hyper, State, Step};
use crate::theory::verdict::ratio;
use crate::Vec2;

pub const RULE: Descriptor = Descriptor {
    name: "adamax",
    title: "Adamax",
    follows: "torch.optim.Adamax",
    paper: Citation {
        title: "Kingma & Ba, ICLR 2015",
        url: "https://arxiv.org/abs/1412.6980",
    },
    params: &[LR, BETA1, BETA2, EPS, WEIGHT_DECAY],
    kind: StepKind::Normalized,
    flags: &[],
    defaults: || Hyper {
        lr: 2e-3,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        ..Hyper::default()
    },
    labels: &[
        (LR.key, TORCH_LR),
        (BETA1.key, TORCH_BETA1),
        (BETA2.key, label("β", "decay of the ∞-norm u (PyTorch β2)")),
        (EPS.key, label("ε", "added to |g| (PyTorch eps)")),
        (WEIGHT_DECAY.key, TORCH_L2),
    ],
    note: "",
    check: None,
    step,
    equation,
    series: |_| Series {
        m: Some("First moment m"),
        v: Some("Infinity norm u (max of β u, |g| + ε)"),
    },
    decay: decay_coupled,
    decays: both_decays,
    // u∞ ← max(β u∞, |g|): the denominator decays as β, m as γ.
    factor: |_, beta, gamma| ratio(gamma, beta),
    reason: |_, factor| {
        format!(
            "m decays by γ and the ∞-norm by β, so u changes by γ/β = {factor:.4} per step{}",
            if factor > 1.0 {
                " until the norm reaches ε"
            } else {
                ""
            }
        )
    },
    gould_tanaka: false,
    levels: None,
};

fn step(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    let d = coupled(h, theta, g);
    let bc = s.powers.0[0][0].one_minus(h.beta1, s.t);
    let clr = h.lr / bc;
    let mut out = Step {
        theta,
        update: [0.0; 2],
        eff_lr: [0.0; 2],
    };
    for i in 0..2 {
        s.m[i] = lerp(s.m[i], d[i], 1.0 - h.beta1);
        s.v[i] = (s.v[i] * h.beta2).max(d[i].abs() + h.eps);
        out.theta[i] = theta[i] + (-clr * s.m[i]) / s.v[i];
        out.update[i] = s.m[i] / bc / s.v[i];
        out.eff_lr[i] = clr / s.v[i];
    }
    out
}

fn equation(h: &Hyper) -> Equation {
    let mut e = Equation::after_decay(h, Decay::Coupled);
    e.lines.push(ema(id("m"), id("γ"), g()));
    e.lines.push(set(
        id("u"),
        max(
            vec![id("β"), id("u")],
            vec![op("|"), g(), op("|"), op("+"), eps()],
        ),
    ));
    e.lines.push(theta_step(vec![frac(
        id("m"),
        row([paren(one_minus_pow(id("γ"))), vec![id("u")]].concat()),
    )]));
    e
}

#[cfg(test)]
mod tests {
    use crate::optim::rules::testing::texts;
    use crate::optim::Optimizer;

    #[test]
    fn adamax_lines() {
        let adamax = texts(&Optimizer::Adamax.equation(&Optimizer::Adamax.spec().defaults));
        assert!(adamax.iter().any(|l| l == "u←max(βu,|g|+ε)"), "{adamax:?}");
    }
}
