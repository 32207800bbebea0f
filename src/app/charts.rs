//! Linked charts under the landscape: loss, update size, gradient norm and the selected run's
//! optimizer state against the step. Charts are redrawn only when the runs or their shown size
//! change; the step cursor lives on a transparent canvas stacked over each chart, so the
//! animation redraws only that thin line. Pointing at a chart, or moving along it with the
//! arrow keys, reads each run's value at a step into a line under its caption.

use super::cursors;
use super::draw::context;
use super::fit::{fit, resize, use_refit};
use super::later::AfterPaint;
use crate::optim::describe::Series;
use crate::render::bound::{self, add_update_bounds, BoundSpec};
pub use crate::render::chart::RunView;
use crate::render::chart::{build, headers, max_step, readout, Chart};
use crate::render::chart_draw::{self, Frame};
use crate::sim::Runs;
use plotters_canvas::CanvasBackend;
use std::rc::Rc;
use web_sys::{Element, HtmlCanvasElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub trajectories: Runs,
    pub runs: Vec<RunView>,
    /// Index of the selected run in `trajectories`.
    pub selected: usize,
    /// What the selected run's rule keeps in m and v, to name (or leave empty) those charts.
    pub series: Series,
    /// Where the player moves the step cursor each frame.
    pub cursors: cursors::Shared,
    /// Gould & Tanaka's bounds for the selected run, drawn on the ‖u‖∞ chart (Adam, AdamW).
    #[prop_or_default]
    pub bound: Option<BoundSpec>,
}

/// What the charts depend on.
#[derive(Clone, PartialEq)]
struct Key(Runs, Vec<RunView>, usize, Series, Option<BoundSpec>);

/// One chart's elements: its plot, its cursor overlay and its readout line.
#[derive(Clone, Default, PartialEq)]
struct Nodes {
    plot: NodeRef,
    overlay: NodeRef,
    readout: NodeRef,
}

/// What a chart's pointer and key handlers need to read its values.
#[derive(Clone)]
struct Hover {
    key: Rc<Key>,
    id: &'static str,
    nodes: Nodes,
    cursors: cursors::Shared,
}

impl Hover {
    /// Marks `step` (or, with `None`, nothing) on the chart and reads its values there.
    fn show(&self, step: Option<usize>) {
        let Some(overlay) = self.nodes.overlay.cast::<HtmlCanvasElement>() else {
            return;
        };
        let mut cursors = self.cursors.0.borrow_mut();
        // An empty chart has no plot to point at.
        let step = step.filter(|_| cursors.frame(&overlay).is_some());
        let k = &self.key;
        let text = step
            .and_then(|s| readout(self.id, &k.0, &k.1, k.2, k.3, s))
            .map(|r| r.text());
        if let Some(p) = self.nodes.readout.cast::<Element>() {
            p.set_text_content(text.as_deref());
        }
        cursors.hover(step.map(|s| (overlay, s)));
    }

    /// The overlay and where its chart has its plot.
    fn frame(&self) -> Option<(HtmlCanvasElement, Frame)> {
        let overlay = self.nodes.overlay.cast::<HtmlCanvasElement>()?;
        let frame = self.cursors.0.borrow().frame(&overlay)?;
        Some((overlay, frame))
    }

    /// The step under the pointer.
    fn pointed(&self, e: &PointerEvent) -> Option<usize> {
        let (overlay, frame) = self.frame()?;
        let rect = overlay.get_bounding_client_rect();
        // Device pixels of the drawing per CSS pixel of the page, as the canvas is shown.
        let scale = overlay.width() as f64 / rect.width();
        frame.step_at((e.client_x() as f64 - rect.left()) * scale)
    }

    /// Moves the hovered step with a key; true when the key was used.
    fn key(&self, e: &KeyboardEvent) -> bool {
        if e.key() == "Escape" {
            self.show(None);
            return true;
        }
        let Some((overlay, frame)) = self.frame() else {
            return false;
        };
        let from = self.cursors.0.borrow().hovered(&overlay);
        let from = from.unwrap_or_else(|| self.start(&frame));
        let to = frame.step_for_key(&e.key(), e.shift_key(), from);
        to.inspect(|s| self.show(Some(*s))).is_some()
    }

    /// Where the keyboard starts reading: the animation's step, or the middle of the axis.
    fn start(&self, frame: &Frame) -> usize {
        let shown = self.cursors.0.borrow().step();
        shown.unwrap_or(((frame.s0 + frame.s1) / 2.0).round() as usize)
    }
}

