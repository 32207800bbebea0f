#![cfg(target_arch = "wasm32")]
//! In-browser tests of the phase diagram in the stability panel: it shades both regions, and
//! a click on it sets the selected run's β and γ.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{HtmlCanvasElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

fn phase() -> HtmlCanvasElement {
    by_id("phase").dyn_into().expect("#phase is not a canvas")
}

fn gamma_box() -> String {
    document()
        .query_selector("[data-control='ctl-beta1']")
        .unwrap()
        .expect("no γ box")
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .value()
}

/// The stable region's blue (not green: it must differ from the red without hue alone).
fn bluish(c: &[u8]) -> bool {
    c[3] == 255 && c[2] as i32 > c[0] as i32 + 40 && c[2] as i32 > c[1] as i32 + 20
}

fn reddish(c: &[u8]) -> bool {
    c[3] == 255 && c[0] as i32 > c[1] as i32 + 30 && c[0] as i32 > c[2] as i32 + 30
}

/// The pixel of `canvas` under the page point (x, y).
fn pixel_at(canvas: &HtmlCanvasElement, x: f64, y: f64) -> [u8; 4] {
    let rect = canvas.get_bounding_client_rect();
    let i = ((x - rect.left()) * canvas.width() as f64 / rect.width()) as usize;
    let j = ((y - rect.top()) * canvas.height() as f64 / rect.height()) as usize;
    let px = pixels(canvas);
    let k = (j * canvas.width() as usize + i) * 4;
    [px[k], px[k + 1], px[k + 2], px[k + 3]]
}

/// A point in the unstable corner (small β, γ near 1): a fraction of the canvas's box.
fn unstable_point(canvas: &HtmlCanvasElement) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    (
        rect.left() + 0.3 * rect.width(),
        rect.top() + 0.25 * rect.height(),
    )
}

/// Fires a pointer event as a press of the primary button (of a mouse) at the page point
/// (x, y) would.
fn pointer(target: &web_sys::Element, kind: &str, x: f64, y: f64) {
    let init = js_sys::Object::new();
    for (k, v) in [
        ("bubbles", JsValue::TRUE),
        ("cancelable", JsValue::TRUE),
        ("clientX", x.into()),
        ("clientY", y.into()),
        ("button", 0.into()),
        ("buttons", if kind == "pointerup" { 0 } else { 1 }.into()),
        ("pointerId", 1.into()),
        ("pointerType", "mouse".into()),
        ("isPrimary", JsValue::TRUE),
    ] {
        js_sys::Reflect::set(&init, &k.into(), &v).unwrap();
    }
    let ctor: js_sys::Function =
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"PointerEvent".into())
            .unwrap()
            .dyn_into()
            .unwrap();
    let event = js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&kind.into(), &init))
        .unwrap()
        .unchecked_into::<web_sys::Event>();
    target.dispatch_event(&event).unwrap();
}

fn click(canvas: &HtmlCanvasElement, x: f64, y: f64) {
    pointer(canvas, "pointerdown", x, y);
    pointer(canvas, "pointerup", x, y);
}

#[wasm_bindgen_test]
async fn the_phase_diagram_shades_a_stable_and_an_unstable_region() {
    mount_fresh();
    settle(300).await;
    let canvas = phase();
    assert!(canvas
        .get_attribute("title")
        .unwrap_or_default()
        .contains("click to set β and γ"));
    let px = pixels(&canvas);
    let blue = px.chunks_exact(4).filter(|c| bluish(c)).count();
    let red = px.chunks_exact(4).filter(|c| reddish(c)).count();
    let all = px.len() / 4;
    assert!(
        blue > all / 8 && red > all / 8,
        "{blue} bluish and {red} reddish of {all} pixels"
    );
}

