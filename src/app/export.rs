//! Export: the map with its runs and a legend as PNG, each chart as PNG, every run as CSV and
//! JSON (the rows of `optiscape run`, from `crate::export`), and the animation as WebM where
//! the browser can record a canvas. Files are handed over through a Blob URL and `<a download>`.

use super::events::on_command;
use super::player::{self, Shared};
use crate::render::chart::RunView;
use crate::sim::Runs;
use gloo::render::{request_animation_frame, AnimationFrame};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub runs: Runs,
    pub ids: Vec<u32>,
    pub views: Vec<RunView>,
    pub player: Shared,
    pub on_error: Callback<String>,
}

const BG: &str = "#101418";

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn canvas_by_id(id: &str) -> Option<HtmlCanvasElement> {
    document()?.get_element_by_id(id)?.dyn_into().ok()
}

fn new_canvas(w: u32, h: u32) -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    let c: HtmlCanvasElement = document()?.create_element("canvas").ok()?.dyn_into().ok()?;
    c.set_width(w);
    c.set_height(h);
    let ctx = c.get_context("2d").ok()??.dyn_into().ok()?;
    Some((c, ctx))
}

/// Hands a blob to the browser as a download named `name`.
fn download(blob: &web_sys::Blob, name: &str) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob)
        .map_err(|_| "the browser would not make a download link".to_string())?;
    let a: web_sys::HtmlAnchorElement = document()
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into().ok())
        .ok_or("the page cannot make a link")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The download has started by then; the URL only holds the blob in memory.
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

fn download_text(text: &str, mime: &str, name: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag)
        .map_err(|_| "the browser would not hold the file".to_string())?;
    download(&blob, name)
}

fn download_png(canvas: &HtmlCanvasElement, name: &str, on_error: Callback<String>) {
    let (name, later) = (name.to_string(), on_error.clone());
    let done = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
        let saved = blob
            .ok_or_else(|| "the picture could not be encoded".to_string())
            .and_then(|b| download(&b, &name));
        if let Err(e) = saved {
            later.emit(e);
        }
    });
    if canvas.to_blob(done.unchecked_ref()).is_err() {
        on_error.emit("the picture could not be encoded".into());
    }
}

/// The map and the runs' layer, as on screen.
fn draw_map(ctx: &CanvasRenderingContext2d) -> Result<(), String> {
    let (map, layer) = canvas_by_id("landscape")
        .zip(canvas_by_id("trajectory"))
        .ok_or("the map is not on the page")?;
    ctx.set_fill_style_str(BG);
    ctx.fill_rect(0.0, 0.0, map.width() as f64, map.height() as f64);
    for c in [&map, &layer] {
        ctx.draw_image_with_html_canvas_element(c, 0.0, 0.0)
            .map_err(|_| "the map could not be copied")?;
    }
    Ok(())
}

/// The shown runs' colours and names in the top left corner.
fn draw_legend(ctx: &CanvasRenderingContext2d, views: &[RunView]) {
    let shown: Vec<&RunView> = views.iter().filter(|v| v.visible).collect();
    let (line, pad) = (22.0, 10.0);
    ctx.set_font("16px system-ui, sans-serif");
    let width = shown
        .iter()
        .map(|v| ctx.measure_text(&v.label).map_or(120.0, |m| m.width()))
        .fold(0.0, f64::max);
    ctx.set_global_alpha(0.8);
    ctx.set_fill_style_str(BG);
    ctx.fill_rect(
        8.0,
        8.0,
        width + 2.0 * pad + 28.0,
        line * shown.len() as f64 + pad,
    );
    ctx.set_global_alpha(1.0);
    for (i, v) in shown.iter().enumerate() {
        let y = 8.0 + pad + line * i as f64 + 8.0;
        ctx.set_fill_style_str(v.color);
        ctx.fill_rect(8.0 + pad, y - 3.0, 20.0, 5.0);
        ctx.set_fill_style_str("#e8edf2");
        let _ = ctx.fill_text(&v.label, 8.0 + pad + 28.0, y + 5.0);
    }
}

