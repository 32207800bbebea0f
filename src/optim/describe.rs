//! What each rule is, in words and symbols, for the page and the CLI: the label of each
//! hyperparameter *for that rule*, the names of the state it keeps, and its update rule as a
//! small tree that follows the switches of [`Hyper`]. Kept out of the app so native tests can
//! check that the page says what the code does.

use super::level;
use super::math::{
    corrected, decoupled, def, ema, eps, frac, g, g2, hat, id, l2, max, mix, num, one_minus_pow,
    op, paren, paren_row, row, set, sign, sqrt, sub, sup, text, theta_step,
};
use super::{AdoptVariant, Hyper, Optimizer, MAX_K};

pub use super::math::Math;

/// How a hyperparameter is called for one rule: the page's symbol and what it does, with the
/// reference implementation's argument name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamLabel {
    pub symbol: &'static str,
    pub name: &'static str,
}

impl ParamLabel {
    pub fn text(&self) -> String {
        format!("{}: {}", self.symbol, self.name)
    }
}

/// Names of the state a rule keeps in `State::m` and `State::v`; `None` where it keeps none.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Series {
    pub m: Option<&'static str>,
    pub v: Option<&'static str>,
}

/// An update rule: its lines, in order, and what is reconstructed, derived or switched.
#[derive(Clone, Debug, PartialEq)]
pub struct Equation {
    pub lines: Vec<Math>,
    pub notes: Vec<&'static str>,
}

/// How weight decay enters a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decay {
    /// L2: g ← g + λθ before everything else.
    Coupled,
    /// θ ← θ(1 − ηλ) before the step.
    Decoupled,
}

impl Optimizer {
    /// The label of hyperparameter `key` for this rule, or `None` if the rule does not read it.
    pub fn param_label(self, key: &str) -> Option<ParamLabel> {
        use Optimizer::*;
        let l = |symbol, name| Some(ParamLabel { symbol, name });
        let torch = !matches!(self, SignGd | Signum | Lion | Adopt | KAdam);
        if !self.spec().params.iter().any(|p| p.key == key) {
            return None;
        }
        match key {
            "lr" => match self {
                SignGd | Signum | Lion => l("η", "learning rate (optax learning_rate)"),
                Adopt => l("η", "learning rate (ADOPT lr)"),
                KAdam => l("η", "learning rate (lr, as Adam's)"),
                _ => l("η", "learning rate (PyTorch lr)"),
            },
            "beta1" => match self {
                Momentum | Nesterov | RmsProp => l("μ", "momentum (PyTorch momentum)"),
                Adamax | Adam | AdamW | AmsGrad => {
                    l("γ", "momentum, first-moment decay (PyTorch β1)")
                }
                Adopt => l("γ", "momentum decay of the normalised gradient (ADOPT β1)"),
                KAdam => l("γ", "momentum, first-moment decay of level 1 (Adam's β1)"),
                Signum => l("γ", "momentum decay, m ← γm + (1 − γ)g (optax signum beta)"),
                Lion => l("β1", "interpolation of the step's sign (optax b1)"),
                _ => None,
            },
            "beta2" => match self {
                RmsProp => l("β", "second-moment decay (PyTorch alpha)"),
                Adamax => l("β", "decay of the ∞-norm u (PyTorch β2)"),
                Adam | AdamW | AmsGrad => l("β", "second-moment decay (PyTorch β2)"),
                Adopt => l("β", "second-moment decay (ADOPT β2)"),
                KAdam => l("β", "second-moment decay of level 1 (Adam's β2)"),
                Lion => l("β2", "momentum decay (optax b2)"),
                _ => None,
            },
            "eps" => match self {
                AdaGrad => l("ε", "added to √s (PyTorch eps)"),
                Adamax => l("ε", "added to |g| (PyTorch eps)"),
                Adopt => l("ε", "floor of √v (ADOPT eps)"),
                KAdam => l("ε", "stability constant of every level (Adam's eps)"),
                _ => l("ε", "stability constant (PyTorch eps)"),
            },
            "weight-decay" => match (self.decay(&Hyper::default()), self) {
                (_, Adopt) => l(
                    "λ",
                    "weight decay, L2 or decoupled by the switch (ADOPT weight_decay)",
                ),
                (Decay::Decoupled, Lion) => l(
                    "λ",
                    "decoupled weight decay θ ← θ(1 − ηλ) (optax weight_decay)",
                ),
                (Decay::Decoupled, KAdam) => l("λ", "decoupled weight decay θ ← θ(1 − ηλ)"),
                (Decay::Decoupled, _) => l(
                    "λ",
                    "decoupled weight decay θ ← θ(1 − ηλ) (PyTorch weight_decay)",
                ),
                (Decay::Coupled, _) if torch => {
                    l("λ", "L2 weight decay g ← g + λθ (PyTorch weight_decay)")
                }
                (Decay::Coupled, _) => l(
                    "λ",
                    "L2 weight decay g ← g + λθ (optax add_decayed_weights before the sign)",
                ),
            },
            "k" => l("k", "normalisation levels (k-Adam depth)"),
            _ => None,
        }
    }

