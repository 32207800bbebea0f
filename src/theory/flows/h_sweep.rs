//! Cattaneo et al.'s first-order claim in numbers: after a fixed time T = N·h, Adam's end point
//! sits a distance from the leading-order flow's end that shrinks in proportion to h (math.md
//! §3.3, DERIVED: the flow's error is O(h)). Halving h and doubling the steps should halve it.

use super::modified::{adam_flow, FlowOrder, Integrator, PaperAdam};
use crate::noise::Noise;
use crate::optim::Optimizer;
use crate::sim::{run, RunConfig};

/// RK4 sub-steps per optimizer step: the flow's own error then stays far below the shifts.
const SUBSTEPS: usize = 8;
/// Most optimizer steps of the finest run.
pub const MOST_STEPS: usize = 100_000;

/// One step size of the sweep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HPoint {
    pub h: f64,
    pub steps: usize,
    /// |θ_N − θ_flow(N·h)|.
    pub shift: f64,
}

/// The run at h, h/2, …, h/2^`halvings` (steps doubled each time, so the same time N·h), each
/// end point's distance from the leading flow's. Err says in one line why not: not Adam or
/// AdamW without decay, noise, a run that diverges, a flow that stops, or too many steps.
pub fn h_sweep(cfg: &RunConfig, halvings: u32) -> Result<Vec<HPoint>, String> {
    if !matches!(cfg.optimizer, Optimizer::Adam | Optimizer::AdamW) {
        return Err("the modified flow is derived for Adam".into());
    }
    if cfg.noise != Noise::None {
        return Err("the flows are deterministic: switch the noise off".into());
    }
    let most = cfg.steps.saturating_mul(1 << halvings);
    if most > MOST_STEPS {
        return Err(format!(
            "{most} steps at the smallest h: at most {MOST_STEPS}; use fewer steps"
        ));
    }
    (0..=halvings)
        .map(|i| {
            let mut c = cfg.clone();
            c.hyper.lr = cfg.hyper.lr / f64::from(1u32 << i);
            c.steps = cfg.steps << i;
            point(&c)
        })
        .collect()
}

fn point(c: &RunConfig) -> Result<HPoint, String> {
    let h = c.hyper.lr;
    let t = run(c);
    if let Some(d) = t.diverged {
        return Err(format!(
            "at h = {h} the run stopped at step {}: {}",
            d.step, d.reason
        ));
    }
    let end = t.records.last().map(|r| r.theta).ok_or("no step taken")?;
    let adam = PaperAdam::from_hyper(&c.hyper)?;
    let integrator = Integrator::Rk4 { substeps: SUBSTEPS };
    let flow = adam_flow(
        &c.landscape,
        &adam,
        FlowOrder::Leading,
        c.start,
        c.steps,
        integrator,
    )?;
    if let Some(e) = flow.stopped {
        return Err(format!("at h = {h} the flow stopped: {e:?}"));
    }
    let f = flow.points.last().ok_or("the flow has no point")?;
    Ok(HPoint {
        h,
        steps: c.steps,
        shift: (end[0] - f[0]).hypot(end[1] - f[1]),
    })
}

/// shift(h)/shift(h/2) for each halving: near 2 where the shift is proportional to h.
pub fn ratios(points: &[HPoint]) -> Vec<f64> {
    points.windows(2).map(|w| w[0].shift / w[1].shift).collect()
}
