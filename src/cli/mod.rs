//! The `optiscape` command line: `run` streams a trajectory, `sweep` one row per cell of a
//! hyperparameter grid, `list` the optimizers and landscapes, `help` the usage. Exit statuses are [`EXIT_OK`], [`EXIT_DIVERGED`],
//! [`EXIT_USAGE`] and [`EXIT_WRITE`]; every message is one line on stderr.

mod options;
mod output;
mod sweep;
mod usage;

use optiscape::text::quote;
use std::ffi::OsString;
use std::io::{self, ErrorKind, Write};

pub const EXIT_OK: i32 = 0;
/// The run diverged; the rows before it were printed.
pub const EXIT_DIVERGED: i32 = 1;
/// Bad command line; nothing was printed on stdout.
pub const EXIT_USAGE: i32 = 2;
/// The output could not be written (sysexits' EX_IOERR).
pub const EXIT_WRITE: i32 = 74;

/// What the command line asks for.
enum Command {
    Help,
    List,
    Run(optiscape::sim::RunConfig, output::Format),
    Sweep(sweep::Settings),
}

/// Runs the command line `args` (without the program name); returns the exit status.
pub fn main(args: impl IntoIterator<Item = OsString>) -> i32 {
    let command = match utf8(args).and_then(|args| parse(&args)) {
        Ok(c) => c,
        Err(e) => {
            say(&format!("error: {e}"));
            return EXIT_USAGE;
        }
    };
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let written = match command {
        Command::Help => out.write_all(usage::usage().as_bytes()).map(|_| None),
        Command::List => out.write_all(usage::list().as_bytes()).map(|_| None),
        Command::Run(cfg, format) => output::run(&cfg, format, &mut out),
        Command::Sweep(s) => sweep::stream(&s.sweep, s.threads, &mut out).map(|_| None),
    };
    match written.and_then(|d| out.flush().map(|_| d)) {
        Ok(None) => EXIT_OK,
        Ok(Some(d)) => {
            let what = if d.undefined() { "stopped" } else { "diverged" };
            say(&format!("run {what} at step {}: {}", d.step, d.reason));
            EXIT_DIVERGED
        }
        // The reader took what it wanted (`| head`): stopping is the expected end, not a fault.
        Err(e) if e.kind() == ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            say(&format!("cannot write output: {}", os_message(&e)));
            EXIT_WRITE
        }
    }
}

/// One line on stderr; if stderr itself is gone there is no one left to tell.
fn say(message: &str) {
    let _ = writeln!(io::stderr().lock(), "optiscape: {message}");
}

/// The system's wording without Rust's " (os error N)" suffix.
fn os_message(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn utf8(args: impl IntoIterator<Item = OsString>) -> Result<Vec<String>, String> {
    args.into_iter()
        .enumerate()
        .map(|(i, a)| {
            a.into_string().map_err(|a| {
                format!(
                    "argument {} is not valid UTF-8: {}",
                    i + 1,
                    quote(&a.to_string_lossy())
                )
            })
        })
        .collect()
}

fn parse(args: &[String]) -> Result<Command, String> {
    let no_more = |what: &str| match args.get(1) {
        None => Ok(()),
        Some(extra) => Err(format!("{what} takes no arguments, got {}", quote(extra))),
    };
    match args.first().map(String::as_str) {
        Some("run") => {
            options::parse_run(&args[1..]).map(|(cfg, format)| Command::Run(cfg, format))
        }
        Some("sweep") => sweep::parse(&args[1..]).map(Command::Sweep),
        Some("list") => no_more("list").map(|_| Command::List),
        Some(h @ ("help" | "--help" | "-h")) => no_more(h).map(|_| Command::Help),
        Some(other) => Err(format!(
            "unknown command {} (expected run, sweep, list or help)",
            quote(other)
        )),
        None => Err("missing command (expected run, sweep, list or help)".to_string()),
    }
}