#[component]
pub fn Charts(props: &Props) -> Html {
    let key = Key(
        props.trajectories.clone(),
        props.runs.clone(),
        props.selected,
        props.series,
        props.bound,
    );
    // Only the captions are needed to render; the lines are thinned when they are drawn.
    let heads = use_memo(key.clone(), |k| headers(&k.0, &k.1, k.2, k.3));
    // One set per chart: a cloned NodeRef would point at the same element.
    let nodes = use_memo((), |_| {
        (0..heads.len())
            .map(|_| Nodes::default())
            .collect::<Vec<_>>()
    });
    let section = use_node_ref();
    let layout = use_refit(section.clone());
    let pending = use_mut_ref(|| None::<AfterPaint>);
    {
        let (nodes, cursors) = (nodes.clone(), props.cursors.clone());
        use_effect_with((key.clone(), layout), move |(k, _)| {
            // The map's frame paints first; the charts follow just after it.
            let (k, later_cursors) = (k.clone(), cursors.clone());
            *pending.borrow_mut() = Some(AfterPaint::new(move || {
                let mut charts = build(&k.0, &k.1, k.2, k.3);
                if let Some(spec) = k.4 {
                    add_update_bounds(&mut charts, spec, max_step(&k.0, &k.1));
                }
                let overlays = redraw(&charts, &nodes, &k);
                later_cursors.0.borrow_mut().set_overlays(overlays);
            }));
            move || {
                pending.borrow_mut().take();
                cursors.0.borrow_mut().set_overlays(Vec::new());
            }
        });
    }
    let key = Rc::new(key);
    html! {
        <section class="charts" ref={section}>
            { for heads.iter().zip(nodes.iter()).map(|(c, n)| {
                let hover = Hover { key: key.clone(), id: c.id, nodes: n.clone(), cursors: props.cursors.clone() };
                let described = c.titles.describe();
                html! {
                <figure class="chart" id={c.id}>
                    <figcaption>
                        {&c.caption}
                        if c.per_coord { <span class="chart-key">{"— x  ┄ y"}</span> }
                        if c.id == "chart-update" && props.bound.is_some() {
                            <span class="chart-key bound-key" id="bound-key">
                                <span class="paper">{format!("— {}", bound::KEY)}</span>
                                <span class="exact">{format!("┄ {}", bound::EXACT_KEY)}</span>
                                <span>{format!("for {}", props.runs.get(props.selected).map_or("", |r| r.label.as_str()))}</span>
                            </span>
                        }
                    </figcaption>
                    <div class="chart-stack" tabindex="0" role="application"
                        aria-label={format!("{}: {described}. Point at it, or use the arrow keys (Shift: farther), for each run's value at a step.", c.caption)}
                        onpointermove={{ let h = hover.clone(); move |e: PointerEvent| h.show(h.pointed(&e)) }}
                        onpointerleave={{ let h = hover.clone(); move |_: PointerEvent| h.show(None) }}
                        onfocus={{ let h = hover.clone(); move |_: FocusEvent| if let Some((_, f)) = h.frame() { h.show(Some(h.start(&f))) } }}
                        onblur={{ let h = hover.clone(); move |_: FocusEvent| h.show(None) }}
                        onkeydown={move |e: KeyboardEvent| if !(e.ctrl_key() || e.meta_key() || e.alt_key()) && hover.key(&e) { e.prevent_default() }}>
                        <canvas class="chart-plot" ref={n.plot.clone()} role="img" aria-label={described}
                            data-x-title={c.titles.x} data-y-title={c.titles.y.clone()} />
                        <canvas class="chart-cursor" ref={n.overlay.clone()} aria-hidden="true" />
                    </div>
                    <p class="chart-readout" id={format!("{}-readout", c.id)} aria-live="polite" ref={n.readout.clone()}></p>
                </figure>
            }}) }
        </section>
    }
}

/// Draws every chart and returns its cursor overlay with where the cursor goes.
fn redraw(charts: &[Chart], nodes: &[Nodes], k: &Key) -> Vec<(HtmlCanvasElement, Frame)> {
    let steps = max_step(&k.0, &k.1).max(1) as f64;
    let mut cursors = Vec::new();
    for (chart, n) in charts.iter().zip(nodes) {
        let (Some(plot), Some(overlay)) = (
            n.plot.cast::<HtmlCanvasElement>(),
            n.overlay.cast::<HtmlCanvasElement>(),
        ) else {
            continue;
        };
        let drawn = draw_chart(plot.clone(), chart, steps);
        // The overlay is stacked on the plot at the same size, so its cursor lands on it.
        resize(&overlay, plot.width(), plot.height());
        if let Some(c) = context(&overlay) {
            c.clear_rect(0.0, 0.0, overlay.width() as f64, overlay.height() as f64);
        }
        match drawn {
            // An empty chart gets no cursor: there is no run to follow.
            Ok(_) if chart.is_empty() => {}
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
    cursors
}

/// One chart on its canvas at its shown size; dashes go through the canvas itself.
pub(super) fn draw_chart(
    canvas: HtmlCanvasElement,
    chart: &Chart,
    steps: f64,
) -> Result<Frame, String> {
    let size = fit(&canvas);
    let ctx = context(&canvas);
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2d context")?;
    chart_draw::draw(backend, chart, steps, size.ratio, |dash| {
        if let Some(c) = &ctx {
            super::draw::set_dash(c, dash);
        }
    })
}
