//! k-Adam: adaptive normalisation applied k times, each level fed the previous level's output.
//!
//! u⁽⁰⁾ = g;  for i = 1..k: m⁽ⁱ⁾ ← γᵢ m⁽ⁱ⁾ + (1 − γᵢ) u⁽ⁱ⁻¹⁾,  v⁽ⁱ⁾ ← βᵢ v⁽ⁱ⁾ + (1 − βᵢ)(u⁽ⁱ⁻¹⁾)²,
//! u⁽ⁱ⁾ = m̂⁽ⁱ⁾ / (√v̂⁽ⁱ⁾ + ε);  θ ← θ(1 − ηλ) − η u⁽ᵏ⁾.
//! k = 1 is Adam (AdamW with λ > 0) step for step; k = 2 is Adam with a normalisation layer.
//! Per-level decays, shared ε, and a bias correction on every level are RECONSTRUCTED.
//!
//! Gould & Tanaka, Continuous-Time Analysis of Adaptive Optimization and Normalization (2024).

use super::{decay_decoupled, label, Citation, Descriptor, Stack, StepKind};
use crate::optim::common::decay;
use crate::optim::describe::{Decay, Equation, Series};
use crate::optim::level;
use crate::optim::math::{def, g, id, num, op, paren_row, sub, sup, text, theta_step, Math};
use crate::optim::spec::{BETA1, BETA2, BIAS_CORRECTION, EPS, EPS_INSIDE, K, LR, WEIGHT_DECAY};
use crate::optim::{Hyper, MAX_K};
use crate::theory::verdict::{ratio, LevelFactor};

pub const RULE: Descriptor = Descriptor {
    name: "kadam",
    title: "k-Adam",
    follows: "Gould & Tanaka (2024), RECONSTRUCTED: no official code",
    paper: Citation {
        title: "Gould & Tanaka, 2024",
        url: "https://arxiv.org/abs/2411.05746",
    },
    params: &[LR, BETA1, BETA2, EPS, WEIGHT_DECAY, K],
    kind: StepKind::Stacked,
    flags: &[BIAS_CORRECTION, EPS_INSIDE],
    defaults: || Hyper {
        k: 2,
        ..Hyper::default()
    },
    labels: &[
        (LR.key, label("η", "learning rate (lr, as Adam's)")),
        (
            BETA1.key,
            label("γ", "momentum, first-moment decay of level 1 (Adam's β1)"),
        ),
        (
            BETA2.key,
            label("β", "second-moment decay of level 1 (Adam's β2)"),
        ),
        (
            EPS.key,
            label("ε", "stability constant of every level (Adam's eps)"),
        ),
        (
            WEIGHT_DECAY.key,
            label("λ", "decoupled weight decay θ ← θ(1 − ηλ)"),
        ),
        (K.key, label("k", "normalisation levels (k-Adam depth)")),
    ],
    note:
        "levels 2..k take their own (beta1, beta2), by default level 1's; weight decay is decoupled",
    check: Some(check_levels),
    step: |h, s, theta, g| level::stack(h, s, decay(h, theta), g, h.k.clamp(1, MAX_K)),
    equation,
    series: |_| Series {
        m: Some("First moment m⁽¹⁾ (level 1)"),
        v: Some("Second moment v⁽¹⁾ (level 1)"),
    },
    decay: decay_decoupled,
    // The last level's decays decide.
    decays: |h| {
        let [gamma, beta] = h.level(h.k.max(1));
        Some((beta, gamma))
    },
    factor: |h, beta, gamma| factor_at(h, deciding(h), beta, gamma),
    reason: |h, _| reason(&levels(h)),
    gould_tanaka: false,
    levels: Some(Stack {
        table: levels,
        factor_at,
        deciding,
    }),
};

/// The level the verdict reads and the diagram sets unless told otherwise: the last, or level
/// 1 of a tied stack, which moves them all.
fn deciding(h: &Hyper) -> usize {
    if h.tied() {
        1
    } else {
        h.k.clamp(1, MAX_K)
    }
}

/// Each extra level's decays in range, and no more levels than k-Adam can have.
fn check_levels(h: &Hyper) -> Result<(), String> {
    for (i, [b1, b2]) in h.levels.iter().enumerate() {
        let level = i + 2;
        BETA1
            .check(*b1)
            .map_err(|e| format!("level {level}: {e}"))?;
        BETA2
            .check(*b2)
            .map_err(|e| format!("level {level}: {e}"))?;
    }
    if h.levels.len() > MAX_K - 1 {
        return Err(format!(
            "at most {} extra levels, got {}",
            MAX_K - 1,
            h.levels.len()
        ));
    }
    Ok(())
}

