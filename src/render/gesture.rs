//! What dragging and pinching on the map do to the view, in canvas pixels, without a browser.

use super::{access, Viewport};
use crate::landscape::ViewBox;
use crate::Vec2;

/// Fingers closer than this many pixels give no usable pinch.
const MIN_SPREAD: f64 = 1.0;

/// The view `vp` dragged by the pointer going from `from` to `to` (canvas pixels): the point
/// that was under `from` is under `to`.
pub fn pan(vp: &Viewport, from: Vec2, to: Vec2) -> ViewBox {
    let (a, b) = (vp.from_px(from), vp.from_px(to));
    let (dx, dy) = (a[0] - b[0], a[1] - b[1]);
    let view = vp.view;
    let moved = ViewBox {
        x: [view.x[0] + dx, view.x[1] + dx],
        y: [view.y[0] + dy, view.y[1] + dy],
    };
    if finite(moved) {
        moved
    } else {
        view
    }
}

/// The view after two fingers moved from `old` to `new` (canvas pixels) on `vp`: scaled by
/// how far they spread (within the zoom limits of [`access::zoom`] about `home`), and moved
/// so that the point under their old midpoint is under their new one. Fingers that coincide
/// or are not numbers leave the view as it was.
pub fn pinch(vp: &Viewport, home: ViewBox, old: [Vec2; 2], new: [Vec2; 2]) -> ViewBox {
    let (d_old, d_new) = (spread(old), spread(new));
    let usable = |d: f64| d.is_finite() && d >= MIN_SPREAD;
    if !usable(d_old) || !usable(d_new) {
        return vp.view;
    }
    let (m_old, m_new) = (midpoint(old), midpoint(new));
    let zoomed = Viewport {
        view: access::zoom(vp.view, home, vp.from_px(m_old), d_old / d_new),
        ..*vp
    };
    let view = pan(&zoomed, m_old, m_new);
    if finite(view) {
        view
    } else {
        vp.view
    }
}

fn spread([a, b]: [Vec2; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

fn midpoint([a, b]: [Vec2; 2]) -> Vec2 {
    [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0]
}

fn finite(v: ViewBox) -> bool {
    v.x.iter().chain(&v.y).all(|c| c.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: ViewBox = ViewBox {
        x: [-2.0, 2.0],
        y: [-1.0, 3.0],
    };

    fn vp(view: ViewBox, width: u32, height: u32) -> Viewport {
        Viewport {
            view,
            width,
            height,
        }
    }

    fn width(v: ViewBox) -> f64 {
        v.x[1] - v.x[0]
    }

    /// A small deterministic generator, so the cases are many and reproducible.
    struct Lcg(u64);
    impl Lcg {
        fn unit(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
        fn point(&mut self, w: f64, h: f64) -> Vec2 {
            [self.unit() * w, self.unit() * h]
        }
    }

    #[test]
    fn the_point_under_the_fingers_stays_under_their_midpoint() {
        let mut rng = Lcg(7);
        for (w, h) in [(390, 390), (720, 720), (1600, 1200), (800, 500)] {
            let before = vp(HOME, w, h);
            for _ in 0..200 {
                let old = [rng.point(w as f64, h as f64), rng.point(w as f64, h as f64)];
                let new = [rng.point(w as f64, h as f64), rng.point(w as f64, h as f64)];
                if spread(old) < 20.0 || spread(new) < 20.0 {
                    continue;
                }
                let after = vp(pinch(&before, HOME, old, new), w, h);
                let under = before.from_px(midpoint(old));
                let now = after.to_px(under);
                let m = midpoint(new);
                assert!((now[0] - m[0]).abs() < 1e-6 && (now[1] - m[1]).abs() < 1e-6);
                // The view keeps its shape: scaled alike on both axes.
                let ratio = width(after.view) / width(HOME);
                let ratio_y = (after.view.y[1] - after.view.y[0]) / (HOME.y[1] - HOME.y[0]);
                assert!((ratio - ratio_y).abs() < 1e-9);
                assert!((ratio - spread(old) / spread(new)).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn spreading_zooms_in_and_pinching_zooms_out() {
        let before = vp(HOME, 720, 720);
        let near = [[300.0, 360.0], [420.0, 360.0]];
        let far = [[200.0, 360.0], [520.0, 360.0]];
        assert!(width(pinch(&before, HOME, near, far)) < width(HOME));
        assert!(width(pinch(&before, HOME, far, near)) > width(HOME));
        // Moving both fingers alike only pans.
        let moved = [[250.0, 400.0], [370.0, 400.0]];
        let panned = pinch(&before, HOME, near, moved);
        assert!((width(panned) - width(HOME)).abs() < 1e-12);
        assert_eq!(panned, pan(&before, [360.0, 360.0], [310.0, 400.0]));
    }

    #[test]
    fn pinching_keeps_the_zoom_limits() {
        let before = vp(HOME, 720, 720);
        let apart = [[0.0, 0.0], [720.0, 720.0]];
        let together = [[359.0, 360.0], [361.0, 360.0]];
        let mut v = HOME;
        for _ in 0..40 {
            v = pinch(&vp(v, 720, 720), HOME, together, apart);
        }
        assert!((width(v) / width(HOME) - 1e-4).abs() < 1e-12);
        for _ in 0..40 {
            v = pinch(&vp(v, 720, 720), HOME, apart, together);
        }
        assert!((width(v) / width(HOME) - 100.0).abs() < 1e-9);
        // At the limit, the fingers still pan the view.
        let shifted = [[10.0, 10.0], [730.0, 730.0]];
        assert_ne!(pinch(&before, HOME, apart, shifted), HOME);
    }

    #[test]
    fn unusable_fingers_leave_the_view() {
        let before = vp(HOME, 720, 720);
        let good = [[100.0, 100.0], [300.0, 300.0]];
        let same = [[200.0, 200.0], [200.0, 200.0]];
        let nan = [[f64::NAN, 100.0], [300.0, 300.0]];
        let inf = [[f64::INFINITY, 100.0], [300.0, 300.0]];
        for (old, new) in [
            (same, good),
            (good, same),
            (nan, good),
            (good, nan),
            (good, inf),
        ] {
            assert_eq!(pinch(&before, HOME, old, new), HOME);
        }
        assert_eq!(pan(&before, [f64::NAN, 0.0], [1.0, 1.0]), HOME);
    }

    #[test]
    fn a_drag_moves_the_view_by_the_dragged_amount() {
        let before = vp(HOME, 400, 400);
        // 100 pixels right and 50 down is a quarter and an eighth of the view.
        let v = pan(&before, [200.0, 200.0], [300.0, 250.0]);
        assert_eq!(v.x, [-3.0, 1.0]);
        assert_eq!(v.y, [-0.5, 3.5]);
    }
}
