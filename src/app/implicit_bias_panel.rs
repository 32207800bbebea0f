//! Cattaneo, Klusowski & Shigida's reading of the selected run: the coefficient c of the
//! one-norm term and its verdict, the regime of each coordinate at the shown step, and the
//! perturbed one-norm along the run with its running integral.

use super::cursors;
use super::fit::use_refit;
use super::hover::{self, Hover, Nodes};
use super::later::AfterPaint;
use super::player;
use crate::optim::Optimizer;
use crate::render::chart::read_named;
use crate::render::one_norm::{charts, lines, regime_at, titles};
use crate::scene::RunSpec;
use crate::sim::{RunConfig, Trajectory};
use crate::theory::flows::h_sweep::{h_sweep, ratios, HPoint};
use crate::theory::flows::modified::{coefficient, Verdict};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: RunSpec,
    /// The run as it is computed, which the h-sweep reruns at smaller steps.
    pub base: RunConfig,
    pub trajectory: Rc<Trajectory>,
    pub color: &'static str,
    /// The animation, whose frames move the regime readout to the shown step.
    pub player: player::Shared,
}

/// c with both notations and its verdict, for Adam and AdamW.
fn coefficient_lines(r: &RunSpec) -> Html {
    if !matches!(r.optimizer, Optimizer::Adam | Optimizer::AdamW) {
        return html! { <p class="note" id="ib-c">{format!(
            "c is derived for Adam (RMSProp is its β = 0); it does not apply to {}.",
            r.optimizer.rule().title
        )}</p> };
    }
    let (b, rho) = (r.hyper.beta1, r.hyper.beta2);
    let c = coefficient(b, rho);
    let verdict = Verdict::of(c).map_or("undefined", |v| v.text());
    let class = match Verdict::of(c) {
        Some(Verdict::Penalises) => "good",
        Some(Verdict::Impedes) => "bad",
        _ => "",
    };
    html! {
        <>
        <p id="ib-c">{format!(
            "c = β/(1−β) − ρ/(1−ρ) = {} with β = PyTorch β1 = {b} (Gould & Tanaka's γ) and ρ = PyTorch β2 = {rho} (their β) ",
            crate::format::short(c)
        )}<span class="tag">{"DERIVED"}</span></p>
        <p class={classes!("verdict", class)} id="ib-verdict">{format!("c {} 0: Adam {verdict}", if c > 0.0 { ">" } else if c < 0.0 { "<" } else { "=" })}</p>
        if r.optimizer == Optimizer::AdamW && r.hyper.weight_decay > 0.0 {
            <p class="note warn">{"With λ > 0 the AdamW modified loss has further λ terms (math.md §3.5); c is its λ = 0 part."}</p>
        }
        </>
    }
}

/// The h-sweep's result as a table, with the measured ratios in words.
fn h_table(result: &Result<Vec<HPoint>, String>) -> Html {
    let points = match result {
        Ok(p) => p,
        Err(e) => {
            return html! { <p class="note warn" id="ib-h-result">{format!("No h-sweep: {e}.")}</p> }
        }
    };
    let r: Vec<String> = ratios(points)
        .iter()
        .map(|r| crate::format::fixed(*r))
        .collect();
    html! {
        <div id="ib-h-result">
            <table class="h-sweep">
                <tr><th>{"h = η"}</th><th>{"steps"}</th><th>{"end − flow's end"}</th><th>{"shift / h"}</th></tr>
                { for points.iter().map(|p| html! {
                    <tr><td>{crate::format::typed(p.h)}</td><td>{p.steps}</td>
                        <td>{crate::format::short(p.shift)}</td><td>{crate::format::short(p.shift / p.h)}</td></tr>
                }) }
            </table>
            <p class="note">{format!("Each halving divides the shift by {} (2 where it is proportional to h).", r.join(", "))}</p>
        </div>
    }
}

