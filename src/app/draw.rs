//! Putting what `render` computed onto canvases.

use crate::format;
use crate::render::access::{self, Marker};
use crate::render::{heatmap, path, ticks, Viewport};
use crate::sim::Trajectory;
use crate::Vec2;
use std::f64::consts::TAU;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

pub fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Heatmap in one `putImageData`, then contour lines on top.
pub fn landscape(ctx: &CanvasRenderingContext2d, pic: &heatmap::Picture) -> Result<(), String> {
    let img =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pic.rgba), pic.width, pic.height)
            .map_err(|e| format!("could not build the heatmap image: {e:?}"))?;
    ctx.put_image_data(&img, 0.0, 0.0)
        .map_err(|e| format!("could not draw the heatmap: {e:?}"))?;
    ctx.set_stroke_style_str("rgba(255,255,255,0.35)");
    ctx.set_line_width(1.0);
    ctx.begin_path();
    for [a, b] in &pic.contours {
        ctx.move_to(a[0], a[1]);
        ctx.line_to(b[0], b[1]);
    }
    ctx.stroke();
    Ok(())
}

/// A marker (×) at a known minimum.
pub fn minimum(ctx: &CanvasRenderingContext2d, vp: &Viewport, p: Vec2) {
    let [x, y] = vp.to_px(p);
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(2.0);
    ctx.begin_path();
    for (dx, dy) in [(-6.0, -6.0), (-6.0, 6.0)] {
        ctx.move_to(x + dx, y + dy);
        ctx.line_to(x - dx, y - dy);
    }
    ctx.stroke();
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
pub fn run(
    ctx: &CanvasRenderingContext2d,
    vp: &Viewport,
    t: &Trajectory,
    step: usize,
    id: u32,
    color: &str,
) {
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
        set_dash(ctx, dash);
        stroke(ctx, &pts, style, width);
    }
    set_dash(ctx, &[]);
    let [x, y] = pts[pts.len() - 1];
    marker(ctx, [x, y], 5.5, access::marker(id), color);
    if let Some(d) = t.diverged.filter(|d| step >= d.step) {
        // The head may be far off the canvas: mark it at the nearest edge, label inside.
        let (w, h) = (vp.width as f64, vp.height as f64);
        let (x, y) = (x.clamp(14.0, w - 14.0), y.clamp(30.0, h - 14.0));
        ctx.set_stroke_style_str("#ff4040");
        ctx.set_line_width(3.0);
        ctx.begin_path();
        let _ = ctx.arc(x, y, 11.0, 0.0, TAU);
        ctx.stroke();
        let text = d.headline();
        let lx = if x > w - 190.0 { x - 190.0 } else { x + 14.0 };
        label(ctx, lx, y - 10.0, &text, "#ff4040");
    }
}

/// The draggable start: a white ring with a cross.
pub fn start_marker(ctx: &CanvasRenderingContext2d, vp: &Viewport, p: Vec2) {
    let [x, y] = clamp_px(vp.to_px(p));
    ctx.set_stroke_style_str("#000000");
    ctx.set_line_width(4.0);
    ctx.begin_path();
    let _ = ctx.arc(x, y, 8.0, 0.0, TAU);
    ctx.stroke();
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(2.0);
    ctx.begin_path();
    let _ = ctx.arc(x, y, 8.0, 0.0, TAU);
    ctx.move_to(x - 12.0, y);
    ctx.line_to(x + 12.0, y);
    ctx.move_to(x, y - 12.0);
    ctx.line_to(x, y + 12.0);
    ctx.stroke();
}

/// Tick marks and labels along the bottom and left edges.
pub fn axes(ctx: &CanvasRenderingContext2d, vp: &Viewport) {
    let (w, h) = (vp.width as f64, vp.height as f64);
    ctx.set_font("15px system-ui, sans-serif");
    ctx.set_line_width(1.0);
    ctx.set_stroke_style_str("rgba(255,255,255,0.8)");
    // Labels too near the bottom-left corner would collide with the other axis's.
    for v in ticks::nice(vp.view.x[0], vp.view.x[1], 6) {
        let x = vp.to_px([v, 0.0])[0];
        if x < 40.0 {
            continue;
        }
        ctx.begin_path();
        ctx.move_to(x, h);
        ctx.line_to(x, h - 8.0);
        ctx.stroke();
        label(ctx, x + 3.0, h - 10.0, &format::plain(v), "#ffffff");
    }
    for v in ticks::nice(vp.view.y[0], vp.view.y[1], 6) {
        let y = vp.to_px([0.0, v])[1];
        if y > h - 40.0 {
            continue;
        }
        ctx.begin_path();
        ctx.move_to(0.0, y);
        ctx.line_to(8.0, y);
        ctx.stroke();
        label(ctx, 10.0, y - 3.0, &format::plain(v), "#ffffff");
    }
    label(ctx, w - 22.0, h - 28.0, "x", "#ffffff");
    label(ctx, 10.0, 20.0, "y", "#ffffff");
}

/// Text with a dark halo so it reads on any background.
pub fn label(ctx: &CanvasRenderingContext2d, x: f64, y: f64, text: &str, color: &str) {
    ctx.set_font("bold 15px system-ui, sans-serif");
    ctx.set_line_width(4.0);
    ctx.set_stroke_style_str("rgba(0,0,0,0.75)");
    let _ = ctx.stroke_text(text, x, y);
    ctx.set_fill_style_str(color);
    let _ = ctx.fill_text(text, x, y);
}

/// A run's end marker, filled in its colour and outlined in black.
fn marker(ctx: &CanvasRenderingContext2d, at: Vec2, r: f64, shape: Marker, color: &str) {
    ctx.set_fill_style_str(color);
    ctx.set_stroke_style_str("#000000");
    ctx.set_line_width(1.5);
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
pub fn flow(
    ctx: &CanvasRenderingContext2d,
    vp: &Viewport,
    points: &[Vec2],
    step: usize,
    color: &str,
    dash: &[f64],
) {
    let shown = points.len().min(step + 1);
    if shown < 2 {
        return;
    }
    let pts = path::for_stroke(points[..shown].iter().map(|p| clamp_px(vp.to_px(*p))));
    set_dash(ctx, dash);
    ctx.set_line_join("bevel");
    for (style, width) in [("rgba(0,0,0,0.7)", 4.5), (color, 2.0)] {
        stroke(ctx, &pts, style, width);
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
