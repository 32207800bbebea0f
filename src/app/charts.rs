//! Linked charts under the landscape: loss, update size, gradient norm and the selected run's
//! optimizer state against the step. Charts are redrawn only when the runs change; the step
//! cursor lives on a transparent canvas stacked over each chart, so the animation redraws only
//! that thin line.

use crate::optim::describe::Series;
use crate::sim::{Record, Trajectory};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

/// How a run appears in charts and legend.
#[derive(Clone, Debug, PartialEq)]
pub struct RunView {
    pub label: String,
    pub color: &'static str,
    pub visible: bool,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub trajectories: Rc<Vec<Trajectory>>,
    pub runs: Vec<RunView>,
    /// Index of the selected run in `trajectories`.
    pub selected: usize,
    /// What the selected run's rule keeps in m and v, to name (or leave empty) those charts.
    pub series: Series,
}

/// Canvas pixel size; CSS scales it to the column width.
const W: u32 = 420;
const H: u32 = 220;
const BG: RGBColor = RGBColor(0x1a, 0x20, 0x27);
const TEXT: RGBColor = RGBColor(0xe8, 0xed, 0xf2);
const GRID: RGBAColor = RGBAColor(255, 255, 255, 0.08);
const CROSS: RGBColor = RGBColor(0xff, 0x40, 0x40);
/// Large enough to read when the page is projected.
const FONT_PX: u32 = 14;
/// Stretches a line is thinned to (two points each): about one per pixel column of the plot.
const BUCKETS: usize = 360;

