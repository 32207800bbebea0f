//! Nesterov, torch.optim.SGD(momentum = μ = `beta1`, dampening = 0, nesterov = True): heavy
//! ball's buffer, stepping along the look-ahead d + μb instead of b:
//!
//! d = g + λθ;  b ← μ b + d (b₁ = d);  θ ← θ − η (d + μ b).
//!
//! Nesterov (1983); Sutskever et al., On the Importance of Initialization and Momentum in Deep
//! Learning (ICML 2013) for this form.

use super::momentum::{self, buffer, buffer_lines};
use super::Descriptor;
use crate::optim::common::plain;
use crate::optim::describe::Equation;
use crate::optim::math::{g, id, op, paren, theta_step};
use crate::optim::{Hyper, State, Step};
use crate::Vec2;

/// Heavy ball's in every fact but the name and the direction.
pub const RULE: Descriptor = Descriptor {
    name: "nesterov",
    title: "Nesterov",
    step,
    equation,
    ..momentum::RULE
};

fn step(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    let d = buffer(h, s, theta, g);
    let mu = h.beta1;
    plain(h, theta, [d[0] + mu * s.m[0], d[1] + mu * s.m[1]])
}

fn equation(h: &Hyper) -> Equation {
    let mut e = buffer_lines(h);
    e.lines
        .push(theta_step(paren(vec![g(), op("+"), id("μ"), id("b")])));
    e
}
