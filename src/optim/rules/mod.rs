//! One file per update rule: its step and a [`Descriptor`] beside it that says everything else
//! the code base knows about the rule. [`Optimizer::rule`] is the one place that maps a variant
//! to its file; `step`, `spec`, `equation`, the verdict and the rest read the descriptor.
//!
//! To add a rule: write `rules/<name>.rs` with its step and `pub const RULE: Descriptor`, then
//! add its `mod` line here, its variant to [`Optimizer`] and [`Optimizer::ALL`], and its arm in
//! [`Optimizer::rule`].

pub mod adagrad;
pub mod adam;
pub mod adamax;
pub mod adamw;
pub mod adopt;
pub mod amsgrad;
pub mod kadam;
pub mod lion;
pub mod momentum;
pub mod nesterov;
pub mod rmsprop;
pub mod sgd;
pub mod signgd;
pub mod signum;

use super::describe::{Decay, Equation, ParamLabel, Series};
use super::spec::{Flag, Key, Param};
use super::{Hyper, Optimizer, State, Step};
use crate::theory::verdict::LevelFactor;
use crate::Vec2;

/// Everything about one update rule, as data and functions.
pub struct Descriptor {
    /// Name on the command line, in saved state and in share links.
    pub name: &'static str,
    /// Name on the page.
    pub title: &'static str,
    /// The implementation the step follows: a torch or optax name, or the official code.
    pub follows: &'static str,
    pub paper: Citation,

    /// The hyperparameters it reads, with their ranges.
    pub params: &'static [Param],
    /// How the length of a step relates to η and the gradient, which decides the η a
    /// landscape suggests for it.
    pub kind: StepKind,
    pub flags: &'static [Flag],
    /// Its defaults, those of the implementation it follows.
    pub defaults: fn() -> Hyper,
    /// What each of `params` means for this rule, by key.
    pub labels: &'static [(Key, ParamLabel)],
    /// How the rule names `beta1` and `beta2` when they are not moment decays.
    pub note: &'static str,
    /// Checks beyond each parameter's range.
    pub check: Option<Check>,

    /// One update; `State::t` already counts it.
    pub step: fn(&Hyper, &mut State, Vec2, Vec2) -> Step,
    /// The update rule as `step` computes it, following the switches.
    pub equation: fn(&Hyper) -> Equation,
    /// What `State::m` and `State::v` hold, for the charts.
    pub series: fn(&Hyper) -> Series,
    pub decay: fn(&Hyper) -> Decay,

    /// The decays (β, γ) that decide the verdict, where the rule has both.
    pub decays: fn(&Hyper) -> Option<(f64, f64)>,
    /// Factor of ‖u‖∞ per step once the gradient vanishes, at deciding decays (β, γ).
    pub factor: fn(&Hyper, f64, f64) -> f64,
    /// Why, in one sentence, given the factor.
    pub reason: fn(&Hyper, f64) -> String,
    /// Gould & Tanaka's C(β, γ) speaks of this rule's update.
    pub gould_tanaka: bool,
    /// The levels of a rule made of stacked levels.
    pub levels: Option<Stack>,
}

/// A rule made of stacked levels (k-Adam): what each level does, and the factor with any one
/// level's decays moved, so the diagram and the map can set the level a user picks.
pub struct Stack {
    /// Per-level factors, bottom first.
    pub table: fn(&Hyper) -> Vec<LevelFactor>,
    /// The factor once the gradient vanishes with level `i`'s (β, γ) moved (and, for level 1,
    /// every level that follows it).
    pub factor_at: fn(&Hyper, usize, f64, f64) -> f64,
    /// The level whose decays decide the verdict, and the diagram sets unless told otherwise.
    pub deciding: fn(&Hyper) -> usize,
}

