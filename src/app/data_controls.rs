//! A landscape from data: its dataset's size, spread and seed.

use super::controls::NumberControl;
use crate::landscape::data::{DataSpec, Model, CORRELATION_RANGE, N_RANGE, SEPARATION_RANGE};
use crate::landscape::{Data, Landscape};
use crate::render::scale::Scale;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Data,
    pub on_landscape: Callback<Landscape>,
    pub on_error: Callback<String>,
}

/// Sends the data made from `spec`, or why it cannot be made.
fn sender(p: &Props) -> impl Fn(DataSpec) + Clone + 'static {
    let (on_landscape, on_error) = (p.on_landscape.clone(), p.on_error.clone());
    move |spec: DataSpec| match Data::try_from(spec) {
        Ok(d) => on_landscape.emit(Landscape::Data(d)),
        Err(e) => on_error.emit(e),
    }
}

#[component]
pub fn DataControls(p: &Props) -> Html {
    let spec = p.data.spec();
    let send = sender(p);
    let with = |f: fn(&mut DataSpec, f64)| {
        let send = send.clone();
        Callback::from(move |v: f64| {
            let mut s = spec;
            f(&mut s, v);
            send(s);
        })
    };
    let (spread_name, [lo, hi]) = match spec.model {
        Model::Logistic => ("separation of the blobs (sd)", SEPARATION_RANGE),
        Model::Linear => ("correlation of the features", CORRELATION_RANGE),
    };
    let seed = {
        let (send, on_error) = (send.clone(), p.on_error.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            match input.value().trim().parse::<u64>() {
                Ok(seed) => send(DataSpec { seed, ..spec }),
                Err(_) => on_error.emit(format!(
                    "data seed: '{}' is not a whole number",
                    input.value()
                )),
            }
        })
    };
    html! {
        <div class="data-controls" id="data-controls">
            <NumberControl id="ctl-data-n" symbol="n" name="points in the data set" value={spec.n as f64} integer=true
                scale={Scale::Log((N_RANGE[0] as f64).log10(), (N_RANGE[1] as f64).log10())} on_error={p.on_error.clone()}
                on_value={with(|s, v| s.n = v as usize)} />
            <NumberControl id="ctl-data-spread" name={spread_name} value={spec.spread}
                scale={Scale::Linear(lo, hi)} on_error={p.on_error.clone()} on_value={with(|s, v| s.spread = v)} />
            <label class="row">{"data seed "}<input type="text" inputmode="numeric" class="typed" id="ctl-data-seed"
                aria-label="data seed" value={spec.seed.to_string()} onchange={seed} /></label>
        </div>
    }
}
