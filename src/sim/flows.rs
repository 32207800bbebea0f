//! The flows drawn beside a scene's runs, computed once per change of a run or of its
//! choice of flows, and kept otherwise (as [`super::Runs`] keeps trajectories).

use super::{RunConfig, Runs};
use crate::theory::overlay::{compute, FlowKind, FlowResult, Overlays};
use crate::Vec2;
use std::rc::Rc;

/// Per run, in the order of the runs, each flow it shows with what it computed.
#[derive(Clone, Debug, Default)]
pub struct Flows {
    entries: Vec<((RunConfig, FlowKind), Rc<FlowResult>)>,
    per_run: Vec<Vec<(FlowKind, Rc<FlowResult>)>>,
}

impl Flows {
    /// The flows `overlays[i]` asks of run `i` of `runs`, reusing each whose run is unchanged.
    pub fn update(&self, runs: &Runs, overlays: &[Overlays]) -> Flows {
        let mut entries = Vec::new();
        let per_run = runs
            .configs()
            .iter()
            .zip(runs.iter())
            .zip(overlays)
            .map(|((cfg, traj), o)| {
                FlowKind::ALL
                    .into_iter()
                    .filter(|k| k.is_on(o))
                    .map(|k| {
                        let key = (cfg.clone(), k);
                        let found = self.entries.iter().find(|(old, _)| *old == key);
                        let result = match found {
                            Some((_, r)) => r.clone(),
                            None => {
                                let path: Vec<Vec2> =
                                    traj.records.iter().map(|r| r.theta).collect();
                                Rc::new(compute(k, cfg, &path))
                            }
                        };
                        entries.push((key, result.clone()));
                        (k, result)
                    })
                    .collect()
            })
            .collect();
        Flows { entries, per_run }
    }

    /// The flows of run `i` (empty when it shows none).
    pub fn of(&self, i: usize) -> &[(FlowKind, Rc<FlowResult>)] {
        self.per_run.get(i).map_or(&[], Vec::as_slice)
    }
}

impl PartialEq for Flows {
    fn eq(&self, other: &Self) -> bool {
        self.per_run.len() == other.per_run.len()
            && self.per_run.iter().zip(&other.per_run).all(|(a, b)| {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|(x, y)| x.0 == y.0 && Rc::ptr_eq(&x.1, &y.1))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::Landscape;
    use crate::optim::Optimizer;

    #[test]
    fn a_flow_is_computed_once_per_change_of_its_run() {
        let mut a = RunConfig::new(Optimizer::Adam, Landscape::Himmelblau, 100);
        a.hyper.lr = 0.01;
        let b = RunConfig::new(Optimizer::Sgd, Landscape::Himmelblau, 100);
        let runs = Runs::default().update(&[a.clone(), b.clone()]);
        let on = Overlays {
            continuous: true,
            gradient: true,
            ..Overlays::default()
        };
        let first = Flows::default().update(&runs, &[on, Overlays::default()]);
        assert_eq!(first.of(0).len(), 2);
        assert!(first.of(1).is_empty() && first.of(7).is_empty());
        let same = first.update(&runs, &[on, Overlays::default()]);
        assert_eq!(same, first);
        // Switching a second flow on keeps the first one's computation.
        let more = Overlays {
            modified: true,
            ..on
        };
        let next = same.update(&runs, &[more, Overlays::default()]);
        assert_ne!(next, same);
        assert!(Rc::ptr_eq(&next.of(0)[0].1, &same.of(0)[0].1));
        // A new rate reruns the run and recomputes its flows.
        a.hyper.lr = 0.02;
        let runs2 = runs.update(&[a, b]);
        let moved = next.update(&runs2, &[more, Overlays::default()]);
        assert!(!Rc::ptr_eq(&moved.of(0)[0].1, &next.of(0)[0].1));
    }
}
