//! Adam's and AdamW's cells four at a time in lockstep, stored lane by lane so that the four
//! cells' arithmetic vectorises: the map's common case (no noise, bias correction on). Each
//! lane does exactly the operations of `optim::level::adam_with`, `Landscape::project` and
//! `sim::arrive`, so every cell is bit for bit its own run (`src/sweep/tests.rs`).

use super::tables::{Table, Tables};
use super::Sweep;
use crate::noise::Noise;
use crate::optim::Optimizer;
use crate::pack::{Mask, Pack, LANES};
use crate::sim::{arrive, DIVERGENCE_BOUND};
use crate::Vec2;
use std::rc::Rc;

/// Where each lane ended, for the cell's measures.
pub(super) struct Ends {
    /// θ and f(θ) at the last point reached.
    pub last: [(Vec2, f64); LANES],
    pub diverged: [Option<usize>; LANES],
}

/// Whether [`run`] computes this sweep's cells.
pub(super) fn applies(sweep: &Sweep) -> bool {
    let b = &sweep.base;
    matches!(b.optimizer, Optimizer::Adam | Optimizer::AdamW)
        && b.hyper.bias_correction
        && b.noise == Noise::None
}

/// The cells `group` (1 to [`LANES`], padded with the last) of a sweep that [`applies`]:
/// each lane's ‖u‖∞ per step taken goes to `norms[lane]`. None if the start is not a valid
/// point, which the general path reports.
pub(super) fn run(
    sweep: &Sweep,
    group: &[usize],
    tables: &mut Tables,
    norms: &mut [Vec<f64>; LANES],
    rows: &mut Vec<[f64; LANES]>,
) -> Option<Ends> {
    let b = &sweep.base;
    let (loss, grad) = arrive(&b.landscape, 0, b.start).ok()?;
    let lanes = lanes(sweep, group, tables);
    let land = &b.landscape;
    let rule = Rule {
        decoupled: b.optimizer == Optimizer::AdamW,
        coupled: b.optimizer == Optimizer::Adam && b.hyper.weight_decay != 0.0,
        wd: Pack::splat(b.hyper.weight_decay),
        eps: Pack::splat(b.hyper.eps),
    };
    let mut at = At {
        theta: b.start.map(Pack::splat),
        loss: Pack::splat(loss),
        g: grad.map(Pack::splat),
        m: [Pack::splat(0.0); 2],
        v: [Pack::splat(0.0); 2],
    };
    let mut alive = Mask::splat(true);
    let mut taken = [0usize; LANES];
    let mut diverged = [None; LANES];
    rows.clear();
    for n in 1..=b.steps {
        let c = Corrections {
            bc1: Pack::from_fn(|l| lanes.tables[l].0.one_minus(n)),
            bc2: Pack::from_fn(|l| lanes.tables[l].1.one_minus(n)),
            root2: Pack::from_fn(|l| lanes.tables[l].1.root(n)),
        };
        let (mut next, u) = if b.hyper.eps_inside {
            step::<true>(&mut at, &lanes, &rule, &c)
        } else {
            step::<false>(&mut at, &lanes, &rule, &c)
        };
        land.project_lanes(&mut next);
        let (f, g) = land.value_and_gradient_lanes(next[0], next[1]);
        let ok = alive & arrived(next, f, g);
        for (l, (was, now)) in alive.to_array().into_iter().zip(ok.to_array()).enumerate() {
            if was && !now {
                diverged[l] = Some(n);
            }
            if now {
                taken[l] = n;
            }
        }
        alive = ok;
        at.theta = [0, 1].map(|k| ok.select(next[k], at.theta[k]));
        at.g = [0, 1].map(|k| ok.select(g[k], at.g[k]));
        at.loss = ok.select(f, at.loss);
        rows.push(norm(u).to_array());
        if !alive.any() {
            break;
        }
    }
    for (l, norms) in norms.iter_mut().enumerate() {
        norms.clear();
        norms.extend(rows[..taken[l]].iter().map(|r| r[l]));
    }
    let (x, y, loss) = (
        at.theta[0].to_array(),
        at.theta[1].to_array(),
        at.loss.to_array(),
    );
    Some(Ends {
        last: std::array::from_fn(|l| ([x[l], y[l]], loss[l])),
        diverged,
    })
}

