//! Gradient descent and momentum, as torch.optim.SGD (dampening 0).

use super::common::{coupled, descend};
use super::{Hyper, State, Step};
use crate::Vec2;

/// SGD: θ ← θ − η (g + λθ).
///
/// Robbins & Monro (1951); torch.optim.SGD with momentum 0.
pub fn sgd(h: &Hyper, theta: Vec2, g: Vec2) -> Step {
    let d = coupled(h, theta, g);
    Step {
        theta: descend(theta, d, h.lr),
        update: d,
        eff_lr: [h.lr; 2],
    }
}

/// Heavy ball and Nesterov, torch.optim.SGD(momentum = μ = `beta1`, dampening = 0):
///
/// d = g + λθ;  b ← μ b + d (b₁ = d);  heavy ball: θ ← θ − η b;
/// Nesterov: θ ← θ − η (d + μ b).
///
/// Polyak (1964), Nesterov (1983); Sutskever et al. (2013) for this form.
pub fn momentum(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2, nesterov: bool) -> Step {
    let d = coupled(h, theta, g);
    let mu = h.beta1;
    for i in 0..2 {
        s.m[i] = if s.t == 1 { d[i] } else { s.m[i] * mu + d[i] };
    }
    let u = if nesterov {
        [d[0] + mu * s.m[0], d[1] + mu * s.m[1]]
    } else {
        s.m
    };
    Step {
        theta: descend(theta, u, h.lr),
        update: u,
        eff_lr: [h.lr; 2],
    }
}
