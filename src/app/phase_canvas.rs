//! The (β, γ) phase diagram's canvas: the exact verdict's regions, or the measured map over
//! them, the paper's boundary and the exact one, and the run's point. The panel and the map
//! both repaint it, the map once per frame while its cells arrive.

use crate::optim::{Hyper, Optimizer};
use crate::render::map::{self, Measure, Scale};
use crate::render::phase::{
    decay_at, paper_applies, region, shading, to_px, SIZE, TICKS, X0, X1, Y0, Y1,
};
use crate::render::profile;
use crate::sweep::{Cell, Grid};
use crate::theory::boundary_gamma;
use gloo::render::{request_animation_frame, AnimationFrame};
use std::f64::consts::TAU;
use std::rc::Rc;
use wasm_bindgen::{Clamped, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};
use yew::NodeRef;

/// What the diagram shows of the selected run.
#[derive(Clone, PartialEq)]
pub struct Point {
    pub optimizer: Optimizer,
    pub hyper: Hyper,
    /// The level the diagram sets, and its (β, γ).
    pub level: usize,
    pub at: (f64, f64),
    pub dot: &'static str,
}

/// The measured map as far as it has arrived.
pub struct Measured {
    pub grid: Grid,
    /// By cell index; None until the cell arrives.
    pub cells: Vec<Option<Cell>>,
    pub done: usize,
    pub measure: Measure,
}

impl Measured {
    pub fn new(grid: Grid, measure: Measure) -> Self {
        Measured {
            grid,
            cells: vec![None; grid.cells()],
            done: 0,
            measure,
        }
    }

    pub fn scale(&self) -> Scale {
        map::scale(self.measure, self.cells.iter().flatten())
    }
}

/// The canvas and what it shows.
#[derive(Default)]
pub struct PhaseCanvas {
    pub canvas: NodeRef,
    pub point: Option<Point>,
    pub measured: Option<Measured>,
    /// Where the hovered cell of the measured map is described.
    pub hover: NodeRef,
    /// Drags draw a line (Gould & Tanaka's Fig. 2b) instead of moving the run.
    pub line_mode: bool,
    /// The line drawn, in CSS pixels of the diagram.
    pub line: Option<((f64, f64), (f64, f64))>,
    /// The chart of the growth along the line.
    pub profile: NodeRef,
    /// Drawn after each repaint: what reads the map (its colour bar, the line's chart).
    pub readouts: Option<Rc<dyn Fn()>>,
    /// The next repaint, once per frame however many changes come before it.
    frame: Option<AnimationFrame>,
    /// The formula's shading for (rule, hyperparameters, level, side): kept while the map's cells
    /// arrive, which repaints every frame without changing it.
    shading: Option<Shading>,
}

/// A computed shading and what it was computed for: rule, hyperparameters, level, side.
type Shading = (Optimizer, Hyper, usize, u32, Rc<Vec<u8>>);

/// The canvas as components share it: equal when it is the same one.
pub type SharedPhase = super::shared::Shared<PhaseCanvas>;

impl SharedPhase {
    /// Repaints now.
    pub fn repaint(&self) {
        let mut p = self.0.borrow_mut();
        p.frame = None;
        let (Some(point), Some(canvas)) = (p.point.clone(), p.canvas.cast::<HtmlCanvasElement>())
        else {
            return;
        };
        let rgba = p.measured.as_ref().map(|m| {
            let side = canvas.width();
            map::paint(
                side,
                side as f64 / SIZE,
                &m.grid,
                &m.cells,
                m.measure,
                &m.scale(),
            )
        });
        let line = p.line.filter(|_| p.line_mode);
        let side = canvas.width();
        let shade = match &p.shading {
            Some((o, h, level, s, rgba))
                if *o == point.optimizer
                    && *h == point.hyper
                    && *level == point.level
                    && *s == side =>
            {
                rgba.clone()
            }
            _ => {
                let (o, h, level) = (point.optimizer, &point.hyper, point.level);
                let rgba = Rc::new(shading(side, side as f64 / SIZE, |b, g| {
                    region(o, h, level, b, g)
                }));
                p.shading = Some((o, h.clone(), level, side, rgba.clone()));
                rgba
            }
        };
        drop(p);
        let drawn = paint(&canvas, &point, &shade, rgba.as_deref())
            .and_then(|_| line.map_or(Ok(()), |l| draw_line(&canvas, l)));
        if let Err(e) = drawn {
            web_sys::console::warn_1(&e.into());
        }
        let readouts = self.0.borrow().readouts.clone();
        if let Some(f) = readouts {
            f();
        }
    }

