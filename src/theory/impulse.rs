//! The textbook probe of an update's stability: a gradient of 1 for a while, then 0.

use crate::optim::{Hyper, Optimizer, State};

/// ‖u‖∞ at each step of a rule fed g = (1, 1) for `on` steps and then g = 0, without end.
/// θ stays at the origin so weight decay adds nothing; only the recurrences act.
pub fn impulse<'a>(o: Optimizer, h: &'a Hyper, on: usize) -> impl Iterator<Item = f64> + 'a {
    let mut state = State::default();
    (0..).map(move |n| {
        let g = if n < on { [1.0, 1.0] } else { [0.0, 0.0] };
        crate::inf_norm(o.step(h, &mut state, [0.0, 0.0], g).update)
    })
}

/// The first `on + off` values of [`impulse`].
pub fn impulse_norms(o: Optimizer, h: &Hyper, on: usize, off: usize) -> Vec<f64> {
    impulse(o, h, on).take(on + off).collect()
}

/// Least-squares slope of ln‖u‖∞ over `norms[from..to]`: None if any is 0 or not finite.
pub fn log_slope(norms: &[f64], from: usize, to: usize) -> Option<f64> {
    super::log_slope(norms.get(from..to)?)
}
