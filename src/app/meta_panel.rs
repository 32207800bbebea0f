//! Gould & Tanaka's meta-adaptive effect beside the selected AdamW run on the scale-invariant
//! landscape: ‖W‖² against its moving-average prediction, W's angle against 2-Adam with γ₂ = 0,
//! how far the prediction's assumption is from true, and the caveat.

use super::fit::use_refit;
use super::hover::draw_chart;
use super::later::AfterPaint;
use crate::format;
use crate::render::meta::{charts, companion, mean_abs_cos, not_applicable, points, CHARTS};
use crate::sim::{run, RunConfig, Trajectory};
use crate::theory::meta_adaptive::CAVEAT;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The selected run as it is computed.
    pub base: RunConfig,
    pub trajectory: Rc<Trajectory>,
    pub color: &'static str,
}

#[component]
pub fn MetaPanel(p: &Props) -> Html {
    let canvases = use_memo((), |_| [NodeRef::default(), NodeRef::default()]);
    let reason = not_applicable(&p.base);
    // The companion run and the comparison, once per change of the run.
    let computed = use_memo((p.base.clone(), p.trajectory.clone()), |(base, t)| {
        if not_applicable(base).is_some() {
            return None;
        }
        let other = Rc::new(run(&companion(base)));
        Some(points(base, t).map(|pts| (pts, other)))
    });
    let pending = use_mut_ref(|| None::<AfterPaint>);
    let section = use_node_ref();
    let layout = use_refit(section.clone());
    {
        let (canvases, t, color) = (canvases.clone(), p.trajectory.clone(), p.color);
        use_effect_with((computed.clone(), layout), move |(computed, _)| {
            let computed = computed.clone();
            *pending.borrow_mut() = Some(AfterPaint::new(move || {
                let Some(Ok((pts, other))) = computed.as_ref() else {
                    return;
                };
                let steps = t.records.last().map_or(1, |r| r.step).max(1) as f64;
                for (chart, node) in charts(pts, &t, other, color).iter().zip(canvases.iter()) {
                    if let Some(c) = node.cast::<HtmlCanvasElement>() {
                        if let Err(e) = draw_chart(c, chart, steps) {
                            web_sys::console::warn_1(&format!("{}: {e}", chart.id).into());
                        }
                    }
                }
            }));
        });
    }
    let body = match (reason, computed.as_ref()) {
        (Some(why), _) => html! { <p class="note" id="meta-why">{why}</p> },
        (None, Some(Err(e))) => html! { <p class="note warn" id="meta-why">{e.clone()}</p> },
        (None, Some(Ok((pts, _)))) => {
            let last = pts
                .last()
                .map(|p| p.norm_sq / p.ema_prediction)
                .unwrap_or(f64::NAN);
            html! {
                <>
                <p id="meta-readout">{format!(
                    "mean |cos(W, u)| = {} (0 where the prediction's assumption holds); at the last step ‖W‖² is {} × the prediction",
                    format::short(mean_abs_cos(pts)),
                    format::short(last)
                )}</p>
                <div class="ib-charts">
                    { for canvases.iter().zip(CHARTS).map(|(node, (id, caption))| html! {
                        <figure class="chart" id={id}>
                            <figcaption>{caption}</figcaption>
                            <canvas class="chart-plot" ref={node.clone()} />
                        </figure>
                    }) }
                </div>
                </>
            }
        }
        (None, None) => html! {},
    };
    html! {
        <section class="panel meta-adaptive" id="meta-adaptive" ref={section}>
            <h2>{"Meta-adaptive effect (Gould & Tanaka §4)"}</h2>
            <p class="scope">{"Under AdamW a weight the loss does not see the size of settles where decay and updates balance: ‖W‖² ≈ (η/2λ)·EMA(‖u‖²), so its direction moves as if normalised a second time, like 2-Adam with γ₂ = 0. "}<span class="tag">{"DERIVED"}</span></p>
            {body}
            <p class="note" id="meta-caveat">{CAVEAT}</p>
        </section>
    }
}