/// One plotted line, already in axis units (log10 of the value on a log axis).
#[derive(Clone, Debug, PartialEq)]
struct Line {
    color: RGBColor,
    dashed: bool,
    /// Values that cannot be shown (≤ 0 on a log axis) break the line into segments.
    segments: Vec<Vec<(f64, f64)>>,
    /// Where a diverged run stopped.
    cross: Option<(f64, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
struct Chart {
    /// The figure's id, fixed per position.
    id: &'static str,
    caption: String,
    log: bool,
    /// Shows the "solid x, dashed y" key (per-coordinate charts).
    per_coord: bool,
    lines: Vec<Line>,
}

/// What the charts depend on; trajectories compare by pointer first, so an unchanged
/// `Rc` costs nothing on re-render.
#[derive(Clone)]
struct Key(Rc<Vec<Trajectory>>, Vec<RunView>, usize, Series);

impl PartialEq for Key {
    fn eq(&self, o: &Self) -> bool {
        (Rc::ptr_eq(&self.0, &o.0) || self.0 == o.0)
            && self.1 == o.1
            && self.2 == o.2
            && self.3 == o.3
    }
}

/// Pixel mapping of one chart, kept so the cursor can be drawn without touching plotters.
#[derive(Clone, Copy, Debug)]
struct Frame {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    s0: f64,
    s1: f64,
}

/// The overlay canvases with their mappings, and the last step drawn on them.
struct Cursors {
    overlays: Vec<(HtmlCanvasElement, Frame)>,
    step: Option<usize>,
}

thread_local! {
    static CURSORS: RefCell<Cursors> = const {
        RefCell::new(Cursors { overlays: Vec::new(), step: None })
    };
}

#[component]
pub fn Charts(props: &Props) -> Html {
    let key = Key(
        props.trajectories.clone(),
        props.runs.clone(),
        props.selected,
        props.series,
    );
    let charts = use_memo(key.clone(), |k| build(&k.0, &k.1, k.2, k.3));
    let canvases = use_memo((), |_| {
        (0..charts.len())
            .map(|_| (NodeRef::default(), NodeRef::default()))
            .collect::<Vec<_>>()
    });
    {
        let (charts, canvases) = (charts.clone(), canvases.clone());
        use_effect_with(key, move |k| {
            // Deferred and coalesced: while a slider moves, the map redraws at once and the
            // charts once the changes pause.
            let k = k.clone();
            later(move || redraw(&charts, &canvases, &k));
            || CURSORS.with(|c| c.borrow_mut().overlays.clear())
        });
    }
    html! {
        <section class="charts">
            { for charts.iter().zip(canvases.iter()).map(|(c, (plot, overlay))| html! {
                <figure class="chart" id={c.id}>
                    <figcaption>
                        {&c.caption}
                        if c.per_coord { <span class="chart-key">{"— x  ┄ y"}</span> }
                    </figcaption>
                    <div class="chart-stack">
                        <canvas class="chart-plot" ref={plot.clone()} width={W.to_string()} height={H.to_string()} />
                        <canvas class="chart-cursor" ref={overlay.clone()} width={W.to_string()} height={H.to_string()} />
                    </div>
                </figure>
            }) }
        </section>
    }
}

/// Draws every chart and records where its cursor goes.
fn redraw(charts: &[Chart], canvases: &[(NodeRef, NodeRef)], k: &Key) {
    let steps = max_step(&k.0, &k.1).max(1) as f64;
    let mut cursors = Vec::new();
    for (chart, (plot, overlay)) in charts.iter().zip(canvases.iter()) {
        let (Some(plot), Some(overlay)) = (
            plot.cast::<HtmlCanvasElement>(),
            overlay.cast::<HtmlCanvasElement>(),
        ) else {
            continue;
        };
        if let Some(c) = context(&overlay) {
            c.clear_rect(0.0, 0.0, W as f64, H as f64);
        }
        match draw_chart(plot, chart, steps) {
            // An empty chart gets no cursor: there is no run to follow.
            Ok(_) if chart.lines.iter().all(|l| l.segments.is_empty()) => {}
            Ok(f) => {
                for (name, v) in [
                    ("x0", f.x0),
                    ("x1", f.x1),
                    ("y0", f.y0),
                    ("y1", f.y1),
                    ("s0", f.s0),
                    ("s1", f.s1),
                ] {
                    let _ = overlay.set_attribute(&format!("data-{name}"), &v.to_string());
                }
                cursors.push((overlay, f));
            }
            Err(e) => web_sys::console::warn_1(&format!("chart '{}': {e}", chart.caption).into()),
        }
    }
    CURSORS.with(|c| {
        let mut c = c.borrow_mut();
        c.overlays = cursors;
        if let Some(step) = c.step {
            paint_cursors(&c.overlays, step);
        }
    });
}

thread_local! {
    static PENDING: std::cell::Cell<Option<i32>> = const { std::cell::Cell::new(None) };
}

/// Runs f on the next turn of the event loop, replacing a call still pending.
fn later(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(id) = PENDING.with(|p| p.take()) {
        window.clear_timeout_with_handle(id);
    }
    let cb = wasm_bindgen::closure::Closure::once_into_js(move || {
        PENDING.with(|p| p.set(None));
        f();
    });
    if let Ok(id) =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 0)
    {
        PENDING.with(|p| p.set(Some(id)));
    }
}

/// Moves the step cursor on every chart (called once per animation frame): clears each
/// overlay and draws one vertical line, nothing when the step has not changed.
pub fn draw_cursors(step: usize) {
    CURSORS.with(|c| {
        let mut c = c.borrow_mut();
        if c.step != Some(step) {
            c.step = Some(step);
            paint_cursors(&c.overlays, step);
        }
    });
}

fn paint_cursors(overlays: &[(HtmlCanvasElement, Frame)], step: usize) {
    for (canvas, f) in overlays {
        let Some(ctx) = context(canvas) else { continue };
        ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
        let t = ((step as f64 - f.s0) / (f.s1 - f.s0)).clamp(0.0, 1.0);
        if !t.is_finite() {
            continue;
        }
        // On a whole pixel, a 2 px line covers two columns exactly: crisp, not blurred.
        let x = (f.x0 + t * (f.x1 - f.x0)).round();
        ctx.set_stroke_style_str("rgba(255,255,255,0.75)");
        ctx.set_line_width(2.0);
        ctx.begin_path();
        ctx.move_to(x, f.y0);
        ctx.line_to(x, f.y1);
        ctx.stroke();
    }
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

fn visible<'a>(
    t: &'a [Trajectory],
    runs: &'a [RunView],
) -> impl Iterator<Item = (&'a Trajectory, &'a RunView)> {
    t.iter().zip(runs).filter(|(_, r)| r.visible)
}

fn max_step(t: &[Trajectory], runs: &[RunView]) -> usize {
    visible(t, runs)
        .filter_map(|(t, _)| t.records.last().map(|r| r.step))
        .max()
        .unwrap_or(0)
}

/// The six charts; the count never changes so the canvases stay in place.
fn build(trajs: &[Trajectory], runs: &[RunView], selected: usize, series: Series) -> Vec<Chart> {
    let losses = || visible(trajs, runs).flat_map(|(t, _)| t.records.iter().map(|r| r.loss));
    let min = losses().fold(f64::INFINITY, f64::min);
    let gap = losses()
        .map(|l| l - min)
        .filter(|d| *d > 0.0)
        .fold(f64::INFINITY, f64::min);
    // A log axis cannot show f ≤ 0: plot the distance to the lowest loss instead, lifted by
    // half the smallest gap so the minimum itself stays on the chart, just below the rest.
    let shift = (min <= 0.0).then(|| min - if gap.is_finite() { gap / 2.0 } else { 1.0 });
    let per_run = |id, caption: &str, from: usize, f: &dyn Fn(&Record) -> f64| Chart {
        id,
        caption: caption.into(),
        log: true,
        per_coord: false,
        lines: visible(trajs, runs)
            .map(|(t, r)| line(t, r.color, false, true, from, f))
            .collect(),
    };
    let mut charts = vec![
        match shift {
            Some(s) => per_run("chart-loss", "Loss − min (log)", 0, &|r| r.loss - s),
            None => per_run("chart-loss", "Loss f(θ) (log)", 0, &|r| r.loss),
        },
        per_run("chart-update", "Max update ‖u‖∞ (log)", 1, &|r| {
            r.update[0].abs().max(r.update[1].abs())
        }),
        per_run("chart-grad", "Gradient norm ‖∇f‖ (log)", 0, &|r| {
            r.grad[0].hypot(r.grad[1])
        }),
    ];
    let sel = trajs
        .get(selected)
        .zip(runs.get(selected))
        .filter(|(_, r)| r.visible);
    let name = match runs.get(selected) {
        Some(r) if r.visible => r.label.clone(),
        Some(r) => format!("{} (hidden)", r.label),
        None => "no run selected".into(),
    };
    type Get = fn(&Record) -> [f64; 2];
    // A rule without m or v keeps its chart, empty and saying so: the layout stays put.
    let m = series.m.map_or(
        "No momentum or first moment in this rule".into(),
        String::from,
    );
    let v = series
        .v
        .map_or("No second moment in this rule".into(), |v| {
            format!("{v} (log)")
        });
    let coords: [(&str, String, bool, bool, usize, Get); 3] = [
        ("chart-m", m, series.m.is_some(), false, 0, |r| r.m),
        ("chart-v", v, series.v.is_some(), true, 1, |r| r.v),
        (
            "chart-eff",
            "Effective step per coordinate (log)".into(),
            true,
            true,
            1,
            |r| r.eff_lr,
        ),
    ];
    for (id, caption, kept, log, from, get) in coords {
        let lines = sel.filter(|_| kept).map_or_else(Vec::new, |(t, r)| {
            vec![
                line(t, r.color, false, log, from, &|rec| get(rec)[0]),
                line(t, r.color, true, log, from, &|rec| get(rec)[1]),
            ]
        });
        charts.push(Chart {
            id,
            caption: format!("{caption} — {name}"),
            log,
            per_coord: true,
            lines,
        });
    }
    charts
}

/// One line from `records[from..]`; long runs are thinned to the lowest and highest value of
/// each stretch, so spikes and blow-ups survive.
fn line(
    t: &Trajectory,
    color: &str,
    dashed: bool,
    log: bool,
    from: usize,
    f: &dyn Fn(&Record) -> f64,
) -> Line {
    let recs = t.records.get(from..).unwrap_or_default();
    let stride = recs.len().div_ceil(BUCKETS).max(1);
    let y = |r: &Record| {
        let v = f(r);
        let v = if log {
            (v > 0.0).then(|| v.log10())
        } else {
            Some(v)
        };
        v.filter(|v| v.is_finite())
    };
    let (mut segments, mut seg) = (Vec::new(), Vec::new());
    for chunk in recs.chunks(stride) {
        let pts: Vec<(f64, f64)> = chunk
            .iter()
            .filter_map(|r| Some((r.step as f64, y(r)?)))
            .collect();
        let lo = pts.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1));
        let hi = pts.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1));
        match (lo, hi) {
            (Some(lo), Some(hi)) => {
                let (a, b) = if lo.0 <= hi.0 { (lo, hi) } else { (hi, lo) };
                seg.push(a);
                if a != b {
                    seg.push(b);
                }
            }
            _ if !seg.is_empty() => segments.push(std::mem::take(&mut seg)),
            _ => {}
        }
    }
    if !seg.is_empty() {
        segments.push(seg);
    }
    let cross = t
        .diverged
        .and(segments.last().and_then(|s| s.last().copied()));
    Line {
        color: parse_color(color),
        dashed,
        segments,
        cross,
    }
}

