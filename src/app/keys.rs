//! Keyboard: space plays or pauses, → steps, r replays from the start, but only while the
//! focus is on the page itself or the map: a focused control keeps its own keys.

use super::playback;
use super::player::Shared;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// Whether a key pressed with focus on `e`'s target is the player's: the page's body, or an
/// element that opts in with `data-shortcuts` (the map). Boxes, menus, buttons and sliders
/// keep their keys (Space presses a button, → moves a slider).
fn for_shortcuts(e: &KeyboardEvent) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return true;
    };
    matches!(el.tag_name().as_str(), "BODY" | "HTML") || el.has_attribute("data-shortcuts")
}

/// Moves the focus back to the page, off whatever control holds it.
fn blur_focused() {
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = focused {
        let _ = el.blur();
    }
}

/// The listeners are held by the effect: unmounting the app removes it.
#[hook]
pub fn use_keyboard(player: Shared) {
    use_effect_with((), move |_| {
        let doc = web_sys::window().and_then(|w| w.document());
        // Not passive: space must not scroll the page while it plays or pauses.
        let listener = doc.map(|doc| {
            let keys = EventListener::new_with_options(
                &doc,
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    // A handler that used the key (the map's arrows) prevented its default.
                    if !for_shortcuts(e)
                        || e.default_prevented()
                        || e.ctrl_key()
                        || e.meta_key()
                        || e.alt_key()
                    {
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
            );
            // A button pressed with the mouse does not keep the focus, so the next Space plays
            // or pauses instead of pressing it again (a second copy); from the keyboard, Tab
            // still focuses buttons and Space presses them.
            let clicks = EventListener::new_with_options(
                &doc,
                "mousedown",
                EventListenerOptions::enable_prevent_default(),
                |e| {
                    let button = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|el| el.closest("button").ok().flatten());
                    if button.is_some() {
                        e.prevent_default();
                        blur_focused();
                    }
                },
            );
            (keys, clicks)
        });
        move || drop(listener)
    });
}
