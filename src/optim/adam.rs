//! Adam and its family: AdamW, AMSGrad and k-Adam, built on one adaptive-normalisation level.

use super::common::{ema_sq, lerp};
use super::level::{apply, stack, Level};
use super::{Hyper, State, Step, MAX_K};
use crate::Vec2;

/// Adam, torch.optim.Adam (with weight decay as L2, folded into g by the caller):
///
/// m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²;  m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ);
/// θ ← θ − η m̂ / (√v̂ + ε).
/// Switches: bias correction off (m̂ = m, v̂ = v); ε inside the root, m̂ / √(v̂ + ε), as
/// Cattaneo, Klusowski & Shigida, On the Implicit Bias of Adam (ICML 2024), Definition 1.1.
/// AdamW is this step after the decoupled decay θ ← θ(1 − ηλ) (Loshchilov & Hutter, ICLR 2019).
///
/// Kingma & Ba, Adam: A Method for Stochastic Optimization (ICLR 2015).
pub fn adam(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    stack(h, s, theta, g, 1)
}

/// AMSGrad, torch.optim.Adam(amsgrad = True): as Adam, with the running maximum of the
/// uncorrected v in the denominator: v_max ← max(v_max, v); θ ← θ − η m̂ / (√v_max/√(1 − β2ᵗ) + ε).
///
/// Reddi, Kale & Kumar, On the Convergence of Adam and Beyond (ICLR 2018).
pub fn amsgrad(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    let t = s.t as f64;
    let bc1 = 1.0 - h.beta1.powf(t);
    let bc2_sqrt = (1.0 - h.beta2.powf(t)).sqrt();
    let mut denom = [0.0; 2];
    for i in 0..2 {
        s.m[i] = lerp(s.m[i], g[i], 1.0 - h.beta1);
        s.v[i] = ema_sq(s.v[i], g[i], h.beta2);
        s.v_max[i] = s.v_max[i].max(s.v[i]);
        denom[i] = s.v_max[i].sqrt() / bc2_sqrt + h.eps;
    }
    let last = Level {
        ratio: [0, 1].map(|i| s.m[i] / denom[i]),
        denom,
        bc1,
    };
    apply(h, theta, s.m, &last, denom.map(|d| 1.0 / d))
}

/// k-Adam: adaptive normalisation applied k times, each level fed the previous level's output.
///
/// u⁽⁰⁾ = g;  for i = 1..k: m⁽ⁱ⁾ ← γᵢ m⁽ⁱ⁾ + (1 − γᵢ) u⁽ⁱ⁻¹⁾,  v⁽ⁱ⁾ ← βᵢ v⁽ⁱ⁾ + (1 − βᵢ)(u⁽ⁱ⁻¹⁾)²,
/// u⁽ⁱ⁾ = m̂⁽ⁱ⁾ / (√v̂⁽ⁱ⁾ + ε);  θ ← θ(1 − ηλ) − η u⁽ᵏ⁾.
/// k = 1 is Adam (AdamW with λ > 0) step for step; k = 2 is Adam with a normalisation layer.
/// Per-level decays, shared ε, and a bias correction on every level are RECONSTRUCTED.
///
/// Gould & Tanaka, Continuous-Time Analysis of Adaptive Optimization and Normalization (2024).
pub fn kadam(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    stack(h, s, theta, g, h.k.clamp(1, MAX_K))
}
