//! Gould & Tanaka's stability readout beside the β/γ sliders.

use crate::optim::Optimizer;
use crate::scene::RunSpec;
use crate::theory::{boundary_gamma, discrete_growth_rate, paper_growth_rate, stability_margin};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: RunSpec,
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

#[component]
pub fn TheoryPanel(p: &Props) -> Html {
    let Some((beta, gamma)) = decays(&p.run) else {
        return html! {
            <section class="panel theory"><h2>{"Stable region"}</h2>
                <p class="muted">{"The stability margin C(β, γ) applies to Adam-like rules (Adam, AdamW, AMSGrad, RMSProp with momentum, k-Adam)."}</p>
            </section>
        };
    };
    let c = stability_margin(beta, gamma);
    let stable = c > 0.0;
    let class = if stable { "good" } else { "bad" };
    html! {
        <section class="panel theory" id="theory">
            <h2>{"Stable region (Gould & Tanaka)"}</h2>
            <p class="formula">{"C(β, γ) = 2(1 − γ)/γ − (1 − β)/β"}</p>
            <p>{format!("β = β2 = {beta}, γ = β1 = {gamma}")}</p>
            <p class={classes!("verdict", class)} id="stability">
                {format!("C = {} → {}", fmt(c), if stable { "stable: ‖u‖∞ stays bounded" } else { "unstable: ‖u‖∞ grows exponentially once the gradient collapses" })}
            </p>
            <table class="rates">
                <tr><td>{"boundary γ = 2β/(1+β)"}</td><td>{format!("{:.5}", boundary_gamma(beta))}</td></tr>
                <tr><td>{"paper's growth rate |C|/2 per step"}</td><td>{if stable { "—".to_string() } else { format!("{:.4}", paper_growth_rate(beta, gamma)) }}</td></tr>
                <tr><td>{"exact discrete rate ln(γ/√β) "}<span class="tag">{"DERIVED"}</span></td><td>{fmt(discrete_growth_rate(beta, gamma))}</td></tr>
            </table>
            <p class="note">{"Growth needs gradients that collapse (try the plateau landscape). ε caps it at |m̂|/ε."}</p>
        </section>
    }
}
