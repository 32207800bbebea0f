//! Gould & Tanaka's meta-adaptive effect (math.md §2.6) along an AdamW run on the
//! scale-invariant landscape, as two charts: ‖W‖² against the moving-average prediction
//! (η/2λ)·EMA(‖u‖²), and W's angle against that of 2-Adam with γ₂ = 0 from the same start,
//! their normalisation-layer analogue.

use super::chart::{line, Chart, Line, Named, Titles};
use crate::landscape::Landscape;
use crate::optim::Optimizer;
use crate::sim::{Record, RunConfig, Trajectory};
use crate::theory::meta_adaptive::{meta_adaptive, MetaPoint};

/// The charts' ids and captions.
pub const CHARTS: [(&str, &str); 2] = [
    (
        "chart-meta-norm",
        "‖W‖² (run) and (η/2λ)·EMA(‖u‖²) (dashed grey, DERIVED) (log)",
    ),
    (
        "chart-meta-angle",
        "Angle of W (run) and of 2-Adam with γ₂ = 0 (dashed grey), radians",
    ),
];

/// The companion run's colour, apart from every run's.
pub const COMPANION: &str = "#b0b8c4";

/// Why the comparison does not apply to a run, in one line; None when it does.
pub fn not_applicable(cfg: &RunConfig) -> Option<&'static str> {
    if cfg.optimizer != Optimizer::AdamW {
        Some("The effect is AdamW's: select an AdamW run (decoupled weight decay λ > 0).")
    } else if cfg.hyper.weight_decay <= 0.0 {
        Some("The effect needs decoupled weight decay: set λ above 0.")
    } else if cfg.landscape != Landscape::ScaleInvariant {
        Some("The effect needs a loss that ignores ‖W‖: choose the scale-invariant landscape.")
    } else {
        None
    }
}

/// 2-Adam with γ₂ = 0 and β₂ = the run's β (PyTorch β2), no weight decay, everything else
/// the run's: what Gould & Tanaka compare AdamW's direction with.
pub fn companion(cfg: &RunConfig) -> RunConfig {
    let mut c = cfg.clone();
    c.optimizer = Optimizer::KAdam;
    c.hyper.weight_decay = 0.0;
    c.hyper.k = 2;
    c.hyper.levels = vec![[0.0, cfg.hyper.beta2]];
    c
}

/// The comparison's points along the run.
pub fn points(cfg: &RunConfig, t: &Trajectory) -> Result<Vec<MetaPoint>, String> {
    let thetas: Vec<_> = t.records.iter().map(|r| r.theta).collect();
    let updates: Vec<_> = t.records.iter().map(|r| r.update).collect();
    meta_adaptive(&thetas, &updates, cfg.hyper.lr, cfg.hyper.weight_decay)
}

/// Mean |cos(W, u)| over the steps: 0 where the paper's Assumption 1 holds.
pub fn mean_abs_cos(points: &[MetaPoint]) -> f64 {
    let steps = points.get(1..).unwrap_or_default();
    steps.iter().map(|p| p.abs_cos).sum::<f64>() / steps.len().max(1) as f64
}

/// W's angle at each step, unwrapped so it never jumps by 2π.
pub fn angles(t: &Trajectory) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::with_capacity(t.records.len());
    for r in &t.records {
        let a = r.theta[1].atan2(r.theta[0]);
        let a = match out.last() {
            Some(&prev) => a + std::f64::consts::TAU * ((prev - a) / std::f64::consts::TAU).round(),
            None => a,
        };
        out.push(a);
    }
    out
}

/// The two charts' lines as values per step, named as the readout names them: ‖W‖² and its
/// prediction; the angle of W and of the companion 2-Adam.
pub fn lines(points: &[MetaPoint], run: &Trajectory, other: &Trajectory) -> [Vec<Named>; 2] {
    let named = |label, values| Named { label, values };
    [
        vec![
            named("‖W‖²", points.iter().map(|p| p.norm_sq).collect()),
            named(
                "(η/2λ)·EMA(‖u‖²)",
                points.iter().map(|p| p.ema_prediction).collect(),
            ),
        ],
        vec![
            named("angle of W", angles(run)),
            named("2-Adam (γ₂ = 0)", angles(other)),
        ],
    ]
}

/// What the two charts' axes show.
pub fn titles() -> [Titles; 2] {
    [
        Titles::steps("‖W‖²", true),
        Titles::steps("angle of W, radians", false),
    ]
}

