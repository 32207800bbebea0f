//! Cattaneo et al.'s quantities along a run (math.md §3.2–3.3, §6 "Quantities panel"): the
//! perturbed one-norm ‖∇E‖₁,ε and its running integral as charts, and the per-coordinate
//! regime ε/(g² + ε) at a step, in words.
//!
//! Names: the paper's h is η, its β is PyTorch β1 (Gould & Tanaka's γ) and its ρ is PyTorch β2
//! (Gould & Tanaka's β).

use super::chart::{line, Chart, Line, Named, Titles};
use crate::format;
use crate::sim::{Record, Trajectory};
use crate::theory::flows::modified::{perturbed_one_norm, regime};

/// ‖∇E(θₙ)‖₁,ε at every step of the run (math.md §3.2, PAPER).
pub fn norms(t: &Trajectory, eps: f64) -> Vec<f64> {
    t.records
        .iter()
        .map(|r| perturbed_one_norm(r.grad, eps))
        .collect()
}

/// ∫₀^{nh} ‖∇E(θ(s))‖₁,ε ds by the trapezoid rule over the steps, with t = nh.
pub fn integral(norms: &[f64], h: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(norms.len());
    let mut sum = 0.0;
    for (n, x) in norms.iter().enumerate() {
        if n > 0 {
            sum += 0.5 * h * (norms[n - 1] + x);
        }
        out.push(sum);
    }
    out
}

/// What the two charts' axes show.
pub fn titles() -> [Titles; 2] {
    [
        Titles::steps("‖∇E‖₁,ε", true),
        Titles::steps("∫₀ᵗ ‖∇E‖₁,ε ds", false),
    ]
}

/// The two charts' lines as values per step: the one-norm and its running integral, named
/// as the readout names them.
pub fn lines(t: &Trajectory, h: f64, eps: f64) -> [Vec<Named>; 2] {
    let n = norms(t, eps);
    let i = integral(&n, h);
    [
        vec![Named {
            label: "‖∇E‖₁,ε",
            values: n,
        }],
        vec![Named {
            label: "∫₀ᵗ ‖∇E‖₁,ε ds",
            values: i,
        }],
    ]
}

/// The two charts from their `lines`: the one-norm (log) and its running integral (linear),
/// in the run's colour.
pub fn charts(t: &Trajectory, lines: &[Vec<Named>; 2], color: &str) -> [Chart; 2] {
    let at = |v: &[f64], r: &Record| v.get(r.step).copied().unwrap_or(f64::NAN);
    let drawn = |k: usize, log: bool| -> Vec<Line> {
        lines[k]
            .iter()
            .map(|n| line(t, color, false, log, 0, &|r| at(&n.values, r)))
            .collect()
    };
    let [one, integral_titles] = titles();
    [
        Chart {
            id: "chart-one-norm",
            caption: "Perturbed one-norm ‖∇E‖₁,ε = Σᵢ √(∂ᵢE² + ε) (log)".into(),
            titles: one,
            log: true,
            per_coord: false,
            lines: drawn(0, true),
            guides: Vec::new(),
        },
        Chart {
            id: "chart-one-norm-integral",
            caption: "Its running integral ∫₀ᵗ ‖∇E‖₁,ε ds, t = nh".into(),
            titles: integral_titles,
            log: false,
            per_coord: false,
            lines: drawn(1, false),
            guides: Vec::new(),
        },
    ]
}

/// A ratio ε/(g² + ε) in words: near 0 the step is sign-like and c decides; near 1 Adam is
/// momentum GD with step h/√ε, which penalises ‖∇E‖₂² (math.md §3.3 table, DERIVED).
fn regime_word(r: f64) -> &'static str {
    if r < 0.1 {
        "sign-like, c applies"
    } else if r > 0.9 {
        "GD-like, ‖∇E‖₂² penalised"
    } else {
        "in between"
    }
}

