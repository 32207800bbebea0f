//! `optiscape sweep`: one run per cell of a grid over two hyperparameters, on every core, one
//! CSV row per cell. Rows come in the grid's order (x fastest): chunks of cells are computed
//! in parallel and written in order as soon as every chunk before them is, and workers stay at
//! most a few chunks ahead, so memory does not grow with the grid.

use super::options::{self, whole};
use optiscape::optim::spec::Key;
use optiscape::sweep::{
    evaluate_with, Axis, Cell, Field, Grid, Mode, Sweep, Tables, MAX_RESOLUTION,
};
use optiscape::text::quote;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// Steps per run when `--steps` is not given: the paper reads the slope up to iteration 500.
pub const DEFAULT_SWEEP_STEPS: usize = 500;
/// Roughly how many optimizer steps one chunk of cells takes.
const CHUNK_STEPS: usize = 50_000;

/// What the sweep options are, and the settings they make.
pub struct Settings {
    pub sweep: Sweep,
    pub threads: usize,
}

/// Splits off the sweep's own options and reads the rest as `run` reads them.
pub fn parse(args: &[String]) -> Result<Settings, String> {
    let mut own: BTreeMap<&str, String> = BTreeMap::new();
    let mut impulse = false;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--impulse" {
            impulse = true;
            continue;
        }
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) => (k, Some(v.to_string())),
            None => (a.as_str(), None),
        };
        let Some(key) = ["--x", "--y", "--level", "--threads"]
            .into_iter()
            .find(|k| *k == key)
        else {
            if key == "--format" {
                return Err("sweep has no --format: it writes CSV".into());
            }
            rest.push(a.clone());
            continue;
        };
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .cloned()
                .ok_or_else(|| format!("{key} needs a value"))?,
        };
        if own.insert(&key[2..], value).is_some() {
            return Err(format!("{key} given twice"));
        }
    }
    let given = |rest: &[String], k: &str| {
        rest.iter()
            .any(|a| a == k || a.starts_with(&format!("{k}=")))
    };
    if !given(&rest, "--steps") {
        rest.extend(["--steps".into(), DEFAULT_SWEEP_STEPS.to_string()]);
    }
    // The impulse feeds its own gradient: any landscape will do.
    if impulse && !given(&rest, "--landscape") && !given(&rest, "--formula") {
        rest.extend(["--landscape".into(), "booth".into()]);
    }
    let (base, _) = options::parse_run(&rest)?;
    let x = axis("x", own.remove("x").ok_or("missing --x KEY:LO:HI:N")?)?;
    let y = axis("y", own.remove("y").ok_or("missing --y KEY:LO:HI:N")?)?;
    let mut sweep = Sweep::new(base, Grid { x, y });
    if impulse {
        sweep.mode = Mode::Impulse;
    }
    if let Some(v) = own.remove("level") {
        sweep.level = whole("level", &v, [1, optiscape::optim::MAX_K as u64])? as usize;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = match own.remove("threads") {
        Some(v) => whole("threads", &v, [1, 256])? as usize,
        None => cores,
    };
    sweep.validate().map_err(|e| match e.field {
        Field::Base => e.message,
        _ => format!("--{}", e.message),
    })?;
    Ok(Settings { sweep, threads })
}

/// `KEY:LO:HI:N`, e.g. `beta2:0.5:0.9999:64`.
fn axis(field: &str, s: String) -> Result<Axis, String> {
    let parts: Vec<&str> = s.split(':').collect();
    let [key, lo, hi, n] = parts[..] else {
        return Err(format!(
            "--{field} must be KEY:LO:HI:N (KEY one of lr, beta1, beta2), got {}",
            quote(&s)
        ));
    };
    let key = Key::from_name(key)
        .filter(|k| Axis::sweepable(*k))
        .ok_or_else(|| {
            format!(
                "--{field}: cannot sweep {} (one of lr, beta1, beta2)",
                quote(key)
            )
        })?;
    let bound = |which: &str, v: &str| {
        v.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                format!(
                    "--{field}: {which} must be a finite number, got {}",
                    quote(v)
                )
            })
    };
    let n = n.trim().parse::<usize>().map_err(|_| {
        format!(
            "--{field}: the number of cells must be a whole number in [1, {MAX_RESOLUTION}], got {}",
            quote(n)
        )
    })?;
    Ok(Axis::new(key, bound("lo", lo)?, bound("hi", hi)?, n))
}

