//! Gould & Tanaka's stability readout beside the β/γ sliders, and a clickable phase diagram
//! of the (β, γ) plane with the stable region, the paper's boundary and the exact one.

use super::state::{color, Msg};
use crate::optim::Optimizer;
use crate::scene::{Action, RunSpec};
use crate::theory::{boundary_gamma, discrete_growth_rate, paper_growth_rate, stability_margin};
use std::f64::consts::TAU;
use wasm_bindgen::{Clamped, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: RunSpec,
    pub dispatch: Callback<Msg>,
    /// The run's steepest growth of ln‖u‖∞: (slope per step, first step, last step).
    pub growth: Option<(f64, usize, usize)>,
}

/// The (β, γ) that decide stability: level 1 for Adam-like rules, the last level for k-Adam.
fn decays(r: &RunSpec) -> Option<(f64, f64)> {
    match r.optimizer {
        Optimizer::Adam | Optimizer::AdamW | Optimizer::AmsGrad | Optimizer::RmsProp => {
            Some((r.hyper.beta2, r.hyper.beta1))
        }
        Optimizer::KAdam => {
            let [gamma, beta] = r.hyper.level(r.hyper.k);
            Some((beta, gamma))
        }
        _ => None,
    }
}

fn fmt(v: f64) -> String {
    if v.is_infinite() {
        "∞".into()
    } else {
        format!("{v:+.4}")
    }
}

// ---- the phase diagram's geometry, in CSS pixels ----

/// Side of the (square) canvas.
const SIZE: f64 = 300.0;
/// The plot area: left, top, right and bottom edges.
const X0: f64 = 56.0;
const Y0: f64 = 12.0;
const X1: f64 = 282.0;
const Y1: f64 = 256.0;
/// The largest decay the diagram shows (and sets): 1 − 10⁻⁴.
const TOP: f64 = 0.9999;
const TICKS: [&str; 5] = ["0", "0.9", "0.99", "0.999", "0.9999"];

const STABLE_RGB: [u8; 3] = [46, 104, 76];
const UNSTABLE_RGB: [u8; 3] = [118, 48, 55];
const PAPER_LINE: &str = "#f2f4f7";
const EXACT_LINE: &str = "#ffb000";

/// Position of a decay on the diagram's axis: u = −log10(1 − v)/4, so 0, 0.9, 0.99, 0.999
/// and 0.9999 are evenly spaced at 0, ¼, ½, ¾ and 1.
fn position(v: f64) -> f64 {
    (-(1.0 - v).max(1.0 - TOP).log10() / 4.0).clamp(0.0, 1.0)
}

/// The decay at axis position u ∈ [0, 1].
fn decay_at(u: f64) -> f64 {
    1.0 - 10f64.powf(-4.0 * u.clamp(0.0, 1.0))
}

/// Four significant digits, kept within [0, 0.9999].
fn tidy(v: f64) -> f64 {
    let v = if v > 0.0 && v.is_finite() {
        let f = 10f64.powi(3 - v.log10().floor() as i32);
        (v * f).round() / f
    } else {
        0.0
    };
    v.clamp(0.0, TOP)
}

fn to_px(beta: f64, gamma: f64) -> (f64, f64) {
    (
        X0 + position(beta) * (X1 - X0),
        Y1 - position(gamma) * (Y1 - Y0),
    )
}

/// The (β, γ) under a point of the canvas (CSS pixels), rounded; points off the plot clamp
/// to its edge.
fn from_px(x: f64, y: f64) -> (f64, f64) {
    (
        tidy(decay_at((x - X0) / (X1 - X0))),
        tidy(decay_at((Y1 - y) / (Y1 - Y0))),
    )
}

/// The shaded plane as RGBA, `side` device pixels square at `scale` device pixels per CSS
/// pixel; transparent outside the plot area.
fn shading(side: u32, scale: f64) -> Vec<u8> {
    let n = side as usize;
    let inside = |c: f64, lo: f64, hi: f64| (lo..=hi).contains(&c);
    // Stable per the paper: C(β, γ) > 0 ⇔ γ < 2β/(1 + β) (so γ = 0 is always stable).
    // The boundary per column and γ per row: one comparison per pixel.
    let cols: Vec<Option<f64>> = (0..n)
        .map(|i| {
            let x = (i as f64 + 0.5) / scale;
            inside(x, X0, X1).then(|| boundary_gamma(decay_at((x - X0) / (X1 - X0))))
        })
        .collect();
    let mut rgba = vec![0u8; n * n * 4];
    for (j, row) in rgba.chunks_exact_mut(n * 4).enumerate() {
        let y = (j as f64 + 0.5) / scale;
        if !inside(y, Y0, Y1) {
            continue;
        }
        let gamma = decay_at((Y1 - y) / (Y1 - Y0));
        for (px, col) in row.chunks_exact_mut(4).zip(&cols) {
            if let Some(b) = col {
                let rgb = if gamma < *b { STABLE_RGB } else { UNSTABLE_RGB };
                px.copy_from_slice(&[rgb[0], rgb[1], rgb[2], 255]);
            }
        }
    }
    rgba
}

