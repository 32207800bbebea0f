//! k-Adam with every level equal (the preset "all levels = level 1"), measured on the impulse
//! map against Adam: outside Adam's region the tied stack still does not grow.

use super::{scene, Lesson, MapView};
use crate::landscape::Landscape;
use crate::optim::Optimizer;
use crate::render::map::Measure;
use crate::scene::{run_with, RunSpec, Scene};

pub const LESSON: Lesson = Lesson {
    key: "kadam-tied",
    title: "k-Adam with all levels equal, measured (impulse, ε = 0)",
    look_for: "Both runs are k-Adam with η = 0.05, ε = 0 and (β, γ) = (β2, β1) = (0.9, 0.99), outside Adam's region, on the plateau. Run 1 has k = 1: it is Adam, and its ‖u‖∞ passes 10⁵ within 400 steps. Run 2 (selected) has k = 2 with every level tied to level 1 (the button \"all levels = level 1\"): its ‖u‖∞ stays below 10. The map runs in impulse mode (g = 1 for 20 steps, then 0: the recurrences alone) and moves every level's (β, γ) together: no cell grows. A level fed a growing input normalises it, so the DERIVED rule gives level 1 the factor γ/√β and every level above at most 1 (the diagram's shading). Select run 1: Adam's map grows wherever γ is well above √β. Set k to 3 or 5: still no cell grows. Cells at β = 0 (and at the smallest β of a fine grid) show as diverged in both maps: with ε = 0, v there reaches 0 once g = 0 (at once, or by underflow) and u = m̂/0.",
    points_at: &["phase", "chart-update"],
    map: Some(MapView::impulse(Measure::Growth)),
    build,
};

/// k-Adam with no level listed (all follow level 1) at the lesson's settings.
fn tied(id: u32, k: usize) -> RunSpec {
    run_with(id, Optimizer::KAdam, |h| {
        h.lr = 0.05;
        h.eps = 0.0;
        h.beta1 = 0.99;
        h.beta2 = 0.9;
        h.k = k;
        h.levels.clear();
    })
}

fn build() -> Scene {
    scene(Landscape::Plateau, 400, vec![tied(1, 1), tied(2, 2)])
}
