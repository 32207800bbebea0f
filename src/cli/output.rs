//! Writing a run as it is computed: one row per step, never the whole trajectory in memory.

use optiscape::sim::{Divergence, Record, RunConfig, Simulation};
use serde::Serialize;
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

pub const CSV_HEADER: &str =
    "step,x,y,loss,grad_x,grad_y,update_x,update_y,m_x,m_y,v_x,v_y,eff_lr_x,eff_lr_y";

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

/// Debug formatting of f64 is the shortest text that reads back to the same bits.
fn csv_row(out: &mut impl Write, r: &Record) -> io::Result<()> {
    write!(out, "{}", r.step)?;
    let [x, y] = r.theta;
    for v in [x, y, r.loss] {
        write!(out, ",{v:?}")?;
    }
    for [a, b] in [r.grad, r.update, r.m, r.v, r.eff_lr] {
        write!(out, ",{a:?},{b:?}")?;
    }
    out.write_all(b"\n")
}

/// `{"config": …, "steps": [ … ], "diverged": …}`, pretty-printed as serde_json prints it; the
/// steps are written one by one, and `diverged`, known only at the end, comes last.
fn json(cfg: &RunConfig, out: &mut impl Write) -> io::Result<Option<Divergence>> {
    let mut buf = Vec::new();
    out.write_all(b"{\n  \"config\": ")?;
    pretty(out, &mut buf, cfg, "  ")?;
    out.write_all(b",\n  \"steps\": [")?;
    let mut first = true;
    let diverged = each_record(cfg, |r| {
        out.write_all(if first { b"\n    " } else { b",\n    " })?;
        first = false;
        pretty(out, &mut buf, r, "    ")
    })?;
    out.write_all(if first { b"]" } else { b"\n  ]" })?;
    out.write_all(b",\n  \"diverged\": ")?;
    pretty(out, &mut buf, &diverged, "  ")?;
    out.write_all(b"\n}\n")?;
    Ok(diverged)
}

/// Writes `value` pretty-printed, its lines after the first indented by `indent`. Going through
/// `serde_json::Value` sorts the keys, as the whole-document output always did.
fn pretty(
    out: &mut impl Write,
    buf: &mut Vec<u8>,
    value: &impl Serialize,
    indent: &str,
) -> io::Result<()> {
    buf.clear();
    serde_json::to_writer_pretty(&mut *buf, &serde_json::to_value(value)?)?;
    // Strings are escaped, so every newline here is between tokens.
    for (i, line) in buf.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line)?;
    }
    Ok(())
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
