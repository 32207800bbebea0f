//! Formulas as small trees, and the pieces every rule's equation is built from.

/// A formula as a tree; the app turns it into MathML.
#[derive(Clone, Debug, PartialEq)]
pub enum Math {
    /// An identifier: θ, m, max, sign.
    Id(String),
    Num(String),
    Op(String),
    /// Words inside a formula.
    Text(String),
    Row(Vec<Math>),
    Frac(Box<Math>, Box<Math>),
    Sqrt(Box<Math>),
    Sub(Box<Math>, Box<Math>),
    Sup(Box<Math>, Box<Math>),
    SubSup(Box<Math>, Box<Math>, Box<Math>),
    Hat(Box<Math>),
}

impl Math {
    /// A linear reading: fractions as (a)/(b), roots as √(a), x̂ as hat(x), x_a, x^a.
    pub fn text(&self) -> String {
        match self {
            Math::Id(s) | Math::Num(s) | Math::Op(s) => s.clone(),
            Math::Text(s) => format!(" {s} "),
            Math::Row(v) => v.iter().map(Math::text).collect(),
            Math::Frac(a, b) => format!("({})/({})", a.text(), b.text()),
            Math::Sqrt(a) => format!("√({})", a.text()),
            Math::Sub(a, b) => format!("{}_{}", a.text(), b.text()),
            Math::Sup(a, b) => format!("{}^{}", a.text(), b.text()),
            Math::SubSup(a, b, c) => format!("{}_{}^{}", a.text(), b.text(), c.text()),
            Math::Hat(a) => format!("hat({})", a.text()),
        }
    }

    /// Whether this node or any node below it satisfies `f`.
    pub fn any(&self, f: &dyn Fn(&Math) -> bool) -> bool {
        f(self)
            || match self {
                Math::Row(v) => v.iter().any(|m| m.any(f)),
                Math::Frac(a, b) | Math::Sub(a, b) | Math::Sup(a, b) => a.any(f) || b.any(f),
                Math::SubSup(a, b, c) => a.any(f) || b.any(f) || c.any(f),
                Math::Sqrt(a) | Math::Hat(a) => a.any(f),
                _ => false,
            }
    }
}

/// g ← g + λθ
pub(crate) fn l2() -> Math {
    set(g(), vec![g(), op("+"), id("λ"), id("θ")])
}

/// θ ← θ(1 − ηλ)
pub(crate) fn decoupled() -> Math {
    set(
        id("θ"),
        [
            vec![id("θ")],
            paren(vec![num("1"), op("−"), id("η"), id("λ")]),
        ]
        .concat(),
    )
}

/// decay·m + (1 − decay)·x
pub(crate) fn mix(decay: Math, m: Math, x: Math) -> Vec<Math> {
    [
        vec![decay.clone(), m, op("+")],
        paren(vec![num("1"), op("−"), decay]),
        vec![x],
    ]
    .concat()
}

/// m ← decay·m + (1 − decay)·x
pub(crate) fn ema(m: Math, decay: Math, x: Math) -> Math {
    set(m.clone(), mix(decay, m, x))
}

/// θ ← θ − η·dir, the line that moves.
pub(crate) fn theta_step(dir: Vec<Math>) -> Math {
    set(id("θ"), [vec![id("θ"), op("−"), id("η")], dir].concat())
}

/// sign(x)
pub(crate) fn sign(x: Math) -> Vec<Math> {
    [vec![id("sign")], paren(vec![x])].concat()
}

/// max(a, b)
pub(crate) fn max(a: Vec<Math>, b: Vec<Math>) -> Vec<Math> {
    [vec![id("max")], paren([a, vec![op(",")], b].concat())].concat()
}

/// x / (1 − decayᵗ)
pub(crate) fn corrected(x: Math, decay: Math) -> Math {
    frac(x, row(one_minus_pow(decay)))
}

/// 1 − decayᵗ, a level's γᵢ as γᵢᵗ.
pub(crate) fn one_minus_pow(decay: Math) -> Vec<Math> {
    let power = match decay {
        Math::Sub(a, b) => Math::SubSup(a, b, Box::new(id("t"))),
        d => sup(d, id("t")),
    };
    vec![num("1"), op("−"), power]
}

pub(crate) fn set(lhs: Math, rhs: Vec<Math>) -> Math {
    row([vec![lhs, op("←")], rhs].concat())
}

pub(crate) fn def(lhs: Math, rhs: Vec<Math>) -> Math {
    row([vec![lhs, op("=")], rhs].concat())
}

pub(crate) fn paren(inner: Vec<Math>) -> Vec<Math> {
    [vec![op("(")], inner, vec![op(")")]].concat()
}

pub(crate) fn paren_row(inner: Vec<Math>) -> Math {
    row(paren(inner))
}

pub(crate) fn text(s: &str) -> Math {
    Math::Text(s.into())
}
pub(crate) fn id(s: &str) -> Math {
    Math::Id(s.into())
}
pub(crate) fn num(s: &str) -> Math {
    Math::Num(s.into())
}
pub(crate) fn op(s: &str) -> Math {
    Math::Op(s.into())
}
pub(crate) fn row(v: Vec<Math>) -> Math {
    Math::Row(v)
}
pub(crate) fn frac(a: Math, b: Math) -> Math {
    Math::Frac(Box::new(a), Box::new(b))
}
pub(crate) fn sqrt(a: Math) -> Math {
    Math::Sqrt(Box::new(a))
}
pub(crate) fn sub(a: Math, b: Math) -> Math {
    Math::Sub(Box::new(a), Box::new(b))
}
pub(crate) fn sup(a: Math, b: Math) -> Math {
    Math::Sup(Box::new(a), Box::new(b))
}
pub(crate) fn hat(a: Math) -> Math {
    Math::Hat(Box::new(a))
}
pub(crate) fn g() -> Math {
    id("g")
}
pub(crate) fn g2() -> Math {
    sup(g(), num("2"))
}
pub(crate) fn eps() -> Math {
    id("ε")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::rules::testing::eps_under_root;

    #[test]
    fn text_reads_the_tree() {
        let m = frac(hat(id("m")), row(vec![sqrt(id("v")), op("+"), eps()]));
        assert_eq!(m.text(), "(hat(m))/(√(v)+ε)");
        assert!(eps_under_root(&sqrt(row(vec![id("v"), op("+"), eps()]))));
        assert!(!eps_under_root(&m));
    }
}
