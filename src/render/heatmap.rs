//! The landscape sampled on the canvas grid, turned into RGBA pixels.

use super::{colormap::viridis, contour, Viewport};
use crate::landscape::{Landscape, Value};
use crate::Vec2;

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

    /// v placed in [0, 1]; +∞ at the top, −∞ at the bottom, NaN (f undefined) stays NaN so
    /// that it is drawn apart from every value.
    pub fn unit(&self, v: f64) -> f64 {
        if v.is_nan() {
            return f64::NAN;
        }
        if v.is_infinite() {
            return if v > 0.0 { 1.0 } else { 0.0 };
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

/// Everything the landscape canvas shows, ready to put: RGBA pixels and contour segments in
/// canvas pixels.
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
    pub contours: Vec<[Vec2; 2]>,
    /// How many pixels are where f is undefined (drawn hatched grey, [`UNDEFINED`]).
    pub undefined: usize,
}

/// The two greys of the hatching where f is undefined: no shade of viridis is grey.
pub const UNDEFINED: [[u8; 4]; 2] = [[96, 96, 96, 255], [150, 150, 150, 255]];

/// Which grey of the hatching a pixel gets: diagonal stripes 4 pixels wide.
fn hatch(i: usize, j: usize) -> [u8; 4] {
    UNDEFINED[((i + j) / 4) % 2]
}

/// Contour levels drawn over the heatmap.
pub const CONTOUR_LEVELS: usize = 14;

/// The heatmap and contours of `l` in `vp`. The colour range and the contours come from a grid
/// of every 4th pixel; f is evaluated at every 2nd pixel and the scaled values blended between
/// (the eye sees no difference, and it is four times fewer evaluations and logarithms). Where f
/// is NaN the pixel is hatched grey; the colour range is fitted to the values f has.
pub fn picture(l: &Landscape, vp: &Viewport, log: bool) -> Picture {
    picture_scaled(l, vp, log, 1.0)
}

/// [`picture`] for a canvas with `k` pixels per CSS pixel: the colours are computed for a
/// `k` times smaller image (the canvas scales it up smoothly: a heatmap has no edges to
/// lose), the contours at the canvas's full resolution. At k = 2 that is a quarter of the
/// pixels to colour and to hand the canvas.
pub fn picture_scaled(l: &Landscape, vp: &Viewport, log: bool, k: f64) -> Picture {
    let coarse = sample(l, vp, 4);
    let scale = Scale::fit(&coarse, log);
    let k = if k.is_finite() { k.max(1.0) } else { 1.0 };
    let small = |v: u32| ((v as f64 / k).round() as u32).max(1);
    let vp = &Viewport {
        view: vp.view,
        width: small(vp.width),
        height: small(vp.height),
    };
    let (w, h) = (vp.width as usize, vp.height as usize);
    let (cw, ch) = (w / 2 + 1, h / 2 + 1);
    let centre = |k: usize| (2 * k) as f64 + 0.5;
    let xs: Vec<f64> = (0..cw).map(|a| vp.from_px([centre(a), 0.0])[0]).collect();
    let mut u = Vec::with_capacity(cw * ch);
    for b in 0..ch {
        let y = vp.from_px([0.0, centre(b)])[1];
        u.extend(xs.iter().map(|&x| scale.unit(l.value([x, y]))));
    }
    let table = colour_table();
    let top = (table.len() - 1) as f64;
    let mut rgba = vec![0u8; w * h * 4];
    let mut undefined = 0;
    for (j, row) in rgba.chunks_exact_mut(w * 4).enumerate() {
        let (b, odd_row) = (j / 2, j % 2 == 1);
        for (i, px) in row.chunks_exact_mut(4).enumerate() {
            let (a, odd_col) = (i / 2, i % 2 == 1);
            let at = |da: usize, db: usize| u[(b + db) * cw + a + da];
            let v = match (odd_col, odd_row) {
                (false, false) => at(0, 0),
                (true, false) => 0.5 * (at(0, 0) + at(1, 0)),
                (false, true) => 0.5 * (at(0, 0) + at(0, 1)),
                (true, true) => 0.25 * (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)),
            };
            // A blend with an undefined neighbour is undefined: the mark's edge stays honest.
            if v.is_nan() {
                undefined += 1;
                px.copy_from_slice(&hatch(i, j));
            } else {
                px.copy_from_slice(&table[(v * top) as usize]);
            }
        }
    }
    let contours = contour::segments(&coarse, &scale, CONTOUR_LEVELS)
        .into_iter()
        .map(|seg| seg.map(|p| [p[0] * 4.0 + 0.5, p[1] * 4.0 + 0.5]))
        .collect();
    Picture {
        width: vp.width,
        height: vp.height,
        rgba,
        contours,
        undefined,
    }
}

