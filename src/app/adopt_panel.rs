//! Taniguchi et al.'s counterexample, run live: many seeded runs of the one-dimensional toy
//! advance in a Web Worker (`www/adopt-worker.js`), with a progress bar, and the median and
//! 25–75 % band of θ drawn per β2 and method as the worker reports them.

use super::draw::context;
use super::fit::{resize, use_refit};
use super::perf::now;
use super::state::{color, color_class};
use crate::lessons::adopt_toy::study;
use crate::render::bands::{cell, panel, panel_height, Panel, X_TITLE, Y_TITLE};
use crate::render::chart::parse_color;
use crate::render::chart_draw::Size;
use crate::theory::adopt_toy::{ToyBands, ToyConfig, ToyMethod};
use gloo::events::EventListener;
use js_sys::{Float64Array, Object, Reflect};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, MessageEvent, Worker};
use yew::prelude::*;

#[wasm_bindgen(module = "/www/workers.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn adopt_worker() -> Result<Worker, JsValue>;
}
/// A panel's width in CSS pixels when the canvas is not laid out; otherwise the panels share
/// its shown width, drawn at the device ratio so text keeps its size.
const PANEL_W: f64 = 300.0;
const COLS: usize = 2;
const BETA2S: [f64; 5] = [0.1, 0.5, 0.9, 0.999, 0.9999];
const KS: [f64; 3] = [3.0, 10.0, 50.0];
const STEPS: [u64; 4] = [10_000, 100_000, 1_000_000, 2_000_000];
const SAMPLES: [usize; 3] = [32, 100, 200];

/// The colour of a method: a run colour of the page, by the id that has it.
fn method_id(m: ToyMethod) -> u32 {
    match m {
        ToyMethod::Adam => 2,
        ToyMethod::AmsGrad => 7,
        ToyMethod::Adopt => 1,
        ToyMethod::AdoptClipped => 5,
        ToyMethod::AdoptNoDecorrelation => 3,
        ToyMethod::AdoptNoOrderChange => 4,
    }
}

/// A change of the study a control makes, given the control's value.
type Edit = Rc<dyn Fn(&mut ToyConfig, &str)>;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// A lesson's load that opens the panel with its study and runs it.
    #[prop_or_default]
    pub open: Option<u32>,
}

/// The study in progress, outside Yew so its reports never re-render the page.
#[derive(Default)]
struct Job {
    /// The worker and its message and error listeners, made on the first run.
    worker: Option<(Worker, [EventListener; 2])>,
    /// Tags the study in progress: a report with another tag is stale.
    generation: u64,
    cfg: Option<ToyConfig>,
    bands: Option<ToyBands>,
    started: f64,
    canvas: NodeRef,
    /// Rows of panels the chosen β2s make, kept while no band is reported.
    rows: usize,
    progress: NodeRef,
    status: NodeRef,
}

impl Drop for Job {
    fn drop(&mut self) {
        if let Some((w, _)) = &self.worker {
            w.terminate();
        }
    }
}

