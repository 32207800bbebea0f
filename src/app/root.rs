//! The page.

use super::landscape_view::{LandscapeView, SIZE};
use crate::landscape::Landscape;
use crate::optim::Optimizer;
use crate::render::Viewport;
use crate::sim::{run, RunConfig};
use yew::prelude::*;

#[component]
pub fn Root() -> Html {
    let error = use_state(|| None::<String>);
    let landscape = Landscape::Rosenbrock;
    let viewport = Viewport {
        view: landscape.info().view,
        width: SIZE,
        height: SIZE,
    };
    let trajectories = use_memo(landscape, |l| {
        let mut cfg = RunConfig::new(Optimizer::Adam, *l, 500);
        cfg.hyper.lr = 0.05;
        vec![(run(&cfg), "#ffb000")]
    });
    let on_error = {
        let error = error.clone();
        Callback::from(move |e: String| error.set(Some(e)))
    };
    html! {
        <div class="app">
            <header class="header">
                <h1>{"optiscape"}</h1>
                <span class="sub">{"Adam (γ = β1 = 0.9, β = β2 = 0.999, η = 0.05) on Rosenbrock"}</span>
            </header>
            <LandscapeView {landscape} {viewport} log_scale={true} trajectories={(*trajectories).clone()} {on_error} />
            if let Some(e) = &*error { <p class="message">{e}</p> }
        </div>
    }
}
