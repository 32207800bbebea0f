//! Timings the benchmark script reads from the page (`optiscape_perf()` in JS): how long each
//! animation frame, recompute and landscape paint took. Never asserted in tests.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use wasm_bindgen::prelude::*;

const KEEP: usize = 5000;

/// The last `KEEP` durations of each kind, in milliseconds.
#[derive(Default)]
pub struct Timings(BTreeMap<&'static str, VecDeque<f64>>);

impl Timings {
    pub fn record(&mut self, kind: &'static str, ms: f64) {
        let v = self.0.entry(kind).or_default();
        if v.len() >= KEEP {
            v.pop_front();
        }
        v.push_back(ms);
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }
}

thread_local! {
    // Global because the page's exports below are plain functions JS calls without a handle.
    static TIMINGS: RefCell<Timings> = RefCell::new(Timings::default());
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
    TIMINGS.with(|t| t.borrow_mut().record(kind, ms));
    out
}

/// Every recorded duration as JSON: {"frame": [ms, …], "recompute": […], "paint": […]}.
#[wasm_bindgen(js_name = optiscape_perf)]
pub fn perf_json() -> String {
    TIMINGS.with(|t| t.borrow().to_json())
}

/// Forgets what was recorded (before a measured interval).
#[wasm_bindgen(js_name = optiscape_perf_reset)]
pub fn perf_reset() {
    TIMINGS.with(|t| t.borrow_mut().clear());
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
