//! Cattaneo, Klusowski & Shigida, On the Implicit Bias of Adam (ICML 2024): the flow full-batch
//! Adam follows to first order in its step h, and the quantities that say what it biases.
//!
//! Names: the paper's h is the learning rate, its β the momentum decay (torch β1, Gould &
//! Tanaka's γ) and its ρ the second-moment decay (torch β2, Gould & Tanaka's β); math.md §1.5.

use super::ode::{dopri_sampled, rk4_sampled, Sampled, Tolerance};
use super::{decay, non_negative, positive};
use crate::landscape::{Gradient, Hessian};
use crate::optim::{Hyper, Optimizer, State};
use crate::Vec2;

/// Bias-corrected Adam in the paper's notation (Definition 1.1, math.md §3.1): step `h`,
/// momentum decay `beta` (torch β1), second-moment decay `rho` (torch β2), `eps` inside the
/// root (the paper's default, m̂/√(v̂ + ε)) or outside it (torch's, m̂/(√v̂ + ε)).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PaperAdam {
    pub h: f64,
    pub beta: f64,
    pub rho: f64,
    pub eps: f64,
    pub eps_inside: bool,
}

impl PaperAdam {
    /// Checks every field; the error names the bad one.
    pub fn new(h: f64, beta: f64, rho: f64, eps: f64, eps_inside: bool) -> Result<Self, String> {
        Ok(PaperAdam {
            h: positive("h (lr)", h)?,
            beta: decay("beta (torch β1)", beta)?,
            rho: decay("rho (torch β2)", rho)?,
            eps: non_negative("eps", eps)?,
            eps_inside,
        })
    }

    /// The run the crate's Adam makes with `hyper`: ε where its `eps_inside` switch puts it
    /// (outside by default, as torch). The flow is derived for bias-corrected Adam without
    /// weight decay, so anything else is an error.
    pub fn from_hyper(hyper: &Hyper) -> Result<Self, String> {
        if !hyper.bias_correction {
            return Err("bias_correction must be on: the flow is derived for it".into());
        }
        if hyper.weight_decay != 0.0 {
            return Err(format!(
                "weight_decay must be 0 for this flow, got {}",
                hyper.weight_decay
            ));
        }
        Self::new(
            hyper.lr,
            hyper.beta1,
            hyper.beta2,
            hyper.eps,
            hyper.eps_inside,
        )
    }

    /// The crate's Adam hyperparameters for this run.
    pub fn hyper(&self) -> Hyper {
        Hyper {
            lr: self.h,
            beta1: self.beta,
            beta2: self.rho,
            eps: self.eps,
            eps_inside: self.eps_inside,
            bias_correction: true,
            weight_decay: 0.0,
            ..Hyper::default()
        }
    }

    /// R_j: √(g_j² + ε) with ε inside the root, |g_j| + ε outside (math.md §3.3).
    fn denom(&self, g: f64) -> f64 {
        if self.eps_inside {
            (g * g + self.eps).sqrt()
        } else {
            g.abs() + self.eps
        }
    }
}

/// Which flow: all DERIVED in math.md §3.3.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowOrder {
    /// θ̇_j = −∂_jE / R_j: the h → 0 limit of Adam (sign-like for small ε), error O(h).
    Leading,
    /// θ̇_j = −(1/R_j)[∂_jE + h(M_β(n) − M_ρ(n) + (M_ρ(n) + ½)·ε/R_j^q) ∂_jN], n = t/h,
    /// q = 2 with ε inside (N = ‖∇E‖₁,ε) and q = 1 outside (N = G); error O(h²).
    Modified,
    /// [`FlowOrder::Modified`] with M_β, M_ρ at their limits β/(1−β), ρ/(1−ρ): the form
    /// "after the bias-correction transient" of math.md §3.3.
    ModifiedLimit,
}

/// The bias-corrected memory coefficient M_β(n) = β/(1−β) − (n+1)β^{n+1}/(1−β^{n+1})
/// (math.md §3.3, DERIVED), at a continuous n ≥ 0; M_0 ≡ 0, M_β(0) = 0, → β/(1−β).
pub fn memory(beta: f64, n: f64) -> f64 {
    if beta <= 0.0 {
        return 0.0;
    }
    let p = beta.powf(n + 1.0);
    let tail = if p == 0.0 {
        0.0
    } else {
        (n + 1.0) * p / (1.0 - p)
    };
    beta / (1.0 - beta) - tail
}

