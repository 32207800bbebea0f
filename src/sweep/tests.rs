use super::*;
use crate::landscape::Landscape;

fn adam_grid(nx: usize, ny: usize) -> Sweep {
    Sweep::new(
        RunConfig::new(Optimizer::Adam, Landscape::Plateau, 50),
        Grid {
            x: Axis::new(Key::Beta2, 0.5, 0.999, nx),
            y: Axis::new(Key::Beta1, 0.5, 0.999, ny),
        },
    )
}

fn refusal(s: &Sweep) -> SweepError {
    s.validate().expect_err("refused")
}

#[test]
fn decays_are_even_in_log_of_one_minus_v() {
    let a = Axis::new(Key::Beta2, 0.9, 0.999, 3);
    assert_eq!(a.value(0), 0.9);
    assert!((a.value(1) - 0.99).abs() < 1e-14, "{}", a.value(1));
    assert_eq!(a.value(2), 0.999);
    let lr = Axis::new(Key::Lr, 1e-4, 1.0, 5);
    let v = lr.values();
    for (got, want) in v.iter().zip([1e-4, 1e-3, 1e-2, 1e-1, 1.0]) {
        assert!((got / want - 1.0).abs() < 1e-12, "{got} {want}");
    }
    assert_eq!(Axis::new(Key::Beta1, 0.3, 0.9, 1).values(), vec![0.3]);
}

#[test]
fn a_cell_sets_its_two_values_and_keeps_the_rest() {
    let mut s = adam_grid(4, 3);
    s.base.hyper.lr = 0.05;
    let i = 2 * 4 + 1;
    assert_eq!(s.grid.position(i), (1, 2));
    let h = s.hyper(i);
    assert_eq!(h.beta2, s.grid.x.value(1));
    assert_eq!(h.beta1, s.grid.y.value(2));
    assert_eq!(h.lr, 0.05);
    assert_eq!(s.config(i).landscape, Landscape::Plateau);
}

#[test]
fn a_kadam_level_axis_fills_the_levels_below_with_level_one() {
    let mut base = RunConfig::new(Optimizer::KAdam, Landscape::Plateau, 10);
    base.hyper.k = 3;
    base.hyper.beta1 = 0.8;
    base.hyper.beta2 = 0.95;
    let mut s = Sweep::new(
        base,
        Grid {
            x: Axis::new(Key::Beta2, 0.5, 0.9, 2),
            y: Axis::new(Key::Beta1, 0.3, 0.6, 2),
        },
    );
    s.level = 3;
    assert_eq!(s.validate(), Ok(()));
    let h = s.hyper(3);
    assert_eq!(h.levels, vec![[0.8, 0.95], [0.6, 0.9]]);
    assert_eq!(h.level(1), [0.8, 0.95]);
    assert_eq!(h.level(3), [0.6, 0.9]);
    s.level = 4;
    assert_eq!(refusal(&s).field, Field::Level);
    assert!(refusal(&s).message.contains("[1, 3]"), "{}", refusal(&s));
}

/// A change that spoils a valid sweep.
type Change = Box<dyn Fn(&mut Sweep)>;

#[test]
fn bad_grids_are_refused_naming_the_field() {
    let ok = adam_grid(512, 1);
    assert_eq!(ok.validate(), Ok(()));
    let cases: Vec<(Change, Field, &str)> = vec![
        (
            Box::new(|s| s.grid.x.n = 0),
            Field::X,
            "x: beta2 needs 1 to 512 cells, got 0",
        ),
        (
            Box::new(|s| s.grid.y.n = 513),
            Field::Y,
            "y: beta1 needs 1 to 512 cells, got 513",
        ),
        (
            Box::new(|s| s.grid.x.hi = 1.0),
            Field::X,
            "x: beta2 must be in [0, 1), got 1",
        ),
        (
            Box::new(|s| s.grid.y.lo = -0.1),
            Field::Y,
            "y: beta1 must be in [0, 1), got -0.1",
        ),
        (
            Box::new(|s| s.grid.x.lo = f64::NAN),
            Field::X,
            "x: beta2 must be in",
        ),
        (
            Box::new(|s| s.grid.x.lo = 0.9999),
            Field::X,
            "range must go up",
        ),
        (
            Box::new(|s| s.grid.y.key = Key::Beta2),
            Field::Y,
            "y: beta2 is already the x axis",
        ),
        (
            Box::new(|s| s.grid.y.key = Key::Eps),
            Field::Y,
            "eps cannot be swept",
        ),
        (
            Box::new(|s| {
                s.grid.y = Axis::new(Key::Lr, 0.0, 1.0, 4);
            }),
            Field::Y,
            "log scale",
        ),
        (
            Box::new(|s| {
                s.grid.x.n = 100;
                s.grid.y.n = 100;
                s.base.steps = 50_001;
            }),
            Field::Steps,
            "at most 5e8 steps",
        ),
        (Box::new(|s| s.level = 2), Field::Level, "kadam only"),
        (
            Box::new(|s| s.base.optimizer = Optimizer::Sgd),
            Field::X,
            "optimizer sgd has no beta2",
        ),
        (
            Box::new(|s| s.base.hyper.lr = -1.0),
            Field::Base,
            "lr must be in",
        ),
    ];
    for (change, field, needle) in cases {
        let mut s = adam_grid(8, 8);
        change(&mut s);
        let e = refusal(&s);
        assert_eq!(e.field, field, "{e}");
        assert!(e.message.contains(needle), "'{e}' lacks '{needle}'");
        assert_eq!(e.to_string().lines().count(), 1);
    }
    let mut s = adam_grid(100, 100);
    s.base.steps = 50_000;
    assert_eq!(s.validate(), Ok(()), "exactly 5e8 steps is allowed");
}

