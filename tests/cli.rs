#![cfg(not(target_arch = "wasm32"))]
//! The `optiscape` binary as a user runs it.

use std::process::Command;

fn optiscape(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_optiscape"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Refused with exit status 2 and exactly one line on stderr that contains `needle`.
fn refused(args: &[&str], needle: &str) {
    let (code, out, err) = optiscape(args);
    assert_eq!(code, 2, "{args:?}: exit {code}, stderr {err}");
    assert!(out.is_empty(), "{args:?} printed {out}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: '{err}' lacks '{needle}'");
    assert!(!err.contains("panicked"));
}

#[test]
fn csv_has_one_row_per_step_from_the_start() {
    let (code, out, _) = optiscape(&[
        "run",
        "--optimizer",
        "sgd",
        "--landscape",
        "booth",
        "--start=0,0",
        "--steps",
        "3",
        "--lr",
        "0.01",
    ]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("step,x,y,loss"));
    assert_eq!(lines.len(), 5);
    assert!(lines[1].starts_with("0,0.0,0.0,74.0,"), "{}", lines[1]);
    // Booth's gradient at the origin is (-34, -38): one SGD step of 0.01 lands at (0.34, 0.38).
    assert!(lines[2].starts_with("1,0.34,0.38,"), "{}", lines[2]);
}

#[test]
fn json_carries_the_config_and_every_step() {
    let (code, out, _) = optiscape(&[
        "run",
        "--optimizer",
        "kadam",
        "--k",
        "3",
        "--landscape",
        "quadratic",
        "--condition",
        "20",
        "--steps",
        "4",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["config"]["hyper"]["k"], 3);
    assert_eq!(v["config"]["landscape"]["condition"], 20.0);
    assert_eq!(v["steps"].as_array().unwrap().len(), 5);
    assert!(v["diverged"].is_null());
}

/// Command lines (split at spaces) and what the refusal must say.
const REFUSALS: &[(&str, &str)] = &[
    (
        "run --optimizer adamm --landscape booth",
        "unknown optimizer 'adamm'",
    ),
    (
        "run --optimizer adam --landscape moon",
        "unknown landscape 'moon'",
    ),
    (
        "run --optimizer adam --landscape booth --lr",
        "--lr needs a value",
    ),
    (
        "run --optimizer adam --landscape booth --lr=-0.1",
        "lr must be in [0, 100]",
    ),
    (
        "run --optimizer adam --landscape booth --beta2 1",
        "beta2 must be in [0, 1)",
    ),
    (
        "run --optimizer adam --landscape booth --beta1=-0.5",
        "beta1 must be in [0, 1)",
    ),
    (
        "run --optimizer kadam --landscape booth --k 9",
        "k must be an integer in [1, 8]",
    ),
    (
        "run --optimizer kadam --landscape booth --k 0",
        "k must be an integer in [1, 8]",
    ),
    (
        "run --optimizer kadam --landscape booth --k 2.5",
        "k must be an integer in [1, 8]",
    ),
    (
        "run --optimizer sgd --landscape booth --beta2 0.9",
        "optimizer sgd has no --beta2",
    ),
    (
        "run --optimizer adam --landscape booth --steps ten",
        "--steps must be a whole number",
    ),
    (
        "run --optimizer adam --landscape booth --start 1",
        "--start must be two numbers",
    ),
    (
        "run --optimizer adam --landscape booth --lr nan",
        "--lr must be a finite number",
    ),
    (
        "run --optimizer adam --landscape booth --noise pink",
        "unknown noise model 'pink'",
    ),
    (
        "run --optimizer adam --landscape booth --noise gaussian --sigma=-1",
        "sigma must be in [0, 1000]",
    ),
    (
        "run --optimizer adam --landscape booth --format xml",
        "--format must be csv or json",
    ),
    (
        "run --optimizer adam --landscape booth --condition 5",
        "landscape booth has no --condition",
    ),
    (
        "run --optimizer adam --landscape quadratic --condition 0.5",
        "condition must be in [1, 10000]",
    ),
    ("run --landscape booth", "missing --optimizer"),
    ("frobnicate", "unknown command"),
];

#[test]
fn bad_input_is_one_clear_line_and_status_2() {
    for (line, needle) in REFUSALS {
        refused(&line.split(' ').collect::<Vec<_>>(), needle);
    }
}

#[test]
fn a_diverged_run_prints_its_rows_and_says_so() {
    let (code, out, err) = optiscape(&[
        "run",
        "--optimizer",
        "sgd",
        "--landscape",
        "goldstein-price",
        "--start=1.5,1.5",
        "--lr",
        "100",
        "--steps",
        "10",
    ]);
    assert_ne!(code, 0);
    assert_ne!(code, 2);
    assert_eq!(out.lines().count(), 3, "header and steps 0 and 1");
    assert!(err.contains("diverged at step 2"), "{err}");
}

#[test]
fn noise_is_reproducible_from_the_seed() {
    let args = |seed: &'static str| {
        [
            "run",
            "--optimizer",
            "adam",
            "--landscape",
            "booth",
            "--noise",
            "gaussian",
            "--sigma",
            "2",
            "--seed",
            seed,
            "--steps",
            "20",
        ]
    };
    let a = optiscape(&args("5")).1;
    assert_eq!(a, optiscape(&args("5")).1);
    assert_ne!(a, optiscape(&args("6")).1);
}

#[test]
fn list_names_every_optimizer_and_landscape_with_ranges() {
    let (code, out, _) = optiscape(&["list"]);
    assert_eq!(code, 0);
    let first_words: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let optimizers = "sgd momentum nesterov rmsprop adagrad adamax adam adamw amsgrad adopt kadam signgd signum lion";
    let landscapes = "quadratic rosenbrock beale himmelblau booth rastrigin ackley styblinski-tang six-hump-camel goldstein-price saddle plateau scale-invariant bilinear";
    for name in optimizers.split(' ').chain(landscapes.split(' ')) {
        assert!(first_words.contains(&name), "list lacks {name}");
    }
    assert!(
        out.contains("--beta2          default 0.9999"),
        "ADOPT's beta2 default"
    );
    assert!(out.contains("γ: momentum"));
}
