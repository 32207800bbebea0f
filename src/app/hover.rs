//! Reading a chart's values at a step: the plot with a transparent cursor canvas stacked on
//! it, pointed at or moved along with the arrow keys, and a line under it with the values.
//! Every chart against the step uses it, under the map and in the theory panels.

use super::cursors;
use super::draw::context;
use super::fit::{fit, resize};
use super::state::class_of;
use crate::render::chart::{Chart, Readout, Titles};
use crate::render::chart_draw::{self, Frame};
use plotters_canvas::CanvasBackend;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlCanvasElement};
use yew::prelude::*;

/// One chart's elements: its plot, its cursor overlay and its readout line.
#[derive(Clone, Default, PartialEq)]
pub struct Nodes {
    pub plot: NodeRef,
    pub overlay: NodeRef,
    pub readout: NodeRef,
}

/// What a chart reads at a step; `None` where it has nothing there.
pub type Reader = Rc<dyn Fn(usize) -> Option<Readout>>;

/// What a chart's pointer and key handlers need to read its values.
#[derive(Clone)]
pub struct Hover {
    pub read: Reader,
    pub nodes: Nodes,
    pub cursors: cursors::Shared,
}

/// The readout as [`Readout::text`] words it, each run's name in the run's colour.
fn write(p: &Element, readout: Option<&Readout>) -> Result<(), JsValue> {
    p.set_text_content(None);
    let Some(r) = readout else {
        return Ok(());
    };
    if r.values.is_empty() {
        p.set_text_content(Some(&r.text()));
        return Ok(());
    }
    let doc = p.owner_document().ok_or("no document")?;
    p.append_with_str_1(&format!("step {}", r.step))?;
    for (label, value, color) in &r.values {
        p.append_with_str_1(" · ")?;
        let name = doc.create_element("span")?;
        name.set_text_content(Some(label));
        if let Some(class) = color.and_then(class_of) {
            name.set_class_name(&format!("run-name {class}"));
        }
        p.append_with_node_1(&name)?;
        p.append_with_str_1(&format!(" {}", value.text()))?;
    }
    Ok(())
}

impl Hover {
    /// Marks `step` (or, with `None`, nothing) on the chart and reads its values there.
    fn show(&self, step: Option<usize>) {
        let Some(overlay) = self.nodes.overlay.cast::<HtmlCanvasElement>() else {
            return;
        };
        let mut cursors = self.cursors.0.borrow_mut();
        // An empty chart has no plot to point at.
        let step = step.filter(|_| cursors.frame(&overlay).is_some());
        let readout = step.and_then(|s| (self.read)(s));
        if let Some(p) = self.nodes.readout.cast::<Element>() {
            if write(&p, readout.as_ref()).is_err() {
                p.set_text_content(readout.map(|r| r.text()).as_deref());
            }
        }
        cursors.hover(step.map(|s| (overlay, s)));
    }

    /// The overlay and where its chart has its plot.
    fn frame(&self) -> Option<(HtmlCanvasElement, Frame)> {
        let overlay = self.nodes.overlay.cast::<HtmlCanvasElement>()?;
        let frame = self.cursors.0.borrow().frame(&overlay)?;
        Some((overlay, frame))
    }

    /// The step under the pointer.
    fn pointed(&self, e: &PointerEvent) -> Option<usize> {
        let (overlay, frame) = self.frame()?;
        let rect = overlay.get_bounding_client_rect();
        // Device pixels of the drawing per CSS pixel of the page, as the canvas is shown.
        let scale = overlay.width() as f64 / rect.width();
        frame.step_at((e.client_x() as f64 - rect.left()) * scale)
    }

    /// Moves the hovered step with a key; true when the key was used.
    fn key(&self, e: &KeyboardEvent) -> bool {
        if e.key() == "Escape" {
            self.show(None);
            return true;
        }
        let Some((overlay, frame)) = self.frame() else {
            return false;
        };
        let from = self.cursors.0.borrow().hovered(&overlay);
        let from = from.unwrap_or_else(|| self.start(&frame));
        let to = frame.step_for_key(&e.key(), e.shift_key(), from);
        to.inspect(|s| self.show(Some(*s))).is_some()
    }

    /// Where the keyboard starts reading: the animation's step, or the middle of the axis.
    fn start(&self, frame: &Frame) -> usize {
        let shown = self.cursors.0.borrow().step();
        shown.unwrap_or(((frame.s0 + frame.s1) / 2.0).round() as usize)
    }
}

