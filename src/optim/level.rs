//! One adaptive-normalisation level, the building block of Adam, AdamW, AMSGrad and k-Adam:
//! its arithmetic and its formula, kept together so the page shows what the step computes.

use super::common::{coupled, decay};
use super::math::{corrected, def, ema, eps, frac, hat, num, op, paren_row, row, sqrt, sup, Math};
use super::power::Power;
use super::{Hyper, State, Step};
use crate::pack::Pair;
use crate::Vec2;

/// One adaptive-normalisation level fed with x:
/// m ← γ m + (1 − γ) x;  v ← β v + (1 − β) x²;  returns m / denom and 1 − γᵗ, where
/// denom = √v / √(1 − βᵗ) + ε, or √(v / (1 − βᵗ) + ε) with ε inside the root.
pub(crate) struct Level {
    /// m / denom, before the first-moment correction.
    pub ratio: Pair,
    pub denom: Pair,
    pub bc1: f64,
}

/// A level's bias corrections at step t: 1 − γᵗ, 1 − βᵗ and √(1 − βᵗ); all 1 when bias
/// correction is off. A run computes them from its cached powers, a sweep from tables its
/// cells share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Corrections {
    pub bc1: f64,
    pub bc2: f64,
    pub root2: f64,
}

impl Corrections {
    pub(crate) const NONE: Corrections = Corrections {
        bc1: 1.0,
        bc2: 1.0,
        root2: 1.0,
    };

    /// The corrections of decays (γ, β) at step t, from the state's cached powers.
    #[inline]
    fn at(h: &Hyper, decays: [f64; 2], powers: &mut [Power; 2], t: u64) -> Corrections {
        if !h.bias_correction {
            return Corrections::NONE;
        }
        let bc2 = powers[1].one_minus(decays[1], t);
        Corrections {
            bc1: powers[0].one_minus(decays[0], t),
            bc2,
            root2: bc2.sqrt(),
        }
    }
}

/// Both coordinates at once, on one f64x2 in the page: each rounds as the scalar formula
/// (torch's lerp, then `mul_(β).addcmul_(g, g, value=1−β)`).
#[inline(always)]
pub(crate) fn level(
    h: &Hyper,
    decays: [f64; 2],
    mv: &mut [Vec2; 2],
    c: Corrections,
    x: Vec2,
) -> Level {
    let [gamma, beta] = decays;
    let (m, v, x) = (Pair::from(mv[0]), Pair::from(mv[1]), Pair::from(x));
    let w = 1.0 - gamma;
    let m = if w < 0.5 {
        m + Pair::splat(w) * (x - m)
    } else {
        x - (x - m) * Pair::splat(1.0 - w)
    };
    let v = v * Pair::splat(beta) + Pair::splat(1.0 - beta) * x * x;
    let denom = if h.eps_inside {
        (v / Pair::splat(c.bc2) + Pair::splat(h.eps)).sqrt()
    } else {
        v.sqrt() / Pair::splat(c.root2) + Pair::splat(h.eps)
    };
    *mv = [m.into(), v.into()];
    Level {
        ratio: m / denom,
        denom,
        bc1: c.bc1,
    }
}

/// x / bc, without the division when bc is exactly 1 (x / 1 is x, bit for bit): a bias
/// correction is 1 once its power has vanished (Adam's 1 − 0.9ᵗ from t ≈ 360), and divisions
/// are the slowest arithmetic in a step.
#[inline(always)]
fn unbias(x: Pair, bc: f64) -> Pair {
    if bc == 1.0 {
        x
    } else {
        x / Pair::splat(bc)
    }
}

/// The last level's step, as torch's `param.addcdiv_(m, denom, value=-lr/bc1)`.
#[inline(always)]
pub(crate) fn apply(h: &Hyper, theta: Vec2, m: Vec2, last: &Level, eff_scale: Pair) -> Step {
    let step_size = if last.bc1 == 1.0 {
        h.lr
    } else {
        h.lr / last.bc1
    };
    let theta = Pair::from(theta) + (Pair::splat(-step_size) * Pair::from(m)) / last.denom;
    Step {
        theta: theta.into(),
        update: unbias(last.ratio, last.bc1).into(),
        eff_lr: (Pair::splat(h.lr) * eff_scale).into(),
    }
}

