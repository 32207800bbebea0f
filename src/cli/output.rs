//! Writing a run as it is computed: one row per step, never the whole trajectory in memory.

use optiscape::export::{csv_row, JsonRun};
use optiscape::sim::{Divergence, Record, RunConfig, Simulation};
use std::io::{self, Write};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    pub const NAMES: [&'static str; 2] = ["csv", "json"];

    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

use optiscape::export::CSV_HEADER;

/// Streams the run to `out`; returns where it diverged, if it did.
pub fn run(
    cfg: &RunConfig,
    format: Format,
    out: &mut impl Write,
) -> io::Result<Option<Divergence>> {
    match format {
        Format::Csv => {
            writeln!(out, "{CSV_HEADER}")?;
            each_record(cfg, |r| csv_row(out, r))
        }
        Format::Json => json(cfg, out),
    }
}

/// Calls `f` on step 0 and every step after it until the run ends or diverges.
fn each_record(
    cfg: &RunConfig,
    mut f: impl FnMut(&Record) -> io::Result<()>,
) -> io::Result<Option<Divergence>> {
    let mut sim = Simulation::new(cfg);
    if let Some(r) = sim.current().copied() {
        f(&r)?;
        for _ in 0..cfg.steps {
            match sim.step() {
                Some(r) => f(&r)?,
                None => break,
            }
        }
    }
    Ok(sim.diverged)
}

/// `{"config": …, "steps": [ … ], "diverged": …}`, each step written as it is computed.
fn json(cfg: &RunConfig, out: &mut impl Write) -> io::Result<Option<Divergence>> {
    let mut doc = JsonRun::begin(out, cfg)?;
    let diverged = each_record(cfg, |r| doc.record(out, r))?;
    doc.end(out, &diverged)?;
    Ok(diverged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use optiscape::landscape::Landscape;
    use optiscape::optim::Optimizer;

    fn json_of(cfg: &RunConfig) -> (serde_json::Value, Option<Divergence>) {
        let mut out = Vec::new();
        let d = run(cfg, Format::Json, &mut out).unwrap();
        (serde_json::from_slice(&out).expect("valid JSON"), d)
    }

    #[test]
    fn json_without_a_single_step_is_valid() {
        // A start the CLI would refuse, to reach a run that diverges at step 0.
        let mut cfg = RunConfig::new(Optimizer::Adam, Landscape::Booth, 5);
        cfg.start = [f64::NAN, 0.0];
        let (v, d) = json_of(&cfg);
        assert_eq!(d.map(|d| d.step), Some(0));
        assert_eq!(v["steps"], serde_json::json!([]));
        assert_eq!(v["diverged"]["step"], 0);
    }

    /// Byte for byte what printing the whole document printed, `diverged` moved to the end.
    #[test]
    fn streamed_json_is_the_whole_document_reordered() {
        let cfg = RunConfig::new(Optimizer::KAdam, Landscape::Rosenbrock, 30);
        let mut out = Vec::new();
        assert_eq!(run(&cfg, Format::Json, &mut out).unwrap(), None);
        let t = optiscape::sim::run(&cfg);
        let whole = serde_json::json!({ "config": cfg, "diverged": null, "steps": t.records });
        let whole = serde_json::to_string_pretty(&whole).unwrap();
        let moved = whole.replacen("\n  \"diverged\": null,", "", 1);
        let moved = moved.strip_suffix("\n  ]\n}").unwrap().to_string()
            + "\n  ],\n  \"diverged\": null\n}\n";
        assert_eq!(String::from_utf8(out).unwrap(), moved);
    }

    #[test]
    fn csv_rows_keep_every_bit() {
        let cfg = RunConfig::new(Optimizer::Adam, Landscape::Beale, 20);
        let mut out = Vec::new();
        run(&cfg, Format::Csv, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let t = optiscape::sim::run(&cfg);
        for (line, r) in text.lines().skip(1).zip(&t.records) {
            let f: Vec<f64> = line.split(',').map(|c| c.parse().unwrap()).collect();
            assert_eq!(f[0] as usize, r.step);
            assert_eq!([f[1], f[2], f[3]], [r.theta[0], r.theta[1], r.loss]);
            assert_eq!([f[12], f[13]], r.eff_lr);
        }
        assert_eq!(text.lines().count(), t.records.len() + 1);
    }
}
