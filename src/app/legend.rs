//! One entry per run: its colour, name and settings; click the swatch to hide or show it,
//! the name to select it; duplicate and remove buttons.

use super::events::on_command;
use super::state::{color_class, Msg};
use crate::optim::spec::Key;
use crate::optim::Optimizer;
use crate::render::access;
use crate::scene::{Action, RunSpec, MAX_RUNS};
use crate::sim::{Runs, Trajectory};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub runs: Vec<RunSpec>,
    pub trajectories: Runs,
    pub selected: u32,
    pub dispatch: Callback<Msg>,
}

/// Short name of a run: "2-Adam", "ADOPT", …
pub fn run_name(r: &RunSpec) -> String {
    match r.optimizer {
        Optimizer::KAdam => format!("{}-Adam", r.hyper.k),
        o => display_name(o).to_string(),
    }
}

pub fn display_name(o: Optimizer) -> &'static str {
    o.rule().title
}

/// The settings that matter most: each decay under the symbol its rule gives it, with
/// PyTorch's β1/β2 beside it only where the rule's decay is that one.
fn summary(r: &RunSpec) -> String {
    let mut s = format!("η={}", crate::format::typed(r.hyper.lr));
    for (key, v, torch) in [
        (Key::Beta1, r.hyper.beta1, "β1"),
        (Key::Beta2, r.hyper.beta2, "β2"),
    ] {
        if let Some(l) = r.optimizer.param_label(key) {
            let alias = if l.symbol != torch && l.name.contains(&format!("{torch})")) {
                format!("={torch}")
            } else {
                String::new()
            };
            s += &format!(" {}{alias}={}", l.symbol, crate::format::typed(v));
        }
    }
    s
}

/// ‖u‖∞ at the last step, where Adam's blow-up shows first.
fn final_update(t: &Trajectory) -> String {
    let u = t.records.last().map_or(0.0, |r| r.update_norm());
    format!("‖u‖∞ {}", crate::format::sci(u))
}

/// The run's line as the map and charts draw it: its dash pattern and end marker, in its
/// colour (the class sets it), so runs differ by more than colour.
fn pattern(id: u32) -> Html {
    let dash = access::dash_svg(id);
    let shape = access::marker(id).svg_path(14.0);
    html! {
        <svg class={classes!("pattern", color_class(id))} width="44" height="14" viewBox="0 0 44 14" aria-hidden="true">
            <line x1="1" y1="7" x2="30" y2="7" stroke="currentColor" stroke-width="2.5" stroke-dasharray={dash} />
            <path d={shape} transform="translate(29 0)" fill="currentColor" stroke="#000" stroke-width="1" />
        </svg>
    }
}

#[component]
pub fn Legend(props: &Props) -> Html {
    let full = props.runs.len() >= MAX_RUNS;
    let items = props.runs.iter().zip(props.trajectories.iter()).map(|(r, t)| {
        let id = r.id;
        let send = |a: Action| {
            let d = props.dispatch.clone();
            Callback::from(move |_: MouseEvent| d.emit(Msg::Scene(a.clone())))
        };
        let status = match t.diverged {
            Some(d) => html! { <span class="badge bad">{d.headline()}</span> },
            None => html! { <span class="unorm muted" title="max update ‖u‖∞ at the last step">{final_update(t)}</span> },
        };
        let name = run_name(r);
        let class = classes!("entry", (id == props.selected).then_some("selected"), (!r.visible).then_some("hidden"));
        html! {
            <li {class} data-run={id.to_string()}>
                <button class={classes!("swatch", color_class(id))}
                    title={if r.visible { "Hide this run" } else { "Show this run" }}
                    aria-label={format!("Show {name}")}
                    aria-pressed={r.visible.to_string()} onclick={send(Action::ToggleVisible(id))} />
                <button class="name" onclick={send(Action::Select(id))} title="Select to edit its settings"
                    aria-pressed={(id == props.selected).to_string()}>
                    {pattern(id)}
                    <strong>{name.clone()}</strong>
                    <span class="muted">{summary(r)}</span>
                </button>
                {status}
                <button class="icon" title="Duplicate: compare this optimizer under two settings" disabled={full}
                    aria-label={format!("Copy {name}")} onclick={send(Action::Duplicate(id))}>{"copy"}</button>
                <button class="icon" title="Remove this run" disabled={props.runs.len() == 1} aria-label={format!("Remove {name}")}
                    onclick={send(Action::Remove(id))}>{"✕"}</button>
            </li>
        }
    });
    let add = {
        let d = props.dispatch.clone();
        on_command(move |v| {
            if let Some(o) = Optimizer::from_name(&v) {
                d.emit(Msg::Scene(Action::Add(o)));
            }
        })
    };
    html! {
        <section class="panel legend">
            <ul>{for items}</ul>
            <select class="add" onchange={add} disabled={full} aria-label="Add a run">
                <option value="" selected=true>{if full { "8 runs at most" } else { "+ Add a run…" }}</option>
                {for Optimizer::ALL.iter().map(|o| html! { <option value={o.name()}>{display_name(*o)}</option> })}
            </select>
        </section>
    }
}
