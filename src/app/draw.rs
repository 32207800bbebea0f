//! Putting what `render` computed onto canvases.

use crate::render::access::{self, Marker};
use crate::render::labels::{self, Rect, FONT_PX};
use crate::render::{heatmap, path, Viewport};
use crate::sim::Trajectory;
use crate::Vec2;
use std::f64::consts::TAU;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

pub fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// A map canvas to draw on: its context, the view on its pixels, and `k` canvas pixels to a
/// CSS pixel, by which every line width, mark and font is scaled so that they look the same
/// at any size.
pub struct Pen<'a> {
    pub ctx: &'a CanvasRenderingContext2d,
    pub vp: Viewport,
    pub k: f64,
}

/// Heatmap in one `putImageData` (scaled up to the canvas when the picture's colours are
/// smaller than it), then contour lines on top.
pub fn landscape(
    ctx: &CanvasRenderingContext2d,
    pic: &heatmap::Picture,
    k: f64,
) -> Result<(), String> {
    let img =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pic.rgba), pic.width, pic.height)
            .map_err(|e| format!("could not build the heatmap image: {e:?}"))?;
    let canvas = ctx.canvas().ok_or("the heatmap's canvas is gone")?;
    if (pic.width, pic.height) == (canvas.width(), canvas.height()) {
        ctx.put_image_data(&img, 0.0, 0.0)
    } else {
        put_scaled(ctx, &img, &canvas)
    }
    .map_err(|e| format!("could not draw the heatmap: {e:?}"))?;
    ctx.set_stroke_style_str("rgba(255,255,255,0.35)");
    ctx.set_line_width(k);
    ctx.begin_path();
    for [a, b] in &pic.contours {
        ctx.move_to(a[0], a[1]);
        ctx.line_to(b[0], b[1]);
    }
    ctx.stroke();
    Ok(())
}

/// `img` drawn over the whole of `canvas` through a canvas of its own size.
fn put_scaled(
    ctx: &CanvasRenderingContext2d,
    img: &ImageData,
    canvas: &HtmlCanvasElement,
) -> Result<(), wasm_bindgen::JsValue> {
    let small: HtmlCanvasElement = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?
        .create_element("canvas")?
        .dyn_into()?;
    small.set_width(img.width());
    small.set_height(img.height());
    context(&small)
        .ok_or("no 2D context")?
        .put_image_data(img, 0.0, 0.0)?;
    ctx.set_image_smoothing_enabled(true);
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        &small,
        0.0,
        0.0,
        canvas.width() as f64,
        canvas.height() as f64,
    )
}

/// A marker (×) at a known minimum.
pub fn minimum(pen: &Pen, p: Vec2) {
    let (ctx, k) = (pen.ctx, pen.k);
    let [x, y] = pen.vp.to_px(p);
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(2.0 * k);
    ctx.begin_path();
    for (dx, dy) in [(-6.0 * k, -6.0 * k), (-6.0 * k, 6.0 * k)] {
        ctx.move_to(x + dx, y + dy);
        ctx.line_to(x - dx, y - dy);
    }
    ctx.stroke();
}

/// A dash pattern in CSS pixels, in canvas pixels.
pub(super) fn scaled(dash: &[f64], k: f64) -> Vec<f64> {
    dash.iter().map(|d| d * k).collect()
}

/// Sets a canvas dash pattern; empty is solid.
pub fn set_dash(ctx: &CanvasRenderingContext2d, dash: &[f64]) {
    let pattern = js_sys::Array::new();
    for d in dash {
        pattern.push(&(*d).into());
    }
    let _ = ctx.set_line_dash(&pattern);
}

/// A run up to `step`: its path in its dash pattern over a solid dark outline (readable on any
/// colour, and the pattern tells runs apart without colour), its marker at its head,
/// and, once the animation reaches a divergence, a red ring and "diverged at step n" (or
/// "f undefined at step n").
/// `taken` holds the boxes of the labels already on the layer, and gets this one's.
pub fn run(pen: &Pen, t: &Trajectory, step: usize, id: u32, color: &str, taken: &mut Vec<Rect>) {
    let (ctx, vp, k) = (pen.ctx, &pen.vp, pen.k);
    let shown = t.records.len().min(step + 1);
    if shown == 0 {
        return;
    }
    let pts = path::for_stroke(
        t.records[..shown]
            .iter()
            .map(|r| clamp_px(vp.to_px(r.theta))),
    );
    // Bevelled joins: a run that zigzags turns on every step, and round joins cost the most.
    ctx.set_line_join("bevel");
    for (style, width, dash) in [
        ("rgba(0,0,0,0.55)", 5.0, &[][..]),
        (color, 2.5, access::dash(id)),
    ] {
        set_dash(ctx, &scaled(dash, k));
        stroke(ctx, &pts, style, width * k);
    }
    set_dash(ctx, &[]);
    let [x, y] = pts[pts.len() - 1];
    marker(ctx, [x, y], 5.5 * k, access::marker(id), color, k);
    if let Some(d) = t.diverged.filter(|d| step >= d.step) {
        // The head may be far off the canvas: mark it at the nearest edge, label inside.
        let (w, h) = (vp.width as f64, vp.height as f64);
        let edge = 14.0 * k;
        let (x, y) = (x.clamp(edge, w - edge), y.clamp(edge, h - edge));
        ctx.set_stroke_style_str("#ff4040");
        ctx.set_line_width(3.0 * k);
        ctx.begin_path();
        let _ = ctx.arc(x, y, 11.0 * k, 0.0, TAU);
        ctx.stroke();
        set_font(pen);
        let measure = |s: &str| text_width(ctx, s);
        let l = labels::beside(&d.headline(), [x, y], 11.0 * k, [w, h], k, &measure, taken);
        label(pen, &l, "#ff4040");
        taken.push(l.rect);
    }
}

