//! The linked charts under the map as data: loss, update size, gradient norm and the selected
//! run's optimizer state against the step, one line per shown run (or per coordinate),
//! thinned for drawing, with their axes. `chart_draw` puts them on a plotting backend.

use super::ticks;
use crate::format;
use crate::optim::describe::Series;
use crate::sim::{Record, Trajectory};
use std::borrow::Borrow;

/// How a run appears in charts and legend.
#[derive(Clone, Debug, PartialEq)]
pub struct RunView {
    pub label: String,
    pub color: &'static str,
    /// The run's dash pattern (empty: solid), as on the map.
    pub pattern: &'static [f64],
    pub visible: bool,
}

/// Stretches a line is thinned to (two points each): about one per pixel column of the plot.
pub const BUCKETS: usize = 360;
/// Lines whose colour cannot be read are drawn in the text colour.
pub const FALLBACK_RGB: [u8; 3] = [0xe8, 0xed, 0xf2];

/// One plotted line, already in axis units (log10 of the value on a log axis).
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub rgb: [u8; 3],
    pub dashed: bool,
    /// The run's own dash pattern (empty: solid), so runs differ by more than colour; a
    /// dashed line (a y coordinate) uses the y dashes instead.
    pub pattern: &'static [f64],
    /// Values that cannot be shown (≤ 0 on a log axis) break the line into segments.
    pub segments: Vec<Vec<(f64, f64)>>,
    /// Where a diverged run stopped.
    pub cross: Option<(f64, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// The figure's id, fixed per position.
    pub id: &'static str,
    pub caption: String,
    /// What the axes show, drawn beside them.
    pub titles: Titles,
    pub log: bool,
    /// Shows the "solid x, dashed y" key (per-coordinate charts).
    pub per_coord: bool,
    pub lines: Vec<Line>,
    /// Reference curves (a theory's bound): drawn within the axis range the lines set, never
    /// widening it.
    pub guides: Vec<Guide>,
}

/// The axes' titles: what x is, and what y is with its scale.
#[derive(Clone, Debug, PartialEq)]
pub struct Titles {
    pub x: &'static str,
    pub y: String,
}

/// The x title of every chart against the step.
pub const STEP: &str = "step";

impl Titles {
    /// Against the step, `y` on a log or linear axis.
    pub fn steps(y: &str, log: bool) -> Titles {
        Titles {
            x: STEP,
            y: if log {
                format!("{y}, log scale")
            } else {
                y.into()
            },
        }
    }

    /// The chart in words, for a screen reader: "f(θ), log scale against step".
    pub fn describe(&self) -> String {
        format!("{} against {}", self.y, self.x)
    }
}

/// A reference curve in axis units, cut where it leaves the lines' range.
#[derive(Clone, Debug, PartialEq)]
pub struct Guide {
    pub rgb: [u8; 3],
    pub dashed: bool,
    pub points: Vec<(f64, f64)>,
}

impl Guide {
    /// The stretches of the curve inside `lo..=hi` (a non-finite point also cuts it).
    pub fn within(&self, lo: f64, hi: f64) -> Vec<Vec<(f64, f64)>> {
        let mut out = Vec::new();
        let mut seg: Vec<(f64, f64)> = Vec::new();
        for &p in &self.points {
            if p.1.is_finite() && (lo..=hi).contains(&p.1) {
                seg.push(p);
            } else if !seg.is_empty() {
                out.push(std::mem::take(&mut seg));
            }
        }
        if !seg.is_empty() {
            out.push(seg);
        }
        out
    }
}

