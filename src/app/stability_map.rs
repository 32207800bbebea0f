//! The measured stability map: every (β, γ) of the phase diagram run on the selected run's
//! landscape, in workers, painted under the theory's curves as the cells arrive.

use super::phase_canvas::{Measured, SharedPhase};
use super::sweeper::{Report, Sweeper};
use crate::render::chart_draw;
use crate::render::map::{self, ColourBar, Measure};
use crate::sim::RunConfig;
use crate::sweep::{phase_grid, Mode, Sweep, IMPULSE_ON};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

/// Cells per axis the user can choose.
const RESOLUTIONS: [usize; 4] = [16, 32, 64, 128];
/// Size of the colour bar canvas, in CSS pixels.
const BAR_W: f64 = 300.0;
const BAR_H: f64 = 46.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The selected run: every cell is this run with its deciding level's (β, γ) moved.
    pub base: RunConfig,
    /// The k-Adam level the diagram sets (1 for other rules).
    pub level: usize,
    pub phase: SharedPhase,
    /// A lesson that opens the map, with what it shows (and the load that brought it, so the
    /// same lesson loaded again opens it again).
    #[prop_or_default]
    pub open: Option<(u32, Measure)>,
}

/// What the map's own controls and readouts hold, outside Yew so cells never re-render it.
#[derive(Default)]
struct Live {
    sweeper: Option<Sweeper>,
    progress: NodeRef,
    status: NodeRef,
    bar: NodeRef,
}

