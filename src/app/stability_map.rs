//! The measured stability map: every (β, γ) of the phase diagram, or η against one of them,
//! run on the selected run's landscape in workers, painted as the cells arrive: under the
//! theory's curves on the phase diagram, or on a plot of its own when η is an axis.

use super::grid_map::{GridMap, GridPoint, SharedGrid};
use super::phase_canvas::{Measured, SharedPhase};
use super::shared::Shared;
use super::state::{color, Msg};
use super::sweeper::{Report, Sweeper};
use crate::lessons::MapView;
use crate::optim::spec::Key;
use crate::render::map::{self, ColourBar, Measure};
use crate::sim::RunConfig;
use crate::sweep::{eta_grid, phase_grid, Grid, Mode, Sweep, IMPULSE_ON};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

/// Cells per axis the user can choose.
const RESOLUTIONS: [usize; 5] = [16, 32, 64, 128, 256];
/// Size of the colour bar canvas, in CSS pixels.
const BAR_W: f64 = 300.0;
const BAR_H: f64 = 46.0;

/// Which two hyperparameters the map's axes are.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Axes {
    /// β along x, γ up y: on the phase diagram.
    Decays,
    /// β along x, η up y.
    BetaEta,
    /// γ along x, η up y.
    GammaEta,
}

impl Axes {
    const ALL: [Axes; 3] = [Axes::Decays, Axes::BetaEta, Axes::GammaEta];

