//! A run's path in canvas pixels, reduced to the points a stroke needs. Stroking costs the
//! browser in proportion to the points it is given, and a run of 2,000 steps gives far more
//! than its shape holds: straight stretches, and piles of points where it converges.

use crate::Vec2;

/// How far (in pixels) a dropped point may lie from the line that replaces it.
pub const TOLERANCE: f64 = 0.5;

/// The points a stroke of a run's path needs: first every point within a pixel (on both
/// axes) of the last one kept is dropped, which turns the pile a converging run leaves into a
/// few points, then `simplify` drops what lies along the line.
pub fn for_stroke(points: impl IntoIterator<Item = Vec2>) -> Vec<Vec2> {
    simplify(grid_thin(points), TOLERANCE)
}

/// Drops each point within a pixel of the last one kept; the first and last always stay.
fn grid_thin(points: impl IntoIterator<Item = Vec2>) -> Vec<Vec2> {
    let mut out: Vec<Vec2> = Vec::new();
    let mut last = None;
    for p in points {
        match out.last() {
            Some(q) if (p[0] - q[0]).abs() < 1.0 && (p[1] - q[1]).abs() < 1.0 => last = Some(p),
            _ => {
                out.push(p);
                last = None;
            }
        }
    }
    out.extend(last);
    out
}

/// The points of `points` that a polyline needs to pass within about `tol` of every one
/// (at most `tol`·√2), in order, always keeping the first and the last.
///
/// One pass, no trigonometry: from each kept point, the directions whose ray passes within
/// `tol` of every point since form a cone; a point is dropped while the ray to it stays in
/// that cone and reaches as far as the points it covers, otherwise the point before it is
/// kept and the next cone starts there.
pub fn simplify(points: impl IntoIterator<Item = Vec2>, tol: f64) -> Vec<Vec2> {
    let mut it = points.into_iter();
    let Some(first) = it.next() else {
        return Vec::new();
    };
    let mut out = vec![first];
    let mut cone = Cone::at(first);
    let (mut last, mut seen) = (first, 1);
    for p in it {
        seen += 1;
        if !cone.admit(p, tol) {
            out.push(last);
            cone = Cone::at(last);
            // From the new anchor the point always fits: a cone with no points yet admits all.
            cone.admit(p, tol);
        }
        last = p;
    }
    if seen > 1 && out.last() != Some(&last) {
        out.push(last);
    }
    out
}

/// Directions from `anchor` between `right` and `left` (counter-clockwise), as vectors;
/// `None` until a point farther than the tolerance has been seen.
struct Cone {
    anchor: Vec2,
    bounds: Option<(Vec2, Vec2)>,
    /// The farthest distance from the anchor of any point admitted.
    reach: f64,
}

impl Cone {
    fn at(anchor: Vec2) -> Self {
        Cone {
            anchor,
            bounds: None,
            reach: 0.0,
        }
    }

    /// Whether the segment from the anchor to `p` passes near every point admitted so far;
    /// if so, `p` is admitted and the cone narrows to the directions that also pass near it.
    fn admit(&mut self, p: Vec2, tol: f64) -> bool {
        let v = [p[0] - self.anchor[0], p[1] - self.anchor[1]];
        let d = v[0].hypot(v[1]);
        if !d.is_finite() {
            return self.bounds.is_none() && self.reach == 0.0;
        }
        if d + tol < self.reach {
            return false;
        }
        if let Some((r, l)) = self.bounds {
            if cross(r, v) < 0.0 || cross(v, l) < 0.0 {
                return false;
            }
        }
        if d <= tol {
            // Any ray from the anchor passes within tol of p: the cone stays as it is.
            self.reach = self.reach.max(d);
            return true;
        }
        // p's own cone: its direction turned by ±asin(tol / d).
        let (s, c) = (tol / d, (1.0 - (tol / d).powi(2)).sqrt());
        let u = [v[0] / d, v[1] / d];
        let pr = [u[0] * c + u[1] * s, u[1] * c - u[0] * s];
        let pl = [u[0] * c - u[1] * s, u[1] * c + u[0] * s];
        self.bounds = Some(match self.bounds {
            None => (pr, pl),
            Some((r, l)) => (
                if cross(r, pr) > 0.0 { pr } else { r },
                if cross(pl, l) > 0.0 { pl } else { l },
            ),
        });
        self.reach = self.reach.max(d);
        true
    }
}