impl Chart {
    /// Nothing to plot: no run shown, or nothing of it can be.
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.segments.is_empty())
    }

    /// Axis range of all points with some padding; equal values or no values still give a
    /// finite, non-empty range.
    pub fn y_range(&self) -> (f64, f64) {
        let ys = self.lines.iter().flat_map(|l| {
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
        let half = if self.log {
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

    /// Ticks of the y axis over `lo..hi`, in axis units.
    pub fn y_ticks(&self, lo: f64, hi: f64) -> Vec<f64> {
        if self.log {
            ticks::log(lo, hi, 4)
        } else {
            ticks::nice(lo, hi, 4)
        }
    }

    /// The label of a y tick: the value itself, not its log10.
    pub fn y_label(&self, y: f64) -> String {
        format::short(if self.log { 10f64.powf(y) } else { y })
    }
}

/// Ticks of the step axis over `0..steps`: whole steps.
pub fn step_ticks(steps: f64) -> Vec<f64> {
    ticks::linear(0.0, steps, 4, 1.0)
}

/// The shown runs with their trajectories (held as they are, or behind an `Rc`).
pub fn visible<'a, T: Borrow<Trajectory>>(
    t: &'a [T],
    runs: &'a [RunView],
) -> impl Iterator<Item = (&'a Trajectory, &'a RunView)> {
    t.iter()
        .map(Borrow::borrow)
        .zip(runs)
        .filter(|(_, r)| r.visible)
}

/// The last step of any shown run: the end of the step axis.
pub fn max_step<T: Borrow<Trajectory>>(t: &[T], runs: &[RunView]) -> usize {
    visible(t, runs)
        .filter_map(|(t, _)| t.records.last().map(|r| r.step))
        .max()
        .unwrap_or(0)
}

/// A log axis cannot show f ≤ 0: when the lowest shown loss is not positive, the loss chart
/// plots f − shift, the distance to that loss lifted by half the smallest gap above it, so
/// the minimum itself stays on the chart, just below the rest.
pub fn loss_shift<T: Borrow<Trajectory>>(trajs: &[T], runs: &[RunView]) -> Option<f64> {
    let losses = || visible(trajs, runs).flat_map(|(t, _)| t.records.iter().map(|r| r.loss));
    let min = losses().fold(f64::INFINITY, f64::min);
    let gap = losses()
        .map(|l| l - min)
        .filter(|d| *d > 0.0)
        .fold(f64::INFINITY, f64::min);
    (min <= 0.0).then(|| min - if gap.is_finite() { gap / 2.0 } else { 1.0 })
}

/// What a chart shows above its plot: cheap enough to compute on every render of the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    pub id: &'static str,
    pub caption: String,
    pub titles: Titles,
    pub per_coord: bool,
}

/// The six charts; the count never changes so the canvases stay in place.
pub fn build<T: Borrow<Trajectory>>(
    trajs: &[T],
    runs: &[RunView],
    selected: usize,
    series: Series,
) -> Vec<Chart> {
    charts(trajs, runs, selected, series, true)
}

/// The six charts' headers, without thinning a single line.
pub fn headers<T: Borrow<Trajectory>>(
    trajs: &[T],
    runs: &[RunView],
    selected: usize,
    series: Series,
) -> Vec<Header> {
    charts(trajs, runs, selected, series, false)
        .into_iter()
        .map(|c| Header {
            id: c.id,
            caption: c.caption,
            titles: c.titles,
            per_coord: c.per_coord,
        })
        .collect()
}

/// A value per run against the step: its chart, y title, the value of a record, and the first
/// step it has one.
type PerRun = (&'static str, &'static str, fn(&Record) -> f64, usize);
/// The three charts with a line per shown run; the loss title changes when it is shifted.
const PER_RUN: [PerRun; 3] = [
    ("chart-loss", "f(θ)", |r| r.loss, 0),
    ("chart-update", "‖u‖∞", Record::update_norm, 1),
    ("chart-grad", "‖∇f‖", |r| r.grad[0].hypot(r.grad[1]), 0),
];
/// A coordinate pair of the selected run: chart, log axis, value, first step.
type PerCoord = (&'static str, bool, fn(&Record) -> [f64; 2], usize);
const PER_COORD: [PerCoord; 3] = [
    ("chart-m", false, |r| r.m, 0),
    ("chart-v", true, |r| r.v, 1),
    ("chart-eff", true, |r| r.eff_lr, 1),
];

/// The letter a rule's series is written with: "First moment m" → m, "Second moment v (EMA
/// of g²)" → v, "Momentum m of raw gradients" → m.
pub fn symbol(name: &str) -> &str {
    let head = name.split(" (").next().unwrap_or(name);
    let head = head.split(" of ").next().unwrap_or(head);
    head.split_whitespace().last().unwrap_or(head)
}

fn charts<T: Borrow<Trajectory>>(
    trajs: &[T],
    runs: &[RunView],
    selected: usize,
    series: Series,
    with_lines: bool,
) -> Vec<Chart> {
    let per_run = |(id, y, f, from): PerRun, caption: &str, shift: f64, y_title: &str| Chart {
        id,
        caption: caption.into(),
        titles: Titles::steps(if y_title.is_empty() { y } else { y_title }, true),
        log: true,
        per_coord: false,
        lines: visible(trajs, runs)
            .filter(|_| with_lines)
            .map(|(t, r)| Line {
                pattern: r.pattern,
                ..line(t, r.color, false, true, from, &|rec| f(rec) - shift)
            })
            .collect(),
        guides: Vec::new(),
    };
    let mut charts = vec![
        match loss_shift(trajs, runs) {
            Some(s) => per_run(PER_RUN[0], "Loss − min (log)", s, "f(θ) − min"),
            None => per_run(PER_RUN[0], "Loss f(θ) (log)", 0.0, ""),
        },
        per_run(PER_RUN[1], "Max update ‖u‖∞ (log)", 0.0, ""),
        per_run(PER_RUN[2], "Gradient norm ‖∇f‖ (log)", 0.0, ""),
    ];
    let sel = shown_selection(trajs, runs, selected);
    let name = match runs.get(selected) {
        Some(r) if r.visible => r.label.clone(),
        Some(r) => format!("{} (hidden)", r.label),
        None => "no run selected".into(),
    };
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
    let named = [
        (m, series.m.is_some(), series.m.map_or("m", symbol)),
        (v, series.v.is_some(), series.v.map_or("v", symbol)),
        (
            "Effective step per coordinate (log)".into(),
            true,
            "step size",
        ),
    ];
    for ((caption, kept, y), (id, log, get, from)) in named.into_iter().zip(PER_COORD) {
        let lines = sel
            .filter(|_| kept && with_lines)
            .map_or_else(Vec::new, |(t, r)| {
                vec![
                    line(t, r.color, false, log, from, &|rec| get(rec)[0]),
                    line(t, r.color, true, log, from, &|rec| get(rec)[1]),
                ]
            });
        charts.push(Chart {
            id,
            caption: format!("{caption} — {name}"),
            titles: Titles::steps(y, log),
            log,
            per_coord: true,
            lines,
            guides: Vec::new(),
        });
    }
    charts
}

/// The selected run with its view, when it is shown.
fn shown_selection<'a, T: Borrow<Trajectory>>(
    trajs: &'a [T],
    runs: &'a [RunView],
    selected: usize,
) -> Option<(&'a Trajectory, &'a RunView)> {
    trajs
        .get(selected)
        .map(Borrow::borrow)
        .zip(runs.get(selected))
        .filter(|(_, r)| r.visible)
}

/// What a run shows at the hovered step.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// The value in its own units (not its log10, not shifted).
    At(f64),
    /// The run stopped, diverging, at this step before the hovered one.
    Diverged(usize),
    /// The run ended at this step before the hovered one.
    Ended(usize),
    /// The chart has no value at this step (no update at step 0).
    None,
}

