//! Play, pause, single step, replay, speed and the timeline. The timeline and the step label
//! are updated by the player each frame, not by re-rendering this component.

use super::events::on_choice;
use super::player::{self, Shared};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub player: Shared,
    pub playing: bool,
    /// Steps per frame, kept in the app state so that links carry it.
    pub speed: usize,
    pub on_speed: Callback<usize>,
}

pub use crate::share::SPEEDS;

/// Space toggles, → steps, r replays: the same actions the buttons take.
pub fn toggle(p: &Shared) {
    let playing = p.borrow().playing;
    if playing {
        p.borrow_mut().set_playing(false);
    } else {
        player::play(p);
    }
}

pub fn step_once(p: &Shared) {
    let mut pl = p.borrow_mut();
    pl.set_playing(false);
    pl.step = (pl.step + 1).min(pl.last_step());
    pl.draw();
}

pub fn reset(p: &Shared) {
    p.borrow_mut().step = 0;
    player::play(p);
}

#[component]
pub fn Playback(props: &Props) -> Html {
    let p = props.player.clone();
    let (timeline, label) = {
        let pl = p.borrow();
        (pl.timeline.clone(), pl.step_label.clone())
    };
    let on = |f: fn(&Shared)| {
        let p = p.clone();
        Callback::from(move |_: MouseEvent| f(&p))
    };
    let scrub = {
        let p = p.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut pl = p.borrow_mut();
            pl.set_playing(false);
            pl.step = input.value().parse().unwrap_or(0);
            pl.draw();
        })
    };
    let speed = {
        let on_speed = props.on_speed.clone();
        on_choice(move |v| {
            if let Ok(n) = v.parse() {
                on_speed.emit(n);
            }
        })
    };
    let current = props.speed;
    html! {
        <div class="playback">
            <button id="play" onclick={on(toggle)} title="Play or pause (space)">
                {if props.playing { "❚❚ Pause" } else { "▶ Play" }}
            </button>
            <button id="step" onclick={on(step_once)} title="One step (→)">{"Step ›"}</button>
            <button id="reset" onclick={on(reset)} title="Replay from the start (r)">{"↻ Replay"}</button>
            <label class="speed">{"steps/frame "}
                <select id="speed" onchange={speed}>
                    {for SPEEDS.iter().map(|s| html! { <option value={s.to_string()} selected={*s == current}>{s}</option> })}
                </select>
            </label>
            <input id="timeline" type="range" min="0" ref={timeline} oninput={scrub} aria-label="Timeline" />
            <span id="step-label" ref={label} class="muted" />
        </div>
    }
}