/// Adam's step (k = 1; AdamW's with `decoupled`) with corrections given by the caller: the
/// step `Optimizer::step` takes when they are the state's own. The effective rate is left NaN,
/// since the sweeps that call this never read it.
pub(crate) fn adam_with(
    h: &Hyper,
    decoupled: bool,
    s: &mut State,
    theta: Vec2,
    g: Vec2,
    c: Corrections,
) -> Step {
    s.t += 1;
    let (theta, x) = if decoupled {
        (decay(h, theta), g)
    } else {
        (theta, coupled(h, theta, g))
    };
    let mut mv = [s.m, s.v];
    let out = level(h, h.level(1), &mut mv, c, x);
    [s.m, s.v] = mv;
    apply(h, theta, s.m, &out, Pair::splat(f64::NAN))
}

/// k levels stacked, each fed the previous level's corrected output; level 1 keeps its moments
/// in `State::m` and `State::v`, so k = 1 is Adam step for step.
#[inline(always)]
pub(crate) fn stack(h: &Hyper, s: &mut State, theta: Vec2, g: Vec2, k: usize) -> Step {
    if s.upper.len() != k - 1 {
        s.upper.resize(k - 1, [[0.0; 2]; 2]);
    }
    let mut mv = [s.m, s.v];
    let c = Corrections::at(h, h.level(1), &mut s.powers.0[0], s.t);
    let mut out = level(h, h.level(1), &mut mv, c, g);
    [s.m, s.v] = mv;
    let mut eff = Pair::splat(1.0) / out.denom;
    let mut m_last = s.m;
    for i in 2..=k {
        let input = unbias(out.ratio, out.bc1).into();
        let mv = &mut s.upper[i - 2];
        let c = Corrections::at(h, h.level(i), &mut s.powers.0[i - 1], s.t);
        out = level(h, h.level(i), mv, c, input);
        m_last = mv[0];
        eff = eff / out.denom;
    }
    apply(h, theta, m_last, &out, eff)
}

/// m ← γm + (1 − γ)x, v ← βv + (1 − β)x², and the bias corrections when they are on.
pub(crate) fn lines(h: &Hyper, m: Math, v: Math, gamma: Math, beta: Math, x: Math) -> Vec<Math> {
    let x2 = match &x {
        Math::Id(_) => sup(x.clone(), num("2")),
        _ => sup(paren_row(vec![x.clone()]), num("2")),
    };
    let mut l = vec![
        ema(m.clone(), gamma.clone(), x),
        ema(v.clone(), beta.clone(), x2),
    ];
    if h.bias_correction {
        l.push(row(vec![
            def(hat_of(&m), vec![corrected(m, gamma)]),
            op(","),
            def(hat_of(&v), vec![corrected(v, beta)]),
        ]));
    }
    l
}

/// m̂/(√v̂ + ε), or m̂/√(v̂ + ε) with ε inside; m and v without hats when bias correction is off.
pub(crate) fn dir(h: &Hyper, m: Math, v: Math) -> Math {
    let (m, v) = if h.bias_correction {
        (hat_of(&m), hat_of(&v))
    } else {
        (m, v)
    };
    let denom = if h.eps_inside {
        sqrt(row(vec![v, op("+"), eps()]))
    } else {
        row(vec![sqrt(v), op("+"), eps()])
    };
    frac(m, denom)
}

/// What the two switches change, in words.
pub(crate) fn notes(h: &Hyper, notes: &mut Vec<&'static str>) {
    if !h.bias_correction {
        notes.push("Bias correction off: m and v enter the step as they are.");
    }
    if h.eps_inside {
        notes.push(
            "ε inside the root, as Cattaneo, Klusowski & Shigida (ICML 2024); \
             optax's eps = 0, eps_root = ε.",
        );
    }
}

/// x̂, keeping a level's superscript outside the hat: m̂⁽ⁱ⁾.
fn hat_of(x: &Math) -> Math {
    match x {
        Math::Sup(a, b) => Math::Sup(Box::new(hat(*a.clone())), b.clone()),
        _ => hat(x.clone()),
    }
}

#[cfg(test)]
mod tests {
    use crate::optim::describe::{Equation, Math};
    use crate::optim::rules::testing::{eps_under_root, has_hat, hyper, is_id, texts};
    use crate::optim::Optimizer;

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
}
