//! A scene's runs, recomputed only where their settings changed: moving one run's slider
//! reruns that run, and every other run keeps the very trajectory it had.

use super::{run, RunConfig, Trajectory};
use std::rc::Rc;

/// Trajectories in the order of their settings. Two are equal when each run is the very same
/// computation: an unchanged run keeps its trajectory, so comparing pointers is exact and
/// costs nothing, where comparing 8 × 2000 records would cost more than the work it saves.
#[derive(Clone, Debug, Default)]
pub struct Runs {
    configs: Vec<RunConfig>,
    trajectories: Vec<Rc<Trajectory>>,
}

impl Runs {
    /// The runs of `configs`, reusing each trajectory whose settings are unchanged here.
    pub fn update(&self, configs: &[RunConfig]) -> Runs {
        let trajectories = configs
            .iter()
            .map(|c| match self.configs.iter().position(|old| old == c) {
                Some(i) => self.trajectories[i].clone(),
                None => Rc::new(run(c)),
            })
            .collect();
        Runs {
            configs: configs.to_vec(),
            trajectories,
        }
    }

    /// The settings of each run, in order.
    pub fn configs(&self) -> &[RunConfig] {
        &self.configs
    }

    pub fn trajectories(&self) -> &[Rc<Trajectory>] {
        &self.trajectories
    }
}

impl PartialEq for Runs {
    fn eq(&self, other: &Self) -> bool {
        self.trajectories.len() == other.trajectories.len()
            && self
                .trajectories
                .iter()
                .zip(&other.trajectories)
                .all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

impl std::ops::Deref for Runs {
    type Target = [Rc<Trajectory>];

    fn deref(&self) -> &Self::Target {
        &self.trajectories
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::Landscape;
    use crate::optim::Optimizer;

    fn config(o: Optimizer, lr: f64) -> RunConfig {
        let mut c = RunConfig::new(o, Landscape::Rosenbrock, 300);
        c.hyper.lr = lr;
        c
    }

    #[test]
    fn only_changed_runs_are_rerun() {
        let first = [config(Optimizer::Adam, 0.01), config(Optimizer::Sgd, 1e-4)];
        let a = Runs::default().update(&first);
        assert_eq!(*a[0], run(&first[0]));
        assert_eq!(*a[1], run(&first[1]));
        // The same settings: the same computation, and equal.
        let same = a.update(&first);
        assert_eq!(same, a);
        // One run's rate changes: it is rerun, the other is kept as it was, and the two
        // sets are no longer equal.
        let second = [config(Optimizer::Adam, 0.02), first[1].clone()];
        let b = a.update(&second);
        assert!(Rc::ptr_eq(&a[1], &b[1]));
        assert!(!Rc::ptr_eq(&a[0], &b[0]));
        assert_eq!(*b[0], run(&second[0]));
        assert_ne!(*b[0], *a[0]);
        assert_ne!(b, a);
        // Reordered runs keep their trajectories and follow the new order.
        let swapped = b.update(&[second[1].clone(), second[0].clone()]);
        assert!(Rc::ptr_eq(&swapped[0], &b[1]) && Rc::ptr_eq(&swapped[1], &b[0]));
        // A removed run leaves, whatever was there before.
        assert_eq!(swapped.update(&second[..1]).len(), 1);
    }
}
