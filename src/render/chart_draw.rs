//! Drawing one chart on any plotters backend: a canvas in the page, SVG in tests.

use super::chart::{step_ticks, Chart};
use crate::format;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;
use std::ops::Range;

/// Drawing size of a canvas whose shown size is unknown (not laid out yet, or hidden).
pub const W: u32 = 420;
pub const H: u32 = 240;
const BG: RGBColor = RGBColor(0x1a, 0x20, 0x27);
const TEXT: RGBColor = RGBColor(0xe8, 0xed, 0xf2);
const GRID: RGBAColor = RGBAColor(255, 255, 255, 0.08);
const CROSS: RGBColor = RGBColor(0xff, 0x40, 0x40);
/// The dashes of a y coordinate and of the exact bound.
const DASHED: [f64; 2] = [7.0, 5.0];
/// Large enough to read when the page is projected, in CSS pixels.
pub const FONT_PX: f64 = 14.0;
/// The widest device ratio drawn at: beyond it the canvas only grows, not sharpens.
const MAX_RATIO: f64 = 4.0;

/// A canvas's drawing size: its shown size in device pixels, with how many of them make a CSS
/// pixel, so text and lines keep their CSS size at any ratio.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    pub w: u32,
    pub h: u32,
    pub ratio: f64,
}

impl Size {
    /// The drawing size of a canvas shown at `css_w` × `css_h` CSS pixels on a screen with
    /// `ratio` device pixels per CSS pixel; a canvas not shown gets `W` × `H` at ratio 1.
    pub fn fit(css_w: f64, css_h: f64, ratio: f64) -> Size {
        let ok = |v: f64| v.is_finite() && v >= 1.0;
        let ratio = if ratio.is_finite() && ratio > 0.0 {
            ratio.min(MAX_RATIO)
        } else {
            1.0
        };
        if !(ok(css_w) && ok(css_h)) {
            return Size {
                w: W,
                h: H,
                ratio: 1.0,
            };
        }
        Size {
            w: (css_w * ratio).round() as u32,
            h: (css_h * ratio).round() as u32,
            ratio,
        }
    }

    /// `css` CSS pixels in device pixels, whole and at least one.
    pub fn px(&self, css: f64) -> u32 {
        (css * self.ratio).round().max(1.0) as u32
    }

    /// The font size in device pixels: never under `FONT_PX` CSS pixels.
    pub fn font_px(&self) -> u32 {
        (FONT_PX * self.ratio).ceil() as u32
    }
}

/// Pixel mapping of a drawn chart, kept so the step cursor can be drawn without plotters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    pub s0: f64,
    pub s1: f64,
    /// Device pixels per CSS pixel, to draw the cursor as wide at any ratio.
    pub ratio: f64,
}

impl Frame {
    /// The pixel column of the cursor at `step`, clamped to the plot and on a whole pixel
    /// (a 2 px line there covers two columns exactly: crisp, not blurred).
    pub fn cursor_x(&self, step: usize) -> Option<f64> {
        let t = ((step as f64 - self.s0) / (self.s1 - self.s0)).clamp(0.0, 1.0);
        t.is_finite()
            .then(|| (self.x0 + t * (self.x1 - self.x0)).round())
    }

    /// The step under pixel column `x` (device pixels), the nearest whole step, clamped to
    /// the axis: the left edge of the plot is `s0`, the right edge `s1`.
    pub fn step_at(&self, x: f64) -> Option<usize> {
        let t = ((x - self.x0) / (self.x1 - self.x0)).clamp(0.0, 1.0);
        let s = self.s0 + t * (self.s1 - self.s0);
        (t.is_finite() && self.s1 > self.s0 && s >= 0.0).then(|| s.round() as usize)
    }

    /// The step `by` steps from `step`, kept on the axis (the keyboard's hover).
    pub fn step_by(&self, step: usize, by: i64) -> usize {
        let (lo, hi) = (self.s0.max(0.0) as i64, self.s1.max(0.0) as i64);
        (step as i64 + by).clamp(lo, hi.max(lo)) as usize
    }

    /// Where `key` moves the hovered step from `step`: ←/→ one step (with Shift a twentieth
    /// of the axis), Home and End to its ends; `None` for any other key.
    pub fn step_for_key(&self, key: &str, shift: bool, step: usize) -> Option<usize> {
        let far = ((self.s1 - self.s0) / 20.0).round().max(1.0) as i64;
        let by = if shift { far } else { 1 };
        match key {
            "ArrowLeft" => Some(self.step_by(step, -by)),
            "ArrowRight" => Some(self.step_by(step, by)),
            "Home" => Some(self.step_by(0, i64::from(i32::MIN))),
            "End" => Some(self.step_by(0, i64::from(i32::MAX))),
            _ => None,
        }
    }
}