    /// The measured cell under a canvas point, if the map is on and has it.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<Cell> {
        let p = self.0.borrow();
        let m = p.measured.as_ref()?;
        let i = map::cell_at(&m.grid, x, y)?;
        m.cells.get(i).copied().flatten()
    }

    /// Describes the measured cell under a canvas point (or nothing).
    pub fn hover(&self, x: f64, y: f64) {
        let text = self.cell_at(x, y).and_then(|c| {
            let p = self.0.borrow();
            let m = p.measured.as_ref()?;
            Some(map::describe(&m.grid, m.measure, &c))
        });
        if let Some(el) = self.0.borrow().hover.cast::<web_sys::Element>() {
            el.set_text_content(text.as_deref());
        }
    }

    pub fn line_mode(&self) -> bool {
        self.0.borrow().line_mode
    }

    /// Sets the line from `a` to `b` and repaints the diagram at the next frame.
    pub fn set_line(&self, a: (f64, f64), b: (f64, f64)) {
        self.0.borrow_mut().line = Some((a, b));
        self.repaint_soon();
    }

    /// Draws the growth along the line, measured and predicted; until there is a line, says
    /// how to draw one.
    pub fn draw_profile(&self) {
        let p = self.0.borrow();
        let Some(canvas) = p.profile.cast::<HtmlCanvasElement>() else {
            return;
        };
        let (Some(m), Some((a, b)), Some(point)) = (
            p.measured.as_ref(),
            p.line.filter(|_| p.line_mode),
            p.point.as_ref(),
        ) else {
            hint(&canvas, "Drag across the diagram to draw a line.");
            return;
        };
        let s = profile::samples(
            &m.grid,
            &m.cells,
            point.optimizer,
            &point.hyper,
            point.level,
            a,
            b,
        );
        let chart = profile::chart(&s);
        drop(p);
        if let Err(e) = super::hover::draw_chart(canvas, &chart, (profile::SAMPLES - 1) as f64) {
            web_sys::console::warn_1(&e.into());
        }
    }

    /// Repaints at the next frame.
    pub fn repaint_soon(&self) {
        if self.0.borrow().frame.is_some() {
            return;
        }
        let me = self.clone();
        let frame = request_animation_frame(move |_| me.repaint());
        self.0.borrow_mut().frame = Some(frame);
    }
}

const PAPER_LINE: &str = "#f2f4f7";
const EXACT_LINE: &str = "#ffb000";

/// Device pixels per CSS pixel, within reason.
pub fn pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite())
        .unwrap_or(1.0)
        .clamp(1.0, 3.0)
}

pub(super) fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
    super::draw::context(canvas).ok_or_else(|| "no 2D context for the phase diagram".to_string())
}

/// A curve γ(β) across the plot, sampled evenly in axis position.
fn curve(ctx: &CanvasRenderingContext2d, gamma_of: impl Fn(f64) -> f64) {
    ctx.begin_path();
    for i in 0..=240 {
        let beta = decay_at(i as f64 / 240.0);
        let (x, y) = to_px(beta, gamma_of(beta));
        if i == 0 {
            ctx.move_to(x, y);
        } else {
            ctx.line_to(x, y);
        }
    }
    ctx.stroke();
}

pub(super) fn text(
    ctx: &CanvasRenderingContext2d,
    s: &str,
    x: f64,
    y: f64,
    align: &str,
    baseline: &str,
) {
    ctx.set_text_align(align);
    ctx.set_text_baseline(baseline);
    let _ = ctx.fill_text(s, x, y);
}