/// Device pixels per CSS pixel, within reason.
fn pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite())
        .unwrap_or(1.0)
        .clamp(1.0, 3.0)
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
    super::draw::context(canvas).ok_or_else(|| "no 2D context for the phase diagram".to_string())
}

/// A curve γ(β) across the plot, sampled evenly in axis position.
fn curve(ctx: &CanvasRenderingContext2d, gamma_of: impl Fn(f64) -> f64) {
    ctx.begin_path();
    for i in 0..=240 {
        let beta = decay_at(i as f64 / 240.0);
        let (x, y) = to_px(beta, gamma_of(beta));
        if i == 0 {
            ctx.move_to(x, y);
        } else {
            ctx.line_to(x, y);
        }
    }
    ctx.stroke();
}

fn text(ctx: &CanvasRenderingContext2d, s: &str, x: f64, y: f64, align: &str, baseline: &str) {
    ctx.set_text_align(align);
    ctx.set_text_baseline(baseline);
    let _ = ctx.fill_text(s, x, y);
}

/// Draws the whole diagram with the run's point (β, γ) as a dot of colour `dot`.
fn paint(canvas: &HtmlCanvasElement, beta: f64, gamma: f64, dot: &str) -> Result<(), String> {
    let ctx = context(canvas)?;
    let side = canvas.width();
    if side == 0 {
        return Ok(());
    }
    let scale = side as f64 / SIZE;
    ctx.reset_transform()
        .map_err(|e| format!("phase diagram: {e:?}"))?;
    ctx.clear_rect(0.0, 0.0, side as f64, side as f64);
    let rgba = shading(side, scale);
    let img = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), side, side)
        .map_err(|e| format!("could not build the phase diagram: {e:?}"))?;
    ctx.put_image_data(&img, 0.0, 0.0)
        .map_err(|e| format!("could not draw the phase diagram: {e:?}"))?;
    ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)
        .map_err(|e| format!("phase diagram: {e:?}"))?;

    // Grid, ticks and tick labels at 0, 0.9, 0.99, 0.999, 0.9999 on both axes.
    ctx.set_line_width(1.0);
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_fill_style_str("#c9d2dc");
    for (i, label) in TICKS.iter().enumerate() {
        let u = i as f64 / 4.0;
        let x = X0 + u * (X1 - X0);
        let y = Y1 - u * (Y1 - Y0);
        ctx.set_stroke_style_str("rgba(255,255,255,0.13)");
        ctx.begin_path();
        ctx.move_to(x, Y0);
        ctx.line_to(x, Y1);
        ctx.move_to(X0, y);
        ctx.line_to(X1, y);
        ctx.stroke();
        ctx.set_stroke_style_str("rgba(255,255,255,0.6)");
        ctx.begin_path();
        ctx.move_to(x, Y1);
        ctx.line_to(x, Y1 + 4.0);
        ctx.move_to(X0 - 4.0, y);
        ctx.line_to(X0, y);
        ctx.stroke();
        text(&ctx, label, x, Y1 + 6.0, "center", "top");
        text(&ctx, label, X0 - 6.0, y, "right", "middle");
    }
    ctx.set_stroke_style_str("rgba(255,255,255,0.45)");
    ctx.stroke_rect(X0, Y0, X1 - X0, Y1 - Y0);

    // Axis titles: the paper's symbol and PyTorch's name.
    ctx.set_font("600 12px system-ui, sans-serif");
    ctx.set_fill_style_str("#e8edf2");
    text(
        &ctx,
        "β (2nd moment, PyTorch β2)",
        (X0 + X1) / 2.0,
        SIZE - 3.0,
        "center",
        "bottom",
    );
    ctx.save();
    ctx.translate(11.0, (Y0 + Y1) / 2.0)
        .and_then(|_| ctx.rotate(-TAU / 4.0))
        .map_err(|e| format!("phase diagram: {e:?}"))?;
    text(
        &ctx,
        "γ (momentum, PyTorch β1)",
        0.0,
        0.0,
        "center",
        "middle",
    );
    ctx.restore();

    // The regions' names, then the boundaries, clipped to the plot.
    ctx.save();
    ctx.begin_path();
    ctx.rect(X0, Y0, X1 - X0, Y1 - Y0);
    ctx.clip();
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_fill_style_str("rgba(255,255,255,0.75)");
    text(&ctx, "unstable: C < 0", X0 + 6.0, Y0 + 5.0, "left", "top");
    text(&ctx, "stable: C > 0", X1 - 6.0, Y1 - 5.0, "right", "bottom");
    // The two curves nearly coincide away from the origin: the solid one is drawn wider so
    // it shows on both sides of the dashes.
    ctx.set_line_join("round");
    ctx.set_line_width(3.5);
    ctx.set_stroke_style_str(PAPER_LINE);
    curve(&ctx, boundary_gamma);
    ctx.set_line_width(2.0);
    let dash = js_sys::Array::of2(&JsValue::from_f64(5.0), &JsValue::from_f64(4.0));
    // Without dashes the exact boundary still shows, in its own colour.
    let _ = ctx.set_line_dash(&dash);
    ctx.set_stroke_style_str(EXACT_LINE);
    curve(&ctx, f64::sqrt);
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    ctx.restore();

    // The run's (β, γ).
    let (x, y) = to_px(beta, gamma);
    ctx.begin_path();
    let _ = ctx.arc(x, y, 6.0, 0.0, TAU);
    ctx.set_fill_style_str(dot);
    ctx.fill();
    ctx.set_line_width(2.0);
    ctx.set_stroke_style_str("#000000");
    ctx.stroke();
    ctx.reset_transform()
        .map_err(|e| format!("phase diagram: {e:?}"))?;
    Ok(())
}

