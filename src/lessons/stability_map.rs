//! Gould & Tanaka's stable region measured: every (β, γ) of the phase diagram run on the
//! plateau, where the gradient collapses and only the recurrence is left to decide.

use super::{scene, Lesson, MapView};
use crate::landscape::Landscape;
use crate::optim::Optimizer;
use crate::render::map::Measure;
use crate::scene::run_with;
use crate::scene::Scene;

pub const LESSON: Lesson = Lesson {
    key: "stability-map",
    title: "Adam's stable region, measured (plateau, ε = 0)",
    look_for: "Every cell of the phase diagram is a whole run of Adam with ε = 0 on the plateau. From β = 0.9 up, the cells where ‖u‖∞ grows (red) are those above the dashed γ = √β, the exact boundary (DERIVED), which there nearly coincides with the paper's C = 0. Below β = 0.9 the plateau itself shapes what each run does (runs that diverged are magenta), so read the boundary from β = 0.9 up. Tick \"draw a line\" and drag across the boundary to compare the measured slope with ln(γ/√β) and |C|/2.",
    points_at: &["phase"],
    map: Some(MapView::landscape(Measure::Growth)),
    build,
};

/// One Adam run inside the region; ε = 0 so nothing caps the growth outside it.
fn build() -> Scene {
    scene(
        Landscape::Plateau,
        300,
        vec![run_with(1, Optimizer::Adam, |h| {
            h.lr = 0.05;
            h.eps = 0.0;
        })],
    )
}
