//! Taniguchi et al.'s counterexample in two independent coordinates, on the map: x + y on the
//! square [−1, 1]² under their two-point noise, where Adam with a small β2 climbs to the worst
//! corner and ADOPT comes down to the best.

use super::Lesson;
use crate::landscape::Landscape;
use crate::noise::Noise;
use crate::optim::Optimizer;
use crate::scene::{run_with, RunSpec, Scene};

pub const LESSON: Lesson = Lesson {
    key: "adopt-corner",
    title: "ADOPT's counterexample on the map: the wrong corner",
    look_for: "f = x + y on the square [−1, 1]² (steps that leave it are projected back), best at the corner (−1, −1), worst at (1, 1); each gradient coordinate is multiplied by 100 with probability 1/10, else by −10 (Taniguchi et al.'s two-point noise, k = 10: its mean is the true gradient, yet 9 gradients in 10 point uphill). All runs η = 0.01, γ = β1 = 0.9. Adam with β = β2 = 0.5 climbs to the worst corner: over its last 1,000 steps its loss stays above 1 (the loss chart). ADOPT with the same β2 and no clip divides by the previous v, so its steps follow the gradient's mean and it comes down: its loss stays below 0. Adam with β2 = 0.999 comes down too. Change the seed: none of this is luck.",
    points_at: &["landscape", "chart-loss"],
    build,
    map: None,
};

fn run(id: u32, optimizer: Optimizer, beta2: f64) -> RunSpec {
    run_with(id, optimizer, |h| {
        h.lr = 0.01;
        h.beta1 = 0.9;
        h.beta2 = beta2;
        h.clip = false;
    })
}

fn build() -> Scene {
    let landscape = Landscape::Corner;
    let info = landscape.info();
    Scene {
        start: info.start,
        view: info.view,
        landscape,
        steps: 3000,
        noise: Noise::TwoPoint { k: 10.0 },
        seed: 1,
        runs: vec![
            run(1, Optimizer::Adam, 0.5),
            run(2, Optimizer::Adopt, 0.5),
            run(3, Optimizer::Adam, 0.999),
        ],
        selected: 2,
        ..Scene::default()
    }
}
