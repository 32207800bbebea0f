//! The landscape: heatmap, contours, minima and axes on one canvas (redrawn only when the
//! landscape or the view changes), the runs on a layer above it (drawn by the player, which
//! this view only hands the layer's canvas).
//! Click sets the start, dragging the start marker moves it, dragging elsewhere pans, the
//! wheel zooms about the pointer. From the keyboard, the focused map moves the start with
//! the arrows and zooms with + and −.

use super::draw;
use crate::landscape::{Landscape, ViewBox};
use crate::render::{access, heatmap, Viewport};
use crate::Vec2;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, MouseEvent, WheelEvent};
use yew::prelude::*;

pub const SIZE: u32 = 720;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub landscape: Landscape,
    pub view: ViewBox,
    pub log_scale: bool,
    pub start: Vec2,
    /// The trajectory layer's canvas, drawn by the player.
    pub layer: NodeRef,
    pub on_start: Callback<Vec2>,
    pub on_view: Callback<ViewBox>,
    pub on_error: Callback<String>,
}

/// A press on the layer, until release.
#[derive(Clone, Copy)]
struct Press {
    at: Vec2,
    view: ViewBox,
    on_start: bool,
    moved: bool,
}

pub fn viewport(view: ViewBox) -> Viewport {
    Viewport {
        view,
        width: SIZE,
        height: SIZE,
    }
}

/// The pointer in canvas pixels (the canvas may be scaled by CSS).
fn canvas_px(e: &MouseEvent) -> Option<Vec2> {
    let canvas: HtmlCanvasElement = e.target()?.dyn_into().ok()?;
    let rect = canvas.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return None;
    }
    Some([
        (e.client_x() as f64 - rect.left()) * canvas.width() as f64 / rect.width(),
        (e.client_y() as f64 - rect.top()) * canvas.height() as f64 / rect.height(),
    ])
}

#[component]
pub fn LandscapeView(props: &Props) -> Html {
    let map = use_node_ref();
    let layer = props.layer.clone();
    let press = use_mut_ref(|| None::<Press>);
    let vp = viewport(props.view);
    // Whether the picture has points where f is undefined: the legend line says how they look.
    let undefined = use_state_eq(|| false);
    // How to use the map, shown over it until the first press, wheel or key on it, once per
    // browser: the browser remembers that it was seen.
    let hint = use_state_eq(|| !hint_seen());
    use_effect_with(*hint, |shown| {
        if !*shown {
            remember_hint();
        }
    });
    let home = props.landscape.info().view;

    {
        let (map, log, on_error, undefined) = (
            map.clone(),
            props.log_scale,
            props.on_error.clone(),
            undefined.clone(),
        );
        use_effect_with(
            (props.landscape.clone(), vp, log),
            move |(landscape, vp, log)| match super::perf::time("paint", || {
                paint(&map, landscape, vp, *log)
            }) {
                Ok(n) => undefined.set(n > 0),
                Err(e) => on_error.emit(e),
            },
        );
    }
    use_wheel_zoom(&layer, vp, home, props.on_view.clone(), hint.clone());

    let onkeydown = {
        let (start, on_start, on_view, hint) = (
            props.start,
            props.on_start.clone(),
            props.on_view.clone(),
            hint.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let centre = [
                (vp.view.x[0] + vp.view.x[1]) / 2.0,
                (vp.view.y[0] + vp.view.y[1]) / 2.0,
            ];
            match (access::arrow(&e.key()), e.key().as_str()) {
                (Some(dir), _) => on_start.emit(access::nudge(start, vp.view, dir, e.shift_key())),
                (None, "+" | "=") => on_view.emit(access::zoom(vp.view, home, centre, 0.8)),
                (None, "-" | "_") => on_view.emit(access::zoom(vp.view, home, centre, 1.25)),
                _ => return,
            }
            // Prevented: the page's shortcuts (→ steps) leave the key to the map.
            e.prevent_default();
            hint.set(false);
        })
    };
    let onmousedown = {
        let (press, start, hint) = (press.clone(), props.start, hint.clone());
        Callback::from(move |e: MouseEvent| {
            hint.set(false);
            let Some(at) = canvas_px(&e) else { return };
            let s = vp.to_px(start);
            let near = (at[0] - s[0]).hypot(at[1] - s[1]) < 16.0;
            *press.borrow_mut() = Some(Press {
                at,
                view: vp.view,
                on_start: near,
                moved: false,
            });
        })
    };
    let onmousemove = {
        let (press, on_start, on_view) =
            (press.clone(), props.on_start.clone(), props.on_view.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(p) = *press.borrow() else { return };
            let Some(at) = canvas_px(&e) else { return };
            if !p.moved && (at[0] - p.at[0]).hypot(at[1] - p.at[1]) < 4.0 {
                return;
            }
            if let Some(q) = press.borrow_mut().as_mut() {
                q.moved = true;
            }
            if p.on_start {
                on_start.emit(vp.from_px(at));
            } else {
                let from = viewport(p.view);
                let (a, b) = (from.from_px(p.at), from.from_px(at));
                let (dx, dy) = (a[0] - b[0], a[1] - b[1]);
                on_view.emit(ViewBox {
                    x: [p.view.x[0] + dx, p.view.x[1] + dx],
                    y: [p.view.y[0] + dy, p.view.y[1] + dy],
                });
            }
        })
    };
    let release = {
        let (press, on_start) = (press.clone(), props.on_start.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(p) = press.borrow_mut().take() else {
                return;
            };
            if !p.moved {
                if let Some(at) = canvas_px(&e) {
                    on_start.emit(vp.from_px(at));
                }
            }
        })
    };
    let onmouseleave = {
        let press = press.clone();
        Callback::from(move |_: MouseEvent| *press.borrow_mut() = None)
    };
    html! {
        <>
        <div class="stage">
            <canvas id="landscape" ref={map} width={SIZE.to_string()} height={SIZE.to_string()} />
            <canvas id="trajectory" ref={layer} width={SIZE.to_string()} height={SIZE.to_string()}
                tabindex="0" role="application" data-shortcuts="true"
                aria-label="Map of the landscape. Arrow keys move the start of every run (Shift: farther), + and − zoom, Space plays or pauses."
                title="Click to set the start · drag the start marker · drag to pan · wheel to zoom"
                {onkeydown} {onmousedown} {onmousemove} onmouseup={release} {onmouseleave} />
            if *hint {
                <p class="map-hint" id="map-hint" aria-hidden="true">
                    {"Drag to pan · wheel or +/− to zoom · click or arrow keys to move the start"}</p>
            }
        </div>
        if *undefined {
            <p class="note map-key" id="undefined-key"><span class="hatch-swatch"></span>
                {"Hatched grey: f is undefined there (NaN). A run that steps there stops."}</p>
        }
        </>
    }
}

