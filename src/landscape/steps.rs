//! The learning rate each kind of rule is given when a landscape is chosen, and why a landscape
//! is hard where it is.
//!
//! Measured, not guessed: for each landscape and kind, η on a 1-2-5 grid from 1e-8 to 1 was run
//! for every rule of the kind (torch defaults, and the default scene's runs) from the start and
//! four starts 5% of the view away, without noise and with two seeds of noise, for 1000 steps.
//! Kept: the η where every such run stays finite, within three times the view box and ends
//! lower than it began (tests/landscape_defaults.rs checks exactly this, and its ignored
//! `sweep_step_sizes` measures the table again); chosen among them:
//! the smallest η that reaches 80% of the best mean log-decrease of f − f*. Rosenbrock's
//! normalised η is the default scene's 0.05 (its measured range reaches 0.1). On Rastrigin and
//! Ackley, where every η stalls in a local minimum, the middle (in log η) of those where every
//! run ends in one.

use super::data::Model;
use super::{Data, Landscape};
use crate::format;
use crate::optim::StepKind;

/// η for each kind of rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepSizes {
    pub gradient: f64,
    pub normalized: f64,
    pub stacked: f64,
    pub sign: f64,
    pub accumulated: f64,
}

impl StepSizes {
    const fn new([gradient, normalized, stacked, sign, accumulated]: [f64; 5]) -> StepSizes {
        StepSizes {
            gradient,
            normalized,
            stacked,
            sign,
            accumulated,
        }
    }

    pub fn lr(&self, kind: StepKind) -> f64 {
        match kind {
            StepKind::Gradient => self.gradient,
            StepKind::Normalized => self.normalized,
            StepKind::Stacked => self.stacked,
            StepKind::Sign => self.sign,
            StepKind::Accumulated => self.accumulated,
        }
    }

    /// One line for the landscape panel: which η choosing this landscape gives each kind.
    pub fn note(&self) -> String {
        let kinds = [
            ("SGD, momentum", self.gradient),
            ("Adam-like", self.normalized),
            ("k-Adam", self.stacked),
            ("sign", self.sign),
            ("AdaGrad", self.accumulated),
        ];
        let parts: Vec<String> = kinds
            .iter()
            .map(|(name, lr)| format!("{name} {}", format::short(*lr)))
            .collect();
        format!("η set for this landscape: {}", parts.join(" · "))
    }
}

/// The measured η of a built-in or data landscape; a typed formula has none (its runs keep
/// theirs).
pub fn suggested(l: &Landscape) -> Option<StepSizes> {
    //                         gradient normalized stacked sign  accumulated
    let row = match l {
        Landscape::Quadratic { .. } => [2e-2, 2e-2, 1e-2, 1e-2, 2e-1],
        Landscape::Rosenbrock => [1e-3, 5e-2, 5e-3, 2e-3, 5e-1],
        Landscape::Beale => [1e-3, 5e-1, 5e-3, 5e-3, 1.0],
        Landscape::Himmelblau => [5e-4, 1e-2, 1e-2, 5e-3, 2e-1],
        Landscape::Booth => [1e-2, 1e-1, 5e-2, 5e-1, 1.0],
        Landscape::Rastrigin => [5e-4, 1e-3, 1e-3, 1e-3, 5e-2],
        Landscape::Ackley => [1e-3, 2e-3, 1e-3, 2e-3, 5e-2],
        Landscape::StyblinskiTang => [5e-4, 2e-3, 2e-3, 2e-3, 5e-2],
        Landscape::SixHumpCamel => [2e-3, 5e-3, 2e-3, 2e-3, 5e-2],
        Landscape::GoldsteinPrice => [5e-7, 1e-1, 1e-1, 2e-3, 2e-1],
        Landscape::Saddle => [1e-4, 1e-3, 5e-3, 5e-3, 5e-2],
        Landscape::Plateau => [2e-3, 2e-3, 2e-3, 1e-3, 2e-2],
        Landscape::ScaleInvariant => [2e-3, 5e-3, 2e-3, 1e-3, 5e-2],
        Landscape::Bilinear => [1e-3, 5e-4, 5e-4, 2e-4, 1e-2],
        Landscape::Trilinear => [5e-3, 1e-3, 2e-3, 1e-3, 2e-2],
        Landscape::Corner => [2e-3, 2e-3, 2e-3, 2e-3, 2e-2],
        Landscape::Data(d) => return Some(for_data(d)),
        Landscape::Formula(_) => return None,
    };
    Some(StepSizes::new(row))
}

/// Measured on the menu's dataset of each model.
pub fn for_data(d: &Data) -> StepSizes {
    StepSizes::new(match d.spec().model {
        Model::Logistic => [2e-1, 2e-2, 1e-2, 5e-3, 2e-1],
        Model::Linear => [2e-1, 2e-2, 5e-3, 5e-3, 2e-1],
    })
}

/// Why the landscape is hard for these rules, where it is; empty otherwise. Each sentence is
/// measured in tests/landscape_defaults.rs.
pub fn hard(l: &Landscape) -> &'static str {
    match l {
        Landscape::GoldsteinPrice => {
            "Hard for fixed steps: |∇f| is about 9·10⁵ at the start and 0 at the minima. SGD, \
             momentum and Nesterov need η = 5e-7 (momentum and Nesterov diverge within 5 steps \
             at 10×); Adam's family and the sign methods step at most 2η per coordinate \
             whatever |∇f|."
        }
        Landscape::Saddle => {
            "No minimum: f falls for ever along y, so no run settles; these η keep every run \
             within three view widths for 1000 steps."
        }
        Landscape::Rastrigin | Landscape::Ackley => {
            "Many local minima: with these η every run ends in one near its start, not at the \
             global minimum at the origin."
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_reads_its_own_column_and_the_note_names_them_all() {
        let s = suggested(&Landscape::GoldsteinPrice).unwrap();
        assert_eq!(s.lr(StepKind::Gradient), 5e-7);
        assert_eq!(s.lr(StepKind::Normalized), 0.1);
        assert_eq!(s.lr(StepKind::Sign), 2e-3);
        assert_eq!(s.lr(StepKind::Accumulated), 0.2);
        assert_eq!(
            s.note(),
            "η set for this landscape: SGD, momentum 5e-7 · Adam-like 0.1 · k-Adam 0.1 · sign 2e-3 · AdaGrad 0.2"
        );
    }

    #[test]
    fn every_landscape_but_a_typed_formula_has_step_sizes() {
        assert!(Landscape::ALL.iter().all(|l| l.info().steps.is_some()));
        let typed =
            super::super::Custom::parse("x^2", super::super::Formula::DEFAULT_VIEW).unwrap();
        assert_eq!(Landscape::Formula(typed).info().steps, None);
    }
}
