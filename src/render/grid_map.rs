//! A measured map whose axes are any two of η, β and γ, on a square plot of its own (the
//! phase diagram, `render::phase`, is the (β, γ) case with the theory drawn under it): where
//! values sit, the ticks of each axis's scale, the exact verdict's boundary along the decay
//! axis, and what a hover says. Cells fill the plot evenly on each axis's own scale, so the
//! plot area and `map::paint`/`map::cell_at` are the phase diagram's.

use super::phase::{TOP, X0, X1, Y0, Y1};
use super::scale::{round_decay, round_significant};
use crate::format;
use crate::optim::spec::Key;
use crate::optim::{Hyper, Optimizer};
use crate::sweep::{Axis, Grid};
use crate::theory::verdict::{behaviour, factor_at, Behaviour};

/// Canvas point of the values (x, y) of `grid`'s axes; values past an end sit past the plot.
pub fn to_px(grid: &Grid, x: f64, y: f64) -> (f64, f64) {
    (
        X0 + grid.x.position(x) * (X1 - X0),
        Y1 - grid.y.position(y) * (Y1 - Y0),
    )
}

/// The values under a canvas point, rounded as the sliders round them and kept on the plot.
pub fn from_px(grid: &Grid, px: f64, py: f64) -> (f64, f64) {
    let u = ((px - X0) / (X1 - X0)).clamp(0.0, 1.0);
    let w = ((Y1 - py) / (Y1 - Y0)).clamp(0.0, 1.0);
    (tidy(&grid.x, grid.x.at(u)), tidy(&grid.y, grid.y.at(w)))
}

/// A value as its slider would hold it, within the axis's range.
pub fn tidy(axis: &Axis, v: f64) -> f64 {
    let v = match axis.key {
        Key::Lr => round_significant(v, 3),
        _ => round_decay(v),
    };
    v.clamp(axis.lo, axis.hi)
}

/// The axis's title: the paper's symbol and PyTorch's name.
pub fn title(key: Key) -> &'static str {
    match key {
        Key::Lr => "η (learning rate, PyTorch lr)",
        Key::Beta1 => "γ (momentum, PyTorch β1)",
        _ => "β (2nd moment, PyTorch β2)",
    }
}

/// Ticks as (position in [0, 1], label): powers of ten for η, and 0, 0.9, 0.99, … for a
/// decay, those within the axis's range.
pub fn ticks(axis: &Axis) -> Vec<(f64, String)> {
    let candidates: Vec<(f64, String)> = match axis.key {
        Key::Lr => (-8..=2)
            .map(|e| (10f64.powi(e), format::short(10f64.powi(e))))
            .collect(),
        _ => ["0", "0.9", "0.99", "0.999", "0.9999"]
            .iter()
            .map(|s| (s.parse().unwrap_or(0.0), s.to_string()))
            .collect(),
    };
    candidates
        .into_iter()
        .filter(|(v, _)| (axis.lo..=axis.hi).contains(v))
        .map(|(v, label)| (axis.position(v), label))
        .collect()
}

/// Where along the decay axis of `grid` (x) the exact verdict (DERIVED) changes between growing
/// and not, with the run's other decay held: a position in [0, 1], or None if it does not
/// change on the plot. The verdict does not depend on η, so the boundary is a vertical line.
pub fn boundary(o: Optimizer, h: &Hyper, level: usize, grid: &Grid, other: f64) -> Option<f64> {
    let grows = |u: f64| {
        let v = grid.x.at(u).clamp(0.0, TOP);
        let (beta, gamma) = match grid.x.key {
            Key::Beta1 => (other, v),
            _ => (v, other),
        };
        behaviour(factor_at(o, h, level, beta, gamma)) == Behaviour::Grows
    };
    const SCAN: usize = 400;
    let mut last = grows(0.0);
    for i in 1..=SCAN {
        let (a, b) = ((i - 1) as f64 / SCAN as f64, i as f64 / SCAN as f64);
        let now = grows(b);
        if now != last {
            return Some(bisect(a, b, last, &grows));
        }
        last = now;
    }
    None
}