fn cross(a: Vec2, b: Vec2) -> f64 {
    a[0] * b[1] - a[1] * b[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance from `p` to the polyline through `line`.
    fn distance(p: Vec2, line: &[Vec2]) -> f64 {
        if line.len() == 1 {
            return (p[0] - line[0][0]).hypot(p[1] - line[0][1]);
        }
        line.windows(2)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                let ab = [b[0] - a[0], b[1] - a[1]];
                let len2 = ab[0] * ab[0] + ab[1] * ab[1];
                let t = if len2 == 0.0 {
                    0.0
                } else {
                    (((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) / len2).clamp(0.0, 1.0)
                };
                (p[0] - a[0] - t * ab[0]).hypot(p[1] - a[1] - t * ab[1])
            })
            .fold(f64::INFINITY, f64::min)
    }

    #[test]
    fn a_straight_stretch_keeps_its_ends() {
        let line: Vec<Vec2> = (0..1000)
            .map(|i| [i as f64 * 0.3, 2.0 + i as f64 * 0.1])
            .collect();
        assert_eq!(simplify(line.clone(), TOLERANCE), [line[0], line[999]]);
    }

    #[test]
    fn corners_and_overshoots_stay() {
        // Out and back along one line: the turning point must stay, or the path would end
        // short of where the run went.
        let mut line: Vec<Vec2> = (0..=100).map(|i| [i as f64, 0.0]).collect();
        line.extend((0..=60).rev().map(|i| [i as f64, 0.0]));
        let kept = simplify(line, TOLERANCE);
        assert_eq!(kept, [[0.0, 0.0], [100.0, 0.0], [0.0, 0.0]]);
        // A right angle keeps its corner.
        let mut l: Vec<Vec2> = (0..=50).map(|i| [i as f64, 0.0]).collect();
        l.extend((1..=50).map(|i| [50.0, i as f64]));
        assert_eq!(
            simplify(l, TOLERANCE),
            [[0.0, 0.0], [50.0, 0.0], [50.0, 50.0]]
        );
    }

    #[test]
    fn a_pile_of_points_becomes_a_few() {
        // A run converging onto a pixel: 2,000 points within 0.3 px of each other.
        let pile: Vec<Vec2> = (0..2000)
            .map(|i| {
                [
                    100.0 + 0.3 * (i as f64).sin(),
                    50.0 + 0.3 * (i as f64 * 0.7).cos(),
                ]
            })
            .collect();
        let kept = simplify(pile.clone(), TOLERANCE);
        assert!(kept.len() <= 20, "{} points kept", kept.len());
        assert_eq!(kept[0], pile[0]);
        assert_eq!(*kept.last().unwrap(), pile[1999]);
    }

    #[test]
    fn one_point_or_none() {
        assert_eq!(simplify(Vec::<Vec2>::new(), TOLERANCE), Vec::<Vec2>::new());
        assert_eq!(simplify([[1.0, 2.0]], TOLERANCE), [[1.0, 2.0]]);
    }

    #[test]
    fn a_converging_run_keeps_its_path_and_loses_its_pile() {
        // 500 points spiralling in over 200 px, then 1,500 within a pixel of the end.
        let mut pts: Vec<Vec2> = (0..500)
            .map(|i| {
                let r = 200.0 * (1.0 - i as f64 / 500.0);
                let a = i as f64 * 0.05;
                [300.0 + r * a.cos(), 300.0 + r * a.sin()]
            })
            .collect();
        pts.extend((0..1500).map(|i| [300.0 + 0.4 * (i as f64).sin(), 300.0]));
        let kept = for_stroke(pts.clone());
        assert!(kept.len() < 200, "{} points kept", kept.len());
        assert_eq!(kept[0], pts[0]);
        assert_eq!(kept.last(), pts.last());
        for q in &pts[..500] {
            assert!(
                distance(*q, &kept) <= 1.5,
                "{q:?} is {} px off",
                distance(*q, &kept)
            );
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Every point, kept or not, lies within tol·√2 of the simplified path, which is made
        /// of the original points in their order.
        #[test]
        fn every_point_stays_near_the_path(
            steps in proptest::collection::vec((-6.0f64..6.0, -6.0f64..6.0), 1..300),
            tol in 0.2f64..2.0,
        ) {
            let mut p = [0.0, 0.0];
            let mut pts = vec![p];
            for (dx, dy) in steps {
                p = [p[0] + dx, p[1] + dy];
                pts.push(p);
            }
            let kept = simplify(pts.clone(), tol);
            for q in &pts {
                proptest::prop_assert!(distance(*q, &kept) <= tol * 2f64.sqrt() + 1e-9);
            }
            let mut from = 0;
            for k in &kept[..kept.len() - 1] {
                let i = pts[from..].iter().position(|q| q == k);
                proptest::prop_assert!(i.is_some());
                from += i.unwrap();
            }
            proptest::prop_assert_eq!(kept[0], pts[0]);
            proptest::prop_assert_eq!(*kept.last().unwrap(), *pts.last().unwrap());
        }
    }
}
