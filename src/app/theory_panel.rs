//! Gould & Tanaka's stability readout beside the β/γ sliders, and a clickable phase diagram
//! of the (β, γ) plane with the stable region, the paper's boundary and the exact one.

use super::phase_canvas::{pixel_ratio, PhaseCanvas, Point, SharedPhase};
use super::stability_map::StabilityMap;
use super::state::{color, color_class, Msg};
use crate::format::{fixed, signed};
use crate::lessons::MapView;
use crate::optim::Optimizer;
use crate::render::access;
use crate::render::phase::{from_px, on_plot, paper_applies, tidy, SIZE, TOP};
use crate::scene::{set_decays, RunSpec};
use crate::sim::RunConfig;
use crate::theory::outcome::Outcome;
use crate::theory::verdict::{
    decays_at_level, levels, shown_level, stack_note, verdict, Behaviour, Verdict,
};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: RunSpec,
    /// The run as it is computed: what the measured map sweeps around.
    pub base: RunConfig,
    /// A lesson that opens the measured map (see `StabilityMap`).
    #[prop_or_default]
    pub open_map: Option<(u32, MapView)>,
    pub dispatch: Callback<Msg>,
    /// The run's steepest growth of ln‖u‖∞: (slope per step, first step, last step).
    pub growth: Option<(f64, usize, usize)>,
    /// What the run itself did: diverged, left the map, or stayed.
    pub outcome: Outcome,
}

/// A press on the diagram, followed while the button stays down.
#[derive(Default)]
struct Drag {
    active: bool,
    /// Where a line of Fig. 2b started, when drags draw lines.
    line_from: Option<(f64, f64)>,
    /// The last (β, γ) sent, so a drag within one rounding cell sends nothing.
    sent: Option<(f64, f64)>,
}

/// The canvas point (CSS pixels of the drawing) under the mouse.
fn point(canvas: &NodeRef, e: &MouseEvent) -> Option<(f64, f64)> {
    let canvas = canvas.cast::<HtmlCanvasElement>()?;
    let rect = canvas.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return None;
    }
    Some((
        (e.client_x() as f64 - rect.left()) * SIZE / rect.width(),
        (e.client_y() as f64 - rect.top()) * SIZE / rect.height(),
    ))
}

/// For a stack of levels, which level the diagram and the map set.
fn level_picker(k: usize, level: usize, pick: UseStateSetter<Option<usize>>) -> Html {
    if k < 2 {
        return Html::default();
    }
    let onchange = super::events::on_choice(move |v| {
        if let Ok(l) = v.parse::<usize>() {
            pick.set(Some(l));
        }
    });
    html! {
        <label class="row">{"the diagram and the map set "}
            <select id="diagram-level" {onchange}>
                {for (1..=k).map(|i| html! {
                    <option value={i.to_string()} selected={i == level}>{format!("level {i} (γ{i}, β{i})")}</option>
                })}
            </select>
        </label>
    }
}

/// The exact verdict in one line: stable or unstable, and the factor per step.
fn headline(v: &Verdict) -> String {
    let per_step = |f: f64| format!("×{} per step (ln: {})", fixed(f), signed(f.ln()));
    match v.behaviour {
        Behaviour::Grows => format!(
            "unstable: ‖u‖∞ grows {} until ε caps it",
            per_step(v.factor)
        ),
        Behaviour::Decays => format!("stable: ‖u‖∞ decays {}", per_step(v.factor)),
        Behaviour::Bounded => "stable: ‖u‖∞ stays bounded, without exponential growth".into(),
        Behaviour::Vanishes => "stable: u vanishes with the gradient".into(),
    }
}

/// Gould & Tanaka's statement, where their analysis covers the rule.
fn paper_statement(o: Optimizer, v: &Verdict) -> Html {
    if let Some(p) = v.paper {
        let says = match p.rate {
            None => "stable".to_string(),
            Some(r) => format!("unstable, ‖u‖∞ grows at |C|/2 = {} per step", fixed(r)),
        };
        let cmp = if p.stable() { ">" } else { "<" };
        return html! {
            <>
            <p class="paper" id="paper-verdict">
                {format!("Paper: C(β, γ) = 2(1 − γ)/γ − (1 − β)/β = {} {cmp} 0 → {says}", signed(p.margin))}
            </p>
            if v.disagrees_with_paper() {
                <p class="note warn" id="disagree">
                    {"They disagree here, between the boundaries 2β/(1+β) < γ < √β: C is built from the first-order rates (1 − γ)/γ and (1 − β)/β, exact only near (1, 1). Runs follow the exact recurrence."}
                </p>
            }
            </>
        };
    }
    let text = if o == Optimizer::KAdam {
        "Paper: C(βᵢ, γᵢ) > 0 bounds level i whatever its input (sufficient only). Whether the update grows depends on what the levels below feed the last one (table)."
            .to_string()
    } else {
        format!(
            "Gould & Tanaka's C(β, γ) is derived for Adam's update; it does not apply to {}.",
            o.spec().reference
        )
    };
    html! { <p class="paper muted" id="paper-verdict">{text}</p> }
}

