//! Timings the benchmark script reads from the page (`optiscape_perf()` in JS): how long each
//! animation frame, recompute and landscape paint took. Never asserted in tests.

use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

const KEEP: usize = 5000;

thread_local! {
    static TIMES: RefCell<BTreeMap<&'static str, Vec<f64>>> = RefCell::new(BTreeMap::new());
}

pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Runs f and records its duration in milliseconds under `kind`.
pub fn time<T>(kind: &'static str, f: impl FnOnce() -> T) -> T {
    let t0 = now();
    let out = f();
    let ms = now() - t0;
    TIMES.with(|t| {
        let mut t = t.borrow_mut();
        let v = t.entry(kind).or_default();
        if v.len() >= KEEP {
            v.remove(0);
        }
        v.push(ms);
    });
    out
}

/// Every recorded duration as JSON: {"frame": [ms, …], "recompute": […], "paint": […]}.
#[wasm_bindgen(js_name = optiscape_perf)]
pub fn perf_json() -> String {
    TIMES.with(|t| serde_json::to_string(&*t.borrow()).unwrap_or_default())
}

/// Forgets what was recorded (before a measured interval).
#[wasm_bindgen(js_name = optiscape_perf_reset)]
pub fn perf_reset() {
    TIMES.with(|t| t.borrow_mut().clear());
}

/// Heatmap and contours of the current landscape for a `size`×`size` view, on a canvas of that
/// size that is not in the page: the landscape paint without the page around it.
#[wasm_bindgen(js_name = optiscape_bench_paint)]
pub fn bench_paint(landscape: &str, size: u32) -> Result<f64, JsValue> {
    use crate::landscape::Landscape;
    use crate::render::{heatmap, Viewport};
    use wasm_bindgen::JsCast;
    let l =
        Landscape::from_name(landscape).ok_or_else(|| JsValue::from_str("unknown landscape"))?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas")?.dyn_into()?;
    canvas.set_width(size);
    canvas.set_height(size);
    let ctx = super::draw::context(&canvas).ok_or("no 2D context")?;
    let vp = Viewport {
        view: l.info().view,
        width: size,
        height: size,
    };
    let t0 = now();
    super::draw::landscape(&ctx, &heatmap::picture(&l, &vp, true))?;
    Ok(now() - t0)
}
