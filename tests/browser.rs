#![cfg(target_arch = "wasm32")]
//! In-browser tests: the app mounts in a real page and draws.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

#[wasm_bindgen_test]
async fn the_landscape_canvas_is_drawn_with_many_colours() {
    mount_fresh();
    settle(300).await;
    let map = by_id("landscape");
    assert_eq!(map.get_attribute("data-drawn").as_deref(), Some("true"));
    let px = pixels(&canvas("landscape"));
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
    let px = pixels(&canvas("trajectory"));
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

#[wasm_bindgen_test]
async fn the_legend_lists_four_runs_and_a_swatch_hides_one() {
    mount_fresh();
    settle(300).await;
    let entries = document().query_selector_all(".legend li.entry").unwrap();
    assert_eq!(entries.length(), 4);
    let first: web_sys::Element = entries.get(0).unwrap().dyn_into().unwrap();
    let swatch: web_sys::HtmlElement = first
        .query_selector("button.swatch")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    swatch.click();
    settle(100).await;
    let first = document()
        .query_selector(".legend li.entry")
        .unwrap()
        .unwrap();
    assert!(first
        .get_attribute("class")
        .unwrap_or_default()
        .split_whitespace()
        .any(|c| c == "hidden"));
}

#[wasm_bindgen_test]
async fn pushing_gamma_past_the_boundary_turns_the_readout_unstable() {
    mount_fresh();
    settle(300).await;
    assert_text("stability", "stable: ");
    // Slider position 500 is γ = 1 − 10⁻² = 0.99, past 2β/(1+β) for β = 0.95.
    set_value(
        &document()
            .query_selector("[data-control='ctl-beta2']")
            .unwrap()
            .unwrap(),
        "0.95",
        "change",
    );
    settle(100).await;
    set_value(&by_id("ctl-beta1"), "500", "input");
    settle(100).await;
    assert_text("stability", "unstable");
}

#[wasm_bindgen_test]
async fn a_typed_value_that_is_not_a_number_is_explained_and_nothing_is_lost() {
    mount_fresh();
    settle(300).await;
    let lr = document()
        .query_selector("[data-control='ctl-lr']")
        .unwrap()
        .unwrap();
    set_value(&lr, "abc", "change");
    settle(100).await;
    assert_text("message", "'abc' is not a number");
    set_value(&lr, "-1", "change");
    settle(100).await;
    assert_text(
        "message",
        "η: learning rate (PyTorch lr) must be in [0, 100]",
    );
    let lr: web_sys::HtmlInputElement = document()
        .query_selector("[data-control='ctl-lr']")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(lr.value(), "0.05", "the run keeps its learning rate");
    // The refused field is marked until a value is accepted.
    assert_eq!(lr.get_attribute("aria-invalid").as_deref(), Some("true"));
    set_value(&lr, "0.02", "change");
    settle(100).await;
    assert_eq!(lr.get_attribute("aria-invalid").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn a_tampered_share_link_is_explained_and_the_default_scene_drawn() {
    mount_with_hash("#s=%7B%22landscape%22%3A%7B%22name%22%3A%22moon%22%7D%7D");
    settle(300).await;
    assert_text("message", "could not be read");
    assert_eq!(
        by_id("landscape").get_attribute("data-drawn").as_deref(),
        Some("true")
    );
    assert_eq!(
        document()
            .query_selector_all(".legend li.entry")
            .unwrap()
            .length(),
        4
    );
    // The link stays as it was, for the user to see or fix, until they change something.
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    assert!(hash.contains("moon"), "{hash}");
}

#[wasm_bindgen_test]
async fn a_lesson_replaces_the_scene() {
    mount_fresh();
    settle(300).await;
    set_value(&by_id("preset"), "stability", "change");
    settle(300).await;
    assert_eq!(
        document()
            .query_selector_all(".legend li.entry")
            .unwrap()
            .length(),
        2
    );
    assert_text("stability", "unstable");
    assert_text("lesson", "ln(γ/√β) per step");
    // The unstable Adam's ‖u‖∞ grows near ln(γ/√β) = +0.0426 per step.
    let measured = text("measured-growth");
    let slope: f64 = measured
        .split_whitespace()
        .find_map(|w| w.parse().ok())
        .unwrap_or(f64::NAN);
    assert!((slope - 0.0426).abs() < 0.006, "{measured}");
}

#[wasm_bindgen_test]
async fn a_typed_degrees_of_freedom_that_is_not_whole_is_refused_not_truncated() {
    mount_fresh();
    settle(300).await;
    set_value(&by_id("ctl-noise"), "student-t", "change");
    settle(200).await;
    let dof = || {
        document()
            .query_selector("[data-control='ctl-dof']")
            .unwrap()
            .expect("no ν box")
    };
    let before: web_sys::HtmlInputElement = dof().dyn_into().unwrap();
    let before = before.value();
    for typed in ["2.7", "1e20"] {
        set_value(&dof(), typed, "change");
        settle(100).await;
        assert_text("message", &format!("'{typed}' is not a whole number"));
        let now: web_sys::HtmlInputElement = dof().dyn_into().unwrap();
        assert_eq!(now.value(), before, "ν stays as it was");
    }
}
