//! Linked charts under the landscape: loss, update size, gradient norm and the selected run's
//! optimizer state against the step. Charts are redrawn only when the runs or their shown size
//! change; the step cursor lives on a transparent canvas stacked over each chart, so the
//! animation redraws only that thin line. Pointing at a chart, or moving along it with the
//! arrow keys, reads each run's value at a step into a line under its caption.

use super::cursors;
use super::fit::use_refit;
use super::hover::{self, Hover, Nodes};
use super::later::AfterPaint;
use crate::optim::describe::Series;
use crate::render::bound::{self, add_update_bounds, BoundSpec};
pub use crate::render::chart::RunView;
use crate::render::chart::{build, headers, max_step, readout, Chart};
use crate::render::chart_draw::Frame;
use crate::sim::Runs;
use std::rc::Rc;
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
                let k = key.clone();
                let id = c.id;
                let read: hover::Reader = Rc::new(move |s| readout(id, &k.0, &k.1, k.2, k.3, s));
                let hover = Hover { read, nodes: n.clone(), cursors: props.cursors.clone() };
                let label = format!("{}: {}. Point at it, or use the arrow keys (Shift: farther), for each run's value at a step.", c.caption, c.titles.describe());
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
                    {hover::stack(hover, c.id, label, &c.titles)}
                </figure>
            }}) }
        </section>
    }
}

/// Draws every chart and returns its cursor overlay with where the cursor goes.
fn redraw(charts: &[Chart], nodes: &[Nodes], k: &Key) -> Vec<(HtmlCanvasElement, Frame)> {
    let steps = max_step(&k.0, &k.1).max(1) as f64;
    charts
        .iter()
        .zip(nodes)
        .filter_map(|(chart, n)| hover::draw(chart, n, steps))
        .collect()
}