#[test]
fn progressive_order_is_coarse_first_and_complete() {
    for (nx, ny) in [(64, 64), (1, 1), (7, 3), (33, 100), (512, 2)] {
        let g = adam_grid(nx, ny).grid;
        let order = g.progressive_order();
        let mut seen = vec![false; g.cells()];
        for &i in &order {
            assert!(!seen[i], "{nx}×{ny}: {i} twice");
            seen[i] = true;
        }
        assert!(seen.iter().all(|&s| s), "{nx}×{ny}: a cell is missing");
        // Strides never increase along the order.
        let strides: Vec<usize> = order.iter().map(|&i| g.stride(i)).collect();
        assert!(strides.windows(2).all(|w| w[0] >= w[1]), "{nx}×{ny}");
    }
    let g = adam_grid(64, 64).grid;
    assert_eq!(g.coarsest_stride(), 8);
    let first: Vec<(usize, usize)> = g.progressive_order()[..64]
        .iter()
        .map(|&i| g.position(i))
        .collect();
    assert!(first.iter().all(|&(i, j)| i % 8 == 0 && j % 8 == 0));
}

#[test]
fn chunks_keep_the_order_grow_from_small_and_cap_their_steps() {
    let s = adam_grid(64, 64); // 50 steps a cell
    let chunks = s.chunks(4_000, 8);
    let flat: Vec<usize> = chunks.iter().flatten().copied().collect();
    assert_eq!(flat, s.grid.progressive_order());
    let sizes: Vec<usize> = chunks.iter().map(Vec::len).collect();
    assert_eq!(&sizes[..5], [8, 16, 32, 64, 80]);
    assert!(sizes[..sizes.len() - 1].iter().all(|&n| n <= 80));
    // More steps a cell than a chunk holds: one cell a chunk, never none.
    assert!(adam_grid(3, 3).chunks(10, 8).iter().all(|c| c.len() == 1));
}

#[test]
fn growth_rate_reads_the_second_half() {
    // Flat for 100 steps, then e^{0.03 n}: the window (100, 200] sees only the growth.
    let norms: Vec<f64> = (1..=200)
        .map(|n| {
            if n <= 100 {
                1.0
            } else {
                (0.03 * (n - 100) as f64).exp()
            }
        })
        .collect();
    assert!((growth_rate(&norms).unwrap() - 0.03).abs() < 1e-12);
    assert_eq!(growth_rate(&[1.0, 0.5, 0.0]), Some(f64::NEG_INFINITY));
    assert_eq!(growth_rate(&[]), None);
    assert_eq!(growth_rate(&[2.0]), None);
}

fn phase_sweep(n: usize) -> Sweep {
    let mut base = RunConfig::new(Optimizer::Adam, Landscape::Plateau, 400);
    // As in tests/sweep.rs: at 1e-3 the run barely leaves the start in 400 steps, the
    // gradient never collapses, and no cell grows.
    base.hyper.lr = 0.05;
    base.hyper.eps = 0.0;
    Sweep::new(base, phase_grid(n))
}

#[test]
fn the_phase_grid_sits_where_the_diagram_puts_decays() {
    let g = phase_grid(9);
    assert_eq!((g.x.key, g.y.key), (Key::Beta2, Key::Beta1));
    assert_eq!(g.cells(), 81);
    for i in 0..9 {
        let u = crate::render::phase::position(g.x.value(i));
        assert!((u - i as f64 / 8.0).abs() < 1e-9, "{i}: {u}");
        assert_eq!(g.x.value(i), g.y.value(i));
    }
    assert_eq!(g.x.value(8), crate::render::phase::TOP);
    assert_eq!(phase_sweep(64).validate(), Ok(()));
}

