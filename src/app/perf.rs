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

/// Heatmap and contours of a landscape for a `size`×`size` view (CSS pixels) on a canvas with
/// `ratio` pixels to each, not in the page: the landscape paint without the page around it.
/// With `full` every canvas pixel is coloured, as the map did before it scaled its colours up.
#[wasm_bindgen(js_name = optiscape_bench_paint)]
pub fn bench_paint(landscape: &str, size: u32, ratio: f64, full: bool) -> Result<f64, JsValue> {
    use crate::landscape::Landscape;
    use crate::render::{heatmap, Viewport};
    use wasm_bindgen::JsCast;
    let l =
        Landscape::from_name(landscape).ok_or_else(|| JsValue::from_str("unknown landscape"))?;
    let ratio = if ratio.is_finite() {
        ratio.clamp(1.0, 4.0)
    } else {
        1.0
    };
    let side = (size.min(4096) as f64 * ratio).round() as u32;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas")?.dyn_into()?;
    canvas.set_width(side);
    canvas.set_height(side);
    let ctx = super::draw::context(&canvas).ok_or("no 2D context")?;
    let vp = Viewport {
        view: l.info().view,
        width: side,
        height: side,
    };
    let t0 = now();
    let k = if full { 1.0 } else { ratio };
    super::draw::landscape(&ctx, &heatmap::picture_scaled(&l, &vp, true, k), ratio)?;
    Ok(now() - t0)
}

/// `runs` Adam runs of `steps` steps on Rosenbrock from its start (run i at η = 0.001·(i + 1)),
/// every step recorded as the page records it: the page's recompute without the page around
/// it, for the benchmark's plain JavaScript peer to do the same work. Returns
/// `[ms, x₀, y₀, x₁, y₁, …]`, the final points so the peer can be checked against it.
#[wasm_bindgen(js_name = optiscape_bench_runs)]
pub fn bench_runs(runs: u32, steps: u32) -> Vec<f64> {
    use crate::landscape::Landscape;
    use crate::optim::Optimizer;
    use crate::sim::{run, RunConfig};
    let configs: Vec<RunConfig> = (0..runs.min(64))
        .map(|i| {
            let mut c = RunConfig::new(
                Optimizer::Adam,
                Landscape::Rosenbrock,
                steps.min(100_000) as usize,
            );
            c.hyper.lr = 0.001 * (i + 1) as f64;
            c
        })
        .collect();
    let t0 = now();
    let trajectories: Vec<_> = configs.iter().map(run).collect();
    let mut out = vec![now() - t0];
    for t in &trajectories {
        out.extend(t.records.last().map_or([f64::NAN; 2], |r| r.theta));
    }
    out
}