/// The two charts from their `lines`: ‖W‖² of the run (its colour) and the prediction (grey,
/// dashed), log; the angle of the run and of the companion 2-Adam (grey, dashed).
pub fn charts(
    lines: &[Vec<Named>; 2],
    run: &Trajectory,
    other: &Trajectory,
    color: &str,
) -> [Chart; 2] {
    let at = |v: &[f64], r: &Record| v.get(r.step).copied().unwrap_or(f64::NAN);
    // Each chart's first line is the run's; its second, grey and dashed, follows the steps of
    // `second` (the run for the prediction, the companion for its angle).
    let drawn = |k: usize, log: bool, second: &Trajectory| -> Vec<Line> {
        let on = [(run, color, false), (second, COMPANION, true)];
        lines[k]
            .iter()
            .zip(on)
            .map(|(n, (t, c, dashed))| line(t, c, dashed, log, 0, &|r| at(&n.values, r)))
            .collect()
    };
    let [norm, angle] = titles();
    let chart = |k: usize, titles: Titles, log: bool, second: &Trajectory| Chart {
        id: CHARTS[k].0,
        caption: CHARTS[k].1.into(),
        titles,
        log,
        per_coord: false,
        lines: drawn(k, log, second),
        guides: Vec::new(),
    };
    [chart(0, norm, true, run), chart(1, angle, false, other)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::chart::{read_named, Value};
    use crate::sim::run;

    fn adamw() -> RunConfig {
        let mut cfg = RunConfig::new(Optimizer::AdamW, Landscape::ScaleInvariant, 400);
        cfg.hyper.lr = 0.01;
        cfg.hyper.weight_decay = 0.1;
        cfg
    }

    #[test]
    fn it_applies_to_adamw_with_decay_on_the_scale_invariant_loss_only() {
        assert_eq!(not_applicable(&adamw()), None);
        let mut c = adamw();
        c.hyper.weight_decay = 0.0;
        assert!(not_applicable(&c).unwrap().contains("λ"));
        let mut c = adamw();
        c.landscape = Landscape::Rosenbrock;
        assert!(not_applicable(&c).unwrap().contains("scale-invariant"));
        let mut c = adamw();
        c.optimizer = Optimizer::Adam;
        assert!(not_applicable(&c).unwrap().contains("AdamW"));
    }

    #[test]
    fn the_companion_is_2adam_with_gamma2_zero_and_no_decay() {
        let c = companion(&adamw());
        assert_eq!(c.optimizer, Optimizer::KAdam);
        assert_eq!((c.hyper.k, c.hyper.weight_decay), (2, 0.0));
        assert_eq!(c.hyper.level(2), [0.0, adamw().hyper.beta2]);
        assert_eq!(c.validate(), Ok(()));
    }

    #[test]
    fn charts_follow_the_run_and_decay_shrinks_the_norm() {
        let cfg = adamw();
        let (t, other) = (run(&cfg), run(&companion(&cfg)));
        let p = points(&cfg, &t).unwrap();
        assert_eq!(p.len(), t.records.len());
        // Decoupled decay shrinks ‖W‖² while the gradient barely grows it.
        assert!(p.last().unwrap().norm_sq < p[0].norm_sq, "{:?}", p.last());
        let cos = mean_abs_cos(&p);
        assert!((0.0..=1.0).contains(&cos), "{cos}");
        let l = lines(&p, &t, &other);
        let [norm, angle] = charts(&l, &t, &other, "#e69f00");
        assert_eq!(norm.lines.len(), 2);
        assert_eq!(angle.lines.len(), 2);
        assert!(norm.lines.iter().all(|l| !l.segments.is_empty()));
        assert!(angle.lines[1].dashed && !angle.lines[0].dashed);
        // The readout names each line and reads the value the chart draws at the step.
        let last = t.records.len() - 1;
        for step in [0, 200, last] {
            let r = read_named(&l[0], step).unwrap();
            let want = [
                ("‖W‖²".to_string(), Value::At(p[step].norm_sq), None),
                (
                    "(η/2λ)·EMA(‖u‖²)".to_string(),
                    Value::At(p[step].ema_prediction),
                    None,
                ),
            ];
            assert_eq!(r.values, want);
            let r = read_named(&l[1], step).unwrap();
            assert_eq!(r.values[1].1, Value::At(angles(&other)[step]));
        }
        assert!(read_named(&l[1], last + 1).is_none());
    }

    #[test]
    fn angles_unwrap_across_the_negative_x_axis() {
        let mut t = run(&adamw());
        t.records.truncate(3);
        t.records[0].theta = [-1.0, 0.1];
        t.records[1].theta = [-1.0, -0.1];
        t.records[2].theta = [-1.0, 0.1];
        let a = angles(&t);
        assert!(
            (a[1] - a[0]).abs() < 0.3 && (a[2] - a[1]).abs() < 0.3,
            "{a:?}"
        );
    }
}
