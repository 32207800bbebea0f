//! The scene lives in the address bar (`#s=…`), so a page can be shared or bookmarked.
//! A link that cannot be read, or holds values out of range, is explained and ignored.

use super::later::AfterPaint;
use super::state::Msg;
use crate::scene::Scene;
use yew::prelude::*;

const PREFIX: &str = "#s=";

fn location_hash() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

/// Reads the link once at start, then writes every change back (without adding history).
#[hook]
pub fn use_share_link(scene: &Scene, dispatch: Callback<Msg>) {
    // A link that could not be read stays in the address bar until the user changes something.
    let hold = use_mut_ref(|| false);
    let held = hold.clone();
    use_effect_with((), move |_| {
        if let Some(hash) = location_hash().filter(|h| h.starts_with(PREFIX)) {
            let text = js_sys::decode_uri_component(&hash[PREFIX.len()..])
                .ok()
                .and_then(|s| s.as_string());
            let loaded = match text {
                Some(t) => Scene::from_link(&t),
                None => Err("the link's settings are not valid text".to_string()),
            };
            *held.borrow_mut() = loaded.is_err();
            match loaded {
                Ok((scene, note)) => {
                    dispatch.emit(Msg::Load(Ok(scene)));
                    // The rest of the link loaded; the note says what was replaced, and why.
                    if let Some(note) = note {
                        dispatch.emit(Msg::Load(Err(note)));
                    }
                }
                Err(e) => dispatch.emit(Msg::Load(Err(format!(
                    "{e}; showing the default scene instead"
                )))),
            }
        }
    });
    // Written once the change is on screen: the address bar is not worth a frame.
    let pending = use_mut_ref(|| None::<AfterPaint>);
    use_effect_with(scene.clone(), move |scene| {
        if std::mem::replace(&mut *hold.borrow_mut(), false) {
            return;
        }
        let scene = scene.clone();
        *pending.borrow_mut() = Some(AfterPaint::new(move || write(&scene)));
    });
}

fn write(scene: &Scene) {
    let encoded: String = js_sys::encode_uri_component(&scene.to_json()).into();
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{PREFIX}{encoded}")),
        );
    }
}