#[component]
pub fn AdoptPanel(p: &Props) -> Html {
    let cfg = use_state(study);
    let running = use_state(|| false);
    let job = use_mut_ref(Job::default);
    {
        let (cfg, running) = (cfg.clone(), running.clone());
        use_effect_with(p.open, move |open| {
            if open.is_some() {
                cfg.set(study());
                running.set(true);
            }
        });
    }
    {
        let job = job.clone();
        use_effect_with(((*cfg).clone(), *running), move |(cfg, on)| {
            if *on {
                start(&job, cfg.clone());
            }
        });
    }
    let edit = |f: Edit| {
        let cfg = cfg.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut next = (*cfg).clone();
            f(&mut next, &el.value());
            cfg.set(next);
        })
    };
    let choose = |f: fn(&mut ToyConfig, &str)| edit(Rc::new(f));
    let toggle_beta2 = |b: f64| {
        edit(Rc::new(move |c: &mut ToyConfig, _: &str| {
            if c.beta2s.contains(&b) {
                c.beta2s.retain(|x| *x != b);
            } else {
                c.beta2s.push(b);
                c.beta2s.sort_by(f64::total_cmp);
            }
        }))
    };
    let toggle_method = |m: ToyMethod| {
        edit(Rc::new(move |c: &mut ToyConfig, _: &str| {
            if c.methods.contains(&m) {
                c.methods.retain(|x| *x != m);
            } else {
                c.methods.push(m);
                c.methods
                    .sort_by_key(|x| ToyMethod::ALL.iter().position(|a| a == x));
            }
        }))
    };
    let run = {
        let (running, job, cfg) = (running.clone(), job.clone(), cfg.clone());
        Callback::from(move |_: MouseEvent| {
            if *running {
                start(&job, (*cfg).clone());
            } else {
                running.set(true);
            }
        })
    };
    let c = &*cfg;
    let rows = c.beta2s.len().div_ceil(COLS).max(1);
    let section = use_node_ref();
    let layout = use_refit(section.clone());
    {
        // Sized (and redrawn) at its shown width from the start and when the layout changes.
        let job = job.clone();
        use_effect_with((layout, rows), move |(_, rows)| {
            job.borrow_mut().rows = *rows;
            paint(&job);
        });
    }
    let j = job.borrow();
    html! {
        <section class={classes!("panel", "adopt-toy", (!*running).then_some("idle"))} id="adopt-toy" ref={section}>
            <h2>{"ADOPT's counterexample (Taniguchi et al.)"}</h2>
            <p class="note">{"θ ∈ [−1, 1] from 0; g = k² with probability 1/k, else −k (mean +1, best θ = −1); step α/√(1 + αt), α = 0.01; β1 = 0.9 (Gould & Tanaka's γ) for all; no ε, no bias correction (the paper's toy script). Median and 25–75 % of θ over the runs, per β2 (Gould & Tanaka's β)."}</p>
            <div class="row">
                <label>{"k "}<select id="adopt-k" aria-label="k" onchange={choose(|c, v| if let Ok(k) = v.parse() { c.k = vec![k] })}>
                    {for KS.iter().map(|k| html! { <option value={k.to_string()} selected={c.k.first() == Some(k)}>{k}</option> })}
                </select></label>
                <label>{"steps "}<select id="adopt-steps" aria-label="steps" onchange={choose(|c, v| if let Ok(s) = v.parse() { c.steps = s })}>
                    {for STEPS.iter().map(|s| html! { <option value={s.to_string()} selected={c.steps == *s}>{crate::format::short(*s as f64)}</option> })}
                </select></label>
                <label>{"runs "}<select id="adopt-samples" aria-label="runs" onchange={choose(|c, v| if let Ok(s) = v.parse() { c.samples = s })}>
                    {for SAMPLES.iter().map(|s| html! { <option value={s.to_string()} selected={c.samples == *s}>{s}</option> })}
                </select></label>
                <button id="adopt-run" onclick={run}>{if *running { "Run again" } else { "Run" }}</button>
            </div>
            <div class="row" id="adopt-beta2s">{"β2: "}
                {for BETA2S.iter().map(|b| html! {
                    <label class="flag"><input type="checkbox" checked={c.beta2s.contains(b)} onchange={toggle_beta2(*b)} />{b}</label>
                })}
            </div>
            <ul class="adopt-methods" id="adopt-legend">
                {for ToyMethod::ALL.iter().map(|m| html! {
                    <li><label class="flag">
                        <input type="checkbox" checked={c.methods.contains(m)} onchange={toggle_method(*m)} />
                        <i class={classes!("dot", color_class(method_id(*m)))}></i>{m.name()}
                    </label></li>
                })}
            </ul>
            <progress id="adopt-progress" ref={j.progress.clone()} max="1" value="0"></progress>
            <p class="note" id="adopt-status" ref={j.status.clone()}>{"Press Run: the runs advance in a worker, off the page's main thread."}</p>
            <canvas id="adopt-canvas" class="chart-plot" ref={j.canvas.clone()} role="img"
                aria-label="Median and 25–75 % band of θ against the step, per β2 and method" />
        </section>
    }
}

