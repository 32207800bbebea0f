//! k-Adam's last level measured (preset of Gould & Tanaka's 2-Adam): the map of level 2's
//! (β₂, γ₂) below a stable first level, and below one outside Adam's region.

use super::{scene, Lesson, MapView};
use crate::landscape::Landscape;
use crate::optim::Optimizer;
use crate::render::map::Measure;
use crate::scene::{run_with, RunSpec, Scene};

pub const LESSON: Lesson = Lesson {
    key: "kadam-map",
    title: "2-Adam's second level, measured (plateau, ε = 0)",
    look_for: "Two 2-Adam runs, ε = 0, 3,000 steps on the plateau; the map sweeps the second level's (β₂, γ₂) of the selected run, all else as the run has it. Run 2 (selected) has a first level (β, γ) = (0.9, 0.99), outside Adam's region: whatever the second level's decays, no cell grows. The normalisation of a growing input holds the update, as the DERIVED rule for stacked levels says (the diagram's shading). Select run 1, whose first level (0.999, 0.9) is stable: the second level then behaves like Adam, and from β₂ = 0.9 up its cells grow where γ₂ > √β₂ (some until they diverge, magenta). The γ₂ = 0 row, Gould & Tanaka's normalisation-layer analogue, never grows.",
    points_at: &["phase"],
    map: Some(MapView::landscape(Measure::Growth)),
    build,
};

/// 2-Adam at η = 0.05, ε = 0, with first level (beta1, beta2) = `level1` and the second level
/// at (γ₂, β₂) = (0, 0.999) until the map moves it.
fn two_adam(id: u32, level1: [f64; 2]) -> RunSpec {
    run_with(id, Optimizer::KAdam, |h| {
        h.lr = 0.05;
        h.eps = 0.0;
        [h.beta1, h.beta2] = level1;
        h.k = 2;
        h.levels = vec![[0.0, 0.999]];
    })
}

/// Long runs: a short one still carries the first level's transient where the rule says the
/// update decays slowly.
fn build() -> Scene {
    scene(
        Landscape::Plateau,
        3000,
        vec![two_adam(1, [0.9, 0.999]), two_adam(2, [0.99, 0.9])],
    )
}
