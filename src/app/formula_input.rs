//! A typed landscape's controls: the formula f(x, y) and its view box. Text that does not parse
//! is marked and explained under its box while the map keeps the last formula that parsed;
//! a formula is applied on Enter, when the box loses focus, or after a short pause in typing.

use crate::format;
use crate::landscape::custom::{parse_view, VIEW_FIELDS};
use crate::landscape::typed::{FUNCTIONS, MAX_LEN};
use crate::landscape::{Custom, Landscape, ViewBox};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// How long typing pauses before the formula is applied.
const PAUSE_MS: u32 = 600;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub custom: Custom,
    /// A new landscape for the scene.
    pub on_landscape: Callback<Landscape>,
}

fn bounds(v: ViewBox) -> [String; 4] {
    [v.x[0], v.x[1], v.y[0], v.y[1]].map(format::typed)
}

#[component]
pub fn FormulaControls(p: &Props) -> Html {
    let draft = use_state(|| p.custom.source().to_string());
    let error = use_state(|| None::<String>);
    let boxes = use_state(|| bounds(p.custom.view()));
    let box_error = use_state(|| None::<(usize, String)>);
    let timer = use_mut_ref(|| None::<Timeout>);
    // The scene's formula changed (applied here, or a link or lesson loaded another): show it.
    {
        let (draft, error) = (draft.clone(), error.clone());
        use_effect_with(p.custom.source().to_string(), move |src| {
            draft.set(src.clone());
            error.set(None);
        });
    }
    {
        let (boxes, box_error) = (boxes.clone(), box_error.clone());
        use_effect_with(p.custom.view(), move |v| {
            boxes.set(bounds(*v));
            box_error.set(None);
        });
    }
    let apply = {
        let (current, on_landscape, error, timer) = (
            p.custom.clone(),
            p.on_landscape.clone(),
            error.clone(),
            timer.clone(),
        );
        Callback::from(move |text: String| {
            timer.borrow_mut().take();
            match Custom::parse(&text, current.view()) {
                Ok(c) => {
                    error.set(None);
                    if c != current {
                        on_landscape.emit(Landscape::Formula(c));
                    }
                }
                Err(e) => error.set(Some(crate::text::one_line(&e, 200))),
            }
        })
    };
    let oninput = {
        let (draft, apply, timer) = (draft.clone(), apply.clone(), timer.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            draft.set(text.clone());
            let apply = apply.clone();
            *timer.borrow_mut() = Some(Timeout::new(PAUSE_MS, move || apply.emit(text)));
        })
    };
    // `change` fires on Enter and when the box loses focus.
    let onchange = {
        let apply = apply.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            apply.emit(input.value());
        })
    };
    let view_box = (0..4).map(|i| {
        let (boxes, box_error, current, on_landscape) = (
            boxes.clone(),
            box_error.clone(),
            p.custom.clone(),
            p.on_landscape.clone(),
        );
        let oninput = {
            let boxes = boxes.clone();
            Callback::from(move |e: InputEvent| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                let mut b = (*boxes).clone();
                b[i] = input.value();
                boxes.set(b);
            })
        };
        let invalid = box_error.as_ref().is_some_and(|(at, _)| *at == i);
        let onchange = {
            let boxes = boxes.clone();
            Callback::from(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                let mut b = (*boxes).clone();
                b[i] = input.value();
                let parsed = parse_view([&b[0], &b[1], &b[2], &b[3]])
                    .and_then(|v| current.with_view(v).map_err(|e| (i, e)));
                boxes.set(b);
                match parsed {
                    Ok(c) => {
                        box_error.set(None);
                        if c != current {
                            on_landscape.emit(Landscape::Formula(c));
                        }
                    }
                    Err((at, e)) => box_error.set(Some((at, e))),
                }
            })
        };
        let name = VIEW_FIELDS[i];
        html! {
            <label class="bound"><span class="bound-name">{name}</span>
                <input type="text" inputmode="decimal" class="typed" id={format!("ctl-view-{i}")} value={boxes[i].clone()}
                    {oninput} {onchange} aria-invalid={invalid.to_string()}
                    aria-describedby={invalid.then_some("view-error")} />
            </label>
        }
    });
    let invalid = error.is_some();
    html! {
        <div class="formula-controls">
            <label for="ctl-formula" class="formula-label">{"f(x, y) ="}</label>
            <input type="text" id="ctl-formula" class="formula-input" value={(*draft).clone()} spellcheck="false"
                autocomplete="off" {oninput} {onchange}
                aria-invalid={invalid.to_string()} aria-describedby={invalid.then_some("formula-error")} />
            if let Some(e) = &*error {
                <p class="field-error" id="formula-error" aria-live="polite">
                    {format!("{e}; the map shows the last formula that parsed")}</p>
            }
            <p class="note">{format!("+ - * / ^, x, y, pi, e, {}; log is ln; up to {MAX_LEN} characters. Applied on Enter or after a pause.", FUNCTIONS.join(", "))}</p>
            <fieldset class="view-box">
                <legend>{"view box"}</legend>
                {for view_box}
            </fieldset>
            if let Some((_, e)) = &*box_error {
                <p class="field-error" id="view-error" aria-live="polite">{e.clone()}</p>
            }
        </div>
    }
}
