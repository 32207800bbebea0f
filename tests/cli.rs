#![cfg(not(target_arch = "wasm32"))]
//! The `optiscape` binary as a user runs it.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

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
    ("list extra", "list takes no arguments, got 'extra'"),
    ("help me", "help takes no arguments, got 'me'"),
    ("--help run", "--help takes no arguments"),
    (
        "run --optimizer adam --landscape booth --noise student-t --dof 2.7",
        "--dof must be a whole number in [1, 100], got '2.7'",
    ),
    (
        "run --optimizer adam --landscape booth --noise student-t --dof 1e20",
        "--dof must be a whole number in [1, 100], got '1e20'",
    ),
    (
        "run --optimizer adam --landscape booth --noise student-t --dof 4294967297",
        "--dof must be a whole number in [1, 100]",
    ),
    (
        "run --optimizer adam --landscape booth --noise student-t --dof 0",
        "--dof must be a whole number in [1, 100]",
    ),
    (
        "run --optimizer adam --landscape booth --noise student-t --dof 101",
        "--dof must be a whole number in [1, 100]",
    ),
    (
        "run --optimizer adam --landscape booth --steps 10000001",
        "--steps must be a whole number in [0, 10000000]",
    ),
    (
        "run --optimizer adam --landscape scale-invariant --start 0,0",
        "start (0, 0) is where the scale-invariant landscape is undefined",
    ),
    (
        "run --optimizer adam --landscape scale-invariant --start=-0,0",
        "scale-invariant landscape is undefined",
    ),
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