/// k-Adam's levels: decays, the paper's C, and the factor of each level's output.
fn levels_table(v: &Verdict) -> Html {
    if v.levels.len() < 2 {
        return html! {};
    }
    html! {
        <table class="levels" id="levels">
            <tr><th>{"level"}</th><th>{"β = β2"}</th><th>{"γ = β1"}</th><th>{"C"}</th><th>{"γ/√β"}</th><th>{"output ×/step"}</th></tr>
            { for v.levels.iter().enumerate().map(|(i, l)| html! {
                <tr>
                    <td>{i + 1}</td><td>{l.decays.0}</td><td>{l.decays.1}</td>
                    <td>{signed(crate::theory::stability_margin(l.decays.0, l.decays.1))}</td>
                    <td>{fixed(l.own)}</td><td>{fixed(l.output)}</td>
                </tr>
            }) }
        </table>
    }
}

/// The run's measured growth and its own fate, which depend on η and the landscape.
fn run_lines(p: &Props) -> Html {
    let measured = match p.growth {
        Some((g, a, b)) => format!(
            "Measured on this run: steepest growth of ln‖u‖∞ {} per step (steps {a}–{b}).",
            signed(g)
        ),
        None => "Measured on this run: too few steps to measure growth.".into(),
    };
    html! {
        <>
        <p id="measured-growth">{measured}</p>
        <p id="run-outcome" class={classes!(p.outcome.is_bad().then_some("bad"))}>{p.outcome.describe()}</p>
        </>
    }
}

#[component]
pub fn TheoryPanel(p: &Props) -> Html {
    let phase = super::shared::Shared(use_mut_ref(PhaseCanvas::default));
    let canvas = phase.0.borrow().canvas.clone();
    let drag = use_mut_ref(Drag::default);
    let ratio = pixel_ratio();
    let o = p.run.optimizer;
    // The level of a stack a user picked for the diagram and the map; another run starts
    // from its own deciding level.
    let picked = use_state(|| None::<usize>);
    {
        let picked = picked.clone();
        use_effect_with(p.run.id, move |_| picked.set(None));
    }
    let level = shown_level(o, &p.run.hyper, *picked);
    let found = decays_at_level(o, &p.run.hyper, level);
    {
        let phase = phase.clone();
        let deps = (o, p.run.hyper.clone(), level, found, color(p.run.id), ratio);
        use_effect_with(deps, move |(o, h, level, found, dot, _)| {
            phase.0.borrow_mut().point = found.map(|at| Point {
                optimizer: *o,
                hyper: h.clone(),
                level: *level,
                at,
                dot,
            });
            phase.repaint();
        });
    }
    let v = verdict(o, &p.run.hyper);
    let class = if v.stable() { "good" } else { "bad" };
    let decays = found.map(|(beta, gamma)| {
        let which = if levels(o, &p.run.hyper) > 1 {
            format!("level {level}: ")
        } else {
            String::new()
        };
        html! { <p>{format!("{which}β = β2 = {beta}, γ = β1 = {gamma}")}</p> }
    });
    let picker = level_picker(levels(o, &p.run.hyper), level, picked.setter());
    let readout = html! {
        <>
            {picker}
            {for decays}
            <p class={classes!("verdict", class)} id="stability">{headline(&v)}</p>
        </>
    };
    html! {
        <section class="panel theory" id="theory">
            <h2>{"Does the update blow up? (Gould & Tanaka)"}</h2>
            <p class="scope">{"About the update u (the step before η multiplies it) once the gradient vanishes, with ε → 0: it depends on the decays only, not on η or the landscape."}</p>
            // The diagram comes before the text that changes length, so it never moves
            // under a dragging pointer; the readout follows it at once, above the keys.
            if found.is_some() {
                {diagram(p, (&canvas, &drag, &phase), ratio, &v, level, readout)}
            } else {
                {readout}
            }
            <p class="note">{format!("Exact recurrence: {}. ", v.reason)}<span class="tag">{"DERIVED"}</span></p>
            {paper_statement(o, &v)}
            {levels_table(&v)}
            {run_lines(p)}
        </section>
    }
}

