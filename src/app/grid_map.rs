//! The measured map when η is one of its axes: a square plot of its own beside the phase
//! diagram (which only has β and γ), the exact verdict's boundary along the decay axis, and the
//! run's point. A click sets the run's η and decay; the map repaints once per frame while its
//! cells arrive.

use super::phase_canvas::{context, pixel_ratio, plot_frame, run_dot, text, Measured};
use super::state::Msg;
use crate::optim::spec::Key;
use crate::render::grid_map::{boundary, from_px, ticks, title, to_px};
use crate::render::map::{self, Measure};
use crate::render::phase::{SIZE, X0, X1, Y0, Y1};
use crate::scene::{set_decays, Action};
use crate::sim::RunConfig;
use crate::sweep::{Cell, Grid};
use gloo::render::{request_animation_frame, AnimationFrame};
use std::rc::Rc;
use wasm_bindgen::{Clamped, JsValue};
use web_sys::{HtmlCanvasElement, ImageData, PointerEvent};
use yew::prelude::*;

/// The plot's colour where no cell has arrived yet.
const EMPTY: [u8; 4] = [26, 32, 39, 255];

/// The run as the plot shows it: its values on the axes, the boundary's position along x, and
/// its colour.
#[derive(Clone, PartialEq)]
pub struct GridPoint {
    pub x: f64,
    pub y: f64,
    pub boundary: Option<f64>,
    pub dot: &'static str,
}

impl GridPoint {
    /// The run `base` on `grid` (the decay of the `level` the map sets on x, η up y).
    pub fn of(base: &RunConfig, level: usize, grid: &Grid, dot: &'static str) -> GridPoint {
        let [gamma, beta] = base.hyper.level(level);
        let (x, other) = match grid.x.key {
            Key::Beta1 => (gamma, beta),
            _ => (beta, gamma),
        };
        GridPoint {
            x,
            y: base.hyper.lr,
            boundary: boundary(base.optimizer, &base.hyper, level, grid, other),
            dot,
        }
    }
}

#[derive(Default)]
pub struct GridCanvas {
    pub canvas: NodeRef,
    pub hover: NodeRef,
    pub measured: Option<Measured>,
    pub point: Option<GridPoint>,
    /// Drawn after each repaint: the map's colour bar.
    pub readouts: Option<Rc<dyn Fn()>>,
    frame: Option<AnimationFrame>,
}

/// The canvas as the map panel and this component share it.
pub type SharedGrid = super::shared::Shared<GridCanvas>;

impl SharedGrid {
    /// Repaints at the next frame.
    pub fn repaint_soon(&self) {
        if self.0.borrow().frame.is_some() {
            return;
        }
        let me = self.clone();
        let frame = request_animation_frame(move |_| me.repaint());
        self.0.borrow_mut().frame = Some(frame);
    }

    fn repaint(&self) {
        let mut g = self.0.borrow_mut();
        g.frame = None;
        let (Some(m), Some(canvas)) = (g.measured.as_ref(), g.canvas.cast::<HtmlCanvasElement>())
        else {
            return;
        };
        if let Err(e) = paint(&canvas, m, g.point.as_ref()) {
            web_sys::console::warn_1(&e.into());
        }
        let readouts = g.readouts.clone();
        drop(g);
        if let Some(f) = readouts {
            f();
        }
    }

    fn cell_at(&self, x: f64, y: f64) -> Option<(Grid, Cell)> {
        let g = self.0.borrow();
        let m = g.measured.as_ref()?;
        let c = m
            .cells
            .get(map::cell_at(&m.grid, x, y)?)
            .copied()
            .flatten()?;
        Some((m.grid, c))
    }

    fn hover(&self, x: f64, y: f64) {
        let text = self.cell_at(x, y).map(|(grid, c)| {
            let measure = self.0.borrow().measured.as_ref().map(|m| m.measure);
            map::describe(&grid, measure.unwrap_or(Measure::Growth), &c)
        });
        if let Some(el) = self.0.borrow().hover.cast::<web_sys::Element>() {
            el.set_text_content(text.as_deref());
        }
    }
}

