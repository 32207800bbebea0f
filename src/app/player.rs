//! The animation: which step is shown, and drawing the trajectory layer each frame straight to
//! its canvas (never through a re-render of the component tree).

use super::{cursors, draw};
use crate::render::Viewport;
use crate::sim::{Flows, Runs};
use crate::Vec2;
use gloo::render::{request_animation_frame, AnimationFrame};
use std::rc::Rc;
use yew::{Callback, NodeRef};

/// A run as the layer draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct Look {
    /// The run's id, which gives its dash and end marker.
    pub id: u32,
    pub color: &'static str,
    pub visible: bool,
}

/// The text of a readout at a step.
pub type StepText = Rc<dyn Fn(usize) -> String>;

pub struct Player {
    pub trajectories: Runs,
    /// The papers' flows beside each run, drawn dashed in its colour.
    pub flows: Flows,
    pub looks: Vec<Look>,
    pub viewport: Viewport,
    /// Canvas pixels to a CSS pixel on the layer, which lines and text are scaled by.
    pub scale: f64,
    pub start: Vec2,
    pub step: usize,
    pub playing: bool,
    pub steps_per_frame: usize,
    pub layer: NodeRef,
    pub timeline: NodeRef,
    pub step_label: NodeRef,
    /// Told when playing starts or stops, so the play button can say which.
    pub on_playing: Callback<bool>,
    /// The step cursors over the charts, moved with each frame.
    pub cursors: cursors::Shared,
    /// A readout that follows the step (the implicit-bias regime): its element and its text.
    pub step_text: Option<(NodeRef, StepText)>,
    /// A drawing that follows the step (the data inset's model), called with it each frame.
    pub step_drawing: Option<Rc<dyn Fn(usize)>>,
    /// The next frame while the animation runs; dropping it (or the player) cancels it.
    frame: Option<AnimationFrame>,
}

/// The player as components hold it: equal when it is the same player.
pub type Shared = super::shared::Shared<Player>;

impl Player {
    /// `viewport` is replaced by the scene's on the first sync, before anything is drawn.
    pub fn new(viewport: Viewport, on_playing: Callback<bool>) -> Self {
        Player {
            trajectories: Runs::default(),
            flows: Flows::default(),
            looks: Vec::new(),
            viewport,
            scale: 1.0,
            start: [0.0; 2],
            step: 0,
            playing: true,
            steps_per_frame: 5,
            layer: NodeRef::default(),
            timeline: NodeRef::default(),
            step_label: NodeRef::default(),
            on_playing,
            cursors: cursors::Shared::default(),
            step_text: None,
            step_drawing: None,
            frame: None,
        }
    }

    /// The last step any run reached.
    pub fn last_step(&self) -> usize {
        self.trajectories
            .iter()
            .map(|t| t.records.len().saturating_sub(1))
            .max()
            .unwrap_or(0)
    }

    pub fn set_playing(&mut self, on: bool) {
        if self.playing != on {
            self.playing = on;
            self.on_playing.emit(on);
        }
    }

    /// Draws the layer, the chart cursors and the timeline at the current step.
    pub fn draw(&self) {
        if let Some(canvas) = self.layer.cast::<web_sys::HtmlCanvasElement>() {
            if let Some(ctx) = draw::context(&canvas) {
                draw::clear(&ctx, &canvas);
                let pen = draw::Pen {
                    ctx: &ctx,
                    vp: self.viewport,
                    k: self.scale,
                };
                // A run's label keeps off the axes' labels on the map below and off the others.
                let axes = draw::axis_labels(&pen);
                let mut taken: Vec<_> = axes.labels.iter().map(|l| l.rect).collect();
                for (t, look) in self.trajectories.iter().zip(&self.looks) {
                    if look.visible {
                        draw::run(&pen, t, self.step, look.id, look.color, &mut taken);
                    }
                }
                self.draw_flows(&pen);
                draw::start_marker(&pen, self.start);
            }
        }
        self.cursors.0.borrow_mut().draw(self.step);
        if let Some(input) = self.timeline.cast::<web_sys::HtmlInputElement>() {
            input.set_max(&self.last_step().to_string());
            input.set_value(&self.step.to_string());
            // A screen reader says the step, not a bare number.
            let text = format!("step {} of {}", self.step, self.last_step());
            let _ = input.set_attribute("aria-valuetext", &text);
        }
        if let Some(el) = self.step_label.cast::<web_sys::Element>() {
            el.set_text_content(Some(&format!("step {} / {}", self.step, self.last_step())));
        }
        if let Some((node, text)) = &self.step_text {
            if let Some(el) = node.cast::<web_sys::Element>() {
                el.set_text_content(Some(&text(self.step)));
            }
        }
        if let Some(f) = &self.step_drawing {
            f(self.step);
        }
    }

    /// Each shown run's flows, on top of the runs.
    fn draw_flows(&self, pen: &draw::Pen) {
        for (i, look) in self.looks.iter().enumerate() {
            if !look.visible {
                continue;
            }
            for (kind, result) in self.flows.of(i) {
                if let Ok(f) = result.as_ref() {
                    draw::flow(pen, &f.points, self.step, look.color, kind.dash());
                }
            }
        }
    }

    /// Advances one frame; false when the animation should stop.
    fn tick(&mut self) -> bool {
        if !self.playing {
            return false;
        }
        let last = self.last_step();
        self.step = (self.step + self.steps_per_frame).min(last);
        if self.step >= last {
            self.set_playing(false);
        }
        super::perf::time("frame", || self.draw());
        self.playing
    }
}

/// Starts the requestAnimationFrame loop unless it runs already.
pub fn play(shared: &Shared) {
    let mut p = shared.borrow_mut();
    if p.step >= p.last_step() {
        p.step = 0;
    }
    p.set_playing(true);
    if p.frame.is_none() {
        p.frame = Some(next_frame(shared));
    }
}

/// One frame of the loop, which asks for the next while playing. Weak: the frame is held by
/// the player it drives.
fn next_frame(shared: &Shared) -> AnimationFrame {
    let weak = Rc::downgrade(&shared.0);
    request_animation_frame(move |_t| {
        let Some(rc) = weak.upgrade() else { return };
        let shared = super::shared::Shared(rc);
        let more = shared.borrow_mut().tick();
        let next = more.then(|| next_frame(&shared));
        shared.borrow_mut().frame = next;
    })
}