fn parse_color(hex: &str) -> RGBColor {
    let h = hex.trim_start_matches('#');
    let c = |i: usize| h.get(i..i + 2).and_then(|s| u8::from_str_radix(s, 16).ok());
    match (h.len(), c(0), c(2), c(4)) {
        (6, Some(r), Some(g), Some(b)) => RGBColor(r, g, b),
        _ => TEXT,
    }
}

/// Axis range of all points with some padding; equal values or no values still give a
/// finite, non-empty range.
fn y_range(chart: &Chart) -> (f64, f64) {
    let ys = chart.lines.iter().flat_map(|l| {
        l.segments
            .iter()
            .flatten()
            .map(|p| p.1.clamp(-1e300, 1e300))
    });
    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    if lo > hi {
        return (-1.0, 1.0);
    }
    let span = hi - lo;
    let half = if chart.log {
        0.5
    } else {
        (lo.abs().max(hi.abs()) * 0.1).max(1e-12)
    };
    if span <= half * 1e-6 {
        let c = lo / 2.0 + hi / 2.0;
        (c - half, c + half)
    } else {
        (lo - span * 0.06, hi + span * 0.06)
    }
}

/// A linear axis with ticks chosen here: plotters' own choice on log10 data would put labels
/// at fractional decades.
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

