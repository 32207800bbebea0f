//! Native timings of the core: `cargo bench --bench core` (`-- sweep`: the sweeps alone).
//!
//! Prints the median of repeated runs and its ratio to a baseline measured in the same go
//! (plain SGD, 2,000 steps on Rosenbrock), so figures compare across machines.

use optiscape::landscape::Landscape;
use optiscape::optim::spec::Key;
use optiscape::optim::Optimizer;
use optiscape::render::{heatmap, Viewport};
use optiscape::scene::{Action, Scene};
use optiscape::sim::{run, RunConfig};
use optiscape::sweep::{evaluate_with, Axis, Grid, Sweep, Tables};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

fn median_ms(reps: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let t0 = Instant::now();
            f();
            t0.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[reps / 2]
}

fn main() {
    // `cargo bench --bench core -- sweep` times the sweeps alone.
    if std::env::args().skip(1).any(|a| a == "sweep") {
        return sweeps();
    }
    let steps = 2000;
    let baseline = median_ms(51, || {
        black_box(run(&RunConfig::new(
            Optimizer::Sgd,
            Landscape::Rosenbrock,
            steps,
        )));
    });
    println!("{:<44} {:>10} {:>10}", "what", "median ms", "× baseline");
    let row = |what: &str, ms: f64| println!("{what:<44} {ms:>10.3} {:>10.2}", ms / baseline);
    row("baseline: sgd, 2000 steps, rosenbrock", baseline);
    for o in Optimizer::ALL {
        let cfg = RunConfig {
            hyper: {
                let mut h = o.spec().defaults;
                h.lr = 1e-3;
                h.k = 3;
                h
            },
            ..RunConfig::new(o, Landscape::Rosenbrock, steps)
        };
        row(
            &format!("{}, 2000 steps", o.name()),
            median_ms(21, || {
                black_box(run(&cfg));
            }),
        );
    }
    let mut scene = Scene {
        steps,
        ..Scene::default()
    };
    for o in [
        Optimizer::Adam,
        Optimizer::AdamW,
        Optimizer::Lion,
        Optimizer::RmsProp,
    ] {
        scene.apply(Action::Add(o)).expect("8 runs fit");
    }
    row(
        "recompute: 8 runs × 2000 steps (page default)",
        median_ms(21, || {
            black_box(scene.trajectories());
        }),
    );
    for name in ["rosenbrock", "himmelblau", "goldstein-price"] {
        let l = Landscape::from_name(name).unwrap();
        let vp = Viewport {
            view: l.info().view,
            width: 800,
            height: 800,
        };
        let ms = median_ms(11, || {
            black_box(heatmap::picture(&l, &vp, true));
        });
        row(&format!("heatmap + contours 800×800, {name}"), ms);
    }
    sweeps();
}

/// 64×64 cells × 500 Adam steps on Rosenbrock over (β, γ), on one thread and on every core
/// (chunks of 64 cells taken in turn, as a worker pool would, each thread keeping its
/// bias-correction tables), in million steps per second.
fn sweeps() {
    let mut base = RunConfig::new(Optimizer::Adam, Landscape::Rosenbrock, 500);
    base.hyper.lr = 1e-3;
    let s = Sweep::new(
        base,
        Grid {
            x: Axis::new(Key::Beta2, 0.5, 0.9999, 64),
            y: Axis::new(Key::Beta1, 0.5, 0.9999, 64),
        },
    );
    s.validate().expect("a valid sweep");
    let order = s.grid.progressive_order();
    let steps = s.total_steps() as f64;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!();
    println!(
        "{:<44} {:>10} {:>10}",
        "sweep 64×64 × 500 adam steps, rosenbrock", "median ms", "M steps/s"
    );
    for threads in [1, cores] {
        let ms = median_ms(5, || {
            let next = AtomicUsize::new(0);
            std::thread::scope(|scope| {
                for _ in 0..threads {
                    scope.spawn(|| {
                        let mut tables = Tables::default();
                        loop {
                            let c = next.fetch_add(1, Ordering::Relaxed);
                            let Some(chunk) = order.chunks(64).nth(c) else {
                                return;
                            };
                            black_box(evaluate_with(&s, chunk, &mut tables));
                        }
                    });
                }
            });
        });
        let what = format!("{threads} thread{}", if threads == 1 { "" } else { "s" });
        println!("{what:<44} {ms:>10.1} {:>10.1}", steps / ms / 1e3);
    }
    bound(&s, steps);
}

/// The same cells by the least code that does Adam on Rosenbrock: four cells in lockstep, no
/// noise, no projection, no divergence checks, no record but ‖u‖∞. Not the app's code: a
/// bound on what any sweep kernel could reach on one thread here.
fn bound(s: &Sweep, steps: f64) {
    const L: usize = 4;
    let (lr, eps, n) = (s.base.hyper.lr, s.base.hyper.eps, s.base.steps);
    let start = s.base.start;
    let grad = |p: [f64; 2]| {
        let (a, b) = (1.0 - p[0], p[1] - p[0] * p[0]);
        (
            a * a + 100.0 * b * b,
            [-2.0 * a - 400.0 * p[0] * b, 200.0 * b],
        )
    };
    let mut loss = vec![0.0; s.cells()];
    let mut norms: [Vec<f64>; L] = std::array::from_fn(|_| Vec::with_capacity(n));
    let ms = median_ms(5, || {
        for first in (0..s.cells()).step_by(L) {
            let decays: [(f64, f64); L] = std::array::from_fn(|l| s.grid.values(first + l));
            let (mut theta, mut m, mut v) = ([start; L], [[0.0; 2]; L], [[0.0; 2]; L]);
            let (mut p1, mut p2, mut g) = ([1.0; L], [1.0; L], [grad(start).1; L]);
            norms.iter_mut().for_each(Vec::clear);
            for _ in 0..n {
                for l in 0..L {
                    let (b2, b1) = decays[l];
                    p1[l] *= b1;
                    p2[l] *= b2;
                    let (bc1, root2) = (1.0 - p1[l], (1.0 - p2[l]).sqrt());
                    let mut u = [0.0; 2];
                    for k in 0..2 {
                        m[l][k] += (g[l][k] - m[l][k]) * (1.0 - b1);
                        v[l][k] = v[l][k] * b2 + (1.0 - b2) * g[l][k] * g[l][k];
                        u[k] = m[l][k] / (v[l][k].sqrt() / root2 + eps) / bc1;
                        theta[l][k] -= lr * u[k];
                    }
                    norms[l].push(u[0].abs().max(u[1].abs()));
                }
                for l in 0..L {
                    let (f, gl) = grad(theta[l]);
                    g[l] = gl;
                    loss[first + l] = f;
                }
            }
            let growth: f64 = norms
                .iter()
                .map(|u| u[n / 2..].iter().map(|u| u.ln()).sum::<f64>())
                .sum();
            black_box(growth);
        }
    });
    let cells = evaluate_with(
        s,
        &(0..s.cells()).collect::<Vec<_>>(),
        &mut Tables::default(),
    );
    let gap = cells
        .iter()
        .map(|c| (c.final_loss.unwrap() - loss[c.index]).abs() / loss[c.index].abs().max(1e-300))
        .fold(0.0, f64::max);
    println!(
        "{:<44} {ms:>10.1} {:>10.1}",
        "bound: bare 4-lane adam, 1 thread",
        steps / ms / 1e3
    );
    println!("  (final losses within {gap:.1e} of the sweep's, relative)");
}
