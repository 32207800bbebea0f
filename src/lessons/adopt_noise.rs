//! Taniguchi et al.: Adam against ADOPT under gradient noise.

use super::{adam, scene, Lesson};
use crate::landscape::Landscape;
use crate::noise::Noise;
use crate::optim::Optimizer;
use crate::scene::{run_with, Scene};

pub const LESSON: Lesson = Lesson {
    key: "adopt-noise",
    title: "Adam vs ADOPT under heavy-tailed gradient noise",
    look_for: "Both with β2 = 0.5 and Student-t noise (ν = 2). ADOPT normalises by a second moment that does not contain the current gradient; compare how far each wanders from the minimum, then change the seed.",
    points_at: &["landscape"],
    build,
};

fn build() -> Scene {
    Scene {
        noise: Noise::StudentT { sigma: 2.0, dof: 2 },
        ..scene(
            Landscape::Quadratic {
                condition: 10.0,
                angle: 0.0,
            },
            1500,
            vec![
                adam(1, 0.01, 0.9, 0.5),
                run_with(2, Optimizer::Adopt, |h| {
                    h.lr = 0.01;
                    h.beta2 = 0.5;
                }),
            ],
        )
    }
}