/// A press on the diagram, followed while the button stays down.
#[derive(Default)]
struct Drag {
    active: bool,
    /// The last (β, γ) sent, so a drag within one rounding cell sends nothing.
    sent: Option<(f64, f64)>,
}

/// The canvas point (CSS pixels of the drawing) under the mouse.
fn point(canvas: &NodeRef, e: &MouseEvent) -> Option<(f64, f64)> {
    let canvas = canvas.cast::<HtmlCanvasElement>()?;
    let rect = canvas.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return None;
    }
    Some((
        (e.client_x() as f64 - rect.left()) * SIZE / rect.width(),
        (e.client_y() as f64 - rect.top()) * SIZE / rect.height(),
    ))
}

/// The actions that put the run's deciding level at (β, γ): level 1's beta2 and beta1, or
/// k-Adam's last level when k > 1.
fn set_decays(r: &RunSpec, beta: f64, gamma: f64) -> Vec<Action> {
    let run = r.id;
    if r.optimizer == Optimizer::KAdam && r.hyper.k > 1 {
        vec![Action::SetLevel {
            run,
            level: r.hyper.k,
            decays: [gamma, beta],
        }]
    } else {
        vec![
            Action::SetParam {
                run,
                key: "beta2",
                value: beta,
            },
            Action::SetParam {
                run,
                key: "beta1",
                value: gamma,
            },
        ]
    }
}

