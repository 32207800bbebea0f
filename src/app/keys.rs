//! Keyboard: space plays or pauses, → steps, r replays from the start.

use super::playback;
use super::player::Shared;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// Keys typed into a box or a menu belong to it, not to the player.
fn typing(e: &KeyboardEvent) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    match el.tag_name().as_str() {
        "SELECT" | "TEXTAREA" | "BUTTON" => true,
        "INPUT" => el.get_attribute("type").as_deref() != Some("range"),
        _ => false,
    }
}

/// The listener is held by the effect: unmounting the app removes it.
#[hook]
pub fn use_keyboard(player: Shared) {
    use_effect_with((), move |_| {
        let doc = web_sys::window().and_then(|w| w.document());
        // Not passive: space must not scroll the page while it plays or pauses.
        let listener = doc.map(|doc| {
            EventListener::new_with_options(
                &doc,
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if typing(e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    match e.key().as_str() {
                        " " => playback::toggle(&player),
                        "ArrowRight" => playback::step_once(&player),
                        "r" | "R" => playback::reset(&player),
                        _ => return,
                    }
                    e.prevent_default();
                },
            )
        });
        move || drop(listener)
    });
}
