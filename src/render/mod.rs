//! What is drawn, computed without a browser: the heatmap's pixels, contour segments, the
//! mapping between the plane and the canvas, the charts and the sliders' scales. The app only
//! puts these on canvases.

pub mod access;
pub mod bands;
pub mod bound;
pub mod chart;
pub mod chart_draw;
pub mod colormap;
pub mod contour;
pub mod data_inset;
pub mod gesture;
pub mod grid_map;
pub mod heatmap;
pub mod labels;
pub mod map;
pub mod meta;
pub mod one_norm;
pub mod path;
pub mod phase;
pub mod profile;
pub mod scale;
pub mod ticks;

use crate::landscape::ViewBox;
use crate::Vec2;

/// A view box shown on a canvas of `width` × `height` pixels (y grows upwards in the plane).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub view: ViewBox,
    pub width: u32,
    pub height: u32,
}

impl Viewport {
    pub fn to_px(&self, p: Vec2) -> Vec2 {
        let ViewBox { x, y } = self.view;
        [
            (p[0] - x[0]) / (x[1] - x[0]) * self.width as f64,
            (y[1] - p[1]) / (y[1] - y[0]) * self.height as f64,
        ]
    }

    pub fn from_px(&self, px: Vec2) -> Vec2 {
        let ViewBox { x, y } = self.view;
        [
            x[0] + px[0] / self.width as f64 * (x[1] - x[0]),
            y[1] - px[1] / self.height as f64 * (y[1] - y[0]),
        ]
    }
}

/// The most pixels a side of the map's canvases gets, so a huge screen does not allocate a
/// giant canvas.
pub const MAX_BACKING: u32 = 2048;

/// The pixels of a canvas shown `css` CSS pixels wide and high on a screen of `ratio` device
/// pixels to a CSS pixel, at most [`MAX_BACKING`] a side, and the canvas pixels it gets to a
/// CSS pixel. None for a canvas that is not shown.
pub fn backing(css: [f64; 2], ratio: f64) -> Option<([u32; 2], f64)> {
    let [w, h] = css;
    let shown = |v: f64| v.is_finite() && v >= 1.0;
    if !shown(w) || !shown(h) || !ratio.is_finite() || ratio <= 0.0 {
        return None;
    }
    let k = ratio.min(MAX_BACKING as f64 / w.max(h));
    let side = |v: f64| ((v * k).round() as u32).clamp(1, MAX_BACKING);
    Some(([side(w), side(h)], k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backing_store_follows_the_css_size_and_ratio_up_to_the_cap() {
        assert_eq!(backing([390.0, 390.0], 3.0), Some(([1170, 1170], 3.0)));
        assert_eq!(backing([640.5, 640.5], 2.0), Some(([1281, 1281], 2.0)));
        assert_eq!(backing([720.0, 720.0], 1.0), Some(([720, 720], 1.0)));
        // A 1600-pixel map at 2× would be 3200 a side: capped, and its text scaled alike.
        let ([w, h], k) = backing([1600.0, 1600.0], 2.0).unwrap();
        assert_eq!([w, h], [MAX_BACKING, MAX_BACKING]);
        assert!((k - 1.28).abs() < 1e-12);
        let ([w, h], _) = backing([3000.0, 1000.0], 1.0).unwrap();
        assert_eq!([w, h], [2048, 683]);
        for bad in [[0.0, 100.0], [f64::NAN, 100.0], [100.0, f64::INFINITY]] {
            assert_eq!(backing(bad, 2.0), None);
        }
        assert_eq!(backing([100.0, 100.0], f64::NAN), None);
        assert_eq!(backing([100.0, 100.0], 0.0), None);
    }
}
