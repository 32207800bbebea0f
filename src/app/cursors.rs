//! The step cursor over each chart: a thin line on a transparent canvas stacked on the chart,
//! moved once per animation frame by the player, so the charts themselves are not redrawn.

use super::draw::context;
use crate::render::chart_draw::Frame;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;

/// The overlay canvases with their mappings, and the last step drawn on them.
#[derive(Default)]
pub struct Cursors {
    overlays: Vec<(HtmlCanvasElement, Frame)>,
    step: Option<usize>,
}

impl Cursors {
    /// New overlays after the charts were drawn; the cursor is put back where it was.
    pub fn set_overlays(&mut self, overlays: Vec<(HtmlCanvasElement, Frame)>) {
        self.overlays = overlays;
        if let Some(step) = self.step {
            paint(&self.overlays, step);
        }
    }

    /// Moves every cursor to `step`; nothing when it has not changed.
    pub fn draw(&mut self, step: usize) {
        if self.step != Some(step) {
            self.step = Some(step);
            paint(&self.overlays, step);
        }
    }
}

/// The cursors as the player and the charts share them: equal when they are the same.
#[derive(Clone, Default)]
pub struct Shared(pub Rc<RefCell<Cursors>>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn paint(overlays: &[(HtmlCanvasElement, Frame)], step: usize) {
    for (canvas, f) in overlays {
        let Some(ctx) = context(canvas) else { continue };
        ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
        let Some(x) = f.cursor_x(step) else { continue };
        ctx.set_stroke_style_str("rgba(255,255,255,0.75)");
        ctx.set_line_width(2.0);
        ctx.begin_path();
        ctx.move_to(x, f.y0);
        ctx.line_to(x, f.y1);
        ctx.stroke();
    }
}
