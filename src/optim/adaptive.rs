//! Per-coordinate adaptive rules without bias-corrected ratios: RMSProp, AdaGrad, Adamax.

use super::common::{coupled, descend, ema_sq, lerp};
use super::{Hyper, State, Step};
use crate::Vec2;

/// RMSProp, torch.optim.RMSprop(alpha = ρ = `beta2`, momentum = μ = `beta1`, centered = False):
///
/// d = g + λθ;  v ← ρ v + (1 − ρ) d²;  a = √v + ε   (ε outside the root, no bias correction)
/// μ = 0: θ ← θ − η d / a;   μ > 0: b ← μ b + d / a,  θ ← θ − η b.
///
/// Tieleman & Hinton, Lecture 6.5 (2012).
pub fn rmsprop(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
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
    let theta = [0, 1].map(|i| theta[i] + (-h.lr * d[i]) / (s.v[i].sqrt() + h.eps));
    Step {
        theta,
        update: u,
        eff_lr: eff,
    }
}

/// AdaGrad, torch.optim.Adagrad(lr_decay = 0, initial_accumulator_value = 0):
///
/// d = g + λθ;  s ← s + d²;  θ ← θ − η d / (√s + ε).
///
/// Duchi, Hazan & Singer, JMLR 12 (2011).
pub fn adagrad(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
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

/// Adamax, torch.optim.Adamax:
///
/// d = g + λθ;  m ← β1 m + (1 − β1) d;  u∞ ← max(β2 u∞, |d| + ε);
/// θ ← θ − (η / (1 − β1ᵗ)) m / u∞.
///
/// Kingma & Ba, Adam, §7.1 (ICLR 2015).
pub fn adamax(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    let d = coupled(h, theta, g);
    let bc = 1.0 - h.beta1.powf(s.t as f64);
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