/// The flow's velocity at θ and time t (math.md §3.3, DERIVED).
pub fn velocity<L: Gradient + Hessian>(
    landscape: &L,
    adam: &PaperAdam,
    order: FlowOrder,
    theta: Vec2,
    t: f64,
) -> Vec2 {
    let g = landscape.gradient(theta);
    let r = g.map(|g| adam.denom(g));
    let f0 = [-g[0] / r[0], -g[1] / r[1]];
    let (mb, mr) = match order {
        FlowOrder::Leading => return f0,
        FlowOrder::Modified => {
            let n = (t / adam.h).max(0.0);
            (memory(adam.beta, n), memory(adam.rho, n))
        }
        FlowOrder::ModifiedLimit => (
            memory(adam.beta, f64::INFINITY),
            memory(adam.rho, f64::INFINITY),
        ),
    };
    // (H f₀)_j = −∂_jN: N = ‖∇E‖₁,ε inside the root, G outside (math.md §3.3).
    let hm = landscape.hessian(theta);
    let a = [
        hm[0][0] * f0[0] + hm[0][1] * f0[1],
        hm[1][0] * f0[0] + hm[1][1] * f0[1],
    ];
    [0, 1].map(|j| {
        let extra = if adam.eps_inside {
            adam.eps / (r[j] * r[j])
        } else {
            adam.eps / r[j]
        };
        f0[j] + adam.h * (a[j] / r[j]) * (mb - mr + (mr + 0.5) * extra)
    })
}

/// How to integrate a flow.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Integrator {
    /// Classical RK4 with this many sub-steps per optimizer step (math.md §7: 10–40).
    Rk4 { substeps: usize },
    /// Dormand–Prince 5(4) with error control.
    Adaptive(Tolerance),
}

/// The flow from `start`, sampled at t = n·h for n = 0..=`steps`, beside discrete Adam's θₙ
/// (math.md §3.3, DERIVED). Err names a bad start; a flow that leaves the finite numbers stops
/// there, its time in `stopped`.
pub fn adam_flow<L: Gradient + Hessian>(
    landscape: &L,
    adam: &PaperAdam,
    order: FlowOrder,
    start: Vec2,
    steps: usize,
    integrator: Integrator,
) -> Result<Sampled<2>, String> {
    if !start.iter().all(|c| c.is_finite()) {
        return Err(format!("start must be finite, got {start:?}"));
    }
    let f = |t: f64, p: &Vec2| velocity(landscape, adam, order, *p, t);
    Ok(match integrator {
        Integrator::Rk4 { substeps } => rk4_sampled(f, 0.0, start, adam.h, steps, substeps),
        Integrator::Adaptive(tol) => dopri_sampled(f, 0.0, start, adam.h, steps, tol),
    })
}

/// The crate's own Adam (`Optimizer::Adam`) on `landscape` from `start`: θ₀..θ_steps, cut
/// where θ or the gradient stops being finite. The path the flows are measured against.
pub fn adam_path<L: Gradient>(
    landscape: &L,
    adam: &PaperAdam,
    start: Vec2,
    steps: usize,
) -> Vec<Vec2> {
    let hyper = adam.hyper();
    let mut state = State::default();
    let mut theta = start;
    let mut out = Vec::with_capacity(steps + 1);
    out.push(theta);
    for _ in 0..steps {
        let g = landscape.gradient(theta);
        if !g.iter().all(|c| c.is_finite()) {
            break;
        }
        theta = Optimizer::Adam.step(&hyper, &mut state, theta, g).theta;
        if !theta.iter().all(|c| c.is_finite()) {
            break;
        }
        out.push(theta);
    }
    out
}

/// c = β/(1−β) − ρ/(1−ρ) in the paper's names, i.e. torch β1/(1−β1) − β2/(1−β2) (math.md
/// §3.3, DERIVED): the coefficient of h·‖∇E‖₁ in the modified loss while √ε ≪ |∂E|.
/// NaN unless both decays are in [0, 1).
pub fn coefficient(beta1: f64, beta2: f64) -> f64 {
    if decay("beta1", beta1).is_err() || decay("beta2", beta2).is_err() {
        return f64::NAN;
    }
    beta1 / (1.0 - beta1) - beta2 / (1.0 - beta2)
}

/// What the first-order term does to the perturbed one-norm (math.md §3.3 table, DERIVED).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// c > 0 (β > ρ, torch β1 > β2): implicit regularisation, Adam penalises ‖∇E‖₁,ε.
    Penalises,
    /// c < 0 (ρ > β, the usual case): Adam anti-penalises, impeding its reduction.
    Impedes,
    /// c = 0 (β = ρ): no first-order one-norm term.
    Neutral,
}

impl Verdict {
    /// The sign of c; None when c is NaN.
    pub fn of(c: f64) -> Option<Verdict> {
        if c.is_nan() {
            None
        } else if c > 0.0 {
            Some(Verdict::Penalises)
        } else if c < 0.0 {
            Some(Verdict::Impedes)
        } else {
            Some(Verdict::Neutral)
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Verdict::Penalises => "penalises the perturbed one-norm (DERIVED, math.md §3.3)",
            Verdict::Impedes => {
                "impedes the perturbed one-norm's reduction (DERIVED, math.md §3.3)"
            }
            Verdict::Neutral => "no first-order one-norm term (DERIVED, math.md §3.3)",
        }
    }
}

