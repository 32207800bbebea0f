//! Linked charts under the landscape: loss, update size, gradient norm and the selected run's
//! optimizer state against the step. Charts are redrawn only when the runs change; the step
//! cursor lives on a transparent canvas stacked over each chart, so the animation redraws only
//! that thin line.

use super::cursors;
use super::draw::context;
use super::later::AfterPaint;
use crate::optim::describe::Series;
use crate::render::bound::{self, add_update_bounds, BoundSpec};
pub use crate::render::chart::RunView;
use crate::render::chart::{build, headers, max_step, Chart};
use crate::render::chart_draw::{self, Frame, H, W};
use crate::sim::Runs;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
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
    let canvases = use_memo((), |_| {
        (0..heads.len())
            .map(|_| (NodeRef::default(), NodeRef::default()))
            .collect::<Vec<_>>()
    });
    let pending = use_mut_ref(|| None::<AfterPaint>);
    {
        let (canvases, cursors) = (canvases.clone(), props.cursors.clone());
        use_effect_with(key, move |k| {
            // The map's frame paints first; the charts follow just after it.
            let (k, later_cursors) = (k.clone(), cursors.clone());
            *pending.borrow_mut() = Some(AfterPaint::new(move || {
                let mut charts = build(&k.0, &k.1, k.2, k.3);
                if let Some(spec) = k.4 {
                    add_update_bounds(&mut charts, spec, max_step(&k.0, &k.1));
                }
                let overlays = redraw(&charts, &canvases, &k);
                later_cursors.0.borrow_mut().set_overlays(overlays);
            }));
            move || {
                pending.borrow_mut().take();
                cursors.0.borrow_mut().set_overlays(Vec::new());
            }
        });
    }
    html! {
        <section class="charts">
            { for heads.iter().zip(canvases.iter()).map(|(c, (plot, overlay))| html! {
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
                    <div class="chart-stack">
                        <canvas class="chart-plot" ref={plot.clone()} width={W.to_string()} height={H.to_string()} />
                        <canvas class="chart-cursor" ref={overlay.clone()} width={W.to_string()} height={H.to_string()} />
                    </div>
                </figure>
            }) }
        </section>
    }
}

/// Draws every chart and returns its cursor overlay with where the cursor goes.
fn redraw(
    charts: &[Chart],
    canvases: &[(NodeRef, NodeRef)],
    k: &Key,
) -> Vec<(HtmlCanvasElement, Frame)> {
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

/// One chart on its canvas; dashes go through the canvas itself.
pub(super) fn draw_chart(
    canvas: HtmlCanvasElement,
    chart: &Chart,
    steps: f64,
) -> Result<Frame, String> {
    let ctx = context(&canvas);
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2d context")?;
    chart_draw::draw(backend, chart, steps, |dash| {
        if let Some(c) = &ctx {
            super::draw::set_dash(c, dash);
        }
    })
}
