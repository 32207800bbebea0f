//! Gould & Tanaka's k-Adam for k = 1, 2, 3.

use super::{scene, Lesson};
use crate::landscape::Landscape;
use crate::optim::Optimizer;
use crate::scene::{run_with, Scene};

pub const LESSON: Lesson = Lesson {
    key: "kadam",
    title: "k-Adam: k = 1, 2, 3 on an ill-conditioned bowl",
    look_for: "Each extra level normalises the previous level's output again, so the update ‖u‖∞ stays nearer 1 for longer (see its chart): on this bowl 2-Adam and 3-Adam end lower than Adam after 600 steps.",
    points_at: &["landscape", "chart-update"],
    build,
};

fn build() -> Scene {
    scene(
        Landscape::Quadratic {
            condition: 50.0,
            angle: 30.0,
        },
        600,
        (1..=3)
            .map(|k| {
                run_with(k as u32, Optimizer::KAdam, |h| {
                    h.lr = 0.01;
                    h.k = k;
                })
            })
            .collect(),
    )
}