/// Starts `cfg` from step 0 in the worker, dropping any study in progress.
fn start(job: &Rc<RefCell<Job>>, cfg: ToyConfig) {
    if let Err(e) = cfg.validate() {
        say(job, &format!("Cannot run: {e}"), 0.0);
        return;
    }
    let json = match serde_json::to_string(&cfg) {
        Ok(j) => j,
        Err(e) => return say(job, &format!("Cannot run: {e}"), 0.0),
    };
    if let Err(e) = ensure_worker(job) {
        say(job, &e, 0.0);
        return;
    }
    let mut j = job.borrow_mut();
    j.generation += 1;
    (j.cfg, j.bands, j.started) = (Some(cfg), None, now());
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"job".into(), &JsValue::from_f64(j.generation as f64));
    let _ = Reflect::set(&msg, &"cfg".into(), &JsValue::from_str(&json));
    let sent = j.worker.as_ref().map(|(w, _)| w.post_message(&msg));
    drop(j);
    match sent {
        Some(Ok(())) => say(job, "Starting the runs in a worker…", 0.0),
        _ => say(job, "The study could not be handed to its worker.", 0.0),
    }
}

/// Starts the worker once, listening to its reports and its failure.
fn ensure_worker(job: &Rc<RefCell<Job>>) -> Result<(), String> {
    if job.borrow().worker.is_some() {
        return Ok(());
    }
    let w = adopt_worker().map_err(|e| format!("The study's worker could not start: {e:?}"))?;
    let weak = Rc::downgrade(job);
    let on_message = EventListener::new(&w, "message", move |e| {
        if let Some(e) = e.dyn_ref::<MessageEvent>() {
            report(&weak, e);
        }
    });
    let weak = Rc::downgrade(job);
    let on_error = EventListener::new(&w, "error", move |_| {
        if let Some(job) = weak.upgrade() {
            say(
                &job,
                "The study's worker stopped (the browser's console says why).",
                0.0,
            );
        }
    });
    job.borrow_mut().worker = Some((w, [on_message, on_error]));
    Ok(())
}

/// A worker's report: the bands so far of the current study, drawn, and its progress.
fn report(job: &Weak<RefCell<Job>>, e: &MessageEvent) {
    let Some(job) = job.upgrade() else { return };
    let data = e.data();
    let get = |k: &str| Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
    if get("job").as_f64() != Some(job.borrow().generation as f64) {
        return;
    }
    if let Some(error) = get("error").as_string() {
        say(&job, &format!("Cannot run: {error}"), 0.0);
        return;
    }
    let rows = get("rows")
        .dyn_into::<Float64Array>()
        .map(|a| a.to_vec())
        .unwrap_or_default();
    let Some(cfg) = job.borrow().cfg.clone() else {
        return;
    };
    match ToyBands::from_rows(cfg, &rows) {
        Ok(b) => job.borrow_mut().bands = Some(b),
        Err(e) => {
            return say(
                &job,
                &format!("The worker's report cannot be read: {e}"),
                0.0,
            )
        }
    }
    paint(&job);
    let progress = get("progress").as_f64().unwrap_or(0.0);
    let text = if get("done").as_bool() == Some(true) {
        let secs = (now() - job.borrow().started) / 1000.0;
        format!("Done in {secs:.1} s.")
    } else {
        format!("{:.0} % of the steps…", 100.0 * progress)
    };
    say(&job, &text, progress);
}

fn say(job: &Rc<RefCell<Job>>, text: &str, progress: f64) {
    let j = job.borrow();
    if let Some(el) = j.status.cast::<web_sys::Element>() {
        el.set_text_content(Some(text));
    }
    if let Some(el) = j.progress.cast::<web_sys::Element>() {
        let _ = el.set_attribute("value", &format!("{progress:.4}"));
    }
}