fn map_png(views: &[RunView], on_error: Callback<String>) -> Result<(), String> {
    let map = canvas_by_id("landscape").ok_or("the map is not on the page")?;
    let (c, ctx) = new_canvas(map.width(), map.height()).ok_or("no canvas to draw on")?;
    draw_map(&ctx)?;
    draw_legend(&ctx, views);
    download_png(&c, "optiscape-map.png", on_error);
    Ok(())
}

/// Each chart on the page's background, one file each, named by the chart.
fn chart_pngs(on_error: Callback<String>) -> Result<(), String> {
    let doc = document().ok_or("no page")?;
    let figures = doc
        .query_selector_all("section.charts figure.chart")
        .map_err(|_| "no charts")?;
    for i in 0..figures.length() {
        let Some(fig) = figures
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let plot: Option<HtmlCanvasElement> = fig
            .query_selector("canvas.chart-plot")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into().ok());
        let Some(plot) = plot else { continue };
        let (c, ctx) = new_canvas(plot.width(), plot.height()).ok_or("no canvas to draw on")?;
        ctx.set_fill_style_str(BG);
        ctx.fill_rect(0.0, 0.0, plot.width() as f64, plot.height() as f64);
        let _ = ctx.draw_image_with_html_canvas_element(&plot, 0.0, 0.0);
        download_png(&c, &format!("optiscape-{}.png", fig.id()), on_error.clone());
    }
    Ok(())
}

/// A recording in progress: the canvas it films, redrawn each frame from the page's.
struct Recording {
    ctx: CanvasRenderingContext2d,
    recorder: web_sys::MediaRecorder,
    player: Shared,
    views: Vec<RunView>,
    progress: NodeRef,
    /// Frames still to film once the animation has ended.
    hold: u32,
    frame: Option<AnimationFrame>,
}

fn say(node: &NodeRef, text: &str) {
    if let Some(el) = node.cast::<web_sys::Element>() {
        el.set_text_content(Some(text));
    }
}

/// Whether this browser can record a canvas as WebM.
fn can_record() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    js_sys::Reflect::has(&w, &JsValue::from_str("MediaRecorder")).unwrap_or(false)
        && web_sys::MediaRecorder::is_type_supported("video/webm")
}

fn record(
    player: &Shared,
    views: &[RunView],
    on_error: Callback<String>,
    progress: &NodeRef,
) -> Result<(), String> {
    if !can_record() {
        return Err("this browser cannot record video (no WebM MediaRecorder)".into());
    }
    let map = canvas_by_id("landscape").ok_or("the map is not on the page")?;
    let (canvas, ctx) = new_canvas(map.width(), map.height()).ok_or("no canvas to draw on")?;
    let fail = |_| "this browser cannot record the map".to_string();
    let stream = canvas
        .capture_stream_with_frame_request_rate(30.0)
        .map_err(fail)?;
    let opts = web_sys::MediaRecorderOptions::new();
    opts.set_mime_type("video/webm");
    let recorder =
        web_sys::MediaRecorder::new_with_media_stream_and_media_recorder_options(&stream, &opts)
            .map_err(fail)?;
    let chunks = Rc::new(RefCell::new(js_sys::Array::new()));
    let got = chunks.clone();
    let on_data = Closure::<dyn FnMut(web_sys::BlobEvent)>::new(move |e: web_sys::BlobEvent| {
        if let Some(b) = e.data() {
            got.borrow().push(&b);
        }
    });
    recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
    on_data.forget();
    let node = progress.clone();
    let on_stop = Closure::once_into_js(move || {
        let bag = web_sys::BlobPropertyBag::new();
        bag.set_type("video/webm");
        let saved = web_sys::Blob::new_with_blob_sequence_and_options(&chunks.borrow(), &bag)
            .map_err(|_| "the video could not be put together".to_string())
            .and_then(|b| download(&b, "optiscape.webm"));
        match saved {
            Ok(()) => say(&node, "video saved"),
            Err(e) => {
                say(&node, "");
                on_error.emit(e);
            }
        }
    });
    recorder.set_onstop(Some(on_stop.unchecked_ref()));
    recorder.start().map_err(fail)?;
    say(progress, "recording 0%");
    let rec = Rc::new(RefCell::new(Recording {
        ctx,
        recorder,
        player: player.clone(),
        views: views.to_vec(),
        progress: progress.clone(),
        hold: 60,
        frame: None,
    }));
    // Filmed from the first step to the last.
    player.borrow_mut().step = 0;
    player::play(player);
    let first = next_frame(&rec);
    rec.borrow_mut().frame = Some(first);
    Ok(())
}