    /// How weight decay enters, as `step` applies it.
    pub fn decay(self, h: &Hyper) -> Decay {
        use Optimizer::*;
        match self {
            AdamW | KAdam | Lion => Decay::Decoupled,
            Adopt if h.decouple => Decay::Decoupled,
            _ => Decay::Coupled,
        }
    }

    /// What the charts of `m` and `v` show for this rule.
    pub fn series(self, h: &Hyper) -> Series {
        use Optimizer::*;
        let (m, v) = match self {
            Sgd | SignGd => (None, None),
            Momentum | Nesterov => (Some("Momentum buffer b"), None),
            RmsProp if h.beta1 > 0.0 => (
                Some("Momentum buffer b"),
                Some("Second moment v (EMA of g²)"),
            ),
            RmsProp => (None, Some("Second moment v (EMA of g²)")),
            AdaGrad => (None, Some("Sum of squared gradients s")),
            Adamax => (
                Some("First moment m"),
                Some("Infinity norm u (max of β u, |g| + ε)"),
            ),
            Adam | AdamW => (Some("First moment m"), Some("Second moment v")),
            AmsGrad => (
                Some("First moment m"),
                Some("Second moment v (before the max)"),
            ),
            KAdam => (
                Some("First moment m⁽¹⁾ (level 1)"),
                Some("Second moment v⁽¹⁾ (level 1)"),
            ),
            Adopt if h.variant == AdoptVariant::NoOrderChange => {
                (Some("Momentum m of raw gradients"), Some("Second moment v"))
            }
            Adopt => (
                Some("Momentum m of normalised gradients"),
                Some("Second moment v"),
            ),
            Signum => (Some("Momentum m (EMA of g)"), None),
            Lion => (Some("Momentum m (EMA of g with β2)"), None),
        };
        Series { m, v }
    }