#[component]
pub fn ImplicitBiasPanel(p: &Props) -> Html {
    let regime = use_node_ref();
    let nodes = use_memo((), |_| [Nodes::default(), Nodes::default()]);
    // The panel's own hover lines: the player's cursors belong to the charts under the map.
    let cursors = use_memo((), |_| cursors::Shared::default());
    let (eps, inside, h) = (p.run.hyper.eps, p.run.hyper.eps_inside, p.run.hyper.lr);
    let lines = use_memo((p.trajectory.clone(), h, eps), |(t, h, eps)| {
        lines(t, *h, *eps)
    });
    {
        // The regime follows the animation's step, straight into the element.
        let (player, regime, t) = (p.player.clone(), regime.clone(), p.trajectory.clone());
        use_effect_with((t, eps, inside), move |(t, eps, inside)| {
            let (t, eps, inside) = (t.clone(), *eps, *inside);
            let text: player::StepText = Rc::new(move |step| regime_at(&t, step, eps, inside));
            let mut pl = player.borrow_mut();
            pl.step_text = Some((regime, text));
            pl.draw();
            drop(pl);
            move || player.borrow_mut().step_text = None
        });
    }
    let pending = use_mut_ref(|| None::<AfterPaint>);
    let section = use_node_ref();
    let layout = use_refit(section.clone());
    {
        let (nodes, cursors, lines) = (nodes.clone(), (*cursors).clone(), lines.clone());
        let deps = (p.trajectory.clone(), h, eps, p.color, layout);
        use_effect_with(deps, move |(t, _, _, color, _)| {
            let (t, color, later_cursors) = (t.clone(), *color, cursors.clone());
            *pending.borrow_mut() = Some(AfterPaint::new(move || {
                hover::draw_panel(&charts(&t, &lines, color), &nodes[..], &t, &later_cursors);
            }));
            move || {
                pending.borrow_mut().take();
                cursors.0.borrow_mut().set_overlays(Vec::new());
            }
        });
    }
    let sweep = use_state(|| None::<(RunConfig, Result<Vec<HPoint>, String>)>);
    let run_sweep = {
        let (sweep, base) = (sweep.clone(), p.base.clone());
        Callback::from(move |_: MouseEvent| sweep.set(Some((base.clone(), h_sweep(&base, 3)))))
    };
    // A result is shown only for the run it was computed for.
    let result = sweep
        .as_ref()
        .filter(|(b, _)| *b == p.base)
        .map(|(_, r)| h_table(r));
    let captions = [
        "Perturbed one-norm ‖∇E‖₁,ε = Σᵢ √(∂ᵢE² + ε) along the run (log)",
        "Its running integral ∫₀ᵗ ‖∇E‖₁,ε ds, t = nh",
    ];
    let ids = ["chart-one-norm", "chart-one-norm-integral"];
    html! {
        <section class="panel implicit-bias" id="implicit-bias" ref={section}>
            <h2>{"Implicit bias (Cattaneo, Klusowski & Shigida)"}</h2>
            <p class="scope">{"To first order in the step h = η, Adam follows a flow whose extra term is h·c·∇‖∇E‖₁,ε while √ε ≪ |∂E| (the sign-like regime), and penalises ‖∇E‖₂² instead once √ε ≫ |∂E|."}</p>
            {coefficient_lines(&p.run)}
            <p class="note">{"Regime per coordinate at the shown step "}<span class="tag">{"DERIVED"}</span></p>
            <p id="ib-regime" ref={regime}></p>
            <p class="note">{format!("ε = {} of the run (the paper puts it inside the root; this run has it {})", crate::format::typed(eps), if inside { "inside" } else { "outside" })}</p>
            <p class="note">{"The shift is first order in h: rerun this run at h/2, h/4 and h/8 for the same time (twice the steps each) and compare each end point with the leading-order flow's. "}
                <button id="ib-h-sweep" onclick={run_sweep}>{"h-sweep"}</button></p>
            // A fixed box, so the result coming and going moves no sibling (the regime line is
            // written outside Yew and must keep its element).
            <div class="h-sweep-box">{for result}</div>
            <div class="ib-charts">
                { for (0..2).zip(captions).zip(ids).zip(titles()).map(|(((k, cap), id), t)| {
                    let lines = lines.clone();
                    let read: hover::Reader = Rc::new(move |s| read_named(&lines[k], s));
                    let hover = Hover { read, nodes: nodes[k].clone(), cursors: (*cursors).clone() };
                    hover::figure(id, cap, &t, hover, "its value")
                }) }
            </div>
        </section>
    }
}
