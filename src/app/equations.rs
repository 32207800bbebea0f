//! Each optimizer's update rule in MathML (rendered natively by the browser), with its paper.
//! The rule itself comes from the core ([`Optimizer::equation`]), so it follows the run's
//! switches and what the page shows is what the code runs.

use crate::optim::describe::Math;
use crate::optim::{Hyper, Optimizer};
use yew::prelude::*;

/// Text safe inside a MathML element.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One node of the core's formula tree as MathML.
pub fn to_mathml(m: &Math) -> String {
    let two =
        |tag: &str, a: &Math, b: &Math| format!("<{tag}>{}{}</{tag}>", to_mathml(a), to_mathml(b));
    match m {
        Math::Id(s) => format!("<mi>{}</mi>", escape(s)),
        Math::Num(s) => format!("<mn>{}</mn>", escape(s)),
        Math::Op(s) => format!("<mo>{}</mo>", escape(s)),
        Math::Text(s) => format!("<mtext>{}</mtext>", escape(s)),
        Math::Row(v) => format!(
            "<mrow>{}</mrow>",
            v.iter().map(to_mathml).collect::<String>()
        ),
        Math::Frac(a, b) => two("mfrac", a, b),
        Math::Sqrt(a) => format!("<msqrt>{}</msqrt>", to_mathml(a)),
        Math::Sub(a, b) => two("msub", a, b),
        Math::Sup(a, b) => two("msup", a, b),
        Math::SubSup(a, b, c) => format!(
            "<msubsup>{}{}{}</msubsup>",
            to_mathml(a),
            to_mathml(b),
            to_mathml(c)
        ),
        Math::Hat(a) => format!("<mover accent=\"true\">{}<mo>^</mo></mover>", to_mathml(a)),
    }
}

/// The paper (or reference) behind each rule.
pub fn reference(o: Optimizer) -> (&'static str, &'static str) {
    match o {
        Optimizer::Sgd => (
            "torch.optim.SGD",
            "https://pytorch.org/docs/stable/generated/torch.optim.SGD.html",
        ),
        Optimizer::Momentum | Optimizer::Nesterov => (
            "Sutskever et al., ICML 2013",
            "https://proceedings.mlr.press/v28/sutskever13.html",
        ),
        Optimizer::RmsProp => (
            "Tieleman & Hinton, Lecture 6.5",
            "https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf",
        ),
        Optimizer::AdaGrad => (
            "Duchi, Hazan & Singer, JMLR 2011",
            "https://jmlr.org/papers/v12/duchi11a.html",
        ),
        Optimizer::Adam | Optimizer::Adamax => {
            ("Kingma & Ba, ICLR 2015", "https://arxiv.org/abs/1412.6980")
        }
        Optimizer::AdamW => (
            "Loshchilov & Hutter, ICLR 2019",
            "https://arxiv.org/abs/1711.05101",
        ),
        Optimizer::AmsGrad => (
            "Reddi, Kale & Kumar, ICLR 2018",
            "https://openreview.net/forum?id=ryQu7f-RZ",
        ),
        Optimizer::Adopt => (
            "Taniguchi et al., NeurIPS 2024",
            "https://arxiv.org/abs/2411.02853",
        ),
        Optimizer::KAdam => ("Gould & Tanaka, 2024", "https://arxiv.org/abs/2411.05746"),
        Optimizer::SignGd | Optimizer::Signum => (
            "Bernstein et al., ICML 2018",
            "https://arxiv.org/abs/1802.04434",
        ),
        Optimizer::Lion => (
            "Chen et al., NeurIPS 2023",
            "https://arxiv.org/abs/2302.06675",
        ),
    }
}

/// The MathML of a rule under these hyperparameters, one line per row.
pub fn mathml(o: Optimizer, h: &Hyper) -> String {
    let rows: String = o
        .equation(h)
        .lines
        .iter()
        .map(|l| format!("<mtr><mtd>{}</mtd></mtr>", to_mathml(l)))
        .collect();
    format!("<math display=\"block\"><mtable columnalign=\"left\">{rows}</mtable></math>")
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
    let notes = o.equation(&p.hyper).notes;
    // The decays are what change meaning from rule to rule.
    let symbols: Vec<String> = spec
        .params
        .iter()
        .filter(|q| matches!(q.key, "beta1" | "beta2"))
        .filter_map(|q| o.param_label(q.key))
        .map(|l| l.text())
        .collect();
    html! {
        <section class="panel equations" id="equations">
            {Html::from_html_unchecked(AttrValue::from(mathml(o, &p.hyper)))}
            <p class="muted">
                if !symbols.is_empty() { <>{symbols.join(" · ")}{" · "}</> }
                {"follows "}{spec.reference}{" · "}
                <a href={url} target="_blank" rel="noopener">{title}</a>
            </p>
            {for notes.into_iter().map(|n| html! { <p class="note">{n}</p> })}
        </section>
    }
}