/// The hovered step of a chart with each shown line's value there: its name, its value and
/// its line's colour (a run's), so a readout can name it in that colour.
#[derive(Clone, Debug, PartialEq)]
pub struct Readout {
    pub step: usize,
    pub values: Vec<(String, Value, Option<&'static str>)>,
}

impl Value {
    /// "3.2e-3", "diverged at 57", "ended at 9" or "—".
    pub fn text(&self) -> String {
        match self {
            Value::At(x) => format::short(*x),
            Value::Diverged(n) => format!("diverged at {n}"),
            Value::Ended(n) => format!("ended at {n}"),
            Value::None => "—".into(),
        }
    }
}

impl Readout {
    /// "step 412 · Adam 3.2e-3 · SGD diverged at 57".
    pub fn text(&self) -> String {
        let mut parts = vec![format!("step {}", self.step)];
        parts.extend(
            self.values
                .iter()
                .map(|(label, v, _)| format!("{label} {}", v.text())),
        );
        if self.values.is_empty() {
            parts.push("nothing plotted".into());
        }
        parts.join(" · ")
    }
}

/// The value of `f` on `t` at `step`; `from` is the first step the chart plots.
fn value_at(t: &Trajectory, step: usize, from: usize, f: impl Fn(&Record) -> f64) -> Value {
    let last = t.records.last().map_or(0, |r| r.step);
    match t.records.binary_search_by_key(&step, |r| r.step) {
        Ok(i) if step >= from => Value::At(f(&t.records[i])),
        Err(_) if step > last => match &t.diverged {
            Some(d) => Value::Diverged(d.step),
            None => Value::Ended(last),
        },
        _ => Value::None,
    }
}

/// The values chart `id` shows at `step`: each shown run's on the per-run charts, the selected
/// run's x and y on the per-coordinate ones (none when its rule has no such series). An
/// unknown id gives `None`.
pub fn readout<T: Borrow<Trajectory>>(
    id: &str,
    trajs: &[T],
    runs: &[RunView],
    selected: usize,
    series: Series,
    step: usize,
) -> Option<Readout> {
    let values = if let Some(&(_, _, f, from)) = PER_RUN.iter().find(|c| c.0 == id) {
        visible(trajs, runs)
            .map(|(t, r)| (r.label.clone(), value_at(t, step, from, f), Some(r.color)))
            .collect()
    } else {
        let i = PER_COORD.iter().position(|c| c.0 == id)?;
        let (_, _, get, from) = PER_COORD[i];
        let kept = [series.m.is_some(), series.v.is_some(), true][i];
        shown_selection(trajs, runs, selected)
            .filter(|_| kept)
            .map_or_else(Vec::new, |(t, r)| {
                (0..2)
                    .map(|c| {
                        let label = format!("{} {}", r.label, ["x", "y"][c]);
                        (
                            label,
                            value_at(t, step, from, |rec| get(rec)[c]),
                            Some(r.color),
                        )
                    })
                    .collect()
            })
    };
    Some(Readout { step, values })
}

/// A line as values per step (index = step), with the name the readout gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    pub label: &'static str,
    pub values: Vec<f64>,
}

