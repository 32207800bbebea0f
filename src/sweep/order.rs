//! Coarse-to-fine order: a map can be painted from a few cells and sharpened as more arrive.

use super::{Grid, Sweep};

impl Grid {
    /// The first pass's stride: the largest power of two that leaves about 8 cells along the
    /// longer axis (8 on a 64×64 grid), 1 on grids of 15 or fewer.
    pub fn coarsest_stride(&self) -> usize {
        let longest = self.x.n.max(self.y.n);
        let mut s = 1;
        while s * 2 * 8 <= longest {
            s *= 2;
        }
        s
    }

    /// The stride of the pass that visits `index`: a painter can fill a stride × stride block
    /// from it until the finer cells arrive.
    pub fn stride(&self, index: usize) -> usize {
        let (i, j) = self.position(index);
        let mut s = self.coarsest_stride();
        while s > 1 && !(i % s == 0 && j % s == 0) {
            s /= 2;
        }
        s
    }

    /// Every cell once, coarse to fine: the cells on every `s`-th column and row for the
    /// coarsest stride s, then those on every s/2-th not yet listed, and so on down to 1;
    /// row by row within a pass.
    pub fn progressive_order(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.cells());
        let mut s = self.coarsest_stride();
        loop {
            for j in (0..self.y.n).step_by(s) {
                for i in (0..self.x.n).step_by(s) {
                    let index = j * self.x.n + i;
                    if self.stride(index) == s {
                        order.push(index);
                    }
                }
            }
            if s == 1 {
                return order;
            }
            s /= 2;
        }
    }
}

impl Sweep {
    /// The cells in coarse-to-fine order, cut into chunks of about `steps` optimizer steps;
    /// the first chunks hold `first` cells and each next one twice the last, so a coarse map
    /// shows at once and later chunks keep a worker busy.
    pub fn chunks(&self, steps: usize, first: usize) -> Vec<Vec<usize>> {
        let per_chunk = (steps / self.base.steps.max(1)).max(1);
        let order = self.grid.progressive_order();
        let mut out = Vec::new();
        let mut rest = order.as_slice();
        let mut size = first.clamp(1, per_chunk);
        while !rest.is_empty() {
            let (head, tail) = rest.split_at(size.min(rest.len()));
            out.push(head.to_vec());
            rest = tail;
            size = (size * 2).min(per_chunk);
        }
        out
    }
}
