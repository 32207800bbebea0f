//! What the sweep worker (`www/sweep-worker.js`) calls: the core's sweep, on chunks of cells.

use crate::sweep::{self, Sweep, Tables};
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
