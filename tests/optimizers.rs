#![cfg(not(target_arch = "wasm32"))]
//! Every optimizer on several landscapes (with written-down exceptions), k-Adam against Adam,
//! and no panic or stray NaN for any hyperparameters in range.

use optiscape::landscape::{Landscape, Value};
use optiscape::noise::Noise;
use optiscape::optim::spec::Param;
use optiscape::optim::{AdoptVariant, Hyper, Optimizer, State};
use optiscape::sim::{run, RunConfig, Simulation, DIVERGENCE_BOUND};
use proptest::prelude::*;

/// A learning rate that suits each optimizer's scale on these landscapes.
fn lr(o: Optimizer) -> f64 {
    match o {
        Optimizer::Sgd | Optimizer::Momentum | Optimizer::Nesterov => 1e-3,
        Optimizer::AdaGrad => 0.2,
        Optimizer::Adopt => 0.1,
        Optimizer::KAdam => 2e-3,
        Optimizer::SignGd | Optimizer::Signum | Optimizer::Lion => 5e-3,
        _ => 0.02,
    }
}

const LANDSCAPES: [&str; 6] = [
    "quadratic",
    "rosenbrock",
    "booth",
    "himmelblau",
    "six-hump-camel",
    "bilinear",
];

/// Pairs that are not expected to lower the loss tenfold in 2,000 steps, and why.
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    ("signgd", "rosenbrock", "sign steps only move along diagonals: it zig-zags down the curved valley at a fixed step"),
    ("kadam", "booth", "2-Adam steps about η per coordinate (level 2 normalises Adam's output to ±1): 2,000 steps of 2e-3 cover 4 of the 13 units to the minimum"),
];