/// The clickable (β, γ) plane with the regions and the boundaries.
fn diagram(
    p: &Props,
    (canvas, drag, phase): (&NodeRef, &Rc<RefCell<Drag>>, &SharedPhase),
    ratio: f64,
    v: &Verdict,
    level: usize,
    readout: Html,
) -> Html {
    // Sends (β, γ) under the mouse unless it is what was sent last: with the measured map on,
    // the (β, γ) of the cell under it, as the map measured it.
    let send = {
        let (run, dispatch, canvas, drag, phase) = (
            p.run.clone(),
            p.dispatch.clone(),
            canvas.clone(),
            drag.clone(),
            phase.clone(),
        );
        move |e: &MouseEvent| {
            let Some((x, y)) = point(&canvas, e) else {
                return;
            };
            let at = phase
                .cell_at(x, y)
                .map_or_else(|| from_px(x, y), |c| (tidy(c.x), tidy(c.y)));
            let mut d = drag.borrow_mut();
            if d.sent == Some(at) {
                return;
            }
            d.sent = Some(at);
            drop(d);
            for a in set_decays(run.id, level, at.0, at.1) {
                dispatch.emit(Msg::Scene(a));
            }
        }
    };
    // Pointer events: a finger on a tablet drags as a mouse does.
    let onpointerdown = {
        let (canvas, drag, send, phase) =
            (canvas.clone(), drag.clone(), send.clone(), phase.clone());
        Callback::from(move |e: PointerEvent| {
            // A press must land on the plot (a few pixels of slack), not on the labels.
            let Some((x, y)) = point(&canvas, &e) else {
                return;
            };
            if !on_plot(x, y) {
                return;
            }
            e.prevent_default();
            let line = phase.line_mode();
            *drag.borrow_mut() = Drag {
                active: true,
                line_from: line.then_some((x, y)),
                sent: None,
            };
            if line {
                phase.set_line((x, y), (x, y));
            } else {
                send(&e);
            }
        })
    };
    let onpointermove = {
        let (drag, canvas, phase) = (drag.clone(), canvas.clone(), phase.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some((x, y)) = point(&canvas, &e) {
                phase.hover(x, y);
            }
            if !drag.borrow().active {
                return;
            }
            if e.buttons() & 1 == 0 {
                drag.borrow_mut().active = false;
                return;
            }
            let from = drag.borrow().line_from;
            if let (Some(a), Some(b)) = (from, point(&canvas, &e)) {
                phase.set_line(a, b);
                return;
            }
            send(&e);
        })
    };
    let release = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| drag.borrow_mut().active = false)
    };
    // ← → move β and ↑ ↓ move γ along the decay scale, on the sliders' own values.
    let onkeydown = {
        let (run, dispatch) = (p.run.clone(), p.dispatch.clone());
        let at = decays_at_level(run.optimizer, &run.hyper, level);
        Callback::from(move |e: KeyboardEvent| {
            let (Some((dx, dy)), Some((beta, gamma))) = (access::arrow(&e.key()), at) else {
                return;
            };
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            e.prevent_default();
            let big = e.shift_key();
            let beta = access::step_decay(beta, dx, big, TOP);
            let gamma = access::step_decay(gamma, dy, big, TOP);
            for a in set_decays(run.id, level, beta, gamma) {
                dispatch.emit(Msg::Scene(a));
            }
        })
    };
    let side = (SIZE * ratio).round().to_string();
    let o = p.run.optimizer;
    let paper = paper_applies(o);
    let level_note = stack_note(o, &p.run.hyper, level)
        .map(|note| html! { <p class="note" id="level-note">{note}</p> });
    let state = if v.stable() { "does not grow" } else { "grows" };
    html! {
        <figure class="phase-figure">
            <canvas id="phase" ref={canvas.clone()} width={side.clone()} height={side}
                title="Phase diagram of the (β, γ) plane: click to set β and γ of the selected run (drag to sweep)"
                aria-label={format!("Phase diagram of β and γ: at the run's point the update {state}. Left and right arrows change β, up and down change γ (Shift: tenfold in 1 − β or 1 − γ); click to set both.")}
                tabindex="0" role="application" {onkeydown} {onpointerdown} {onpointermove} onpointerup={release.clone()} onpointercancel={release.clone()} onpointerleave={release} />
            {readout}
            <figcaption class="phase-legend">
                <span class="key patch-key"><i class="patch stable"></i>{"does not grow"}</span>
                if paper { <span class="key patch-key"><i class="patch between"></i>{"paper: unstable (C < 0), exact: does not grow"}</span> }
                <span class="key patch-key"><i class="patch unstable"></i>{"grows (exact recurrence, DERIVED)"}</span>
                if paper { <span class="key"><i class="line"></i>{"C = 0 (paper)"}</span> }
                if paper && o != Optimizer::KAdam { <span class="key"><i class="line dashed"></i>{"γ = √β (exact, DERIVED)"}</span> }
                <span class="key"><i class={classes!("dot", color_class(p.run.id))}></i>{"this run"}</span>
            </figcaption>
            <p class="note map-hover" id="map-hover" ref={phase.0.borrow().hover.clone()}></p>
            <StabilityMap base={p.base.clone()} run={p.run.id} dispatch={p.dispatch.clone()} level={level} phase={phase.clone()} open={p.open_map} />
            {for level_note}
        </figure>
    }
}
