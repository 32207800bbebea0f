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
    /// For the log scale: 1/d for the offset d, and 1 / ln((span + d)/d), computed once.
    inv_d: f64,
    inv_log_span: f64,
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
            return Scale::new(0.0, 1.0, log);
        }
        let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let k = ((finite.len() - 1) as f64 * 0.98) as usize;
        let hi = *finite.select_nth_unstable_by(k, f64::total_cmp).1;
        Scale::new(lo, if hi > lo { hi } else { lo + 1.0 }, log)
    }

    fn new(lo: f64, hi: f64, log: bool) -> Scale {
        let d = (hi - lo) * 1e-4;
        Scale {
            lo,
            hi,
            log,
            inv_d: 1.0 / d,
            inv_log_span: 1.0 / ((hi - lo + d) / d).ln(),
        }
    }

    pub fn unit(&self, v: f64) -> f64 {
        if !v.is_finite() {
            return 1.0;
        }
        if self.log {
            fast_ln(((v - self.lo) * self.inv_d + 1.0).max(1.0)) * self.inv_log_span
        } else {
            (v - self.lo) / (self.hi - self.lo)
        }
        .clamp(0.0, 1.0)
    }
}

/// ln x to about 1e-4, for colouring only: the exponent from the bits, then ln of the mantissa
/// m ∈ [1, 2) as 2 atanh((m − 1)/(m + 1)) to three terms. A libm ln per pixel would be most of
/// a heatmap's time.
fn fast_ln(x: f64) -> f64 {
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    e as f64 * std::f64::consts::LN_2 + 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * 0.2))
}

/// RGBA bytes for a canvas ImageData of the field's size.
pub fn rgba(field: &Field, scale: &Scale) -> Vec<u8> {
    // 1024 shades are finer than the eye can tell apart and spare a colour blend per pixel.
    const SHADES: usize = 1024;
    let table: Vec<[u8; 4]> = (0..SHADES)
        .map(|i| {
            let [r, g, b] = viridis(i as f64 / (SHADES - 1) as f64);
            [r, g, b, 255]
        })
        .collect();
    let mut out = vec![0u8; field.values.len() * 4];
    for (px, &v) in out.chunks_exact_mut(4).zip(&field.values) {
        px.copy_from_slice(&table[(scale.unit(v) * (SHADES - 1) as f64) as usize]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_ln_is_close_enough_for_colour() {
        for &x in &[1.0, 1.5, 2.0, 3.7, 10.0, 1e4, 123456.0] {
            assert!(
                (fast_ln(x) - x.ln()).abs() < 1e-3,
                "{x}: {} vs {}",
                fast_ln(x),
                x.ln()
            );
        }
    }

    #[test]
    fn log_scale_spreads_a_steep_bowl_and_clips_the_top() {
        let field = Field {
            width: 4,
            height: 1,
            values: vec![0.0, 1.0, 100.0, 1e6],
        };
        let lin = Scale::fit(&field, false);
        let log = Scale::fit(&field, true);
        assert!(log.unit(1.0) > 0.3 && lin.unit(1.0) < 0.02);
        assert_eq!(log.unit(f64::NAN), 1.0);
        let px = rgba(&field, &log);
        assert_eq!(px.len(), 16);
        assert_eq!(&px[0..4], &[68, 1, 84, 255]);
        assert_ne!(&px[4..8], &px[8..12]);
    }
}
