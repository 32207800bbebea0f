//! What the sweep worker (`www/sweep-worker.js`) calls: the core's sweep, on chunks of cells.

use crate::sweep::{self, Sweep};
use wasm_bindgen::prelude::*;

/// The measures of `cells` of the sweep `sweep` (JSON), one row of `sweep::ROW` numbers each.
/// A sweep that cannot be read or is out of range is refused with its one-line reason.
#[wasm_bindgen]
pub fn sweep_rows(sweep: &str, cells: &[u32]) -> Result<Vec<f64>, JsValue> {
    let s = Sweep::from_json(sweep).map_err(|e| JsValue::from_str(&e))?;
    let cells: Vec<usize> = cells.iter().map(|&c| c as usize).collect();
    Ok(sweep::rows(&sweep::evaluate(&s, &cells)))
}
