//! AMSGrad, torch.optim.Adam(amsgrad = True): as Adam, with the running maximum of the
//! uncorrected v in the denominator: v_max ← max(v_max, v);
//! θ ← θ − η m̂ / (√v_max/√(1 − β2ᵗ) + ε).
//!
//! Reddi, Kale & Kumar, On the Convergence of Adam and Beyond (ICLR 2018).

use super::{both_decays, decay_coupled, Citation, Descriptor, StepKind, TORCH_ADAM};
use crate::optim::common::{coupled, ema_sq, lerp};
use crate::optim::describe::{Decay, Equation, Series};
use crate::optim::level::{apply, Level};
use crate::optim::math::{
    corrected, def, ema, eps, frac, g, g2, hat, id, max, one_minus_pow, op, row, set, sqrt, sub,
    theta_step,
};
use crate::optim::spec::{BETA1, BETA2, EPS, LR, WEIGHT_DECAY};
use crate::optim::{Hyper, State, Step};
use crate::pack::Pair;
use crate::Vec2;

pub const RULE: Descriptor = Descriptor {
    name: "amsgrad",
    title: "AMSGrad",
    follows: "torch.optim.Adam(amsgrad=True)",
    paper: Citation {
        title: "Reddi, Kale & Kumar, ICLR 2018",
        url: "https://openreview.net/forum?id=ryQu7f-RZ",
    },
    params: &[LR, BETA1, BETA2, EPS, WEIGHT_DECAY],
    kind: StepKind::Normalized,
    flags: &[],
    defaults: Hyper::default,
    labels: TORCH_ADAM,
    note: "",
    check: None,
    step: |h, s, theta, g| amsgrad(h, s, theta, coupled(h, theta, g)),
    equation,
    series: |_| Series {
        m: Some("First moment m"),
        v: Some("Second moment v (before the max)"),
    },
    decay: decay_coupled,
    decays: both_decays,
    // v_max never decreases, so only m decays.
    factor: |_, _, gamma| gamma,
    reason: |_, _| "v_max never decreases, so u = m̂/√v_max decays with m, by γ per step".into(),
    gould_tanaka: false,
    levels: None,
};

fn amsgrad(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    let [p1, p2] = &mut s.powers.0[0];
    let bc1 = p1.one_minus(h.beta1, s.t);
    let bc2_sqrt = p2.one_minus(h.beta2, s.t).sqrt();
    let mut denom = [0.0; 2];
    for i in 0..2 {
        s.m[i] = lerp(s.m[i], g[i], 1.0 - h.beta1);
        s.v[i] = ema_sq(s.v[i], g[i], h.beta2);
        s.v_max[i] = s.v_max[i].max(s.v[i]);
        denom[i] = s.v_max[i].sqrt() / bc2_sqrt + h.eps;
    }
    let last = Level {
        ratio: Pair::from(s.m) / Pair::from(denom),
        denom: denom.into(),
        bc1,
    };
    apply(h, theta, s.m, &last, Pair::splat(1.0) / Pair::from(denom))
}

fn equation(h: &Hyper) -> Equation {
    let mut e = Equation::after_decay(h, Decay::Coupled);
    let vmax = || sub(id("v"), id("max"));
    e.lines.push(ema(id("m"), id("γ"), g()));
    e.lines.push(ema(id("v"), id("β"), g2()));
    e.lines.push(set(vmax(), max(vec![vmax()], vec![id("v")])));
    e.lines
        .push(def(hat(id("m")), vec![corrected(id("m"), id("γ"))]));
    // torch keeps the max of the uncorrected v and corrects it in the denominator.
    let denom = row(vec![
        frac(sqrt(vmax()), sqrt(row(one_minus_pow(id("β"))))),
        op("+"),
        eps(),
    ]);
    e.lines.push(theta_step(vec![frac(hat(id("m")), denom)]));
    e.notes.push(
        "v_max is the running maximum of the uncorrected v, corrected in the \
         denominator, as torch.optim.Adam(amsgrad=True).",
    );
    e
}

#[cfg(test)]
mod tests {
    use crate::optim::describe::Math;
    use crate::optim::rules::testing::{step_line, texts};
    use crate::optim::Optimizer;

    #[test]
    fn amsgrad_steps_with_the_running_max() {
        let e = Optimizer::AmsGrad.equation(&Optimizer::AmsGrad.spec().defaults);
        let step = step_line(&e);
        assert!(step.text().contains("v_max"), "{}", step.text());
        assert!(
            step.any(&|x| matches!(x, Math::Sqrt(a) if a.text() == "v_max")),
            "√v_max in the denominator: {}",
            step.text()
        );
        assert!(!step.text().contains("hat(v)"), "{}", step.text());
        assert!(texts(&e).iter().any(|l| l == "v_max←max(v_max,v)"));
        // Adam's step keeps v̂.
        let adam = Optimizer::Adam.equation(&Optimizer::Adam.spec().defaults);
        assert!(!step_line(&adam).text().contains("v_max"));
        assert!(step_line(&adam).text().contains("hat(v)"));
    }
}
