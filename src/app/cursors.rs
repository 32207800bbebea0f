//! The step cursor over each chart: a thin line on a transparent canvas stacked on the chart,
//! moved once per animation frame by the player, so the charts themselves are not redrawn.
//! The same canvas shows the hovered step of the chart under the pointer or the keyboard.

use super::draw::{context, scaled, set_dash};
use crate::render::chart_draw::Frame;
use web_sys::HtmlCanvasElement;

/// The overlay canvases with their mappings, the last step drawn on them and the hovered one.
#[derive(Default)]
pub struct Cursors {
    overlays: Vec<(HtmlCanvasElement, Frame)>,
    step: Option<usize>,
    hover: Option<(HtmlCanvasElement, usize)>,
}

impl Cursors {
    /// New overlays after the charts were drawn; the cursor is put back where it was.
    pub fn set_overlays(&mut self, overlays: Vec<(HtmlCanvasElement, Frame)>) {
        self.overlays = overlays;
        self.paint();
    }

    /// Moves every cursor to `step`; nothing when it has not changed.
    pub fn draw(&mut self, step: usize) {
        if self.step != Some(step) {
            self.step = Some(step);
            self.paint();
        }
    }

    /// The step the cursors show.
    pub fn step(&self) -> Option<usize> {
        self.step
    }

    /// Where the chart under `overlay` has its plot, when it has one.
    pub fn frame(&self, overlay: &HtmlCanvasElement) -> Option<Frame> {
        self.overlays
            .iter()
            .find(|(c, _)| c == overlay)
            .map(|(_, f)| *f)
    }

    /// The hovered step of the chart under `overlay`.
    pub fn hovered(&self, overlay: &HtmlCanvasElement) -> Option<usize> {
        self.hover
            .as_ref()
            .filter(|(c, _)| c == overlay)
            .map(|(_, s)| *s)
    }

    /// Marks `step` on the chart under `overlay`, or (`None`) no hovered step at all.
    pub fn hover(&mut self, hover: Option<(HtmlCanvasElement, usize)>) {
        self.hover = hover;
        self.paint();
    }

    fn paint(&self) {
        for (canvas, f) in &self.overlays {
            let Some(ctx) = context(canvas) else { continue };
            ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
            let line = |x: Option<f64>, color: &str, width: f64, dash: &[f64]| {
                let Some(x) = x else { return };
                ctx.set_stroke_style_str(color);
                ctx.set_line_width((width * f.ratio).round());
                set_dash(&ctx, &scaled(dash, f.ratio));
                ctx.begin_path();
                ctx.move_to(x, f.y0);
                ctx.line_to(x, f.y1);
                ctx.stroke();
            };
            line(
                self.step.and_then(|s| f.cursor_x(s)),
                "rgba(255,255,255,0.75)",
                2.0,
                &[],
            );
            let hovered = self.hovered(canvas).and_then(|s| f.cursor_x(s));
            line(hovered, "#ffd166", 2.0, &[5.0, 4.0]);
        }
    }
}

/// The cursors as the player and the charts share them: equal when they are the same.
pub type Shared = super::shared::Shared<Cursors>;