/// Draws the whole diagram for `point`: `shade` (the exact verdict's regions), the measured
/// map over it where it has cells, the paper's curve where it applies, and the run's dot.
fn paint(
    canvas: &HtmlCanvasElement,
    point: &Point,
    shade: &[u8],
    measured: Option<&[u8]>,
) -> Result<(), String> {
    let (o, (beta, gamma), dot) = (point.optimizer, point.at, point.dot);
    let ctx = context(canvas)?;
    let side = canvas.width();
    if side == 0 || shade.len() != (side * side * 4) as usize {
        return Ok(());
    }
    let scale = side as f64 / SIZE;
    ctx.reset_transform()
        .map_err(|e| format!("phase diagram: {e:?}"))?;
    ctx.clear_rect(0.0, 0.0, side as f64, side as f64);
    let mut rgba = shade.to_vec();
    if let Some(m) = measured.filter(|m| m.len() == rgba.len()) {
        for (px, mp) in rgba.chunks_exact_mut(4).zip(m.chunks_exact(4)) {
            if mp[3] == 255 {
                px.copy_from_slice(mp);
            }
        }
    }
    let img = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), side, side)
        .map_err(|e| format!("could not build the phase diagram: {e:?}"))?;
    ctx.put_image_data(&img, 0.0, 0.0)
        .map_err(|e| format!("could not draw the phase diagram: {e:?}"))?;
    ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)
        .map_err(|e| format!("phase diagram: {e:?}"))?;

    // Ticks at 0, 0.9, 0.99, 0.999, 0.9999 on both axes.
    let ticks: Vec<(f64, String)> = TICKS
        .iter()
        .enumerate()
        .map(|(i, l)| (i as f64 / 4.0, l.to_string()))
        .collect();
    let titles = ["β (2nd moment, PyTorch β2)", "γ (momentum, PyTorch β1)"];
    plot_frame(&ctx, [&ticks, &ticks], titles)?;

    // The regions' names, then the boundaries, clipped to the plot.
    ctx.save();
    ctx.begin_path();
    ctx.rect(X0, Y0, X1 - X0, Y1 - Y0);
    ctx.clip();
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_fill_style_str("rgba(255,255,255,0.75)");
    text(&ctx, "‖u‖∞ grows", X0 + 6.0, Y0 + 5.0, "left", "top");
    text(&ctx, "does not grow", X1 - 6.0, Y1 - 5.0, "right", "bottom");
    if paper_applies(o) {
        boundaries(&ctx, o != Optimizer::KAdam);
    }
    ctx.restore();

    // The run's (β, γ).
    let (x, y) = to_px(beta, gamma);
    run_dot(&ctx, x, y, dot);
    ctx.reset_transform()
        .map_err(|e| format!("phase diagram: {e:?}"))?;
    Ok(())
}

/// The plot's grid, ticks (position in [0, 1] along x and up y, and label), frame and axis
/// titles, in CSS pixels of the square diagram.
pub(super) fn plot_frame(
    ctx: &CanvasRenderingContext2d,
    [x_ticks, y_ticks]: [&[(f64, String)]; 2],
    [x_title, y_title]: [&str; 2],
) -> Result<(), String> {
    ctx.set_line_width(1.0);
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_fill_style_str("#c9d2dc");
    for (u, label) in x_ticks {
        let x = X0 + u * (X1 - X0);
        tick(ctx, (x, Y0), (x, Y1), (x, Y1 + 4.0));
        text(ctx, label, x, Y1 + 6.0, "center", "top");
    }
    for (u, label) in y_ticks {
        let y = Y1 - u * (Y1 - Y0);
        tick(ctx, (X0, y), (X1, y), (X0 - 4.0, y));
        text(ctx, label, X0 - 6.0, y, "right", "middle");
    }
    ctx.set_stroke_style_str("rgba(255,255,255,0.45)");
    ctx.stroke_rect(X0, Y0, X1 - X0, Y1 - Y0);
    // Axis titles: the paper's symbol and PyTorch's name.
    ctx.set_font("600 12px system-ui, sans-serif");
    ctx.set_fill_style_str("#e8edf2");
    text(
        ctx,
        x_title,
        (X0 + X1) / 2.0,
        SIZE - 3.0,
        "center",
        "bottom",
    );
    ctx.save();
    ctx.translate(11.0, (Y0 + Y1) / 2.0)
        .and_then(|_| ctx.rotate(-TAU / 4.0))
        .map_err(|e| format!("diagram: {e:?}"))?;
    text(ctx, y_title, 0.0, 0.0, "center", "middle");
    ctx.restore();
    Ok(())
}