#[component]
pub fn StabilityMap(p: &Props) -> Html {
    let on = use_state(|| false);
    let measure = use_state(|| Measure::Growth);
    let resolution = use_state(|| 32usize);
    let impulse = use_state(|| false);
    let line = use_state(|| false);
    {
        let (on, measure) = (on.clone(), measure.clone());
        use_effect_with(p.open, move |open| {
            if let Some((_, m)) = open {
                on.set(true);
                measure.set(*m);
            }
        });
    }
    {
        let phase = p.phase.clone();
        use_effect_with(*line, move |on| {
            phase.0.borrow_mut().line_mode = *on;
            phase.repaint_soon();
        });
    }
    let live = use_mut_ref(Live::default);
    {
        let (live, phase, shown) = (live.clone(), p.phase.clone(), *measure);
        // The run's own (β, γ) are the axes: moving them moves the dot, not the map.
        let mut key = Sweep::new(p.base.clone(), phase_grid(1));
        key.level = p.level;
        let mode = if *impulse {
            Mode::Impulse
        } else {
            Mode::Landscape
        };
        let deps = (*on, key.config(0), p.level, *resolution, mode);
        use_effect_with(deps, move |(on, base, level, n, mode)| {
            let mut sweep = Sweep::new(base.clone(), phase_grid(*n));
            sweep.level = *level;
            sweep.mode = *mode;
            start(&live, &phase, *on, sweep, shown);
        });
    }
    {
        // A new measure recolours what has arrived; nothing is recomputed.
        let phase = p.phase.clone();
        use_effect_with(*measure, move |m| {
            if let Some(measured) = phase.0.borrow_mut().measured.as_mut() {
                measured.measure = *m;
            }
            phase.repaint_soon();
        });
    }
    {
        // The colour bar and the line's chart follow the diagram's repaints, once a frame.
        let (live, phase) = (live.clone(), p.phase.clone());
        use_effect_with((), move |_| {
            let weak = Rc::downgrade(&phase.0);
            let readouts = move || {
                if let Some(phase) = weak.upgrade().map(SharedPhase) {
                    draw_bar(&live.borrow(), &phase);
                    phase.draw_profile();
                }
            };
            phase.0.borrow_mut().readouts = Some(Rc::new(readouts));
            move || phase.0.borrow_mut().readouts = None
        });
    }
    let toggle = {
        let on = on.clone();
        Callback::from(move |_: Event| on.set(!*on))
    };
    let toggle_line = {
        let line = line.clone();
        Callback::from(move |_: Event| line.set(!*line))
    };
    let toggle_impulse = {
        let impulse = impulse.clone();
        Callback::from(move |_: Event| impulse.set(!*impulse))
    };
    let choose_measure = {
        let measure = measure.clone();
        super::events::on_choice(move |v| {
            if let Some(m) = Measure::from_name(&v) {
                measure.set(m);
            }
        })
    };
    let choose_resolution = {
        let resolution = resolution.clone();
        super::events::on_choice(move |v| {
            if let Ok(n) = v.parse() {
                resolution.set(n);
            }
        })
    };
    let l = live.borrow();
    let ratio = super::phase_canvas::pixel_ratio();
    html! {
        <div class="stability-map" id="stability-map">
            <label class="flag">
                <input type="checkbox" id="map-on" checked={*on} onchange={toggle} />
                {"measure it: run every (β, γ) of the diagram on this landscape"}
            </label>
            if *on {
                <div class="row">
                    <select id="map-measure" onchange={choose_measure} aria-label="What the map shows">
                        {for Measure::ALL.iter().map(|m| html! { <option value={m.name()} selected={*m == *measure}>{m.title()}</option> })}
                    </select>
                    <select id="map-resolution" onchange={choose_resolution} aria-label="Cells per axis">
                        {for RESOLUTIONS.iter().map(|n| html! { <option value={n.to_string()} selected={*n == *resolution}>{format!("{n} × {n}")}</option> })}
                    </select>
                </div>
                <label class="flag">
                    <input type="checkbox" id="map-impulse" checked={*impulse} onchange={toggle_impulse} />
                    {format!("impulse: g = (1, 1) for {IMPULSE_ON} steps, then 0, from θ = 0 (the recurrences alone, no landscape)")}
                </label>
                <progress id="map-progress" ref={l.progress.clone()} max="1" value="0"></progress>
                <p class="note" id="map-status" ref={l.status.clone()}></p>
                <canvas id="map-bar" ref={l.bar.clone()} width={(BAR_W * ratio).round().to_string()}
                    height={(BAR_H * ratio).round().to_string()} role="img" aria-label="Colour bar of the measured map" />
                <label class="flag">
                    <input type="checkbox" id="map-line" checked={*line} onchange={toggle_line} />
                    {"draw a line on the diagram: growth along it, measured against |C|/2 and ln(γ/√β) (Gould & Tanaka, Fig. 2b)"}
                </label>
                if *line {
                    <figure class="chart map-profile">
                        <figcaption>{"Growth of ln‖u‖∞ per step along the line (start → end): "}
                            <span class="key measured">{"measured"}</span>{" · "}
                            <span class="key paper">{"paper |C|/2"}</span>{" · "}
                            <span class="key exact">{"exact (DERIVED)"}</span>
                        </figcaption>
                        <canvas id="map-profile" ref={p.phase.0.borrow().profile.clone()}
                            width={chart_draw::W.to_string()} height={chart_draw::H.to_string()} />
                    </figure>
                }
                <p class="note" id="map-scope">{if *impulse {
                    "Each cell is the selected run's optimizer with its η, ε and other settings, fed the impulse for the run's steps; growth is the slope of ln‖u‖∞ over the second half of the steps."
                } else {
                    "Each cell is one whole run with the selected run's optimizer, η, ε, landscape, start, noise and steps; growth is the slope of ln‖u‖∞ over the run's second half."
                }}</p>
            }
        </div>
    }
}

/// Cancels any sweep and, when the map is on, starts `sweep`.
fn start(live: &Rc<RefCell<Live>>, phase: &SharedPhase, on: bool, sweep: Sweep, measure: Measure) {
    let mut l = live.borrow_mut();
    if let Some(s) = &l.sweeper {
        s.cancel();
    }
    if !on {
        phase.0.borrow_mut().measured = None;
        phase.repaint_soon();
        return;
    }
    if let Err(e) = sweep.validate() {
        drop(l);
        say(live, &format!("The map cannot be computed: {e}"), 0.0);
        return;
    }
    if l.sweeper.is_none() {
        let (weak, phase) = (Rc::downgrade(live), phase.clone());
        match Sweeper::new(move |r| {
            if let Some(live) = weak.upgrade() {
                arrived(&live, &phase, r);
            }
        }) {
            Ok(s) => l.sweeper = Some(s),
            Err(e) => {
                drop(l);
                say(live, &e, 0.0);
                return;
            }
        }
    }
    phase.0.borrow_mut().measured = Some(Measured::new(sweep.grid, measure));
    phase.repaint_soon();
    if let Some(s) = &l.sweeper {
        s.start(&sweep);
    }
    drop(l);
    say(live, &format!("Computing {} runs…", sweep.cells()), 0.0);
}