fn equation(h: &Hyper) -> Equation {
    let mut e = Equation::after_decay(h, Decay::Decoupled);
    let k = h.k.clamp(1, MAX_K);
    let lvl = |x: Math| sup(x, paren_row(vec![id("i")]));
    let input = sup(id("u"), paren_row(vec![id("i"), op("−"), num("1")]));
    e.lines
        .push(def(sup(id("u"), paren_row(vec![num("0")])), vec![g()]));
    e.lines.push(if k == 1 {
        text("for the one level i = 1 (k = 1: Adam's step):")
    } else {
        Math::Text(format!(
            "for each level i = 1, …, k (k = {k}), with its own γᵢ, βᵢ:"
        ))
    });
    e.lines.extend(level::lines(
        h,
        lvl(id("m")),
        lvl(id("v")),
        sub(id("γ"), id("i")),
        sub(id("β"), id("i")),
        input,
    ));
    e.lines.push(def(
        sup(id("u"), paren_row(vec![id("i")])),
        vec![level::dir(h, lvl(id("m")), lvl(id("v")))],
    ));
    e.lines.push(theta_step(vec![sup(
        id("u"),
        paren_row(vec![num(&k.to_string())]),
    )]));
    e.notes.push(
        "RECONSTRUCTED: per-level decays (γᵢ, βᵢ), a shared ε and the same bias \
         correction and ε placement at every level; no official code exists.",
    );
    level::notes(h, &mut e.notes);
    e
}

/// The levels, each fed the previous level's output. Level i's output factor is max(γᵢ, ρ)/max(√βᵢ, ρ) when its input changes
/// by ρ per step (ρ = 0 for level 1): m follows the slower of its own decay and its input, √v
/// likewise (DERIVED).
fn levels(h: &Hyper) -> Vec<LevelFactor> {
    let k = h.k.clamp(1, MAX_K);
    let mut input = 0.0_f64;
    (1..=k)
        .map(|i| {
            let [gamma, beta] = h.level(i);
            let output = level_output(beta, gamma, input);
            input = output;
            LevelFactor {
                decays: (beta, gamma),
                own: ratio(gamma, beta.sqrt()),
                output,
            }
        })
        .collect()
}

/// A level's output factor when its input changes by `input` per step.
fn level_output(beta: f64, gamma: f64, input: f64) -> f64 {
    ratio(gamma.max(input), beta.sqrt().max(input))
}

/// The last level's output factor with level `moved`'s decays at (β, γ), and with them every
/// level that follows level 1 when `moved` is 1 (the levels no decays are listed for, as
/// `Hyper::level` reads them). The diagram asks this per pixel, so it folds the levels
/// without building them.
fn factor_at(h: &Hyper, moved: usize, beta: f64, gamma: f64) -> f64 {
    let k = h.k.clamp(1, MAX_K);
    let moves = |i: usize| i == moved || moved == 1 && i >= 2 && i - 2 >= h.levels.len();
    (1..=k).fold(0.0, |input, i| {
        let [g, b] = if moves(i) { [gamma, beta] } else { h.level(i) };
        level_output(b, g, input)
    })
}

fn reason(levels: &[LevelFactor]) -> String {
    let k = levels.len();
    let Some(top) = levels.last() else {
        return String::new();
    };
    if k == 1 {
        return format!("as Adam: γ/√β = {:.4} per step", top.own);
    }
    let below = levels[k - 2].output;
    if top.output > 1.0 {
        format!(
            "the levels below feed level {k} an input that fades by {below:.4} per step, faster than its momentum γ{k} forgets, so level {k} grows as Adam would"
        )
    } else if below >= 1.0 {
        format!(
            "level {k}'s input does not fade (factor {below:.4}), so level {k} normalises it to a bounded size"
        )
    } else {
        format!(
            "level {k}'s input fades by {below:.4} per step and its own γ/√β is {:.4}: u changes by {:.4} per step",
            top.own, top.output
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::optim::rules::testing::{hyper, step_line, texts};
    use crate::optim::{Hyper, Optimizer, MAX_K};

    /// The phase diagram's per-pixel factor and the panel's table say the same.
    #[test]
    fn the_folded_top_factor_is_the_tables_last_level() {
        for k in 1..=3 {
            for levels in [vec![], vec![[0.99, 0.9]], vec![[0.0, 0.9], [0.9, 0.5]]] {
                let mut h = Hyper {
                    k,
                    beta1: 0.9,
                    beta2: 0.99,
                    levels,
                    ..Hyper::default()
                };
                let top = h.level(k);
                let want = super::levels(&h).last().unwrap().output;
                assert_eq!(
                    super::factor_at(&h, super::deciding(&h), top[1], top[0]),
                    want,
                    "k = {k}"
                );
                // Moving the last level elsewhere is what the diagram does per pixel.
                if k > 1 {
                    h.levels.resize(k - 1, [0.9, 0.99]);
                    h.levels[k - 2] = [0.99, 0.9];
                    let moved = super::levels(&h).last().unwrap().output;
                    assert_eq!(super::factor_at(&h, k, 0.9, 0.99), moved, "k = {k}");
                }
            }
        }
    }

    /// A tied stack's pixel is the run moved there: every level at the pixel's (β, γ).
    #[test]
    fn a_tied_stacks_pixel_moves_every_level() {
        for k in 1..=4 {
            for (beta, gamma) in [(0.9, 0.99), (0.999, 0.9), (0.5, 0.9), (0.25, 0.45)] {
                let h = Hyper {
                    k,
                    ..Hyper::default()
                };
                let moved = Hyper {
                    beta1: gamma,
                    beta2: beta,
                    ..h.clone()
                };
                let want = super::levels(&moved).last().unwrap().output;
                assert_eq!(super::factor_at(&h, 1, beta, gamma), want, "k = {k}");
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
}