/// About `n` round ticks in `lo..=hi`, at least `min_step` apart.
fn ticks(lo: f64, hi: f64, n: f64, min_step: f64) -> Vec<f64> {
    let raw = (hi - lo) / n;
    if !(raw.is_finite() && raw > 0.0) {
        return vec![lo];
    }
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
        .max(min_step);
    let first = (lo / step).ceil();
    (0..20)
        .map(|i| (first + i as f64) * step)
        .take_while(|t| *t <= hi)
        .collect()
}

/// Log axes get whole decades, or round values when the range is under one decade.
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    if hi - lo >= 1.0 {
        ticks(lo, hi, 4.0, 1.0)
    } else {
        let (a, b) = (10f64.powf(lo), 10f64.powf(hi));
        ticks(a, b, 3.0, 0.0)
            .into_iter()
            .filter(|v| *v > 0.0)
            .map(f64::log10)
            .collect()
    }
}

/// Short labels: plain numbers in 0.01..10⁴, otherwise "3.2e-5".
fn fmt_num(x: f64) -> String {
    let a = x.abs();
    if a == 0.0 {
        return "0".into();
    }
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if (0.01..1e4).contains(&a) {
        trim(format!(
            "{:.*}",
            (2 - a.log10().floor() as i32).clamp(0, 4) as usize,
            x
        ))
    } else {
        let s = format!("{x:.1e}");
        match s.split_once('e') {
            Some((m, e)) => format!("{}e{e}", trim(m.to_string())),
            None => s,
        }
    }
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn draw_chart(canvas: HtmlCanvasElement, chart: &Chart, steps: f64) -> Result<Frame, String> {
    let canvas_ctx = context(&canvas);
    let root = CanvasBackend::with_canvas_object(canvas)
        .ok_or("no 2d context")?
        .into_drawing_area();
    root.fill(&BG).map_err(err)?;
    let (lo, hi) = y_range(chart);
    let y_ticks = if chart.log {
        log_ticks(lo, hi)
    } else {
        ticks(lo, hi, 4.0, 0.0)
    };
    let font = ("sans-serif", FONT_PX).into_font().color(&TEXT);
    let mut ctx = ChartBuilder::on(&root)
        .margin(8)
        .margin_right(16)
        .x_label_area_size(24)
        .y_label_area_size(54)
        .build_cartesian_2d(
            Axis {
                range: 0.0..steps,
                ticks: ticks(0.0, steps, 4.0, 1.0),
            },
            Axis {
                range: lo..hi,
                ticks: y_ticks,
            },
        )
        .map_err(err)?;
    let fy = |v: &f64| fmt_num(if chart.log { 10f64.powf(*v) } else { *v });
    let fx = |v: &f64| format!("{v:.0}");
    ctx.configure_mesh()
        .bold_line_style(GRID)
        .axis_style(TEXT.mix(0.35))
        .label_style(font)
        .x_label_formatter(&fx)
        .y_label_formatter(&fy)
        .draw()
        .map_err(err)?;
    for l in &chart.lines {
        let style = l.color.stroke_width(2);
        if let (true, Some(c)) = (l.dashed, &canvas_ctx) {
            let _ = c.set_line_dash(&js_sys::Array::of2(&7.into(), &5.into()));
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
        // Dashes through the canvas itself: plotters' dashed series strokes every dash alone.
        if let Some(c) = &canvas_ctx {
            let _ = c.set_line_dash(&js_sys::Array::new());
        }
        if let Some(p) = l.cross {
            let red = CROSS.stroke_width(2);
            let x = EmptyElement::at(p)
                + PathElement::new([(-5, -5), (5, 5)], red)
                + PathElement::new([(-5, 5), (5, -5)], red);
            ctx.draw_series([x]).map_err(err)?;
        }
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
