#![cfg(target_arch = "wasm32")]
//! In-browser tests of the charts under the landscape: they are drawn, and the step cursor
//! moves on its overlay while the app plays.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Yew renders asynchronously: give it time.
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

/// The canvases of one class inside `.charts`, in page order.
fn canvases(class: &str) -> Vec<HtmlCanvasElement> {
    (1..)
        .map_while(|i| {
            document()
                .query_selector(&format!(".charts figure:nth-of-type({i}) canvas.{class}"))
                .unwrap()
        })
        .map(|e| e.dyn_into().unwrap())
        .collect()
}

fn pixels(canvas: &HtmlCanvasElement) -> Vec<u8> {
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
async fn every_chart_is_drawn() {
    mount_fresh();
    settle(500).await;
    assert!(
        document()
            .query_selector("section.charts")
            .unwrap()
            .is_some(),
        "no section.charts"
    );
    let plots = canvases("chart-plot");
    assert!(plots.len() >= 4, "only {} chart canvases", plots.len());
    for (i, canvas) in plots.iter().enumerate() {
        let px = pixels(canvas);
        let colours: std::collections::HashSet<&[u8]> = px.chunks_exact(4).collect();
        assert!(
            colours.len() > 1,
            "chart {i} is blank ({} colour)",
            colours.len()
        );
    }
    assert_eq!(
        canvases("chart-cursor").len(),
        plots.len(),
        "every chart needs a cursor overlay"
    );
}

#[wasm_bindgen_test]
async fn the_step_cursor_is_drawn_while_the_app_plays() {
    mount_fresh();
    settle(500).await;
    settle(1500).await;
    let painted: Vec<usize> = canvases("chart-cursor")
        .iter()
        .map(|c| pixels(c).chunks_exact(4).filter(|p| p[3] > 0).count())
        .collect();
    assert!(
        painted.iter().any(|&n| n > 0),
        "no cursor drawn on any overlay after 2 s of play: {painted:?}"
    );
}
