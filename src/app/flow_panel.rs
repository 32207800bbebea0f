//! The papers' flows beside the selected run: a switch for each, and how far each stays from
//! the run, or why it is not drawn.

use super::state::{color_class, Msg};
use crate::scene::{Action, RunSpec};
use crate::theory::overlay::{notation, readout, FlowKind, FlowResult};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: RunSpec,
    /// The flows the run shows, as computed.
    pub flows: Vec<(FlowKind, Rc<FlowResult>)>,
    /// The scene adds gradient noise: the flows follow the clean gradient.
    pub noisy: bool,
    pub dispatch: Callback<Msg>,
}

#[component]
pub fn FlowPanel(p: &Props) -> Html {
    let row = |kind: FlowKind| {
        let on = kind.is_on(&p.run.overlays);
        let toggle = {
            let (run, d) = (p.run.clone(), p.dispatch.clone());
            Callback::from(move |_: Event| {
                let mut overlays = run.overlays;
                kind.set(&mut overlays, !on);
                d.emit(Msg::Scene(Action::SetOverlays {
                    run: run.id,
                    overlays,
                }));
            })
        };
        let result = p.flows.iter().find(|(k, _)| *k == kind).map(|(_, r)| r);
        let text = result.map(|r| readout(r));
        let bad = result.is_some_and(|r| r.is_err());
        html! {
            <li class="flow" id={format!("flow-{}", kind.id())}>
                <label class="flag">
                    <input type="checkbox" id={format!("flow-{}-on", kind.id())} checked={on} onchange={toggle} />
                    <span class={classes!("dash-key", color_class(p.run.id))}>{kind.key()}</span>
                    <span class="flow-title">{kind.title()}{" "}
                        if !kind.tag().is_empty() { <span class="tag">{kind.tag()}</span> }
                    </span>
                </label>
                if let Some(t) = text {
                    <p class={classes!("note", "flow-readout", bad.then_some("warn"))}
                        id={format!("flow-{}-readout", kind.id())}>{t}</p>
                }
            </li>
        }
    };
    html! {
        <section class="panel flows" id="flows">
            <h2>{"The papers' flows beside this run"}</h2>
            <p class="note">{"Drawn on the map in the run's colour, one dash pattern per flow, sampled at the run's steps (t = nη); distances compare the flow and the run at the same step, in units of η."}</p>
            if let Some(n) = notation(p.run.optimizer, &p.run.hyper) {
                <p class="note" id="flow-notation">{n}</p>
            }
            if p.noisy {
                <p class="note warn">{"The run is noisy: the flows follow the noise-free gradient."}</p>
            }
            <ul class="flow-list">{for FlowKind::ALL.into_iter().map(row)}</ul>
        </section>
    }
}
