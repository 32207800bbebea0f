//! Gould & Tanaka, Continuous-Time Analysis of Adaptive Optimization and Normalization
//! (arXiv 2411.05746): Adam/AdamW as an ODE in time counted in steps, and the bound on its
//! max-update.
//!
//! Names: γ is the momentum decay (torch β1), β the second-moment decay (torch β2), η the
//! learning rate and λ the decoupled weight decay (math.md §2.1).

use super::ode::{rk4_sampled, OdeError};
use super::{decay, non_negative, positive};
use crate::landscape::Gradient;
use crate::optim::{Hyper, Optimizer};
use crate::Vec2;

/// Adam/AdamW in Gould & Tanaka's names (math.md §2.2, RECONSTRUCTED).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GtAdam {
    /// Learning rate η.
    pub eta: f64,
    /// Momentum decay γ (torch β1); 0 is RMSProp-like, m̂ = g.
    pub gamma: f64,
    /// Second-moment decay β (torch β2); 0 gives v̂ = g².
    pub beta: f64,
    pub eps: f64,
    /// ε inside the root, m̂/√(v̂ + ε), as the crate's switch; Gould & Tanaka's Adam has it
    /// outside.
    pub eps_inside: bool,
    /// Decoupled weight decay λ (AdamW); 0 is Adam.
    pub lambda: f64,
    pub bias_correction: bool,
}

impl GtAdam {
    /// The crate's Adam (weight decay must be 0: torch's Adam folds it into g, which this
    /// model does not) or AdamW (λ = weight_decay) with `hyper`; other rules are an error.
    pub fn from_hyper(optimizer: Optimizer, hyper: &Hyper) -> Result<Self, String> {
        let lambda = match optimizer {
            Optimizer::Adam if hyper.weight_decay != 0.0 => {
                return Err(format!(
                    "weight_decay must be 0 for Adam's continuous model (use AdamW), got {}",
                    hyper.weight_decay
                ))
            }
            Optimizer::Adam => 0.0,
            Optimizer::AdamW => hyper.weight_decay,
            other => return Err(format!("no continuous model for {}", other.name())),
        };
        let out = GtAdam {
            eta: hyper.lr,
            gamma: hyper.beta1,
            beta: hyper.beta2,
            eps: hyper.eps,
            eps_inside: hyper.eps_inside,
            lambda,
            bias_correction: hyper.bias_correction,
        };
        out.check()?;
        Ok(out)
    }

    /// Every field finite and in range; the error names the bad one.
    pub fn check(&self) -> Result<(), String> {
        positive("eta (lr)", self.eta)?;
        decay("gamma (torch β1)", self.gamma)?;
        decay("beta (torch β2)", self.beta)?;
        non_negative("eps", self.eps)?;
        non_negative("lambda (weight_decay)", self.lambda)?;
        Ok(())
    }

    /// The EMA rates per step a = (1 − γ)/γ, b = (1 − β)/β (math.md §2.3); ∞ for a zero decay.
    pub fn rates(&self) -> [f64; 2] {
        [self.gamma, self.beta].map(|d| {
            if d == 0.0 {
                f64::INFINITY
            } else {
                (1.0 - d) / d
            }
        })
    }
}

/// Whether θ keeps the ½θ̈ term of the Taylor expansion (math.md §2.3, RECONSTRUCTED).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThetaOrder {
    /// dθ/dτ + ½ d²θ/dτ² = −η(u + λθ): the paper's model.
    Second,
    /// dθ/dτ = −η(u + λθ): the switch that drops the second-order term.
    First,
}

/// The model's state at time τ (in steps): θ, θ̇ = dθ/dτ, and the moments m, v.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GtState {
    pub tau: f64,
    pub theta: Vec2,
    pub theta_dot: Vec2,
    pub m: Vec2,
    pub v: Vec2,
    /// u(τ) = m̂/(√v̂ + ε), the max-update's argument.
    pub update: Vec2,
}

/// A run of the model sampled at τ = 0, 1, …, and why it stopped early if it did.
#[derive(Clone, Debug, PartialEq)]
pub struct GtPath {
    pub states: Vec<GtState>,
    pub stopped: Option<OdeError>,
}

impl GtPath {
    pub fn thetas(&self) -> Vec<Vec2> {
        self.states.iter().map(|s| s.theta).collect()
    }
}

/// 1 − e^{−rτ} without cancellation at small rτ; 1 for an infinite rate.
fn settle(rate: f64, tau: f64) -> f64 {
    if rate.is_infinite() {
        1.0
    } else {
        -(-rate * tau).exp_m1()
    }
}

