//! Adam and its family: AdamW, AMSGrad and k-Adam, built on one adaptive-normalisation level.

use super::{ema_sq, lerp, Hyper, State, Step, MAX_K};
use crate::Vec2;

/// One adaptive-normalisation level fed with x at step t:
/// m ← γ m + (1 − γ) x;  v ← β v + (1 − β) x²;  returns m / denom and 1 − γᵗ, where
/// denom = √v / √(1 − βᵗ) + ε, or √(v / (1 − βᵗ) + ε) with ε inside the root, and the
/// corrections are 1 when bias correction is off.
struct Level {
    /// m / denom, before the first-moment correction.
    ratio: Vec2,
    denom: Vec2,
    bc1: f64,
}

fn level(h: &Hyper, decays: [f64; 2], mv: &mut [Vec2; 2], x: Vec2, t: u64) -> Level {
    let [gamma, beta] = decays;
    let (bc1, bc2) = if h.bias_correction {
        (1.0 - gamma.powf(t as f64), 1.0 - beta.powf(t as f64))
    } else {
        (1.0, 1.0)
    };
    let mut out = Level {
        ratio: [0.0; 2],
        denom: [0.0; 2],
        bc1,
    };
    for i in 0..2 {
        mv[0][i] = lerp(mv[0][i], x[i], 1.0 - gamma);
        mv[1][i] = ema_sq(mv[1][i], x[i], beta);
        out.denom[i] = if h.eps_inside {
            (mv[1][i] / bc2 + h.eps).sqrt()
        } else {
            mv[1][i].sqrt() / bc2.sqrt() + h.eps
        };
        out.ratio[i] = mv[0][i] / out.denom[i];
    }
    out
}

/// The last level's step, as torch's `param.addcdiv_(m, denom, value=-lr/bc1)`.
fn apply(h: &Hyper, theta: Vec2, m: Vec2, last: &Level, eff_scale: Vec2) -> Step {
    let step_size = h.lr / last.bc1;
    Step {
        theta: [0, 1].map(|i| theta[i] + (-step_size * m[i]) / last.denom[i]),
        update: last.ratio.map(|r| r / last.bc1),
        eff_lr: eff_scale.map(|e| h.lr * e),
    }
}

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
    kadam_levels(h, s, theta, g, 1)
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
    kadam_levels(h, s, theta, g, h.k.clamp(1, MAX_K))
}

fn kadam_levels(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2, k: usize) -> Step {
    s.upper.resize(k - 1, [[0.0; 2]; 2]);
    let mut mv = [s.m, s.v];
    let mut out = level(h, h.level(1), &mut mv, g, s.t);
    [s.m, s.v] = mv;
    let mut eff = out.denom.map(|d| 1.0 / d);
    let mut m_last = s.m;
    for i in 2..=k {
        let input = out.ratio.map(|r| r / out.bc1);
        let mv = &mut s.upper[i - 2];
        out = level(h, h.level(i), mv, input, s.t);
        m_last = mv[0];
        eff = [0, 1].map(|j| eff[j] / out.denom[j]);
    }
    apply(h, theta, m_last, &out, eff)
}
