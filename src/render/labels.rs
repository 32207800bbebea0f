//! Where the map's text goes so that no two labels cover each other: the axes' tick labels
//! and letters, and the label beside a run that diverged. Sizes are in canvas pixels, `k`
//! canvas pixels to a CSS pixel; text widths come from `measure` (the canvas's own in the
//! page).

use super::{ticks, Viewport};
use crate::format;
use crate::Vec2;

/// The labels' font size in CSS pixels.
pub const FONT_PX: f64 = 15.0;

/// A box in canvas pixels, y down.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// Within the canvas, give or take rounding.
    fn inside(&self, w: f64, h: f64) -> bool {
        let e = 1e-6;
        self.x0 >= -e && self.y0 >= -e && self.x1 <= w + e && self.y1 <= h + e
    }

    fn area_over(&self, o: &Rect) -> f64 {
        let dx = self.x1.min(o.x1) - self.x0.max(o.x0);
        let dy = self.y1.min(o.y1) - self.y0.max(o.y0);
        dx.max(0.0) * dy.max(0.0)
    }
}

/// A text drawn from `at` (the left end of its baseline), covering `rect` with its halo.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub text: String,
    pub at: Vec2,
    pub rect: Rect,
}

/// The box of `width` pixels of text at baseline `at`, with the dark halo around it.
fn text_box(at: Vec2, width: f64, k: f64) -> Rect {
    let (size, halo) = (FONT_PX * k, 2.0 * k);
    Rect {
        x0: at[0] - halo,
        y0: at[1] - 0.8 * size - halo,
        x1: at[0] + width + halo,
        y1: at[1] + 0.25 * size + halo,
    }
}

fn label(text: String, at: Vec2, k: f64, measure: &dyn Fn(&str) -> f64) -> Label {
    let rect = text_box(at, measure(&text), k);
    Label { text, at, rect }
}

/// The axes: tick marks along the bottom (x, in pixels across) and the left edge (y, in
/// pixels down), and the labels kept: the letters x and y first, then the tick labels that
/// fit inside the canvas and cover no label already kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Axes {
    pub ticks_x: Vec<f64>,
    pub ticks_y: Vec<f64>,
    pub labels: Vec<Label>,
}

pub fn axes(vp: &Viewport, k: f64, measure: &dyn Fn(&str) -> f64) -> Axes {
    let (w, h) = (vp.width as f64, vp.height as f64);
    let xs: Vec<(f64, f64)> = ticks::nice(vp.view.x[0], vp.view.x[1], 6)
        .into_iter()
        .map(|v| (v, vp.to_px([v, 0.0])[0]))
        .filter(|(_, x)| (0.0..=w).contains(x))
        .collect();
    let ys: Vec<(f64, f64)> = ticks::nice(vp.view.y[0], vp.view.y[1], 6)
        .into_iter()
        .map(|v| (v, vp.to_px([0.0, v])[1]))
        .filter(|(_, y)| (0.0..=h).contains(y))
        .collect();
    let along_x = xs
        .iter()
        .map(|&(v, x)| label(format::plain(v), [x + 3.0 * k, h - 10.0 * k], k, measure));
    let along_y = ys
        .iter()
        .map(|&(v, y)| label(format::plain(v), [10.0 * k, y - 3.0 * k], k, measure));
    let tick_labels: Vec<Label> = along_x.chain(along_y).collect();
    let widest_y = tick_labels
        .iter()
        .filter(|l| l.at[0] == 10.0 * k)
        .map(|l| l.rect.x1)
        .fold(10.0 * k, f64::max);
    let row = (FONT_PX + 6.0) * k;
    let wx = measure("x");
    let x_at = [
        [w - 6.0 * k - wx, h - 10.0 * k],
        [w - 6.0 * k - wx, h - 10.0 * k - row],
    ];
    let y_at = [[10.0 * k, 20.0 * k], [widest_y + 6.0 * k, 20.0 * k]];
    let mut labels = Vec::new();
    for (text, at) in [("x", x_at), ("y", y_at)] {
        labels.push(free_spot(text, &at, k, measure, &tick_labels));
    }
    for l in tick_labels {
        if l.rect.inside(w, h) && !labels.iter().any(|m: &Label| m.rect.overlaps(&l.rect)) {
            labels.push(l);
        }
    }
    Axes {
        ticks_x: xs.iter().map(|t| t.1).collect(),
        ticks_y: ys.iter().map(|t| t.1).collect(),
        labels,
    }
}

