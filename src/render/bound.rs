//! Gould & Tanaka's bound on the max-update ‖u‖∞ (math.md §2.4) as reference curves on the
//! ‖u‖∞ chart, for the selected run when it is Adam or AdamW.
//!
//! Names: β is the second-moment decay (PyTorch β2), γ the momentum decay (PyTorch β1).

use super::chart::{Chart, Guide, BUCKETS};
use crate::optim::{Hyper, Optimizer};
use crate::theory::flows::continuous_adam::{discrete_max_update_bound, max_update_bound};

/// The paper's bound, as the phase diagram draws the paper's boundary.
pub const PAPER_RGB: [u8; 3] = [0xf2, 0xf4, 0xf7];
/// The exact discrete bound, as the phase diagram draws γ = √β.
pub const EXACT_RGB: [u8; 3] = [0xff, 0xb0, 0x00];

/// The decays a bound is drawn for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoundSpec {
    /// Second-moment decay β (PyTorch β2).
    pub beta: f64,
    /// Momentum decay γ (PyTorch β1).
    pub gamma: f64,
    pub bias_correction: bool,
}

impl BoundSpec {
    /// For Adam and AdamW; the bound holds for any gradients, so weight decay, ε and noise
    /// (which only shrink u or change g) do not matter.
    pub fn of(o: Optimizer, h: &Hyper) -> Option<BoundSpec> {
        matches!(o, Optimizer::Adam | Optimizer::AdamW).then_some(BoundSpec {
            beta: h.beta2,
            gamma: h.beta1,
            bias_correction: h.bias_correction,
        })
    }

    /// The continuous model's bound at τ = n (DERIVED, math.md §2.4); None where it
    /// degenerates (a decay of 0).
    pub fn paper(&self, n: usize) -> Option<f64> {
        max_update_bound(self.beta, self.gamma, n as f64, self.bias_correction).ok()
    }

    /// The exact bound of discrete Adam after n gradients (DERIVED, math.md §2.4), times
    /// √(1 − βⁿ)/(1 − γⁿ) with bias correction: |m̂ₙ|/√v̂ₙ is |mₙ|/√vₙ times that factor.
    pub fn exact(&self, n: usize) -> Option<f64> {
        let raw = discrete_max_update_bound(self.beta, self.gamma, n as u64).ok()?;
        if !self.bias_correction || n == 0 {
            return Some(raw);
        }
        let p = n as f64;
        let factor = (1.0 - self.beta.powf(p)).sqrt() / (1.0 - self.gamma.powf(p));
        Some(raw * factor).filter(|b| b.is_finite())
    }
}

/// Steps 1..=steps, at most about 2·BUCKETS of them, denser at the start where the bound
/// moves most.
fn sample_steps(steps: usize) -> Vec<usize> {
    let stride = steps.div_ceil(2 * BUCKETS).max(1);
    let mut out: Vec<usize> = (1..=steps.min(50)).collect();
    out.extend((51..=steps).filter(|n| n % stride == 0 || *n == steps));
    out
}

/// One curve in log10 units.
fn guide(rgb: [u8; 3], dashed: bool, steps: usize, f: impl Fn(usize) -> Option<f64>) -> Guide {
    let points = sample_steps(steps)
        .into_iter()
        .filter_map(|n| Some((n as f64, f(n).filter(|b| *b > 0.0)?.log10())))
        .collect();
    Guide {
        rgb,
        dashed,
        points,
    }
}

/// Adds both bounds to the chart "chart-update" of `charts`, over steps 1..=`steps`.
pub fn add_update_bounds(charts: &mut [Chart], spec: BoundSpec, steps: usize) {
    let Some(c) = charts.iter_mut().find(|c| c.id == "chart-update") else {
        return;
    };
    c.guides = vec![
        guide(PAPER_RGB, false, steps, |n| spec.paper(n)),
        guide(EXACT_RGB, true, steps, |n| spec.exact(n)),
    ];
}

/// What the ‖u‖∞ chart's key says about the two curves.
pub const KEY: &str = "bound, Gould & Tanaka's continuous model (DERIVED)";
pub const EXACT_KEY: &str = "exact bound of discrete Adam (DERIVED)";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::Landscape;
    use crate::sim::{run, RunConfig};

    /// Every step's ‖u‖∞ of discrete Adam stays under the exact bound, with and without bias
    /// correction, inside and outside the stable region, on the plateau where the gradient
    /// collapses; and the bound is reached within a factor 2 somewhere.
    #[test]
    fn discrete_adam_stays_under_the_exact_bound() {
        for (beta, gamma) in [(0.999, 0.9), (0.9, 0.99), (0.99, 0.9), (0.5, 0.9)] {
            for bc in [true, false] {
                let mut c = RunConfig::new(Optimizer::Adam, Landscape::Plateau, 400);
                c.hyper.lr = 0.05;
                c.hyper.eps = 0.0;
                (c.hyper.beta2, c.hyper.beta1, c.hyper.bias_correction) = (beta, gamma, bc);
                let spec = BoundSpec::of(c.optimizer, &c.hyper).unwrap();
                let t = run(&c);
                let mut closest: f64 = 0.0;
                for r in &t.records[1..] {
                    let b = spec.exact(r.step).unwrap();
                    let ratio = r.update_norm() / b;
                    assert!(
                        ratio <= 1.0 + 1e-9,
                        "({beta}, {gamma}) bc {bc} step {}: {ratio}",
                        r.step
                    );
                    closest = closest.max(ratio);
                }
                assert!(closest > 0.5, "({beta}, {gamma}) bc {bc}: {closest}");
            }
        }
    }

    #[test]
    fn bounds_only_for_adam_and_adamw_and_guides_stay_in_range() {
        assert!(BoundSpec::of(Optimizer::Sgd, &Hyper::default()).is_none());
        let spec = BoundSpec::of(Optimizer::AdamW, &Hyper::default()).unwrap();
        assert!((spec.paper(1 << 30).unwrap() - 7.47).abs() < 0.01);
        let zero = BoundSpec { gamma: 0.0, ..spec };
        assert_eq!(zero.paper(5), None);
        let steps = sample_steps(20_000);
        assert!(
            steps.len() <= 2 * BUCKETS + 60 && steps[0] == 1 && *steps.last().unwrap() == 20_000
        );
        let g = guide(PAPER_RGB, false, 100, |n| Some(n as f64));
        let cut = g.within(0.5, 1.5);
        assert_eq!(cut.len(), 1);
        assert!(cut[0].iter().all(|p| (0.5..=1.5).contains(&p.1)));
    }
}