/// What is the same in every lane: the rule's weight decay and ε.
struct Rule {
    /// AdamW: θ shrinks by 1 − ηλ before the step.
    decoupled: bool,
    /// Adam with λ ≠ 0: λθ is added to the gradient.
    coupled: bool,
    wd: Pack,
    eps: Pack,
}

/// The bias corrections at step n: 1 − γⁿ, 1 − βⁿ and √(1 − βⁿ).
struct Corrections {
    bc1: Pack,
    bc2: Pack,
    root2: Pack,
}

/// Four cells' point, loss, gradient and moments, lane by lane.
struct At {
    theta: [Pack; 2],
    loss: Pack,
    g: [Pack; 2],
    m: [Pack; 2],
    v: [Pack; 2],
}

/// One Adam step in every lane: moves the moments on and returns the next points and u.
/// No lane branches; a division by a correction of exactly 1 is x itself, bit for bit.
#[inline(always)]
fn step<const INSIDE: bool>(
    at: &mut At,
    lanes: &Lanes,
    rule: &Rule,
    c: &Corrections,
) -> ([Pack; 2], [Pack; 2]) {
    let step_size = -(lanes.lr / c.bc1);
    let mut next = [Pack::splat(0.0); 2];
    let mut u = [Pack::splat(0.0); 2];
    for k in 0..2 {
        let (theta, g) = (at.theta[k], at.g[k]);
        let p = if rule.decoupled {
            theta * lanes.shrink
        } else {
            theta
        };
        let x = if rule.coupled { g + rule.wd * theta } else { g };
        let m = at.m[k];
        // torch's lerp(m, x, w), whose formula depends on w < 0.5.
        let m = lanes
            .small_w
            .select(m + lanes.w * (x - m), x - (x - m) * lanes.one_minus_w);
        let v = at.v[k] * lanes.beta + lanes.one_minus_beta * x * x;
        let denom = if INSIDE {
            (v / c.bc2 + rule.eps).sqrt()
        } else {
            v.sqrt() / c.root2 + rule.eps
        };
        (at.m[k], at.v[k]) = (m, v);
        next[k] = p + (step_size * m) / denom;
        u[k] = m / denom / c.bc1;
    }
    (next, u)
}

/// The hyperparameters of four cells, lane by lane.
struct Lanes {
    lr: Pack,
    /// 1 − γ, the weight of the new gradient in m, 1 − (1 − γ), and whether w < 0.5.
    w: Pack,
    one_minus_w: Pack,
    small_w: Mask,
    beta: Pack,
    one_minus_beta: Pack,
    /// Decoupled weight decay's factor 1 − ηλ (AdamW).
    shrink: Pack,
    tables: [(Rc<Table>, Rc<Table>); LANES],
}

fn lanes(sweep: &Sweep, group: &[usize], tables: &mut Tables) -> Lanes {
    let steps = sweep.base.steps;
    let hyper: [_; LANES] = std::array::from_fn(|l| sweep.hyper(group[l.min(group.len() - 1)]));
    let decays = hyper.each_ref().map(|h| h.level(1));
    let w = Pack::from_fn(|l| 1.0 - decays[l][0]);
    let beta = Pack::from_fn(|l| decays[l][1]);
    Lanes {
        lr: Pack::from_fn(|l| hyper[l].lr),
        w,
        one_minus_w: Pack::splat(1.0) - w,
        small_w: w.lt(Pack::splat(0.5)),
        beta,
        one_minus_beta: Pack::splat(1.0) - beta,
        shrink: Pack::from_fn(|l| 1.0 - hyper[l].lr * hyper[l].weight_decay),
        tables: decays.map(|[gamma, beta]| (tables.get(gamma, steps), tables.get(beta, steps))),
    }
}

/// `sim::arrive`'s checks of the points and of f and ∇f there.
#[inline(always)]
fn arrived(p: [Pack; 2], f: Pack, g: [Pack; 2]) -> Mask {
    let bound = Pack::splat(DIVERGENCE_BOUND);
    // A NaN coordinate fails the bound; an infinite one fails it too.
    p[0].abs().le(bound) & p[1].abs().le(bound) & f.finite() & g[0].finite() & g[1].finite()
}

/// ‖u‖∞ as a record keeps it (a non-finite coordinate counts as 0).
#[inline(always)]
fn norm(u: [Pack; 2]) -> Pack {
    let zero = Pack::splat(0.0);
    let [a, b] = u.map(|c| c.finite().select(c.abs(), zero));
    a.ge(b).select(a, b)
}
