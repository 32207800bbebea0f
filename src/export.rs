//! A run as rows of text, exactly as `optiscape run` prints it: the command line streams
//! these rows as they are computed, and the page writes the same rows of the runs it shows,
//! so the two files cannot drift apart.

use crate::sim::{Divergence, Record, RunConfig, Trajectory};
use serde::Serialize;
use std::io::{self, Write};

pub const CSV_HEADER: &str =
    "step,x,y,loss,grad_x,grad_y,update_x,update_y,m_x,m_y,v_x,v_y,eff_lr_x,eff_lr_y";

/// One CSV row with its newline. Debug formatting of f64 is the shortest text that reads back
/// to the same bits.
pub fn csv_row(out: &mut impl Write, r: &Record) -> io::Result<()> {
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

/// `{"config": …, "steps": [ … ], "diverged": …}`, written piece by piece: `diverged` is known
/// only at the end, so it comes last.
pub struct JsonRun {
    buf: Vec<u8>,
    first: bool,
}

impl JsonRun {
    pub fn begin(out: &mut impl Write, cfg: &RunConfig) -> io::Result<JsonRun> {
        let mut j = JsonRun {
            buf: Vec::new(),
            first: true,
        };
        out.write_all(b"{\n  \"config\": ")?;
        pretty(out, &mut j.buf, cfg, "  ")?;
        out.write_all(b",\n  \"steps\": [")?;
        Ok(j)
    }

    pub fn record(&mut self, out: &mut impl Write, r: &Record) -> io::Result<()> {
        out.write_all(if self.first { b"\n    " } else { b",\n    " })?;
        self.first = false;
        pretty(out, &mut self.buf, r, "    ")
    }

    pub fn end(mut self, out: &mut impl Write, diverged: &Option<Divergence>) -> io::Result<()> {
        out.write_all(if self.first { b"]" } else { b"\n  ]" })?;
        out.write_all(b",\n  \"diverged\": ")?;
        pretty(out, &mut self.buf, diverged, "  ")?;
        out.write_all(b"\n}\n")
    }
}

/// The CSV `optiscape run` prints for this run, from its computed trajectory.
pub fn csv(t: &Trajectory) -> String {
    let mut out = Vec::new();
    let _ = writeln!(out, "{CSV_HEADER}");
    for r in &t.records {
        let _ = csv_row(&mut out, r);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The JSON `optiscape run --format json` prints for this run.
pub fn json(cfg: &RunConfig, t: &Trajectory) -> String {
    let mut out = Vec::new();
    let written = JsonRun::begin(&mut out, cfg).and_then(|mut j| {
        for r in &t.records {
            j.record(&mut out, r)?;
        }
        j.end(&mut out, &t.diverged)
    });
    match written {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Every run of a page in one CSV: a `run` column (the run's id) before the columns of
/// `optiscape run`, so each run's rows are that command's rows.
pub fn csv_runs(runs: &[(u32, &Trajectory)]) -> String {
    let mut s = format!("run,{CSV_HEADER}\n");
    for (id, t) in runs {
        for line in csv(t).lines().skip(1) {
            s.push_str(&format!("{id},{line}\n"));
        }
    }
    s
}

/// Every run of a page in one JSON array, each element the document `optiscape run --format
/// json` prints for it, with its run id.
pub fn json_runs(runs: &[(u32, &RunConfig, &Trajectory)]) -> String {
    let docs: Vec<String> = runs
        .iter()
        .map(|(id, cfg, t)| {
            let doc = json(cfg, t);
            format!("{{\"run\": {id}, \"output\": {}}}", doc.trim_end())
        })
        .collect();
    format!("[\n{}\n]\n", docs.join(",\n"))
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
