//! The scene lives in the address bar (`#s=…`, see `crate::share`), so a page can be shared or
//! bookmarked, and browser history is its undo: a change adds an entry (the moves of one slider
//! coalesce into one), Back and Forward bring the scene of an entry back without adding one.
//! A link that cannot be read, or holds values out of range, is explained and ignored.

use super::later::AfterPaint;
use super::player;
use super::state::{AppState, Msg};
use crate::history::{Coalescer, Entry};
use crate::share::{self, Showing};
use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// How many entries of this page lie behind the current one: undo stops at the first.
#[derive(Clone, Default)]
pub struct Depth(Rc<Cell<u32>>);

impl Depth {
    /// Whether Back would stay on this page.
    fn can_go_back(&self) -> bool {
        self.0.get() > 0
    }
}

fn location_hash() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// A link's scene, or the one-line reason it cannot be used.
fn read_link() -> Option<Result<share::Opened, String>> {
    let hash = location_hash().filter(|h| share::is_link(h))?;
    Some(share::decode(&hash))
}

/// What was last written, so that a moved position rewrites only the step.
#[derive(Default)]
struct Written {
    scene: Option<crate::scene::Scene>,
    showing: Showing,
}

/// Where the paused animation stands, for the link; none while it plays.
fn position(p: &player::Shared) -> Option<usize> {
    let p = p.borrow();
    (!p.playing).then_some(p.step)
}

/// Reads the link once at start, follows Back and Forward, and writes every change back.
/// Returns how deep in this page's history the current entry is, for undo.
#[hook]
pub fn use_share_link(state: &AppState, dispatch: Callback<Msg>, player: player::Shared) -> Depth {
    let depth_now = (*use_memo((), |_| Depth::default())).clone();
    // A link that could not be read stays in the address bar until the user changes something.
    let hold = use_mut_ref(|| false);
    let written = use_mut_ref(Written::default);
    {
        let (held, dispatch, player, written, here) = (
            hold.clone(),
            dispatch.clone(),
            player.clone(),
            written.clone(),
            depth_now.clone(),
        );
        use_effect_with((), move |_| {
            // A reload keeps the entry's depth.
            let depth = web_sys::window()
                .and_then(|w| w.history().ok())
                .and_then(|h| h.state().ok())
                .and_then(|s| s.as_f64());
            here.0.set(depth.unwrap_or(0.0) as u32);
            if let Some(loaded) = read_link() {
                *held.borrow_mut() = loaded.is_err();
                match loaded {
                    Ok(o) => {
                        dispatch.emit(Msg::Open(o.scene, o.showing));
                        // The rest of the link loaded; the note says what was left out, and why.
                        if let Some(note) = o.note {
                            dispatch.emit(Msg::Load(Err(note)));
                        }
                    }
                    Err(e) => dispatch.emit(Msg::Load(Err(format!(
                        "{e}; showing the default scene instead"
                    )))),
                }
            }
            let window = web_sys::window();
            let popstate = window.as_ref().map(|w| {
                let (dispatch, here) = (dispatch.clone(), here.clone());
                EventListener::new(w, "popstate", move |e| {
                    let state = js_sys::Reflect::get(e, &JsValue::from_str("state")).ok();
                    // Our entries carry their depth; a link pasted into the address bar is a
                    // new entry without one, and opens as a link does.
                    let depth = state.and_then(|s| s.as_f64());
                    here.0.set(depth.map_or(here.0.get() + 1, |n| n as u32));
                    match read_link() {
                        Some(Ok(o)) => {
                            dispatch.emit(if depth.is_some() {
                                Msg::Restore(o.scene, o.showing)
                            } else {
                                Msg::Open(o.scene, o.showing)
                            });
                            if let Some(note) = o.note {
                                dispatch.emit(Msg::Load(Err(note)));
                            }
                        }
                        Some(Err(e)) => dispatch.emit(Msg::Load(Err(e))),
                        None => {}
                    }
                })
            });
            // Pausing, scrubbing or stepping moves the position: the link follows, quietly.
            let poll = Interval::new(600, move || {
                let w = written.borrow();
                let step = position(&player);
                if let Some(scene) = w.scene.as_ref().filter(|_| step != w.showing.step) {
                    let showing = Showing {
                        step,
                        ..w.showing.clone()
                    };
                    let hash = share::encode(scene, &showing);
                    drop(w);
                    write(&hash, Entry::Replace, &here);
                    written.borrow_mut().showing = showing;
                }
            });
            move || drop((popstate, poll))
        });
    }
    // Written once the change is on screen: the address bar is not worth a frame.
    let pending = use_mut_ref(|| None::<AfterPaint>);
    let coalescer = use_mut_ref(Coalescer::default);
    // A push cancelled by a newer change before it was written must not be lost.
    let push_pending = use_mut_ref(|| Rc::new(Cell::new(false)));
    let origin = state.origin.clone();
    let here = depth_now.clone();
    use_effect_with(
        (state.scene.clone(), state.showing()),
        move |(scene, showing)| {
            if std::mem::replace(&mut *hold.borrow_mut(), false) {
                return;
            }
            let mut entry = coalescer.borrow_mut().entry(&origin, now_ms());
            let flag = push_pending.borrow().clone();
            if flag.get() {
                entry = Entry::Push;
            }
            flag.set(entry == Entry::Push);
            let (scene, showing) = (scene.clone(), showing.clone());
            *pending.borrow_mut() = Some(AfterPaint::new(move || {
                flag.set(false);
                let showing = Showing {
                    step: position(&player),
                    ..showing
                };
                write(&share::encode(&scene, &showing), entry, &here);
                *written.borrow_mut() = Written {
                    scene: Some(scene),
                    showing,
                };
            }));
        },
    );
    depth_now
}

fn write(hash: &str, entry: Entry, depth: &Depth) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    if entry == Entry::Push {
        depth.0.set(depth.0.get() + 1);
    }
    let state = JsValue::from(depth.0.get());
    let _ = match entry {
        Entry::Push => history.push_state_with_url(&state, "", Some(hash)),
        Entry::Replace => history.replace_state_with_url(&state, "", Some(hash)),
    };
}

/// Undo and redo: Back and Forward, so the address bar and the Back button agree.
pub fn undo(depth: &Depth) {
    if depth.can_go_back() {
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.back();
        }
    }
}

pub fn redo() {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.forward();
    }
}
