//! Controls for the selected run, the landscape and the gradient noise. Every value has a
//! slider and a box to type in; what the core refuses comes back as a message in the page.

use super::data_controls::DataControls;
use super::events::{on_choice, sender};
use super::formula_input::FormulaControls;
use super::legend::{display_name, run_name};
use super::state::Msg;
use crate::format;
use crate::landscape::custom::EXAMPLE;
use crate::landscape::data::{DataSpec, Model};
use crate::landscape::{Custom, Data, Formula, Landscape};
use crate::noise::{Noise, BATCH_RANGE};
use crate::optim::spec::{Key, Param};
use crate::optim::{AdoptVariant, Optimizer};
use crate::render::scale::Scale;
use crate::render::scale::SLIDER_STEPS;
use crate::scene::{Action, RunSpec};
use yew::prelude::*;

/// A slider with its typed twin. `on_value` gets the number; text that is not one is reported.
#[derive(Properties, PartialEq)]
pub struct NumberProps {
    pub id: AttrValue,
    /// The symbol (bold) and the name, as the page writes them: the control's accessible
    /// name and what its messages call it.
    #[prop_or_default]
    pub symbol: AttrValue,
    pub name: AttrValue,
    pub value: f64,
    pub scale: Scale,
    #[prop_or(false)]
    pub integer: bool,
    /// The last value sent for it was refused.
    #[prop_or(false)]
    pub invalid: bool,
    pub on_value: Callback<f64>,
    pub on_error: Callback<String>,
}

/// "γ: momentum, …": how a control is named to a screen reader and in its messages.
fn spoken(symbol: &str, name: &str) -> String {
    if symbol.is_empty() {
        name.to_string()
    } else {
        format!("{symbol}: {name}")
    }
}

#[component]
pub fn NumberControl(p: &NumberProps) -> Html {
    let spoken = spoken(&p.symbol, &p.name);
    let slide = {
        let (scale, integer, on_value) = (p.scale, p.integer, p.on_value.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let pos = input.value().parse::<f64>().unwrap_or(0.0);
            on_value.emit(scale.at_step(pos, integer));
        })
    };
    let typed = {
        let (on_value, on_error, label, integer, current) = (
            p.on_value.clone(),
            p.on_error.clone(),
            spoken.clone(),
            p.integer,
            p.value,
        );
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let raw = crate::text::quote(&input.value());
            let parsed = input.value().trim().parse::<f64>();
            // The box shows the value in force: an accepted one re-renders it, a refused one
            // leaves it (the message quotes what was typed).
            input.set_value(&format::typed(current));
            match parsed {
                // A count is refused, not truncated or saturated, when it is not whole.
                Ok(v) if integer && (v.fract() != 0.0 || !(0.0..=1e9).contains(&v)) => {
                    on_error.emit(format!("{label}: {raw} is not a whole number"))
                }
                // The value in force already: nothing to send (a late change event from a box
                // whose control has since gone must not bring its landscape back).
                Ok(v) if v == current => {}
                Ok(v) if v.is_finite() => on_value.emit(v),
                _ => on_error.emit(format!("{label}: {raw} is not a number")),
            }
        })
    };
    let pos = p.scale.step_of(p.value);
    let shown = format::typed(p.value);
    html! {
        <div class={classes!("control", p.invalid.then_some("invalid"))}>
            <label for={p.id.clone()}>
                if !p.symbol.is_empty() { <b>{p.symbol.clone()}</b>{": "} }
                {p.name.clone()}
            </label>
            // A screen reader says the value, not the slider's position out of 1000.
            <input type="range" id={p.id.clone()} min="0" max={SLIDER_STEPS.to_string()} value={pos.to_string()} oninput={slide}
                aria-valuetext={shown.clone()} />
            <input type="text" inputmode="decimal" class="typed" value={shown} onchange={typed} data-control={p.id.clone()}
                aria-label={format!("{spoken}, exact value")} aria-invalid={p.invalid.to_string()} />
        </div>
    }
}

/// The menu's step counts, with the scene's own (from a lesson or a link) among them.
fn step_choices(current: usize) -> Vec<usize> {
    let mut n = vec![200, 500, 1000, 2000, 5000, 10000];
    if !n.contains(&current) {
        n.push(current);
        n.sort_unstable();
    }
    n
}