/// How a rule's step scales, as far as choosing η goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// η times the gradient (or a momentum sum of it): the step grows with |∇f|.
    Gradient,
    /// The gradient divided by a running estimate of its size: about η per coordinate.
    Normalized,
    /// k-Adam: Adam's normalisation stacked k times, which tolerates a smaller η than Adam.
    Stacked,
    /// A sign: exactly η per coordinate (Lion and Signum after momentum).
    Sign,
    /// AdaGrad: divided by the root of the sum of all past g², so steps shrink like η/√t.
    Accumulated,
}

/// A check of a whole set of hyperparameters; the message names what is wrong.
pub type Check = fn(&Hyper) -> Result<(), String>;

/// A paper (or the documentation standing in for one) and where to read it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Citation {
    pub title: &'static str,
    pub url: &'static str,
}

impl Optimizer {
    /// Everything about this rule.
    pub fn rule(self) -> &'static Descriptor {
        match self {
            Optimizer::Sgd => &sgd::RULE,
            Optimizer::Momentum => &momentum::RULE,
            Optimizer::Nesterov => &nesterov::RULE,
            Optimizer::RmsProp => &rmsprop::RULE,
            Optimizer::AdaGrad => &adagrad::RULE,
            Optimizer::Adamax => &adamax::RULE,
            Optimizer::Adam => &adam::RULE,
            Optimizer::AdamW => &adamw::RULE,
            Optimizer::AmsGrad => &amsgrad::RULE,
            Optimizer::Adopt => &adopt::RULE,
            Optimizer::KAdam => &kadam::RULE,
            Optimizer::SignGd => &signgd::RULE,
            Optimizer::Signum => &signum::RULE,
            Optimizer::Lion => &lion::RULE,
        }
    }
}

// Labels that several rules share because they follow the same torch argument.
const TORCH_LR: ParamLabel = label("η", "learning rate (PyTorch lr)");
const TORCH_EPS: ParamLabel = label("ε", "stability constant (PyTorch eps)");
const TORCH_L2: ParamLabel = label("λ", "L2 weight decay g ← g + λθ (PyTorch weight_decay)");
const TORCH_MOMENTUM: ParamLabel = label("μ", "momentum (PyTorch momentum)");
const TORCH_BETA1: ParamLabel = label("γ", "momentum, first-moment decay (PyTorch β1)");
const TORCH_BETA2: ParamLabel = label("β", "second-moment decay (PyTorch β2)");
/// torch.optim.Adam's parameters, as Adam and AMSGrad name them.
const TORCH_ADAM: &[(Key, ParamLabel)] = &[
    (Key::Lr, TORCH_LR),
    (Key::Beta1, TORCH_BETA1),
    (Key::Beta2, TORCH_BETA2),
    (Key::Eps, TORCH_EPS),
    (Key::WeightDecay, TORCH_L2),
];
const OPTAX_LR: ParamLabel = label("η", "learning rate (optax learning_rate)");
const OPTAX_L2: ParamLabel = label(
    "λ",
    "L2 weight decay g ← g + λθ (optax add_decayed_weights before the sign)",
);

const fn label(symbol: &'static str, name: &'static str) -> ParamLabel {
    ParamLabel { symbol, name }
}

fn decay_coupled(_: &Hyper) -> Decay {
    Decay::Coupled
}

fn decay_decoupled(_: &Hyper) -> Decay {
    Decay::Decoupled
}

/// (β, γ) = (`beta2`, `beta1`): the second-moment decay and the momentum.
fn both_decays(h: &Hyper) -> Option<(f64, f64)> {
    Some((h.beta2, h.beta1))
}

fn no_decays(_: &Hyper) -> Option<(f64, f64)> {
    None
}

