//! Gould & Tanaka: their continuous-time Adam beside the discrete run, and the bound on the
//! max-update that their stable region promises.

use super::{adam, scene, Lesson};
use crate::landscape::Landscape;
use crate::scene::Scene;
use crate::theory::overlay::Overlays;

pub const LESSON: Lesson = Lesson {
    key: "continuous-adam",
    title: "Gould & Tanaka: continuous-time Adam beside the real run, and the bound on ‖u‖∞",
    look_for: "Adam on Himmelblau, η = 0.05, γ = β1 = 0.9, β = β2 = 0.99, 300 steps. The long dashes are Gould & Tanaka's continuous-time Adam (RECONSTRUCTED): θ̇ + ½θ̈ = −ηu, with m and v as continuous moving averages. It stays within 0.2η of the run at every step (the flows panel gives the distance). The short dashes drop the ½θ̈ term and stray at least 1.8 times as far: the second-order term matters. On the ‖u‖∞ chart the run stays under the exact bound of discrete Adam (amber, DERIVED), which it touches at the first step. The white curve is the bound of the paper's continuous model (DERIVED). It tends to 2.40 (the exact one to 2.35) because C(β, γ) = 2(1−γ)/γ − (1−β)/β = +0.21 > 0.",
    points_at: &["landscape", "chart-update"],
    build,
    map: None,
};

fn build() -> Scene {
    let mut run = adam(1, 0.05, 0.9, 0.99);
    run.overlays = Overlays {
        continuous: true,
        continuous_first: true,
        ..Overlays::default()
    };
    scene(Landscape::Himmelblau, 300, vec![run])
}
