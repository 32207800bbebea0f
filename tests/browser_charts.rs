#![cfg(target_arch = "wasm32")]
//! In-browser tests of the charts under the landscape: they are drawn, and the step cursor
//! moves on its overlay while the app plays.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlCanvasElement;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

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
