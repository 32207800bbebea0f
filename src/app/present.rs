//! Presentation mode: the map, the phase diagram and the lesson large, the controls hidden.
//! Its button asks for full screen where the browser allows it (a refusal changes nothing
//! else); Esc, leaving full screen, or the visible button ends it.

use super::state::Msg;
use gloo::events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub present: bool,
    pub dispatch: Callback<Msg>,
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Calls a method by name that may be missing or may reject, and ignores either.
fn call_quietly(target: &JsValue, method: &str) {
    let Ok(f) = js_sys::Reflect::get(target, &JsValue::from_str(method)) else {
        return;
    };
    let Some(f) = f.dyn_ref::<js_sys::Function>() else {
        return;
    };
    if let Ok(result) = f.call0(target) {
        // A refusal rejects the promise: caught here, so it is not reported as an error.
        let catch = js_sys::Reflect::get(&result, &JsValue::from_str("catch")).ok();
        if let Some(catch) = catch.as_ref().and_then(|c| c.dyn_ref::<js_sys::Function>()) {
            let _ = catch.call1(&result, &Closure::once_into_js(|_: JsValue| {}));
        }
    }
}

fn fullscreen() -> bool {
    document()
        .and_then(|d| js_sys::Reflect::get(&d, &JsValue::from_str("fullscreenElement")).ok())
        .is_some_and(|e| !e.is_null() && !e.is_undefined())
}

fn enter_fullscreen() {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        call_quietly(&root, "requestFullscreen");
    }
}

fn exit_fullscreen() {
    if fullscreen() {
        if let Some(d) = document() {
            call_quietly(&d, "exitFullscreen");
        }
    }
}

#[component]
pub fn PresentButton(p: &Props) -> Html {
    {
        let (present, dispatch) = (p.present, p.dispatch.clone());
        use_effect_with(present, move |&present| {
            let listeners = present.then(|| {
                let doc = document()?;
                let d = dispatch.clone();
                let esc = EventListener::new(&doc, "keydown", move |e| {
                    let key = e.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key());
                    if key.as_deref() == Some("Escape") {
                        d.emit(Msg::Present(false));
                    }
                });
                // Esc in full screen is the browser's: it leaves full screen, and so do we.
                let d = dispatch.clone();
                let left = EventListener::new(&doc, "fullscreenchange", move |_| {
                    if !fullscreen() {
                        d.emit(Msg::Present(false));
                    }
                });
                Some((esc, left))
            });
            move || drop(listeners)
        });
    }
    let onclick = {
        let (present, dispatch) = (p.present, p.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            if present {
                exit_fullscreen();
            } else {
                enter_fullscreen();
            }
            dispatch.emit(Msg::Present(!present));
        })
    };
    if p.present {
        html! { <button id="present" class="present-leave" {onclick} title="Leave presentation (Esc)">{"✕ Leave presentation"}</button> }
    } else {
        html! { <button id="present" {onclick} title="Large type, controls hidden, full screen where allowed">{"Present"}</button> }
    }
}
