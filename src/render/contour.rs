//! Contour lines of a sampled field by marching squares.

use super::heatmap::{Field, Scale};
use crate::Vec2;

/// Segments, in the field's grid coordinates (cell corners at integer points), of the lines
/// where the scaled value crosses each of `levels` evenly spaced levels in (0, 1).
pub fn segments(field: &Field, scale: &Scale, levels: usize) -> Vec<[Vec2; 2]> {
    let (w, h) = (field.width as usize, field.height as usize);
    let u: Vec<f64> = field.values.iter().map(|&v| scale.unit(v)).collect();
    let mut out = Vec::new();
    for l in 1..=levels {
        let c = l as f64 / (levels + 1) as f64;
        for j in 0..h.saturating_sub(1) {
            for i in 0..w.saturating_sub(1) {
                let corner = |di: usize, dj: usize| u[(j + dj) * w + i + di];
                cell(
                    [corner(0, 0), corner(1, 0), corner(1, 1), corner(0, 1)],
                    [i as f64, j as f64],
                    c,
                    &mut out,
                );
            }
        }
    }
    out
}

/// One square with corners (top-left, top-right, bottom-right, bottom-left) at `origin`.
fn cell(v: [f64; 4], origin: Vec2, c: f64, out: &mut Vec<[Vec2; 2]>) {
    // A corner where f is undefined: no line is drawn through the unknown.
    if v.iter().any(|x| x.is_nan()) {
        return;
    }
    let below = v.iter().filter(|&&x| x < c).count();
    if below == 0 || below == 4 {
        return;
    }
    let corners = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
    let (mut hits, mut n) = ([[0.0; 2]; 4], 0);
    for e in 0..4 {
        let (a, b) = (v[e], v[(e + 1) % 4]);
        if (a < c) != (b < c) {
            let t = (c - a) / (b - a);
            let (p, q) = (corners[e], corners[(e + 1) % 4]);
            hits[n] = [
                origin[0] + p[0] + t * (q[0] - p[0]),
                origin[1] + p[1] + t * (q[1] - p[1]),
            ];
            n += 1;
        }
    }
    // Four crossings (a saddle cell): pair them in edge order.
    for pair in hits[..n].chunks_exact(2) {
        out.push([pair[0], pair[1]]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bowl_has_closed_rings_around_its_centre() {
        let n = 41;
        let values = (0..n * n)
            .map(|k| {
                let (i, j) = ((k % n) as f64 - 20.0, (k / n) as f64 - 20.0);
                i * i + j * j
            })
            .collect();
        let field = Field {
            width: n as u32,
            height: n as u32,
            values,
        };
        let scale = Scale::fit(&field, false);
        let segs = segments(&field, &scale, 3);
        assert!(segs.len() > 50);
        // Every segment end lies at a distance from the centre consistent with one level.
        for s in &segs {
            let r = ((s[0][0] - 20.0).powi(2) + (s[0][1] - 20.0).powi(2)).sqrt();
            assert!(r > 3.0 && r < 29.0, "r = {r}");
        }
    }
}
