//! Arithmetic several rules share, written as torch writes it so trajectories match bit for bit.

use super::{Hyper, Step};
use crate::Vec2;

/// L2 weight decay folded into the gradient (torch's `weight_decay` for SGD, Adam, …).
pub(crate) fn coupled(h: &Hyper, theta: Vec2, g: Vec2) -> Vec2 {
    if h.weight_decay == 0.0 {
        return g;
    }
    zip(g, theta, |g, p| g + h.weight_decay * p)
}

/// Decoupled weight decay θ ← θ(1 − ηλ), applied before the step (AdamW, Lion).
pub(crate) fn decay(h: &Hyper, theta: Vec2) -> Vec2 {
    if h.weight_decay == 0.0 {
        return theta;
    }
    theta.map(|p| p * (1.0 - h.lr * h.weight_decay))
}

pub(crate) fn zip(a: Vec2, b: Vec2, f: impl Fn(f64, f64) -> f64) -> Vec2 {
    [f(a[0], b[0]), f(a[1], b[1])]
}

/// torch.lerp: start + w(end − start), computed from the nearer end as torch does.
pub(crate) fn lerp(start: f64, end: f64, w: f64) -> f64 {
    if w < 0.5 {
        start + w * (end - start)
    } else {
        end - (end - start) * (1.0 - w)
    }
}

/// v·β + (1 − β)·g² as torch's `mul_(β).addcmul_(g, g, value=1−β)`.
pub(crate) fn ema_sq(v: f64, g: f64, beta: f64) -> f64 {
    v * beta + (1.0 - beta) * g * g
}

/// θ − η u, as torch's `param.add_(u, alpha=-lr)`.
pub(crate) fn descend(theta: Vec2, u: Vec2, lr: f64) -> Vec2 {
    [theta[0] + -lr * u[0], theta[1] + -lr * u[1]]
}

/// A step of η·u whose effective rate is η everywhere (SGD and heavy ball).
pub(crate) fn plain(h: &Hyper, theta: Vec2, u: Vec2) -> Step {
    Step {
        theta: descend(theta, u, h.lr),
        update: u,
        eff_lr: [h.lr; 2],
    }
}

/// A step of η·sign(x): its effective rate per unit of x is η / |x| (0 where x = 0).
pub(crate) fn sign_step(h: &Hyper, theta: Vec2, x: Vec2) -> Step {
    let u = x.map(sgn);
    Step {
        theta: descend(theta, u, h.lr),
        update: u,
        eff_lr: x.map(|x| if x == 0.0 { 0.0 } else { h.lr / x.abs() }),
    }
}

/// sign(x) with sign(0) = 0, as torch.sign.
fn sgn(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0
    }
}
