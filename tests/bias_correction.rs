#![cfg(not(target_arch = "wasm32"))]
//! The bias corrections 1 − βᵗ come from powers cached in the state, not from a `powf` per
//! step; the trajectories must be those of `1.0 - β.powf(t)` bit for bit, also when a slider
//! changes a decay or the switch mid-run.

use optiscape::landscape::{Gradient, Landscape};
use optiscape::optim::{Hyper, Optimizer, State, Step};

/// torch.lerp as torch computes it.
fn lerp(start: f64, end: f64, w: f64) -> f64 {
    if w < 0.5 {
        start + w * (end - start)
    } else {
        end - (end - start) * (1.0 - w)
    }
}

/// Hyperparameters at step t: both decays move, come back, and bias correction goes off for
/// a hundred steps, so the cached powers meet a new base, an old one, and a jump in t. Steps 494
/// (β2 = 0.9999) and 548 (β1 = 0.998) are among those where glibc's pow is not correctly
/// rounded.
fn schedule(h: &mut Hyper, t: u64) {
    match t {
        300 => h.beta2 = 0.99,
        301 => h.beta1 = 0.5,
        450 => {
            h.beta1 = 0.998;
            h.beta2 = 0.9999
        }
        600 => {
            h.beta1 = 0.9;
            h.beta2 = 0.999
        }
        700 => h.bias_correction = false,
        800 => h.bias_correction = true,
        _ => {}
    }
}

/// Adam, AMSGrad and Adamax written out with `powf`, as before the powers were cached.
fn reference(o: Optimizer, h: &Hyper, s: &mut State, theta: [f64; 2], g: [f64; 2]) -> Step {
    s.t += 1;
    let t = s.t as f64;
    let (bc1, bc2) = if h.bias_correction || o != Optimizer::Adam {
        (1.0 - h.beta1.powf(t), 1.0 - h.beta2.powf(t))
    } else {
        (1.0, 1.0)
    };
    let mut out = Step {
        theta,
        update: [0.0; 2],
        eff_lr: [0.0; 2],
    };
    for i in 0..2 {
        s.m[i] = lerp(s.m[i], g[i], 1.0 - h.beta1);
        if o == Optimizer::Adamax {
            s.v[i] = (s.v[i] * h.beta2).max(g[i].abs() + h.eps);
            let clr = h.lr / bc1;
            out.theta[i] = theta[i] + (-clr * s.m[i]) / s.v[i];
            out.update[i] = s.m[i] / bc1 / s.v[i];
            out.eff_lr[i] = clr / s.v[i];
            continue;
        }
        s.v[i] = s.v[i] * h.beta2 + (1.0 - h.beta2) * g[i] * g[i];
        s.v_max[i] = s.v_max[i].max(s.v[i]);
        let v = if o == Optimizer::AmsGrad {
            s.v_max[i]
        } else {
            s.v[i]
        };
        let denom = v.sqrt() / bc2.sqrt() + h.eps;
        out.theta[i] = theta[i] + (-(h.lr / bc1) * s.m[i]) / denom;
        out.update[i] = s.m[i] / denom / bc1;
        out.eff_lr[i] = h.lr * (1.0 / denom);
    }
    out
}

/// θ alone would hide most one-ulp changes of 1 − βᵗ (a step of 10⁻³ added to θ ≈ 1 loses
/// them); the update carries 1 − β1ᵗ and the effective rate √(1 − β2ᵗ) to the last bit.
#[test]
fn adam_amsgrad_and_adamax_equal_powf_step_for_step() {
    let l = Landscape::Rosenbrock;
    for o in [Optimizer::Adam, Optimizer::AmsGrad, Optimizer::Adamax] {
        let mut h = Hyper {
            lr: 1e-3,
            ..o.spec().defaults
        };
        let (mut s, mut r) = (State::default(), State::default());
        let mut theta = [-1.5, 2.0];
        for t in 1..=3000u64 {
            schedule(&mut h, t);
            let g = l.gradient(theta);
            let got = o.step(&h, &mut s, theta, g);
            let want = reference(o, &h, &mut r, theta, g);
            let bits = |s: Step| [s.theta, s.update, s.eff_lr].map(|v| v.map(f64::to_bits));
            assert_eq!(
                bits(got),
                bits(want),
                "{o:?} at step {t}: {got:?} vs {want:?}"
            );
            theta = got.theta;
        }
    }
}

/// A state with the same moments and no cached powers.
fn uncached(s: &State) -> State {
    let mut fresh = State::default();
    fresh.t = s.t;
    fresh.m = s.m;
    fresh.v = s.v;
    fresh.v_max = s.v_max;
    fresh.upper = s.upper.clone();
    fresh
}

/// Every rule with bias corrections, k-Adam's levels with their own decays among them, steps
/// alike from a state that carries its powers and from one that computes them afresh.
#[test]
fn cached_and_fresh_powers_step_alike() {
    let l = Landscape::Rosenbrock;
    for o in [
        Optimizer::Adam,
        Optimizer::AdamW,
        Optimizer::AmsGrad,
        Optimizer::Adamax,
        Optimizer::KAdam,
    ] {
        let mut h = Hyper {
            lr: 1e-3,
            k: 3,
            levels: vec![[0.8, 0.99], [0.95, 0.9999]],
            ..o.spec().defaults
        };
        let mut s = State::default();
        let mut theta = [-1.5, 2.0];
        for t in 1..=1500u64 {
            schedule(&mut h, t);
            if t == 1000 {
                h.levels[1] = [0.5, 0.9];
            }
            let g = l.gradient(theta);
            let mut fresh = uncached(&s);
            let want = o.step(&h, &mut fresh, theta, g);
            let got = o.step(&h, &mut s, theta, g);
            assert_eq!(got, want, "{o:?} at step {t}");
            assert_eq!(s, fresh, "{o:?} at step {t}");
            theta = got.theta;
        }
    }
}
