//! Chart canvases drawn at their shown size in device pixels, so they stay sharp and their
//! text keeps its CSS size at any column width and screen; redrawn when the layout changes.

use crate::render::chart_draw::Size;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, ResizeObserver};
use yew::prelude::*;

/// The drawing size `canvas` needs as it is shown now.
fn measure(canvas: &HtmlCanvasElement) -> Size {
    let rect = canvas.get_bounding_client_rect();
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    Size::fit(rect.width(), rect.height(), ratio)
}

/// Gives `canvas` the drawing size of its shown size and returns it (setting a size clears
/// the canvas, so it is set only when it changes).
pub fn fit(canvas: &HtmlCanvasElement) -> Size {
    let size = measure(canvas);
    resize(canvas, size.w, size.h);
    size
}

/// Sets `canvas`'s drawing size, when it differs.
pub fn resize(canvas: &HtmlCanvasElement, w: u32, h: u32) {
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
}

/// Whether a canvas under `root` is shown at another size than it was drawn at.
fn stale(root: &Element) -> bool {
    let Ok(list) = root.query_selector_all("canvas.chart-plot") else {
        return false;
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlCanvasElement>().ok())
        .any(|c| {
            let s = measure(&c);
            (s.w, s.h) != (c.width(), c.height())
        })
}

/// A count that goes up whenever a chart canvas under `root` is shown at another size than
/// it was drawn at (the window, the layout or the zoom changed): redraw when it changes.
#[hook]
pub fn use_refit(root: NodeRef) -> u32 {
    let count = use_state_eq(|| 0u32);
    {
        let count = count.clone();
        use_effect_with(root, move |root| {
            let root = root.cast::<Element>();
            let watch = root.and_then(|el| {
                let (target, mut n) = (el.clone(), *count);
                let seen = Closure::<dyn FnMut()>::new(move || {
                    if stale(&target) {
                        n += 1;
                        count.set(n);
                    }
                });
                let observer = ResizeObserver::new(seen.as_ref().unchecked_ref()).ok()?;
                observer.observe(&el);
                if let Ok(list) = el.query_selector_all("canvas.chart-plot") {
                    for c in
                        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
                    {
                        observer.observe(&c);
                    }
                }
                Some((observer, seen))
            });
            move || {
                if let Some((observer, _)) = watch {
                    observer.disconnect();
                }
            }
        });
    }
    *count
}
