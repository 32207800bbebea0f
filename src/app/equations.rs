//! Each optimizer's update rule in MathML (rendered natively by the browser), with its paper.
//! The formula is built as elements, never as markup, so the page's policy can forbid innerHTML.
//! The rule itself comes from the core ([`Optimizer::equation`]), so it follows the run's
//! switches and what the page shows is what the code runs.

use crate::optim::describe::Math;
use crate::optim::spec::Key;
use crate::optim::{Hyper, Optimizer};
use yew::prelude::*;

/// One node of the core's formula tree as MathML elements. Yew creates `<math>` and all
/// below it in the MathML namespace, so the browser lays them out as formulas.
fn node(m: &Math) -> Html {
    let el = |tag: &'static str, children: Html| html! { <@{tag}>{children}</@> };
    let text = |tag: &'static str, s: &str| el(tag, html! { {s.to_string()} });
    let two = |tag: &'static str, a: &Math, b: &Math| el(tag, html! { <>{node(a)}{node(b)}</> });
    match m {
        Math::Id(s) => text("mi", s),
        Math::Num(s) => text("mn", s),
        Math::Op(s) => text("mo", s),
        Math::Text(s) => text("mtext", s),
        Math::Row(v) => el("mrow", v.iter().map(node).collect()),
        Math::Frac(a, b) => two("mfrac", a, b),
        Math::Sqrt(a) => el("msqrt", node(a)),
        Math::Sub(a, b) => two("msub", a, b),
        Math::Sup(a, b) => two("msup", a, b),
        Math::SubSup(a, b, c) => el("msubsup", html! { <>{node(a)}{node(b)}{node(c)}</> }),
        Math::Hat(a) => html! { <mover accent="true">{node(a)}<mo>{"^"}</mo></mover> },
    }
}

/// The paper (or reference) behind each rule.
pub fn reference(o: Optimizer) -> (&'static str, &'static str) {
    let paper = o.rule().paper;
    (paper.title, paper.url)
}

/// A rule's lines as one MathML table, one line per row.
fn math(lines: &[Math]) -> Html {
    html! {
        <math display="block">
            <mtable columnalign="left">
                {for lines.iter().map(|l| html! { <mtr><mtd>{node(l)}</mtd></mtr> })}
            </mtable>
        </math>
    }
}

/// The whole hyperparameters are props, so any switch re-renders the rule, not only a new
/// optimizer.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub optimizer: Optimizer,
    pub hyper: Hyper,
}

#[component]
pub fn Equations(p: &Props) -> Html {
    let o = p.optimizer;
    let (title, url) = reference(o);
    let spec = o.spec();
    let equation = o.equation(&p.hyper);
    // The decays are what change meaning from rule to rule.
    let symbols: Vec<String> = spec
        .params
        .iter()
        .filter(|q| matches!(q.key, Key::Beta1 | Key::Beta2))
        .filter_map(|q| o.param_label(q.key))
        .map(|l| l.text())
        .collect();
    html! {
        <section class="panel equations" id="equations">
            {math(&equation.lines)}
            <p class="muted">
                if !symbols.is_empty() { <>{symbols.join(" · ")}{" · "}</> }
                {"follows "}{spec.reference}{" · "}
                <a href={url} target="_blank" rel="noopener">{title}</a>
            </p>
            {for equation.notes.into_iter().map(|n| html! { <p class="note">{n}</p> })}
        </section>
    }
}
