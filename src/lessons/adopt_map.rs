//! ADOPT's point on the measured map: on the corner counterexample it comes down at every
//! (β2, β1), where Adam with a small β2 ends at the worst corner.

use super::{adopt_corner, Lesson, MapView};
use crate::optim::Optimizer;
use crate::render::map::Measure;
use crate::scene::Scene;

pub const LESSON: Lesson = Lesson {
    key: "adopt-map",
    title: "ADOPT converges for every β2: the map",
    look_for: "The corner counterexample (f = x + y on [−1, 1]², from (0, 0), best −2 at (−1, −1), worst +2 at (1, 1), two-point noise with k = 10), η = 0.005, 6,000 steps. The map shows each cell's final loss over β = β2 (x) and γ = β1 (y), everything else as the selected run has it. ADOPT (selected, no clip) ends below 0, downhill from its start, in every cell, from β2 = 0 to 0.9999: Taniguchi et al.'s point, convergence whatever β2. Select run 1, Adam: with β2 from 0.5 to 0.9 and β1 up to 0.85 its cells end above 1, near the worst corner; from β2 = 0.99 up they end below 0. Each map fits its colours to its own losses: read the bar. Change the seed: the picture stays.",
    points_at: &["phase", "landscape"],
    map: Some(MapView::landscape(Measure::Loss)),
    build,
};

const LR: f64 = 0.005;
const STEPS: usize = 6000;

/// The corner lesson's Adam (β2 = 0.5) and ADOPT, ADOPT selected.
fn build() -> Scene {
    let mut s = (adopt_corner::LESSON.build)();
    s.runs.retain(|r| r.hyper.beta2 == 0.5);
    // A smaller step keeps each cell's last point close to where its run settles: the end
    // point of a noisy run wanders by about η times the noise.
    for r in &mut s.runs {
        r.hyper.lr = LR;
    }
    s.steps = STEPS;
    s.selected = s
        .runs
        .iter()
        .find(|r| r.optimizer == Optimizer::Adopt)
        .map_or(s.selected, |r| r.id);
    s
}
