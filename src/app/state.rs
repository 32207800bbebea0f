//! The app's one reducer: the scene, how it is shown, and the last refusal message.

use crate::history::Origin;
use crate::optim::spec::Key;
use crate::scene::{Action, Scene};
use crate::share::{Showing, DEFAULT_SPEED};
use std::rc::Rc;
use yew::Reducible;

#[derive(Clone, Debug, PartialEq)]
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
    /// How the last change enters browser history.
    pub origin: Origin,
    /// Steps per frame of the animation.
    pub speed: usize,
    /// Presentation mode: controls hidden, map and lesson large.
    pub present: bool,
    /// The step a link asked to pause at, for the load that brought it.
    pub start_at: Option<usize>,
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            scene: Scene::default(),
            message: None,
            invalid: None,
            loads: 0,
            lesson: None,
            origin: Origin::Quiet,
            speed: DEFAULT_SPEED,
            present: false,
            start_at: None,
        }
    }
}

impl AppState {
    /// Everything a link holds besides the scene; `step` is the player's to fill in.
    pub fn showing(&self) -> Showing {
        Showing {
            lesson: self.lesson.map(|l| l.key.to_string()),
            speed: self.speed,
            step: None,
            present: self.present,
        }
    }

    /// Takes a link's scene and how it was shown.
    fn open(&mut self, scene: Scene, showing: Showing) {
        self.scene = scene;
        self.lesson = showing.lesson.as_deref().and_then(crate::lessons::find);
        self.speed = showing.speed;
        self.present = showing.present;
        self.message = None;
        self.invalid = None;
    }
}

/// What a component can ask of the app state.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Scene(Action),
    /// Replace the whole scene (a share link); refused with a message if invalid.
    Load(Result<Scene, String>),
    /// A share link read at start: its scene, replayed from the start or paused at its step.
    Open(Scene, Showing),
    /// An entry of browser history (Back, Forward): the scene as it was, not replayed.
    Restore(Scene, Showing),
    Speed(usize),
    Present(bool),
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
            Msg::Scene(action) => {
                let origin = Origin::of(&action);
                match next.scene.apply(action) {
                    Ok(()) => {
                        (next.message, next.invalid) = (None, None);
                        next.origin = origin;
                    }
                    Err(e) => (next.message, next.invalid) = (Some(e.message), e.field),
                }
            }
            Msg::Load(Ok(scene)) => {
                next.scene = scene;
                next.message = None;
                next.loads += 1;
                next.lesson = None;
                next.origin = Origin::Step;
            }
            Msg::Load(Err(e)) => next.message = Some(e),
            Msg::Open(scene, showing) => {
                next.start_at = showing.step;
                next.open(scene, showing);
                next.loads += 1;
                next.origin = Origin::Quiet;
            }
            Msg::Restore(scene, showing) => {
                // Back leaves presentation only by its own button or Esc.
                let present = next.present;
                next.open(scene, showing);
                next.present = present;
                next.origin = Origin::Quiet;
            }
            Msg::Lesson(lesson) => {
                next.scene = (lesson.build)();
                next.message = None;
                next.loads += 1;
                next.lesson = Some(lesson);
                next.start_at = None;
                next.origin = Origin::Step;
            }
            Msg::CloseLesson => {
                next.lesson = None;
                next.origin = Origin::Step;
            }
            Msg::Speed(n) => {
                next.speed = n;
                next.origin = Origin::Quiet;
            }
            Msg::Present(on) => {
                next.present = on;
                next.origin = Origin::Quiet;
            }
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

/// The class of a run colour (one of `COLORS`), if it is one.
pub fn class_of(color: &str) -> Option<&'static str> {
    COLORS
        .iter()
        .position(|c| *c == color)
        .map(|i| COLOR_CLASSES[i])
}

/// The class that gives an element the run's colour as `--c`.
pub fn color_class(id: u32) -> &'static str {
    COLOR_CLASSES[color_index(id)]
}
