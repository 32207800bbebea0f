//! The stability map's workers: one per core, each fed chunks of cells in coarse-to-fine order
//! until the sweep is done. Starting a new sweep cancels the old one between two chunks: a
//! chunk of an old sweep that comes back is dropped, never shown.

use crate::sweep::{self, Cell, Sweep};
use gloo::events::EventListener;
use js_sys::{Float64Array, Object, Reflect, Uint32Array};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};

#[wasm_bindgen(module = "/www/workers.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn sweep_worker() -> Result<Worker, JsValue>;
}

/// About this many optimizer steps per chunk (7–12 ms of Adam on a worker): long enough that a
/// worker's queue outlasts a busy frame on the page, short enough that a cancelled sweep stops
/// within about ten milliseconds and the map sharpens often.
const STEPS_PER_CHUNK: usize = 300_000;
/// The first chunks are smaller, so the coarse map shows at once.
const FIRST_CHUNK_CELLS: usize = 8;
/// Chunks a worker holds at once: the next waits in its queue while the page handles the last
/// one's cells, so a worker never idles on a busy main thread.
const IN_FLIGHT: usize = 6;

/// What a sweep reports to the page.
pub enum Report {
    /// Cells of the sweep in progress.
    Cells(Vec<Cell>),
    /// The sweep in progress could not be computed: why, in one line.
    Failed(String),
}

struct Pool {
    workers: Vec<Worker>,
    /// Chunks sent to each worker and not yet answered (of any sweep).
    in_flight: Vec<usize>,
    /// Tags the chunks of the sweep in progress: an answer with another tag is stale.
    job: u64,
    /// A sweep is in progress (started and not cancelled).
    running: bool,
    sweep: String,
    queue: VecDeque<Vec<u32>>,
    on_report: Rc<dyn Fn(Report)>,
}

/// The workers and the sweep they are on. Dropping it stops the workers.
pub struct Sweeper {
    pool: Rc<RefCell<Pool>>,
    _listeners: Vec<EventListener>,
}

impl Sweeper {
    /// Starts one worker per core (two at least, four at most).
    pub fn new(on_report: impl Fn(Report) + 'static) -> Result<Sweeper, String> {
        let cores = web_sys::window()
            .map(|w| w.navigator().hardware_concurrency())
            .filter(|n| n.is_finite())
            .unwrap_or(2.0) as usize;
        let n = cores.clamp(2, 4);
        let mut workers = Vec::with_capacity(n);
        for _ in 0..n {
            workers.push(
                sweep_worker().map_err(|e| format!("the map's workers could not start: {e:?}"))?,
            );
        }
        let pool = Rc::new(RefCell::new(Pool {
            workers: workers.clone(),
            in_flight: vec![0; n],
            job: 0,
            running: false,
            sweep: String::new(),
            queue: VecDeque::new(),
            on_report: Rc::new(on_report),
        }));
        let mut listeners = Vec::with_capacity(2 * n);
        for (i, w) in workers.iter().enumerate() {
            let weak = Rc::downgrade(&pool);
            listeners.push(EventListener::new(w, "message", move |e| {
                if let Some(e) = e.dyn_ref::<MessageEvent>() {
                    answer(&weak, i, e);
                }
            }));
            // A worker that cannot load or dies says so, instead of the map waiting forever.
            let weak = Rc::downgrade(&pool);
            listeners.push(EventListener::new(w, "error", move |_| {
                if let Some(pool) = weak.upgrade() {
                    let on_report = {
                        let mut p = pool.borrow_mut();
                        p.queue.clear();
                        // After a cancel nothing is waiting for the worker.
                        p.running.then(|| p.on_report.clone())
                    };
                    if let Some(on_report) = on_report {
                        on_report(Report::Failed(
                            "a worker of the map stopped (the browser's console says why)".into(),
                        ));
                    }
                }
            }));
        }
        Ok(Sweeper {
            pool,
            _listeners: listeners,
        })
    }

    /// Computes `sweep`, dropping whatever was left of the last one.
    pub fn start(&self, sweep: &Sweep) {
        let mut p = self.pool.borrow_mut();
        p.job = p.job.wrapping_add(1);
        p.running = true;
        p.sweep = sweep.to_json();
        p.queue = sweep
            .chunks(STEPS_PER_CHUNK, FIRST_CHUNK_CELLS)
            .into_iter()
            .map(|c| c.into_iter().map(|i| i as u32).collect())
            .collect();
        for w in 0..p.workers.len() {
            p.feed(w);
        }
    }

    /// Stops handing out chunks; those in flight come back and are dropped.
    pub fn cancel(&self) {
        let mut p = self.pool.borrow_mut();
        p.job = p.job.wrapping_add(1);
        p.running = false;
        p.queue.clear();
    }
}

impl Drop for Sweeper {
    fn drop(&mut self) {
        for w in &self.pool.borrow().workers {
            w.terminate();
        }
    }
}

impl Pool {
    /// Sends worker `w` chunks until it holds [`IN_FLIGHT`] or none are left.
    fn feed(&mut self, w: usize) {
        while self.in_flight[w] < IN_FLIGHT {
            let Some(cells) = self.queue.pop_front() else {
                return;
            };
            if !self.send(w, &cells) {
                return;
            }
        }
    }

    fn send(&mut self, w: usize, cells: &[u32]) -> bool {
        let msg = Object::new();
        let set = |k: &str, v: &JsValue| {
            let _ = Reflect::set(&msg, &k.into(), v);
        };
        set("job", &JsValue::from_f64(self.job as f64));
        set("sweep", &JsValue::from_str(&self.sweep));
        set("cells", &Uint32Array::from(cells).into());
        match self.workers[w].post_message(&msg) {
            Ok(()) => {
                self.in_flight[w] += 1;
                true
            }
            Err(e) => {
                // The chunk is lost; the map shows what arrived and the console says why.
                let warning = format!("the map's worker refused a chunk: {e:?}");
                web_sys::console::warn_1(&warning.into());
                false
            }
        }
    }
}

/// A worker's answer: its cells, if they belong to the current sweep, then its next chunk.
fn answer(pool: &Weak<RefCell<Pool>>, w: usize, e: &MessageEvent) {
    let Some(pool) = pool.upgrade() else {
        return;
    };
    let data = e.data();
    let get = |k: &str| Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let job = get("job").as_f64().unwrap_or(-1.0);
    let report = {
        let p = pool.borrow();
        (job == p.job as f64).then(|| {
            if let Some(error) = get("error").as_string() {
                return Report::Failed(error);
            }
            let rows = get("rows")
                .dyn_into::<Float64Array>()
                .map(|a| a.to_vec())
                .unwrap_or_default();
            match sweep::from_rows(&rows) {
                Ok(cells) => Report::Cells(cells),
                Err(e) => Report::Failed(e),
            }
        })
    };
    let failed = matches!(report, Some(Report::Failed(..)));
    {
        let mut p = pool.borrow_mut();
        p.in_flight[w] = p.in_flight[w].saturating_sub(1);
        if failed {
            p.queue.clear();
        }
        p.feed(w);
    }
    if let Some(r) = report {
        // Reported with the pool released: the page may start a new sweep from here.
        let on_report = pool.borrow().on_report.clone();
        on_report(r);
    }
}
