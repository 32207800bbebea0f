//! What the page's workers call: the core's sweep on chunks of cells (`www/sweep-worker.js`),
//! and ADOPT's counterexample study (`www/adopt-worker.js`).

use crate::sweep::{self, Sweep, Tables};
use crate::theory::adopt_toy::{AdoptToy, ToyConfig};
use wasm_bindgen::prelude::*;

/// One worker's sweeping: it keeps the bias-correction tables of the decays its chunks met, so
/// the next chunk of the same map reuses them.
#[wasm_bindgen]
#[derive(Default)]
pub struct SweepWorker {
    tables: Tables,
}

#[wasm_bindgen]
impl SweepWorker {
    #[wasm_bindgen(constructor)]
    pub fn new() -> SweepWorker {
        SweepWorker::default()
    }

    /// The measures of `cells` of the sweep `sweep` (JSON), one row of `sweep::ROW` numbers
    /// each. A sweep that cannot be read or is out of range is refused with its one-line reason.
    pub fn rows(&mut self, sweep: &str, cells: &[u32]) -> Result<Vec<f64>, JsValue> {
        let s = Sweep::from_json(sweep).map_err(|e| JsValue::from_str(&e))?;
        let cells: Vec<usize> = cells.iter().map(|&c| c as usize).collect();
        Ok(sweep::rows(&sweep::evaluate_with(
            &s,
            &cells,
            &mut self.tables,
        )))
    }
}

/// What the ADOPT worker (`www/adopt-worker.js`) drives: one counterexample study, advanced
/// in chunks off the main thread.
#[wasm_bindgen]
pub struct AdoptWorker {
    toy: AdoptToy,
}

#[wasm_bindgen]
impl AdoptWorker {
    /// The study `cfg` (JSON of a `ToyConfig`), or its one-line refusal.
    #[wasm_bindgen(constructor)]
    pub fn new(cfg: &str) -> Result<AdoptWorker, JsValue> {
        let cfg: ToyConfig = serde_json::from_str(cfg)
            .map_err(|e| JsValue::from_str(&format!("the study cannot be read: {e}")))?;
        let toy = AdoptToy::new(cfg).map_err(|e| JsValue::from_str(&e))?;
        Ok(AdoptWorker { toy })
    }

    /// Takes up to `steps` more steps of every run.
    pub fn advance(&mut self, steps: f64) {
        self.toy.advance(steps.max(1.0) as u64);
    }

    /// The share of the steps taken, 0 … 1.
    pub fn progress(&self) -> f64 {
        let (done, total) = self.toy.progress();
        done as f64 / total.max(1) as f64
    }

    pub fn is_done(&self) -> bool {
        self.toy.is_done()
    }

    /// The bands so far (`AdoptToy::band_rows`).
    pub fn rows(&self) -> Vec<f64> {
        self.toy.band_rows()
    }
}