/// The axes are named as on the command line; a decay of a k-Adam level above 1 says which
/// level it is (`beta2@2`), so a file read later says what was swept.
pub fn header(s: &Sweep) -> String {
    let name = |key: Key| match key {
        Key::Beta1 | Key::Beta2 if s.level > 1 => format!("{key}@{}", s.level),
        _ => key.to_string(),
    };
    format!(
        "{},{},growth,final_update,final_loss,diverged_at,distance,outcome",
        name(s.grid.x.key),
        name(s.grid.y.key)
    )
}

/// Debug formatting of f64 is the shortest text that reads back to the same bits; a measure
/// that does not exist is an empty field.
pub fn row(out: &mut impl Write, c: &Cell) -> io::Result<()> {
    write!(out, "{:?},{:?}", c.x, c.y)?;
    for v in [c.growth, Some(c.final_update), c.final_loss] {
        match v {
            Some(v) => write!(out, ",{v:?}")?,
            None => out.write_all(b",")?,
        }
    }
    match c.diverged {
        Some(step) => write!(out, ",{step}")?,
        None => out.write_all(b",")?,
    }
    match c.distance {
        Some(v) => write!(out, ",{v:?}")?,
        None => out.write_all(b",")?,
    }
    writeln!(out, ",{}", c.outcome().name())
}

/// Writes the header and every cell, computed on `threads` threads. A write error stops the
/// workers after the chunk they are on and is returned.
pub fn stream(s: &Sweep, threads: usize, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{}", header(s))?;
    let cells = s.cells();
    let chunk = (CHUNK_STEPS / s.base.steps.max(1)).clamp(1, cells.max(1));
    let chunks = cells.div_ceil(chunk);
    let threads = threads.clamp(1, chunks.max(1));
    // Chunk c may start once fewer than `ahead` chunks before it are still unwritten.
    let ahead = 2 * threads;
    let next = &AtomicUsize::new(0);
    let stop = &AtomicBool::new(false);
    let gate = &(Mutex::new(0usize), Condvar::new());
    let (tx, rx) = mpsc::channel::<(usize, Vec<Cell>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            scope.spawn(move || {
                let mut tables = Tables::default();
                while !stop.load(Ordering::Relaxed) {
                    let c = next.fetch_add(1, Ordering::Relaxed);
                    if c >= chunks {
                        return;
                    }
                    let mut written = gate.0.lock().unwrap_or_else(|e| e.into_inner());
                    while c >= *written + ahead && !stop.load(Ordering::Relaxed) {
                        written = gate.1.wait(written).unwrap_or_else(|e| e.into_inner());
                    }
                    drop(written);
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let ids: Vec<usize> = (c * chunk..((c + 1) * chunk).min(cells)).collect();
                    if tx.send((c, evaluate_with(s, &ids, &mut tables))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut write = || -> io::Result<()> {
            let mut pending = BTreeMap::new();
            let mut written = 0;
            for (c, done) in &rx {
                pending.insert(c, done);
                while let Some(done) = pending.remove(&written) {
                    for cell in &done {
                        row(out, cell)?;
                    }
                    written += 1;
                    *gate.0.lock().unwrap_or_else(|e| e.into_inner()) = written;
                    gate.1.notify_all();
                }
                out.flush()?;
            }
            Ok(())
        };
        let result = write();
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
            // Take the lock so no worker misses the wake-up between its check and its wait.
            let _held = gate.0.lock().unwrap_or_else(|e| e.into_inner());
            gate.1.notify_all();
        }
        result
    })
}
