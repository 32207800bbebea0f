#![cfg(not(target_arch = "wasm32"))]
//! Trajectories against an independent reference: `fixtures/reference.json`, written by
//! `fixtures/make_reference.py` from torch.optim's documented update rules (and ADOPT's
//! official implementation) in plain Python floats. Every point must agree to 1e-10 relative.
//!
//! Regenerate the fixture with `python3 tests/fixtures/make_reference.py`.

use optiscape::landscape::Landscape;
use optiscape::noise::Noise;
use optiscape::optim::{Hyper, Optimizer};
use optiscape::sim::{run, RunConfig};
use serde_json::Value;
use std::process::Command;

const FIXTURE: &str = include_str!("fixtures/reference.json");
const REL_TOL: f64 = 1e-10;

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).expect("reference.json parses")
}

fn cases() -> Vec<Value> {
    fixture()["cases"]
        .as_array()
        .expect("cases is an array")
        .clone()
}

fn num(v: &Value, what: &str) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("{what} is not a number: {v}"))
}

fn point(v: &Value, what: &str) -> [f64; 2] {
    let a = v
        .as_array()
        .unwrap_or_else(|| panic!("{what} is not an array"));
    assert_eq!(a.len(), 2, "{what} has {} coordinates", a.len());
    [num(&a[0], what), num(&a[1], what)]
}