/// u(τ) = m̂/(√v̂ + ε) with m̂ = m/(1 − e^{−aτ}), v̂ = v/(1 − e^{−bτ}) (math.md §2.3,
/// RECONSTRUCTED); at τ = 0 the corrected moments take their limits g and g². A zero decay
/// makes that moment follow g exactly.
fn update(p: &GtAdam, g: Vec2, m: Vec2, v: Vec2, tau: f64) -> Vec2 {
    let [a, b] = p.rates();
    [0, 1].map(|i| {
        let mh = if a.is_infinite() || (p.bias_correction && tau <= 0.0) {
            g[i]
        } else if p.bias_correction {
            m[i] / settle(a, tau)
        } else {
            m[i]
        };
        let vh = if b.is_infinite() || (p.bias_correction && tau <= 0.0) {
            g[i] * g[i]
        } else if p.bias_correction {
            v[i] / settle(b, tau)
        } else {
            v[i]
        };
        let d = if p.eps_inside {
            (vh.max(0.0) + p.eps).sqrt()
        } else {
            vh.max(0.0).sqrt() + p.eps
        };
        if d == 0.0 {
            0.0
        } else {
            mh / d
        }
    })
}

/// Gould & Tanaka's continuous-time Adam/AdamW (math.md §2.3, RECONSTRUCTED), in τ = time in
/// steps, state (θ, θ̇, m, v):
///
/// dm/dτ = a(g − m), dv/dτ = b(g² − v), a = (1 − γ)/γ, b = (1 − β)/β, g = ∇f(θ);
/// u = m̂/(√v̂ + ε);  d²θ/dτ² = −2 dθ/dτ − 2η(u + λθ)  (or dθ/dτ = −η(u + λθ) with
/// [`ThetaOrder::First`]), θ̇(0) = −η(u(0) + λθ₀), m(0) = v(0) = 0.
///
/// Classical RK4 with `substeps` per step (math.md §7: 10–40), sampled at τ = 0..=`steps` so
/// sample n sits beside discrete θₙ. Err names a bad hyperparameter or start.
pub fn continuous_adam<L: Gradient>(
    landscape: &L,
    p: &GtAdam,
    order: ThetaOrder,
    start: Vec2,
    steps: usize,
    substeps: usize,
) -> Result<GtPath, String> {
    p.check()?;
    if !start.iter().all(|c| c.is_finite()) {
        return Err(format!("start must be finite, got {start:?}"));
    }
    let [a, b] = p.rates();
    let drive = |theta: Vec2, u: Vec2| [0, 1].map(|i| -p.eta * (u[i] + p.lambda * theta[i]));
    let f = |tau: f64, y: &[f64; 8]| {
        let theta = [y[0], y[1]];
        let (m, v) = ([y[4], y[5]], [y[6], y[7]]);
        let g = landscape.gradient(theta);
        let u = update(p, g, m, v, tau);
        let force = drive(theta, u);
        let mut d = [0.0; 8];
        match order {
            ThetaOrder::Second => {
                for i in 0..2 {
                    d[i] = y[2 + i];
                    d[2 + i] = 2.0 * (force[i] - y[2 + i]);
                }
            }
            // θ̇ is slaved to the force; its slot is refreshed after each sample.
            ThetaOrder::First => d[..2].copy_from_slice(&force),
        }
        for i in 0..2 {
            // An infinite rate means the moment is g itself, read in `update`; keep it at 0.
            d[4 + i] = if a.is_infinite() {
                0.0
            } else {
                a * (g[i] - m[i])
            };
            d[6 + i] = if b.is_infinite() {
                0.0
            } else {
                b * (g[i] * g[i] - v[i])
            };
        }
        d
    };
    let g0 = landscape.gradient(start);
    let v0 = drive(start, update(p, g0, [0.0; 2], [0.0; 2], 0.0));
    let y0 = [start[0], start[1], v0[0], v0[1], 0.0, 0.0, 0.0, 0.0];
    let run = rk4_sampled(f, 0.0, y0, 1.0, steps, substeps);
    let states = run
        .points
        .iter()
        .enumerate()
        .map(|(n, y)| {
            let tau = n as f64;
            let theta = [y[0], y[1]];
            let (m, v) = ([y[4], y[5]], [y[6], y[7]]);
            let u = update(p, landscape.gradient(theta), m, v, tau);
            let theta_dot = match order {
                ThetaOrder::Second => [y[2], y[3]],
                ThetaOrder::First => drive(theta, u),
            };
            GtState {
                tau,
                theta,
                theta_dot,
                m,
                v,
                update: u,
            }
        })
        .collect();
    Ok(GtPath {
        states,
        stopped: run.stopped,
    })
}