/// Films one frame; stops the recorder once the animation has reached its end.
fn next_frame(rec: &Rc<RefCell<Recording>>) -> AnimationFrame {
    let rec = rec.clone();
    request_animation_frame(move |_| {
        let r = rec.borrow();
        let _ = draw_map(&r.ctx);
        draw_legend(&r.ctx, &r.views);
        let (step, last, playing) = {
            let p = r.player.borrow();
            (p.step, p.last_step(), p.playing)
        };
        let pct = (step * 100).checked_div(last).unwrap_or(100);
        say(&r.progress, &format!("recording {pct}%"));
        // The last picture is held for a second, so the video does not end on a blink.
        if playing || r.hold > 0 {
            if !playing {
                say(&r.progress, "recording 100%");
            }
            drop(r);
            rec.borrow_mut().hold -= u32::from(!playing);
            let next = next_frame(&rec);
            rec.borrow_mut().frame = Some(next);
        } else {
            let _ = r.recorder.stop();
            say(&r.progress, "encoding…");
            drop(r);
            rec.borrow_mut().frame = None;
        }
    })
}

#[component]
pub fn Export(p: &Props) -> Html {
    let progress = use_node_ref();
    let choose = {
        let (runs, ids, views) = (p.runs.clone(), p.ids.clone(), p.views.clone());
        let (on_error, progress, player) = (p.on_error.clone(), progress.clone(), p.player.clone());
        on_command(move |what| {
            let pairs = || {
                ids.iter()
                    .copied()
                    .zip(runs.configs().iter().zip(runs.trajectories()))
            };
            let done = match what.as_str() {
                "map" => map_png(&views, on_error.clone()),
                "charts" => chart_pngs(on_error.clone()),
                "csv" => {
                    let rows: Vec<_> = pairs().map(|(id, (_, t))| (id, &**t)).collect();
                    download_text(
                        &crate::export::csv_runs(&rows),
                        "text/csv",
                        "optiscape-runs.csv",
                    )
                }
                "json" => {
                    let docs: Vec<_> = pairs().map(|(id, (c, t))| (id, c, &**t)).collect();
                    download_text(
                        &crate::export::json_runs(&docs),
                        "application/json",
                        "optiscape-runs.json",
                    )
                }
                "webm" => record(&player, &views, on_error.clone(), &progress),
                _ => Ok(()),
            };
            if let Err(e) = done {
                on_error.emit(e);
            }
        })
    };
    html! {
        <div class="export">
            <select id="export" onchange={choose} aria-label="Export">
                <option value="" selected=true>{"Export…"}</option>
                <option value="map">{"Map with runs (PNG)"}</option>
                <option value="charts">{"Each chart (PNG)"}</option>
                <option value="csv">{"Every run (CSV)"}</option>
                <option value="json">{"Every run (JSON)"}</option>
                <option value="webm">{"Animation (WebM video)"}</option>
            </select>
            <span id="export-progress" class="muted" ref={progress} aria-live="polite"></span>
        </div>
    }
}