/// Every case's trajectory, read straight from the fixture's text with `str::parse::<f64>`
/// (correctly rounded): serde_json without its `float_roundtrip` feature may land one ulp off
/// on 17-digit numbers, which would blur a comparison meant to be exact to the last bits.
fn exact_trajectories() -> Vec<Vec<[f64; 2]>> {
    const KEY: &str = "\"trajectory\":";
    let mut out = Vec::new();
    let mut rest = FIXTURE;
    while let Some(at) = rest.find(KEY) {
        rest = &rest[at + KEY.len()..];
        let open = rest.find('[').expect("trajectory opens with [");
        let mut depth = 0usize;
        let mut end = None;
        for (i, ch) in rest[open..].char_indices() {
            match ch {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(open + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let end = end.expect("trajectory closes with ]");
        let numbers: Vec<f64> = rest[open..end]
            .split(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c)))
            .filter(|tok| !tok.is_empty())
            .map(|tok| {
                tok.parse()
                    .unwrap_or_else(|e| panic!("bad number {tok}: {e}"))
            })
            .collect();
        assert_eq!(
            numbers.len() % 2,
            0,
            "trajectory has an odd count of coordinates"
        );
        out.push(numbers.chunks(2).map(|c| [c[0], c[1]]).collect());
        rest = &rest[end..];
    }
    out
}

/// The case with its exactly parsed trajectory, checked against serde_json's reading.
fn cases_with_trajectories() -> Vec<(Value, Vec<[f64; 2]>)> {
    let cases = cases();
    let exact = exact_trajectories();
    assert_eq!(exact.len(), cases.len(), "one trajectory per case");
    cases
        .into_iter()
        .zip(exact)
        .map(|(case, traj)| {
            let name = case["name"].as_str().expect("name is a string").to_string();
            let loose = case["trajectory"]
                .as_array()
                .unwrap_or_else(|| panic!("{name}: trajectory is not an array"));
            assert_eq!(loose.len(), traj.len(), "{name}: trajectory length");
            for (step, (l, e)) in loose.iter().zip(&traj).enumerate() {
                let l = point(l, &name);
                for c in 0..2 {
                    assert!(
                        (l[c] - e[c]).abs() <= 1e-15 * e[c].abs(),
                        "{name}: step {step}: text scan read {:?}, serde_json {:?}",
                        e[c],
                        l[c]
                    );
                }
            }
            (case, traj)
        })
        .collect()
}

/// Relative agreement: |a - b| <= tol * max(|a|, |b|), with an absolute floor far below any
/// meaningful coordinate so that exact zeros compare equal.
fn close(a: f64, b: f64) -> bool {
    a.is_finite() && b.is_finite() && (a - b).abs() <= REL_TOL * a.abs().max(b.abs()).max(1e-300)
}

fn landscape(case: &Value) -> Landscape {
    let name = case["landscape"].as_str().expect("landscape is a string");
    match name {
        "quadratic" => {
            let q = &case["quadratic"];
            Landscape::Quadratic {
                condition: num(&q["condition"], "condition"),
                angle: num(&q["angle"], "angle"),
            }
        }
        _ => Landscape::from_name(name).unwrap_or_else(|| panic!("unknown landscape {name}")),
    }
}

fn hyper(optimizer: Optimizer, case: &Value) -> Hyper {
    let name = case["name"].as_str().unwrap();
    let mut h = optimizer.spec().defaults;
    let given = case["hyper"]
        .as_object()
        .unwrap_or_else(|| panic!("{name}: hyper"));
    for (key, value) in given {
        match key.as_str() {
            "lr" => h.lr = num(value, key),
            "beta1" => h.beta1 = num(value, key),
            "beta2" => h.beta2 = num(value, key),
            "eps" => h.eps = num(value, key),
            "weight_decay" => h.weight_decay = num(value, key),
            "clip" => h.clip = value.as_bool().expect("clip is a bool"),
            "decouple" => h.decouple = value.as_bool().expect("decouple is a bool"),
            other => panic!("{name}: unknown hyperparameter {other}"),
        }
    }
    h
}

fn config(case: &Value) -> RunConfig {
    let name = case["name"].as_str().unwrap();
    let opt_name = case["optimizer"].as_str().expect("optimizer is a string");
    let optimizer =
        Optimizer::from_name(opt_name).unwrap_or_else(|| panic!("{name}: unknown optimizer"));
    let steps = case["steps"].as_u64().expect("steps is an integer") as usize;
    RunConfig {
        optimizer,
        hyper: hyper(optimizer, case),
        landscape: landscape(case),
        start: point(&case["start"], name),
        steps,
        noise: Noise::None,
        seed: 0,
    }
}

/// Compares `got` to `want` point by point; returns the first disagreement as a message.
fn first_mismatch(name: &str, got: &[[f64; 2]], want: &[[f64; 2]]) -> Option<String> {
    if got.len() != want.len() {
        return Some(format!(
            "{name}: {} points, reference has {}",
            got.len(),
            want.len()
        ));
    }
    for (step, (g, w)) in got.iter().zip(want).enumerate() {
        for (c, axis) in ["x", "y"].iter().enumerate() {
            if !close(g[c], w[c]) {
                return Some(format!(
                    "{name}: step {step} {axis}: got {:?}, reference {:?} (rel diff {:e})",
                    g[c],
                    w[c],
                    (g[c] - w[c]).abs() / w[c].abs().max(1e-300)
                ));
            }
        }
    }
    None
}

#[test]
fn fixture_is_well_formed() {
    let doc = fixture();
    assert_eq!(doc["generator"], "tests/fixtures/make_reference.py");
    let cases = cases();
    assert!(cases.len() >= 16, "only {} cases", cases.len());
    let mut names = std::collections::HashSet::new();
    for (case, traj) in &cases_with_trajectories() {
        let name = case["name"].as_str().expect("name is a string");
        assert!(names.insert(name.to_string()), "duplicate case name {name}");
        let steps = case["steps"].as_u64().unwrap() as usize;
        assert_eq!(traj.len(), steps + 1, "{name}");
        assert_eq!(
            traj[0],
            point(&case["start"], name),
            "{name}: first point is the start"
        );
    }
}

#[test]
fn library_matches_reference_trajectories() {
    let mut failures = Vec::new();
    for (case, want) in cases_with_trajectories() {
        let name = case["name"].as_str().unwrap().to_string();
        let cfg = config(&case);
        let traj = run(&cfg);
        assert!(
            traj.diverged.is_none(),
            "{name}: diverged: {:?}",
            traj.diverged
        );
        assert_eq!(traj.records.len(), cfg.steps + 1, "{name}: record count");
        let got: Vec<[f64; 2]> = traj.records.iter().map(|r| r.theta).collect();
        if let Some(msg) = first_mismatch(&name, &got, &want) {
            failures.push(msg);
        }
    }
    assert!(
        failures.is_empty(),
        "disagreements with the reference:\n{}",
        failures.join("\n")
    );
}

#[test]
fn binary_csv_matches_reference_adam_on_rosenbrock() {
    let cases = cases_with_trajectories();
    let (case, want) = cases
        .iter()
        .find(|(c, _)| {
            c["optimizer"] == "adam"
                && c["landscape"] == "rosenbrock"
                && c["hyper"]["lr"] == 0.01
                && c["hyper"]["beta1"] == 0.9
                && c["hyper"]["beta2"] == 0.999
                && c["hyper"]["eps"] == 1e-8
                && c["hyper"]["weight_decay"] == 0.0
                && c["steps"] == 500
                && point(&c["start"], "start") == [-1.2, 1.0]
        })
        .expect("the fixture has plain Adam (lr 0.01) on Rosenbrock from (-1.2, 1) for 500 steps");

    let out = Command::new(env!("CARGO_BIN_EXE_optiscape"))
        .args([
            "run",
            "--optimizer",
            "adam",
            "--landscape",
            "rosenbrock",
            "--start=-1.2,1",
            "--steps",
            "500",
            "--lr",
            "0.01",
        ])
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "exit status {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header line").split(',').collect();
    assert_eq!(header[..4], ["step", "x", "y", "loss"], "CSV header");

    let mut got = Vec::new();
    for (row, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), header.len(), "row {row}: {line}");
        assert_eq!(
            fields[0].parse::<usize>(),
            Ok(row),
            "row {row}: step column"
        );
        let parse = |s: &str| {
            s.parse::<f64>()
                .unwrap_or_else(|e| panic!("row {row}: {s}: {e}"))
        };
        got.push([parse(fields[1]), parse(fields[2])]);
    }
    let name = format!("binary csv vs {}", case["name"].as_str().unwrap());
    if let Some(msg) = first_mismatch(&name, &got, want) {
        panic!("{msg}");
    }
}