/// The cells over the empty plot, the axes, the boundary and the run's point.
fn paint(
    canvas: &HtmlCanvasElement,
    m: &Measured,
    point: Option<&GridPoint>,
) -> Result<(), String> {
    let ctx = context(canvas)?;
    let side = canvas.width();
    let scale = side as f64 / SIZE;
    let mut rgba = map::paint(side, scale, &m.grid, &m.cells, m.measure, &m.scale());
    let on_plot = |i: usize| {
        let (x, y) = (
            (i % side as usize) as f64 / scale,
            (i / side as usize) as f64 / scale,
        );
        (X0..=X1).contains(&x) && (Y0..=Y1).contains(&y)
    };
    for (i, px) in rgba.chunks_exact_mut(4).enumerate() {
        if px[3] == 0 && on_plot(i) {
            px.copy_from_slice(&EMPTY);
        }
    }
    let img = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), side, side)
        .map_err(|e| format!("could not build the map: {e:?}"))?;
    ctx.reset_transform().map_err(|e| format!("map: {e:?}"))?;
    ctx.clear_rect(0.0, 0.0, side as f64, side as f64);
    ctx.put_image_data(&img, 0.0, 0.0)
        .map_err(|e| format!("could not draw the map: {e:?}"))?;
    ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)
        .map_err(|e| format!("map: {e:?}"))?;
    let g = &m.grid;
    plot_frame(
        &ctx,
        [&ticks(&g.x), &ticks(&g.y)],
        [title(g.x.key), title(g.y.key)],
    )?;
    if let Some(p) = point {
        if let Some(u) = p.boundary {
            let x = X0 + u * (X1 - X0);
            let dash = js_sys::Array::of2(&JsValue::from_f64(5.0), &JsValue::from_f64(4.0));
            let _ = ctx.set_line_dash(&dash);
            ctx.set_line_width(2.0);
            ctx.set_stroke_style_str("#ffb000");
            ctx.begin_path();
            ctx.move_to(x, Y0);
            ctx.line_to(x, Y1);
            ctx.stroke();
            let _ = ctx.set_line_dash(&js_sys::Array::new());
            ctx.set_font("11px system-ui, sans-serif");
            ctx.set_fill_style_str("#ffb000");
            // The label sits on the side of the line with room for it.
            if x < (X0 + X1) / 2.0 {
                text(&ctx, "exact verdict", x + 4.0, Y0 + 4.0, "left", "top");
            } else {
                text(&ctx, "exact verdict", x - 4.0, Y0 + 4.0, "right", "top");
            }
        }
        let (x, y) = to_px(g, p.x, p.y);
        if (X0 - 6.0..=X1 + 6.0).contains(&x) && (Y0 - 6.0..=Y1 + 6.0).contains(&y) {
            run_dot(&ctx, x, y, p.dot);
        }
    }
    ctx.reset_transform().map_err(|e| format!("map: {e:?}"))
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub grid: SharedGrid,
    /// The run a click moves, and the level whose decay the x axis is.
    pub run: u32,
    pub level: usize,
    /// The run's decays (γ, β) at that level, so a click keeps the one not on the axis.
    pub decays: [f64; 2],
    pub dispatch: Callback<Msg>,
}

/// The canvas point (CSS pixels of the plot) under the pointer.
fn point(canvas: &NodeRef, e: &PointerEvent) -> Option<(f64, f64)> {
    let canvas = canvas.cast::<HtmlCanvasElement>()?;
    let rect = canvas.get_bounding_client_rect();
    (rect.width() > 0.0 && rect.height() > 0.0).then(|| {
        (
            (e.client_x() as f64 - rect.left()) * SIZE / rect.width(),
            (e.client_y() as f64 - rect.top()) * SIZE / rect.height(),
        )
    })
}

/// The actions that put run `run` at the plot's point: η and the axis's decay (of `level`,
/// whose decays are (γ, β) = `decays`).
fn set_run(
    run: u32,
    level: usize,
    decays: [f64; 2],
    grid: &Grid,
    (x, y): (f64, f64),
) -> Vec<Action> {
    let (decay, eta) = from_px(grid, x, y);
    let mut out = vec![Action::SetParam {
        run,
        key: Key::Lr,
        value: eta,
    }];
    let [gamma, beta] = decays;
    let (beta, gamma) = match grid.x.key {
        Key::Beta1 => (beta, decay),
        _ => (decay, gamma),
    };
    out.extend(set_decays(run, level, beta, gamma));
    out
}

#[component]
pub fn GridMap(p: &Props) -> Html {
    let canvas = p.grid.0.borrow().canvas.clone();
    let onpointerdown = {
        let (grid, canvas) = (p.grid.clone(), canvas.clone());
        let (run, level, decays, dispatch) = (p.run, p.level, p.decays, p.dispatch.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(at) = point(&canvas, &e) else {
                return;
            };
            let Some(g) = grid.0.borrow().measured.as_ref().map(|m| m.grid) else {
                return;
            };
            let inside =
                (X0 - 4.0..=X1 + 4.0).contains(&at.0) && (Y0 - 4.0..=Y1 + 4.0).contains(&at.1);
            if !inside {
                return;
            }
            for a in set_run(run, level, decays, &g, at) {
                dispatch.emit(Msg::Scene(a));
            }
        })
    };
    let onpointermove = {
        let (grid, canvas) = (p.grid.clone(), canvas.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some((x, y)) = point(&canvas, &e) {
                grid.hover(x, y);
            }
        })
    };
    let side = (SIZE * pixel_ratio()).round().to_string();
    let hover = p.grid.0.borrow().hover.clone();
    html! {
        <figure class="grid-map">
            <canvas id="map-grid" ref={canvas} width={side.clone()} height={side} role="img"
                aria-label="Measured map over η and a decay: click to set the run's η and decay"
                {onpointerdown} {onpointermove} />
            <p class="note map-hover" id="map-grid-hover" ref={hover}></p>
        </figure>
    }
}