/// Per coordinate ε/(g² + ε) with ε inside the root, ε/(|g| + ε) outside (math.md §6, paper
/// 2, "Quantities panel"): near 0 the step is sign-like and c's verdict applies; near 1 Adam
/// acts as momentum GD with step h/√ε, which penalises ‖∇E‖₂² instead (§3.3 table, DERIVED).
pub fn regime(g: Vec2, eps: f64, eps_inside: bool) -> Vec2 {
    g.map(|g| {
        let d = if eps_inside {
            g * g + eps
        } else {
            g.abs() + eps
        };
        if d == 0.0 {
            0.0
        } else {
            eps / d
        }
    })
}

/// The perturbed one-norm ‖g‖₁,ε = Σ_i √(g_i² + ε) (math.md §3.2, PAPER).
pub fn perturbed_one_norm(g: Vec2, eps: f64) -> f64 {
    g.iter().map(|x| (x * x + eps).sqrt()).sum()
}

/// G = Σ_k (|g_k| − ε ln(|g_k| + ε)), what the one-norm becomes with ε outside the root
/// (math.md §3.3, DERIVED); → ‖g‖₁ as ε → 0.
pub fn outside_potential(g: Vec2, eps: f64) -> f64 {
    g.iter()
        .map(|x| {
            let a = x.abs();
            if eps == 0.0 {
                a
            } else {
                a - eps * (a + eps).ln()
            }
        })
        .sum()
}

/// The perturbed one-norm at one point of a path and its integral so far.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OneNormPoint {
    /// t = n·h.
    pub t: f64,
    /// ‖∇E(θₙ)‖₁,ε.
    pub norm: f64,
    /// ∫₀ᵗ ‖∇E(θ(s))‖₁,ε ds by the trapezoid rule over the samples.
    pub integral: f64,
}

/// ‖∇E‖₁,ε (math.md §3.2, PAPER) along `path` (θ₀, θ₁, … at t = n·h) with its running
/// integral in t.
pub fn one_norm_along<L: Gradient>(
    landscape: &L,
    path: &[Vec2],
    h: f64,
    eps: f64,
) -> Vec<OneNormPoint> {
    let mut out: Vec<OneNormPoint> = Vec::with_capacity(path.len());
    for (n, p) in path.iter().enumerate() {
        let norm = perturbed_one_norm(landscape.gradient(*p), eps);
        let integral = match out.last() {
            Some(prev) => prev.integral + 0.5 * h * (prev.norm + norm),
            None => 0.0,
        };
        out.push(OneNormPoint {
            t: n as f64 * h,
            norm,
            integral,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_starts_at_zero_and_tends_to_its_limit() {
        for beta in [0.5, 0.9, 0.999] {
            assert!(memory(beta, 0.0).abs() < 1e-9 * beta / (1.0 - beta));
            let lim = beta / (1.0 - beta);
            assert!((memory(beta, 1e7) - lim).abs() < 1e-6 * lim);
            assert!(memory(beta, 10.0) < memory(beta, 20.0));
        }
        assert_eq!(memory(0.0, 5.0), 0.0);
    }

    #[test]
    fn coefficient_matches_the_table_and_guards_its_domain() {
        for (b, r, c) in [
            (0.9, 0.999, -990.0),
            (0.9, 0.99, -90.0),
            (0.95, 0.9, 10.0),
            (0.0, 0.99, -99.0),
        ] {
            assert!((coefficient(b, r) - c).abs() < 1e-6, "{b} {r}");
        }
        assert_eq!(Verdict::of(coefficient(0.9, 0.999)), Some(Verdict::Impedes));
        assert_eq!(
            Verdict::of(coefficient(0.95, 0.9)),
            Some(Verdict::Penalises)
        );
        assert_eq!(Verdict::of(coefficient(0.9, 0.9)), Some(Verdict::Neutral));
        assert!(coefficient(1.0, 0.9).is_nan() && coefficient(f64::NAN, 0.9).is_nan());
        assert_eq!(Verdict::of(f64::NAN), None);
    }

    #[test]
    fn bad_fields_are_named() {
        let e = PaperAdam::new(0.1, 0.9, 1.0, 1e-8, true).unwrap_err();
        assert!(e.contains("rho"), "{e}");
        let e = PaperAdam::new(f64::INFINITY, 0.9, 0.9, 1e-8, true).unwrap_err();
        assert!(e.contains("h (lr)"), "{e}");
        let e = PaperAdam::new(0.1, 0.9, 0.9, -1.0, true).unwrap_err();
        assert!(e.contains("eps"), "{e}");
        let off = Hyper {
            bias_correction: false,
            ..Hyper::default()
        };
        assert!(PaperAdam::from_hyper(&off).is_err());
        let p = PaperAdam::from_hyper(&Hyper::default()).unwrap();
        assert!(!p.eps_inside, "the crate's Adam puts ε outside, as torch");
    }
}
