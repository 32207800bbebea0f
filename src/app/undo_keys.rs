//! Ctrl/Cmd+Z undoes and Ctrl/Cmd+Shift+Z or Ctrl+Y redoes, through browser history (so they
//! do what Back and Forward do), except in a text box, where the browser's own undo edits it.

use super::link;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// A box that takes typed text keeps its own undo.
fn in_text(e: &KeyboardEvent) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    if el.is_content_editable() {
        return true;
    }
    match el.tag_name().as_str() {
        "TEXTAREA" => true,
        "INPUT" => !matches!(
            el.get_attribute("type").as_deref(),
            Some("range" | "checkbox" | "radio" | "button" | "submit" | "color")
        ),
        _ => false,
    }
}

#[hook]
pub fn use_undo_keys(depth: link::Depth) {
    use_effect_with((), move |_| {
        let doc = web_sys::window().and_then(|w| w.document());
        let listener = doc.map(|doc| {
            EventListener::new_with_options(
                &doc,
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if !(e.ctrl_key() || e.meta_key()) || e.alt_key() || in_text(e) {
                        return;
                    }
                    match (e.key().to_lowercase().as_str(), e.shift_key()) {
                        ("z", false) => link::undo(&depth),
                        ("z", true) | ("y", false) => link::redo(),
                        _ => return,
                    }
                    e.prevent_default();
                },
            )
        });
        move || drop(listener)
    });
}
