//! Putting what `render` computed onto canvases.

use crate::render::{contour, heatmap, Viewport};
use crate::Vec2;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

pub fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Heatmap in one `putImageData`, then contour lines on top.
pub fn landscape(
    ctx: &CanvasRenderingContext2d,
    field: &heatmap::Field,
    scale: &heatmap::Scale,
    contours: &heatmap::Field,
) -> Result<(), String> {
    let rgba = heatmap::rgba(field, scale);
    let img =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), field.width, field.height)
            .map_err(|e| format!("could not build the heatmap image: {e:?}"))?;
    ctx.put_image_data(&img, 0.0, 0.0)
        .map_err(|e| format!("could not draw the heatmap: {e:?}"))?;
    let sx = field.width as f64 / contours.width as f64;
    let sy = field.height as f64 / contours.height as f64;
    ctx.set_stroke_style_str("rgba(255,255,255,0.35)");
    ctx.set_line_width(1.0);
    ctx.begin_path();
    for [a, b] in contour::segments(contours, scale, 14) {
        ctx.move_to((a[0] + 0.5) * sx, (a[1] + 0.5) * sy);
        ctx.line_to((b[0] + 0.5) * sx, (b[1] + 0.5) * sy);
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

/// A path through the points with a dot at its head.
pub fn path(ctx: &CanvasRenderingContext2d, vp: &Viewport, points: &[Vec2], color: &str) {
    if points.is_empty() {
        return;
    }
    ctx.set_stroke_style_str(color);
    ctx.set_fill_style_str(color);
    ctx.set_line_width(2.5);
    ctx.set_line_join("round");
    ctx.begin_path();
    for (i, p) in points.iter().enumerate() {
        let [x, y] = vp.to_px(*p);
        if i == 0 {
            ctx.move_to(x, y);
        } else {
            ctx.line_to(x, y);
        }
    }
    ctx.stroke();
    let [x, y] = vp.to_px(points[points.len() - 1]);
    ctx.begin_path();
    let _ = ctx.arc(x, y, 5.0, 0.0, std::f64::consts::TAU);
    ctx.fill();
}

pub fn clear(ctx: &CanvasRenderingContext2d, canvas: &HtmlCanvasElement) {
    ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
}