/// The change of `f` between a (where it is `at_a`) and b, to within 1e-9.
fn bisect(mut a: f64, mut b: f64, at_a: bool, f: &impl Fn(f64) -> bool) -> f64 {
    while b - a > 1e-9 {
        let mid = 0.5 * (a + b);
        if f(mid) == at_a {
            a = mid;
        } else {
            b = mid;
        }
    }
    0.5 * (a + b)
}

/// A value of `key` in a hover line: "η = 0.0316", "β = β2 = 0.99", "γ = β1 = 0.9".
pub fn named(key: Key, v: f64) -> String {
    match key {
        Key::Lr => format!("η = {}", format::short(v)),
        Key::Beta1 => format!("γ = β1 = {}", format::typed(round_decay(v))),
        _ => format!("β = β2 = {}", format::typed(round_decay(v))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::eta_grid;

    #[test]
    fn points_go_to_pixels_and_back() {
        let g = eta_grid(32, Key::Beta2);
        for (x, y) in [(0.0, 1e-4), (0.9, 0.01), (0.999, 0.5), (TOP, 1.0)] {
            let (px, py) = to_px(&g, x, y);
            assert!((X0 - 1e-9..=X1 + 1e-9).contains(&px), "{px}");
            assert!((Y0 - 1e-9..=Y1 + 1e-9).contains(&py), "{py}");
            let (bx, by) = from_px(&g, px, py);
            assert!((bx - x).abs() <= 1e-4 * (1.0 - x).max(1e-4), "{x} → {bx}");
            assert!((by / y - 1.0).abs() < 2e-3, "{y} → {by}");
        }
        // Off the plot, a click clamps to the nearest edge value.
        assert_eq!(from_px(&g, 0.0, 1000.0), (0.0, 1e-4));
    }

    #[test]
    fn ticks_sit_on_the_axis_scale() {
        let g = eta_grid(16, Key::Beta1);
        let eta = ticks(&g.y);
        let labels: Vec<&str> = eta.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["1e-4", "1e-3", "0.01", "0.1", "1"]);
        // Decades are evenly spaced on a log axis.
        let gaps: Vec<f64> = eta.windows(2).map(|w| w[1].0 - w[0].0).collect();
        assert!(gaps.iter().all(|d| (d - 0.25).abs() < 1e-12), "{gaps:?}");
        let decay = ticks(&g.x);
        assert_eq!(decay.len(), 5);
        assert_eq!(decay[0].0, 0.0);
        assert!((decay[4].0 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn adams_boundary_is_where_gamma_equals_root_beta() {
        let o = Optimizer::Adam;
        let h = o.spec().defaults;
        // β along x at γ = 0.99: Adam's update grows for β < γ² = 0.9801.
        let g = eta_grid(32, Key::Beta2);
        let u = boundary(o, &h, 1, &g, 0.99).expect("a boundary");
        assert!((g.x.at(u) - 0.9801).abs() < 1e-6, "{}", g.x.at(u));
        // γ along x at β = 0.999: it grows for γ > √0.999.
        let g = eta_grid(32, Key::Beta1);
        let u = boundary(o, &h, 1, &g, 0.999).expect("a boundary");
        assert!((g.x.at(u) - 0.999f64.sqrt()).abs() < 1e-6, "{}", g.x.at(u));
        // SGD never grows: no line.
        let sgd = Optimizer::Sgd;
        assert_eq!(boundary(sgd, &sgd.spec().defaults, 1, &g, 0.999), None);
    }

    #[test]
    fn hover_names_give_both_notations() {
        assert_eq!(named(Key::Lr, 0.0316), "η = 0.0316");
        assert_eq!(named(Key::Beta1, 0.9), "γ = β1 = 0.9");
        assert_eq!(named(Key::Beta2, 0.99), "β = β2 = 0.99");
    }
}
