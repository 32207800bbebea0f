//! Browser history as undo: a discrete change adds an entry, while the moves of one slider (or
//! one drag) within a short pause replace the entry they started, so Back undoes a whole drag.
//! Browser-free: the page hands it the clock.

use crate::scene::Action;

/// Changes of the same control closer together than this are one entry.
pub const COALESCE_MS: f64 = 500.0;

/// Where a change came from, as history sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    /// The first scene, one read from the address bar or restored by Back or Forward, or a
    /// change in how it is shown (speed, presentation): the entry is rewritten, never added.
    #[default]
    Quiet,
    /// A discrete change (a menu, a button, a lesson): a new entry.
    Step,
    /// A change of one continuous control, named so that its moves can be told apart.
    Control(String),
}

impl Origin {
    /// How an accepted action enters history.
    pub fn of(action: &Action) -> Origin {
        let control = match action {
            Action::SetParam { run, key, .. } => format!("param {run} {key}"),
            Action::SetLevel { run, level, .. } => format!("level {run} {level}"),
            Action::SetStart(_) => "start".into(),
            Action::SetView(_) => "view".into(),
            // The quadratic's sliders; a new kind of landscape is a menu choice.
            Action::SetLandscape(l) => format!("landscape {}", l.name()),
            // σ, dof and k slide; a new model is a menu choice.
            Action::SetNoise(n) => format!("noise {}", n.name()),
            _ => return Origin::Step,
        };
        Origin::Control(control)
    }
}

/// Whether a write adds an entry or rewrites the current one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Push,
    Replace,
}

/// Remembers the last continuous control that changed, and when.
#[derive(Clone, Debug, Default)]
pub struct Coalescer {
    last: Option<(String, f64)>,
}

impl Coalescer {
    /// The entry for a change from `origin` at `now_ms`.
    pub fn entry(&mut self, origin: &Origin, now_ms: f64) -> Entry {
        match origin {
            Origin::Quiet => {
                self.last = None;
                Entry::Replace
            }
            Origin::Step => {
                self.last = None;
                Entry::Push
            }
            Origin::Control(c) => {
                let same = matches!(&self.last, Some((l, t)) if l == c && now_ms - t < COALESCE_MS);
                self.last = Some((c.clone(), now_ms));
                if same {
                    Entry::Replace
                } else {
                    Entry::Push
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::spec::Key;

    fn beta(v: f64) -> Action {
        Action::SetParam {
            run: 2,
            key: Key::Beta2,
            value: v,
        }
    }

    #[test]
    fn a_drag_is_one_entry_and_a_pause_or_another_control_starts_another() {
        let mut c = Coalescer::default();
        let drag = Origin::of(&beta(0.9));
        assert_eq!(
            drag,
            Origin::of(&beta(0.5)),
            "the value does not name the control"
        );
        assert_eq!(c.entry(&drag, 0.0), Entry::Push);
        assert_eq!(c.entry(&drag, 100.0), Entry::Replace);
        // The window slides with the drag.
        assert_eq!(c.entry(&drag, 550.0), Entry::Replace);
        assert_eq!(c.entry(&drag, 1100.0), Entry::Push);
        let lr = Origin::of(&Action::SetParam {
            run: 2,
            key: Key::Lr,
            value: 0.1,
        });
        assert_eq!(c.entry(&lr, 1150.0), Entry::Push);
        assert_eq!(c.entry(&drag, 1200.0), Entry::Push);
        let menu = Origin::of(&Action::SetLink(true));
        assert_eq!(menu, Origin::Step);
        assert_eq!(c.entry(&menu, 1250.0), Entry::Push);
        assert_eq!(
            c.entry(&drag, 1300.0),
            Entry::Push,
            "a discrete change ends a drag"
        );
        assert_eq!(c.entry(&Origin::Quiet, 1350.0), Entry::Replace);
        assert_eq!(c.entry(&drag, 1400.0), Entry::Push);
    }

    #[test]
    fn noise_controls_are_named_by_model() {
        let o = Origin::of(&Action::SetNoise(crate::noise::Noise::None));
        assert!(matches!(o, Origin::Control(_)));
    }
}
