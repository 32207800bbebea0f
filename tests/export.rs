#![cfg(not(target_arch = "wasm32"))]
//! The page's CSV and JSON of a run are what `optiscape run` prints for it: both write their
//! rows through `optiscape::export`, and this runs the binary to hold them to it.

use optiscape::export;
use optiscape::scene::Scene;
use std::process::Command;

fn optiscape(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_optiscape"))
        .args(args)
        .output()
        .expect("binary runs");
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The command line of each run of the page's first scene (see `Scene::default`).
fn commands() -> [Vec<&'static str>; 4] {
    let common = [
        "run",
        "--landscape",
        "rosenbrock",
        "--start=-1.2,1",
        "--steps",
        "1000",
        "--seed",
        "1",
    ];
    let with = |extra: &[&'static str]| [&common[..], extra].concat();
    [
        with(&["--optimizer", "momentum", "--lr", "0.001"]),
        with(&["--optimizer", "adam", "--lr", "0.05"]),
        with(&["--optimizer", "adopt", "--lr", "0.05", "--beta2", "0.9"]),
        with(&[
            "--optimizer",
            "kadam",
            "--lr",
            "0.05",
            "--k",
            "2",
            "--levels",
            "0:0.999",
        ]),
    ]
}

#[test]
fn the_pages_csv_and_json_are_the_clis_for_every_run_of_a_scene() {
    let scene = Scene::default();
    let configs = scene.configs();
    let trajectories = scene.trajectories();
    for ((cmd, cfg), t) in commands().iter().zip(&configs).zip(&trajectories) {
        assert_eq!(optiscape(cmd), export::csv(t), "{cmd:?}");
        let mut json_cmd = cmd.clone();
        json_cmd.extend(["--format", "json"]);
        assert_eq!(optiscape(&json_cmd), export::json(cfg, t), "{cmd:?}");
    }
    // The page's one file of every run: a run column, then the command's rows.
    let ids: Vec<u32> = scene.runs.iter().map(|r| r.id).collect();
    let pairs: Vec<_> = ids.iter().copied().zip(&trajectories).collect();
    let all = export::csv_runs(&pairs);
    let mut lines = all.lines();
    assert_eq!(lines.next(), Some(&*format!("run,{}", export::CSV_HEADER)));
    for (id, cmd) in ids.iter().zip(commands()) {
        let cli = optiscape(&cmd);
        let want: Vec<String> = cli.lines().skip(1).map(|l| format!("{id},{l}")).collect();
        let got: Vec<&str> = lines.by_ref().take(want.len()).collect();
        assert_eq!(got, want, "run {id}");
    }
    assert_eq!(lines.next(), None);
    let docs: Vec<_> = ids
        .iter()
        .copied()
        .zip(configs.iter().zip(&trajectories))
        .map(|(id, (c, t))| (id, c, t))
        .collect();
    let v: serde_json::Value = serde_json::from_str(&export::json_runs(&docs)).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(4));
    let cli: serde_json::Value = serde_json::from_str(&optiscape(
        &[&commands()[1][..], &["--format", "json"]].concat(),
    ))
    .unwrap();
    assert_eq!(v[1]["run"], 2);
    assert_eq!(v[1]["output"], cli);
}
