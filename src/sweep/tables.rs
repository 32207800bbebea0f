//! Bias corrections shared by a sweep's cells: a 256 × 256 map over (β, γ) has 512 decays, not
//! 131,072, so 1 − dᵗ is computed once per decay instead of once per cell and step.

use crate::optim::level::Corrections;
use crate::optim::power::one_minus_table;
use std::collections::HashMap;
use std::rc::Rc;

/// Beyond this many decays the tables are dropped and built again (about 16 MB at 1,000 steps).
const MOST: usize = 1024;

/// 1 − dᵗ and √(1 − dᵗ), t = 1, 2, …, of one decay d.
pub(crate) struct Table {
    one_minus: Vec<f64>,
    root: Vec<f64>,
}

/// The tables of the decays met so far. A cache, not state: a cell's numbers are the same
/// whatever it holds, bit for bit those of the run's own cached powers.
#[derive(Default)]
pub struct Tables {
    by_decay: HashMap<u64, Rc<Table>>,
}

impl Tables {
    /// The table of `decay` covering at least `steps` steps.
    pub(crate) fn get(&mut self, decay: f64, steps: usize) -> Rc<Table> {
        if let Some(t) = self.by_decay.get(&decay.to_bits()) {
            if t.one_minus.len() >= steps {
                return t.clone();
            }
        }
        if self.by_decay.len() >= MOST {
            self.by_decay.clear();
        }
        let one_minus = one_minus_table(decay, steps);
        let root = one_minus.iter().map(|c| c.sqrt()).collect();
        let t = Rc::new(Table { one_minus, root });
        self.by_decay.insert(decay.to_bits(), t.clone());
        t
    }
}

impl Table {
    /// 1 − dᵗ, t ≥ 1.
    #[inline(always)]
    pub(crate) fn one_minus(&self, t: usize) -> f64 {
        self.one_minus[t - 1]
    }

    /// √(1 − dᵗ), t ≥ 1.
    #[inline(always)]
    pub(crate) fn root(&self, t: usize) -> f64 {
        self.root[t - 1]
    }
}

/// The corrections of decays (γ, β) at step t ≥ 1, from their tables.
pub(crate) fn at(gamma: &Table, beta: &Table, t: usize) -> Corrections {
    Corrections {
        bc1: gamma.one_minus(t),
        bc2: beta.one_minus(t),
        root2: beta.root(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_the_cached_powers_and_survive_being_dropped() {
        let mut tables = Tables::default();
        // More decays than are kept, so the tables are dropped and rebuilt on the way.
        for i in 0..MOST + 100 {
            let d = 1.0 - (i as f64 + 1.0) * 1e-4;
            let t = tables.get(d, 40);
            for step in [1, 17, 40] {
                let c = at(&t, &t, step);
                let want = 1.0 - d.powf(step as f64);
                assert_eq!(c.bc1.to_bits(), want.to_bits(), "{d} at {step}");
                assert_eq!(c.root2.to_bits(), want.sqrt().to_bits());
            }
        }
        assert!(tables.by_decay.len() <= MOST);
    }
}