/// The first of `spots` where `text` covers none of `taken`, or the first spot when every
/// one does (what it covers is then dropped).
fn free_spot(
    text: &str,
    spots: &[Vec2],
    k: f64,
    measure: &dyn Fn(&str) -> f64,
    taken: &[Label],
) -> Label {
    let candidates: Vec<Label> = spots
        .iter()
        .map(|at| label(text.to_string(), *at, k, measure))
        .collect();
    let free = candidates
        .iter()
        .position(|c| !taken.iter().any(|t| t.rect.overlaps(&c.rect)))
        .unwrap_or(0);
    candidates[free].clone()
}

/// `text` beside a mark of radius `r` at `mark` on a canvas of `w` × `h`: to its right or left,
/// above or below, moved inside the canvas; when that covers some of `avoid` or the mark,
/// moved on by whole rows and columns, the nearest free place first (or the one covering
/// least of them).
pub fn beside(
    text: &str,
    mark: Vec2,
    r: f64,
    size: [f64; 2],
    k: f64,
    measure: &dyn Fn(&str) -> f64,
    avoid: &[Rect],
) -> Label {
    let [w, h] = size;
    let width = measure(text);
    let (gap, step) = (r + 3.0 * k, (FONT_PX + 6.0) * k);
    let (up, down) = (mark[1] - gap, mark[1] + gap + 0.8 * FONT_PX * k);
    let (right, left) = (mark[0] + gap, mark[0] - gap - width);
    let sides = [[right, up], [left, up], [right, down], [left, down]];
    let mut shifts: Vec<(i32, i32)> = (-4..=4)
        .flat_map(|i| (-4..=4).map(move |j| (i, j)))
        .collect();
    shifts.sort_by_key(|(i, j)| i.abs() + j.abs());
    let inside = |at: Vec2| {
        let rect = text_box(at, width, k);
        let dx = (-rect.x0).max(0.0) - (rect.x1 - w).max(0.0);
        let dy = (-rect.y0).max(0.0) - (rect.y1 - h).max(0.0);
        [at[0] + dx, at[1] + dy]
    };
    let ring = Rect {
        x0: mark[0] - r,
        y0: mark[1] - r,
        x1: mark[0] + r,
        y1: mark[1] + r,
    };
    let covered = |at: Vec2| {
        let rect = text_box(at, width, k);
        avoid
            .iter()
            .chain([&ring])
            .map(|a| rect.area_over(a))
            .sum::<f64>()
    };
    let spots = shifts
        .iter()
        .flat_map(|&(i, j)| sides.map(|[x, y]| inside([x + i as f64 * step, y + j as f64 * step])));
    let at = spots
        .min_by(|a, b| {
            // The first of the free spots, or the least covered one.
            let (ca, cb) = (covered(*a), covered(*b));
            (ca > 0.0).cmp(&(cb > 0.0)).then(ca.total_cmp(&cb))
        })
        .unwrap_or(mark);
    Label {
        text: text.to_string(),
        at,
        rect: text_box(at, width, k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::ViewBox;

    /// Bold digits of the system font are about 0.6 em wide.
    fn measure(k: f64) -> impl Fn(&str) -> f64 {
        move |s: &str| s.chars().count() as f64 * 0.6 * FONT_PX * k
    }

    const VIEWS: [ViewBox; 5] = [
        ViewBox {
            x: [-2.0, 2.0],
            y: [-1.0, 3.0],
        },
        ViewBox {
            x: [-0.0013, 0.0021],
            y: [99.9981, 100.0043],
        },
        ViewBox {
            x: [-350.0, 1250.0],
            y: [-12345.0, 20000.0],
        },
        ViewBox {
            x: [0.5, 1.5],
            y: [-1e-5, 1e-5],
        },
        ViewBox {
            x: [-1.05, 0.95],
            y: [0.001, 0.002],
        },
    ];

    /// CSS widths from a phone to a wide screen, at 1× and 2×.
    const SIZES: [(f64, f64); 8] = [
        (390.0, 1.0),
        (390.0, 2.0),
        (560.0, 1.0),
        (720.0, 1.0),
        (820.0, 2.0),
        (1000.0, 1.0),
        (1600.0, 1.0),
        (1024.0, 2.0),
    ];

    fn viewport(view: ViewBox, side: f64, k: f64) -> Viewport {
        let px = (side * k).round() as u32;
        Viewport {
            view,
            width: px,
            height: px,
        }
    }

    fn no_two_overlap(labels: &[Label]) {
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[..i] {
                assert!(!a.rect.overlaps(&b.rect), "{a:?} covers {b:?}");
            }
        }
    }

    #[test]
    fn axis_labels_never_overlap_and_stay_inside() {
        for view in VIEWS {
            for (side, k) in SIZES {
                let vp = viewport(view, side, k);
                let axes = axes(&vp, k, &measure(k));
                no_two_overlap(&axes.labels);
                let (w, h) = (vp.width as f64, vp.height as f64);
                for l in &axes.labels {
                    assert!(l.rect.inside(w, h), "{l:?} outside {w}×{h}");
                }
                let texts: Vec<&str> = axes.labels.iter().map(|l| l.text.as_str()).collect();
                assert_eq!(&texts[..2], ["x", "y"], "the letters are always kept");
                // Most ticks keep their labels: at least two per axis.
                assert!(texts.len() >= 6, "{view:?} at {side}: {texts:?}");
            }
        }
    }

    #[test]
    fn a_letter_moves_off_a_tick_label_rather_than_dropping_it() {
        // The last tick label along x is where the letter would go: the x sits above the row.
        let vp = viewport(
            ViewBox {
                x: [-2.0, 2.15],
                y: [-1.0, 3.0],
            },
            720.0,
            1.0,
        );
        let m = measure(1.0);
        let axes = axes(&vp, 1.0, &m);
        let x = &axes.labels[0];
        let row = axes
            .labels
            .iter()
            .find(|l| l.text == "2" && l.at[1] == 710.0);
        assert!(row.is_some(), "the last tick label along x is kept");
        assert!(x.at[1] < 700.0, "x is lifted above the tick row: {x:?}");
    }

    #[test]
    fn tick_labels_scale_with_the_pixel_ratio() {
        let view = VIEWS[0];
        let one = axes(&viewport(view, 720.0, 1.0), 1.0, &measure(1.0));
        let two = axes(&viewport(view, 720.0, 2.0), 2.0, &measure(2.0));
        let texts = |a: &Axes| a.labels.iter().map(|l| l.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&one), texts(&two));
        for (a, b) in one.labels.iter().zip(&two.labels) {
            assert!((b.at[0] - 2.0 * a.at[0]).abs() < 1.0 && (b.at[1] - 2.0 * a.at[1]).abs() < 1.0);
        }
    }

    #[test]
    fn the_diverged_label_stays_inside_and_off_the_axis_labels() {
        let text = "diverged at step 1234";
        for view in VIEWS {
            for (side, k) in SIZES {
                let vp = viewport(view, side, k);
                let m = measure(k);
                let axes = axes(&vp, k, &m);
                let avoid: Vec<Rect> = axes.labels.iter().map(|l| l.rect).collect();
                let (w, h) = (vp.width as f64, vp.height as f64);
                // Marks in the corners, along the edges and in the middle.
                for fx in [0.0, 0.02, 0.5, 0.97, 1.0] {
                    for fy in [0.0, 0.03, 0.5, 0.98, 1.0] {
                        let mark = [fx * w, fy * h];
                        // The mark as drawn: kept 14 CSS pixels inside the edges.
                        let e = 14.0 * k;
                        let mark = [mark[0].clamp(e, w - e), mark[1].clamp(e, h - e)];
                        let r = 11.0 * k;
                        let l = beside(text, mark, r, [w, h], k, &m, &avoid);
                        assert!(l.rect.inside(w, h), "{l:?} outside {w}×{h}");
                        let ring = Rect {
                            x0: mark[0] - r,
                            y0: mark[1] - r,
                            x1: mark[0] + r,
                            y1: mark[1] + r,
                        };
                        assert!(!l.rect.overlaps(&ring), "{l:?} covers the mark {ring:?}");
                        for a in &avoid {
                            assert!(!l.rect.overlaps(a), "{l:?} covers {a:?} at {side}×{k}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn two_diverged_labels_at_one_spot_go_apart() {
        let (w, h, k) = (720.0, 720.0, 1.0);
        let m = measure(k);
        let first = beside(
            "diverged at step 5",
            [360.0, 360.0],
            11.0,
            [w, h],
            k,
            &m,
            &[],
        );
        let second = beside(
            "diverged at step 9",
            [360.0, 360.0],
            11.0,
            [w, h],
            k,
            &m,
            &[first.rect],
        );
        assert!(!first.rect.overlaps(&second.rect));
        // Unhindered, it sits to the right of and above the mark.
        assert!(first.at[0] > 360.0 && first.at[1] < 360.0);
    }
}
