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
}
