//! Cattaneo, Klusowski & Shigida: the implicit bias of Adam.

use super::{scene, Lesson};
use crate::landscape::{Landscape, ViewBox};
use crate::optim::Optimizer;
use crate::scene::{run_with, RunSpec, Scene};

pub const LESSON: Lesson = Lesson {
    key: "implicit-bias",
    title: "Implicit bias of Adam: where on the valley does it land?",
    look_for: "Three Adams (ε = 1e-4 inside the root, as Cattaneo et al.) take sign-like steps of h = 5e-4 up to the valley xy² = 1. Blue has β1 = β2 = 0, so c = β1/(1−β1) − β2/(1−β2) (Cattaneo et al.'s β/(1−β) − ρ/(1−ρ)) is 0 and it ends where the h → 0 flow does; orange, (β1, β2) = (0.9, 0.99), has c = −90 and ends towards (0.79, 1.12), where ‖∇E‖₁ grows faster off the valley but ‖∇E‖₂ slower; yellow, (0.99, 0.9), has c = +90 and ends towards (1, 1), where ‖∇E‖₁ grows slowest (its momentum first carries it across the valley and back). That is the sign the first-order modified equation (DERIVED) gives, and the shift is proportional to h: halve every run's learning rate and each gap to blue halves.",
    points_at: &["landscape"],
    build,
    map: None,
};

/// Sign-like steps of h = 5e-4 from (0.2, 0.4): the approach takes ~1,500 steps, long against
/// the moments' memory, and ε = 1e-4 keeps the runs from chattering on the valley.
fn build() -> Scene {
    Scene {
        view: ViewBox {
            x: [0.76, 1.04],
            y: [0.96, 1.24],
        },
        ..scene(
            Landscape::Trilinear,
            4000,
            vec![run(1, 0.0, 0.0), run(2, 0.9, 0.99), run(3, 0.99, 0.9)],
        )
    }
}

fn run(id: u32, beta1: f64, beta2: f64) -> RunSpec {
    run_with(id, Optimizer::Adam, |h| {
        h.lr = 5e-4;
        h.beta1 = beta1;
        h.beta2 = beta2;
        h.eps = 1e-4;
        h.eps_inside = true;
    })
}