    /// The update rule as `step` computes it under `h`.
    pub fn equation(self, h: &Hyper) -> Equation {
        use Optimizer::*;
        let mut lines = Vec::new();
        let mut notes = Vec::new();
        let wd = h.weight_decay > 0.0;
        let decay = self.decay(h);
        // ADOPT's decoupled decay skips the first call, so it goes after that line.
        if wd && self != Adopt {
            lines.push(match decay {
                Decay::Coupled => l2(),
                Decay::Decoupled => decoupled(),
            });
        }
        match self {
            Sgd => lines.push(theta_step(vec![g()])),
            Momentum | Nesterov => {
                lines.push(set(id("b"), vec![id("μ"), id("b"), op("+"), g()]));
                lines.push(if self == Nesterov {
                    theta_step(paren(vec![g(), op("+"), id("μ"), id("b")]))
                } else {
                    theta_step(vec![id("b")])
                });
            }
            RmsProp => {
                lines.push(ema(id("v"), id("β"), g2()));
                let dir = frac(g(), row(vec![sqrt(id("v")), op("+"), eps()]));
                if h.beta1 > 0.0 {
                    lines.push(set(id("b"), vec![id("μ"), id("b"), op("+"), dir]));
                    lines.push(theta_step(vec![id("b")]));
                } else {
                    lines.push(theta_step(vec![dir]));
                }
            }
            AdaGrad => {
                lines.push(set(id("s"), vec![id("s"), op("+"), g2()]));
                lines.push(theta_step(vec![frac(
                    g(),
                    row(vec![sqrt(id("s")), op("+"), eps()]),
                )]));
            }
            Adamax => {
                lines.push(ema(id("m"), id("γ"), g()));
                lines.push(set(
                    id("u"),
                    max(
                        vec![id("β"), id("u")],
                        vec![op("|"), g(), op("|"), op("+"), eps()],
                    ),
                ));
                lines.push(theta_step(vec![frac(
                    id("m"),
                    row([paren(one_minus_pow(id("γ"))), vec![id("u")]].concat()),
                )]));
            }
            Adam | AdamW => {
                lines.extend(level::lines(h, id("m"), id("v"), id("γ"), id("β"), g()));
                lines.push(theta_step(vec![level::dir(h, id("m"), id("v"))]));
            }
            AmsGrad => {
                let vmax = || sub(id("v"), id("max"));
                lines.push(ema(id("m"), id("γ"), g()));
                lines.push(ema(id("v"), id("β"), g2()));
                lines.push(set(vmax(), max(vec![vmax()], vec![id("v")])));
                lines.push(def(hat(id("m")), vec![corrected(id("m"), id("γ"))]));
                // torch keeps the max of the uncorrected v and corrects it in the denominator.
                let denom = row(vec![
                    frac(sqrt(vmax()), sqrt(row(one_minus_pow(id("β"))))),
                    op("+"),
                    eps(),
                ]);
                lines.push(theta_step(vec![frac(hat(id("m")), denom)]));
                notes.push(
                    "v_max is the running maximum of the uncorrected v, corrected in the \
                     denominator, as torch.optim.Adam(amsgrad=True).",
                );
            }
            KAdam => {
                let k = h.k.clamp(1, MAX_K);
                let lvl = |x: Math| sup(x, paren_row(vec![id("i")]));
                let input = sup(id("u"), paren_row(vec![id("i"), op("−"), num("1")]));
                lines.push(def(sup(id("u"), paren_row(vec![num("0")])), vec![g()]));
                lines.push(Math::Text(if k == 1 {
                    "for the one level i = 1 (k = 1: Adam's step):".into()
                } else {
                    format!("for each level i = 1, …, k (k = {k}), with its own γᵢ, βᵢ:")
                }));
                lines.extend(level::lines(
                    h,
                    lvl(id("m")),
                    lvl(id("v")),
                    sub(id("γ"), id("i")),
                    sub(id("β"), id("i")),
                    input,
                ));
                lines.push(def(
                    sup(id("u"), paren_row(vec![id("i")])),
                    vec![level::dir(h, lvl(id("m")), lvl(id("v")))],
                ));
                lines.push(theta_step(vec![sup(
                    id("u"),
                    paren_row(vec![num(&k.to_string())]),
                )]));
                notes.push(
                    "RECONSTRUCTED: per-level decays (γᵢ, βᵢ), a shared ε and the same bias \
                     correction and ε placement at every level; no official code exists.",
                );
            }
            Adopt => adopt_lines(h, &mut lines, &mut notes),
            SignGd => lines.push(theta_step(sign(g()))),
            Signum => {
                lines.push(ema(id("m"), id("γ"), g()));
                lines.push(theta_step(sign(id("m"))));
            }
            Lion => {
                lines.push(def(id("c"), mix(id("β1"), id("m"), g())));
                lines.push(theta_step(sign(id("c"))));
                lines.push(ema(id("m"), id("β2"), g()));
            }
        }
        if matches!(self, Adam | AdamW | KAdam) {
            level::notes(h, &mut notes);
        }
        Equation { lines, notes }
    }
}

