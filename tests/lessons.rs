//! Each lesson's caption, measured: the claims a lesson makes hold in numbers.

use optiscape::lessons;
use optiscape::sim::Trajectory;

fn runs(key: &str) -> Vec<Trajectory> {
    (lessons::find(key).unwrap().build)().trajectories()
}

fn last_u(t: &Trajectory) -> f64 {
    let u = t.records.last().unwrap().update;
    u[0].abs().max(u[1].abs())
}

#[test]
fn stability_outside_the_region_grows_inside_stays_small() {
    let t = runs("stability");
    assert!(
        last_u(&t[0]) < 1.0 && last_u(&t[1]) > 1e4,
        "{} {}",
        last_u(&t[0]),
        last_u(&t[1])
    );
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
