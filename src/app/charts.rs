//! Linked charts under the landscape: loss, update size, gradient norm and the selected run's
//! optimizer state against the step. Charts are redrawn only when the runs change; the step
//! cursor lives on a transparent canvas stacked over each chart, so the animation redraws only
//! that thin line.

use super::draw::context;
use crate::optim::describe::Series;
pub use crate::render::chart::RunView;
use crate::render::chart::{build, max_step, Chart};
use crate::render::chart_draw::{self, Frame, H, W};
use crate::sim::Trajectory;
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub trajectories: Rc<Vec<Trajectory>>,
    pub runs: Vec<RunView>,
    /// Index of the selected run in `trajectories`.
    pub selected: usize,
    /// What the selected run's rule keeps in m and v, to name (or leave empty) those charts.
    pub series: Series,
}

/// What the charts depend on; trajectories compare by pointer first, so an unchanged
/// `Rc` costs nothing on re-render.
#[derive(Clone)]
struct Key(Rc<Vec<Trajectory>>, Vec<RunView>, usize, Series);

impl PartialEq for Key {
    fn eq(&self, o: &Self) -> bool {
        (Rc::ptr_eq(&self.0, &o.0) || self.0 == o.0)
            && self.1 == o.1
            && self.2 == o.2
            && self.3 == o.3
    }
}

/// The overlay canvases with their mappings, and the last step drawn on them.
struct Cursors {
    overlays: Vec<(HtmlCanvasElement, Frame)>,
    step: Option<usize>,
}

thread_local! {
    static CURSORS: RefCell<Cursors> = const {
        RefCell::new(Cursors { overlays: Vec::new(), step: None })
    };
}

#[component]
pub fn Charts(props: &Props) -> Html {
    let key = Key(
        props.trajectories.clone(),
        props.runs.clone(),
        props.selected,
        props.series,
    );
    let charts = use_memo(key.clone(), |k| build(&k.0, &k.1, k.2, k.3));
    let canvases = use_memo((), |_| {
        (0..charts.len())
            .map(|_| (NodeRef::default(), NodeRef::default()))
            .collect::<Vec<_>>()
    });
    {
        let (charts, canvases) = (charts.clone(), canvases.clone());
        use_effect_with(key, move |k| {
            // Deferred and coalesced: while a slider moves, the map redraws at once and the
            // charts once the changes pause.
            let k = k.clone();
            later(move || redraw(&charts, &canvases, &k));
            || CURSORS.with(|c| c.borrow_mut().overlays.clear())
        });
    }
    html! {
        <section class="charts">
            { for charts.iter().zip(canvases.iter()).map(|(c, (plot, overlay))| html! {
                <figure class="chart" id={c.id}>
                    <figcaption>
                        {&c.caption}
                        if c.per_coord { <span class="chart-key">{"— x  ┄ y"}</span> }
                    </figcaption>
                    <div class="chart-stack">
                        <canvas class="chart-plot" ref={plot.clone()} width={W.to_string()} height={H.to_string()} />
                        <canvas class="chart-cursor" ref={overlay.clone()} width={W.to_string()} height={H.to_string()} />
                    </div>
                </figure>
            }) }
        </section>
    }
}

/// Draws every chart and records where its cursor goes.
fn redraw(charts: &[Chart], canvases: &[(NodeRef, NodeRef)], k: &Key) {
    let steps = max_step(&k.0, &k.1).max(1) as f64;
    let mut cursors = Vec::new();
    for (chart, (plot, overlay)) in charts.iter().zip(canvases.iter()) {
        let (Some(plot), Some(overlay)) = (
            plot.cast::<HtmlCanvasElement>(),
            overlay.cast::<HtmlCanvasElement>(),
        ) else {
            continue;
        };
        if let Some(c) = context(&overlay) {
            c.clear_rect(0.0, 0.0, W as f64, H as f64);
        }
        match draw_chart(plot, chart, steps) {
            // An empty chart gets no cursor: there is no run to follow.
            Ok(_) if chart.is_empty() => {}
            Ok(f) => {
                for (name, v) in [
                    ("x0", f.x0),
                    ("x1", f.x1),
                    ("y0", f.y0),
                    ("y1", f.y1),
                    ("s0", f.s0),
                    ("s1", f.s1),
                ] {
                    let _ = overlay.set_attribute(&format!("data-{name}"), &v.to_string());
                }
                cursors.push((overlay, f));
            }
            Err(e) => web_sys::console::warn_1(&format!("chart '{}': {e}", chart.caption).into()),
        }
    }
    CURSORS.with(|c| {
        let mut c = c.borrow_mut();
        c.overlays = cursors;
        if let Some(step) = c.step {
            paint_cursors(&c.overlays, step);
        }
    });
}

thread_local! {
    static PENDING: std::cell::Cell<Option<i32>> = const { std::cell::Cell::new(None) };
}

/// Runs f on the next turn of the event loop, replacing a call still pending.
fn later(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(id) = PENDING.with(|p| p.take()) {
        window.clear_timeout_with_handle(id);
    }
    let cb = wasm_bindgen::closure::Closure::once_into_js(move || {
        PENDING.with(|p| p.set(None));
        f();
    });
    if let Ok(id) =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 0)
    {
        PENDING.with(|p| p.set(Some(id)));
    }
}

/// Moves the step cursor on every chart (called once per animation frame): clears each
/// overlay and draws one vertical line, nothing when the step has not changed.
pub fn draw_cursors(step: usize) {
    CURSORS.with(|c| {
        let mut c = c.borrow_mut();
        if c.step != Some(step) {
            c.step = Some(step);
            paint_cursors(&c.overlays, step);
        }
    });
}

fn paint_cursors(overlays: &[(HtmlCanvasElement, Frame)], step: usize) {
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

/// One chart on its canvas; dashes go through the canvas itself.
fn draw_chart(canvas: HtmlCanvasElement, chart: &Chart, steps: f64) -> Result<Frame, String> {
    let ctx = context(&canvas);
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2d context")?;
    chart_draw::draw(backend, chart, steps, |on| {
        if let Some(c) = &ctx {
            let dash = if on {
                js_sys::Array::of2(&7.into(), &5.into())
            } else {
                js_sys::Array::new()
            };
            let _ = c.set_line_dash(&dash);
        }
    })
}
