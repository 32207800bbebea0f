//! Taniguchi et al.: Adam against ADOPT on their two-point counterexample, with and without
//! ADOPT's clip.

use super::{adam, Lesson};
use crate::landscape::{Landscape, ViewBox};
use crate::noise::Noise;
use crate::optim::Optimizer;
use crate::scene::{run_with, Scene};

pub const LESSON: Lesson = Lesson {
    key: "adopt-two-point",
    title: "Adam vs ADOPT when rare gradients are large (two-point noise)",
    look_for: "Taniguchi et al.'s two-point noise, k = 10: each gradient coordinate is multiplied by 100 with probability 1/10, else by −10. Its mean is the true gradient, yet 9 gradients in 10 point uphill. All three runs: η = 0.01, γ = β1 = 0.9, β = β2 = 0.5. Adam (the first run) divides by a v made mostly of the current g², so its steps are about as long whichever way g points, and it walks away from the minimum, ending more than 4 from it (it starts 2.9 away; see the loss chart). ADOPT divides by the previous v, which does not contain the current g, so on average its steps follow g's mean, downhill: with the clip off (the last run) it comes back and ends nearer the minimum than it started, typically within 1–2 of it (a fixed η cannot settle closer under this noise). With its default clip at t^¼ (at most 7.4 in 3,000 steps) the rare ×100 gradients, about 10 once normalised, are cut while the uphill ones are not, and ADOPT walks away like Adam. Raise Adam's β to 0.999 and it no longer walks away; change the seed to see none of this is luck.",
    points_at: &["landscape", "chart-loss"],
    build,
    map: None,
};

/// A round bowl, so each coordinate is the paper's one-dimensional problem; the view is
/// wide enough to hold where Adam goes.
pub(super) fn build() -> Scene {
    let landscape = Landscape::Quadratic {
        condition: 1.0,
        angle: 0.0,
    };
    let adopt = |id, clip| {
        run_with(id, Optimizer::Adopt, |h| {
            h.lr = 0.01;
            h.beta2 = 0.5;
            h.clip = clip;
        })
    };
    Scene {
        start: landscape.info().start,
        landscape,
        steps: 3000,
        noise: Noise::TwoPoint { k: 10.0 },
        seed: 1,
        view: ViewBox {
            x: [-12.0, 12.0],
            y: [-12.0, 12.0],
        },
        runs: vec![adam(1, 0.01, 0.9, 0.5), adopt(2, true), adopt(3, false)],
        selected: 3,
        ..Scene::default()
    }
}
