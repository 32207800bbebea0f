//! ADOPT and its two ablations.

use super::common::{coupled, descend, ema_sq, lerp};
use super::{Hyper, State, Step};
use crate::Vec2;
use serde::{Deserialize, Serialize};

/// ADOPT or one of the paper's ablations ("both changes are essential").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdoptVariant {
    /// Normalise by the previous v, then take momentum.
    #[default]
    Full,
    /// DERIVED ablation: normalise by a v that already contains the current gradient.
    NoDecorrelation,
    /// DERIVED ablation: momentum of raw gradients, then normalise by the previous v (no clip).
    NoOrderChange,
}

impl AdoptVariant {
    pub const ALL: [AdoptVariant; 3] = [
        AdoptVariant::Full,
        AdoptVariant::NoDecorrelation,
        AdoptVariant::NoOrderChange,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AdoptVariant::Full => "full",
            AdoptVariant::NoDecorrelation => "no-decorrelation",
            AdoptVariant::NoOrderChange => "no-order-change",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.name() == name)
    }
}

/// ADOPT, as its official code (`src/adopt/adopt.py`):
///
/// first call: v ← g² and no move (t counts real updates from the next call);
/// then g̃ = g / max(√v, ε), clipped to ±t^¼ (switchable); m ← β1 m + (1 − β1) g̃;
/// θ ← θ − η m;  v ← β2 v + (1 − β2) g².
/// Weight decay is L2 (g ← g + λθ, also on the first call) or, with `decouple`,
/// θ ← θ(1 − ηλ) before each real update.
///
/// Taniguchi et al., ADOPT: Modified Adam Can Converge with Any β2 with the Optimal Rate
/// (NeurIPS 2024).
pub fn adopt(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2) -> Step {
    let g = if h.decouple { g } else { coupled(h, theta, g) };
    if s.t == 1 {
        s.v = [g[0] * g[0], g[1] * g[1]];
        return Step {
            theta,
            update: [0.0; 2],
            eff_lr: [0.0; 2],
        };
    }
    let t = (s.t - 1) as f64;
    // The official code's `param.add_(param, alpha=-lr*wd)`.
    let theta = if h.decouple && h.weight_decay != 0.0 {
        theta.map(|p| p + (-h.lr * h.weight_decay) * p)
    } else {
        theta
    };
    let mut eff = [0.0; 2];
    for i in 0..2 {
        if h.variant == AdoptVariant::NoDecorrelation {
            s.v[i] = ema_sq(s.v[i], g[i], h.beta2);
        }
        let denom = s.v[i].sqrt().max(h.eps);
        eff[i] = h.lr / denom;
        s.m[i] = match h.variant {
            AdoptVariant::NoOrderChange => lerp(s.m[i], g[i], 1.0 - h.beta1),
            _ => {
                let mut n = g[i] / denom;
                if h.clip {
                    let c = t.powf(0.25);
                    n = n.clamp(-c, c);
                }
                lerp(s.m[i], n, 1.0 - h.beta1)
            }
        };
    }
    let u = match h.variant {
        AdoptVariant::NoOrderChange => [0, 1].map(|i| s.m[i] / s.v[i].sqrt().max(h.eps)),
        _ => s.m,
    };
    if h.variant != AdoptVariant::NoDecorrelation {
        for i in 0..2 {
            s.v[i] = ema_sq(s.v[i], g[i], h.beta2);
        }
    }
    Step {
        theta: descend(theta, u, h.lr),
        update: u,
        eff_lr: eff,
    }
}
