//! Sign-based rules: SignGD, Signum, Lion.

use super::common::{descend, lerp};
use super::{Hyper, State, Step};
use crate::Vec2;

fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0
    }
}

/// η / |d|: the step per unit of d that a sign step takes (0 where d = 0).
fn sign_eff(lr: f64, d: Vec2) -> Vec2 {
    d.map(|x| if x == 0.0 { 0.0 } else { lr / x.abs() })
}

/// SignGD: θ ← θ − η sign(g + λθ).
///
/// Bernstein et al., signSGD: Compressed Optimisation for Non-Convex Problems (ICML 2018).
pub fn signgd(h: &Hyper, theta: Vec2, g: Vec2) -> Step {
    let u = g.map(sign);
    Step {
        theta: descend(theta, u, h.lr),
        update: u,
        eff_lr: sign_eff(h.lr, g),
    }
}

/// Signum: m ← β1 m + (1 − β1)(g + λθ);  θ ← θ − η sign(m).
///
/// Bernstein et al. (ICML 2018), §3.
pub fn signum(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    for i in 0..2 {
        s.m[i] = lerp(s.m[i], g[i], 1.0 - h.beta1);
    }
    let u = s.m.map(sign);
    Step {
        theta: descend(theta, u, h.lr),
        update: u,
        eff_lr: sign_eff(h.lr, s.m),
    }
}

/// Lion: c = β1 m + (1 − β1) g;  θ ← θ(1 − ηλ) − η sign(c);  m ← β2 m + (1 − β2) g.
///
/// Chen et al., Symbolic Discovery of Optimization Algorithms (NeurIPS 2023).
pub fn lion(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    let c = [0, 1].map(|i| lerp(s.m[i], g[i], 1.0 - h.beta1));
    for i in 0..2 {
        s.m[i] = lerp(s.m[i], g[i], 1.0 - h.beta2);
    }
    let u = c.map(sign);
    Step {
        theta: descend(theta, u, h.lr),
        update: u,
        eff_lr: sign_eff(h.lr, c),
    }
}
