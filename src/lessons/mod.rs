//! Ready-made scenes for the papers' lessons, one file each: a key, a title, what to look for,
//! and how the scene is built. Each caption is a claim that `tests/lessons.rs` measures.

mod adopt_corner;
mod adopt_map;
pub mod adopt_toy;
mod adopt_two_point;
mod continuous_adam;
mod implicit_bias;
mod kadam;
mod kadam_map;
mod kadam_tied;
mod modified_flow;
mod race;
mod stability;
mod stability_map;

use crate::landscape::Landscape;
use crate::optim::Optimizer;
use crate::render::map::Measure;
use crate::scene::{run_with, RunSpec, Scene};
use crate::sweep::Mode;

/// One lesson.
pub struct Lesson {
    pub key: &'static str,
    pub title: &'static str,
    /// What to look at once it plays.
    pub look_for: &'static str,
    /// Ids of the page elements the caption asks the user to look at; an end-to-end test
    /// checks that each is on screen when the lesson loads.
    pub points_at: &'static [&'static str],
    /// The lesson's scene.
    pub build: fn() -> Scene,
    /// What the measured stability map shows when the lesson opens it.
    pub map: Option<MapView>,
}

/// The measured stability map as a lesson opens it: its measure, and whether its cells run
/// on the landscape or on the impulse gradient.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapView {
    pub measure: Measure,
    pub mode: Mode,
}

impl MapView {
    /// The map of runs on the scene's landscape.
    pub const fn landscape(measure: Measure) -> MapView {
        MapView {
            measure,
            mode: Mode::Landscape,
        }
    }

    /// The map of the recurrences alone, fed g = 1 for 20 steps, then 0.
    pub const fn impulse(measure: Measure) -> MapView {
        MapView {
            measure,
            mode: Mode::Impulse,
        }
    }
}

impl PartialEq for Lesson {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl std::fmt::Debug for Lesson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key)
    }
}

/// Every lesson, in the order of the page's menu.
pub const ALL: [Lesson; 13] = [
    race::LESSON,
    stability::LESSON,
    stability_map::LESSON,
    kadam::LESSON,
    kadam_map::LESSON,
    kadam_tied::LESSON,
    continuous_adam::LESSON,
    adopt_two_point::LESSON,
    adopt_corner::LESSON,
    adopt_map::LESSON,
    adopt_toy::LESSON,
    implicit_bias::LESSON,
    modified_flow::LESSON,
];

/// The lesson with that key.
pub fn find(key: &str) -> Option<&'static Lesson> {
    ALL.iter().find(|l| l.key == key)
}

/// A scene on `landscape` from its default start and view, with the last run selected.
fn scene(landscape: Landscape, steps: usize, runs: Vec<RunSpec>) -> Scene {
    let info = landscape.info();
    let selected = runs.last().map(|r| r.id).unwrap_or(1);
    Scene {
        landscape,
        start: info.start,
        steps,
        view: info.view,
        runs,
        selected,
        ..Scene::default()
    }
}

/// An Adam run with learning rate and decays (beta1 = γ, beta2 = β).
fn adam(id: u32, lr: f64, beta1: f64, beta2: f64) -> RunSpec {
    run_with(id, Optimizer::Adam, |h| {
        h.lr = lr;
        h.beta1 = beta1;
        h.beta2 = beta2;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_is_valid_and_found_by_its_key() {
        for lesson in &ALL {
            let s = (lesson.build)();
            assert!(s.validate().is_ok(), "{}: {:?}", lesson.key, s.validate());
            assert_eq!(find(lesson.key), Some(lesson));
        }
        assert!(find("nope").is_none());
    }
}
