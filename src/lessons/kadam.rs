//! Gould & Tanaka's k-Adam: a second normalisation level (γ₂ = 0, their analogue of a
//! normalisation layer) bounds the update that Adam outside its stable region lets grow.

use super::{scene, Lesson};
use crate::landscape::{Landscape, ViewBox};
use crate::optim::Optimizer;
use crate::scene::{run_with, RunSpec, Scene};

pub const LESSON: Lesson = Lesson {
    key: "kadam",
    title: "k-Adam: a normalisation level keeps the update bounded",
    look_for: "Both runs are k-Adam with η = 0.05 and a first level (β, γ) = (β2, β1) = (0.9, 0.99), outside Adam's stable region. With k = 1 it is Adam: once the plateau's gradient collapses, its ‖u‖∞ climbs steadily on the log chart, past 10⁵ by step 400, and its last steps throw it far out of view. 2-Adam adds a second level with γ₂ = 0, β₂ = 0.9, Gould & Tanaka's analogue of a normalisation layer: it divides Adam's direction by that direction's own running RMS, which keeps each coordinate of u below 1/√(1 − β₂) ≈ 3.2 whatever the first level does (here below 1.5), so 2-Adam goes down the plateau at a steady pace. A learning rate cannot do this for Adam: u is the direction before η, and from η = 0.005 to 0.5 Adam's ‖u‖∞ still passes 500 within 400 steps; only moving (β, γ) back inside the region does (the stability lesson).",
    points_at: &["landscape", "chart-update"],
    build,
    map: None,
};

/// k-Adam at η = 0.05 with level 1 (beta1, beta2) = (0.99, 0.9); `upper` are the decays
/// of levels 2..k.
fn kadam(id: u32, upper: Vec<[f64; 2]>) -> RunSpec {
    run_with(id, Optimizer::KAdam, |h| {
        h.lr = 0.05;
        h.beta1 = 0.99;
        h.beta2 = 0.9;
        h.k = upper.len() + 1;
        h.levels = upper;
    })
}

/// The plateau makes the gradient collapse, which is when an unstable level 1 grows; the view
/// holds where 2-Adam gets to.
fn build() -> Scene {
    Scene {
        view: ViewBox {
            x: [-4.0, 36.0],
            y: [-10.0, 10.0],
        },
        ..scene(
            Landscape::Plateau,
            400,
            vec![kadam(1, vec![]), kadam(2, vec![[0.0, 0.9]])],
        )
    }
}