/// Heatmap in one putImageData, contours, minima and axes; marks the canvas as drawn.
/// Returns how many pixels are where f is undefined.
fn paint(map: &NodeRef, landscape: &Landscape, vp: &Viewport, log: bool) -> Result<usize, String> {
    let canvas = map
        .cast::<HtmlCanvasElement>()
        .ok_or("the landscape canvas is missing")?;
    let ctx = draw::context(&canvas).ok_or("this browser gives no 2D canvas")?;
    let picture = heatmap::picture(landscape, vp, log);
    draw::landscape(&ctx, &picture)?;
    for m in landscape.info().minima {
        draw::minimum(&ctx, vp, m);
    }
    draw::axes(&ctx, vp);
    canvas
        .set_attribute("data-drawn", "true")
        .map_err(|_| "could not mark the canvas drawn".to_string())?;
    Ok(picture.undefined)
}

/// The wheel listener is added by hand because it must be non-passive to stop the page
/// from scrolling while zooming; the effect owns it, so unmounting removes it.
#[hook]
fn use_wheel_zoom(
    layer: &NodeRef,
    vp: Viewport,
    home: ViewBox,
    on_view: Callback<ViewBox>,
    hint: UseStateHandle<bool>,
) {
    let layer = layer.clone();
    let latest = use_mut_ref(|| (vp, home));
    *latest.borrow_mut() = (vp, home);
    use_effect_with((), move |_| {
        let listener = layer.cast::<HtmlCanvasElement>().map(|canvas| {
            EventListener::new_with_options(
                &canvas,
                "wheel",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    let Some(e) = e.dyn_ref::<WheelEvent>() else {
                        return;
                    };
                    e.prevent_default();
                    let (vp, home) = *latest.borrow();
                    let Some(at) = canvas_px(e) else { return };
                    let factor = (e.delta_y().clamp(-300.0, 300.0) * 0.002).exp();
                    hint.set(false);
                    on_view.emit(access::zoom(vp.view, home, vp.from_px(at), factor));
                },
            )
        });
        move || drop(listener)
    });
}

/// The key under which the browser remembers that the map's hint was seen.
const HINT_SEEN: &str = "optiscape-map-hint-seen";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether this browser has seen the hint (a browser that keeps nothing shows it each time).
fn hint_seen() -> bool {
    storage()
        .and_then(|s| s.get_item(HINT_SEEN).ok().flatten())
        .is_some()
}

fn remember_hint() {
    if let Some(s) = storage() {
        // A refusal (storage full or off) only means the hint comes back next time.
        let _ = s.set_item(HINT_SEEN, "1");
    }
}