#[test]
fn a_sweep_survives_json_and_a_tampered_one_is_refused_naming_the_field() {
    let mut s = phase_sweep(9);
    s.mode = Mode::Impulse;
    s.base.seed = 7;
    let json = s.to_json();
    assert!(json.contains(r#""key":"beta2""#), "{json}");
    assert!(json.contains(r#""mode":"impulse""#), "{json}");
    assert_eq!(Sweep::from_json(&json), Ok(s.clone()));
    // Level and mode may be left out.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v.as_object_mut().unwrap().remove("level");
    v.as_object_mut().unwrap().remove("mode");
    let short = Sweep::from_json(&v.to_string()).unwrap();
    assert_eq!((short.level, short.mode), (1, Mode::Landscape));

    let refused = |edit: &dyn Fn(&mut serde_json::Value), want: &str| {
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        edit(&mut v);
        let err = Sweep::from_json(&v.to_string()).unwrap_err();
        assert!(err.contains(want), "'{err}' does not say '{want}'");
        assert_eq!(err.lines().count(), 1, "{err}");
    };
    refused(
        &|v| v["grid"]["x"]["n"] = 100_000.into(),
        "x: beta2 needs 1 to 512 cells, got 100000",
    );
    refused(
        &|v| v["grid"]["y"]["key"] = "eps".into(),
        "y: eps cannot be swept",
    );
    refused(
        &|v| v["grid"]["y"]["key"] = "momentum\n".into(),
        "sweep: could not be read (unknown hyperparameter 'momentum\\n'",
    );
    refused(
        &|v| v["grid"]["x"]["n"] = (-3).into(),
        "sweep: could not be read",
    );
    refused(
        &|v| v["grid"]["x"]["hi"] = 1.5.into(),
        "x: beta2 must be in [0, 1)",
    );
    refused(&|v| v["mode"] = "loud".into(), "unknown variant `loud`");
    refused(&|v| v["level"] = 2.into(), "level applies to kadam only");
    refused(
        &|v| v["base"]["steps"] = 20_000_000.into(),
        "steps must be at most 10000000, got 20000000",
    );
    refused(
        &|v| v["base"]["steps"] = 8_000_000.into(),
        "steps: a sweep takes at most",
    );
    refused(
        &|v| v["base"]["hyper"]["lr"] = (-1.0).into(),
        "lr must be in",
    );
    for bad in [
        "",
        "{",
        "null",
        "[]",
        "{\"grid\": 3}",
        "\u{0}",
        &"[".repeat(10_000),
    ] {
        let err = Sweep::from_json(bad).unwrap_err();
        assert!(err.starts_with("sweep: "), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn cells_survive_rows() {
    let cells = [
        Cell {
            index: 17,
            x: 0.9,
            y: 0.99,
            growth: Some(0.0123),
            final_update: 3.5,
            final_loss: Some(2e-4),
            diverged: None,
            distance: Some(0.5),
        },
        Cell {
            index: 0,
            x: 0.0,
            y: 0.0,
            growth: None,
            final_update: 0.0,
            final_loss: None,
            diverged: None,
            distance: None,
        },
        Cell {
            index: 262_143,
            x: 0.9999,
            y: 0.5,
            growth: Some(f64::NEG_INFINITY),
            final_update: 0.0,
            final_loss: Some(-1.5),
            diverged: Some(412),
            distance: None,
        },
    ];
    for c in &cells {
        let row = c.to_row();
        assert_eq!(row.len(), ROW);
        assert_eq!(Cell::from_row(&row), Some(*c));
    }
    let all = rows(&cells);
    assert_eq!(all.len(), 3 * ROW);
    assert_eq!(from_rows(&all), Ok(cells.to_vec()));
    assert_eq!(from_rows(&[]), Ok(vec![]));
    // A row that did not come from a cell.
    let row = cells[0].to_row();
    assert_eq!(Cell::from_row(&row[..ROW - 1]), None);
    assert_eq!(Cell::from_row(&[row.as_slice(), &[0.0]].concat()), None);
    for index in [-1.0, 1.5, f64::NAN, f64::INFINITY] {
        let mut r = row;
        r[0] = index;
        assert_eq!(Cell::from_row(&r), None, "index {index}");
    }
    for step in [-1.0, 2.5, f64::INFINITY] {
        let mut r = row;
        r[6] = step;
        assert_eq!(Cell::from_row(&r), None, "step {step}");
    }
    let err = from_rows(&all[..all.len() - 1]).unwrap_err();
    assert!(err.contains("not whole rows of 8"), "{err}");
    let mut bad = all.clone();
    bad[ROW] = -2.0;
    let err = from_rows(&bad).unwrap_err();
    assert!(err.contains("row 1"), "{err}");
}

#[test]
fn a_small_phase_sweep_grows_above_the_boundary_and_not_below() {
    use crate::render::map::{self, Measure};
    let s = phase_sweep(9);
    s.validate().unwrap();
    let order = s.grid.progressive_order();
    let cells: Vec<Cell> = order.chunks(10).flat_map(|c| evaluate(&s, c)).collect();
    assert_eq!(cells.len(), 81);
    let scale = map::scale(Measure::Growth, &cells);
    let (mut above, mut below) = (0, 0);
    for c in &cells {
        let (beta, gamma) = (c.x, c.y);
        let colour = map::color(Measure::Growth, &scale, c);
        if gamma > beta.sqrt() * 1.05 {
            above += 1;
            assert_ne!(c.outcome(), Outcome::Bounded, "({beta}, {gamma}): {c:?}");
            let [r, _, b] = colour;
            assert!(
                colour == map::DIVERGED_RGB || r > b,
                "({beta}, {gamma}): {colour:?}"
            );
        } else if gamma < beta.sqrt() * 0.95 {
            below += 1;
            assert_eq!(c.outcome(), Outcome::Bounded, "({beta}, {gamma}): {c:?}");
        }
    }
    assert!(above >= 10 && below >= 10, "{above} above, {below} below");
}

/// A cell as [`crate::sim::Simulation`] computes it, one full record per step, with the
/// growth fitted straight from the norms: what [`evaluate`] must give bit for bit.
fn reference_cell(s: &Sweep, index: usize) -> Cell {
    use crate::sim::Simulation;
    let mut norms = Vec::new();
    let mut cell = s.blank(index);
    match s.mode {
        Mode::Landscape => {
            let cfg = s.config(index);
            let mut sim = Simulation::new(&cfg);
            for _ in 0..cfg.steps {
                match sim.step() {
                    Some(r) => norms.push(r.update_norm()),
                    None => break,
                }
            }
            cell.diverged = sim.diverged.map(|d| d.step);
            if let Some(r) = sim.current() {
                cell.final_loss = Some(r.loss);
                cell.distance = cfg
                    .landscape
                    .info()
                    .minima
                    .iter()
                    .map(|m| (r.theta[0] - m[0]).hypot(r.theta[1] - m[1]))
                    .min_by(f64::total_cmp);
            }
        }
        Mode::Impulse => {
            let h = s.hyper(index);
            let probe = crate::theory::impulse::impulse(s.base.optimizer, &h, IMPULSE_ON);
            for (n, u) in probe.take(s.base.steps).enumerate() {
                if !u.is_finite() {
                    cell.diverged = Some(n + 1);
                    break;
                }
                norms.push(u);
            }
        }
    }
    cell.final_update = norms.last().copied().unwrap_or(0.0);
    cell.growth = (|| {
        let window = &norms[norms.len() / 2..];
        if *window.last()? == 0.0 {
            return Some(f64::NEG_INFINITY);
        }
        crate::theory::fit_slope(
            window
                .iter()
                .enumerate()
                .filter(|(_, u)| **u > 0.0 && u.is_finite())
                .map(|(i, u)| (i as f64, crate::pack::ln(*u))),
        )
    })();
    cell
}

/// `c` is bit for bit [`reference_cell`]'s cell.
fn assert_is_its_own_run(s: &Sweep, c: &Cell, what: &str) {
    let want = reference_cell(s, c.index);
    let bits = |c: &Cell| c.to_row().map(f64::to_bits);
    assert_eq!(
        bits(c),
        bits(&want),
        "{what}, cell {}: {c:?} vs {want:?}",
        c.index
    );
}

#[test]
fn evaluated_cells_are_bit_for_bit_those_of_full_simulations() {
    use crate::noise::Noise;
    let landscapes = [
        Landscape::Rosenbrock,
        Landscape::Plateau,
        Landscape::GoldsteinPrice,
        Landscape::Rastrigin,
        Landscape::ScaleInvariant,
        Landscape::Quadratic {
            condition: 100.0,
            angle: 30.0,
        },
    ];
    let noises = [
        Noise::None,
        Noise::Gaussian { sigma: 0.5 },
        Noise::StudentT { sigma: 0.3, dof: 2 },
        Noise::TwoPoint { k: 4.0 },
    ];
    let (mut compared, mut diverged, mut at_start) = (0, 0, 0);
    for o in Optimizer::ALL {
        for landscape in &landscapes {
            for (ni, noise) in noises.into_iter().enumerate() {
                let mut base = RunConfig::new(o, landscape.clone(), 120);
                base.noise = noise;
                base.seed = 7 + ni as u64;
                base.hyper.k = 3;
                // Starts no validated sweep has, to cover divergence at step 0.
                if *landscape == Landscape::ScaleInvariant && ni == 1 {
                    base.start = [f64::NAN, 0.0];
                }
                if *landscape == Landscape::Rastrigin && ni == 3 {
                    base.start = [0.0, -2e12];
                }
                let decay = if ni % 2 == 0 { Key::Beta2 } else { Key::Beta1 };
                let mut s = Sweep::new(
                    base,
                    Grid {
                        x: Axis::new(Key::Lr, 1e-4, 1e3, 5),
                        y: Axis::new(decay, 0.0, 0.9999, 3),
                    },
                );
                s.level = if o == Optimizer::KAdam { 2 } else { 1 };
                for mode in [Mode::Landscape, Mode::Impulse] {
                    s.mode = mode;
                    let all: Vec<usize> = (0..s.cells()).rev().collect();
                    for c in evaluate(&s, &all) {
                        let what = format!(
                            "{} on {} with {} noise, {mode:?}",
                            o.name(),
                            landscape.name(),
                            noise.name()
                        );
                        assert_is_its_own_run(&s, &c, &what);
                        compared += 1;
                        diverged += c.diverged.is_some() as usize;
                        at_start += (c.diverged == Some(0)) as usize;
                    }
                }
            }
        }
    }
    assert_eq!(compared, 14 * 6 * 4 * 2 * 15);
    assert!(
        diverged > 100 && at_start > 0,
        "{diverged} diverged, {at_start} at the start"
    );
}

#[test]
fn tables_kept_across_chunks_and_sweeps_change_no_cell() {
    let bits = |cells: Vec<Cell>| -> Vec<[u64; ROW]> {
        cells.iter().map(|c| c.to_row().map(f64::to_bits)).collect()
    };
    let mut tables = Tables::default();
    // A short sweep first leaves tables too short for the long one, which must extend them.
    for (o, steps) in [
        (Optimizer::AdamW, 30),
        (Optimizer::Adam, 90),
        (Optimizer::Adam, 60),
    ] {
        let mut s = adam_grid(6, 5);
        s.base.optimizer = o;
        s.base.steps = steps;
        s.base.landscape = Landscape::Rosenbrock;
        let order = s.grid.progressive_order();
        for chunk in order.chunks(7) {
            assert_eq!(
                bits(evaluate_with(&s, chunk, &mut tables)),
                bits(evaluate(&s, chunk)),
                "{} × {steps}",
                o.name()
            );
        }
    }
}

/// Adam and AdamW run their cells in lockstep (`lockstep.rs`): every landscape, a typed
/// formula and both data sets, with and without weight decay and with ε inside the root, each
/// cell bit for bit its own run, in groups of every size (22 cells: five of 4 and one of 2).
#[test]
fn lockstep_cells_are_bit_for_bit_those_of_full_simulations() {
    let typed = "min(x^2, abs(y - 1)) + sqrt(x^2 + y^2) + log(1 + x^2*y^2)";
    let landscapes = Landscape::every_kind(typed);
    let mut diverged = 0;
    for o in [Optimizer::Adam, Optimizer::AdamW] {
        for landscape in &landscapes {
            for (wd, inside) in [(0.0, false), (0.1, false), (0.0, true), (0.3, true)] {
                let mut base = RunConfig::new(o, landscape.clone(), 150);
                base.hyper.weight_decay = wd;
                base.hyper.eps_inside = inside;
                let s = Sweep::new(
                    base,
                    Grid {
                        x: Axis::new(Key::Lr, 1e-3, 1e2, 11),
                        y: Axis::new(Key::Beta1, 0.0, 0.999, 2),
                    },
                );
                assert!(lockstep::applies(&s));
                let all: Vec<usize> = (0..s.cells()).collect();
                for c in evaluate(&s, &all) {
                    let what = format!(
                        "{} on {} (λ {wd}, ε inside {inside})",
                        o.name(),
                        landscape.name()
                    );
                    assert_is_its_own_run(&s, &c, &what);
                    diverged += c.diverged.is_some() as usize;
                }
            }
        }
    }
    assert!(diverged > 20, "{diverged} diverged");
}
