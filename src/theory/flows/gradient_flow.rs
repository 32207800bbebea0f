//! Gradient flow θ̇ = −∇f(θ): where gradient descent with step η goes as η → 0, drawn at the
//! times t = n·η the discrete run reaches after n steps.

use super::ode::{dopri_sampled, Sampled, Tolerance};
use super::positive;
use crate::landscape::Gradient;
use crate::Vec2;

/// θ̇ = −∇f(θ) from `start` (the h → 0 flow of plain gradient descent; math.md §5, "GD / SGD"
/// row), integrated with adaptive Dormand–Prince 5(4) and sampled at t = n·`lr` for
/// n = 0..=`steps`. Err names a bad `lr` or `start`; a flow that leaves the finite numbers
/// stops there, its time in `stopped`.
pub fn gradient_flow<L: Gradient>(
    landscape: &L,
    start: Vec2,
    lr: f64,
    steps: usize,
    tol: Tolerance,
) -> Result<Sampled<2>, String> {
    positive("lr", lr)?;
    if !start.iter().all(|c| c.is_finite()) {
        return Err(format!("start must be finite, got {start:?}"));
    }
    let f = |_: f64, p: &Vec2| landscape.gradient(*p).map(|g| -g);
    Ok(dopri_sampled(f, 0.0, start, lr, steps, tol))
}