#[test]
fn raw_input_in_a_message_is_escaped_and_cut() {
    let name = "x\n\u{1b}[31m".repeat(1000);
    let (code, out, err) = optiscape(&["run", "--optimizer", &name, "--landscape", "booth"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
    assert!(err.contains("unknown optimizer 'x\\n\\u{1b}[31m"), "{err}");
    assert!(err.contains("…'"), "{err}");
    assert!(err.chars().count() < 300, "{err}");
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_refused() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let out = Command::new(env!("CARGO_BIN_EXE_optiscape"))
        .args(["run", "--optimizer"])
        .arg(OsStr::from_bytes(b"ad\xffam"))
        .args(["--landscape", "booth"])
        .output()
        .expect("binary runs");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("argument 3 is not valid UTF-8"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Peak resident memory of a running process in kB, from Linux's /proc.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Holding the run in memory took about 300 bytes a step for CSV and 2 KB for JSON. Two
/// million steps keep a debug build under ~20 s; the release binary was measured the same way
/// at 10 million steps (`optiscape run --optimizer sgd --landscape booth --steps 10000000`).
#[cfg(target_os = "linux")]
#[test]
fn a_long_run_streams_in_constant_memory() {
    const STEPS: usize = 2_000_000;
    for format in ["csv", "json"] {
        let steps = if format == "csv" { STEPS } else { STEPS / 40 };
        let mut child = Command::new(env!("CARGO_BIN_EXE_optiscape"))
            .args(["run", "--optimizer", "sgd", "--landscape", "booth"])
            .args(["--steps", &steps.to_string(), "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("binary runs");
        let pid = child.id();
        let mut stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let (mut bytes, mut newlines) = (0usize, 0usize);
            let mut buf = vec![0u8; 1 << 16];
            loop {
                match stdout.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        bytes += n;
                        newlines += buf[..n].iter().filter(|&&b| b == b'\n').count();
                    }
                }
            }
            (bytes, newlines)
        });
        let mut peak = 0;
        let status = loop {
            if let Some(kb) = peak_rss_kb(pid) {
                peak = peak.max(kb);
            }
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let (bytes, newlines) = reader.join().unwrap();
        assert!(status.success(), "{format}: {status:?}");
        if format == "csv" {
            assert_eq!(newlines, steps + 2, "header and every step");
        }
        assert!(bytes > 100 * steps, "{format}: {bytes} bytes");
        assert!(peak > 0, "{format}: VmHWM was never read");
        eprintln!("{format}, {steps} steps: peak RSS {peak} kB");
        assert!(peak < 50_000, "{format}: peak RSS {peak} kB");
    }
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_optiscape"))
        .args(["run", "--optimizer", "sgd", "--landscape", "booth"])
        .args(["--steps", "10000000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("step,x,y"), "{first}");
    // The reader is dropped here, as `| head -1` exits.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_write_error_is_one_line_and_status_74() {
    for args in [
        &[
            "run",
            "--optimizer",
            "sgd",
            "--landscape",
            "booth",
            "--steps",
            "5",
        ][..],
        &[
            "run",
            "--optimizer",
            "sgd",
            "--landscape",
            "booth",
            "--format",
            "json",
        ],
        &["list"],
        &["help"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = Command::new(env!("CARGO_BIN_EXE_optiscape"))
            .args(args)
            .stdout(full)
            .output()
            .expect("binary runs");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(74), "{args:?}: {err}");
        assert_eq!(
            err, "optiscape: cannot write output: No space left on device\n",
            "{args:?}"
        );
    }
}

#[test]
fn a_diverged_json_run_is_still_one_document() {
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
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["steps"].as_array().unwrap().len(), 2);
    assert_eq!(v["diverged"]["step"], 2);
    assert_eq!(v["config"]["steps"], 10);
}

/// The usage text is generated from the same table the parser reads: every option `list`
/// shows is documented, with its range, and so are the exit statuses.
#[test]
fn help_documents_every_option_and_exit_status() {
    let (code, help, _) = optiscape(&["help"]);
    assert_eq!(code, 0);
    let (_, list, _) = optiscape(&["list"]);
    for word in list.split_whitespace() {
        if let Some(key) = word.strip_prefix("--") {
            let key = key.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
            assert!(help.contains(&format!("  --{key} ")), "help lacks --{key}");
        }
    }
    let words = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "--beta2 F β: second-moment decay",
        "in [0, 1)",
        "0.9999 for adopt",
        "--dof N ν, student-t's degrees of freedom, a whole number in [1, 100]; default 3",
    ] {
        assert!(words.contains(needle), "help lacks {needle:?}");
    }
    for status in ["0", "1", "2", "74"] {
        assert!(
            help.contains(&format!("\n  {status} ")),
            "help lacks {status}"
        );
    }
    assert_eq!(optiscape(&["--help"]).1, help);
}

const SWEEP: &[&str] = &[
    "sweep",
    "--optimizer",
    "adam",
    "--landscape",
    "plateau",
    "--lr",
    "0.05",
    "--eps",
    "0",
    "--x",
    "beta2:0.5:0.999:5",
    "--y=beta1:0.5:0.999:4",
    "--steps",
    "300",
];

/// Every row is the core's cell for the same settings, in the grid's order, whatever the
/// number of threads.
#[test]
fn sweep_rows_are_the_cores_cells() {
    use optiscape::landscape::Landscape;
    use optiscape::optim::spec::Key;
    use optiscape::optim::Optimizer;
    use optiscape::sim::RunConfig;
    use optiscape::sweep::{evaluate, Axis, Grid, Sweep};
    let (code, out, err) = optiscape(&[SWEEP, &["--threads", "2"]].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(optiscape(&[SWEEP, &["--threads", "1"]].concat()).1, out);
    let mut base = RunConfig::new(Optimizer::Adam, Landscape::Plateau, 300);
    base.hyper.lr = 0.05;
    base.hyper.eps = 0.0;
    let s = Sweep::new(
        base,
        Grid {
            x: Axis::new(Key::Beta2, 0.5, 0.999, 5),
            y: Axis::new(Key::Beta1, 0.5, 0.999, 4),
        },
    );
    let cells = evaluate(&s, &(0..20).collect::<Vec<_>>());
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("beta2,beta1,growth,final_update,final_loss,diverged_at,distance,outcome")
    );
    let num = |f: &str| (!f.is_empty()).then(|| f.parse::<f64>().unwrap());
    let mut rows = 0;
    for (line, c) in lines.zip(&cells) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 8, "{line}");
        assert_eq!((num(f[0]), num(f[1])), (Some(c.x), Some(c.y)), "{line}");
        assert_eq!(num(f[2]), c.growth, "{line}");
        assert_eq!(num(f[3]), Some(c.final_update), "{line}");
        assert_eq!(num(f[4]), c.final_loss, "{line}");
        assert_eq!(f[5].parse::<usize>().ok(), c.diverged, "{line}");
        assert_eq!(num(f[6]), c.distance, "{line}");
        assert_eq!(f[7], c.outcome().name(), "{line}");
        rows += 1;
    }
    assert_eq!(rows, 20);
    assert_eq!(out.lines().count(), 21);
}

#[test]
fn sweep_impulse_needs_no_landscape() {
    let (code, out, err) = optiscape(&[
        "sweep",
        "--optimizer",
        "kadam",
        "--impulse",
        "--level",
        "2",
        "--x",
        "beta2:0.5:0.99:3",
        "--y",
        "beta1:0:0.99:2",
        "--steps",
        "200",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 7);
    // The header says which level's decays were swept.
    assert!(out.starts_with("beta2@2,beta1@2,growth,"), "{out}");
    // Loss and distance do not exist without a landscape.
    assert!(out.lines().skip(1).all(|l| l.contains(",,,")), "{out}");
}

#[test]
fn bad_sweeps_are_one_line_naming_the_field() {
    let with = |x: &str, y: &str| {
        let mut a: Vec<String> = ["sweep", "--optimizer", "adam", "--landscape", "plateau"]
            .map(String::from)
            .to_vec();
        a.extend(["--x".into(), x.into(), "--y".into(), y.into()]);
        a
    };
    let cases = [
        (
            with("beta2:0.5:0.9:0", "beta1:0.5:0.9:4"),
            "--x: beta2 needs 1 to 512 cells, got 0",
        ),
        (
            with("beta2:0.5:0.9:4", "beta1:0.5:0.9:513"),
            "--y: beta1 needs 1 to 512 cells, got 513",
        ),
        (
            with("beta2:0.5:1:4", "beta1:0.5:0.9:4"),
            "--x: beta2 must be in [0, 1), got 1",
        ),
        (
            with("beta2:0.5:0.9:4", "beta1:-0.5:0.9:4"),
            "--y: beta1 must be in [0, 1), got -0.5",
        ),
        (
            with("beta2:0.5:0.9:4", "beta2:0.5:0.9:4"),
            "--y: beta2 is already the x axis",
        ),
        (
            with("beta2:abc:0.9:4", "beta1:0.5:0.9:4"),
            "--x: lo must be a finite number, got 'abc'",
        ),
        (
            with("beta2:0.5:0.9:4", "beta1:0.5:0.9:four"),
            "--y: the number of cells must be a whole number",
        ),
        (
            with("beta2:0.5:0.9", "beta1:0.5:0.9:4"),
            "--x must be KEY:LO:HI:N",
        ),
        (
            with("eps:0.5:0.9:4", "beta1:0.5:0.9:4"),
            "--x: cannot sweep 'eps'",
        ),
        (
            with("lr:0:0.9:4", "beta1:0.5:0.9:4"),
            "--x: lr is on a log scale",
        ),
    ];
    for (args, needle) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&args, needle);
    }
    let base = "sweep --optimizer adam --landscape plateau --x beta2:0.5:0.9:4 --y beta1:0.5:0.9:4";
    for (extra, needle) in [
        ("--level 2", "--level applies to kadam only"),
        ("--steps 40000000", "--steps must be a whole number"),
        ("--steps 10000000 --x lr:0.1:1:64", "--x given twice"),
        ("--format json", "sweep has no --format"),
        (
            "--threads 0",
            "--threads must be a whole number in [1, 256]",
        ),
    ] {
        let line = format!("{base} {extra}");
        refused(&line.split(' ').collect::<Vec<_>>(), needle);
    }
    refused(
        &"sweep --optimizer sgd --landscape booth --x beta2:0.5:0.9:4 --y lr:0.1:1:4"
            .split(' ')
            .collect::<Vec<_>>(),
        "--x: optimizer sgd has no beta2",
    );
    refused(
        &"sweep --optimizer adam --landscape booth --x beta2:0.5:0.9:400 --y lr:0.1:1:400 --steps 5000"
            .split(' ')
            .collect::<Vec<_>>(),
        "--steps: a sweep takes at most 5e8 steps",
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_sweep_stops_quietly_at_a_closed_pipe_and_says_so_at_a_full_disk() {
    let args = [
        "sweep",
        "--optimizer",
        "momentum",
        "--landscape",
        "booth",
        "--x",
        "lr:0.001:0.01:512",
        "--y",
        "beta1:0:0.9:512",
    ];
    let mut child = Command::new(env!("CARGO_BIN_EXE_optiscape"))
        .args(args)
        .args(["--steps", "100"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(first.starts_with("lr,beta1,growth"), "{first}");
    drop(reader);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");

    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = Command::new(env!("CARGO_BIN_EXE_optiscape"))
        .args(args)
        .args(["--steps", "100"])
        .stdout(full)
        .output()
        .expect("binary runs");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(74), "{err}");
    assert_eq!(
        err,
        "optiscape: cannot write output: No space left on device\n"
    );
}

/// A typed formula runs as the built-in landscape with the same f does, row for row.
#[test]
fn a_formula_runs_and_sweeps_as_the_built_in_landscape() {
    let run = |land: &[&str]| {
        let args = [
            &[
                "run",
                "--optimizer",
                "adam",
                "--lr",
                "0.01",
                "--steps",
                "50",
            ][..],
            land,
            &["--start=-1.2,1"],
        ]
        .concat();
        optiscape(&args)
    };
    let (code, typed, err) = run(&["--formula", "(1-x)^2 + 100*(y-x^2)^2"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(typed, run(&["--landscape", "rosenbrock"]).1);
    assert_eq!(typed.lines().count(), 52);
    let sweep = |land: &[&str]| {
        let mut args: Vec<&str> = SWEEP.to_vec();
        let at = args.iter().position(|a| *a == "--landscape").unwrap();
        args.splice(at..at + 2, land.iter().copied());
        optiscape(&args)
    };
    let (code, typed, err) = sweep(&["--formula=-tanh(x) + 0.5*y^2", "--start=0,1"]);
    assert_eq!(code, 0, "{err}");
    let (_, built_in, _) = sweep(&["--landscape", "plateau"]);
    // The plateau documents no minimum either, so every column agrees.
    assert_eq!(typed, built_in);
}

#[test]
fn a_bad_formula_is_one_line_naming_the_column() {
    refused(
        &["run", "--optimizer", "adam", "--formula", "sin(3*x))*y"],
        "--formula: unexpected ')' at column 9",
    );
    refused(
        &[
            "sweep",
            "--optimizer",
            "adam",
            "--formula",
            "x +",
            "--x",
            "lr:0.01:0.1:2",
            "--y",
            "beta1:0:0.9:2",
        ],
        "--formula: ",
    );
    refused(
        &["run", "--optimizer", "adam", "--formula", &"x+".repeat(600)],
        "longer than 1000 characters",
    );
    refused(
        &[
            "run",
            "--optimizer",
            "adam",
            "--formula",
            &format!("{}x{}", "(".repeat(70), ")".repeat(70)),
        ],
        "--formula: ",
    );
    refused(
        &[
            "run",
            "--optimizer",
            "adam",
            "--formula",
            "x^2",
            "--landscape",
            "booth",
        ],
        "not both",
    );
    refused(
        &["run", "--optimizer", "adam"],
        "missing --landscape NAME (or --formula TEXT)",
    );
    refused(
        &[
            "run",
            "--optimizer",
            "adam",
            "--formula",
            "log(x)",
            "--start=-1,0",
        ],
        "is where the formula landscape is undefined",
    );
}

#[test]
fn a_run_onto_a_point_where_the_formula_is_undefined_stops_with_the_reason() {
    let (code, out, err) = optiscape(&[
        "run",
        "--optimizer",
        "sgd",
        "--lr",
        "0.1",
        "--formula",
        "x + sqrt(x) + y^2",
        "--start=0.35,0.5",
        "--steps",
        "100",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("run stopped at step") && err.contains("f is undefined there (NaN)"),
        "{err}"
    );
    assert!(out.lines().count() > 2);
}

#[test]
fn data_with_minibatches_is_reproducible_from_its_seeds_and_refused_elsewhere() {
    let args = |seed: &str, data_seed: &str| {
        let v = [
            "run",
            "--optimizer",
            "adam",
            "--data",
            "logistic",
            "--data-n",
            "120",
            "--spread",
            "1.5",
            "--data-seed",
            data_seed,
            "--noise",
            "minibatch",
            "--batch",
            "8",
            "--seed",
            seed,
            "--steps",
            "200",
            "--lr",
            "0.05",
        ];
        v.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let (code, out, err) = optiscape(&a);
        assert_eq!(code, 0, "{err}");
        out
    };
    let a = run(args("3", "1"));
    assert_eq!(a.lines().count(), 202);
    assert_eq!(a, run(args("3", "1")));
    let last = |s: &str| s.lines().last().unwrap().to_string();
    assert_ne!(
        last(&a),
        last(&run(args("4", "1"))),
        "another batch seed, another path"
    );
    assert_ne!(
        a.lines().nth(1),
        run(args("3", "2")).lines().nth(1),
        "another data seed, another start"
    );
    // A batch of the whole set is full-batch descent: no seed changes it.
    let full = |seed: &str| {
        let mut v = args(seed, "1");
        v[14] = "120".into();
        run(v)
    };
    assert_eq!(full("3"), full("4"));
    refused(
        &[
            "run",
            "--optimizer",
            "adam",
            "--landscape",
            "rosenbrock",
            "--noise",
            "minibatch",
        ],
        "needs a landscape from data",
    );
    refused(
        &["run", "--optimizer", "adam", "--data", "cubic"],
        "logistic or linear",
    );
    refused(
        &[
            "run",
            "--optimizer",
            "adam",
            "--data",
            "linear",
            "--spread",
            "1.5",
        ],
        "correlation must be in",
    );
    refused(
        &[
            "run",
            "--optimizer",
            "adam",
            "--data",
            "logistic",
            "--data-n",
            "3",
        ],
        "data-n",
    );
    refused(
        &[
            "run",
            "--optimizer",
            "adam",
            "--data",
            "linear",
            "--landscape",
            "booth",
        ],
        "alone",
    );
    refused(
        &[
            "run",
            "--optimizer",
            "adam",
            "--landscape",
            "booth",
            "--spread",
            "1",
        ],
        "has no --spread",
    );
    refused(
        &[
            "run",
            "--optimizer",
            "adam",
            "--data",
            "logistic",
            "--noise",
            "minibatch",
            "--batch",
            "0",
        ],
        "batch",
    );
}
