//! The app's one reducer: the scene plus the last refusal message.

use crate::optim::spec::Key;
use crate::scene::{Action, Scene};
use std::rc::Rc;
use yew::Reducible;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    pub scene: Scene,
    /// Why the last action was refused (the scene is then unchanged).
    pub message: Option<String>,
    /// The run's hyperparameter that refusal was about: its control is marked.
    pub invalid: Option<(u32, Key)>,
    /// Counts whole-scene loads (a lesson, a link): each replays the animation from the start.
    pub loads: u32,
    /// The lesson on screen, if the scene came from one.
    pub lesson: Option<&'static crate::lessons::Lesson>,
}

/// What a component can ask of the app state.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Scene(Action),
    /// Replace the whole scene (a share link); refused with a message if invalid.
    Load(Result<Scene, String>),
    /// Load a lesson's scene and show what to look for.
    Lesson(&'static crate::lessons::Lesson),
    CloseLesson,
    Dismiss,
}

impl Reducible for AppState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        match msg {
            Msg::Scene(action) => match next.scene.apply(action) {
                Ok(()) => (next.message, next.invalid) = (None, None),
                Err(e) => (next.message, next.invalid) = (Some(e.message), e.field),
            },
            Msg::Load(Ok(scene)) => {
                next.scene = scene;
                next.message = None;
                next.loads += 1;
                next.lesson = None;
            }
            Msg::Load(Err(e)) => next.message = Some(e),
            Msg::Lesson(lesson) => {
                next.scene = (lesson.build)();
                next.message = None;
                next.loads += 1;
                next.lesson = Some(lesson);
            }
            Msg::CloseLesson => next.lesson = None,
            Msg::Dismiss => (next.message, next.invalid) = (None, None),
        }
        Rc::new(next)
    }
}

/// Run colours: Okabe–Ito hues, readable on the dark map and for colour-blind viewers.
pub const COLORS: [&str; 8] = [
    "#56b4e9", "#ff8c1a", "#f0e442", "#ff5ab4", "#00d1a0", "#ffffff", "#b48cff", "#ff4040",
];

/// Classes of www/style.css setting `--c` to each of `COLORS`, in order: the page's policy
/// forbids style attributes.
const COLOR_CLASSES: [&str; 8] = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"];

/// Which colour a run gets, stable while runs are added and removed.
fn color_index(id: u32) -> usize {
    (id as usize + COLORS.len() - 1) % COLORS.len()
}

/// The colour of a run.
pub fn color(id: u32) -> &'static str {
    COLORS[color_index(id)]
}

/// The class that gives an element the run's colour as `--c`.
pub fn color_class(id: u32) -> &'static str {
    COLOR_CLASSES[color_index(id)]
}
