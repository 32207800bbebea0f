//! Cattaneo, Klusowski & Shigida: the implicit bias of Adam.

use super::{scene, Lesson};
use crate::landscape::{Landscape, ViewBox};
use crate::optim::Optimizer;
use crate::scene::{run_with, Scene};

pub const LESSON: Lesson = Lesson {
    key: "implicit-bias",
    title: "Implicit bias of Adam: where on the valley does it land?",
    look_for: "Three Adams with ρ = β2 = 0.5, 0.9, 0.999 (ε inside the root, as Cattaneo et al.). All reach the valley xy = 0.75 (the view is zoomed onto where they end); a larger ρ ends further along it, away from the flattest point |x| = |y| = 0.87: the drift anti-penalises the gradient's one-norm when ρ > β.",
    points_at: &["landscape"],
    build,
};

/// ε inside the root, h = 0.01, ε = 1e-6, zoomed onto where the runs end.
fn build() -> Scene {
    Scene {
        view: ViewBox {
            x: [1.6, 2.4],
            y: [0.0, 0.8],
        },
        ..scene(
            Landscape::Bilinear,
            3000,
            [0.5, 0.9, 0.999]
                .iter()
                .enumerate()
                .map(|(i, &rho)| {
                    run_with(i as u32 + 1, Optimizer::Adam, |h| {
                        h.lr = 0.01;
                        h.beta2 = rho;
                        h.eps = 1e-6;
                        h.eps_inside = true;
                    })
                })
                .collect(),
        )
    }
}
