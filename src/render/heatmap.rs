//! The landscape sampled on the canvas grid, turned into RGBA pixels.

use super::{colormap::viridis, Viewport};
use crate::landscape::{Landscape, Value};

/// f sampled at every pixel centre, row-major from the top-left.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub width: u32,
    pub height: u32,
    pub values: Vec<f64>,
}

/// Samples f at pixel centres; every `stride`-th pixel when stride > 1 (for contours).
pub fn sample(l: &Landscape, vp: &Viewport, stride: u32) -> Field {
    let stride = stride.max(1);
    let (w, h) = (vp.width.div_ceil(stride), vp.height.div_ceil(stride));
    let mut values = Vec::with_capacity((w * h) as usize);
    for j in 0..h {
        for i in 0..w {
            let px = [(i * stride) as f64 + 0.5, (j * stride) as f64 + 0.5];
            values.push(l.value(vp.from_px(px)));
        }
    }
    Field {
        width: w,
        height: h,
        values,
    }
}

/// Maps loss values to [0, 1] for colouring, optionally on a log scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    lo: f64,
    hi: f64,
    log: bool,
}

impl Scale {
    /// Fitted to the finite values of a field; the top 2 % are clipped so one steep wall does not
    /// wash out the rest of the picture.
    pub fn fit(field: &Field, log: bool) -> Scale {
        let mut finite: Vec<f64> = field
            .values
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .collect();
        if finite.is_empty() {
            return Scale {
                lo: 0.0,
                hi: 1.0,
                log,
            };
        }
        finite.sort_by(f64::total_cmp);
        let lo = finite[0];
        let hi = finite[((finite.len() - 1) as f64 * 0.98) as usize];
        Scale {
            lo,
            hi: if hi > lo { hi } else { lo + 1.0 },
            log,
        }
    }

    pub fn unit(&self, v: f64) -> f64 {
        if !v.is_finite() {
            return 1.0;
        }
        if self.log {
            let span = self.hi - self.lo;
            let d = span * 1e-4;
            ((v - self.lo + d).max(d) / d).ln() / ((span + d) / d).ln()
        } else {
            (v - self.lo) / (self.hi - self.lo)
        }
        .clamp(0.0, 1.0)
    }
}

/// RGBA bytes for a canvas ImageData of the field's size.
pub fn rgba(field: &Field, scale: &Scale) -> Vec<u8> {
    let mut out = Vec::with_capacity(field.values.len() * 4);
    for &v in &field.values {
        let [r, g, b] = viridis(scale.unit(v));
        out.extend_from_slice(&[r, g, b, 255]);
    }
    out
}
