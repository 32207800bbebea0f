//! Each optimizer's update rule in MathML (rendered natively by the browser), with its paper.

use crate::optim::Optimizer;
use yew::prelude::*;

fn mi(s: &str) -> String {
    format!("<mi>{s}</mi>")
}
fn mo(s: &str) -> String {
    format!("<mo>{s}</mo>")
}
fn mn(s: &str) -> String {
    format!("<mn>{s}</mn>")
}
fn row(parts: &[String]) -> String {
    format!("<mrow>{}</mrow>", parts.concat())
}
fn frac(a: String, b: String) -> String {
    format!("<mfrac>{a}{b}</mfrac>")
}
fn sub(a: &str, b: &str) -> String {
    format!("<msub><mi>{a}</mi><mi>{b}</mi></msub>")
}
fn sup(a: String, b: String) -> String {
    format!("<msup>{a}{b}</msup>")
}
fn sqrt(a: String) -> String {
    format!("<msqrt>{a}</msqrt>")
}
/// a ← b
fn set(a: String, b: Vec<String>) -> String {
    let mut parts = vec![a, mo("←")];
    parts.extend(b);
    row(&parts)
}
fn theta() -> String {
    mi("θ")
}
fn eta() -> String {
    mi("η")
}
fn g() -> String {
    mi("g")
}
fn g2() -> String {
    sup(mi("g"), mn("2"))
}
/// γ m + (1 − γ) x, the shape of every moving average.
fn mix(decay: &str, m: &str, x: String) -> Vec<String> {
    vec![
        mi(decay),
        mi(m),
        mo("+"),
        mo("("),
        mn("1"),
        mo("−"),
        mi(decay),
        mo(")"),
        x,
    ]
}
/// m ← γ m + (1 − γ) x
fn ema(m: &str, decay: &str, x: String) -> String {
    set(mi(m), mix(decay, m, x))
}
fn step(dir: String) -> String {
    set(theta(), vec![theta(), mo("−"), eta(), dir])
}
fn hat(x: &str) -> String {
    format!("<mover><mi>{x}</mi><mo>^</mo></mover>")
}
fn corrected(x: &str, decay: &str) -> String {
    row(&[
        hat(x),
        mo("="),
        frac(mi(x), row(&[mn("1"), mo("−"), sup(mi(decay), mi("t"))])),
    ])
}

