//! The landscape: heatmap, contours, minima and axes on one canvas (redrawn only when the
//! landscape, the view or the canvas's size changes), the runs on a layer above it (drawn by
//! the player). Both canvases have as many pixels as they show (CSS size × device pixel
//! ratio, capped), measured again whenever their size on screen changes.
//! A click or tap sets the start, dragging the start marker moves it, dragging elsewhere pans,
//! the wheel or two fingers zoom. From the keyboard, the focused map moves the start with
//! the arrows and zooms with + and −.

use super::phase_canvas::pixel_ratio;
use super::{draw, player};
use crate::landscape::{Landscape, ViewBox};
use crate::render::{access, backing, gesture, heatmap, Viewport};
use crate::Vec2;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, MouseEvent, PointerEvent, ResizeObserver, WheelEvent};
use yew::prelude::*;

/// The canvases' side until they are measured.
pub const SIZE: u32 = 720;

/// The map canvases' pixels, and canvas pixels to a CSS pixel.
type Backing = ([u32; 2], f64);

#[derive(Properties, PartialEq)]
pub struct Props {
    pub landscape: Landscape,
    pub view: ViewBox,
    pub log_scale: bool,
    pub start: Vec2,
    /// Draws the runs on the layer; told when the layer's size changes.
    pub player: player::Shared,
    pub on_start: Callback<Vec2>,
    pub on_view: Callback<ViewBox>,
    pub on_error: Callback<String>,
}

/// The pointers on the layer, from the first press until the last release.
#[derive(Clone, Copy)]
enum Gesture {
    /// One pointer: it drags the start when pressed near it, else pans; a tap sets the start.
    Press {
        id: i32,
        at: Vec2,
        now: Vec2,
        view: ViewBox,
        on_start: bool,
        moved: bool,
    },
    /// Two pointers, which zoom and pan the view they went down on.
    Pinch {
        ids: [i32; 2],
        at: [Vec2; 2],
        now: [Vec2; 2],
        view: ViewBox,
    },
}

/// The view on canvases of `SIZE` pixels a side, until the map has measured its own.
pub fn viewport(view: ViewBox) -> Viewport {
    Viewport {
        view,
        width: SIZE,
        height: SIZE,
    }
}

