//! What makes the page usable without colour, a mouse or sight of the canvas, computed
//! without a browser: each run's dash pattern and end marker, WCAG contrast, the keys that
//! move the start and the (β, γ) point, and the limits of zoom.

use super::scale::{Scale, SLIDER_STEPS};
use crate::landscape::ViewBox;
use crate::Vec2;

/// Dash patterns (on, off, … in pixels) by style slot; the first is solid.
const DASHES: [&[f64]; 8] = [
    &[],
    &[10.0, 5.0],
    &[2.0, 4.0],
    &[12.0, 4.0, 2.0, 4.0],
    &[6.0, 6.0],
    &[16.0, 6.0],
    &[2.0, 4.0, 2.0, 4.0, 10.0, 4.0],
    &[8.0, 3.0, 8.0, 9.0],
];

/// The shape that ends a run's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    TriangleDown,
    Hexagon,
    Star,
    Pentagon,
}

const MARKERS: [Marker; 8] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Hexagon,
    Marker::Star,
    Marker::Pentagon,
];

/// A run's style slot, the same one its colour takes: stable while runs come and go.
fn slot(id: u32) -> usize {
    (id as usize + DASHES.len() - 1) % DASHES.len()
}

/// The dash pattern of a run's line, on the map and in the charts.
pub fn dash(id: u32) -> &'static [f64] {
    DASHES[slot(id)]
}

