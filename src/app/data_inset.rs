//! The data of a landscape from data, with the selected run's model at the shown step: the
//! decision line w·x = 0, or each prediction against its target. It follows the animation
//! frame by frame, drawn straight to its canvas.

use super::draw::context;
use super::phase_canvas::pixel_ratio;
use super::player;
use crate::landscape::data::Model;
use crate::landscape::Data;
use crate::render::data_inset::{inset, Inset, SIZE};
use crate::sim::Trajectory;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Data,
    /// The selected run, whose weights at the shown step the inset draws.
    pub trajectory: Rc<Trajectory>,
    pub player: player::Shared,
}

#[component]
pub fn DataInset(p: &Props) -> Html {
    let canvas = use_node_ref();
    {
        let (player, canvas) = (p.player.clone(), canvas.clone());
        use_effect_with((p.data.clone(), p.trajectory.clone()), move |(data, t)| {
            let (data, t) = (data.clone(), t.clone());
            let drawing: Rc<dyn Fn(usize)> = Rc::new(move |step| {
                let w = t.records.get(step).or(t.records.last()).map(|r| r.theta);
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    draw(&c, &inset(&data, w));
                }
            });
            let mut pl = player.borrow_mut();
            pl.step_drawing = Some(drawing);
            pl.draw();
            drop(pl);
            move || player.borrow_mut().step_drawing = None
        });
    }
    let caption = match p.data.spec().model {
        Model::Logistic => "Class +1 orange, −1 blue; the line is w·x = 0 for the selected run's w at the shown step.",
        Model::Linear => "Each point's prediction w·x (across) against its target y (up) for the selected run's w at the shown step; on the diagonal the fit is exact.",
    };
    let side = (SIZE as f64 * pixel_ratio()).round().to_string();
    html! {
        <section class="panel data-panel" id="data-panel">
            <h2>{"The data"}</h2>
            // Drawn at the pixel ratio and shown SIZE CSS pixels wide, so it is sharp.
            <canvas id="data-inset" ref={canvas} width={side.clone()} height={side}
                role="img" aria-label={caption} />
            <p class="note">{caption}</p>
        </section>
    }
}

/// The inset's points and line, as `render::data_inset` placed them.
fn draw(canvas: &HtmlCanvasElement, i: &Inset) {
    let Some(ctx) = context(canvas) else { return };
    // The geometry is in CSS pixels: scale to the canvas's own.
    let scale = canvas.width() as f64 / SIZE as f64;
    if ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0).is_err() {
        return;
    }
    ctx.set_fill_style_str("#1a2027");
    ctx.fill_rect(0.0, 0.0, SIZE as f64, SIZE as f64);
    if let Some([a, b]) = i.line {
        ctx.set_stroke_style_str("#e8edf2");
        ctx.set_line_width(1.5);
        ctx.begin_path();
        ctx.move_to(a[0], a[1]);
        ctx.line_to(b[0], b[1]);
        ctx.stroke();
    }
    for (p, colour) in &i.points {
        ctx.set_fill_style_str(colour);
        ctx.fill_rect(p[0] - 1.5, p[1] - 1.5, 3.0, 3.0);
    }
}