#[test]
fn every_optimizer_lowers_the_loss_on_every_landscape() {
    let mut failures = Vec::new();
    for o in Optimizer::ALL {
        for name in LANDSCAPES {
            let l = Landscape::from_name(name).unwrap();
            let mut cfg = RunConfig::new(o, l.clone(), 2000);
            cfg.hyper.lr = lr(o);
            let t = run(&cfg);
            let excepted = EXCEPTIONS
                .iter()
                .any(|(eo, el, _)| *eo == o.name() && *el == name);
            assert!(
                t.diverged.is_none(),
                "{} on {name} diverged: {:?}",
                o.name(),
                t.diverged
            );
            let floor = l.info().min_value.unwrap_or(0.0);
            let (first, last) = (
                t.records[0].loss - floor,
                t.records.last().unwrap().loss - floor,
            );
            let ok = last < 0.1 * first;
            if ok == excepted {
                failures.push(format!(
                    "{} on {name}: gap {first:.3e} -> {last:.3e} (exception listed: {excepted})",
                    o.name()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "unexpected outcomes:\n{}",
        failures.join("\n")
    );
}

/// On every landscape, from its default start: the run stays finite and ends lower than it
/// began, except where written down.
const NOT_LOWER: &[(&str, &str, &str)] = &[
    (
        "sgd",
        "goldstein-price",
        "gradients near 10⁶ at the start: a fixed step of 1e-3 overshoots far out",
    ),
    (
        "momentum",
        "goldstein-price",
        "the same overshoot as SGD, carried on by momentum",
    ),
    (
        "nesterov",
        "goldstein-price",
        "the same overshoot as SGD, carried on by momentum",
    ),
];

#[test]
fn every_optimizer_ends_lower_on_every_landscape() {
    let mut failures = Vec::new();
    for o in Optimizer::ALL {
        for l in Landscape::ALL {
            let mut cfg = RunConfig::new(o, l.clone(), 500);
            cfg.hyper.lr = lr(o);
            let t = run(&cfg);
            let excepted = NOT_LOWER
                .iter()
                .any(|(eo, el, _)| *eo == o.name() && *el == l.name());
            let lower = t.diverged.is_none() && t.records.last().unwrap().loss < t.records[0].loss;
            if lower == excepted {
                failures.push(format!(
                    "{} on {}: {:?} -> {:?} (exception listed: {excepted})",
                    o.name(),
                    l.name(),
                    t.records[0].loss,
                    t.records.last().map(|r| r.loss)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "unexpected outcomes:\n{}",
        failures.join("\n")
    );
}

#[test]
fn kadam_with_k1_is_adam_bit_for_bit_and_with_decay_is_adamw() {
    for (wd, twin) in [(0.0, Optimizer::Adam), (0.05, Optimizer::AdamW)] {
        for eps_inside in [false, true] {
            let mut a = RunConfig::new(twin, Landscape::Rosenbrock, 400);
            a.hyper = Hyper {
                lr: 0.03,
                weight_decay: wd,
                eps_inside,
                ..Hyper::default()
            };
            let mut k = a.clone();
            k.optimizer = Optimizer::KAdam;
            k.hyper.k = 1;
            assert_eq!(
                run(&a).records,
                run(&k).records,
                "wd {wd} eps_inside {eps_inside}"
            );
        }
    }
}

#[test]
fn two_adam_differs_from_adam_and_its_levels_can_have_own_decays() {
    let mut cfg = RunConfig::new(Optimizer::KAdam, Landscape::Rosenbrock, 200);
    cfg.hyper.lr = 0.02;
    cfg.hyper.k = 2;
    let two = run(&cfg);
    cfg.hyper.levels = vec![[0.0, 0.999]];
    let two_gamma0 = run(&cfg);
    cfg.hyper.k = 1;
    let one = run(&cfg);
    assert_ne!(two.records, one.records);
    assert_ne!(two.records, two_gamma0.records);
}

#[test]
fn hyperparameters_change_between_steps_without_resetting_the_moments() {
    let cfg = RunConfig {
        hyper: Hyper {
            lr: 0.01,
            ..Hyper::default()
        },
        ..RunConfig::new(Optimizer::Adam, Landscape::Rosenbrock, 0)
    };
    let mut sim = Simulation::new(&cfg);
    for _ in 0..50 {
        sim.step();
    }
    let before: State = sim.state().clone();
    let g = sim.current().unwrap().grad;
    sim.hyper.lr = 0.001;
    sim.hyper.beta1 = 0.5;
    sim.step();
    assert_eq!(sim.state().t, before.t + 1);
    // The first moment took one EMA step from where it was, with the new decay.
    for ((m, m0), gi) in sim.state().m.iter().zip(before.m).zip(g) {
        let want = 0.5 * m0 + 0.5 * gi;
        assert!((m - want).abs() <= 1e-12 * want.abs(), "{m} vs {want}");
    }
    assert_eq!(sim.current().unwrap().step, 51);
}

#[test]
fn adam_outside_the_stable_region_blows_up_on_the_plateau() {
    // Gould & Tanaka: C(β, γ) < 0 makes ‖u‖∞ grow like exp(|C|/2 · n) once the gradient collapses.
    let update_at = |beta2: f64, beta1: f64, n: usize| {
        let mut cfg = RunConfig::new(Optimizer::Adam, Landscape::Plateau, 400);
        cfg.hyper = Hyper {
            lr: 0.05,
            beta1,
            beta2,
            ..Hyper::default()
        };
        let t = run(&cfg);
        t.records[n].update_norm()
    };
    let (unstable_100, unstable_400) = (update_at(0.9, 0.99, 100), update_at(0.9, 0.99, 400));
    let stable_400 = update_at(0.999, 0.9, 400);
    assert!(
        unstable_400 > 1e4 && unstable_400 > 100.0 * unstable_100,
        "{unstable_100} -> {unstable_400}"
    );
    assert!(stable_400 < 1.0, "{stable_400}");
    let slope = (unstable_400.ln() - unstable_100.ln()) / 300.0;
    let exact = optiscape::theory::discrete_growth_rate(0.9, 0.99);
    assert!(
        (slope - exact).abs() < 0.01,
        "slope {slope} vs ln(γ/√β) {exact}"
    );
}

#[test]
fn adopt_first_call_only_initialises_v() {
    let mut cfg = RunConfig::new(Optimizer::Adopt, Landscape::Rosenbrock, 2);
    cfg.hyper.lr = 0.1;
    let t = run(&cfg);
    assert_eq!(t.records[1].theta, t.records[0].theta);
    let g = t.records[0].grad;
    // First real step: m = (1 − β1)·clip(g/|g|, 1) = 0.1·sign(g), θ moves by −η m.
    let d = [
        t.records[2].theta[0] - t.records[1].theta[0],
        t.records[2].theta[1] - t.records[1].theta[1],
    ];
    assert!((d[0] + 0.1 * 0.1 * g[0].signum()).abs() < 1e-12, "{d:?}");
}

#[test]
fn adopt_ablations_take_different_paths() {
    let paths: Vec<_> = AdoptVariant::ALL
        .iter()
        .map(|&variant| {
            let mut cfg = RunConfig::new(Optimizer::Adopt, Landscape::Beale, 100);
            cfg.hyper.lr = 0.05;
            cfg.hyper.variant = variant;
            run(&cfg).records
        })
        .collect();
    assert_ne!(paths[0], paths[1]);
    assert_ne!(paths[0], paths[2]);
    assert_ne!(paths[1], paths[2]);
}

#[test]
fn noisy_runs_repeat_with_the_seed_and_change_without_it() {
    let mut cfg = RunConfig::new(Optimizer::Adam, Landscape::Booth, 100);
    cfg.hyper.lr = 0.1;
    cfg.noise = Noise::StudentT { sigma: 1.0, dof: 2 };
    cfg.seed = 11;
    let a = run(&cfg);
    assert_eq!(a.records, run(&cfg).records);
    cfg.seed = 12;
    assert_ne!(a.records, run(&cfg).records);
}

#[test]
fn a_blow_up_stops_the_run_at_that_step_and_keeps_the_rows_before() {
    let mut cfg = RunConfig::new(Optimizer::Sgd, Landscape::GoldsteinPrice, 10);
    cfg.hyper.lr = 100.0;
    cfg.start = [1.5, 1.5];
    let t = run(&cfg);
    let d = t.diverged.expect("lr 100 on Goldstein–Price must blow up");
    assert_eq!(d.step, 2);
    assert_eq!(t.records.len(), 2);
    assert!(t.records.iter().all(|r| r.loss.is_finite()));
}

fn any_hyper(o: Optimizer, unit: Vec<f64>, flags: u8) -> Hyper {
    let spec = o.spec();
    let mut h = spec.defaults.clone();
    for (p, u) in spec.params.iter().zip(unit) {
        set_in_range(p, &mut h, u);
    }
    h.bias_correction = flags & 1 != 0;
    h.eps_inside = flags & 2 != 0;
    h.clip = flags & 4 != 0;
    h.decouple = flags & 8 != 0;
    h.variant = AdoptVariant::ALL[(flags as usize >> 4) % 3];
    h.levels = vec![[0.0, 0.5], [0.99, 0.0]];
    h
}

/// u in [0, 1] mapped onto the parameter's range (the open end just inside).
fn set_in_range(p: &Param, h: &mut Hyper, u: f64) {
    let [lo, hi] = p.range;
    let v = if p.key == optiscape::optim::spec::Key::K {
        (lo + (u * (hi - lo)).round()).min(hi)
    } else {
        lo + u * (hi - lo)
    };
    let v = if p.open_above && v >= hi {
        hi - 1e-12
    } else {
        v
    };
    p.set(h, v);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn no_optimizer_panics_or_draws_a_nan(
        oi in 0usize..14, li in 0usize..14,
        unit in proptest::collection::vec(0.0f64..=1.0, 6),
        flags in 0u8..64,
        x in -1e6f64..1e6, y in -1e6f64..1e6,
    ) {
        let o = Optimizer::ALL[oi];
        let l = Landscape::ALL[li].clone();
        let cfg = RunConfig { hyper: any_hyper(o, unit, flags), start: [x, y], ..RunConfig::new(o, l.clone(), 60) };
        prop_assert!(cfg.validate().is_ok(), "{:?}", cfg.validate());
        let t = run(&cfg);
        for r in &t.records {
            let all = [r.theta, r.grad, r.update, r.m, r.v, r.eff_lr];
            prop_assert!(all.iter().flatten().all(|v| v.is_finite()) && r.loss.is_finite());
            prop_assert!(r.theta.iter().all(|c| c.abs() <= DIVERGENCE_BOUND));
        }
        prop_assert_eq!(t.records.len() + t.diverged.is_some() as usize, 61usize.min(t.records.len() + 1).max(t.records.len()));
        if t.diverged.is_none() {
            prop_assert_eq!(t.records.len(), 61);
        }
        let _ = l.value(cfg.start);
    }
}
