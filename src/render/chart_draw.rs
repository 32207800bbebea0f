//! Drawing one chart on any plotters backend: a canvas in the page, SVG in tests.

use super::chart::{step_ticks, Chart};
use crate::format;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;
use std::ops::Range;

/// Chart size in pixels; CSS scales the canvas to the column width.
pub const W: u32 = 420;
pub const H: u32 = 220;
const BG: RGBColor = RGBColor(0x1a, 0x20, 0x27);
const TEXT: RGBColor = RGBColor(0xe8, 0xed, 0xf2);
const GRID: RGBAColor = RGBAColor(255, 255, 255, 0.08);
const CROSS: RGBColor = RGBColor(0xff, 0x40, 0x40);
/// The dashes of a y coordinate and of the exact bound.
const DASHED: [f64; 2] = [7.0, 5.0];
/// Large enough to read when the page is projected.
const FONT_PX: u32 = 14;

/// Pixel mapping of a drawn chart, kept so the step cursor can be drawn without plotters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    pub s0: f64,
    pub s1: f64,
}

impl Frame {
    /// The pixel column of the cursor at `step`, clamped to the plot and on a whole pixel
    /// (a 2 px line there covers two columns exactly: crisp, not blurred).
    pub fn cursor_x(&self, step: usize) -> Option<f64> {
        let t = ((step as f64 - self.s0) / (self.s1 - self.s0)).clamp(0.0, 1.0);
        t.is_finite()
            .then(|| (self.x0 + t * (self.x1 - self.x0)).round())
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

/// Draws `chart` over steps 0..`steps` on `backend` and returns where its plot area is.
/// `set_dash(pattern)` sets the dash of strokes on the backend's own surface (empty: solid):
/// a run's own pattern, or the y coordinate's and the exact bound's dashes; plotters' dashed
/// series strokes every dash alone, which is slow on long lines.
pub fn draw<DB: DrawingBackend>(
    backend: DB,
    chart: &Chart,
    steps: f64,
    mut set_dash: impl FnMut(&[f64]),
) -> Result<Frame, String> {
    let root = backend.into_drawing_area();
    root.fill(&BG).map_err(err)?;
    let (lo, hi) = chart.y_range();
    let font = ("sans-serif", FONT_PX).into_font().color(&TEXT);
    let mut ctx = ChartBuilder::on(&root)
        .margin(8)
        .margin_right(16)
        .x_label_area_size(24)
        .y_label_area_size(54)
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
        .label_style(font)
        .x_label_formatter(&fx)
        .y_label_formatter(&fy)
        .draw()
        .map_err(err)?;
    for l in &chart.lines {
        let [r, g, b] = l.rgb;
        let style = RGBColor(r, g, b).stroke_width(2);
        let dash = if l.dashed { &DASHED[..] } else { l.pattern };
        if !dash.is_empty() {
            set_dash(dash);
        }
        for seg in &l.segments {
            match seg.as_slice() {
                [p] => ctx
                    .draw_series([Circle::new(*p, 2, style.filled())])
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
            let red = CROSS.stroke_width(2);
            let x = EmptyElement::at(p)
                + PathElement::new([(-5, -5), (5, 5)], red)
                + PathElement::new([(-5, 5), (5, -5)], red);
            ctx.draw_series([x]).map_err(err)?;
        }
    }
    for g in &chart.guides {
        let [r, gr, b] = g.rgb;
        let style = RGBColor(r, gr, b).stroke_width(2);
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
    })
}

// The SVG backend is a native dev-dependency only: the page never carries it.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::optim::describe::Series;
    use crate::render::chart::build;
    use crate::render::chart::tests::{traj, view};
    use crate::sim::Divergence;

    /// The chart as SVG, and how often the dash was switched on.
    fn svg(chart: &Chart, steps: f64) -> (String, Frame, usize) {
        let mut out = String::new();
        let mut dashes = 0;
        let frame = draw(
            SVGBackend::with_string(&mut out, (W, H)),
            chart,
            steps,
            |d: &[f64]| dashes += !d.is_empty() as usize,
        )
        .unwrap();
        (out, frame, dashes)
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

    #[test]
    fn a_chart_renders_its_ticks_and_one_line_per_shown_run() {
        // Losses from 1 down to 1e-6 over 1000 steps; the third run is hidden.
        let decay = |rate: f64| traj(1001, move |s| 10f64.powf(-rate * s as f64));
        let mut blown = traj(400, |s| 1.02f64.powi(s as i32));
        blown.diverged = Some(Divergence {
            step: 400,
            reason: "|θ| exceeded 1e12",
        });
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
        let trajs = [traj(50, |s| s as f64 + 1.0)];
        let series = Series {
            m: Some("First moment m"),
            v: Some("Second moment v"),
        };
        let shown = build(&trajs, &[view("Adam", "#ff8800", true)], 0, series);
        let (out, _, dashes) = svg(&shown[4], 49.0);
        assert_eq!(polylines(&out, "#FF8800"), 2);
        assert_eq!(dashes, 1);
        let hidden = build(&trajs, &[view("Adam", "#ff8800", false)], 0, series);
        for c in &hidden {
            let (out, _, _) = svg(c, 1.0);
            assert!(!out.contains("#FF8800"), "{} draws a hidden run", c.id);
        }
    }

    #[test]
    fn the_cursor_stays_on_the_plot() {
        let f = Frame {
            x0: 62.0,
            x1: 404.0,
            y0: 8.0,
            y1: 188.0,
            s0: 0.0,
            s1: 200.0,
        };
        assert_eq!(f.cursor_x(100), Some(233.0));
        assert_eq!(f.cursor_x(1_000), Some(404.0));
        let flat = Frame { s1: 0.0, ..f };
        assert_eq!(flat.cursor_x(0), None);
    }
}
