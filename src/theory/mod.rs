//! Gould & Tanaka's stable region for Adam in (β, γ) = (second-moment decay, momentum), and
//! what every rule's update does once the gradient vanishes.

pub mod adopt_toy;
pub mod flows;
pub mod impulse;
pub mod meta_adaptive;
pub mod outcome;
pub mod overlay;
pub mod verdict;

/// Stability margin C(β, γ) = 2(1 − γ)/γ − (1 − β)/β (Sec. 3.1, Eq. 6 as reported):
/// the max-update stays bounded when C > 0 and grows exponentially when C < 0.
pub fn stability_margin(beta: f64, gamma: f64) -> f64 {
    2.0 * (1.0 - gamma) / gamma - (1.0 - beta) / beta
}

/// The paper's predicted growth rate of ln‖u‖∞ per step outside the region: |C|/2.
pub fn paper_growth_rate(beta: f64, gamma: f64) -> f64 {
    stability_margin(beta, gamma).abs() / 2.0
}

/// DERIVED exact discrete worst-case rate of ln‖u‖∞ per step: ln(γ/√β).
pub fn discrete_growth_rate(beta: f64, gamma: f64) -> f64 {
    (gamma / beta.sqrt()).ln()
}

/// The paper's boundary C = 0: γ = 2β/(1 + β).
pub fn boundary_gamma(beta: f64) -> f64 {
    2.0 * beta / (1.0 + beta)
}

/// The steepest sustained growth of ln‖u‖∞ along a run: the largest least-squares slope over
/// windows of a tenth of the run (at least 20 steps), skipping the first tenth where bias
/// correction moves u. `norms[n]` is ‖uₙ‖∞. Returns (slope per step, first step, last step).
pub fn steepest_growth(norms: &[f64]) -> Option<(f64, usize, usize)> {
    let n = norms.len();
    let w = (n / 10).max(20);
    if n < 2 * w {
        return None;
    }
    let mut best: Option<(f64, usize, usize)> = None;
    let mut start = n / 10;
    while start + w <= n {
        if let Some(slope) = log_slope(&norms[start..start + w]) {
            if best.is_none_or(|b| slope > b.0) {
                best = Some((slope, start, start + w - 1));
            }
        }
        start += w / 2;
    }
    best
}

/// Least-squares slope of ln y against the index; None if any y is not positive and finite.
fn log_slope(ys: &[f64]) -> Option<f64> {
    if !ys.iter().all(|y| *y > 0.0 && y.is_finite()) {
        return None;
    }
    fit_slope(ys.iter().enumerate().map(|(i, y)| (i as f64, y.ln())))
}

/// Least-squares slope of the points (x, y), in two passes without storing them; None for
/// fewer than two points.
pub fn fit_slope<I: Iterator<Item = (f64, f64)> + Clone>(points: I) -> Option<f64> {
    let (mut count, mut sx, mut sy) = (0.0, 0.0, 0.0);
    for (x, y) in points.clone() {
        count += 1.0;
        sx += x;
        sy += y;
    }
    if count < 2.0 {
        return None;
    }
    let (mx, my) = (sx / count, sy / count);
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (x, y) in points {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
    }
    Some(sxy / sxx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_stable_and_swapped_defaults_are_not() {
        assert!((stability_margin(0.999, 0.9) - 0.2212).abs() < 1e-4);
        assert!(stability_margin(0.9, 0.999) < 0.0);
        assert!(stability_margin(0.9, boundary_gamma(0.9)).abs() < 1e-12);
    }

    #[test]
    fn steepest_growth_finds_the_exponential_stretch() {
        // Flat, then growing like e^{0.05 n}, then capped.
        let norms: Vec<f64> = (0..400)
            .map(|n| {
                if n < 100 {
                    1.0
                } else if n < 300 {
                    (0.05 * (n - 100) as f64).exp()
                } else {
                    2e4
                }
            })
            .collect();
        let (slope, a, b) = steepest_growth(&norms).unwrap();
        assert!(
            (slope - 0.05).abs() < 1e-9 && a >= 100 && b < 300,
            "{slope} {a} {b}"
        );
        assert!(steepest_growth(&norms[..30]).is_none());
    }

    #[test]
    fn adam_on_the_plateau_grows_at_the_exact_discrete_rate() {
        use crate::landscape::Landscape;
        use crate::optim::{Hyper, Optimizer};
        use crate::sim::{run, RunConfig};
        let mut cfg = RunConfig::new(Optimizer::Adam, Landscape::Plateau, 400);
        cfg.hyper = Hyper {
            lr: 0.05,
            beta1: 0.99,
            beta2: 0.9,
            ..Hyper::default()
        };
        let norms: Vec<f64> = run(&cfg).records.iter().map(|r| r.update_norm()).collect();
        let (slope, _, _) = steepest_growth(&norms).unwrap();
        // math.md: measured 0.039–0.042 against ln(γ/√β) = 0.0426 and |C|/2 = 0.0455.
        assert!(
            (slope - discrete_growth_rate(0.9, 0.99)).abs() < 0.006,
            "{slope}"
        );
    }

    #[test]
    fn rates_match_the_table() {
        assert!((paper_growth_rate(0.9, 0.99) - 0.0455).abs() < 1e-4);
        assert!((discrete_growth_rate(0.9, 0.99) - 0.0426).abs() < 1e-4);
    }
}
