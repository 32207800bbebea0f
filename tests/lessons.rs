//! Each lesson's caption, measured: the claims a lesson makes hold in numbers.

use optiscape::lessons::{self, MapView};
use optiscape::render::map::Measure;
use optiscape::sim::Trajectory;
use optiscape::sweep::{Cell, Sweep};

fn runs(key: &str) -> Vec<Trajectory> {
    (lessons::find(key).unwrap().build)().trajectories()
}

fn last_u(t: &Trajectory) -> f64 {
    t.records.last().unwrap().update_norm()
}

/// The stability lesson at ±50% η and neighbouring decays: outside the region (γ > √β) the
/// orange run's ‖u‖∞ passes 100 and climbs at about ln(γ/√β) per step; inside, the blue run's
/// stays below 1.
#[test]
fn stability_outside_the_region_grows_at_the_exact_rate_inside_stays_small() {
    use optiscape::theory::{discrete_growth_rate, outcome::update_norms, steepest_growth};
    let base = (lessons::find("stability").unwrap().build)();
    let t = base.trajectories();
    assert!(
        last_u(&t[0]) < 1.0 && last_u(&t[1]) > 1e4,
        "{} {}",
        last_u(&t[0]),
        last_u(&t[1])
    );
    let mut failures = Vec::new();
    for lr in [0.025, 0.05, 0.075] {
        for (beta, gamma) in [(0.9, 0.99), (0.8, 0.99), (0.95, 0.995), (0.9, 0.995)] {
            let mut s = base.clone();
            s.runs[1].hyper.lr = lr;
            s.runs[1].hyper.beta2 = beta;
            s.runs[1].hyper.beta1 = gamma;
            let norms = update_norms(&s.trajectories()[1]);
            let peak = norms.iter().fold(0.0_f64, |a, b| a.max(*b));
            let (slope, _, _) = steepest_growth(&norms).unwrap();
            let want = discrete_growth_rate(beta, gamma);
            if peak < 100.0 || (slope - want).abs() > 0.15 * want {
                failures.push(format!("outside, η {lr}, (β, γ) = ({beta}, {gamma}): peak {peak:.3e}, slope {slope:.4} against {want:.4}"));
            }
        }
        for (beta, gamma) in [(0.999, 0.9), (0.99, 0.9), (0.999, 0.8)] {
            let mut s = base.clone();
            s.runs[0].hyper.lr = lr;
            s.runs[0].hyper.beta2 = beta;
            s.runs[0].hyper.beta1 = gamma;
            let norms = update_norms(&s.trajectories()[0]);
            let late = norms[100..].iter().fold(0.0_f64, |a, b| a.max(*b));
            if late >= 1.0 {
                failures.push(format!(
                    "inside, η {lr}, (β, γ) = ({beta}, {gamma}): ‖u‖∞ reaches {late:.3}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Distance from θ to the origin, where the quadratic bowls have their minimum.
fn adopt_norm(p: [f64; 2]) -> f64 {
    p[0].hypot(p[1])
}

/// End distances from the minimum of each run of the ADOPT lesson, one row per seed 1..=10,
/// with every run's η scaled by `lr_scale` and every run's β2 set to `beta2`.
fn adopt_end_distances(lr_scale: f64, beta2: f64) -> Vec<Vec<f64>> {
    let mut scene = (lessons::find("adopt-two-point").unwrap().build)();
    for r in &mut scene.runs {
        r.hyper.lr *= lr_scale;
        r.hyper.beta2 = beta2;
    }
    (1..=10)
        .map(|seed| {
            scene.seed = seed;
            scene
                .trajectories()
                .iter()
                .map(|t| {
                    assert!(t.diverged.is_none());
                    adopt_norm(t.records.last().unwrap().theta)
                })
                .collect()
        })
        .collect()
}

fn adopt_median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    0.5 * (xs[(xs.len() - 1) / 2] + xs[xs.len() / 2])
}

/// Runs: 1 Adam, 2 ADOPT with the clip at t^¼, 3 ADOPT without it; all start 2.9 from the
/// minimum. Print with `cargo test --test lessons adopt_ -- --nocapture`.
#[test]
fn adopt_adam_and_clipped_adopt_walk_away_unclipped_adopt_comes_back() {
    let scene = (lessons::find("adopt-two-point").unwrap().build)();
    let ids: Vec<_> = scene
        .runs
        .iter()
        .map(|r| (r.id, r.optimizer.name(), r.hyper.clip))
        .collect();
    assert_eq!(
        ids,
        [(1, "adam", true), (2, "adopt", true), (3, "adopt", false)]
    );
    let start = adopt_norm(scene.start);
    for (lr_scale, beta2) in [
        (1.0, 0.5),
        (0.5, 0.5),
        (1.5, 0.5),
        (1.0, 0.3),
        (1.0, 0.7),
        (0.5, 0.3),
        (0.5, 0.7),
        (1.5, 0.3),
        (1.5, 0.7),
    ] {
        let d = adopt_end_distances(lr_scale, beta2);
        let col = |i: usize| d.iter().map(|row| row[i]).collect::<Vec<_>>();
        let (adam, clip, free) = (col(0), col(1), col(2));
        let count = |xs: &[f64], f: &dyn Fn(f64) -> bool| xs.iter().filter(|&&x| f(x)).count();
        println!(
            "η×{lr_scale} β2 {beta2}: end distance (median, min–max) Adam {:.2} ({:.2}–{:.2}), \
             ADOPT clip {:.2} ({:.2}–{:.2}), ADOPT no clip {:.2} ({:.2}–{:.2})",
            adopt_median(adam.clone()),
            adam.iter().cloned().fold(f64::INFINITY, f64::min),
            adam.iter().cloned().fold(0.0, f64::max),
            adopt_median(clip.clone()),
            clip.iter().cloned().fold(f64::INFINITY, f64::min),
            clip.iter().cloned().fold(0.0, f64::max),
            adopt_median(free.clone()),
            free.iter().cloned().fold(f64::INFINITY, f64::min),
            free.iter().cloned().fold(0.0, f64::max),
        );
        let tag = format!("η×{lr_scale} β2 {beta2}: {d:.2?}");
        assert!(count(&adam, &|x| x > 4.0) >= 9, "Adam ends past 4: {tag}");
        assert!(
            count(&clip, &|x| x > start) >= 9,
            "clipped ADOPT walks away: {tag}"
        );
        assert!(
            count(&free, &|x| x < start) >= 9 && adopt_median(free.clone()) < 2.0,
            "unclipped ADOPT comes back, typically within 1–2: {tag}"
        );
    }
}

/// "Raise Adam's β to 0.999 and it no longer walks away."
#[test]
fn adopt_adam_with_beta2_0999_does_not_walk_away() {
    let start = adopt_norm((lessons::find("adopt-two-point").unwrap().build)().start);
    for lr_scale in [0.5, 1.0, 1.5] {
        let adam: Vec<f64> = adopt_end_distances(lr_scale, 0.999)
            .iter()
            .map(|row| row[0])
            .collect();
        println!("η×{lr_scale} β2 0.999: Adam end distances {adam:.2?}");
        assert!(
            adam.iter().filter(|&&x| x < start).count() >= 9,
            "η×{lr_scale}: {adam:.2?}"
        );
    }
}

/// f = xy² − 1 of the implicit-bias valley and its gradient.
fn implicit_bias_f(p: [f64; 2]) -> (f64, [f64; 2]) {
    (p[0] * p[1] * p[1] - 1.0, [p[1] * p[1], 2.0 * p[0] * p[1]])
}

/// Where the h → 0 limit of Adam, θ̇ = −g/√(g² + ε), ends from the scene's start (RK4).
fn implicit_bias_flow_end(scene: &optiscape::scene::Scene) -> [f64; 2] {
    use optiscape::landscape::Gradient;
    let eps = scene.runs[0].hyper.eps;
    let field = |p: [f64; 2]| {
        let g = scene.landscape.gradient(p);
        [0, 1].map(|i| -g[i] / (g[i] * g[i] + eps).sqrt())
    };
    let (dt, mut p) = (1e-4, scene.start);
    for _ in 0..50_000 {
        let k1 = field(p);
        let k2 = field([0, 1].map(|i| p[i] + 0.5 * dt * k1[i]));
        let k3 = field([0, 1].map(|i| p[i] + 0.5 * dt * k2[i]));
        let k4 = field([0, 1].map(|i| p[i] + dt * k3[i]));
        p = [0, 1].map(|i| p[i] + dt / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]));
    }
    p
}

/// End point of run `i` of the lesson with (β1, β2) = `betas` and learning rate `lr`, the
/// steps scaled so the same stretch of time is covered.
fn implicit_bias_end(i: usize, betas: [f64; 2], lr: f64) -> [f64; 2] {
    let mut scene = (lessons::find("implicit-bias").unwrap().build)();
    let base = scene.runs[i].hyper.lr;
    scene.steps = (scene.steps as f64 * base / lr).ceil() as usize;
    let mut run = scene.runs[i].clone();
    run.hyper.lr = lr;
    [run.hyper.beta1, run.hyper.beta2] = betas;
    scene.runs = vec![run];
    let t = scene.trajectories().remove(0);
    assert!(t.diverged.is_none());
    t.records.last().unwrap().theta
}

fn implicit_bias_c([b1, b2]: [f64; 2]) -> f64 {
    b1 / (1.0 - b1) - b2 / (1.0 - b2)
}

/// The caption's end points: blue at the h → 0 end, orange (c < 0) towards (0.79, 1.12) where
/// ‖∇f‖₁ is larger and ‖∇f‖₂ smaller, yellow (c > 0) towards (1, 1), all on the valley and in
/// view, and nothing moves after the runs settle. Print with
/// `cargo test --test lessons implicit_bias -- --nocapture`.
#[test]
fn implicit_bias_end_points_follow_the_sign_of_c() {
    let scene = (lessons::find("implicit-bias").unwrap().build)();
    let betas: Vec<[f64; 2]> = scene
        .runs
        .iter()
        .map(|r| [r.hyper.beta1, r.hyper.beta2])
        .collect();
    assert_eq!(betas, [[0.0, 0.0], [0.9, 0.99], [0.99, 0.9]]);
    let flow = implicit_bias_flow_end(&scene);
    let norms = |p: [f64; 2]| {
        let g = implicit_bias_f(p).1;
        (g[0].abs() + g[1].abs(), g[0].hypot(g[1]))
    };
    let (l1_flow, l2_flow) = norms(flow);
    println!("h → 0 end {flow:.5?}, ‖∇f‖₁ {l1_flow:.4}, ‖∇f‖₂ {l2_flow:.4}");
    let v = scene.view;
    let inside = |p: [f64; 2]| p[0] > v.x[0] && p[0] < v.x[1] && p[1] > v.y[0] && p[1] < v.y[1];
    let (a, b) = (2f64.powf(-1.0 / 3.0), 2f64.powf(1.0 / 6.0));
    assert!(inside(flow) && inside([1.0, 1.0]) && inside([a, b]));
    // The h → 0 end lies between the two flattest points.
    assert!(a < flow[0] && flow[0] < 1.0);

    let lr = scene.runs[0].hyper.lr;
    let trajectories = scene.trajectories();
    let mut longer = scene.clone();
    longer.steps *= 2;
    let later = longer.trajectories();
    let mut shift = Vec::new();
    for (i, t) in trajectories.iter().enumerate() {
        let end = t.records.last().unwrap().theta;
        let (l1, l2) = norms(end);
        let dx = end[0] - flow[0];
        println!(
            "run {} (β1, β2) = {:?}, c = {:+.0}: end {end:.5?}, Δx = {dx:+.5} = {:+.2}·h, \
             ‖∇f‖₁ {l1:.4}, ‖∇f‖₂ {l2:.4}",
            i + 1,
            betas[i],
            implicit_bias_c(betas[i]),
            dx / lr
        );
        assert!(
            implicit_bias_f(end).0.abs() < 1e-4,
            "run {} is off the valley: f = {:e}",
            i + 1,
            implicit_bias_f(end).0
        );
        assert!(inside(end), "run {} ends out of view", i + 1);
        let moved = later[i].records.last().unwrap().theta;
        assert!(
            (moved[0] - end[0]).abs() < 1e-5 && (moved[1] - end[1]).abs() < 1e-5,
            "run {} still moves: {end:?} → {moved:?}",
            i + 1
        );
        shift.push((dx, l1 - l1_flow, l2 - l2_flow));
    }
    let (blue, orange, yellow) = (shift[0], shift[1], shift[2]);
    assert!(blue.0.abs() < 0.05 * orange.0.abs().min(yellow.0.abs()));
    assert!(orange.0 < -10.0 * lr && orange.1 > 0.0 && orange.2 < 0.0);
    assert!(yellow.0 > 10.0 * lr && yellow.1 < 0.0 && yellow.2 > 0.0);
    // Sign-like approach: until f is within 0.1 of 0, every |∂E/∂θᵢ| is over 10√ε, for
    // over 1,000 steps (ten times β2 = 0.99's memory).
    let root_eps = scene.runs[0].hyper.eps.sqrt();
    for (i, t) in trajectories.iter().enumerate() {
        let approach: Vec<_> = t
            .records
            .iter()
            .take_while(|r| implicit_bias_f(r.theta).0.abs() > 0.1)
            .collect();
        let least = approach
            .iter()
            .flat_map(|r| r.grad.map(f64::abs))
            .fold(f64::INFINITY, f64::min);
        println!(
            "run {}: {} steps to |f| < 0.1, least |∂E/∂θᵢ| on the way {:.1}√ε",
            i + 1,
            approach.len(),
            least / root_eps
        );
        assert!(
            approach.len() > 1000 && least > 10.0 * root_eps,
            "run {}",
            i + 1
        );
    }
    // Only yellow visibly crosses the valley: the farthest each run gets past it, in f.
    let past: Vec<f64> = trajectories
        .iter()
        .map(|t| {
            t.records
                .iter()
                .map(|r| implicit_bias_f(r.theta).0)
                .fold(0.0, f64::max)
        })
        .collect();
    println!("farthest past the valley, in f: {past:.2?}");
    assert!(past[0] < 1e-4 && past[1] < 1e-4 && past[2] > 1e-2);
}

/// The shift from the h → 0 end has the sign of c and halves with h, at the lesson's settings,
/// at ±50% learning rate and at neighbouring decays.
#[test]
fn implicit_bias_shift_has_the_sign_of_c_and_scales_with_h() {
    let scene = (lessons::find("implicit-bias").unwrap().build)();
    let flow = implicit_bias_flow_end(&scene);
    let lr = scene.runs[1].hyper.lr;
    let cases: [(usize, [f64; 2]); 8] = [
        (1, [0.9, 0.99]),
        (1, [0.8, 0.99]),
        (1, [0.95, 0.99]),
        (1, [0.9, 0.98]),
        (2, [0.99, 0.9]),
        (2, [0.98, 0.9]),
        (2, [0.99, 0.8]),
        (2, [0.99, 0.95]),
    ];
    let mut failures = Vec::new();
    for (i, betas) in cases {
        let c = implicit_bias_c(betas);
        for scale in [0.5, 1.0, 1.5] {
            let h = lr * scale;
            let dx = implicit_bias_end(i, betas, h)[0] - flow[0];
            let dx_half = implicit_bias_end(i, betas, h / 2.0)[0] - flow[0];
            let ratio = dx / dx_half;
            println!(
                "(β1, β2) = {betas:?}, c = {c:+.0}, h = {h:.2e}: Δx = {dx:+.5} ({:+.2}·h), \
                 at h/2 {dx_half:+.5}, ratio {ratio:.2}",
                dx / h
            );
            if dx.signum() != c.signum() || dx_half.signum() != c.signum() {
                failures.push(format!("{betas:?} h = {h:e}: Δx {dx} against c {c}"));
            }
            if !(1.5..=2.7).contains(&ratio) {
                failures.push(format!(
                    "{betas:?} h = {h:e}: halving h divides Δx by {ratio}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The k-Adam lesson with every run's η and level-1 decays replaced, and level 2 of 2-Adam
/// set to (γ₂, β₂) = (0, `beta2_top`).
fn kadam_runs(lr: f64, level1: [f64; 2], beta2_top: f64) -> Vec<Trajectory> {
    let mut scene = (lessons::find("kadam").unwrap().build)();
    for r in &mut scene.runs {
        r.hyper.lr = lr;
        [r.hyper.beta1, r.hyper.beta2] = level1;
        if r.hyper.k == 2 {
            r.hyper.levels = vec![[0.0, beta2_top]];
        }
    }
    scene.trajectories()
}

/// Print with `cargo test --test lessons kadam_ -- --nocapture`.
#[test]
fn kadam_the_lesson_is_adam_and_2adam_with_gamma2_zero() {
    let scene = (lessons::find("kadam").unwrap().build)();
    let runs: Vec<_> = scene
        .runs
        .iter()
        .map(|r| (r.optimizer.name(), r.hyper.k, r.hyper.levels.clone()))
        .collect();
    assert_eq!(runs, [("kadam", 1, vec![]), ("kadam", 2, vec![[0.0, 0.9]])]);
    for r in &scene.runs {
        assert_eq!(
            (r.hyper.lr, r.hyper.beta1, r.hyper.beta2),
            (0.05, 0.99, 0.9)
        );
    }
}

#[test]
fn kadam_adam_update_grows_2adam_update_stays_bounded() {
    let t = runs("kadam");
    let (adam, two) = (&t[0], &t[1]);
    assert!(adam.diverged.is_none() && two.diverged.is_none());
    let u_adam = adam.records.last().unwrap().update_norm();
    let u_two = two
        .records
        .iter()
        .map(|r| r.update_norm())
        .fold(0.0, f64::max);
    let (x_adam, x_two) = (
        adam.records.last().unwrap().theta[0],
        two.records.last().unwrap().theta[0],
    );
    // Steady pace: distance covered per 100 steps over the last 300 steps, in units of η.
    let pace: Vec<f64> = [100, 200, 300]
        .iter()
        .map(|&n| {
            let (a, b) = (two.records[n].theta, two.records[n + 100].theta);
            (b[0] - a[0]).hypot(b[1] - a[1]) / (100.0 * 0.05)
        })
        .collect();
    println!(
        "Adam ‖u‖∞ at step 400 {u_adam:.3e}, x {x_adam:.3e}; 2-Adam max ‖u‖∞ {u_two:.3}, \
         x {x_two:.2}, pace per step in η over steps 100–400 {pace:.2?}"
    );
    assert!(u_adam > 1e5, "{u_adam}");
    assert!(u_two < 1.5, "{u_two}");
    assert!(x_adam > 1e4, "Adam leaves the view: {x_adam}");
    assert!(
        (9.0..36.0).contains(&x_two),
        "2-Adam stays in view: {x_two}"
    );
    assert!(
        pace.iter().all(|p| (0.8..1.5).contains(p)),
        "2-Adam's steady pace: {pace:?}"
    );
}

/// Nearby level-1 decays, level-2 β₂ and ±50% η: Adam's update grows, 2-Adam's stays within
/// its bound 1/√(1 − β₂).
#[test]
fn kadam_the_bound_holds_at_nearby_settings() {
    for lr in [0.025, 0.05, 0.075] {
        for level1 in [
            [0.99, 0.9],
            [0.98, 0.9],
            [0.995, 0.9],
            [0.99, 0.85],
            [0.99, 0.95],
        ] {
            for beta2_top in [0.8, 0.9, 0.95] {
                let t = kadam_runs(lr, level1, beta2_top);
                let max_u = |i: usize| {
                    t[i].records
                        .iter()
                        .map(|r| r.update_norm())
                        .fold(0.0, f64::max)
                };
                let bound = 1.0 / (1.0 - beta2_top).sqrt();
                println!(
                    "η {lr} level 1 (γ, β) {level1:?} β₂ {beta2_top}: max ‖u‖∞ Adam {:.3e}, \
                     2-Adam {:.3} (bound {bound:.2})",
                    max_u(0),
                    max_u(1)
                );
                assert!(max_u(0) > 50.0, "{lr} {level1:?}: Adam {}", max_u(0));
                assert!(
                    max_u(1) < bound.min(2.0),
                    "{lr} {level1:?} {beta2_top}: {}",
                    max_u(1)
                );
            }
        }
    }
}

/// "From η = 0.005 to 0.5 Adam's ‖u‖∞ still passes 500 within 400 steps" (2-Adam below 1.5).
#[test]
fn kadam_no_learning_rate_bounds_adam() {
    for lr in [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5] {
        let t = kadam_runs(lr, [0.99, 0.9], 0.9);
        let max_u = |i: usize| {
            t[i].records
                .iter()
                .map(|r| r.update_norm())
                .fold(0.0, f64::max)
        };
        println!(
            "η {lr}: max ‖u‖∞ Adam {:.3e}, 2-Adam {:.3}",
            max_u(0),
            max_u(1)
        );
        assert!(max_u(0) > 500.0, "{lr}: {}", max_u(0));
        assert!(max_u(1) < 1.5, "{lr}: {}", max_u(1));
    }
}

/// In the page: halve every run's learning rate, keep the steps, and the gap between each
/// coloured end point and blue's halves.
#[test]
fn implicit_bias_halving_every_lr_halves_the_gap_to_blue() {
    let scene = (lessons::find("implicit-bias").unwrap().build)();
    let gaps = |scale: f64| {
        let mut s = scene.clone();
        for r in &mut s.runs {
            r.hyper.lr *= scale;
        }
        let ends: Vec<f64> = s
            .trajectories()
            .iter()
            .map(|t| t.records.last().unwrap().theta[0])
            .collect();
        [ends[1] - ends[0], ends[2] - ends[0]]
    };
    let (full, half) = (gaps(1.0), gaps(0.5));
    let ratios = [full[0] / half[0], full[1] / half[1]];
    println!("gaps to blue in x {full:+.5?}, at half the lr {half:+.5?}, ratios {ratios:.2?}");
    assert!(full[0] < 0.0 && full[1] > 0.0);
    assert!(ratios.iter().all(|r| (1.5..=2.7).contains(r)), "{ratios:?}");
}

/// The race with one run's hyperparameters edited; its trajectory.
fn race_run(id: u32, edit: impl FnOnce(&mut optiscape::optim::Hyper)) -> Trajectory {
    let mut scene = (lessons::find("race").unwrap().build)();
    let r = scene.runs.iter_mut().find(|r| r.id == id).unwrap();
    edit(&mut r.hyper);
    let i = scene.runs.iter().position(|r| r.id == id).unwrap();
    scene.trajectories().swap_remove(i)
}

/// First step with loss below `level`.
fn race_first_below(t: &Trajectory, level: f64) -> Option<usize> {
    t.records.iter().position(|r| r.loss < level)
}

fn race_dist_to_min(t: &Trajectory) -> f64 {
    let p = t.records.last().unwrap().theta;
    (p[0] - 1.0).hypot(p[1] - 1.0)
}

/// Print with `cargo test --test lessons race_ -- --nocapture`.
#[test]
fn race_scene_and_its_learning_rates() {
    let scene = (lessons::find("race").unwrap().build)();
    let runs: Vec<_> = scene
        .runs
        .iter()
        .map(|r| (r.id, r.optimizer.name(), r.hyper.lr))
        .collect();
    assert_eq!(
        runs,
        [
            (1, "momentum", 0.001),
            (2, "adam", 0.05),
            (3, "adopt", 0.05),
            (4, "kadam", 0.05)
        ]
    );
    assert_eq!(scene.selected, 2);
    let g0 = scene.trajectories()[0].records[0].grad;
    println!("|g| at the start {:.1}", g0[0].hypot(g0[1]));
    assert!((200.0..260.0).contains(&g0[0].hypot(g0[1])));
}

#[test]
fn race_momentum_needs_a_small_learning_rate() {
    for lr in [0.0005, 0.001, 0.0015] {
        let t = race_run(1, |h| h.lr = lr);
        let end = t.records.last().unwrap().loss;
        println!("momentum η {lr}: end loss {end:.2e}");
        assert!(t.diverged.is_none() && end < 1e-2, "{lr}: {end}");
    }
    let t = race_run(1, |h| h.lr = 0.004);
    println!("momentum η 0.004: diverged {:?}", t.diverged);
    assert!(t.diverged.is_some());
}

/// ADOPT at β2 = 0.9999 keeps its first g² and barely moves; at 0.9 (and 0.8, 0.95) it reaches
/// the minimum within 400 steps, as Adam does with the same β2.
#[test]
fn race_adopt_moves_with_beta2_09_not_with_its_default() {
    for lr in [0.025, 0.05, 0.075] {
        let t = race_run(3, |h| {
            h.lr = lr;
            h.beta2 = 0.9999;
        });
        let (g0, v) = (t.records[0].grad, t.records.last().unwrap().v);
        let kept = [v[0] / (g0[0] * g0[0]), v[1] / (g0[1] * g0[1])];
        let path: f64 = t
            .records
            .windows(2)
            .map(|w| (w[1].theta[0] - w[0].theta[0]).hypot(w[1].theta[1] - w[0].theta[1]))
            .sum();
        println!(
            "ADOPT β2 0.9999 η {lr}: v/g₀² at the end {kept:.3?}, path {path:.2}, \
             end {:.2} from (1, 1)",
            race_dist_to_min(&t)
        );
        assert!(kept.iter().all(|&k| k > 0.9), "{lr}: {kept:?}");
        assert!(race_dist_to_min(&t) > 1.4, "{lr}");
    }
    for (lr, beta2) in [
        (0.05, 0.9),
        (0.025, 0.9),
        (0.075, 0.9),
        (0.05, 0.8),
        (0.05, 0.95),
    ] {
        for (id, name) in [(3, "ADOPT"), (2, "Adam")] {
            let t = race_run(id, |h| {
                h.lr = lr;
                h.beta2 = beta2;
            });
            let first = race_first_below(&t, 1e-4);
            println!(
                "{name} β2 {beta2} η {lr}: loss < 1e-4 first at step {first:?}, end {:.3} from (1, 1)",
                race_dist_to_min(&t)
            );
            assert!(first.is_some_and(|n| n <= 400), "{name} {lr} {beta2}");
            assert!(race_dist_to_min(&t) < 0.05, "{name} {lr} {beta2}");
        }
    }
}

/// 2-Adam gets near (1, 1) early, then is thrown back out, several times at η = 0.05.
#[test]
fn race_2adam_gets_near_early_but_does_not_stay() {
    for (lr, beta2_top) in [
        (0.05, 0.999),
        (0.025, 0.999),
        (0.075, 0.999),
        (0.05, 0.99),
        (0.05, 0.9999),
    ] {
        let t = race_run(4, |h| {
            h.lr = lr;
            h.levels = vec![[0.0, beta2_top]];
        });
        let near = race_first_below(&t, 1e-2).unwrap_or(usize::MAX);
        // Excursions: times the loss climbs back above 0.1 after being below 1e-2.
        let (mut below, mut outs) = (false, 0);
        for r in &t.records {
            if r.loss < 1e-2 {
                below = true;
            } else if below && r.loss > 0.1 {
                below = false;
                outs += 1;
            }
        }
        println!(
            "2-Adam η {lr} β₂ {beta2_top}: loss < 1e-2 first at step {near}, thrown back above \
             0.1 {outs} times"
        );
        assert!(t.diverged.is_none());
        assert!(near <= 450, "{lr} {beta2_top}: {near}");
        // Several times at the race's η, at least once at ±50%.
        let least = if lr == 0.05 { 3 } else { 1 };
        assert!(outs >= least, "{lr} {beta2_top}: {outs}");
    }
}

/// The measured-map lesson at ±50% η and 1.5× the steps: on a 16 × 16 phase grid, for
/// β ≥ 0.9, every cell well above γ = √β grows (or runs off and diverges) and every cell well
/// below it stays bounded. (At small β the plateau's gradient can fade slower than v forgets
/// it, so a cell above √β may stay bounded: the caption speaks of β ≥ 0.9 only.)
#[test]
fn stability_map_grows_above_the_exact_boundary_and_not_below() {
    use optiscape::sweep::{phase_grid, Outcome};
    let base = map_lesson("stability-map", MapView::landscape(Measure::Growth))
        .configs()
        .remove(0);
    for (lr_scale, steps_scale) in [(1.0, 1.0), (0.5, 1.0), (1.5, 1.0), (1.0, 1.5)] {
        let mut cfg = base.clone();
        cfg.hyper.lr *= lr_scale;
        cfg.steps = (cfg.steps as f64 * steps_scale) as usize;
        let sweep = Sweep::new(cfg, phase_grid(16));
        let cells = all_cells(&sweep);
        let (mut above, mut below) = (0, 0);
        for c in cells.iter().filter(|c| c.x >= 0.9 && c.y > 0.0) {
            let at = format!(
                "η × {lr_scale}, steps × {steps_scale}, (β, γ) = ({}, {})",
                c.x, c.y
            );
            match root_side(c) {
                Some(true) => {
                    above += 1;
                    assert!(grows_or_diverged(c), "{at}: {c:?}");
                }
                Some(false) => {
                    below += 1;
                    assert_eq!(c.outcome(), Outcome::Bounded, "{at}: {c:?}");
                }
                None => {}
            }
        }
        assert!(
            above >= 10 && below >= 10,
            "{above} cells above, {below} below"
        );
    }
}

/// The 2-Adam map lesson at nearby settings (η × 0.5, 1, 2; first-level decays moved a
/// little): a 12 × 12 map of level 2. Below the unstable first level no cell grows; below
/// the stable one, from β₂ = 0.9 up, cells well above γ₂ = √β₂ grow (or grow until they
/// diverge) and those well below do not, and the γ₂ = 0 row never grows.
#[test]
fn kadam_map_second_level_grows_only_below_a_stable_first_level() {
    use optiscape::sweep::{phase_grid, Outcome};
    let configs = map_lesson("kadam-map", MapView::landscape(Measure::Growth)).configs();
    let (stable, unstable) = (&configs[0], &configs[1]);
    assert!(stable.hyper.beta1 < stable.hyper.beta2.sqrt());
    assert!(unstable.hyper.beta1 > unstable.hyper.beta2.sqrt());
    for lr_scale in [0.5, 1.0, 2.0] {
        for nudge in [0.0, 0.002] {
            let map = |base: &optiscape::sim::RunConfig| {
                let mut cfg = base.clone();
                cfg.hyper.lr *= lr_scale;
                cfg.hyper.beta1 -= nudge;
                let mut sweep = Sweep::new(cfg, phase_grid(12));
                sweep.level = 2;
                all_cells(&sweep)
            };
            let at = format!("η × {lr_scale}, first level nudged by {nudge}");
            for c in map(unstable) {
                assert_ne!(
                    c.outcome(),
                    Outcome::Grows,
                    "{at}, unstable first level: {c:?}"
                );
                assert_ne!(
                    c.outcome(),
                    Outcome::Diverged,
                    "{at}, unstable first level: {c:?}"
                );
            }
            let (mut above, mut below) = (0, 0);
            for c in map(stable) {
                let (beta, gamma) = (c.x, c.y);
                if gamma == 0.0 {
                    assert_ne!(c.outcome(), Outcome::Grows, "{at}, γ₂ = 0: {c:?}");
                }
                if beta < 0.9 {
                    continue;
                }
                match root_side(&c) {
                    Some(true) => {
                        above += 1;
                        assert!(grows_or_diverged(&c), "{at}, stable first level: {c:?}");
                    }
                    Some(false) => {
                        below += 1;
                        let grows = c.outcome() == Outcome::Grows;
                        assert!(!grows, "{at}, stable first level: {c:?}");
                    }
                    None => {}
                }
            }
            assert!(
                above >= 5 && below >= 8,
                "{at}: {above} above, {below} below"
            );
        }
    }
    // At the page's own resolution and the lesson's settings, the selected run's map too.
    let mut sweep = Sweep::new(unstable.clone(), phase_grid(32));
    sweep.level = 2;
    for c in all_cells(&sweep) {
        assert_eq!(
            c.outcome(),
            Outcome::Bounded,
            "32 × 32, unstable first level: {c:?}"
        );
    }
}

/// The corner lesson over seeds 1–10 and η × 0.5, 1, 2: the mean loss over the last 1,000
/// steps is above 1 for Adam with β2 = 0.5 and below 0 for ADOPT (no clip) with the same β2
/// and for Adam with β2 = 0.999.
#[test]
fn adopt_corner_adam_climbs_to_the_worst_corner_adopt_comes_down() {
    let base = (lessons::find("adopt-corner").unwrap().build)();
    let mean_late = |t: &Trajectory| {
        let late = &t.records[t.records.len() - 1000..];
        late.iter().map(|r| r.loss).sum::<f64>() / late.len() as f64
    };
    let mut failures = Vec::new();
    let mut seen = [f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    for seed in 1..=10 {
        for scale in [0.5, 1.0, 2.0] {
            let mut s = base.clone();
            s.seed = seed;
            for r in &mut s.runs {
                r.hyper.lr *= scale;
            }
            let t = s.trajectories();
            assert!(t.iter().all(|t| t.records.len() == 3001));
            let m: Vec<f64> = t.iter().map(mean_late).collect();
            seen = [seen[0].min(m[0]), seen[1].max(m[1]), seen[2].max(m[2])];
            if !(m[0] > 1.0 && m[1] < 0.0 && m[2] < 0.0) {
                failures.push(format!("seed {seed}, η × {scale}: {m:?}"));
            }
        }
    }
    eprintln!(
        "Adam β2 0.5 at least {:.2}; ADOPT at most {:.2}; Adam β2 0.999 at most {:.2}",
        seen[0], seen[1], seen[2]
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The tied k-Adam lesson: on the impulse map (16, 32 and 64 cells a side, and 1.5× the
/// steps) a stack of k = 2, 3 or 5 equal levels never grows, and its only diverged cells
/// are at small β (v reaches 0 with ε = 0); Adam's map grows or diverges well above γ = √β
/// and stays bounded well below it. On the plateau (η × 0.5, 1, 2) Adam's ‖u‖∞ passes 10⁵
/// within 400 steps while the tied 2-Adam's stays below 10.
#[test]
fn kadam_tied_levels_never_grow_where_adam_does() {
    use optiscape::sweep::{phase_grid, Mode, Outcome};
    let scene = map_lesson("kadam-tied", MapView::impulse(Measure::Growth));
    let configs = scene.configs();
    let (adam, tied) = (&configs[0], &configs[1]);
    assert!(adam.hyper.k == 1 && tied.hyper.k == 2 && tied.hyper.tied());
    assert!(
        adam.hyper.beta1 > adam.hyper.beta2.sqrt(),
        "outside Adam's region"
    );
    for n in [16, 32, 64] {
        for steps_scale in [1.0, 1.5] {
            let map = |cfg: &optiscape::sim::RunConfig, k: usize| {
                let mut cfg = cfg.clone();
                cfg.hyper.k = k;
                cfg.steps = (cfg.steps as f64 * steps_scale) as usize;
                let mut sweep = Sweep::new(cfg, phase_grid(n));
                sweep.mode = Mode::Impulse;
                all_cells(&sweep)
            };
            let at = format!("{n} × {n}, steps × {steps_scale}");
            for k in [2, 3, 5] {
                for c in map(tied, k) {
                    assert_ne!(c.outcome(), Outcome::Grows, "{at}, k = {k}: {c:?}");
                    if c.outcome() == Outcome::Diverged {
                        assert!(c.x < 0.3, "{at}, k = {k}: {c:?}");
                    }
                }
            }
            let (mut above, mut below) = (0, 0);
            for c in map(adam, 1) {
                let beta = c.x;
                if beta == 0.0 {
                    assert_eq!(c.outcome(), Outcome::Diverged, "{at}, Adam: {c:?}");
                    continue;
                }
                match root_side(&c) {
                    Some(true) => {
                        above += 1;
                        assert!(grows_or_diverged(&c), "{at}, Adam: {c:?}");
                    }
                    Some(false) if beta >= 0.3 => {
                        below += 1;
                        assert_eq!(c.outcome(), Outcome::Bounded, "{at}, Adam: {c:?}");
                    }
                    _ => {}
                }
            }
            assert!(
                above >= 20 && below >= 20,
                "{at}: {above} above, {below} below"
            );
        }
    }
    for scale in [0.5, 1.0, 2.0] {
        let mut s = scene.clone();
        for r in &mut s.runs {
            r.hyper.lr *= scale;
        }
        let t = s.trajectories();
        let (a, b) = (last_u(&t[0]), max_u(&t[1]));
        assert!(
            a > 1e5 && b < 10.0,
            "η × {scale}: Adam {a:.3e}, tied 2-Adam at most {b:.3}"
        );
    }
}

fn max_u(t: &Trajectory) -> f64 {
    t.records
        .iter()
        .map(|r| r.update_norm())
        .fold(0.0, f64::max)
}

/// The ADOPT map lesson over seeds 1–10 and η × 0.5, 1, 2, on a 12 × 12 map of final loss:
/// unclipped ADOPT ends below 0 (its start) in every cell; Adam ends above 1 in every cell with β2 in
/// [0.5, 0.9] and β1 ≤ 0.85, and below 0 in every cell with β2 ≥ 0.99.
#[test]
fn adopt_map_converges_at_every_beta2_adam_does_not() {
    use optiscape::sweep::{phase_grid, Axis, Grid};
    let base = map_lesson("adopt-map", MapView::landscape(Measure::Loss));
    assert_eq!(base.runs[1].id, base.selected);
    assert_eq!(base.start, [0.0, 0.0], "the caption's start");
    let mut worst = [f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY];
    let mut failures = Vec::new();
    for seed in 1..=10 {
        for scale in [0.5, 1.0, 2.0] {
            let mut s = base.clone();
            s.seed = seed;
            let configs: Vec<_> = s
                .configs()
                .into_iter()
                .map(|mut c| {
                    c.hyper.lr *= scale;
                    c
                })
                .collect();
            let map = |cfg: &optiscape::sim::RunConfig, grid: Grid| {
                let sweep = Sweep::new(cfg.clone(), grid);
                all_cells(&sweep)
            };
            let loss = |c: &optiscape::sweep::Cell| c.final_loss.unwrap_or(f64::NAN);
            let adopt = map(&configs[1], phase_grid(12));
            let adopt_worst = adopt.iter().map(loss).fold(f64::NEG_INFINITY, f64::max);
            // Adam's two regions, each on a grid of its own so both are sampled finely.
            let climbs = Grid {
                x: Axis::new(optiscape::optim::spec::Key::Beta2, 0.5, 0.9, 5),
                y: Axis::new(optiscape::optim::spec::Key::Beta1, 0.0, 0.85, 5),
            };
            let comes_down = Grid {
                x: Axis::new(optiscape::optim::spec::Key::Beta2, 0.99, 0.9999, 5),
                y: Axis::new(optiscape::optim::spec::Key::Beta1, 0.0, 0.9999, 5),
            };
            let low = map(&configs[0], climbs)
                .iter()
                .map(loss)
                .fold(f64::INFINITY, f64::min);
            let high = map(&configs[0], comes_down)
                .iter()
                .map(loss)
                .fold(f64::NEG_INFINITY, f64::max);
            worst = [
                worst[0].max(adopt_worst),
                worst[1].min(low),
                worst[2].max(high),
            ];
            if !(adopt_worst < 0.0 && low > 1.0 && high < 0.0) {
                failures.push(format!(
                    "seed {seed}, η × {scale}: ADOPT at most {adopt_worst:.2}, Adam (small β2) at least {low:.2}, Adam (β2 ≥ 0.99) at most {high:.2}"
                ));
            }
        }
    }
    eprintln!(
        "ADOPT at most {:.2}; Adam small β2 at least {:.2}; Adam β2 ≥ 0.99 at most {:.2}",
        worst[0], worst[1], worst[2]
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The scene of lesson `key`, which opens the measured map as `view`.
fn map_lesson(key: &str, view: MapView) -> optiscape::scene::Scene {
    let lesson = lessons::find(key).unwrap();
    assert_eq!(lesson.map, Some(view), "{key}");
    (lesson.build)()
}

/// Every cell of a sweep.
fn all_cells(sweep: &Sweep) -> Vec<Cell> {
    optiscape::sweep::evaluate(sweep, &(0..sweep.cells()).collect::<Vec<_>>())
}

/// Whether a phase-grid cell (β along x, γ up y) is well above γ = √β (Some(true)), well
/// below it (Some(false)), or too near to tell (ln(γ/√β) within ±0.02).
fn root_side(c: &Cell) -> Option<bool> {
    let exact = (c.y / c.x.sqrt()).ln();
    (exact.abs() > 0.02).then_some(exact > 0.0)
}

fn grows_or_diverged(c: &Cell) -> bool {
    use optiscape::sweep::Outcome;
    matches!(c.outcome(), Outcome::Grows | Outcome::Diverged)
}
