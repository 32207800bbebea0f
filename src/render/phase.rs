//! The (β, γ) phase diagram's geometry and shading, in CSS pixels of a square canvas.
//!
//! Decays are placed at u = −log10(1 − v)/4, so 0, 0.9, 0.99, 0.999 and 0.9999 are evenly
//! spaced; β runs along x, γ up y.

use super::scale::round_decay;
use crate::optim::{Hyper, Optimizer};
use crate::theory::stability_margin;
use crate::theory::verdict::{behaviour, factor_at, Behaviour};

/// Side of the canvas.
pub const SIZE: f64 = 300.0;
/// The plot area: left, top, right and bottom edges.
pub const X0: f64 = 56.0;
pub const Y0: f64 = 12.0;
pub const X1: f64 = 282.0;
pub const Y1: f64 = 256.0;
/// The largest decay the diagram shows (and sets): 1 − 10⁻⁴.
pub const TOP: f64 = 0.9999;
pub const TICKS: [&str; 5] = ["0", "0.9", "0.99", "0.999", "0.9999"];

/// What the exact recurrence and the paper say at a point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Region {
    /// ‖u‖∞ does not grow, and the paper agrees where it applies.
    Stable,
    /// The paper's C < 0 calls it unstable; the exact recurrence does not grow.
    Between,
    /// ‖u‖∞ grows once the gradient vanishes.
    Unstable,
}

/// Stripes across the unstable region: the regions must differ without red and green (under
/// deuteranopia the old green and red had nearly one grey), so it is patterned and the band
/// between is lighter than the stable blue.
const STRIPE_PERIOD: f64 = 8.0;
const STRIPE_WIDTH: f64 = 3.0;

impl Region {
    pub fn rgb(self) -> [u8; 3] {
        match self {
            Region::Stable => [34, 86, 128],
            Region::Between => [128, 110, 40],
            Region::Unstable => [118, 48, 55],
        }
    }

    /// The colour at CSS pixel (x, y): the unstable region's diagonal stripes are lighter.
    pub fn rgb_at(self, x: f64, y: f64) -> [u8; 3] {
        if self == Region::Unstable && (x + y).rem_euclid(STRIPE_PERIOD) < STRIPE_WIDTH {
            [168, 84, 92]
        } else {
            self.rgb()
        }
    }
}

/// The region of (β, γ) for a rule whose level `level` is moved there.
pub fn region(o: Optimizer, h: &Hyper, level: usize, beta: f64, gamma: f64) -> Region {
    if behaviour(factor_at(o, h, level, beta, gamma)) == Behaviour::Grows {
        Region::Unstable
    } else if paper_applies(o) && stability_margin(beta, gamma) < 0.0 {
        Region::Between
    } else {
        Region::Stable
    }
}

/// Gould & Tanaka's C is derived for Adam's update, and a stack of levels is of Adam levels.
pub fn paper_applies(o: Optimizer) -> bool {
    let rule = o.rule();
    rule.gould_tanaka || rule.levels.is_some()
}

pub use super::scale::decay_at;
/// Axis position of a decay, in [0, 1]: the sliders' decay scale.
pub use super::scale::decay_position as position;

/// A clicked decay, rounded as the sliders round it and kept within [0, TOP].
pub fn tidy(v: f64) -> f64 {
    if v > 0.0 && v.is_finite() {
        round_decay(v).clamp(0.0, TOP)
    } else {
        0.0
    }
}

/// Canvas point of (β, γ).
pub fn to_px(beta: f64, gamma: f64) -> (f64, f64) {
    (
        X0 + position(beta) * (X1 - X0),
        Y1 - position(gamma) * (Y1 - Y0),
    )
}

/// The (β, γ) under a canvas point, rounded; points off the plot clamp to its edge.
pub fn from_px(x: f64, y: f64) -> (f64, f64) {
    (
        tidy(decay_at((x - X0) / (X1 - X0))),
        tidy(decay_at((Y1 - y) / (Y1 - Y0))),
    )
}

/// Whether a canvas point is on the plot, with a few pixels of slack.
pub fn on_plot(x: f64, y: f64) -> bool {
    (X0 - 4.0..=X1 + 4.0).contains(&x) && (Y0 - 4.0..=Y1 + 4.0).contains(&y)
}

