//! What the in-browser tests share: mounting a fresh app, waiting for Yew, reading the page.
#![allow(dead_code)] // each test file uses its own subset

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Yew renders asynchronously: give it a few frames.
pub async fn settle(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Mounts a new app on the default scene (no share link left by an earlier test).
pub fn mount_fresh() {
    mount_with_hash("");
}

/// Mounts a new app with `hash` as the address's fragment (a share link, or none).
pub fn mount_with_hash(hash: &str) {
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{hash}")),
        )
        .unwrap();
    let doc = document();
    if let Some(old) = doc.get_element_by_id("app") {
        old.remove();
    }
    let host = doc.create_element("main").unwrap();
    host.set_id("app");
    doc.body().unwrap().append_child(&host).unwrap();
    optiscape::app::mount();
}

pub fn by_id(id: &str) -> web_sys::Element {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no #{id}"))
}

pub fn text(id: &str) -> String {
    by_id(id).text_content().unwrap_or_default()
}

/// The text of #id contains `needle` (the message shows the whole text).
pub fn assert_text(id: &str, needle: &str) {
    let t = text(id);
    assert!(t.contains(needle), "#{id} reads {t:?}, without {needle:?}");
}

pub fn canvas(id: &str) -> HtmlCanvasElement {
    by_id(id)
        .dyn_into()
        .unwrap_or_else(|_| panic!("#{id} is not a canvas"))
}

/// RGBA bytes of the whole canvas.
pub fn pixels(canvas: &HtmlCanvasElement) -> Vec<u8> {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    ctx.get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64)
        .unwrap()
        .data()
        .0
}

/// Sets a form control's value and fires the event a user's edit would.
pub fn set_value(el: &web_sys::Element, value: &str, event: &str) {
    js_sys::Reflect::set(el, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict(event, &init).unwrap())
        .unwrap();
}