/// Test helpers shared by the rules' tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::optim::describe::{Equation, Math};
    use crate::optim::{Hyper, Optimizer};

    /// The rule's defaults, edited.
    pub fn hyper(o: Optimizer, f: impl FnOnce(&mut Hyper)) -> Hyper {
        let mut h = o.spec().defaults;
        f(&mut h);
        h
    }

    pub fn texts(e: &Equation) -> Vec<String> {
        e.lines.iter().map(Math::text).collect()
    }

    /// The line θ ← θ − η …, the one that moves.
    pub fn step_line(e: &Equation) -> &Math {
        e.lines
            .iter()
            .find(|l| l.text().starts_with("θ←θ−η"))
            .expect("a step line")
    }

    pub fn is_id(m: &Math, s: &str) -> bool {
        matches!(m, Math::Id(x) if x == s)
    }

    pub fn has_hat(m: &Math) -> bool {
        m.any(&|x| matches!(x, Math::Hat(_)))
    }

    pub fn eps_under_root(m: &Math) -> bool {
        m.any(&|x| matches!(x, Math::Sqrt(a) if a.any(&|y| is_id(y, "ε"))))
    }
}

/// What holds across the table: every rule labels what it reads, shows what it runs.
#[cfg(test)]
mod tests {
    use super::testing::{hyper, texts};
    use crate::optim::describe::{Decay, Series};
    use crate::optim::spec::Key;
    use crate::optim::{AdoptVariant, Hyper, Optimizer, State};

    #[test]
    fn names_are_the_serialised_names_and_unique() {
        for (i, o) in Optimizer::ALL.into_iter().enumerate() {
            assert_eq!(
                serde_json::to_string(&o).unwrap(),
                format!("\"{}\"", o.name())
            );
            assert_eq!(Optimizer::from_name(o.name()), Some(o));
            assert!(Optimizer::ALL[..i]
                .iter()
                .all(|p| p.rule().title != o.rule().title));
        }
    }

    #[test]
    fn labels_say_what_each_decay_does_for_that_rule() {
        let label = |o: Optimizer, k: Key| o.param_label(k).unwrap().text();
        assert!(label(Optimizer::Lion, Key::Beta2).contains("momentum"));
        assert!(!label(Optimizer::Lion, Key::Beta2).contains("moment decay"));
        assert!(label(Optimizer::Lion, Key::Beta1).contains("sign"));
        assert!(label(Optimizer::Lion, Key::Beta1).contains("optax b1"));
        assert!(label(Optimizer::Adamax, Key::Beta2).contains("∞-norm"));
        assert!(label(Optimizer::RmsProp, Key::Beta2).contains("PyTorch alpha"));
        assert!(label(Optimizer::RmsProp, Key::Beta1).starts_with("μ: momentum"));
        for o in [Optimizer::Momentum, Optimizer::Nesterov] {
            assert_eq!(label(o, Key::Beta1), "μ: momentum (PyTorch momentum)");
        }
        assert!(label(Optimizer::Adam, Key::Beta1).contains("PyTorch β1"));
        assert!(label(Optimizer::AdamW, Key::WeightDecay).contains("decoupled"));
        assert!(label(Optimizer::Adam, Key::WeightDecay).contains("L2"));
        assert!(Optimizer::Sgd.param_label(Key::Beta1).is_none());
    }

    #[test]
    fn every_parameter_of_every_rule_has_a_label_and_no_other() {
        let keys = Key::ALL;
        for o in Optimizer::ALL {
            let spec = o.spec();
            for key in keys {
                let read = spec.params.iter().any(|p| p.key == key);
                match o.param_label(key) {
                    Some(l) => {
                        assert!(read, "{o:?} labels {key:?} it does not read");
                        assert!(!l.symbol.is_empty() && !l.name.is_empty());
                        assert!(
                            l.name.contains('('),
                            "{o:?} {key:?}: both names: {}",
                            l.text()
                        );
                    }
                    None => assert!(!read, "{o:?} {key:?} has no label"),
                }
            }
            // A label for a key the rule does not read would never be shown.
            for (key, _) in o.rule().labels {
                assert!(spec.params.iter().any(|p| p.key == *key), "{o:?} {key:?}");
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
}
