//! A landscape from data: its dataset's size, spread and seed, and an inset of the points with
//! the selected run's model at its last step (the decision line w·x = 0, or predictions
//! against targets).

use super::controls::NumberControl;
use super::draw::context;
use crate::landscape::data::{DataSpec, Model, CORRELATION_RANGE, N_RANGE, SEPARATION_RANGE};
use crate::landscape::{Data, Landscape};
use crate::render::data_inset::{inset, Inset, SIZE};
use crate::render::scale::Scale;
use crate::Vec2;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Data,
    /// The selected run's weights at its last step.
    pub theta: Option<Vec2>,
    pub on_landscape: Callback<Landscape>,
    pub on_error: Callback<String>,
}

/// Sends the data made from `spec`, or why it cannot be made.
fn sender(p: &Props) -> impl Fn(DataSpec) + Clone + 'static {
    let (on_landscape, on_error) = (p.on_landscape.clone(), p.on_error.clone());
    move |spec: DataSpec| match Data::try_from(spec) {
        Ok(d) => on_landscape.emit(Landscape::Data(d)),
        Err(e) => on_error.emit(e),
    }
}

#[component]
pub fn DataControls(p: &Props) -> Html {
    let spec = p.data.spec();
    let send = sender(p);
    let canvas = use_node_ref();
    {
        let (canvas, data, theta) = (canvas.clone(), p.data.clone(), p.theta);
        use_effect_with((data, theta), move |(data, theta)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                draw(&c, &inset(data, *theta));
            }
        });
    }
    let with = |f: fn(&mut DataSpec, f64)| {
        let send = send.clone();
        Callback::from(move |v: f64| {
            let mut s = spec;
            f(&mut s, v);
            send(s);
        })
    };
    let (spread_name, [lo, hi]) = match spec.model {
        Model::Logistic => ("separation of the blobs (sd)", SEPARATION_RANGE),
        Model::Linear => ("correlation of the features", CORRELATION_RANGE),
    };
    let seed = {
        let (send, on_error) = (send.clone(), p.on_error.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            match input.value().trim().parse::<u64>() {
                Ok(seed) => send(DataSpec { seed, ..spec }),
                Err(_) => on_error.emit(format!(
                    "data seed: '{}' is not a whole number",
                    input.value()
                )),
            }
        })
    };
    let caption = match spec.model {
        Model::Logistic => "The data: class +1 orange, −1 blue; the line is w·x = 0 for the selected run's last w.",
        Model::Linear => "The fit: each point's prediction w·x (across) against its target y (up) for the selected run's last w; on the diagonal the fit is exact.",
    };
    html! {
        <div class="data-controls" id="data-controls">
            <NumberControl id="ctl-data-n" symbol="n" name="points in the data set" value={spec.n as f64} integer=true
                scale={Scale::Log((N_RANGE[0] as f64).log10(), (N_RANGE[1] as f64).log10())} on_error={p.on_error.clone()}
                on_value={with(|s, v| s.n = v as usize)} />
            <NumberControl id="ctl-data-spread" name={spread_name} value={spec.spread}
                scale={Scale::Linear(lo, hi)} on_error={p.on_error.clone()} on_value={with(|s, v| s.spread = v)} />
            <label class="row">{"data seed "}<input type="text" inputmode="numeric" class="typed" id="ctl-data-seed"
                aria-label="data seed" value={spec.seed.to_string()} onchange={seed} /></label>
            <figure class="data-inset">
                <canvas id="data-inset" ref={canvas} width={SIZE.to_string()} height={SIZE.to_string()}
                    role="img" aria-label={caption} />
                <figcaption class="note">{caption}</figcaption>
            </figure>
        </div>
    }
}

/// The inset's points and line, as `render::data_inset` placed them.
fn draw(canvas: &HtmlCanvasElement, i: &Inset) {
    let Some(ctx) = context(canvas) else { return };
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