#[component]
pub fn TheoryPanel(p: &Props) -> Html {
    let canvas = use_node_ref();
    let drag = use_mut_ref(Drag::default);
    let ratio = pixel_ratio();
    let found = decays(&p.run);
    {
        let canvas = canvas.clone();
        let deps = (found, color(p.run.id), ratio);
        use_effect_with(deps, move |(found, dot, _)| {
            let (Some((beta, gamma)), Some(c)) = (found, canvas.cast::<HtmlCanvasElement>()) else {
                return;
            };
            if let Err(e) = paint(&c, *beta, *gamma, dot) {
                web_sys::console::warn_1(&e.into());
            }
        });
    }
    let Some((beta, gamma)) = found else {
        return html! {
            <section class="panel theory"><h2>{"Stable region"}</h2>
                <p class="muted">{"The stability margin C(β, γ) applies to Adam-like rules (Adam, AdamW, AMSGrad, RMSProp with momentum, k-Adam)."}</p>
            </section>
        };
    };
    let c = stability_margin(beta, gamma);
    let stable_now = c > 0.0;
    let class = if stable_now { "good" } else { "bad" };

    // Sends (β, γ) under the mouse unless it is what was sent last.
    let send = {
        let (run, dispatch, canvas, drag) = (
            p.run.clone(),
            p.dispatch.clone(),
            canvas.clone(),
            drag.clone(),
        );
        move |e: &MouseEvent| {
            let Some((x, y)) = point(&canvas, e) else {
                return;
            };
            let at = from_px(x, y);
            let mut d = drag.borrow_mut();
            if d.sent == Some(at) {
                return;
            }
            d.sent = Some(at);
            drop(d);
            for a in set_decays(&run, at.0, at.1) {
                dispatch.emit(Msg::Scene(a));
            }
        }
    };
    let onmousedown = {
        let (canvas, drag, send) = (canvas.clone(), drag.clone(), send.clone());
        Callback::from(move |e: MouseEvent| {
            // A press must land on the plot (a few pixels of slack), not on the labels.
            let Some((x, y)) = point(&canvas, &e) else {
                return;
            };
            if !(X0 - 4.0..=X1 + 4.0).contains(&x) || !(Y0 - 4.0..=Y1 + 4.0).contains(&y) {
                return;
            }
            e.prevent_default();
            *drag.borrow_mut() = Drag {
                active: true,
                sent: None,
            };
            send(&e);
        })
    };
    let onmousemove = {
        let drag = drag.clone();
        Callback::from(move |e: MouseEvent| {
            if !drag.borrow().active {
                return;
            }
            if e.buttons() & 1 == 0 {
                drag.borrow_mut().active = false;
                return;
            }
            send(&e);
        })
    };
    let release = {
        let drag = drag.clone();
        Callback::from(move |_: MouseEvent| drag.borrow_mut().active = false)
    };
    let side = (SIZE * ratio).round().to_string();
    let level_note = (p.run.optimizer == Optimizer::KAdam && p.run.hyper.k > 1).then(|| {
        html! { <p class="note">{format!("k-Adam: the diagram shows and sets level {} (the last).", p.run.hyper.k)}</p> }
    });
    html! {
        <section class="panel theory" id="theory">
            <h2>{"Stable region (Gould & Tanaka)"}</h2>
            <p class="formula">{"C(β, γ) = 2(1 − γ)/γ − (1 − β)/β"}</p>
            <p>{format!("β = β2 = {beta}, γ = β1 = {gamma}")}</p>
            <p class={classes!("verdict", class)} id="stability">
                {format!("C = {} → {}", fmt(c), if stable_now { "stable: ‖u‖∞ stays bounded" } else { "unstable: ‖u‖∞ grows exponentially once the gradient collapses" })}
            </p>
            <table class="rates">
                <tr><td>{"boundary γ = 2β/(1+β)"}</td><td>{format!("{:.5}", boundary_gamma(beta))}</td></tr>
                <tr><td>{"paper's growth rate |C|/2 per step"}</td><td>{if stable_now { "—".to_string() } else { format!("{:.4}", paper_growth_rate(beta, gamma)) }}</td></tr>
                <tr><td>{"exact discrete rate ln(γ/√β) "}<span class="tag">{"DERIVED"}</span></td><td>{fmt(discrete_growth_rate(beta, gamma))}</td></tr>
                <tr id="measured-growth">
                    <td>{match p.growth {
                        Some((_, a, b)) => format!("measured on this run: steepest growth of ln‖u‖∞ (steps {a}–{b})"),
                        None => "measured on this run: too few steps".to_string(),
                    }}</td>
                    <td>{p.growth.map(|g| fmt(g.0)).unwrap_or_default()}</td>
                </tr>
            </table>
            <p class="note">{"Growth needs gradients that collapse (try the plateau landscape). ε caps it at |m̂|/ε."}</p>
            <figure class="phase-figure">
                <canvas id="phase" ref={canvas} width={side.clone()} height={side}
                    title="Phase diagram of the (β, γ) plane: click to set β and γ of the selected run (drag to sweep)"
                    aria-label={format!("Phase diagram: β = {beta}, γ = {gamma} is {}; click to set β and γ", if stable_now { "stable" } else { "unstable" })}
                    role="img" {onmousedown} {onmousemove} onmouseup={release.clone()} onmouseleave={release} />
                <figcaption class="phase-legend">
                    <span class="key"><i class="patch stable"></i>{"stable (C > 0)"}</span>
                    <span class="key"><i class="patch unstable"></i>{"unstable (C < 0)"}</span>
                    <span class="key"><i class="line"></i>{"C = 0 (paper)"}</span>
                    <span class="key"><i class="line dashed"></i>{"γ = √β (exact, DERIVED)"}</span>
                    <span class="key"><i class="dot" style={format!("--c: {}", color(p.run.id))}></i>{"this run"}</span>
                </figcaption>
                {for level_note}
            </figure>
        </section>
    }
}
