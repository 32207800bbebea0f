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
pub mod grid_map;
pub mod heatmap;
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