/// ADOPT as its official code, or one of the two DERIVED ablations.
fn adopt_lines(h: &Hyper, lines: &mut Vec<Math>, notes: &mut Vec<&'static str>) {
    let wd = h.weight_decay > 0.0;
    match h.variant {
        AdoptVariant::Full => {}
        AdoptVariant::NoDecorrelation => lines.push(text(
            "DERIVED ablation without decorrelation: v already holds the current g",
        )),
        AdoptVariant::NoOrderChange => lines.push(text(
            "DERIVED ablation without order change: momentum first, then normalise",
        )),
    }
    if wd && !h.decouple {
        lines.push(row(vec![l2(), text("(every call)")]));
    }
    lines.push(text(
        "first call: v ← g², no move; t counts the updates after it",
    ));
    if wd && h.decouple {
        lines.push(decoupled());
    }
    let norm = || frac(g(), row(max(vec![sqrt(id("v"))], vec![eps()])));
    let v_update = || ema(id("v"), id("β"), g2());
    let clip = || {
        set(
            id("n"),
            [id("clip")]
                .into_iter()
                .chain(paren(vec![
                    id("n"),
                    op(","),
                    op("±"),
                    sup(id("t"), num("¼")),
                ]))
                .collect(),
        )
    };
    match h.variant {
        AdoptVariant::Full | AdoptVariant::NoDecorrelation => {
            if h.variant == AdoptVariant::NoDecorrelation {
                lines.push(v_update());
            }
            lines.push(def(id("n"), vec![norm()]));
            if h.clip {
                lines.push(clip());
            }
            lines.push(ema(id("m"), id("γ"), id("n")));
            lines.push(theta_step(vec![id("m")]));
            if h.variant == AdoptVariant::Full {
                lines.push(v_update());
            }
        }
        AdoptVariant::NoOrderChange => {
            lines.push(ema(id("m"), id("γ"), g()));
            let denom = row(max(vec![sqrt(id("v"))], vec![eps()]));
            lines.push(theta_step(vec![frac(id("m"), denom)]));
            lines.push(v_update());
            if h.clip {
                lines.push(text("(no clipping in this ablation)"));
            }
        }
    }
    if h.clip && h.variant != AdoptVariant::NoOrderChange {
        notes.push("Clip at ±t^¼ as the official code's default clip_lambda.");
    }
    if h.variant != AdoptVariant::Full {
        notes.push(
            "DERIVED: the ablations are rebuilt from the paper's description of its ablation \
             figure; the official code has neither.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::State;

    fn hyper(o: Optimizer, f: impl FnOnce(&mut Hyper)) -> Hyper {
        let mut h = o.spec().defaults;
        f(&mut h);
        h
    }

    fn texts(e: &Equation) -> Vec<String> {
        e.lines.iter().map(Math::text).collect()
    }

    /// The line θ ← θ − η …, the one that moves.
    fn step_line(e: &Equation) -> &Math {
        e.lines
            .iter()
            .find(|l| l.text().starts_with("θ←θ−η"))
            .expect("a step line")
    }

    fn is_id(m: &Math, s: &str) -> bool {
        matches!(m, Math::Id(x) if x == s)
    }

    fn has_hat(m: &Math) -> bool {
        m.any(&|x| matches!(x, Math::Hat(_)))
    }

    fn eps_under_root(m: &Math) -> bool {
        m.any(&|x| matches!(x, Math::Sqrt(a) if a.any(&|y| is_id(y, "ε"))))
    }

    #[test]
    fn amsgrad_steps_with_the_running_max() {
        let e = Optimizer::AmsGrad.equation(&Optimizer::AmsGrad.spec().defaults);
        let step = step_line(&e);
        assert!(step.text().contains("v_max"), "{}", step.text());
        assert!(
            step.any(&|x| matches!(x, Math::Sqrt(a) if a.text() == "v_max")),
            "√v_max in the denominator: {}",
            step.text()
        );
        assert!(!step.text().contains("hat(v)"), "{}", step.text());
        assert!(texts(&e).iter().any(|l| l == "v_max←max(v_max,v)"));
        // Adam's step keeps v̂.
        let adam = Optimizer::Adam.equation(&Optimizer::Adam.spec().defaults);
        assert!(!step_line(&adam).text().contains("v_max"));
        assert!(step_line(&adam).text().contains("hat(v)"));
    }

    #[test]
    fn bias_correction_off_leaves_no_hat_and_no_correction() {
        for o in [Optimizer::Adam, Optimizer::AdamW, Optimizer::KAdam] {
            let on = o.equation(&o.spec().defaults);
            assert!(on.lines.iter().any(has_hat), "{o:?} on");
            assert!(texts(&on).concat().contains("^t"), "{o:?} on");
            let off = o.equation(&hyper(o, |h| h.bias_correction = false));
            assert!(!off.lines.iter().any(has_hat), "{o:?}: {:?}", texts(&off));
            assert!(
                !texts(&off).concat().contains("^t"),
                "{o:?}: {:?}",
                texts(&off)
            );
        }
    }

    #[test]
    fn adam_step_reads_as_its_switches() {
        let o = Optimizer::Adam;
        let read = |f: fn(&mut Hyper)| step_line(&o.equation(&hyper(o, f))).text();
        assert_eq!(read(|_| {}), "θ←θ−η(hat(m))/(√(hat(v))+ε)");
        assert_eq!(read(|h| h.bias_correction = false), "θ←θ−η(m)/(√(v)+ε)");
        assert_eq!(read(|h| h.eps_inside = true), "θ←θ−η(hat(m))/(√(hat(v)+ε))");
        assert_eq!(
            read(|h| {
                h.bias_correction = false;
                h.eps_inside = true
            }),
            "θ←θ−η(m)/(√(v+ε))"
        );
    }

    #[test]
    fn eps_inside_puts_eps_under_the_root() {
        for o in [Optimizer::Adam, Optimizer::AdamW, Optimizer::KAdam] {
            let out = o.equation(&o.spec().defaults);
            let inside = o.equation(&hyper(o, |h| h.eps_inside = true));
            let dir = |e: &Equation| {
                e.lines
                    .iter()
                    .find(|l| l.any(&|x| matches!(x, Math::Frac(..))) && l.any(&|x| is_id(x, "ε")))
                    .cloned()
                    .expect("a line with ε")
            };
            assert!(!eps_under_root(&dir(&out)), "{o:?}: {}", dir(&out).text());
            assert!(
                eps_under_root(&dir(&inside)),
                "{o:?}: {}",
                dir(&inside).text()
            );
            assert!(inside.notes.iter().any(|n| n.contains("Cattaneo")));
        }
    }

    #[test]
    fn adopt_clip_line_goes_with_the_switch() {
        let o = Optimizer::Adopt;
        for variant in [AdoptVariant::Full, AdoptVariant::NoDecorrelation] {
            let on = texts(&o.equation(&hyper(o, |h| h.variant = variant)));
            let off = texts(&o.equation(&hyper(o, |h| {
                h.variant = variant;
                h.clip = false
            })));
            assert!(on.iter().any(|l| l.contains("clip")), "{on:?}");
            assert!(!off.iter().any(|l| l.contains("clip")), "{off:?}");
            assert_eq!(on.len(), off.len() + 1);
        }
    }

    #[test]
    fn adopt_variants_differ_and_the_ablations_say_derived() {
        let o = Optimizer::Adopt;
        let eqs: Vec<Equation> = AdoptVariant::ALL
            .iter()
            .map(|v| o.equation(&hyper(o, |h| h.variant = *v)))
            .collect();
        for i in 0..eqs.len() {
            for j in i + 1..eqs.len() {
                assert_ne!(texts(&eqs[i]), texts(&eqs[j]), "variants {i} and {j}");
            }
        }
        let derived = |e: &Equation| texts(e).iter().any(|l| l.contains("DERIVED"));
        assert!(!derived(&eqs[0]));
        for e in &eqs[1..] {
            assert!(derived(e), "{:?}", texts(e));
            assert!(e.notes.iter().any(|n| n.contains("DERIVED")));
        }
        // Without decorrelation v is updated before it normalises; in full ADOPT after.
        let v_at = |e: &Equation| texts(e).iter().position(|l| l.starts_with("v←"));
        let n_at = |e: &Equation| texts(e).iter().position(|l| l.starts_with("n="));
        assert!(v_at(&eqs[0]) > n_at(&eqs[0]));
        assert!(v_at(&eqs[1]) < n_at(&eqs[1]));
        // Without order change the step itself divides by √v.
        assert!(step_line(&eqs[2]).text().contains("√(v)"));
        assert!(!step_line(&eqs[0]).text().contains("√(v)"));
    }

    #[test]
    fn adopt_weight_decay_follows_decouple() {
        let o = Optimizer::Adopt;
        let l2 = texts(&o.equation(&hyper(o, |h| h.weight_decay = 0.1)));
        assert!(l2.iter().any(|l| l.starts_with("g←g+λθ")), "{l2:?}");
        assert!(!l2.iter().any(|l| l == "θ←θ(1−ηλ)"));
        let dec = texts(&o.equation(&hyper(o, |h| {
            h.weight_decay = 0.1;
            h.decouple = true
        })));
        assert!(dec.iter().any(|l| l == "θ←θ(1−ηλ)"), "{dec:?}");
        assert!(!dec.iter().any(|l| l.starts_with("g←g+λθ")));
    }

    #[test]
    fn rmsprop_shows_its_momentum_buffer_only_with_momentum() {
        let o = Optimizer::RmsProp;
        let plain = o.equation(&o.spec().defaults);
        assert_eq!(o.spec().defaults.beta1, 0.0);
        assert!(!texts(&plain).concat().contains('b'));
        assert!(o.series(&o.spec().defaults).m.is_none());
        let h = hyper(o, |h| h.beta1 = 0.9);
        let with = texts(&o.equation(&h));
        assert!(
            with.iter().any(|l| l.starts_with("b←μb+(g)/(√(v)+ε)")),
            "{with:?}"
        );
        assert_eq!(step_line(&o.equation(&h)).text(), "θ←θ−ηb");
        assert!(o.series(&h).m.unwrap().contains("Momentum"));
    }

    #[test]
    fn labels_say_what_each_decay_does_for_that_rule() {
        let label = |o: Optimizer, k: &str| o.param_label(k).unwrap().text();
        assert!(label(Optimizer::Lion, "beta2").contains("momentum"));
        assert!(!label(Optimizer::Lion, "beta2").contains("moment decay"));
        assert!(label(Optimizer::Lion, "beta1").contains("sign"));
        assert!(label(Optimizer::Lion, "beta1").contains("optax b1"));
        assert!(label(Optimizer::Adamax, "beta2").contains("∞-norm"));
        assert!(label(Optimizer::RmsProp, "beta2").contains("PyTorch alpha"));
        assert!(label(Optimizer::RmsProp, "beta1").starts_with("μ: momentum"));
        for o in [Optimizer::Momentum, Optimizer::Nesterov] {
            assert_eq!(label(o, "beta1"), "μ: momentum (PyTorch momentum)");
        }
        assert!(label(Optimizer::Adam, "beta1").contains("PyTorch β1"));
        assert!(label(Optimizer::AdamW, "weight-decay").contains("decoupled"));
        assert!(label(Optimizer::Adam, "weight-decay").contains("L2"));
        assert!(Optimizer::Sgd.param_label("beta1").is_none());
    }

    #[test]
    fn every_parameter_of_every_rule_has_a_label_and_no_other() {
        let keys = ["lr", "beta1", "beta2", "eps", "weight-decay", "k"];
        for o in Optimizer::ALL {
            let spec = o.spec();
            for key in keys {
                let read = spec.params.iter().any(|p| p.key == key);
                match o.param_label(key) {
                    Some(l) => {
                        assert!(read, "{o:?} labels {key} it does not read");
                        assert!(!l.symbol.is_empty() && !l.name.is_empty());
                        assert!(
                            l.name.contains('('),
                            "{o:?} {key}: both names: {}",
                            l.text()
                        );
                    }
                    None => assert!(!read, "{o:?} {key} has no label"),
                }
            }
        }
    }

    #[test]
    fn every_symbol_a_label_names_appears_in_the_equation() {
        for o in Optimizer::ALL {
            let h = hyper(o, |h| {
                h.weight_decay = 0.1;
                if o == Optimizer::RmsProp {
                    h.beta1 = 0.9;
                }
            });
            let all = texts(&o.equation(&h)).concat();
            for p in o.spec().params {
                let l = o.param_label(p.key).unwrap();
                assert!(all.contains(l.symbol), "{o:?}: {} not in {all}", l.symbol);
            }
        }
    }

    #[test]
    fn weight_decay_appears_only_when_positive_and_as_the_code_applies_it() {
        for o in Optimizer::ALL {
            let h0 = hyper(o, |h| h.weight_decay = 0.0);
            assert!(!texts(&o.equation(&h0)).concat().contains('λ'), "{o:?}");
            let h = hyper(o, |h| h.weight_decay = 0.1);
            let lines = texts(&o.equation(&h));
            let (want, not) = match o.decay(&h) {
                Decay::Coupled => ("g←g+λθ", "θ←θ(1−ηλ)"),
                Decay::Decoupled => ("θ←θ(1−ηλ)", "g←g+λθ"),
            };
            assert!(
                lines.iter().any(|l| l.starts_with(want)),
                "{o:?}: {lines:?}"
            );
            assert!(
                !lines.iter().any(|l| l.starts_with(not)),
                "{o:?}: {lines:?}"
            );
        }
    }

    /// The rule's step with decay λ equals the step without it on g + λθ (coupled) or from
    /// θ(1 − ηλ) (decoupled), so the line the page shows is the one the code runs.
    #[test]
    fn the_decay_kind_matches_the_step() {
        let grad = |p: [f64; 2]| [2.0 * p[0] + 1.0, p[1] - 0.5];
        for o in Optimizer::ALL {
            for decouple in [false, true] {
                let h = hyper(o, |h| {
                    h.weight_decay = 0.3;
                    h.lr = 0.05;
                    h.decouple = decouple;
                });
                let h0 = Hyper {
                    weight_decay: 0.0,
                    ..h.clone()
                };
                let (mut s, mut s0) = (State::default(), State::default());
                let mut theta = [0.7, -1.3];
                for t in 1..=4 {
                    let g = grad(theta);
                    let got = o.step(&h, &mut s, theta, g).theta;
                    let want = match o.decay(&h) {
                        Decay::Coupled => {
                            let g = [0, 1].map(|i| g[i] + 0.3 * theta[i]);
                            o.step(&h0, &mut s0, theta, g).theta
                        }
                        // ADOPT's first call neither moves nor decays.
                        Decay::Decoupled if o == Optimizer::Adopt && t == 1 => {
                            o.step(&h0, &mut s0, theta, g).theta
                        }
                        Decay::Decoupled => {
                            let th = theta.map(|p| p * (1.0 - 0.05 * 0.3));
                            o.step(&h0, &mut s0, th, g).theta
                        }
                    };
                    for i in 0..2 {
                        assert!(
                            (got[i] - want[i]).abs() <= 1e-12 * (1.0 + want[i].abs()),
                            "{o:?} decouple={decouple} step {t}: {got:?} vs {want:?}"
                        );
                    }
                    theta = got;
                }
            }
        }
    }

    #[test]
    fn kadam_steps_with_its_last_level() {
        let o = Optimizer::KAdam;
        for k in 1..=MAX_K {
            let e = o.equation(&hyper(o, |h| h.k = k));
            assert_eq!(step_line(&e).text(), format!("θ←θ−ηu^({k})"));
            assert!(e.notes.iter().any(|n| n.contains("RECONSTRUCTED")));
        }
        let e = texts(&o.equation(&hyper(o, |h| h.k = 3)));
        assert!(e.iter().any(|l| l.contains("k (k = 3)")), "{e:?}");
        assert!(
            e.iter()
                .any(|l| l.starts_with("m^(i)←γ_im^(i)+(1−γ_i)u^(i−1)")),
            "{e:?}"
        );
    }

    #[test]
    fn lion_signum_and_adamax_lines() {
        let lion = texts(&Optimizer::Lion.equation(&Optimizer::Lion.spec().defaults));
        assert_eq!(lion, ["c=β1m+(1−β1)g", "θ←θ−ηsign(c)", "m←β2m+(1−β2)g"]);
        let adamax = texts(&Optimizer::Adamax.equation(&Optimizer::Adamax.spec().defaults));
        assert!(adamax.iter().any(|l| l == "u←max(βu,|g|+ε)"), "{adamax:?}");
        let signum = texts(&Optimizer::Signum.equation(&Optimizer::Signum.spec().defaults));
        assert_eq!(signum, ["m←γm+(1−γ)g", "θ←θ−ηsign(m)"]);
    }

    #[test]
    fn chart_series_name_each_rules_state() {
        let s = |o: Optimizer| o.series(&o.spec().defaults);
        for o in [Optimizer::Sgd, Optimizer::SignGd] {
            assert_eq!(s(o), Series { m: None, v: None }, "{o:?}");
        }
        for o in [
            Optimizer::Momentum,
            Optimizer::Nesterov,
            Optimizer::Signum,
            Optimizer::Lion,
        ] {
            assert!(s(o).m.unwrap().starts_with("Momentum"), "{o:?}");
            assert!(s(o).v.is_none(), "{o:?}");
        }
        assert!(s(Optimizer::AdaGrad).v.unwrap().contains("Sum of squared"));
        assert!(s(Optimizer::AdaGrad).m.is_none());
        assert!(s(Optimizer::Adamax).v.unwrap().contains("Infinity norm"));
        assert!(s(Optimizer::Adam).v.unwrap().starts_with("Second moment"));
        let noc = Optimizer::Adopt.series(&hyper(Optimizer::Adopt, |h| {
            h.variant = AdoptVariant::NoOrderChange
        }));
        assert!(noc.m.unwrap().contains("raw"));
    }

    #[test]
    fn text_reads_the_tree() {
        let m = frac(hat(id("m")), row(vec![sqrt(id("v")), op("+"), eps()]));
        assert_eq!(m.text(), "(hat(m))/(√(v)+ε)");
        assert!(eps_under_root(&sqrt(row(vec![id("v"), op("+"), eps()]))));
        assert!(!eps_under_root(&m));
    }
}
