//! RMSProp, torch.optim.RMSprop(alpha = ρ = `beta2`, momentum = μ = `beta1`, centered = False):
//!
//! d = g + λθ;  v ← ρ v + (1 − ρ) d²;  a = √v + ε   (ε outside the root, no bias correction)
//! μ = 0: θ ← θ − η d / a;   μ > 0: b ← μ b + d / a,  θ ← θ − η b.
//!
//! Tieleman & Hinton, Lecture 6.5 of Neural Networks for Machine Learning (2012).

use super::{
    both_decays, decay_coupled, label, Citation, Descriptor, StepKind, TORCH_EPS, TORCH_L2,
    TORCH_LR, TORCH_MOMENTUM,
};
use crate::optim::common::{coupled, descend, ema_sq};
use crate::optim::describe::{Decay, Equation, Series};
use crate::optim::math::{ema, eps, frac, g, g2, id, op, row, set, sqrt, theta_step};
use crate::optim::spec::{BETA1, BETA2, EPS, LR, WEIGHT_DECAY};
use crate::optim::{Hyper, State, Step};
use crate::Vec2;

pub const RULE: Descriptor = Descriptor {
    name: "rmsprop",
    title: "RMSProp",
    follows: "torch.optim.RMSprop",
    paper: Citation {
        title: "Tieleman & Hinton, Lecture 6.5",
        url: "https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf",
    },
    params: &[LR, BETA1, BETA2, EPS, WEIGHT_DECAY],
    kind: StepKind::Normalized,
    flags: &[],
    defaults: || Hyper {
        lr: 1e-2,
        beta1: 0.0,
        beta2: 0.99,
        eps: 1e-8,
        ..Hyper::default()
    },
    labels: &[
        (LR.key, TORCH_LR),
        (BETA1.key, TORCH_MOMENTUM),
        (BETA2.key, label("β", "second-moment decay (PyTorch alpha)")),
        (EPS.key, TORCH_EPS),
        (WEIGHT_DECAY.key, TORCH_L2),
    ],
    note: "beta2 is torch's alpha; beta1 is torch's momentum",
    check: None,
    step,
    equation,
    series: |h| Series {
        m: (h.beta1 > 0.0).then_some("Momentum buffer b"),
        v: Some("Second moment v (EMA of g²)"),
    },
    decay: decay_coupled,
    decays: both_decays,
    // torch's momentum buffer holds normalised gradients: b ← μb + g/(√v + ε).
    factor: |_, _, gamma| gamma,
    reason: |h, _| {
        if h.beta1 == 0.0 {
            "u = g/(√v + ε) vanishes with the gradient".into()
        } else {
            format!(
                "the buffer holds normalised gradients, which are 0 now: it decays by μ = {} per step",
                h.beta1
            )
        }
    },
    gould_tanaka: false,
    levels: None,
};

fn step(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    let d = coupled(h, theta, g);
    let mut u = [0.0; 2];
    let mut eff = [0.0; 2];
    for i in 0..2 {
        s.v[i] = ema_sq(s.v[i], d[i], h.beta2);
        let a = s.v[i].sqrt() + h.eps;
        u[i] = if h.beta1 > 0.0 {
            s.m[i] = s.m[i] * h.beta1 + d[i] / a;
            s.m[i]
        } else {
            d[i] / a
        };
        eff[i] = h.lr / a;
    }
    if h.beta1 > 0.0 {
        return Step {
            theta: descend(theta, u, h.lr),
            update: u,
            eff_lr: eff,
        };
    }
    // torch's `param.addcdiv_(g, avg, value=-lr)` without momentum.
    let theta = [0, 1].map(|i| theta[i] + (-h.lr * d[i]) / (s.v[i].sqrt() + h.eps));
    Step {
        theta,
        update: u,
        eff_lr: eff,
    }
}

fn equation(h: &Hyper) -> Equation {
    let mut e = Equation::after_decay(h, Decay::Coupled);
    e.lines.push(ema(id("v"), id("β"), g2()));
    let dir = frac(g(), row(vec![sqrt(id("v")), op("+"), eps()]));
    if h.beta1 > 0.0 {
        e.lines
            .push(set(id("b"), vec![id("μ"), id("b"), op("+"), dir]));
        e.lines.push(theta_step(vec![id("b")]));
    } else {
        e.lines.push(theta_step(vec![dir]));
    }
    e
}

#[cfg(test)]
mod tests {
    use crate::optim::rules::testing::{hyper, step_line, texts};
    use crate::optim::Optimizer;

    #[test]
    fn rmsprop_shows_its_momentum_buffer_only_with_momentum() {
        let o = Optimizer::RmsProp;
        let plain = o.equation(&o.spec().defaults);
        assert_eq!(o.spec().defaults.beta1, 0.0);
        assert!(!texts(&plain).concat().contains('b'));
        assert!(o.series(&o.spec().defaults).m.is_none());
        let h = hyper(o, |h| h.beta1 = 0.9);
        let with = texts(&o.equation(&h));
        assert!(
            with.iter().any(|l| l.starts_with("b←μb+(g)/(√(v)+ε)")),
            "{with:?}"
        );
        assert_eq!(step_line(&o.equation(&h)).text(), "θ←θ−ηb");
        assert!(o.series(&h).m.unwrap().contains("Momentum"));
    }
}
