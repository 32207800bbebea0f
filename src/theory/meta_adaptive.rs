//! Gould & Tanaka's "meta-adaptive" effect (math.md §2.6): under AdamW a scale-invariant
//! weight's squared norm follows a moving average of ‖u‖², so its direction is normalised a
//! second time. The quantities here are read off a run (θₙ and the update uₙ of each step).

use crate::Vec2;

/// What a 2D demo must say beside these quantities (math.md §2.6, VERIFIED-NUM).
pub const CAVEAT: &str = "The prediction ‖W‖² ≈ (η/2λ)·EMA(‖u‖²) assumes the update is \
orthogonal to W (Assumption 1, REPORTED), which high dimension makes nearly true. In 2D, \
per-coordinate Adam can break it (mean |cos(W, u)| ≈ 0.5 on some runs), and the prediction \
can then be off by one to two orders of magnitude late in training. It holds exactly only \
when u is parallel to the gradient, e.g. with no momentum and one scalar second moment \
(DERIVED); read it as approximate otherwise.";

/// One step of the comparison.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MetaPoint {
    pub step: usize,
    /// ‖Wₙ‖² of the run.
    pub norm_sq: f64,
    /// Sₙ: S₀ = ‖W₀‖², Sₙ₊₁ = (1 − ηλ)² Sₙ + η² ‖uₙ₊₁‖², the run's own recursion with the
    /// cross term −2η(1 − ηλ)⟨Wₙ, u⟩ dropped (math.md §2.6, DERIVED; exact iff ⟨W, u⟩ = 0).
    pub recursion: f64,
    /// (η/2λ)·eₙ with e₀ = (2λ/η)‖W₀‖², eₙ₊₁ = (1 − 2ηλ) eₙ + 2ηλ ‖uₙ₊₁‖²: the paper's
    /// moving-average reading, to first order in ηλ (math.md §2.6, DERIVED).
    pub ema_prediction: f64,
    /// |cos(Wₙ₋₁, uₙ)| of the step that reached this point (0 at n = 0): how far Assumption 1
    /// is from true.
    pub abs_cos: f64,
}

/// The comparison along AdamW's run on a scale-invariant loss: `thetas[n]` = Wₙ and
/// `updates[n]` = the u of the step that reached Wₙ (the crate's `Record::update`; index 0 is
/// unused), with learning rate `lr` = η and decoupled decay `lambda` = λ. Err names a bad
/// `lr` or `lambda`, or mismatched lengths.
pub fn meta_adaptive(
    thetas: &[Vec2],
    updates: &[Vec2],
    lr: f64,
    lambda: f64,
) -> Result<Vec<MetaPoint>, String> {
    if !(lr.is_finite() && lr > 0.0) {
        return Err(format!("lr must be finite and > 0, got {lr}"));
    }
    if !(lambda.is_finite() && lambda > 0.0) {
        return Err(format!(
            "lambda (weight_decay) must be finite and > 0, got {lambda}"
        ));
    }
    if thetas.len() != updates.len() {
        return Err(format!(
            "thetas and updates must have the same length, got {} and {}",
            thetas.len(),
            updates.len()
        ));
    }
    let sq = |v: Vec2| v[0] * v[0] + v[1] * v[1];
    let mut out: Vec<MetaPoint> = Vec::with_capacity(thetas.len());
    let decay = (1.0 - lr * lambda).powi(2);
    let w = 2.0 * lr * lambda;
    let mut ema = 0.0;
    for (n, (&theta, &u)) in thetas.iter().zip(updates).enumerate() {
        let norm_sq = sq(theta);
        let point = match out.last() {
            None => {
                ema = norm_sq / (lr / (2.0 * lambda));
                MetaPoint {
                    step: 0,
                    norm_sq,
                    recursion: norm_sq,
                    ema_prediction: norm_sq,
                    abs_cos: 0.0,
                }
            }
            Some(prev) => {
                ema = (1.0 - w) * ema + w * sq(u);
                let prev_w = thetas[n - 1];
                let denom = (sq(prev_w) * sq(u)).sqrt();
                let dot = prev_w[0] * u[0] + prev_w[1] * u[1];
                MetaPoint {
                    step: n,
                    norm_sq,
                    recursion: decay * prev.recursion + lr * lr * sq(u),
                    ema_prediction: lr / (2.0 * lambda) * ema,
                    abs_cos: if denom > 0.0 {
                        (dot / denom).abs()
                    } else {
                        0.0
                    },
                }
            }
        };
        out.push(point);
    }
    Ok(out)
}