/// The dash pattern as SVG's stroke-dasharray writes it ("none" when solid).
pub fn dash_svg(id: u32) -> String {
    let d = dash(id);
    if d.is_empty() {
        "none".into()
    } else {
        d.iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

pub fn marker(id: u32) -> Marker {
    MARKERS[slot(id)]
}

impl Marker {
    /// The outline's corners about (x, y) with radius r (y down, as on a canvas); empty for
    /// the circle, which is drawn as an arc.
    pub fn corners(self, [x, y]: Vec2, r: f64) -> Vec<Vec2> {
        use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, TAU};
        let ring = |n: usize, turn: f64, radius: &dyn Fn(usize) -> f64| -> Vec<Vec2> {
            (0..n)
                .map(|i| {
                    let a = turn + TAU * i as f64 / n as f64;
                    let q = radius(i);
                    [x + q * a.cos(), y - q * a.sin()]
                })
                .collect()
        };
        match self {
            Marker::Circle => Vec::new(),
            Marker::Square => ring(4, FRAC_PI_4, &|_| r * 1.2),
            Marker::Triangle => ring(3, FRAC_PI_2, &|_| r * 1.35),
            Marker::Diamond => ring(4, 0.0, &|_| r * 1.3),
            Marker::TriangleDown => ring(3, -FRAC_PI_2, &|_| r * 1.35),
            Marker::Hexagon => ring(6, 0.0, &|_| r * 1.15),
            Marker::Star => ring(10, FRAC_PI_2, &|i| {
                if i % 2 == 0 {
                    r * 1.5
                } else {
                    r * 0.65
                }
            }),
            Marker::Pentagon => ring(5, FRAC_PI_2, &|_| r * 1.2),
        }
    }

    /// An SVG path of the outline in a box of `side` units, for the legend.
    pub fn svg_path(self, side: f64) -> String {
        let c = side / 2.0;
        let pts = self.corners([c, c], side * 0.3);
        if pts.is_empty() {
            let r = side * 0.32;
            return format!(
                "M{} {c}a{r} {r} 0 1 0 {} 0a{r} {r} 0 1 0 {} 0Z",
                c - r,
                2.0 * r,
                -2.0 * r
            );
        }
        let mut d = String::new();
        for (i, [px, py]) in pts.iter().enumerate() {
            d += &format!("{}{:.2} {:.2}", if i == 0 { "M" } else { "L" }, px, py);
        }
        d + "Z"
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
pub fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG 2 contrast ratio of two colours, from 1 to 21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// An arrow key as a direction (right and up are positive).
pub fn arrow(key: &str) -> Option<(i32, i32)> {
    match key {
        "ArrowLeft" => Some((-1, 0)),
        "ArrowRight" => Some((1, 0)),
        "ArrowUp" => Some((0, 1)),
        "ArrowDown" => Some((0, -1)),
        _ => None,
    }
}

/// Fractions of the view one arrow press moves the start: fine, and with Shift.
const NUDGE: f64 = 0.02;
const NUDGE_BIG: f64 = 0.1;

/// The start moved by one arrow press, a fiftieth of the view (a tenth with Shift).
pub fn nudge(start: Vec2, view: ViewBox, (dx, dy): (i32, i32), big: bool) -> Vec2 {
    let f = if big { NUDGE_BIG } else { NUDGE };
    [
        start[0] + dx as f64 * f * (view.x[1] - view.x[0]),
        start[1] + dy as f64 * f * (view.y[1] - view.y[0]),
    ]
}

/// Slider positions one arrow press moves a decay on the phase diagram: a hundredth of the
/// axis, and with Shift a quarter (a tenfold step of 1 − v: 0.9 → 0.99).
const DECAY_STEP: f64 = 10.0;
const DECAY_STEP_BIG: f64 = SLIDER_STEPS / 4.0;

/// The decay `v` moved `dir` presses along the decay scale, on a slider position, so the
/// value is one the slider shows; kept within the diagram's [0, `top`].
pub fn step_decay(v: f64, dir: i32, big: bool, top: f64) -> f64 {
    if dir == 0 {
        return v;
    }
    let n = if big { DECAY_STEP_BIG } else { DECAY_STEP };
    let pos = (Scale::Decay.step_of(v) + dir as f64 * n).clamp(0.0, SLIDER_STEPS);
    Scale::Decay.at_step(pos, false).min(top)
}

/// How far the view may zoom from the landscape's own: in to a 10⁻⁴ of its width, out to
/// 100 times it.
const ZOOM_IN: f64 = 1e-4;
const ZOOM_OUT: f64 = 100.0;

/// The view scaled by `factor` about p, with the factor limited so that the view's width
/// stays within [ZOOM_IN, ZOOM_OUT] times the landscape's own view `home`.
pub fn zoom(view: ViewBox, home: ViewBox, p: Vec2, factor: f64) -> ViewBox {
    let (w, home_w) = (view.x[1] - view.x[0], home.x[1] - home.x[0]);
    let factor = if factor.is_finite() && factor > 0.0 {
        factor.clamp(ZOOM_IN * home_w / w, ZOOM_OUT * home_w / w)
    } else {
        1.0
    };
    let f = |a: [f64; 2], c: f64| [c + (a[0] - c) * factor, c + (a[1] - c) * factor];
    ViewBox {
        x: f(view.x, p[0]),
        y: f(view.y, p[1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_run_slot_has_its_own_dash_and_marker() {
        let ids = 1..=8u32;
        let dashes: Vec<_> = ids.clone().map(dash).collect();
        let markers: Vec<_> = ids.map(marker).collect();
        for i in 0..8 {
            for j in 0..i {
                assert_ne!(dashes[i], dashes[j], "runs {} and {}", i + 1, j + 1);
                assert_ne!(markers[i], markers[j], "runs {} and {}", i + 1, j + 1);
            }
        }
        // Adam (run 2) and ADOPT (run 3) of the default scene: orange and yellow merge under
        // deuteranopia, so their lines and ends must differ by shape.
        assert_ne!(dash(2), dash(3));
        assert_eq!(dash(1), dash(9));
        assert_eq!(dash_svg(1), "none");
        assert_eq!(dash_svg(2), "10 5");
    }

    #[test]
    fn markers_have_their_corners_about_the_centre() {
        assert!(Marker::Circle.corners([0.0, 0.0], 5.0).is_empty());
        assert_eq!(Marker::Square.corners([0.0, 0.0], 5.0).len(), 4);
        assert_eq!(Marker::Star.corners([0.0, 0.0], 5.0).len(), 10);
        // The triangle points up on a canvas (y grows down).
        let t = Marker::Triangle.corners([10.0, 10.0], 5.0);
        assert!(t[0][1] < 10.0 && (t[0][0] - 10.0).abs() < 1e-9);
        for m in MARKERS {
            let d = m.svg_path(14.0);
            assert!(d.starts_with('M') && d.ends_with('Z'), "{m:?}: {d}");
        }
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert_eq!(contrast([10, 20, 30], [10, 20, 30]), 1.0);
        // White on #ff5a5f (the badge's old red) is 3.05:1 and fails AA; on #b8202d it passes.
        assert!((contrast([255, 255, 255], [0xff, 0x5a, 0x5f]) - 3.05).abs() < 0.01);
        assert!(contrast([255, 255, 255], [0xb8, 0x20, 0x2d]) >= 4.5);
    }

    #[test]
    fn arrows_move_the_start_by_a_fraction_of_the_view() {
        let view = ViewBox {
            x: [-2.0, 2.0],
            y: [-1.0, 3.0],
        };
        assert_eq!(arrow("ArrowUp"), Some((0, 1)));
        assert_eq!(arrow("a"), None);
        assert_eq!(nudge([0.0, 0.0], view, (1, 0), false), [0.08, 0.0]);
        assert_eq!(nudge([0.0, 0.0], view, (0, -1), true), [0.0, -0.4]);
    }

    #[test]
    fn arrows_step_decays_on_slider_positions() {
        let top = 0.9999;
        // A press moves ten slider positions; the value is the slider's own.
        let up = step_decay(0.9, 1, false, top);
        assert_eq!(Scale::Decay.step_of(up), 260.0);
        assert_eq!(up, Scale::Decay.at_step(260.0, false));
        assert_eq!(step_decay(up, -1, false, top), 0.9);
        // With Shift, a tenfold step of 1 − v.
        assert_eq!(step_decay(0.9, 1, true, top), 0.99);
        assert_eq!(step_decay(0.99, 1, true, top), 0.999);
        // The ends hold.
        assert_eq!(step_decay(0.0, -1, false, top), 0.0);
        assert_eq!(step_decay(0.9999, 1, true, top), 0.9999);
        assert_eq!(step_decay(0.9999, 1, true, 0.999), 0.999);
        // The other axis of a press keeps its typed value.
        assert_eq!(step_decay(0.95123, 0, true, top), 0.95123);
    }

    #[test]
    fn zoom_stops_at_its_limits() {
        let home = ViewBox {
            x: [-2.0, 2.0],
            y: [-2.0, 2.0],
        };
        let mut v = home;
        for _ in 0..200 {
            v = zoom(v, home, [0.5, 0.5], 0.5);
        }
        assert!(((v.x[1] - v.x[0]) / 4.0 - ZOOM_IN).abs() < 1e-12);
        for _ in 0..200 {
            v = zoom(v, home, [0.5, 0.5], 2.0);
        }
        assert!(((v.x[1] - v.x[0]) / 4.0 - ZOOM_OUT).abs() < 1e-9);
        assert_eq!(zoom(home, home, [0.0, 0.0], f64::NAN), home);
        // Within the limits it is an ordinary zoom about p.
        let z = zoom(home, home, [1.0, 1.0], 0.5);
        assert_eq!(z.x, [-0.5, 1.5]);
    }
}