/// The plot under its cursor overlay, read by pointer and keys, and the readout line under
/// them (`{id}-readout`); `label` tells a screen reader what the chart is and how to read it.
pub fn stack(hover: Hover, id: &str, label: String, titles: &Titles) -> Html {
    let n = hover.nodes.clone();
    let h = hover.clone();
    let on_move = move |e: PointerEvent| h.show(h.pointed(&e));
    let h = hover.clone();
    let on_leave = move |_: PointerEvent| h.show(None);
    let h = hover.clone();
    let on_focus = move |_: FocusEvent| {
        if let Some((_, f)) = h.frame() {
            h.show(Some(h.start(&f)))
        }
    };
    let h = hover.clone();
    let on_blur = move |_: FocusEvent| h.show(None);
    let on_key = move |e: KeyboardEvent| {
        if !(e.ctrl_key() || e.meta_key() || e.alt_key()) && hover.key(&e) {
            e.prevent_default()
        }
    };
    html! {
        <>
        <div class="chart-stack" tabindex="0" role="application" aria-label={label}
            onpointermove={on_move} onpointerleave={on_leave}
            onfocus={on_focus} onblur={on_blur} onkeydown={on_key}>
            <canvas class="chart-plot" ref={n.plot} role="img" aria-label={titles.describe()}
                data-x-title={titles.x} data-y-title={titles.y.clone()} />
            <canvas class="chart-cursor" ref={n.overlay} aria-hidden="true" />
        </div>
        <p class="chart-readout" id={format!("{id}-readout")} aria-live="polite" ref={n.readout}></p>
        </>
    }
}

/// A panel's chart against the step: its caption, then the plot read through `read` (what it
/// reads is named by `reads` for a screen reader).
pub fn figure(id: &'static str, caption: &str, titles: &Titles, hover: Hover, reads: &str) -> Html {
    let label = format!(
        "{caption}: {}. Point at it, or use the arrow keys (Shift: farther), for {reads} at a step.",
        titles.describe()
    );
    html! {
        <figure class="chart" id={id}>
            <figcaption>{caption}</figcaption>
            {stack(hover, id, label, titles)}
        </figure>
    }
}

/// Draws each of a panel's charts against the run's steps on its nodes, and hands the panel's
/// cursors where their plots are.
pub fn draw_panel(
    charts: &[Chart],
    nodes: &[Nodes],
    t: &crate::sim::Trajectory,
    cursors: &cursors::Shared,
) {
    let steps = t.records.last().map_or(1, |r| r.step).max(1) as f64;
    let overlays = charts
        .iter()
        .zip(nodes)
        .filter_map(|(chart, n)| draw(chart, n, steps))
        .collect();
    cursors.borrow_mut().set_overlays(overlays);
}

/// Draws `chart` on its plot and clears its overlay at the same size; returns the overlay with
/// where the cursor goes, none for an empty chart (no run to follow) or a failed drawing.
pub fn draw(chart: &Chart, n: &Nodes, steps: f64) -> Option<(HtmlCanvasElement, Frame)> {
    let plot = n.plot.cast::<HtmlCanvasElement>()?;
    let overlay = n.overlay.cast::<HtmlCanvasElement>()?;
    let drawn = draw_chart(plot.clone(), chart, steps);
    // The overlay is stacked on the plot at the same size, so its cursor lands on it.
    resize(&overlay, plot.width(), plot.height());
    if let Some(c) = context(&overlay) {
        c.clear_rect(0.0, 0.0, overlay.width() as f64, overlay.height() as f64);
    }
    let f = match drawn {
        Ok(_) if chart.is_empty() => return None,
        Ok(f) => f,
        Err(e) => {
            web_sys::console::warn_1(&format!("chart '{}': {e}", chart.caption).into());
            return None;
        }
    };
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
    Some((overlay, f))
}

/// One chart on its canvas at its shown size; dashes go through the canvas itself.
pub fn draw_chart(canvas: HtmlCanvasElement, chart: &Chart, steps: f64) -> Result<Frame, String> {
    let size = fit(&canvas);
    let ctx = context(&canvas);
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2d context")?;
    chart_draw::draw(backend, chart, steps, size.ratio, |dash| {
        if let Some(c) = &ctx {
            super::draw::set_dash(c, dash);
        }
    })
}