/// Cells of the current sweep arrive: into the map, the progress bar and the colour bar.
fn arrived(live: &Rc<RefCell<Live>>, phase: &SharedPhase, r: Report) {
    match r {
        Report::Failed(e) => say(live, &format!("The map stopped: {e}"), 0.0),
        Report::Cells(cells) => {
            let (done, total) = {
                let mut p = phase.0.borrow_mut();
                let Some(m) = p.measured.as_mut() else {
                    return;
                };
                for c in cells {
                    if let Some(slot) = m.cells.get_mut(c.index) {
                        if slot.is_none() {
                            m.done += 1;
                        }
                        *slot = Some(c);
                    }
                }
                (m.done, m.cells.len())
            };
            phase.repaint_soon();
            let text = if done == total {
                format!("{total} runs measured.")
            } else {
                format!("{done} of {total} runs measured…")
            };
            say(live, &text, done as f64 / total.max(1) as f64);
        }
    }
}

/// Sets the status line and the progress bar.
fn say(live: &Rc<RefCell<Live>>, text: &str, progress: f64) {
    let l = live.borrow();
    if let Some(el) = l.status.cast::<web_sys::Element>() {
        el.set_text_content(Some(&crate::text::one_line(text, 200)));
    }
    if let Some(el) = l.progress.cast::<web_sys::Element>() {
        let _ = el.set_attribute("value", &format!("{progress:.4}"));
    }
}

/// The colour bar of the measure on show, for the cells that have arrived.
fn draw_bar(l: &Live, phase: &SharedPhase) {
    let Some(canvas) = l.bar.cast::<HtmlCanvasElement>() else {
        return;
    };
    let Some(ctx) = super::draw::context(&canvas) else {
        return;
    };
    let p = phase.0.borrow();
    let Some(m) = p.measured.as_ref() else {
        return;
    };
    let bar = map::colour_bar(m.measure, &m.scale());
    paint_bar(&ctx, &canvas, &bar);
}

fn paint_bar(ctx: &CanvasRenderingContext2d, canvas: &HtmlCanvasElement, bar: &ColourBar) {
    let r = canvas.width() as f64 / BAR_W;
    let _ = ctx.set_transform(r, 0.0, 0.0, r, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, BAR_W, BAR_H);
    let (x0, x1, y0, h) = (8.0, BAR_W - 110.0, 14.0, 10.0);
    let grad = ctx.create_linear_gradient(x0, 0.0, x1, 0.0);
    for (t, [red, g, b]) in &bar.stops {
        let _ = grad.add_color_stop(*t as f32, &format!("rgb({red},{g},{b})"));
    }
    ctx.set_fill_style_canvas_gradient(&grad);
    ctx.fill_rect(x0, y0, x1 - x0, h);
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_fill_style_str("#c9d2dc");
    ctx.set_text_baseline("top");
    ctx.set_text_align("left");
    let _ = ctx.fill_text(&bar.label, x0, 0.0);
    ctx.set_text_align("center");
    for (t, label) in &bar.ticks {
        let x = x0 + t * (x1 - x0);
        ctx.fill_rect(x - 0.5, y0 + h, 1.0, 3.0);
        let _ = ctx.fill_text(label, x.clamp(x0 + 12.0, x1 - 12.0), y0 + h + 5.0);
    }
    ctx.set_text_align("left");
    for (i, ([red, g, b], name)) in bar.extra.iter().enumerate() {
        let y = y0 + i as f64 * 15.0;
        ctx.set_fill_style_str(&format!("rgb({red},{g},{b})"));
        ctx.fill_rect(x1 + 10.0, y, 10.0, 10.0);
        ctx.set_fill_style_str("#c9d2dc");
        let _ = ctx.fill_text(name, x1 + 24.0, y);
    }
}
