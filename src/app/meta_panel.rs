//! Gould & Tanaka's meta-adaptive effect beside the selected AdamW run on the scale-invariant
//! landscape: ‖W‖² against its moving-average prediction, W's angle against 2-Adam with γ₂ = 0,
//! how far the prediction's assumption is from true, and the caveat.

use super::cursors;
use super::fit::use_refit;
use super::hover::{self, Hover, Nodes};
use super::later::AfterPaint;
use crate::format;
use crate::render::chart::read_named;
use crate::render::meta::{
    charts, companion, lines, mean_abs_cos, not_applicable, points, titles, CHARTS,
};
use crate::sim::{run, RunConfig, Trajectory};
use crate::theory::meta_adaptive::CAVEAT;
use std::rc::Rc;
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
    let nodes = use_memo((), |_| [Nodes::default(), Nodes::default()]);
    // The panel's own hover lines: the player's cursors belong to the charts under the map.
    let cursors = use_memo((), |_| cursors::Shared::default());
    let reason = not_applicable(&p.base);
    // The companion run, the comparison and the charts' lines, once per change of the run.
    let computed = use_memo((p.base.clone(), p.trajectory.clone()), |(base, t)| {
        if not_applicable(base).is_some() {
            return None;
        }
        let other = run(&companion(base));
        Some(points(base, t).map(|pts| {
            let l = lines(&pts, t, &other);
            (pts, other, l)
        }))
    });
    let pending = use_mut_ref(|| None::<AfterPaint>);
    let section = use_node_ref();
    let layout = use_refit(section.clone());
    {
        let (nodes, t, color) = (nodes.clone(), p.trajectory.clone(), p.color);
        let cursors = (*cursors).clone();
        use_effect_with((computed.clone(), layout), move |(computed, _)| {
            let (computed, later_cursors) = (computed.clone(), cursors.clone());
            *pending.borrow_mut() = Some(AfterPaint::new(move || {
                let Some(Ok((_, other, l))) = computed.as_ref() else {
                    return;
                };
                hover::draw_panel(&charts(l, &t, other, color), &nodes[..], &t, &later_cursors);
            }));
            move || {
                pending.borrow_mut().take();
                cursors.0.borrow_mut().set_overlays(Vec::new());
            }
        });
    }
    let body = match (reason, computed.as_ref()) {
        (Some(why), _) => html! { <p class="note" id="meta-why">{why}</p> },
        (None, Some(Err(e))) => html! { <p class="note warn" id="meta-why">{e.clone()}</p> },
        (None, Some(Ok((pts, _, _)))) => {
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
                    { for (0..2).zip(CHARTS).zip(titles()).map(|((k, (id, caption)), t)| {
                        let computed = computed.clone();
                        let read: hover::Reader = Rc::new(move |s| match computed.as_ref() {
                            Some(Ok((_, _, l))) => read_named(&l[k], s),
                            _ => None,
                        });
                        let hover = Hover { read, nodes: nodes[k].clone(), cursors: (*cursors).clone() };
                        hover::figure(id, caption, &t, hover, "each line's value")
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
