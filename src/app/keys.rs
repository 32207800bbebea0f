//! Keyboard: space plays or pauses, → steps, r replays from the start.

use super::playback;
use super::player::Shared;
use wasm_bindgen::prelude::*;
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

#[hook]
pub fn use_keyboard(player: Shared) {
    use_effect_with((), move |_| {
        let doc = web_sys::window().and_then(|w| w.document());
        let handler = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            if typing(&e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            match e.key().as_str() {
                " " => playback::toggle(&player),
                "ArrowRight" => playback::step_once(&player),
                "r" | "R" => playback::reset(&player),
                _ => return,
            }
            e.prevent_default();
        });
        if let Some(doc) = &doc {
            let _ =
                doc.add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
        }
        move || {
            if let Some(doc) = doc {
                let _ = doc.remove_event_listener_with_callback(
                    "keydown",
                    handler.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