/// The layer's pixels as it is shown now.
fn measure(layer: &NodeRef) -> Option<Backing> {
    let canvas = layer.cast::<HtmlCanvasElement>()?;
    let rect = canvas.get_bounding_client_rect();
    backing([rect.width(), rect.height()], pixel_ratio())
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

fn distance(a: Vec2, b: Vec2) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// How near the start a press grabs it, and how far a press moves before it is a drag, in
/// CSS pixels: a finger is less precise than a mouse.
fn reach(e: &PointerEvent) -> (f64, f64) {
    if e.pointer_type() == "mouse" {
        (16.0, 4.0)
    } else {
        (24.0, 10.0)
    }
}

#[component]
pub fn LandscapeView(props: &Props) -> Html {
    let map = use_node_ref();
    let layer = props.player.borrow().layer.clone();
    let gesture = use_mut_ref(|| None::<Gesture>);
    // The size the player draws at: measured, or the placeholder until then.
    let size = {
        let p = props.player.borrow();
        use_state_eq(|| ([p.viewport.width, p.viewport.height], p.scale))
    };
    let ([width, height], k) = *size;
    let vp = Viewport {
        view: props.view,
        width,
        height,
    };
    let viewport = move |view: ViewBox| Viewport { view, ..vp };
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
    use_resize(&layer, size.setter());
    {
        let player = props.player.clone();
        use_effect_with(*size, move |&([width, height], k)| {
            let mut p = player.borrow_mut();
            (p.viewport.width, p.viewport.height) = (width, height);
            p.scale = k;
            drop(p);
            player.borrow().draw();
        });
    }
    {
        let (map, layer, log, on_error, undefined, size) = (
            map.clone(),
            layer.clone(),
            props.log_scale,
            props.on_error.clone(),
            undefined.clone(),
            size.clone(),
        );
        use_effect_with(
            (props.landscape.clone(), vp, log),
            move |(landscape, vp, log)| {
                // Measured before the first paint, so the map is not painted twice at start.
                if let Some(now) = measure(&layer).filter(|now| *now != *size) {
                    return size.set(now);
                }
                match super::perf::time("paint", || paint(&map, landscape, vp, *log, k)) {
                    Ok(n) => undefined.set(n > 0),
                    Err(e) => on_error.emit(e),
                }
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
    let onpointerdown = {
        let (gesture, start, hint) = (gesture.clone(), props.start, hint.clone());
        Callback::from(move |e: PointerEvent| {
            hint.set(false);
            let Some(at) = canvas_px(&e) else { return };
            if let Some(canvas) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                // Captured: the moves and the release come here even off the map.
                let _ = canvas.set_pointer_capture(e.pointer_id());
            }
            let mut g = gesture.borrow_mut();
            *g = match *g {
                None => Some(Gesture::Press {
                    id: e.pointer_id(),
                    at,
                    now: at,
                    view: vp.view,
                    on_start: distance(at, vp.to_px(start)) < reach(&e).0 * k,
                    moved: false,
                }),
                Some(Gesture::Press { id, now, .. }) => Some(Gesture::Pinch {
                    ids: [id, e.pointer_id()],
                    at: [now, at],
                    now: [now, at],
                    view: vp.view,
                }),
                pinch => pinch,
            };
        })
    };
    let onpointermove = {
        let (gesture, on_start, on_view) = (
            gesture.clone(),
            props.on_start.clone(),
            props.on_view.clone(),
        );
        Callback::from(move |e: PointerEvent| {
            let Some(to) = canvas_px(&e) else { return };
            let mut g = gesture.borrow_mut();
            match g.as_mut() {
                Some(Gesture::Press {
                    id,
                    at,
                    now,
                    view,
                    on_start: grabbed,
                    moved,
                }) if *id == e.pointer_id() => {
                    *now = to;
                    if !*moved && distance(*at, to) < reach(&e).1 * k {
                        return;
                    }
                    *moved = true;
                    if *grabbed {
                        on_start.emit(vp.from_px(to));
                    } else {
                        on_view.emit(gesture::pan(&viewport(*view), *at, to));
                    }
                }
                Some(Gesture::Pinch { ids, at, now, view }) => {
                    let Some(i) = ids.iter().position(|id| *id == e.pointer_id()) else {
                        return;
                    };
                    now[i] = to;
                    on_view.emit(gesture::pinch(&viewport(*view), home, *at, *now));
                }
                _ => {}
            }
        })
    };
    let release = |tap: bool| {
        let (gesture, on_start) = (gesture.clone(), props.on_start.clone());
        Callback::from(move |e: PointerEvent| {
            let mut g = gesture.borrow_mut();
            *g = match g.take() {
                Some(Gesture::Press { id, now, moved, .. }) if id == e.pointer_id() => {
                    if tap && !moved {
                        on_start.emit(vp.from_px(now));
                    }
                    None
                }
                // One finger lifted: the other pans on from where the pinch left the view.
                Some(Gesture::Pinch { ids, at, now, view }) if ids.contains(&e.pointer_id()) => {
                    let rest = usize::from(ids[0] == e.pointer_id());
                    Some(Gesture::Press {
                        id: ids[rest],
                        at: now[rest],
                        now: now[rest],
                        view: gesture::pinch(&viewport(view), home, at, now),
                        on_start: false,
                        moved: true,
                    })
                }
                other => other,
            };
        })
    };
    let [width, height] = [vp.width.to_string(), vp.height.to_string()];
    html! {
        <>
        <div class="stage">
            <canvas id="landscape" ref={map} width={width.clone()} height={height.clone()} />
            <canvas id="trajectory" ref={layer} {width} {height}
                tabindex="0" role="application" data-shortcuts="true"
                aria-label="Map of the landscape. Arrow keys move the start of every run (Shift: farther), + and − zoom, Space plays or pauses."
                title="Click or tap to set the start · drag the start marker · drag to pan · wheel or pinch to zoom"
                {onkeydown} {onpointerdown} {onpointermove} onpointerup={release(true)}
                onpointercancel={release(false)} />
            if *hint {
                <p class="map-hint" id="map-hint" aria-hidden="true">
                    {"Drag to pan · wheel, pinch or +/− to zoom · click or arrow keys to move the start"}</p>
            }
        </div>
        if *undefined {
            <p class="note map-key" id="undefined-key"><span class="hatch-swatch"></span>
                {"Hatched grey: f is undefined there (NaN). A run that steps there stops."}</p>
        }
        </>
    }
}

/// Watches the layer's size on screen, and records it when its pixels must change.
#[hook]
fn use_resize(layer: &NodeRef, size: UseStateSetter<Backing>) {
    let layer = layer.clone();
    use_effect_with((), move |_| {
        let watched = layer.cast::<web_sys::Element>();
        let measure = {
            let layer = layer.clone();
            Closure::<dyn Fn()>::new(move || {
                // An unchanged size re-renders nothing (the state compares).
                if let Some(now) = measure(&layer) {
                    size.set(now);
                }
            })
        };
        let observer = ResizeObserver::new(measure.as_ref().unchecked_ref()).ok();
        if let (Some(o), Some(el)) = (&observer, &watched) {
            o.observe(el);
        }
        move || {
            if let Some(o) = observer {
                o.disconnect();
            }
            drop(measure);
        }
    });
}

/// Heatmap in one putImageData, contours, minima and axes; marks the canvas as drawn.
/// Returns how many pixels are where f is undefined.
fn paint(
    map: &NodeRef,
    landscape: &Landscape,
    vp: &Viewport,
    log: bool,
    k: f64,
) -> Result<usize, String> {
    let canvas = map
        .cast::<HtmlCanvasElement>()
        .ok_or("the landscape canvas is missing")?;
    let ctx = draw::context(&canvas).ok_or("this browser gives no 2D canvas")?;
    let picture = heatmap::picture_scaled(landscape, vp, log, k);
    draw::landscape(&ctx, &picture, k)?;
    let pen = draw::Pen {
        ctx: &ctx,
        vp: *vp,
        k,
    };
    for m in landscape.info().minima {
        draw::minimum(&pen, m);
    }
    draw::axes(&pen);
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