/// Bound on |u_i(τ)| for ε = 0 (math.md §2.4, DERIVED Cauchy–Schwarz bound of the paper's
/// continuous model): (a/√b)·√((1 − e^{−Cτ})/C), C = 2a − b = C(β, γ), a = (1−γ)/γ,
/// b = (1−β)/β; → ((1−γ)/γ)√(β/((1−β)C)) when C > 0, grows as e^{|C|τ/2} when C < 0. With
/// bias correction it is multiplied by √(1 − e^{−bτ})/(1 − e^{−aτ}) (1 at τ = 0). Here β is
/// the second-moment decay (torch β2) and γ the momentum decay (torch β1), both in (0, 1).
pub fn max_update_bound(
    beta: f64,
    gamma: f64,
    tau: f64,
    bias_correction: bool,
) -> Result<f64, String> {
    decay("beta (torch β2)", beta)?;
    decay("gamma (torch β1)", gamma)?;
    if beta == 0.0 || gamma == 0.0 {
        return Err("beta and gamma must be > 0: the continuous bound degenerates at 0".into());
    }
    non_negative("tau", tau)?;
    let a = (1.0 - gamma) / gamma;
    let b = (1.0 - beta) / beta;
    let c = 2.0 * a - b;
    let kernel = if c == 0.0 {
        tau
    } else {
        -(-c * tau).exp_m1() / c
    };
    let raw = a / b.sqrt() * kernel.sqrt();
    if !bias_correction {
        return Ok(raw);
    }
    if tau == 0.0 {
        return Ok(1.0);
    }
    Ok(raw * settle(b, tau).sqrt() / settle(a, tau))
}

/// The exact discrete analogue for Adam without bias correction and ε = 0 after n gradients
/// (math.md §2.4, DERIVED, VERIFIED-NUM): |m_n|/√v_n ≤ (1−γ)/√(1−β) · √((1 − (γ²/β)ⁿ)/(1 − γ²/β)),
/// bounded iff γ² < β. β = second-moment decay (torch β2), γ = momentum (torch β1).
pub fn discrete_max_update_bound(beta: f64, gamma: f64, n: u64) -> Result<f64, String> {
    decay("beta (torch β2)", beta)?;
    decay("gamma (torch β1)", gamma)?;
    if beta == 0.0 {
        return Ok(if n == 0 { 0.0 } else { 1.0 });
    }
    let r = gamma * gamma / beta;
    let sum = if (r - 1.0).abs() < 1e-12 {
        n as f64
    } else {
        (1.0 - r.powf(n as f64)) / (1.0 - r)
    };
    Ok((1.0 - gamma) / (1.0 - beta).sqrt() * sum.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bound_limits_match_math_md() {
        // §2.4 table: (β, γ) = (0.999, 0.9) → 7.47, (0.99, 0.9) → 2.40, (0.9, 0.9) → 1.00.
        for (beta, gamma, want) in [(0.999, 0.9, 7.47), (0.99, 0.9, 2.40), (0.9, 0.9, 1.00)] {
            let b = max_update_bound(beta, gamma, 1e9, false).unwrap();
            assert!((b - want).abs() < 0.01, "{beta} {gamma}: {b}");
        }
        for (beta, gamma, want) in [(0.999, 0.9, 7.27), (0.99, 0.9, 2.35), (0.95, 0.9, 1.17)] {
            let b = discrete_max_update_bound(beta, gamma, 1 << 40).unwrap();
            assert!((b - want).abs() < 0.01, "{beta} {gamma}: {b}");
        }
        // Outside the region (C < 0) the bound grows at |C|/2 per step.
        let c = crate::theory::stability_margin(0.9, 0.99);
        let (b1, b2) = (
            max_update_bound(0.9, 0.99, 400.0, false).unwrap(),
            max_update_bound(0.9, 0.99, 500.0, false).unwrap(),
        );
        assert!(((b2 / b1).ln() / 100.0 - c.abs() / 2.0).abs() < 1e-6);
        assert_eq!(max_update_bound(0.9, 0.9, 0.0, true), Ok(1.0));
        assert!(max_update_bound(f64::NAN, 0.9, 1.0, true)
            .unwrap_err()
            .contains("beta"));
        assert!(max_update_bound(0.9, 1.0, 1.0, true)
            .unwrap_err()
            .contains("gamma"));
    }
}