/// A linear axis with ticks chosen by `ticks`: plotters' own choice on log10 data would put
/// labels at fractional decades.
struct Axis {
    range: Range<f64>,
    ticks: Vec<f64>,
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;
    fn map(&self, v: &f64, (a, b): (i32, i32)) -> i32 {
        let t = (v - self.range.start) / (self.range.end - self.range.start);
        (a as f64 + t.clamp(-1.0, 2.0) * (b - a) as f64).round() as i32
    }
    fn key_points<K: KeyPointHint>(&self, hint: K) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }
    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Draws `chart` over steps 0..`steps` on `backend`, `ratio` device pixels per CSS pixel,
/// and returns where its plot area is.
/// `set_dash(pattern)` sets the dash of strokes on the backend's own surface (empty: solid):
/// a run's own pattern, or the y coordinate's and the exact bound's dashes; plotters' dashed
/// series strokes every dash alone, which is slow on long lines.
pub fn draw<DB: DrawingBackend>(
    backend: DB,
    chart: &Chart,
    steps: f64,
    ratio: f64,
    mut set_dash: impl FnMut(&[f64]),
) -> Result<Frame, String> {
    // Dashes are in CSS pixels too.
    let mut set_dash = |d: &[f64]| set_dash(&d.iter().map(|v| v * ratio).collect::<Vec<_>>());
    let (w, h) = backend.get_size();
    let size = Size { w, h, ratio };
    let px = |css: f64| size.px(css);
    let root = backend.into_drawing_area();
    root.fill(&BG).map_err(err)?;
    let (lo, hi) = chart.y_range();
    let font = ("sans-serif", size.font_px()).into_font().color(&TEXT);
    // Room for tick labels and, outside them, the axis titles.
    let mut ctx = ChartBuilder::on(&root)
        .margin(px(8.0))
        .margin_right(px(24.0))
        .x_label_area_size(px(44.0))
        .y_label_area_size(px(76.0))
        .build_cartesian_2d(
            Axis {
                range: 0.0..steps,
                ticks: step_ticks(steps),
            },
            Axis {
                range: lo..hi,
                ticks: chart.y_ticks(lo, hi),
            },
        )
        .map_err(err)?;
    let fy = |v: &f64| chart.y_label(*v);
    let fx = |v: &f64| format::plain(*v);
    ctx.configure_mesh()
        .bold_line_style(GRID)
        .axis_style(TEXT.mix(0.35))
        .label_style(font.clone())
        .axis_desc_style(font)
        .x_desc(chart.titles.x)
        .y_desc(chart.titles.y.as_str())
        .x_label_formatter(&fx)
        .y_label_formatter(&fy)
        .draw()
        .map_err(err)?;
    for l in &chart.lines {
        let [r, g, b] = l.rgb;
        let style = RGBColor(r, g, b).stroke_width(px(2.0));
        let dash = if l.dashed { &DASHED[..] } else { l.pattern };
        if !dash.is_empty() {
            set_dash(dash);
        }
        for seg in &l.segments {
            match seg.as_slice() {
                [p] => ctx
                    .draw_series([Circle::new(*p, px(2.0), style.filled())])
                    .map(|_| ()),
                _ => ctx
                    .draw_series(LineSeries::new(seg.iter().copied(), style))
                    .map(|_| ()),
            }
            .map_err(err)?;
        }
        if !dash.is_empty() {
            set_dash(&[]);
        }
        if let Some(p) = l.cross {
            let red = CROSS.stroke_width(px(2.0));
            let a = px(5.0) as i32;
            let x = EmptyElement::at(p)
                + PathElement::new([(-a, -a), (a, a)], red)
                + PathElement::new([(-a, a), (a, -a)], red);
            ctx.draw_series([x]).map_err(err)?;
        }
    }
    for g in &chart.guides {
        let [r, gr, b] = g.rgb;
        let style = RGBColor(r, gr, b).stroke_width(px(2.0));
        set_dash(if g.dashed { &DASHED } else { &[] });
        for seg in g.within(lo, hi) {
            ctx.draw_series(LineSeries::new(seg, style)).map_err(err)?;
        }
        set_dash(&[]);
    }
    let (xr, yr) = ctx.plotting_area().get_pixel_range();
    root.present().map_err(err)?;
    Ok(Frame {
        x0: xr.start as f64,
        x1: xr.end as f64,
        y0: yr.start as f64,
        y1: yr.end as f64,
        s0: 0.0,
        s1: steps,
        ratio,
    })
}

