#![cfg(target_arch = "wasm32")]
//! In-browser tests: the app mounts in a real page and draws.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Yew renders asynchronously: give it a few frames.
async fn settle(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn mount_fresh() {
    let doc = document();
    if let Some(old) = doc.get_element_by_id("app") {
        old.remove();
    }
    let host = doc.create_element("main").unwrap();
    host.set_id("app");
    doc.body().unwrap().append_child(&host).unwrap();
    optiscape::app::mount();
}

fn pixels(id: &str) -> Vec<u8> {
    let canvas: HtmlCanvasElement = document()
        .get_element_by_id(id)
        .unwrap()
        .dyn_into()
        .unwrap();
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

#[wasm_bindgen_test]
async fn the_landscape_canvas_is_drawn_with_many_colours() {
    mount_fresh();
    settle(300).await;
    let canvas = document()
        .get_element_by_id("landscape")
        .expect("no #landscape canvas");
    assert_eq!(canvas.get_attribute("data-drawn").as_deref(), Some("true"));
    let px = pixels("landscape");
    let colours: std::collections::HashSet<&[u8]> = px.chunks_exact(4).collect();
    assert!(
        colours.len() > 50,
        "only {} colours on the landscape canvas",
        colours.len()
    );
    assert!(
        px.chunks_exact(4).all(|c| c[3] == 255),
        "the heatmap must cover the canvas"
    );
}

#[wasm_bindgen_test]
async fn the_trajectory_layer_has_a_path() {
    mount_fresh();
    settle(300).await;
    let px = pixels("trajectory");
    let painted = px.chunks_exact(4).filter(|c| c[3] > 0).count();
    assert!(
        painted > 200,
        "only {painted} painted pixels on the trajectory layer"
    );
}

#[wasm_bindgen_test]
fn a_fatal_error_is_shown_in_the_page() {
    optiscape::app::show_fatal_error("test message: something broke");
    let el = document()
        .get_element_by_id("fatal-error")
        .expect("no #fatal-error banner");
    assert_eq!(
        el.text_content().as_deref(),
        Some("test message: something broke")
    );
    assert!(!el.dyn_into::<web_sys::HtmlElement>().unwrap().hidden());
}
