//! Gould & Tanaka: Adam inside and outside its stable region on the plateau.

use super::{adam, scene, Lesson};
use crate::landscape::Landscape;
use crate::scene::Scene;

pub const LESSON: Lesson = Lesson {
    key: "stability",
    title: "Adam outside its stable region (plateau)",
    look_for: "Both runs use Adam. The orange one has (β, γ) = (0.9, 0.99), outside the stable region (both the paper's C > 0 and the exact γ < √β): once the gradient collapses on the plateau its ‖u‖∞ climbs in a straight line on the log chart, at about ln(γ/√β) per step, until ε caps it. Click the phase diagram to move it back inside.",
    points_at: &["landscape", "chart-update", "phase"],
    build,
    map: None,
};

/// (β, γ) = (0.999, 0.9) is inside, (0.9, 0.99) outside; the plateau makes the gradient
/// collapse, which is when the update grows.
fn build() -> Scene {
    scene(
        Landscape::Plateau,
        400,
        vec![adam(1, 0.05, 0.9, 0.999), adam(2, 0.05, 0.99, 0.9)],
    )
}