/// A faint grid line from `a` to `b` and a tick mark from `b` to `mark`.
fn tick(ctx: &CanvasRenderingContext2d, a: (f64, f64), b: (f64, f64), mark: (f64, f64)) {
    ctx.set_stroke_style_str("rgba(255,255,255,0.13)");
    ctx.begin_path();
    ctx.move_to(a.0, a.1);
    ctx.line_to(b.0, b.1);
    ctx.stroke();
    ctx.set_stroke_style_str("rgba(255,255,255,0.6)");
    ctx.begin_path();
    let (from, to) = if a.0 == b.0 { (b, mark) } else { (a, mark) };
    ctx.move_to(from.0, from.1);
    ctx.line_to(to.0, to.1);
    ctx.stroke();
}

/// The selected run's point: a dot in its colour, outlined.
pub(super) fn run_dot(ctx: &CanvasRenderingContext2d, x: f64, y: f64, colour: &str) {
    ctx.begin_path();
    let _ = ctx.arc(x, y, 6.0, 0.0, TAU);
    ctx.set_fill_style_str(colour);
    ctx.fill();
    ctx.set_line_width(2.0);
    ctx.set_stroke_style_str("#000000");
    ctx.stroke();
}

/// The paper's boundary γ = 2β/(1 + β), and Adam's exact one γ = √β (DERIVED) when `exact`.
fn boundaries(ctx: &CanvasRenderingContext2d, exact: bool) {
    // The two curves nearly coincide away from the origin: the solid one is drawn wider so
    // it shows on both sides of the dashes.
    ctx.set_line_join("round");
    ctx.set_line_width(3.5);
    ctx.set_stroke_style_str(PAPER_LINE);
    curve(ctx, boundary_gamma);
    if exact {
        ctx.set_line_width(2.0);
        let dash = js_sys::Array::of2(&JsValue::from_f64(5.0), &JsValue::from_f64(4.0));
        let _ = ctx.set_line_dash(&dash);
        ctx.set_stroke_style_str(EXACT_LINE);
        curve(ctx, f64::sqrt);
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
}

/// The line of Fig. 2b over the diagram, with a dot at its start.
fn draw_line(canvas: &HtmlCanvasElement, (a, b): ((f64, f64), (f64, f64))) -> Result<(), String> {
    let ctx = context(canvas)?;
    let scale = canvas.width() as f64 / SIZE;
    ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)
        .map_err(|e| format!("phase diagram: {e:?}"))?;
    ctx.set_line_width(2.5);
    ctx.set_stroke_style_str("#56b4e9");
    ctx.begin_path();
    ctx.move_to(a.0, a.1);
    ctx.line_to(b.0, b.1);
    ctx.stroke();
    ctx.begin_path();
    let _ = ctx.arc(a.0, a.1, 4.0, 0.0, TAU);
    ctx.set_fill_style_str("#56b4e9");
    ctx.fill();
    ctx.reset_transform()
        .map_err(|e| format!("phase diagram: {e:?}"))
}

/// A chart-sized canvas with one line of text in place of the chart.
fn hint(canvas: &HtmlCanvasElement, text: &str) {
    let Ok(ctx) = context(canvas) else {
        return;
    };
    // At the canvas's shown size, like the chart that replaces it.
    let size = super::fit::fit(canvas);
    let (w, h) = (size.w as f64, size.h as f64);
    ctx.set_fill_style_str("#1a2027");
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.set_fill_style_str("#c9d2dc");
    ctx.set_font(&format!("{}px system-ui, sans-serif", 15.0 * size.ratio));
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let _ = ctx.fill_text(text, w / 2.0, h / 2.0);
}