/// The shaded plane as RGBA, `side` device pixels square at `scale` device pixels per CSS
/// pixel, coloured by `classify(β, γ)`; transparent outside the plot.
pub fn shading(side: u32, scale: f64, classify: impl Fn(f64, f64) -> Region) -> Vec<u8> {
    let n = side as usize;
    let inside = |c: f64, lo: f64, hi: f64| (lo..=hi).contains(&c);
    let cols: Vec<Option<f64>> = (0..n)
        .map(|i| {
            let x = (i as f64 + 0.5) / scale;
            inside(x, X0, X1).then(|| decay_at((x - X0) / (X1 - X0)))
        })
        .collect();
    let mut rgba = vec![0u8; n * n * 4];
    for (j, row) in rgba.chunks_exact_mut(n * 4).enumerate() {
        let y = (j as f64 + 0.5) / scale;
        if !inside(y, Y0, Y1) {
            continue;
        }
        let gamma = decay_at((Y1 - y) / (Y1 - Y0));
        for (i, (px, col)) in row.chunks_exact_mut(4).zip(&cols).enumerate() {
            if let Some(beta) = col {
                let x = (i as f64 + 0.5) / scale;
                let [r, g, b] = classify(*beta, gamma).rgb_at(x, y);
                px.copy_from_slice(&[r, g, b, 255]);
            }
        }
    }
    rgba
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_evenly_spaced_and_clicks_round_trip() {
        for (i, v) in [0.0, 0.9, 0.99, 0.999, 0.9999].iter().enumerate() {
            assert!((position(*v) - i as f64 / 4.0).abs() < 1e-9);
        }
        let (x, y) = to_px(0.999, 0.9);
        assert_eq!(from_px(x, y), (0.999, 0.9));
        assert_eq!(from_px(-100.0, 1e4), (0.0, 0.0));
        assert!(on_plot(X0, Y1) && !on_plot(X0 - 10.0, Y1));
        // Near 1 a click keeps four digits of 1 − v, so neighbouring pixels differ.
        assert_eq!(tidy(0.99912345), 0.9991235);
        assert_ne!(from_px(X1 - 1.0, Y1).0, from_px(X1 - 2.0, Y1).0);
        assert_eq!((tidy(2.0), tidy(-1.0)), (TOP, 0.0));
    }

    #[test]
    fn adam_has_three_regions_and_amsgrad_one() {
        let h = Hyper::default();
        let adam = |b, g| region(Optimizer::Adam, &h, 1, b, g);
        assert_eq!(adam(0.999, 0.9), Region::Stable);
        assert_eq!(adam(0.25, 0.45), Region::Between);
        assert_eq!(adam(0.9, 0.99), Region::Unstable);
        assert_eq!(region(Optimizer::AmsGrad, &h, 1, 0.9, 0.99), Region::Stable);
        let with_paper: Vec<_> = Optimizer::ALL
            .into_iter()
            .filter(|o| paper_applies(*o))
            .collect();
        assert_eq!(
            with_paper,
            [Optimizer::Adam, Optimizer::AdamW, Optimizer::KAdam]
        );
    }

    #[test]
    fn the_shading_shows_every_region_of_adam() {
        let h = Hyper::default();
        let rgba = shading(150, 0.5, |b, g| region(Optimizer::Adam, &h, 1, b, g));
        for r in [Region::Stable, Region::Between, Region::Unstable] {
            let [cr, cg, cb] = r.rgb_at(4.0, 0.0);
            assert!(
                rgba.chunks_exact(4).any(|p| p == [cr, cg, cb, 255]),
                "{r:?}"
            );
        }
        assert_eq!(&rgba[..4], &[0, 0, 0, 0]);
    }

    #[test]
    fn the_regions_differ_without_colour() {
        use crate::render::access::contrast;
        let (stable, between) = (Region::Stable.rgb(), Region::Between.rgb());
        // The band between is lighter than the stable region, whatever the hue.
        assert!(
            contrast(stable, between) >= 1.4,
            "{}",
            contrast(stable, between)
        );
        // The unstable region is striped: along a row it takes two colours of clearly
        // different lightness.
        let row: Vec<[u8; 3]> = (0..16)
            .map(|x| Region::Unstable.rgb_at(x as f64, 0.0))
            .collect();
        assert!(row.contains(&Region::Unstable.rgb()));
        let stripe = *row.iter().find(|c| **c != Region::Unstable.rgb()).unwrap();
        assert!(contrast(stripe, Region::Unstable.rgb()) >= 1.4);
        assert_eq!(Region::Stable.rgb_at(1.0, 0.0), stable);
    }
}