/// The draggable start: a white ring with a cross.
pub fn start_marker(pen: &Pen, p: Vec2) {
    let (ctx, k) = (pen.ctx, pen.k);
    let [x, y] = clamp_px(pen.vp.to_px(p));
    let (ring, arm) = (8.0 * k, 12.0 * k);
    ctx.set_stroke_style_str("#000000");
    ctx.set_line_width(4.0 * k);
    ctx.begin_path();
    let _ = ctx.arc(x, y, ring, 0.0, TAU);
    ctx.stroke();
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(2.0 * k);
    ctx.begin_path();
    let _ = ctx.arc(x, y, ring, 0.0, TAU);
    ctx.move_to(x - arm, y);
    ctx.line_to(x + arm, y);
    ctx.move_to(x, y - arm);
    ctx.line_to(x, y + arm);
    ctx.stroke();
}

/// Tick marks along the bottom and left edges, and the labels that fit without covering
/// one another.
pub fn axes(pen: &Pen) {
    let (ctx, k) = (pen.ctx, pen.k);
    let h = pen.vp.height as f64;
    let axes = axis_labels(pen);
    ctx.set_line_width(k);
    ctx.set_stroke_style_str("rgba(255,255,255,0.8)");
    ctx.begin_path();
    for x in axes.ticks_x {
        ctx.move_to(x, h);
        ctx.line_to(x, h - 8.0 * k);
    }
    for y in axes.ticks_y {
        ctx.move_to(0.0, y);
        ctx.line_to(8.0 * k, y);
    }
    ctx.stroke();
    for l in &axes.labels {
        label(pen, l, "#ffffff");
    }
}

/// Where the axes' labels go, measured in the labels' font.
pub fn axis_labels(pen: &Pen) -> labels::Axes {
    set_font(pen);
    labels::axes(&pen.vp, pen.k, &|s| text_width(pen.ctx, s))
}

fn set_font(pen: &Pen) {
    pen.ctx
        .set_font(&format!("bold {}px system-ui, sans-serif", FONT_PX * pen.k));
}

/// The width of `text` in the current font, or an estimate if the browser gives none.
fn text_width(ctx: &CanvasRenderingContext2d, text: &str) -> f64 {
    ctx.measure_text(text)
        .map(|m| m.width())
        .unwrap_or(text.chars().count() as f64 * 10.0)
}

/// A placed label, with a dark halo so it reads on any background.
fn label(pen: &Pen, l: &labels::Label, color: &str) {
    let ctx = pen.ctx;
    set_font(pen);
    ctx.set_line_width(4.0 * pen.k);
    ctx.set_stroke_style_str("rgba(0,0,0,0.75)");
    let _ = ctx.stroke_text(&l.text, l.at[0], l.at[1]);
    ctx.set_fill_style_str(color);
    let _ = ctx.fill_text(&l.text, l.at[0], l.at[1]);
}

/// A run's end marker, filled in its colour and outlined in black.
fn marker(ctx: &CanvasRenderingContext2d, at: Vec2, r: f64, shape: Marker, color: &str, k: f64) {
    ctx.set_fill_style_str(color);
    ctx.set_stroke_style_str("#000000");
    ctx.set_line_width(1.5 * k);
    ctx.begin_path();
    let corners = shape.corners(at, r);
    if corners.is_empty() {
        let _ = ctx.arc(at[0], at[1], r, 0.0, TAU);
    } else {
        ctx.move_to(corners[0][0], corners[0][1]);
        for c in &corners[1..] {
            ctx.line_to(c[0], c[1]);
        }
        ctx.close_path();
    }
    ctx.fill();
    ctx.stroke();
}

/// Far-away points are drawn at the canvas's far surroundings, not at ±1e12 pixels.
fn clamp_px(p: Vec2) -> Vec2 {
    p.map(|c| c.clamp(-1e5, 1e5))
}

pub fn clear(ctx: &CanvasRenderingContext2d, canvas: &HtmlCanvasElement) {
    ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
}

/// One of the papers' flows up to `step`: dashed in the run's colour over a dashed dark
/// outline, so the run's own line shows through the gaps where the two coincide.
pub fn flow(pen: &Pen, points: &[Vec2], step: usize, color: &str, dash: &[f64]) {
    let (ctx, k) = (pen.ctx, pen.k);
    let shown = points.len().min(step + 1);
    if shown < 2 {
        return;
    }
    let pts = path::for_stroke(points[..shown].iter().map(|p| clamp_px(pen.vp.to_px(*p))));
    set_dash(ctx, &scaled(dash, k));
    ctx.set_line_join("bevel");
    for (style, width) in [("rgba(0,0,0,0.7)", 4.5), (color, 2.0)] {
        stroke(ctx, &pts, style, width * k);
    }
    set_dash(ctx, &[]);
}

/// The polyline through `pts` (at least one point), stroked in `style` at `width`.
fn stroke(ctx: &CanvasRenderingContext2d, pts: &[Vec2], style: &str, width: f64) {
    ctx.set_stroke_style_str(style);
    ctx.set_line_width(width);
    ctx.begin_path();
    ctx.move_to(pts[0][0], pts[0][1]);
    for p in &pts[1..] {
        ctx.line_to(p[0], p[1]);
    }
    ctx.stroke();
}
