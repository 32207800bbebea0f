//! The page's opening scene.

use super::Lesson;
use crate::scene::Scene;

pub const LESSON: Lesson = Lesson {
    key: "race",
    title: "Race on Rosenbrock: momentum, Adam, ADOPT, 2-Adam",
    look_for:
        "Drag the start, slide γ and β of the selected run, and watch every path and chart follow.",
    points_at: &["landscape", "chart-loss"],
    build: Scene::default,
};