/// Each named line's value at `step`: none past the end of every line, so an empty chart
/// reads nothing; a value that cannot be shown reads as a dash.
pub fn read_named(lines: &[Named], step: usize) -> Option<Readout> {
    lines
        .iter()
        .any(|l| step < l.values.len())
        .then(|| Readout {
            step,
            values: lines
                .iter()
                .map(|l| {
                    let v = match l.values.get(step) {
                        Some(x) if x.is_finite() => Value::At(*x),
                        Some(_) => Value::None,
                        None => Value::Ended(l.values.len() - 1),
                    };
                    (l.label.to_string(), v, None)
                })
                .collect(),
        })
}

/// One line from `records[from..]`; long runs are thinned to the lowest and highest value of
/// each stretch, so spikes and blow-ups survive.
pub fn line(
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
        rgb: parse_color(color),
        dashed,
        pattern: &[],
        segments,
        cross,
    }
}

/// "#rrggbb" as bytes; anything else falls back to the text colour.
pub fn parse_color(hex: &str) -> [u8; 3] {
    let h = hex.trim_start_matches('#');
    let c = |i: usize| h.get(i..i + 2).and_then(|s| u8::from_str_radix(s, 16).ok());
    match (h.len(), c(0), c(2), c(4)) {
        (6, Some(r), Some(g), Some(b)) => [r, g, b],
        _ => FALLBACK_RGB,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sim::Divergence;

    /// A run whose loss, update, gradient and state all follow `f(step)`.
    pub(crate) fn traj(n: usize, f: impl Fn(usize) -> f64) -> Trajectory {
        let records = (0..n)
            .map(|step| {
                let v = f(step);
                Record {
                    step,
                    theta: [v, v],
                    loss: v,
                    grad: [v, 0.0],
                    update: [v, -v],
                    m: [v, -v],
                    v: [v, v],
                    eff_lr: [v, v],
                }
            })
            .collect();
        Trajectory {
            records,
            diverged: None,
        }
    }

    /// `t` as a run that diverged at `step`.
    pub(crate) fn diverged(mut t: Trajectory, step: usize) -> Trajectory {
        t.diverged = Some(Divergence {
            step,
            reason: "|θ| exceeded 1e12",
        });
        t
    }

    pub(crate) fn view(label: &str, color: &'static str, visible: bool) -> RunView {
        RunView {
            label: label.into(),
            color,
            pattern: &[],
            visible,
        }
    }

    const ADAM: Series = Series {
        m: Some("First moment m"),
        v: Some("Second moment v"),
    };

    fn ys(l: &Line) -> Vec<f64> {
        l.segments.iter().flatten().map(|p| p.1).collect()
    }

    #[test]
    fn thinning_keeps_spikes_and_dips() {
        let t = traj(100_000, |s| match s {
            4321 => 1e6,
            77_777 => 1e-9,
            _ => 1.0,
        });
        let l = line(&t, "#ff0000", false, true, 0, &|r| r.loss);
        let pts: Vec<_> = l.segments.concat();
        assert!(pts.len() <= 2 * BUCKETS, "{} points", pts.len());
        assert!(pts.contains(&(4321.0, 6.0)));
        assert!(pts.contains(&(77_777.0, -9.0)));
        assert!(
            pts.windows(2).all(|w| w[0].0 < w[1].0),
            "steps out of order"
        );
        assert_eq!(l.rgb, [255, 0, 0]);
        // Short runs keep every point.
        let l = line(
            &traj(50, |s| s as f64 + 1.0),
            "#000000",
            false,
            false,
            0,
            &|r| r.loss,
        );
        assert_eq!(l.segments.concat().len(), 50);
    }

    #[test]
    fn a_log_line_breaks_where_values_cannot_be_shown() {
        let t = traj(9, |s| if (3..5).contains(&s) { 0.0 } else { 10.0 });
        let l = line(&t, "#123456", false, true, 0, &|r| r.loss);
        assert_eq!(l.segments.len(), 2);
        assert_eq!(l.segments[0].last(), Some(&(2.0, 1.0)));
        assert_eq!(l.segments[1][0], (5.0, 1.0));
        // A linear line shows them.
        let l = line(&t, "#123456", false, false, 0, &|r| r.loss);
        assert_eq!(l.segments.len(), 1);
        assert!(ys(&l).contains(&0.0));
    }

    #[test]
    fn log_ranges_exclude_non_positive_values() {
        let t = traj(20, |s| s as f64 - 10.0);
        let runs = [view("a", "#ff0000", true)];
        let charts = build(std::slice::from_ref(&t), &runs, 0, ADAM);
        let grad = charts.iter().find(|c| c.id == "chart-grad").unwrap();
        // |∇f| = |s − 10|: zero at s = 10 is left out, the rest spans log10(1)..log10(10).
        let all = ys(&grad.lines[0]);
        assert!(all.iter().all(|y| y.is_finite()) && all.len() == 19);
        let (lo, hi) = grad.y_range();
        assert!(lo > -0.1 && lo < 0.0 && hi > 1.0 && hi < 1.1, "{lo}..{hi}");
        let v = charts.iter().find(|c| c.id == "chart-v").unwrap();
        assert!(ys(&v.lines[0]).iter().all(|y| *y >= 0.0 && y.is_finite()));
        // The linear m chart keeps the negative values.
        let m = charts.iter().find(|c| c.id == "chart-m").unwrap();
        assert!(!m.log && m.y_range().0 < -9.0);
    }

    #[test]
    fn the_loss_shift_keeps_the_minimum_on_the_chart() {
        let a = traj(10, |s| -3.0 + s as f64 * 0.5);
        let b = traj(10, |s| -2.0 + s as f64);
        let runs = [view("a", "#ff0000", true), view("b", "#00ff00", true)];
        let trajs = [a, b];
        // Lowest loss −3, smallest gap above it 0.5: shifted by −3.25.
        assert_eq!(loss_shift(&trajs, &runs), Some(-3.25));
        let loss = &build(&trajs, &runs, 0, ADAM)[0];
        assert_eq!(loss.caption, "Loss − min (log)");
        let lowest = loss.lines[0].segments[0][0];
        assert_eq!(lowest, (0.0, 0.25f64.log10()));
        let (lo, hi) = loss.y_range();
        assert!(lo < lowest.1 && lowest.1 < hi);
        // Positive losses need no shift; a single non-positive value still gets one.
        let pos = [traj(5, |s| s as f64 + 1.0)];
        assert_eq!(loss_shift(&pos, &runs[..1]), None);
        assert_eq!(
            build(&pos, &runs[..1], 0, ADAM)[0].caption,
            "Loss f(θ) (log)"
        );
        assert_eq!(loss_shift(&[traj(1, |_| 0.0)], &runs[..1]), Some(-1.0));
        // Hidden runs do not count.
        let hidden = [view("a", "#ff0000", false), runs[1].clone()];
        assert_eq!(loss_shift(&trajs, &hidden), Some(-2.5));
    }

    #[test]
    fn a_diverged_runs_line_stops_with_a_cross() {
        let t = diverged(traj(30, |s| 2f64.powi(s as i32)), 30);
        let l = line(&t, "#ff0000", false, true, 0, &|r| r.loss);
        let last = *l.segments.last().unwrap().last().unwrap();
        assert_eq!(last.0, 29.0);
        assert_eq!(l.cross, Some(last));
        let calm = line(&traj(30, |_| 1.0), "#ff0000", false, true, 0, &|r| r.loss);
        assert_eq!(calm.cross, None);
    }

    #[test]
    fn six_charts_follow_the_shown_runs_and_the_selected_rule() {
        let trajs = [traj(10, |s| s as f64 + 1.0), traj(20, |s| s as f64 + 1.0)];
        let runs = [view("Adam", "#ff8800", true), view("SGD", "#0088ff", false)];
        let charts = build(&trajs, &runs, 0, ADAM);
        let ids: Vec<_> = charts.iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            [
                "chart-loss",
                "chart-update",
                "chart-grad",
                "chart-m",
                "chart-v",
                "chart-eff"
            ]
        );
        // The hidden run draws no line and does not stretch the step axis.
        assert!(charts[..3].iter().all(|c| c.lines.len() == 1));
        assert_eq!(max_step(&trajs, &runs), 9);
        // The update chart starts at step 1: step 0 took no step.
        assert_eq!(charts[1].lines[0].segments[0][0].0, 1.0);
        assert_eq!(charts[3].caption, "First moment m — Adam");
        assert_eq!(charts[4].caption, "Second moment v (log) — Adam");
        assert!(charts[3..]
            .iter()
            .all(|c| c.per_coord && c.lines.len() == 2));
        assert!(charts[3].lines[1].dashed && !charts[3].lines[0].dashed);
        // The hidden selected run empties the per-coordinate charts but keeps them.
        let charts = build(&trajs, &runs, 1, Series { m: None, v: None });
        assert_eq!(charts.len(), 6);
        assert_eq!(
            charts[3].caption,
            "No momentum or first moment in this rule — SGD (hidden)"
        );
        assert!(charts[3..].iter().all(Chart::is_empty));
        assert!(!charts[0].is_empty());
        assert_eq!(
            build(&trajs, &runs, 7, ADAM)[5].caption,
            "Effective step per coordinate (log) — no run selected"
        );
    }

    #[test]
    fn headers_say_what_the_built_charts_say() {
        let trajs = [traj(10, |s| s as f64), traj(20, |s| s as f64 + 1.0)];
        let runs = [view("Adam", "#ff8800", true), view("SGD", "#0088ff", true)];
        for (selected, series) in [(0, ADAM), (1, Series { m: None, v: None }), (5, ADAM)] {
            let built = build(&trajs, &runs, selected, series);
            let heads = headers(&trajs, &runs, selected, series);
            let from_built: Vec<_> = built
                .iter()
                .map(|c| (c.id, c.caption.clone(), c.per_coord))
                .collect();
            let said: Vec<_> = heads
                .into_iter()
                .map(|h| (h.id, h.caption, h.per_coord))
                .collect();
            assert_eq!(said, from_built);
        }
        // A loss of 0 puts the loss chart on the shifted axis, and the header says so.
        assert_eq!(
            headers(&trajs, &runs, 0, ADAM)[0].caption,
            "Loss − min (log)"
        );
    }

    #[test]
    fn the_readout_gives_each_shown_runs_value_in_its_own_units() {
        let blown = diverged(traj(58, |s| 1.5f64.powi(s as i32)), 57);
        let trajs = [traj(1001, |s| 0.5 + s as f64), blown, traj(1001, |_| 7.0)];
        let runs = [
            view("Adam", "#ff8800", true),
            view("SGD", "#00aaff", true),
            view("Lion", "#33cc66", false),
        ];
        let at = |id, step| readout(id, &trajs, &runs, 0, ADAM, step).unwrap();
        let r = at("chart-loss", 412);
        assert_eq!(r.step, 412);
        // The hidden run is not listed; the diverged one says where it stopped.
        assert_eq!(
            r.values,
            [
                ("Adam".to_string(), Value::At(412.5), Some("#ff8800")),
                ("SGD".to_string(), Value::Diverged(57), Some("#00aaff"))
            ]
        );
        assert_eq!(r.text(), "step 412 · Adam 412 · SGD diverged at 57");
        // Before it diverged the run has its value, not its log10.
        assert_eq!(at("chart-grad", 10).values[1].1, Value::At(1.5f64.powi(10)));
        assert_eq!(at("chart-loss", 0).values[0].1, Value::At(0.5));
        // The update chart starts at step 1.
        assert_eq!(at("chart-update", 0).values[0].1, Value::None);
        assert_eq!(at("chart-update", 1).values[0].1, Value::At(1.5));
        // Per coordinate: the selected run's x and y.
        let m = at("chart-m", 3);
        assert_eq!(m.text(), "step 3 · Adam x 3.5 · Adam y -3.5");
        // A rule without m, or an unknown chart.
        let none = readout("chart-m", &trajs, &runs, 0, Series { m: None, v: None }, 3);
        assert_eq!(none.unwrap().text(), "step 3 · nothing plotted");
        assert_eq!(readout("chart-x", &trajs, &runs, 0, ADAM, 3), None);
        // A shorter run that ended without diverging.
        let short = [traj(10, |_| 1.0)];
        let r = readout("chart-loss", &short, &runs[..1], 0, ADAM, 20).unwrap();
        assert_eq!(r.values[0].1, Value::Ended(9));
    }

    #[test]
    fn named_lines_read_their_own_value_at_a_step() {
        let values: Vec<f64> = (0..100).map(|s| 1.0 / (s as f64 + 1.0)).collect();
        let lines = [
            Named {
                label: "‖∇E‖₁,ε",
                values: values.clone(),
            },
            Named {
                label: "short",
                values: vec![2.0, f64::NAN],
            },
        ];
        for step in [0, 1, 37, 99] {
            let r = read_named(&lines, step).unwrap();
            assert_eq!(r.step, step);
            assert_eq!(
                r.values[0],
                ("‖∇E‖₁,ε".to_string(), Value::At(values[step]), None)
            );
        }
        // A value that cannot be drawn reads as a dash; past its end a line says where it ended.
        assert_eq!(read_named(&lines, 1).unwrap().values[1].1, Value::None);
        assert_eq!(read_named(&lines, 5).unwrap().values[1].1, Value::Ended(1));
        assert_eq!(
            read_named(&lines[1..], 0).unwrap().text(),
            "step 0 · short 2"
        );
        // Past every line, or with nothing drawn, there is nothing to read.
        assert_eq!(read_named(&lines, 100), None);
        assert_eq!(read_named(&[], 0), None);
        let empty = Named {
            label: "x",
            values: Vec::new(),
        };
        assert_eq!(read_named(&[empty], 0), None);
    }

    #[test]
    fn series_are_named_by_their_letter() {
        assert_eq!(symbol("First moment m"), "m");
        assert_eq!(symbol("Second moment v (EMA of g²)"), "v");
        assert_eq!(symbol("Momentum m of raw gradients"), "m");
        assert_eq!(symbol("Momentum buffer b"), "b");
        let trajs = [traj(5, |s| s as f64 + 1.0)];
        let heads = headers(&trajs, &[view("a", "#ff0000", true)], 0, ADAM);
        let ys: Vec<_> = heads.iter().map(|h| h.titles.y.as_str()).collect();
        assert_eq!(
            ys,
            [
                "f(θ), log scale",
                "‖u‖∞, log scale",
                "‖∇f‖, log scale",
                "m",
                "v, log scale",
                "step size, log scale"
            ]
        );
        assert!(heads.iter().all(|h| h.titles.x == STEP));
        assert_eq!(heads[0].titles.describe(), "f(θ), log scale against step");
        let shifted = headers(
            &[traj(5, |s| s as f64)],
            &[view("a", "#f00", true)],
            0,
            ADAM,
        );
        assert_eq!(shifted[0].titles.y, "f(θ) − min, log scale");
    }

    #[test]
    fn ranges_and_labels() {
        let empty = Chart {
            id: "x",
            caption: String::new(),
            titles: Titles::steps("y", true),
            log: true,
            per_coord: false,
            lines: Vec::new(),
            guides: Vec::new(),
        };
        assert!(empty.is_empty());
        assert_eq!(empty.y_range(), (-1.0, 1.0));
        let flat = line(&traj(5, |_| 100.0), "#fff", false, true, 0, &|r| r.loss);
        assert_eq!(flat.rgb, FALLBACK_RGB);
        let c = Chart {
            lines: vec![flat],
            ..empty.clone()
        };
        assert_eq!(c.y_range(), (1.5, 2.5));
        // Under one decade (≈40 … 250): ticks at round values.
        let at: Vec<f64> = c
            .y_ticks(1.6, 2.4)
            .iter()
            .map(|y| 10f64.powf(*y).round())
            .collect();
        assert_eq!(at, [100.0, 200.0]);
        assert_eq!(c.y_label(2.0), "100");
        assert_eq!(c.y_label(-5.0), "1e-5");
        let lin = Chart { log: false, ..c };
        assert_eq!(lin.y_label(-0.5), "-0.5");
        assert_eq!(step_ticks(2000.0), vec![0.0, 500.0, 1000.0, 1500.0, 2000.0]);
        assert_eq!(step_ticks(2.0), vec![0.0, 1.0, 2.0]);
    }
}