// The SVG backend is a native dev-dependency only: the page never carries it.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::optim::describe::Series;
    use crate::render::chart::build;
    use crate::render::chart::tests::{diverged, traj, view};

    /// The chart as SVG, and how often the dash was switched on.
    fn svg(chart: &Chart, steps: f64) -> (String, Frame, usize) {
        let (out, frame, dashes) = svg_at(chart, steps, Size::fit(W as f64, H as f64, 1.0));
        (out, frame, dashes.len())
    }

    /// The chart as SVG at `size`, with the dashes it set.
    fn svg_at(chart: &Chart, steps: f64, size: Size) -> (String, Frame, Vec<Vec<f64>>) {
        let mut out = String::new();
        let mut dashes = Vec::new();
        let frame = draw(
            SVGBackend::with_string(&mut out, (size.w, size.h)),
            chart,
            steps,
            size.ratio,
            |d: &[f64]| {
                if !d.is_empty() {
                    dashes.push(d.to_vec())
                }
            },
        )
        .unwrap();
        (out, frame, dashes)
    }

    /// The font sizes of the SVG's texts in pixels, as a canvas sets them (plotters' SVG
    /// writes a size over 1.24).
    fn font_sizes(svg: &str) -> Vec<f64> {
        svg.split("font-size=\"")
            .skip(1)
            .filter_map(|t| t.split('"').next()?.parse::<f64>().ok())
            .map(|f| (f * 1.24 * 1e6).round() / 1e6)
            .collect()
    }

    /// Polylines stroked in `hex` (as plotters writes it: "#RRGGBB").
    fn polylines(svg: &str, hex: &str) -> usize {
        let stroke = format!("stroke=\"{hex}\"");
        svg.split("<polyline")
            .skip(1)
            .filter(|t| t.split('>').next().unwrap_or("").contains(&stroke))
            .count()
    }

    fn texts(svg: &str) -> Vec<&str> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| t.split_once('>')?.1.split_once("</text>"))
            .map(|(text, _)| text.trim())
            .collect()
    }

    /// The charts of one Adam run of 50 steps whose state charts are named `m` and `v`.
    fn adam_charts(m: &'static str, v: &'static str, visible: bool) -> Vec<Chart> {
        let trajs = [traj(50, |s| s as f64 + 1.0)];
        let series = Series {
            m: Some(m),
            v: Some(v),
        };
        build(&trajs, &[view("Adam", "#ff8800", visible)], 0, series)
    }
    #[test]
    fn a_chart_renders_its_ticks_and_one_line_per_shown_run() {
        // Losses from 1 down to 1e-6 over 1000 steps; the third run is hidden.
        let decay = |rate: f64| traj(1001, move |s| 10f64.powf(-rate * s as f64));
        let blown = diverged(traj(400, |s| 1.02f64.powi(s as i32)), 400);
        let trajs = [decay(0.006), blown, decay(0.003)];
        let runs = [
            view("Adam", "#ff8800", true),
            view("SGD", "#00aaff", true),
            view("Lion", "#33cc66", false),
        ];
        let charts = build(&trajs, &runs, 0, Series { m: None, v: None });
        let loss = &charts[0];
        let (out, frame, dashes) = svg(loss, 1000.0);
        assert_eq!(dashes, 0);
        assert!(out.starts_with("<svg"), "{}", &out[..40]);
        let labels = texts(&out);
        let (lo, hi) = loss.y_range();
        let ys = loss.y_ticks(lo, hi);
        assert!(ys.len() >= 2, "{ys:?}");
        let want = step_ticks(1000.0)
            .into_iter()
            .map(format::plain)
            .chain(ys.into_iter().map(|y| loss.y_label(y)));
        for w in want {
            assert!(labels.contains(&w.as_str()), "no tick {w} in {labels:?}");
        }
        // Whole decades on the loss axis.
        assert!(labels.contains(&"1e-5"), "{labels:?}");
        assert_eq!(polylines(&out, "#FF8800"), 1);
        assert_eq!(polylines(&out, "#00AAFF"), 1);
        assert_eq!(polylines(&out, "#33CC66"), 0, "the hidden run is drawn");
        // The diverged run ends in a red cross.
        assert_eq!(polylines(&out, "#FF4040"), 2);
        assert!(frame.x0 > 0.0 && frame.x1 < W as f64 && frame.y0 < frame.y1);
        assert_eq!(frame.cursor_x(0), Some(frame.x0));
        assert_eq!(frame.cursor_x(5000), Some(frame.x1));
    }

    #[test]
    fn per_coordinate_charts_dash_y_and_a_hidden_selection_draws_nothing() {
        let shown = adam_charts("First moment m", "Second moment v", true);
        let (out, _, dashes) = svg(&shown[4], 49.0);
        assert_eq!(polylines(&out, "#FF8800"), 2);
        assert_eq!(dashes, 1);
        let hidden = adam_charts("First moment m", "Second moment v", false);
        for c in &hidden {
            let (out, _, _) = svg(c, 1.0);
            assert!(!out.contains("#FF8800"), "{} draws a hidden run", c.id);
        }
    }

    /// A plot from column 62 to 404 over steps 0..`s1`.
    fn frame(s1: f64) -> Frame {
        Frame {
            x0: 62.0,
            x1: 404.0,
            y0: 8.0,
            y1: 188.0,
            s0: 0.0,
            s1,
            ratio: 1.0,
        }
    }

    #[test]
    fn the_cursor_stays_on_the_plot() {
        let f = frame(200.0);
        assert_eq!(f.cursor_x(100), Some(233.0));
        assert_eq!(f.cursor_x(1_000), Some(404.0));
        let flat = frame(0.0);
        assert_eq!(flat.cursor_x(0), None);
    }

    #[test]
    fn a_pixel_column_maps_to_its_step_exactly_at_the_edges() {
        let f = frame(1000.0);
        assert_eq!(f.step_at(62.0), Some(0));
        assert_eq!(f.step_at(404.0), Some(1000));
        assert_eq!(f.step_at(233.0), Some(500));
        // One column right of the left edge is the nearest step to 1000/342.
        assert_eq!(f.step_at(63.0), Some(3));
        // Off the plot: its nearest edge.
        assert_eq!(f.step_at(0.0), Some(0));
        assert_eq!(f.step_at(1e6), Some(1000));
        // Every step maps back to its own cursor column and that column to the step.
        let g = frame(100.0);
        for s in 0..=100 {
            assert_eq!(g.step_at(g.cursor_x(s).unwrap()), Some(s));
        }
        assert_eq!(frame(0.0).step_at(100.0), None);
        assert_eq!(f.step_by(0, -1), 0);
        assert_eq!(f.step_by(999, 5), 1000);
        assert_eq!(f.step_by(500, -10), 490);
        assert_eq!(f.step_for_key("ArrowRight", false, 412), Some(413));
        assert_eq!(f.step_for_key("ArrowLeft", true, 412), Some(362));
        assert_eq!(f.step_for_key("ArrowLeft", false, 0), Some(0));
        assert_eq!(f.step_for_key("End", false, 3), Some(1000));
        assert_eq!(f.step_for_key("Home", false, 3), Some(0));
        assert_eq!(f.step_for_key(" ", false, 3), None);
    }

    #[test]
    fn the_drawing_size_follows_the_shown_size_and_the_ratio() {
        assert_eq!(
            Size::fit(333.4, 240.0, 2.0),
            Size {
                w: 667,
                h: 480,
                ratio: 2.0
            }
        );
        assert_eq!(Size::fit(360.0, 240.0, 1.5).w, 540);
        // Not laid out, or a nonsense ratio: the default size, or ratio 1.
        assert_eq!(Size::fit(0.0, 240.0, 2.0), Size::fit(f64::NAN, 1.0, 1.0));
        assert_eq!(Size::fit(0.0, 240.0, 2.0).w, W);
        assert_eq!(Size::fit(300.0, 200.0, 0.0).ratio, 1.0);
        for ratio in [1.0, 1.25, 1.5, 2.0, 3.0] {
            let s = Size::fit(300.0, 200.0, ratio);
            assert!(s.font_px() as f64 / s.ratio >= FONT_PX, "{ratio}");
            assert_eq!(s.px(2.0), (2.0 * ratio).round() as u32);
        }
    }

    #[test]
    fn text_lines_and_dashes_keep_their_css_size_at_any_ratio() {
        let charts = adam_charts("First moment m", "Second moment v", true);
        for ratio in [1.0, 2.0] {
            let size = Size::fit(320.0, 240.0, ratio);
            let (out, frame, dashes) = svg_at(&charts[4], 49.0, size);
            let fonts = font_sizes(&out);
            assert!(!fonts.is_empty());
            assert!(fonts.iter().all(|f| *f / ratio >= FONT_PX), "{fonts:?}");
            assert_eq!(dashes, [DASHED.map(|d| d * ratio).to_vec()]);
            assert!(out.contains(&format!("stroke-width=\"{}\"", 2.0 * ratio)));
            // The plot takes the same share of the canvas at either ratio.
            assert!((frame.x0 / ratio - 84.0).abs() < 2.0, "{frame:?}");
            assert!(frame.x1 <= size.w as f64 && frame.y1 <= size.h as f64);
        }
    }

    #[test]
    fn every_chart_draws_its_axis_titles() {
        let charts = adam_charts("Momentum buffer b", "Second moment v (EMA of g²)", true);
        let want = [
            "f(θ), log scale",
            "‖u‖∞, log scale",
            "‖∇f‖, log scale",
            "b",
            "v, log scale",
            "step size, log scale",
        ];
        for (c, y) in charts.iter().zip(want) {
            let (out, _, _) = svg(c, 49.0);
            let labels = texts(&out);
            assert!(labels.contains(&"step"), "{}: {labels:?}", c.id);
            assert!(labels.contains(&y), "{}: no {y} in {labels:?}", c.id);
        }
    }
}
