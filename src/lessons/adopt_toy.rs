//! Taniguchi et al.'s counterexample itself: the one-dimensional stochastic problem of their
//! toy figure, run over many seeds in the ADOPT panel.

use super::Lesson;
use crate::theory::adopt_toy::{ToyConfig, ToyMethod};

pub const LESSON: Lesson = Lesson {
    key: "adopt-toy",
    title: "ADOPT's counterexample: θ over many runs (Taniguchi et al.)",
    look_for: "The panel runs the paper's problem: θ ∈ [−1, 1], gradient k² = 100 with probability 1/k, else −k = −10, so its mean is +1 and the best θ is −1; step 0.01/√(1 + 0.01t), β1 = 0.9 (Gould & Tanaka's γ) for all. Lines are the median of 32 runs, bands their 25–75 %. For β2 = 0.1, 0.5 and 0.9 (Gould & Tanaka's β) Adam ends at the worst point, +1: its v is mostly the current g², so each step is about ±1 whichever way g points, and 9 gradients in 10 point up. At β2 = 0.999 Adam reaches −1. ADOPT without its clip reaches −1 for every β2; the clipped ADOPT ends below −0.5 for every β2 too (near −1 at k = 10); AMSGrad heads down, slowly for small β2 (about −0.6 after 10⁵ steps). Try k = 50: Adam fails even at β2 = 0.999, and the clipped ADOPT (the official code's default since the paper) is pushed to +1 for β2 ≤ 0.9.",
    points_at: &["adopt-toy"],
    build: super::adopt_two_point::build,
    map: None,
};

/// What the panel runs when this lesson opens it: the paper's k = 10 problem, the four
/// methods of its figure and four of the β2 (PyTorch β2) of math.md's grid.
pub fn study() -> ToyConfig {
    ToyConfig {
        k: vec![10.0],
        beta2s: vec![0.1, 0.5, 0.9, 0.999],
        methods: vec![
            ToyMethod::Adam,
            ToyMethod::AmsGrad,
            ToyMethod::Adopt,
            ToyMethod::AdoptClipped,
        ],
        samples: 32,
        steps: 100_000,
        ..ToyConfig::default()
    }
}

/// Whether `lesson` opens the counterexample panel.
pub fn opens(lesson: &Lesson) -> bool {
    lesson.key == LESSON.key
}