/// The panels of the study so far, each `width` CSS pixels wide.
fn panels(toy: &ToyBands, width: f64) -> Vec<Panel> {
    let height = panel_height(width);
    let cfg = &toy.cfg;
    cfg.beta2s
        .iter()
        .enumerate()
        .map(|(i, b2)| {
            let series: Vec<([u8; 3], &[_])> = cfg
                .methods
                .iter()
                .filter_map(|m| Some((parse_color(color(method_id(*m))), toy.bands(*m, i, 0)?)))
                .collect();
            let at = cell(i, COLS, width, height);
            panel(at, format!("β2 = β = {b2}"), cfg.steps, &series)
        })
        .collect()
}

fn paint(job: &Rc<RefCell<Job>>) {
    let j = job.borrow();
    let Some(canvas) = j.canvas.cast::<HtmlCanvasElement>() else {
        return;
    };
    let Some(ctx) = context(&canvas) else { return };
    let rows = j
        .bands
        .as_ref()
        .map_or(j.rows, |toy| toy.cfg.beta2s.len().div_ceil(COLS).max(1));
    let shown = canvas.get_bounding_client_rect().width();
    let css_w = if shown >= 1.0 {
        shown
    } else {
        PANEL_W * COLS as f64
    };
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let css_h = panel_height(css_w / COLS as f64) * rows as f64;
    let size = Size::fit(css_w, css_h, ratio);
    resize(&canvas, size.w, size.h);
    // Drawn in CSS pixels, scaled to the device's.
    let _ = ctx.set_transform(size.ratio, 0.0, 0.0, size.ratio, 0.0, 0.0);
    ctx.set_fill_style_str("#1a2027");
    ctx.fill_rect(0.0, 0.0, css_w, css_h);
    let Some(toy) = j.bands.as_ref() else { return };
    let ps = panels(toy, css_w / COLS as f64);
    for p in &ps {
        draw_panel(&ctx, p);
    }
    let _ = canvas.set_attribute("data-drawn", &ps.len().to_string());
}

fn rgba([r, g, b]: [u8; 3], a: f64) -> String {
    format!("rgba({r},{g},{b},{a})")
}

fn draw_panel(ctx: &CanvasRenderingContext2d, p: &Panel) {
    let [x0, y0, x1, y1] = p.plot;
    ctx.set_font("14px system-ui, sans-serif");
    ctx.set_fill_style_str("#e8edf2");
    let _ = ctx.fill_text(&p.title, x0, y0 - 8.0);
    ctx.set_stroke_style_str("rgba(255,255,255,0.15)");
    ctx.set_line_width(1.0);
    for (y, label) in &p.y_ticks {
        ctx.begin_path();
        ctx.move_to(x0, *y);
        ctx.line_to(x1, *y);
        ctx.stroke();
        let _ = ctx.fill_text(label, x0 - 30.0, y + 4.0);
    }
    // Centred under the tick, kept inside the plot's width so the last one is not cut.
    let _ = ctx.fill_text(Y_TITLE, p.y_title[0], p.y_title[1]);
    ctx.set_text_align("center");
    for (x, label) in &p.x_ticks {
        let _ = ctx.fill_text(label, x.clamp(x0 + 6.0, x1 - 12.0), y1 + 16.0);
    }
    let _ = ctx.fill_text(X_TITLE, p.x_title[0], p.x_title[1]);
    ctx.set_text_align("left");
    for s in &p.series {
        if s.band.len() >= 3 {
            ctx.set_fill_style_str(&rgba(s.rgb, 0.22));
            ctx.begin_path();
            ctx.move_to(s.band[0][0], s.band[0][1]);
            for q in &s.band[1..] {
                ctx.line_to(q[0], q[1]);
            }
            ctx.close_path();
            ctx.fill();
        }
        if let Some(first) = s.median.first() {
            ctx.set_stroke_style_str(&rgba(s.rgb, 1.0));
            ctx.set_line_width(2.0);
            ctx.begin_path();
            ctx.move_to(first[0], first[1]);
            for q in &s.median[1..] {
                ctx.line_to(q[0], q[1]);
            }
            ctx.stroke();
        }
    }
}