/// The regime of each coordinate at θ of `step` (the last step if past the end).
pub fn regime_at(t: &Trajectory, step: usize, eps: f64, eps_inside: bool) -> String {
    let Some(r) = t.records.get(step).or(t.records.last()) else {
        return "no step to read".into();
    };
    let [x, y] = regime(r.grad, eps, eps_inside);
    let form = if eps_inside {
        "ε/(g² + ε)"
    } else {
        "ε/(|g| + ε)"
    };
    format!(
        "step {}: {form} = {} for x ({}), {} for y ({})",
        r.step,
        format::short(x),
        regime_word(x),
        format::short(y),
        regime_word(y)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::chart::tests::traj;
    use crate::render::chart::{read_named, Value};

    #[test]
    fn the_integral_is_the_trapezoid_rule_in_t() {
        let i = integral(&[1.0, 3.0, 5.0], 0.5);
        assert_eq!(i, vec![0.0, 1.0, 3.0]);
        assert!(integral(&[], 0.1).is_empty());
    }

    #[test]
    fn charts_follow_the_run_and_name_the_norm() {
        // grad = [v, 0] with v = step + 1: the one-norm is (v² + ε)^½ + ε^½.
        let t = traj(50, |s| s as f64 + 1.0);
        let [norm, int] = charts(&t, &lines(&t, 0.1, 0.0), "#ff8c1a");
        assert_eq!(norm.id, "chart-one-norm");
        let pts = norm.lines[0].segments.concat();
        assert_eq!(pts.len(), 50);
        assert!((pts[9].1 - 10f64.log10()).abs() < 1e-12);
        assert!(!int.log && int.lines[0].rgb == [0xff, 0x8c, 0x1a]);
        let last = int.lines[0].segments.concat().last().copied().unwrap();
        // ∫ of v over 49 steps of h = 0.1: 0.1·(1 + 50)/2·49.
        assert!((last.1 - 0.1 * 49.0 * 25.5).abs() < 1e-9, "{last:?}");
    }

    #[test]
    fn the_readout_is_the_charted_value_at_the_step() {
        let t = traj(1000, |s| (s as f64 * 0.01).sin() + 2.0);
        let (h, eps) = (0.05, 1e-8);
        let l = lines(&t, h, eps);
        let (n, i) = (norms(&t, eps), integral(&norms(&t, eps), h));
        for step in [0, 1, 412, 999] {
            let r = read_named(&l[0], step).unwrap();
            assert_eq!(
                r.values,
                [("‖∇E‖₁,ε".to_string(), Value::At(n[step]), None)]
            );
            let r = read_named(&l[1], step).unwrap();
            assert_eq!(r.values[0].1, Value::At(i[step]));
        }
        // The drawn line passes through the values read (a short run keeps every point).
        let short = traj(50, |s| s as f64 + 1.0);
        let l = lines(&short, h, eps);
        let [norm, _] = charts(&short, &l, "#ff8c1a");
        let Value::At(at) = read_named(&l[0], 9).unwrap().values[0].1 else {
            panic!("no value at step 9");
        };
        assert_eq!((9.0, at.log10()), norm.lines[0].segments[0][9]);
        assert!(read_named(&l[0], 1000).is_none());
        assert!(read_named(&lines(&traj(0, |_| 1.0), h, eps)[0], 0).is_none());
    }

    #[test]
    fn the_regime_reads_sign_like_steep_and_gd_like_flat() {
        let t = traj(3, |s| [10.0, 1e-4, 0.0][s]);
        let steep = regime_at(&t, 0, 1e-4, true);
        assert!(steep.contains("for x (sign-like, c applies)"), "{steep}");
        // grad y is 0: ε/(0 + ε) = 1.
        assert!(steep.contains("for y (GD-like"), "{steep}");
        let flat = regime_at(&t, 99, 1e-4, false);
        assert!(
            flat.starts_with("step 2: ε/(|g| + ε) = 1 for x (GD-like"),
            "{flat}"
        );
    }
}