    fn name(self) -> &'static str {
        match self {
            Axes::Decays => "decays",
            Axes::BetaEta => "beta-eta",
            Axes::GammaEta => "gamma-eta",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Axes::Decays => "β (β2) × γ (β1), on the diagram",
            Axes::BetaEta => "β (β2) × η (lr)",
            Axes::GammaEta => "γ (β1) × η (lr)",
        }
    }

    fn grid(self, n: usize) -> Grid {
        match self {
            Axes::Decays => phase_grid(n),
            Axes::BetaEta => eta_grid(n, Key::Beta2),
            Axes::GammaEta => eta_grid(n, Key::Beta1),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The selected run: every cell is this run with its deciding level's values on the axes
    /// moved.
    pub base: RunConfig,
    /// The selected run's id, which a click on the η map moves.
    pub run: u32,
    pub dispatch: Callback<Msg>,
    /// The k-Adam level the diagram sets (1 for other rules).
    pub level: usize,
    pub phase: SharedPhase,
    /// A lesson that opens the map, with what it shows (and the load that brought it, so the
    /// same lesson loaded again opens it again).
    #[prop_or_default]
    pub open: Option<(u32, MapView)>,
}

/// What the map's own controls and readouts hold, outside Yew so cells never re-render it.
#[derive(Default)]
struct Live {
    sweeper: Option<Sweeper>,
    progress: NodeRef,
    status: NodeRef,
    bar: NodeRef,
    /// When the map in progress was last shown (ms): see [`SHOW_EVERY_MS`].
    shown_at: f64,
}

/// While cells arrive the map, its colour bar and the progress are shown this often, not every
/// frame: on a small machine the page's repaints would take the time the workers need.
const SHOW_EVERY_MS: f64 = 150.0;

#[component]
pub fn StabilityMap(p: &Props) -> Html {
    let on = use_state(|| false);
    let measure = use_state(|| Measure::Growth);
    let resolution = use_state(|| 32usize);
    let impulse = use_state(|| false);
    let line = use_state(|| false);
    let axes = use_state(|| Axes::Decays);
    let grid = use_state(SharedGrid::default);
    {
        let (on, measure, impulse) = (on.clone(), measure.clone(), impulse.clone());
        use_effect_with(p.open, move |open| {
            if let Some((_, view)) = open {
                on.set(true);
                measure.set(view.measure);
                impulse.set(view.mode == Mode::Impulse);
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
        let (live, phase, grid, shown) = (live.clone(), p.phase.clone(), (*grid).clone(), *measure);
        // The run's own values on the axes move its dot, not the map.
        let mut key = Sweep::new(p.base.clone(), axes.grid(1));
        key.level = p.level;
        let mode = if *impulse {
            Mode::Impulse
        } else {
            Mode::Landscape
        };
        let deps = (*on, key.config(0), p.level, *resolution, mode, *axes);
        use_effect_with(deps, move |(on, base, level, n, mode, axes)| {
            let mut sweep = Sweep::new(base.clone(), axes.grid(*n));
            sweep.level = *level;
            sweep.mode = *mode;
            let which = match axes {
                Axes::Decays => Target::Phase(phase.clone()),
                _ => Target::Grid(grid.clone()),
            };
            start(
                &live,
                (&Target::Both(phase, grid), which),
                *on,
                sweep,
                shown,
            );
        });
    }
    {
        // The run's dot and the verdict's boundary on the η map follow the run.
        let grid = (*grid).clone();
        let point = (*axes != Axes::Decays)
            .then(|| GridPoint::of(&p.base, p.level, &axes.grid(2), color(p.run)));
        use_effect_with(point, move |point| {
            grid.0.borrow_mut().point = point.clone();
            grid.repaint_soon();
        });
    }
    {
        // A new measure recolours what has arrived; nothing is recomputed.
        let target = Target::Both(p.phase.clone(), (*grid).clone());
        use_effect_with(*measure, move |m| {
            target.with(|measured| measured.measure = *m);
            target.repaint_soon();
        });
    }
    {
        // The colour bar and the line's chart follow the map's repaints, once a frame.
        let (live, phase, grid) = (live.clone(), p.phase.clone(), (*grid).clone());
        use_effect_with((), move |_| {
            let (weak, weak_grid) = (Rc::downgrade(&phase.0), Rc::downgrade(&grid.0));
            let readouts = move || {
                if let (Some(phase), Some(grid)) = (weak.upgrade(), weak_grid.upgrade()) {
                    let target = Target::Both(Shared(phase), Shared(grid));
                    draw_bar(&live.borrow(), &target);
                    if let Target::Both(phase, _) = target {
                        phase.draw_profile();
                    }
                }
            };
            let readouts: Rc<dyn Fn()> = Rc::new(readouts);
            phase.0.borrow_mut().readouts = Some(readouts.clone());
            grid.0.borrow_mut().readouts = Some(readouts);
            move || {
                phase.0.borrow_mut().readouts = None;
                grid.0.borrow_mut().readouts = None;
            }
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
    let choose_axes = {
        let axes = axes.clone();
        super::events::on_choice(move |v| {
            if let Some(a) = Axes::ALL.into_iter().find(|a| a.name() == v) {
                axes.set(a);
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
                {"measure it: one whole run per cell of a grid of hyperparameters, on this landscape"}
            </label>
            if *on {
                <div class="row">
                    <select id="map-measure" onchange={choose_measure} aria-label="What the map shows">
                        {for Measure::ALL.iter().map(|m| html! { <option value={m.name()} selected={*m == *measure}>{m.title()}</option> })}
                    </select>
                    <select id="map-axes" onchange={choose_axes} aria-label="The map's axes">
                        {for Axes::ALL.iter().map(|a| html! { <option value={a.name()} selected={*a == *axes}>{a.title()}</option> })}
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
                if *axes != Axes::Decays {
                    <GridMap grid={(*grid).clone()} run={p.run} level={p.level}
                        decays={p.base.hyper.level(p.level)} dispatch={p.dispatch.clone()} />
                    <p class="note" id="map-grid-note">{"The dashed line is where the exact verdict (DERIVED) changes at the run's other decay; it does not depend on η, so what η changes is measured only."}</p>
                }
                if *axes == Axes::Decays {
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
                        <canvas id="map-profile" class="chart-plot" ref={p.phase.0.borrow().profile.clone()} />
                    </figure>
                }
                }
                <p class="note" id="map-scope">{scope(*impulse, *axes)}</p>
            }
        </div>
    }
}

/// What a cell is, in one line: which settings are the run's and which the axes'.
fn scope(impulse: bool, axes: Axes) -> String {
    let own = match axes {
        Axes::Decays => "η, ε",
        _ => "other decay, ε",
    };
    if impulse {
        format!("Each cell is the selected run's optimizer with its {own} and other settings, fed the impulse for the run's steps; growth is the slope of ln‖u‖∞ over the second half of the steps.")
    } else {
        format!("Each cell is one whole run with the selected run's optimizer, {own}, landscape, start, noise and steps; growth is the slope of ln‖u‖∞ over the run's second half.")
    }
}

/// Where the map's cells go: the phase diagram, the η map, or whichever of the two holds the
/// map in progress.
#[derive(Clone)]
enum Target {
    Phase(SharedPhase),
    Grid(SharedGrid),
    Both(SharedPhase, SharedGrid),
}

impl Target {
    /// `f` on the map in progress, if the target holds one.
    fn with<R>(&self, f: impl FnOnce(&mut Measured) -> R) -> Option<R> {
        match self {
            Target::Phase(p) => p.0.borrow_mut().measured.as_mut().map(f),
            Target::Grid(g) => g.0.borrow_mut().measured.as_mut().map(f),
            Target::Both(p, g) => {
                let on_phase = p.0.borrow().measured.is_some();
                if on_phase {
                    Target::Phase(p.clone()).with(f)
                } else {
                    Target::Grid(g.clone()).with(f)
                }
            }
        }
    }

    /// Puts `m` on the target (on both: clears them).
    fn set(&self, m: Option<Measured>) {
        match self {
            Target::Phase(p) => p.0.borrow_mut().measured = m,
            Target::Grid(g) => g.0.borrow_mut().measured = m,
            Target::Both(p, g) => {
                p.0.borrow_mut().measured = None;
                g.0.borrow_mut().measured = None;
            }
        }
    }

    fn repaint_soon(&self) {
        match self {
            Target::Phase(p) => p.repaint_soon(),
            Target::Grid(g) => g.repaint_soon(),
            Target::Both(p, g) => {
                p.repaint_soon();
                g.repaint_soon();
            }
        }
    }
}

/// Cancels any sweep and, when the map is on, starts `sweep` on `which` of the canvases in
/// `both`.
fn start(
    live: &Rc<RefCell<Live>>,
    (both, which): (&Target, Target),
    on: bool,
    sweep: Sweep,
    measure: Measure,
) {
    let mut l = live.borrow_mut();
    if let Some(s) = &l.sweeper {
        s.cancel();
    }
    // A new map's first cells show at once.
    l.shown_at = f64::NEG_INFINITY;
    both.set(None);
    both.repaint_soon();
    if !on {
        return;
    }
    if let Err(e) = sweep.validate() {
        drop(l);
        say(live, &format!("The map cannot be computed: {e}"), 0.0);
        return;
    }
    if l.sweeper.is_none() {
        let (weak, both) = (Rc::downgrade(live), both.clone());
        match Sweeper::new(move |r| {
            if let Some(live) = weak.upgrade() {
                arrived(&live, &both, r);
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
    which.set(Some(Measured::new(sweep.grid, measure)));
    which.repaint_soon();
    if let Some(s) = &l.sweeper {
        s.start(&sweep);
    }
    drop(l);
    say(live, &format!("Computing {} runs…", sweep.cells()), 0.0);
}

/// Cells of the current sweep arrive: into the map, the progress bar and the colour bar.
fn arrived(live: &Rc<RefCell<Live>>, target: &Target, r: Report) {
    match r {
        Report::Failed(e) => say(live, &format!("The map stopped: {e}"), 0.0),
        Report::Cells(cells) => {
            let counted = target.with(|m| {
                for c in cells {
                    if let Some(slot) = m.cells.get_mut(c.index) {
                        if slot.is_none() {
                            m.done += 1;
                        }
                        *slot = Some(c);
                    }
                }
                (m.done, m.cells.len())
            });
            let Some((done, total)) = counted else {
                return;
            };
            let now = super::perf::now();
            {
                let mut l = live.borrow_mut();
                if done < total && now - l.shown_at < SHOW_EVERY_MS {
                    return;
                }
                l.shown_at = now;
            }
            target.repaint_soon();
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
fn draw_bar(l: &Live, target: &Target) {
    let Some(canvas) = l.bar.cast::<HtmlCanvasElement>() else {
        return;
    };
    let Some(ctx) = super::draw::context(&canvas) else {
        return;
    };
    let Some((measure, scale)) = target.with(|m| (m.measure, m.scale())) else {
        return;
    };
    paint_bar(&ctx, &canvas, &map::colour_bar(measure, &scale));
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
