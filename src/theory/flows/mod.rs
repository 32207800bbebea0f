//! Continuous-time flows the papers compare with discrete optimizers, sampled at the
//! optimizer's steps so an overlay can draw them beside the real run:
//!
//! * [`gradient_flow`]: θ̇ = −∇f, the h → 0 limit of gradient descent;
//! * [`modified`]: Cattaneo, Klusowski & Shigida's first-order modified flow of Adam
//!   (math.md §3.3, DERIVED) and its plain (leading-order) flow, with the one-norm quantities
//!   of §3.2;
//! * [`continuous_adam`]: Gould & Tanaka's continuous-time Adam/AdamW (math.md §2.3,
//!   RECONSTRUCTED) and the max-update bound of §2.4 (DERIVED);
//! * [`ode`]: the integrators they share.

pub mod continuous_adam;
pub mod gradient_flow;
pub mod h_sweep;
pub mod modified;
pub mod ode;

use crate::Vec2;

/// Euclidean distance between a flow and a discrete path, sample by sample (as many as the
/// shorter of the two has).
pub fn distances(flow: &[Vec2], path: &[Vec2]) -> Vec<f64> {
    flow.iter()
        .zip(path)
        .map(|(a, b)| (a[0] - b[0]).hypot(a[1] - b[1]))
        .collect()
}

/// The largest of [`distances`]: NaN if any distance is NaN, so a broken flow never reads
/// as a close one; 0 for empty paths.
pub fn max_distance(flow: &[Vec2], path: &[Vec2]) -> f64 {
    distances(flow, path).into_iter().fold(0.0, |a, d| {
        if a.is_nan() || d.is_nan() {
            f64::NAN
        } else {
            a.max(d)
        }
    })
}

/// A finite, non-negative hyperparameter, or an error naming it.
pub(crate) fn non_negative(name: &'static str, v: f64) -> Result<f64, String> {
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(format!("{name} must be finite and ≥ 0, got {v}"))
    }
}

/// A decay in [0, 1), or an error naming it.
pub(crate) fn decay(name: &'static str, v: f64) -> Result<f64, String> {
    if v.is_finite() && (0.0..1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{name} must be in [0, 1), got {v}"))
    }
}

/// A finite, positive learning rate, or an error naming it.
pub(crate) fn positive(name: &'static str, v: f64) -> Result<f64, String> {
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(format!("{name} must be finite and > 0, got {v}"))
    }
}