#[wasm_bindgen_test]
async fn a_click_in_the_unstable_region_sets_beta_and_gamma() {
    mount_fresh();
    settle(300).await;
    assert_text("stability", "stable: ");
    let before = gamma_box();
    let canvas = phase();
    let (x, y) = unstable_point(&canvas);
    let under = pixel_at(&canvas, x, y);
    assert!(
        reddish(&under),
        "the test point is not in the red region: {under:?}"
    );
    click(&canvas, x, y);
    settle(200).await;
    assert_text("stability", "unstable");
    let after = gamma_box();
    assert_ne!(after, before, "the γ box did not change");
    let gamma: f64 = after.parse().unwrap();
    assert!(gamma > 0.99 && gamma < 1.0, "γ = {gamma}");
    // The diagram redrew with the run's dot (Adam's orange) under the click.
    let dot = pixel_at(&phase(), x, y);
    assert!(
        dot[0] > 200 && dot[1] > 100 && dot[1] < 190 && dot[2] < 90,
        "no orange dot under the click: {dot:?}"
    );
}

#[wasm_bindgen_test]
async fn on_two_level_kadam_a_click_sets_the_last_level_only() {
    mount_fresh();
    settle(300).await;
    let name: web_sys::HtmlElement = document()
        .query_selector(".legend li.entry[data-run='4'] button.name")
        .unwrap()
        .expect("no k-Adam entry")
        .dyn_into()
        .unwrap();
    name.click();
    settle(200).await;
    assert_text("stability", "stable: ");
    let canvas = phase();
    let (x, y) = unstable_point(&canvas);
    click(&canvas, x, y);
    settle(200).await;
    assert_text("stability", "unstable");
    assert_eq!(gamma_box(), "0.9", "level 1's γ must stay");
}

/// The map's cells in the browser, where Adam's cells run four at a time on wasm's SIMD
/// (`sweep/lockstep.rs`), are bit for bit what a full simulation of each cell gives: the
/// final loss, ‖u‖∞, the growth and the step of divergence, on Rosenbrock, the plateau and the
/// corner (projected), with and without weight decay, over η and γ.
#[wasm_bindgen_test]
fn sweep_cells_in_wasm_simd_are_those_of_full_simulations() {
    use optiscape::landscape::Landscape;
    use optiscape::optim::{spec::Key, Optimizer};
    use optiscape::sim::{RunConfig, Simulation};
    use optiscape::sweep::{evaluate, growth_rate, Axis, Grid, Sweep};
    let mut diverged = 0;
    for (o, landscape, wd) in [
        (Optimizer::Adam, Landscape::Rosenbrock, 0.0),
        (Optimizer::Adam, Landscape::Plateau, 0.1),
        (Optimizer::AdamW, Landscape::Corner, 0.01),
        (Optimizer::AdamW, Landscape::Rosenbrock, 0.3),
    ] {
        let mut base = RunConfig::new(o, landscape.clone(), 200);
        base.hyper.weight_decay = wd;
        let s = Sweep::new(
            base,
            Grid {
                x: Axis::new(Key::Lr, 1e-3, 1e2, 7),
                y: Axis::new(Key::Beta1, 0.0, 0.999, 3),
            },
        );
        let cells: Vec<usize> = (0..s.cells()).collect();
        for c in evaluate(&s, &cells) {
            let cfg = s.config(c.index);
            let mut sim = Simulation::new(&cfg);
            let mut norms = Vec::new();
            while let Some(r) = sim.step() {
                norms.push(r.update_norm());
                if norms.len() == cfg.steps {
                    break;
                }
            }
            let want = (
                sim.current().map(|r| r.loss.to_bits()),
                sim.diverged.map(|d| d.step),
                norms.last().copied().unwrap_or(0.0).to_bits(),
                growth_rate(&norms).map(f64::to_bits),
            );
            let got = (
                c.final_loss.map(f64::to_bits),
                c.diverged,
                c.final_update.to_bits(),
                c.growth.map(f64::to_bits),
            );
            assert_eq!(
                got,
                want,
                "{} on {}, cell {}",
                o.name(),
                landscape.name(),
                c.index
            );
            diverged += c.diverged.is_some() as usize;
        }
    }
    assert!(diverged > 5, "{diverged} diverged");
}