/// "six-hump-camel" → "Six hump camel", for menus.
fn title(name: &str) -> String {
    let words = name.replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The symbol and name of a hyperparameter, as this rule uses it (Lion's β2 is a momentum
/// decay, RMSProp's β is torch's alpha, …).
fn param_label(o: Optimizer, p: &Param) -> (&'static str, &'static str) {
    match o.param_label(p.key) {
        Some(l) => (l.symbol, l.name),
        None => ("", p.label),
    }
}

#[derive(Properties, PartialEq)]
pub struct RunProps {
    pub run: RunSpec,
    pub dispatch: Callback<Msg>,
    pub on_error: Callback<String>,
    /// The hyperparameter of this run whose last value was refused.
    #[prop_or_default]
    pub invalid: Option<Key>,
}

/// The selected run's optimizer and hyperparameters.
#[component]
pub fn RunControls(p: &RunProps) -> Html {
    let r = &p.run;
    let id = r.id;
    let send = sender(&p.dispatch);
    let spec = r.optimizer.spec();
    let params = spec.params.iter().map(|param| {
        let key = param.key;
        let (send, on_error) = (send.clone(), p.on_error.clone());
        let (symbol, name) = param_label(r.optimizer, param);
        let label = spoken(symbol, name);
        // Out of range: the refused action marks the box, and the message then names the
        // control as the page labels it, not the command line's flag.
        let on_value = Callback::from(move |value| {
            send(Action::SetParam { run: id, key, value });
            if let Err(e) = key.param().check(value) {
                on_error.emit(e.labelled(&label));
            }
        });
        html! {
            <NumberControl id={format!("ctl-{key}")} {symbol} {name} value={param.get(&r.hyper)}
                scale={Scale::of_param(key)} integer={key == Key::K} invalid={p.invalid == Some(key)} on_error={p.on_error.clone()}
                {on_value} />
        }
    });
    let flags = spec.flags.iter().map(|f| {
        let (key, on, send) = (f.key, f.get(&r.hyper), send.clone());
        html! {
            <label class="flag">
                <input type="checkbox" id={format!("ctl-{key}")} checked={on}
                    onchange={Callback::from(move |_| send(Action::SetFlag { run: id, key, on: !on }))} />
                {f.label}
            </label>
        }
    });
    let choose = {
        let send = send.clone();
        on_choice(move |v| {
            if let Some(optimizer) = Optimizer::from_name(&v) {
                send(Action::SetOptimizer { run: id, optimizer });
            }
        })
    };
    let variant = (r.optimizer == Optimizer::Adopt).then(|| {
        let send = send.clone();
        let current = r.hyper.variant;
        html! {
            <label class="row">{"variant "}
                <select onchange={on_choice(move |v| {
                    if let Some(variant) = AdoptVariant::from_name(&v) {
                        send(Action::SetVariant { run: id, variant });
                    }
                })}>
                    {for AdoptVariant::ALL.iter().map(|v| html! {
                        <option value={v.name()} selected={*v == current}>{v.name()}{if *v == AdoptVariant::Full { "" } else { " (ablation, DERIVED)" }}</option>
                    })}
                </select>
            </label>
        }
    });
    let levels =
        (r.optimizer == Optimizer::KAdam && r.hyper.k > 1).then(|| kadam_presets(r, send.clone()));
    html! {
        <section class="panel run-controls">
            <h2>{format!("Run: {}", run_name(r))}</h2>
            <label class="row">{"optimizer "}
                <select id="ctl-optimizer" onchange={choose}>
                    {for Optimizer::ALL.iter().map(|o| html! { <option value={o.name()} selected={*o == r.optimizer}>{display_name(*o)}</option> })}
                </select>
            </label>
            {for params}
            {for flags}
            {variant}
            {levels}
            if !spec.note.is_empty() { <p class="note">{spec.note}</p> }
        </section>
    }
}

/// k-Adam's upper levels: tied to level 1 (they follow it, and the diagram and the map move
/// them all), or γᵢ = 0 (the normalisation-layer analogue).
fn kadam_presets(r: &RunSpec, send: impl Fn(Action) + Clone + 'static) -> Html {
    let id = r.id;
    let k = r.hyper.k;
    let shown = if r.hyper.tied() {
        format!("levels 2–{k} follow level 1 (all levels equal)")
    } else {
        (2..=k)
            .map(|i| {
                let [g, b] = r.hyper.level(i);
                format!("level {i}: γ={g} β={b}")
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let tie = {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| send(Action::TieLevels(id)))
    };
    let zero = Callback::from(move |_: MouseEvent| send(Action::ZeroUpperMomentum(id)));
    html! {
        <div class="levels">
            <span class="muted">{shown}</span>
            <div class="row">
                <button id="levels-tie" onclick={tie}>{"all levels = level 1"}</button>
                <button id="levels-zero" onclick={zero}>{"γ₂…γₖ = 0"}</button>
            </div>
        </div>
    }
}

/// Only what the landscape panel shows, so a run's slider does not re-render it.
#[derive(Properties, PartialEq)]
pub struct LandscapeProps {
    pub landscape: Landscape,
    pub log_scale: bool,
    pub link: bool,
    pub steps: usize,
    pub dispatch: Callback<Msg>,
    pub on_error: Callback<String>,
}

/// The landscape, its parameters, the view, the number of steps and the link switch.
#[component]
pub fn LandscapeControls(p: &LandscapeProps) -> Html {
    let s = p;
    let send = sender(&p.dispatch);
    // The last typed formula, so that choosing "Custom" again brings it back.
    let last_custom = use_mut_ref(|| None::<Custom>);
    if let Some(c) = s.landscape.custom() {
        *last_custom.borrow_mut() = Some(c.clone());
    }
    let choose = {
        let send = send.clone();
        on_choice(move |v| {
            let custom = || {
                let last = last_custom.borrow().clone();
                last.or_else(|| Custom::parse(EXAMPLE, Formula::DEFAULT_VIEW).ok())
                    .map(Landscape::Formula)
            };
            let data = |model, spread| {
                let spec = DataSpec {
                    model,
                    spread,
                    ..DataSpec::default()
                };
                Data::try_from(spec).ok().map(Landscape::Data)
            };
            let chosen = match v.as_str() {
                "formula" => custom(),
                "data-logistic" => data(Model::Logistic, 2.0),
                "data-linear" => data(Model::Linear, 0.9),
                _ => Landscape::from_name(&v),
            };
            if let Some(l) = chosen {
                send(Action::ChooseLandscape(l));
            }
        })
    };
    let custom = s.landscape.custom().map(|c| {
        let send = send.clone();
        html! {
            <FormulaControls custom={c.clone()} on_landscape={Callback::from(move |l| send(Action::SetLandscape(l)))} />
        }
    });
    let data = s.landscape.data().map(|d| {
        let send = send.clone();
        html! {
            <DataControls data={d.clone()} on_error={p.on_error.clone()}
                on_landscape={Callback::from(move |l| send(Action::SetLandscape(l)))} />
        }
    });
    let model = s.landscape.data().map(|d| d.spec().model);
    let quad = if let Landscape::Quadratic { condition, angle } = s.landscape {
        let (s1, s2) = (send.clone(), send.clone());
        html! { <>
            <NumberControl id="ctl-condition" symbol="κ" name="condition number" value={condition}
                scale={Scale::Log(0.0, 4.0)} on_error={p.on_error.clone()}
                on_value={Callback::from(move |c| s1(Action::SetLandscape(Landscape::Quadratic { condition: c, angle })))} />
            <NumberControl id="ctl-angle" symbol="φ" name="rotation (degrees)" value={angle}
                scale={Scale::Linear(-180.0, 180.0)} on_error={p.on_error.clone()}
                on_value={Callback::from(move |a| s2(Action::SetLandscape(Landscape::Quadratic { condition, angle: a })))} />
        </> }
    } else {
        html! {}
    };
    let info = s.landscape.info();
    let (log, link) = (s.log_scale, s.link);
    let (s1, s2, s3) = (send.clone(), send.clone(), send.clone());
    let steps = {
        let send = send.clone();
        on_choice(move |v| {
            if let Ok(n) = v.parse() {
                send(Action::SetSteps(n));
            }
        })
    };
    html! {
        <section class="panel scene-controls">
            <h2>{"Landscape"}</h2>
            <label class="row">
                <select id="ctl-landscape" onchange={choose} aria-label="Landscape">
                    {for Landscape::ALL.iter().map(|l| html! { <option value={l.name()} selected={l.name() == s.landscape.name()}>{title(l.name())}</option> })}
                    <option value="formula" selected={s.landscape.custom().is_some()}>{"Custom f(x, y)"}</option>
                    <option value="data-logistic" selected={model == Some(Model::Logistic)}>{"Data: logistic regression (2 weights)"}</option>
                    <option value="data-linear" selected={model == Some(Model::Linear)}>{"Data: linear regression (2 weights)"}</option>
                </select>
            </label>
            if let Some(custom) = custom { {custom} } else { <p class="formula">{"f = "}{info.formula.to_string()}</p> }
            if !info.minima_note.is_empty() { <p class="note" id="minima-note">{info.minima_note}</p> }
            if let Some(steps) = info.steps { <p class="note" id="steps-note">{steps.note()}</p> }
            if !info.hard.is_empty() { <p class="note" id="hard-note">{info.hard}</p> }
            {quad}
            {for data}
            <label class="flag"><input type="checkbox" checked={log} onchange={Callback::from(move |_| s1(Action::SetLogScale(!log)))} />{"log-scaled colours"}</label>
            <label class="flag"><input type="checkbox" id="ctl-link" checked={link} onchange={Callback::from(move |_| s2(Action::SetLink(!link)))} />
                {"link: η, γ (β1) and β (β2) apply to all runs"}</label>
            <div class="row">
                <button onclick={Callback::from(move |_| s3(Action::ResetView))}>{"Reset view"}</button>
                <label>{"steps "}
                    <select id="ctl-steps" onchange={steps}>
                        {for step_choices(s.steps).into_iter().map(|n| html! { <option value={n.to_string()} selected={n == s.steps}>{n}</option> })}
                    </select>
                </label>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct NoiseProps {
    pub noise: Noise,
    /// The size of the landscape's dataset, when it is one: minibatches are offered then.
    #[prop_or_default]
    pub data_n: Option<usize>,
    pub seed: u64,
    pub dispatch: Callback<Msg>,
    pub on_error: Callback<String>,
}

/// The gradient-noise model, its scale and its seed.
#[component]
pub fn NoiseControls(p: &NoiseProps) -> Html {
    let s = p;
    let send = sender(&p.dispatch);
    let noise = s.noise;
    let (sigma, dof, k) = match noise {
        Noise::Gaussian { sigma } => (sigma, 3, 10.0),
        Noise::StudentT { sigma, dof } => (sigma, dof, 10.0),
        Noise::TwoPoint { k } => (0.1, 3, k),
        Noise::None | Noise::Minibatch { .. } => (0.1, 3, 10.0),
    };
    let choose = {
        let send = send.clone();
        on_choice(move |v| {
            if let Some(n) = Noise::from_parts(&v, sigma, dof, k) {
                send(Action::SetNoise(n));
            }
        })
    };
    // One parameter changed, the others kept: (value, σ, ν, k) -> (σ, ν, k).
    let with = |f: fn(f64, f64, u32, f64) -> (f64, u32, f64)| {
        let send = send.clone();
        let name = noise.name();
        Callback::from(move |v: f64| {
            let (sigma, dof, k) = f(v, sigma, dof, k);
            if let Some(n) = Noise::from_parts(name, sigma, dof, k) {
                send(Action::SetNoise(n));
            }
        })
    };
    let seed = {
        let (send, on_error) = (send.clone(), p.on_error.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            match input.value().trim().parse::<u64>() {
                Ok(v) => send(Action::SetSeed(v)),
                Err(_) => on_error.emit(format!("seed: '{}' is not a whole number", input.value())),
            }
        })
    };
    html! {
        <section class="panel noise-controls">
            <h2>{"Gradient noise"}</h2>
            <label class="row">
                <select id="ctl-noise" onchange={choose} aria-label="Gradient noise">
                    {for Noise::NAMES.iter().filter(|n| **n != "minibatch" || p.data_n.is_some()).map(|n| html! { <option value={*n} selected={*n == noise.name()}>{*n}</option> })}
                </select>
            </label>
            if matches!(noise, Noise::Gaussian { .. } | Noise::StudentT { .. }) {
                <NumberControl id="ctl-sigma" symbol="σ" name="noise scale" value={sigma} scale={Scale::Log(-3.0, 2.0)}
                    on_error={p.on_error.clone()} on_value={with(|v, _, d, k| (v, d, k))} />
            }
            if matches!(noise, Noise::StudentT { .. }) {
                <NumberControl id="ctl-dof" symbol="ν" name="degrees of freedom" value={dof as f64} integer=true
                    scale={Scale::Linear(1.0, 30.0)} on_error={p.on_error.clone()}
                    on_value={with(|v, s, _, k| (s, v as u32, k))} />
            }
            if matches!(noise, Noise::TwoPoint { .. }) {
                <NumberControl id="ctl-noise-k" symbol="k" name="noise spike (×k² w.p. 1/k, else ×−k)" value={k}
                    scale={Scale::Log(0.0, 2.0)} on_error={p.on_error.clone()} on_value={with(|v, s, d, _| (s, d, v))} />
            }
            if let Noise::Minibatch { batch } = noise {
                <NumberControl id="ctl-batch" symbol="b" name="batch size (points per step)" value={batch as f64} integer=true
                    scale={Scale::Log(0.0, (p.data_n.unwrap_or(BATCH_RANGE[1]) as f64).log10())} on_error={p.on_error.clone()}
                    on_value={{ let send = send.clone(); Callback::from(move |v: f64| send(Action::SetNoise(Noise::Minibatch { batch: (v as usize).max(1) }))) }} />
                <p class="note" id="batch-note">{format!("Each step's gradient is the mean over {batch} points drawn afresh with the seed; {} points in all: a batch of all of them is the full-batch gradient.", p.data_n.unwrap_or(0))}</p>
            }
            if !matches!(noise, Noise::None) {
                <label class="row">{"seed "}<input type="text" inputmode="numeric" class="typed" value={s.seed.to_string()} onchange={seed} /></label>
            }
        </section>
    }
}
