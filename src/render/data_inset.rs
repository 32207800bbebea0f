//! The inset of a landscape from data, placed in canvas pixels: the points coloured by class
//! with the decision line w·x = 0 (logistic), or each prediction w·x against its target with
//! the diagonal of a perfect fit (linear).

use crate::landscape::data::{Dataset, Model};
use crate::Vec2;

/// The inset's side, in canvas pixels.
pub const SIZE: u32 = 180;
const CLASS_PLUS: &str = "#e69f00";
const CLASS_MINUS: &str = "#56b4e9";

/// What the inset draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Inset {
    pub points: Vec<(Vec2, &'static str)>,
    /// A segment across the square (the canvas clips what is outside).
    pub line: Option<[Vec2; 2]>,
}

/// Data coordinates in [−r, r]² to pixels, y up.
fn px(p: Vec2, r: f64) -> Vec2 {
    let s = SIZE as f64;
    [(p[0] / r + 1.0) * 0.5 * s, (1.0 - p[1] / r) * 0.5 * s]
}

/// The inset of `d` for weights `w` (the fit when None).
pub fn inset(d: &Dataset, w: Option<Vec2>) -> Inset {
    let (xs, ys) = d.points();
    let w = w.or(d.fit()).unwrap_or([0.0, 0.0]);
    match d.spec().model {
        Model::Logistic => {
            let r = 1.05 * xs.iter().flat_map(|p| p.map(f64::abs)).fold(1e-9, f64::max);
            let points = xs
                .iter()
                .zip(ys)
                .map(|(p, y)| (px(*p, r), if *y > 0.0 { CLASS_PLUS } else { CLASS_MINUS }))
                .collect();
            let norm = w[0].hypot(w[1]);
            let line = (norm > 0.0 && norm.is_finite()).then(|| {
                let dir = [-w[1] / norm * 2.0 * r, w[0] / norm * 2.0 * r];
                [px(dir, r), px([-dir[0], -dir[1]], r)]
            });
            Inset { points, line }
        }
        Model::Linear => {
            let pairs: Vec<Vec2> = xs
                .iter()
                .zip(ys)
                .map(|(p, y)| [w[0] * p[0] + w[1] * p[1], *y])
                .collect();
            let r = 1.05
                * pairs
                    .iter()
                    .flat_map(|p| p.map(f64::abs))
                    .filter(|v| v.is_finite())
                    .fold(1e-9, f64::max);
            Inset {
                points: pairs.iter().map(|p| (px(*p, r), CLASS_PLUS)).collect(),
                line: Some([px([-r, -r], r), px([r, r], r)]),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::data::DataSpec;

    #[test]
    fn the_fitted_decision_line_splits_the_classes() {
        let d = Dataset::new(DataSpec::default()).unwrap();
        let i = inset(&d, None);
        assert_eq!(i.points.len(), 200);
        let [a, b] = i.line.expect("a line");
        let mid = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
        let c = SIZE as f64 / 2.0;
        assert!(
            (mid[0] - c).abs() < 1e-9 && (mid[1] - c).abs() < 1e-9,
            "{mid:?}"
        );
        // Which side of the line each point is on, against its class: most agree at the fit.
        let side = |p: Vec2| (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
        let plus: Vec<f64> = i
            .points
            .iter()
            .filter(|(_, k)| *k == CLASS_PLUS)
            .map(|(p, _)| side(*p))
            .collect();
        let minus: Vec<f64> = i
            .points
            .iter()
            .filter(|(_, k)| *k == CLASS_MINUS)
            .map(|(p, _)| side(*p))
            .collect();
        let sign = plus.iter().sum::<f64>().signum();
        let right = plus.iter().filter(|s| s.signum() == sign).count()
            + minus.iter().filter(|s| s.signum() == -sign).count();
        assert!(
            right as f64 > 0.8 * 200.0,
            "{right} of 200 on their class's side"
        );
        // Weights of zero have no line.
        assert_eq!(inset(&d, Some([0.0, 0.0])).line, None);
    }

    #[test]
    fn a_linear_fit_puts_predictions_near_the_diagonal() {
        let spec = DataSpec {
            model: Model::Linear,
            spread: 0.5,
            ..DataSpec::default()
        };
        let d = Dataset::new(spec).unwrap();
        let off = |i: &Inset| {
            i.points
                .iter()
                .map(|(p, _)| (p[0] + p[1] - SIZE as f64).abs())
                .sum::<f64>()
        };
        let fit = inset(&d, None);
        let bad = inset(&d, Some([-1.0, 1.0]));
        assert!(
            off(&fit) < 0.5 * off(&bad),
            "{} vs {}",
            off(&fit),
            off(&bad)
        );
    }
}