/// 1024 shades: finer than the eye tells apart, and no colour blend per pixel.
fn colour_table() -> Vec<[u8; 4]> {
    const SHADES: usize = 1024;
    (0..SHADES)
        .map(|i| {
            let [r, g, b] = viridis(i as f64 / (SHADES - 1) as f64);
            [r, g, b, 255]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At 2 canvas pixels per CSS pixel the colours come at half the size, near the full
    /// picture's at the same place, and the contours are the full picture's.
    #[test]
    fn a_scaled_picture_has_smaller_colours_and_the_same_contours() {
        let l = Landscape::Rosenbrock;
        let vp = Viewport {
            view: l.info().view,
            width: 400,
            height: 300,
        };
        let full = picture(&l, &vp, true);
        let half = picture_scaled(&l, &vp, true, 2.0);
        assert_eq!((half.width, half.height), (200, 150));
        assert_eq!(half.rgba.len(), 200 * 150 * 4);
        assert_eq!(half.contours, full.contours);
        let px = |p: &Picture, i: usize, j: usize| {
            let at = (j * p.width as usize + i) * 4;
            [p.rgba[at], p.rgba[at + 1], p.rgba[at + 2]]
        };
        let mut worst = 0;
        for (i, j) in [(10, 10), (100, 75), (150, 20), (60, 140)] {
            let (a, b) = (px(&half, i, j), px(&full, 2 * i, 2 * j));
            worst = worst.max((0..3).map(|c| a[c].abs_diff(b[c])).max().unwrap());
        }
        assert!(worst <= 24, "colours differ by {worst}");
        // k at or below 1 (or not a number) is the full picture.
        for k in [1.0, 0.5, f64::NAN] {
            assert_eq!(picture_scaled(&l, &vp, true, k).width, 400);
        }
    }

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
        assert!(log.unit(f64::NAN).is_nan());
        assert_eq!(
            (log.unit(f64::INFINITY), log.unit(f64::NEG_INFINITY)),
            (1.0, 0.0)
        );
    }

    #[test]
    fn a_picture_covers_the_canvas_with_many_shades_and_rings_of_contours() {
        use crate::landscape::ViewBox;
        let vp = Viewport {
            view: ViewBox {
                x: [-2.0, 2.0],
                y: [-2.0, 2.0],
            },
            width: 101,
            height: 80,
        };
        let pic = picture(&Landscape::Booth, &vp, true);
        assert_eq!(pic.rgba.len(), 101 * 80 * 4);
        assert!(pic.rgba.chunks_exact(4).all(|p| p[3] == 255));
        let shades: std::collections::HashSet<&[u8]> = pic.rgba.chunks_exact(4).collect();
        assert!(shades.len() > 100, "{} shades", shades.len());
        assert!(pic.contours.len() > 20);
        assert!(pic
            .contours
            .iter()
            .flatten()
            .all(|p| p[0] >= 0.0 && p[0] <= 101.0 && p[1] >= 0.0 && p[1] <= 80.0));
        // Booth's minimum (1, 3) is above this view, so the top row is darker than the bottom.
        let lum = |row: usize| pic.rgba[row * 101 * 4 + 50 * 4 + 1];
        assert!(lum(0) < lum(79));
        assert_eq!(pic.undefined, 0);
    }

    /// sqrt(x) + y² has no value left of x = 0: that half is hatched grey, the other half is
    /// coloured over the full range of the values it has, and no contour enters the grey.
    #[test]
    fn where_f_is_undefined_is_hatched_and_spoils_nothing_else() {
        use crate::landscape::{Custom, ViewBox};
        let view = ViewBox {
            x: [-2.0, 2.0],
            y: [-2.0, 2.0],
        };
        let l = Landscape::Formula(Custom::parse("sqrt(x) + y^2", view).unwrap());
        let vp = Viewport {
            view,
            width: 120,
            height: 100,
        };
        let pic = picture(&l, &vp, false);
        let px = |i: usize, j: usize| &pic.rgba[(j * 120 + i) * 4..][..4];
        for j in 0..100 {
            for i in 0..58 {
                assert!(
                    UNDEFINED.contains(&px(i, j).try_into().unwrap()),
                    "({i}, {j})"
                );
            }
            for i in 62..120 {
                assert!(
                    !UNDEFINED.contains(&px(i, j).try_into().unwrap()),
                    "({i}, {j})"
                );
            }
        }
        assert!(
            pic.undefined >= 58 * 100 && pic.undefined <= 62 * 100,
            "{}",
            pic.undefined
        );
        // Both ends of viridis appear on the defined half: NaN took no part in the range.
        let table = colour_table();
        let (lo, hi) = (table[0], table[table.len() - 1]);
        let near = |a: &[u8], b: [u8; 4]| a.iter().zip(b).all(|(x, y)| x.abs_diff(y) < 40);
        let defined: Vec<&[u8]> = (0..100)
            .flat_map(|j| (62..120).map(move |i| (i, j)))
            .map(|(i, j)| px(i, j))
            .collect();
        assert!(defined.iter().any(|p| near(p, lo)) && defined.iter().any(|p| near(p, hi)));
        assert!(
            pic.contours.iter().flatten().all(|p| p[0] >= 58.0),
            "a contour in the grey"
        );
        assert!(!pic.contours.is_empty());
    }
}
