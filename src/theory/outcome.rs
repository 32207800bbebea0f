//! What the selected run itself did, shown beside the verdict on its rule.

use crate::landscape::ViewBox;
use crate::sim::Trajectory;

/// The run's own fate, which depends on η and the landscape as the verdict does not.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Stopped: a coordinate passed the divergence bound or turned non-finite.
    Diverged { step: usize, reason: &'static str },
    /// Still finite, but left the view at this step.
    LeftView { step: usize },
    /// Stayed on the map.
    OnMap,
}

/// The run's outcome in the view box.
pub fn outcome(t: &Trajectory, view: &ViewBox) -> Outcome {
    if let Some(d) = t.diverged {
        return Outcome::Diverged {
            step: d.step,
            reason: d.reason,
        };
    }
    let inside = |p: [f64; 2]| {
        (view.x[0]..=view.x[1]).contains(&p[0]) && (view.y[0]..=view.y[1]).contains(&p[1])
    };
    match t.records.iter().find(|r| !inside(r.theta)) {
        Some(r) => Outcome::LeftView { step: r.step },
        None => Outcome::OnMap,
    }
}

impl Outcome {
    /// One line for the page.
    pub fn describe(&self) -> String {
        match self {
            Outcome::Diverged { step, reason } => {
                let d = crate::sim::Divergence {
                    step: *step,
                    reason,
                };
                if d.undefined() {
                    format!("This run stopped at step {step}: {reason}.")
                } else {
                    format!("This run diverged at step {step} ({reason}).")
                }
            }
            Outcome::LeftView { step } => format!("This run left the map at step {step}."),
            Outcome::OnMap => "This run stays on the map.".into(),
        }
    }

    pub fn is_bad(&self) -> bool {
        !matches!(self, Outcome::OnMap)
    }
}

/// ‖u‖∞ of each step of a run.
pub fn update_norms(t: &Trajectory) -> Vec<f64> {
    t.records.iter().map(|r| r.update_norm()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::Landscape;
    use crate::optim::Optimizer;
    use crate::sim::{run, RunConfig};

    #[test]
    fn a_stable_rule_at_a_huge_learning_rate_still_leaves_the_map() {
        let l = Landscape::Rosenbrock;
        let mut cfg = RunConfig::new(Optimizer::Adam, l.clone(), 200);
        cfg.hyper.lr = 10.0;
        let o = outcome(&run(&cfg), &l.info().view);
        assert!(o.is_bad(), "{o:?}");
        cfg.hyper.lr = 0.01;
        assert_eq!(outcome(&run(&cfg), &l.info().view), Outcome::OnMap);
        cfg.optimizer = Optimizer::Sgd;
        cfg.hyper.lr = 1.0;
        let o = outcome(&run(&cfg), &l.info().view);
        assert!(matches!(o, Outcome::Diverged { .. }), "{o:?}");
        assert!(o.describe().starts_with("This run diverged at step"));
    }

    #[test]
    fn update_norms_take_the_larger_coordinate() {
        let t = run(&RunConfig::new(Optimizer::Adam, Landscape::Rosenbrock, 3));
        let n = update_norms(&t);
        assert_eq!(n[0], 0.0);
        for (r, n) in t.records.iter().zip(&n) {
            assert_eq!(*n, r.update[0].abs().max(r.update[1].abs()));
        }
        assert!(n[1] > 0.0);
    }
}