/// The update lines of a rule, in the notation of the page (γ momentum, β second moment).
fn lines(o: Optimizer) -> Vec<String> {
    let adam_dir = frac(hat("m"), row(&[sqrt(hat("v")), mo("+"), mi("ε")]));
    match o {
        Optimizer::Sgd => vec![step(g())],
        Optimizer::Momentum => vec![
            set(mi("b"), vec![mi("γ"), mi("b"), mo("+"), g()]),
            step(mi("b")),
        ],
        Optimizer::Nesterov => vec![
            set(mi("b"), vec![mi("γ"), mi("b"), mo("+"), g()]),
            step(row(&[mo("("), g(), mo("+"), mi("γ"), mi("b"), mo(")")])),
        ],
        Optimizer::RmsProp => vec![
            ema("v", "β", g2()),
            step(frac(g(), row(&[sqrt(mi("v")), mo("+"), mi("ε")]))),
        ],
        Optimizer::AdaGrad => vec![
            set(mi("s"), vec![mi("s"), mo("+"), g2()]),
            step(frac(g(), row(&[sqrt(mi("s")), mo("+"), mi("ε")]))),
        ],
        Optimizer::Adamax => vec![
            ema("m", "γ", g()),
            set(
                mi("u"),
                vec![
                    mi("max"),
                    mo("("),
                    mi("β"),
                    mi("u"),
                    mo(","),
                    mo("|"),
                    g(),
                    mo("|"),
                    mo("+"),
                    mi("ε"),
                    mo(")"),
                ],
            ),
            step(frac(
                mi("m"),
                row(&[
                    mo("("),
                    mn("1"),
                    mo("−"),
                    sup(mi("γ"), mi("t")),
                    mo(")"),
                    mi("u"),
                ]),
            )),
        ],
        Optimizer::Adam | Optimizer::AmsGrad | Optimizer::KAdam => {
            let mut l = vec![ema("m", "γ", g()), ema("v", "β", g2())];
            if o == Optimizer::AmsGrad {
                l.push(set(
                    sub("v", "max"),
                    vec![
                        mi("max"),
                        mo("("),
                        sub("v", "max"),
                        mo(","),
                        mi("v"),
                        mo(")"),
                    ],
                ));
            }
            l.push(row(&[
                corrected("m", "γ"),
                mo(","),
                corrected(if o == Optimizer::AmsGrad { "v" } else { "v" }, "β"),
            ]));
            if o == Optimizer::KAdam {
                l.push(row(&[
                    mi("u"),
                    mo("="),
                    adam_dir,
                    mo(";"),
                    mtext("repeat with u as the gradient, k times"),
                ]));
                l.push(set(
                    theta(),
                    vec![
                        theta(),
                        mo("−"),
                        eta(),
                        mo("("),
                        sup(mi("u"), row(&[mo("("), mi("k"), mo(")")])),
                        mo("+"),
                        mi("λ"),
                        theta(),
                        mo(")"),
                    ],
                ));
            } else {
                l.push(step(adam_dir));
            }
            l
        }
        Optimizer::AdamW => vec![
            set(
                theta(),
                vec![theta(), mo("("), mn("1"), mo("−"), eta(), mi("λ"), mo(")")],
            ),
            mtext_row("then Adam's step"),
            step(adam_dir),
        ],
        Optimizer::Adopt => vec![
            mtext_row("first call: v ← g², no move"),
            ema(
                "m",
                "γ",
                row(&[
                    mi("clip"),
                    mo("("),
                    frac(
                        g(),
                        row(&[mi("max"), mo("("), sqrt(mi("v")), mo(","), mi("ε"), mo(")")]),
                    ),
                    mo(","),
                    sup(mi("t"), mn("¼")),
                    mo(")"),
                ]),
            ),
            step(mi("m")),
            ema("v", "β", g2()),
        ],
        Optimizer::SignGd => vec![step(row(&[mi("sign"), mo("("), g(), mo(")")]))],
        Optimizer::Signum => vec![
            ema("m", "γ", g()),
            step(row(&[mi("sign"), mo("("), mi("m"), mo(")")])),
        ],
        Optimizer::Lion => vec![
            row(&[[mi("c"), mo("=")].as_slice(), &mix("γ", "m", g())].concat()),
            set(
                theta(),
                vec![
                    theta(),
                    mo("("),
                    mn("1"),
                    mo("−"),
                    eta(),
                    mi("λ"),
                    mo(")"),
                    mo("−"),
                    eta(),
                    mi("sign"),
                    mo("("),
                    mi("c"),
                    mo(")"),
                ],
            ),
            ema("m", "β", g()),
        ],
    }
}

fn mtext(s: &str) -> String {
    format!("<mtext>{s}</mtext>")
}
fn mtext_row(s: &str) -> String {
    row(&[mtext(s)])
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

/// The MathML of a rule, one line per row.
pub fn mathml(o: Optimizer) -> String {
    let rows: String = lines(o)
        .into_iter()
        .map(|l| format!("<mtr><mtd>{l}</mtd></mtr>"))
        .collect();
    format!("<math display=\"block\"><mtable columnalign=\"left\">{rows}</mtable></math>")
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub optimizer: Optimizer,
    pub eps_inside: bool,
}

#[component]
pub fn Equations(p: &Props) -> Html {
    let (title, url) = reference(p.optimizer);
    let note = match p.optimizer {
        Optimizer::KAdam => "Per-level decays (γᵢ, βᵢ), a shared ε and bias correction at every level are RECONSTRUCTED from the paper's description.",
        Optimizer::Adopt => "Clip at t^¼ as the official code (switchable); the ablations are DERIVED from the paper's figure.",
        _ if p.eps_inside => "ε inside the root: m̂ / √(v̂ + ε), as Cattaneo, Klusowski & Shigida (ICML 2024).",
        _ => "",
    };
    html! {
        <section class="panel equations" id="equations">
            {Html::from_html_unchecked(AttrValue::from(mathml(p.optimizer)))}
            <p class="muted">{"γ: momentum (PyTorch β1) · β: 2nd moment (PyTorch β2) · "}<a href={url} target="_blank" rel="noopener">{title}</a></p>
            if !note.is_empty() { <p class="note">{note}</p> }
        </section>
    }
}
