//! The captions of the papers' lessons, measured: each claim holds over seeds and nearby
//! settings, as `tests/lessons.rs` does for the other lessons. Print the numbers with
//! `cargo test --test paper_lessons -- --nocapture`.

use optiscape::lessons;
use optiscape::theory::adopt_toy::{AdoptToy, ToyConfig, ToyMethod};

/// Final medians [method][β2] of the ADOPT lesson's study with `edit` applied.
fn toy_medians(edit: impl FnOnce(&mut ToyConfig)) -> (ToyConfig, Vec<Vec<f64>>) {
    let mut cfg = lessons::adopt_toy::study();
    edit(&mut cfg);
    let mut toy = AdoptToy::new(cfg.clone()).unwrap();
    toy.advance(u64::MAX);
    let m = cfg
        .methods
        .iter()
        .map(|m| {
            (0..cfg.beta2s.len())
                .map(|b| toy.latest(*m, b, 0).unwrap().median)
                .collect()
        })
        .collect();
    (cfg, m)
}

/// k = 10 (and 8, 12), seeds 1–3, α ×0.7 and ×1.4: Adam's median ends above +0.9 for
/// β2 ≤ 0.9 and below −0.9 at 0.999; ADOPT without clip below −0.9 for every β2, clipped below
/// −0.5 (measured −0.99 to −1.00, but −0.64 at k = 12, β2 = 0.999); AMSGrad below −0.3 (−0.56
/// to −0.89 at k = 10 for β2 ≤ 0.9: slow for small β2).
#[test]
fn adopt_toy_k10_adam_ends_at_the_worst_point_unless_beta2_is_large() {
    let mut failures = Vec::new();
    for (k, alpha, seed) in [
        (10.0, 0.01, 1),
        (10.0, 0.01, 2),
        (10.0, 0.01, 3),
        (8.0, 0.01, 1),
        (12.0, 0.01, 1),
        (10.0, 0.007, 1),
        (10.0, 0.014, 1),
    ] {
        let (cfg, m) = toy_medians(|c| {
            c.k = vec![k];
            c.alpha = alpha;
            c.seed = seed;
        });
        for (mi, method) in cfg.methods.iter().enumerate() {
            for (bi, b2) in cfg.beta2s.iter().enumerate() {
                let x = m[mi][bi];
                let ok = match method {
                    ToyMethod::Adam if *b2 <= 0.9 => x > 0.9,
                    ToyMethod::Adam => x < -0.9,
                    ToyMethod::AmsGrad => x < -0.3,
                    ToyMethod::AdoptClipped => x < -0.5,
                    _ => x < -0.9,
                };
                eprintln!(
                    "k {k} α {alpha} seed {seed} {} β2 {b2}: {x:+.3}",
                    method.name()
                );
                if !ok {
                    failures.push(format!(
                        "k {k} α {alpha} seed {seed} {} β2 {b2}: {x:+.3}",
                        method.name()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// "Try k = 50" with the panel's other settings: Adam's median stays above 0 even at
/// β2 = 0.999 (measured +0.55 to +0.81) and the clipped ADOPT's above +0.9 for β2 ≤ 0.9
/// (+0.99 to +1.00), seeds 1–3.
#[test]
fn adopt_toy_k50_adam_fails_at_0999_and_the_clip_pushes_adopt_up() {
    let mut failures = Vec::new();
    for seed in 1..=3 {
        let (cfg, m) = toy_medians(|c| {
            c.k = vec![50.0];
            c.seed = seed;
        });
        for (mi, method) in cfg.methods.iter().enumerate() {
            for (bi, b2) in cfg.beta2s.iter().enumerate() {
                let x = m[mi][bi];
                eprintln!("k 50 seed {seed} {} β2 {b2}: {x:+.3}", method.name());
                let ok = match method {
                    ToyMethod::Adam => x > 0.0,
                    ToyMethod::AdoptClipped if *b2 <= 0.9 => x > 0.9,
                    _ => true,
                };
                if !ok {
                    failures.push(format!("seed {seed} {} β2 {b2}: {x:+.3}", method.name()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

use optiscape::render::bound::BoundSpec;
use optiscape::scene::Scene;
use optiscape::sim::run;
use optiscape::theory::overlay::{compute, FlowKind, FlowPath};
use optiscape::Vec2;

fn scene_of(key: &str) -> Scene {
    (lessons::find(key).unwrap().build)()
}

/// Run `i` of `scene`: its path and the flow of `kind` beside it.
fn flow(scene: &Scene, i: usize, kind: FlowKind) -> (Vec<Vec2>, FlowPath) {
    let cfg = &scene.configs()[i];
    let path: Vec<Vec2> = run(cfg).records.iter().map(|r| r.theta).collect();
    let f = compute(kind, cfg, &path).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
    (path, f)
}

/// The lesson's run at η ∈ {0.025, 0.05}, γ ∈ {0.85, 0.9}, β ∈ {0.99, 0.995, 0.999}: the
/// continuous model stays within 0.2η (measured 0.083–0.197η), the first-order one strays at
/// least 1.8 times as far (1.82–4.55), and ‖u‖∞ never passes the exact bound, which step 1
/// reaches. (At η = 0.075 the two models come together, ratio 1.07–2.03: left out.)
#[test]
fn continuous_adam_tracks_the_run_needs_its_second_order_term_and_u_stays_bounded() {
    let base = scene_of("continuous-adam");
    assert!(base.runs[0].overlays.continuous && base.runs[0].overlays.continuous_first);
    let mut failures = Vec::new();
    for lr in [0.025, 0.05] {
        for gamma in [0.85, 0.9] {
            for beta in [0.99, 0.995, 0.999] {
                let mut s = base.clone();
                let h = &mut s.runs[0].hyper;
                (h.lr, h.beta1, h.beta2) = (lr, gamma, beta);
                let (_, second) = flow(&s, 0, FlowKind::Continuous);
                let (_, first) = flow(&s, 0, FlowKind::ContinuousFirst);
                let ratio = first.max_eta / second.max_eta;
                let t = run(&s.configs()[0]);
                let spec = BoundSpec::of(s.runs[0].optimizer, &s.runs[0].hyper).unwrap();
                let worst = t.records[1..]
                    .iter()
                    .map(|r| r.update_norm() / spec.exact(r.step).unwrap())
                    .fold(0.0, f64::max);
                let first_step = t.records[1].update_norm() / spec.exact(1).unwrap();
                let tag = format!("η {lr} γ {gamma} β {beta}: {:.3}η, first-order {:.3}η, ratio {ratio:.2}, max u/bound {worst:.4}, at step 1 {first_step:.4}", second.max_eta, first.max_eta);
                eprintln!("{tag}");
                if second.max_eta > 0.2 || ratio < 1.8 || worst > 1.0 + 1e-9 || first_step < 0.999 {
                    failures.push(tag);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // "tends to 2.40 (the exact one to 2.35)", C = +0.21.
    let spec = BoundSpec::of(base.runs[0].optimizer, &base.runs[0].hyper).unwrap();
    assert!((spec.paper(10_000_000).unwrap() - 2.40).abs() < 0.005);
    assert!((spec.exact(10_000_000).unwrap() - 2.35).abs() < 0.005);
    assert!((optiscape::theory::stability_margin(0.99, 0.9) - 0.21).abs() < 0.005);
}

/// The lesson at h ∈ {5e-4, 1e-3, 2e-3} (steps scaled to the same time) with orange's
/// (β, ρ) ∈ {(0.9, 0.5), (0.8, 0.5), (0.9, 0.8)}, all c > 0: blue stays within 0.4η of the
/// plain flow (measured 0.29–0.31η); orange ends right of blue on the valley (towards (1, 1));
/// the modified flow ends within 1.2η of orange (0.36–1.09η) and the plain flow at least 2.5
/// times farther (1.46–3.43η); the modified flow's largest distance is also the smaller.
/// And the counterexample: at (0.5, 0.9), h = 1e-3, the modified flow ends over 100η away.
#[test]
fn modified_flow_follows_the_run_and_the_end_shifts_with_c() {
    let base = scene_of("modified-flow");
    let mut failures = Vec::new();
    for lr in [5e-4, 1e-3, 2e-3] {
        for (b1, b2) in [(0.9, 0.5), (0.8, 0.5), (0.9, 0.8)] {
            let lr: f64 = lr;
            let mut s = base.clone();
            s.steps = (2.0 / lr).round() as usize;
            for r in &mut s.runs {
                r.hyper.lr = lr;
            }
            (s.runs[1].hyper.beta1, s.runs[1].hyper.beta2) = (b1, b2);
            let (blue, blue_flow) = flow(&s, 0, FlowKind::Leading);
            let (orange, modified) = flow(&s, 1, FlowKind::Modified);
            let (_, plain) = flow(&s, 1, FlowKind::Leading);
            let (be, oe) = (blue.last().unwrap(), orange.last().unwrap());
            let tag = format!(
                "h {lr} ({b1}, {b2}): blue {:.3}η from the plain flow; orange end x {:.4} vs blue {:.4}; modified final {:.3}η max {:.2}η, plain final {:.3}η max {:.2}η",
                blue_flow.max_eta, oe[0], be[0], modified.final_eta, modified.max_eta, plain.final_eta, plain.max_eta
            );
            eprintln!("{tag}");
            if blue_flow.max_eta > 0.4
                || oe[0] <= be[0]
                || modified.final_eta > 1.2
                || plain.final_eta < 2.5 * modified.final_eta
                || modified.max_eta >= plain.max_eta
            {
                failures.push(tag);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let mut s = base.clone();
    (s.runs[1].hyper.beta1, s.runs[1].hyper.beta2) = (0.5, 0.9);
    let (_, m) = flow(&s, 1, FlowKind::Modified);
    assert!(m.final_eta > 100.0, "{}", m.final_eta);
}
