//! Cattaneo, Klusowski & Shigida: the modified flow beside Adam, and the end point it shifts
//! along a valley of minima by h·c.

use super::{scene, Lesson};
use crate::landscape::{Landscape, ViewBox};
use crate::optim::Optimizer;
use crate::scene::{run_with, RunSpec, Scene};
use crate::theory::overlay::Overlays;

pub const LESSON: Lesson = Lesson {
    key: "modified-flow",
    title: "Cattaneo et al.: the modified flow beside Adam, and the end point c shifts",
    look_for: "Two Adams on the valley xy² = 1, h = η = 0.001, ε = 1e-4 inside the root, 2,000 steps. Blue has β = β1 = 0 and ρ = β2 = 0, so c = β/(1−β) − ρ/(1−ρ) = 0. It follows the plain first-order flow θ̇ = −∇E/R (DERIVED) to within 0.4η. Orange has (β, ρ) = (0.9, 0.5), Gould & Tanaka's γ = 0.9 and β = 0.5, so c = +8. Its dash-dot line is the modified flow (DERIVED), which adds h·c·∇‖∇E‖₁,ε. That flow ends within 1.2η of where orange ends. The plain flow (long gaps) ends with blue, several times farther away. So the run's end is shifted along the valley towards (1, 1), where ‖∇E‖₁ grows slowest, as c > 0 predicts. The flows panel shows each distance. With c < 0 the expansion needs a short memory h/(1−ρ) and smooth steps (math.md §3.3): set orange to (0.5, 0.9) and the modified flow leaves the run by over 100η.",
    points_at: &["landscape"],
    build,
    map: None,
};

fn run(id: u32, beta1: f64, beta2: f64) -> RunSpec {
    run_with(id, Optimizer::Adam, |h| {
        h.lr = 1e-3;
        h.beta1 = beta1;
        h.beta2 = beta2;
        h.eps = 1e-4;
        h.eps_inside = true;
    })
}

fn build() -> Scene {
    let mut orange = run(2, 0.9, 0.5);
    orange.overlays = Overlays {
        modified: true,
        leading: true,
        ..Overlays::default()
    };
    Scene {
        view: ViewBox {
            x: [0.845, 0.895],
            y: [1.045, 1.095],
        },
        ..scene(Landscape::Trilinear, 2000, vec![run(1, 0.0, 0.0), orange])
    }
}
