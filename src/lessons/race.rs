//! The page's opening scene.

use super::Lesson;
use crate::scene::Scene;

pub const LESSON: Lesson = Lesson {
    key: "race",
    title: "Race on Rosenbrock: momentum, Adam, ADOPT, 2-Adam",
    look_for: "Adam, ADOPT and 2-Adam share η = 0.05. SGD with momentum steps by the raw gradient, about 230 at the start, so it runs at η = 0.001 (at 0.004 it diverges). ADOPT uses β = β2 = 0.9, not its default 0.9999: its v starts as the first g² and forgets it only over about 1/(1 − β) steps, so with 0.9999 it barely moves in 1,000 steps (try it); with 0.9 it reaches (1, 1) within 400 steps, as Adam would with the same β. 2-Adam's second level has γ₂ = 0, β₂ = 0.999: it gets near (1, 1) early but does not stay there: at this η it is thrown back out several times (loss chart). Drag the start, slide γ and β of the selected run, and watch every path and chart follow.",
    points_at: &["landscape", "chart-loss"],
    build: Scene::default,
    map: None,
};
