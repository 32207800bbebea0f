//! Integrators for y' = f(t, y) over fixed-size states `[f64; N]`: classical RK4 with
//! sub-steps, and Dormand–Prince 5(4) with error control.
//!
//! Nothing here panics on bad numbers: a state or derivative that turns non-finite stops the
//! integration, and the error says at which time, so an overlay can draw what it got.

/// Why an integration stopped before its end.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OdeError {
    /// The state or its derivative turned NaN or infinite; `t` is the last time the state was
    /// still finite.
    NonFinite { t: f64 },
    /// The adaptive step shrank below what f64 can resolve at `t` (a singularity, or a
    /// tolerance too tight for the problem).
    StepTooSmall { t: f64 },
    /// The adaptive integrator used its whole step budget before reaching the end.
    TooManySteps { t: f64 },
    /// A setting is unusable (non-finite or out of range); names it.
    BadSetting(&'static str),
}

impl std::fmt::Display for OdeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OdeError::NonFinite { t } => write!(f, "the state stopped being finite after t = {t}"),
            OdeError::StepTooSmall { t } => write!(f, "the step size underflowed at t = {t}"),
            OdeError::TooManySteps { t } => write!(f, "the step budget ran out at t = {t}"),
            OdeError::BadSetting(name) => write!(f, "{name} must be finite and in range"),
        }
    }
}

/// A solution sampled on a grid, and why it stopped early if it did: `points[n]` is the state
/// at the n-th sample time, and `points` is cut at the last finite sample.
#[derive(Clone, Debug, PartialEq)]
pub struct Sampled<const N: usize> {
    pub points: Vec<[f64; N]>,
    pub stopped: Option<OdeError>,
}

fn finite<const N: usize>(y: &[f64; N]) -> bool {
    y.iter().all(|c| c.is_finite())
}

/// y + Σ c_i k_i, the combination every Runge–Kutta stage forms.
fn axpy<const N: usize>(y: &[f64; N], terms: &[(f64, &[f64; N])]) -> [f64; N] {
    let mut out = *y;
    for (c, k) in terms {
        for i in 0..N {
            out[i] += c * k[i];
        }
    }
    out
}

/// One classical RK4 step of size dt: y(t + dt) with local error O(dt⁵).
pub fn rk4_step<const N: usize>(
    f: &mut impl FnMut(f64, &[f64; N]) -> [f64; N],
    t: f64,
    y: &[f64; N],
    dt: f64,
) -> [f64; N] {
    let k1 = f(t, y);
    let k2 = f(t + 0.5 * dt, &axpy(y, &[(0.5 * dt, &k1)]));
    let k3 = f(t + 0.5 * dt, &axpy(y, &[(0.5 * dt, &k2)]));
    let k4 = f(t + dt, &axpy(y, &[(dt, &k3)]));
    axpy(
        y,
        &[
            (dt / 6.0, &k1),
            (dt / 3.0, &k2),
            (dt / 3.0, &k3),
            (dt / 6.0, &k4),
        ],
    )
}

/// RK4 from (t0, y0), sampled every `dt` for `samples` intervals (so `samples + 1` points,
/// the first y0), each interval split into `substeps` RK4 steps. Sample n is taken at
/// t0 + n·dt, computed from n rather than summed, so long runs do not drift in time.
pub fn rk4_sampled<const N: usize>(
    mut f: impl FnMut(f64, &[f64; N]) -> [f64; N],
    t0: f64,
    y0: [f64; N],
    dt: f64,
    samples: usize,
    substeps: usize,
) -> Sampled<N> {
    let substeps = substeps.max(1);
    let h = dt / substeps as f64;
    sample(t0, y0, dt, samples, |ta, _, mut y| {
        for s in 0..substeps {
            let t = ta + s as f64 * h;
            let next = rk4_step(&mut f, t, &y, h);
            if !finite(&next) {
                return Err(OdeError::NonFinite { t });
            }
            y = next;
        }
        Ok(y)
    })
}

/// The points at t0 + n·dt, n = 0..=`samples`, each from the last by `advance(tₙ, tₙ₊₁, y)`;
/// stops at the first error, keeping the points before it. The time step and y0 are checked
/// first. Sample times are computed from n rather than summed, so long runs do not drift.
fn sample<const N: usize>(
    t0: f64,
    y0: [f64; N],
    dt: f64,
    samples: usize,
    mut advance: impl FnMut(f64, f64, [f64; N]) -> Result<[f64; N], OdeError>,
) -> Sampled<N> {
    let mut out = Sampled {
        points: vec![],
        stopped: None,
    };
    if !t0.is_finite() || !dt.is_finite() || dt <= 0.0 {
        out.stopped = Some(OdeError::BadSetting("time step"));
        return out;
    }
    if !finite(&y0) {
        out.stopped = Some(OdeError::NonFinite { t: t0 });
        return out;
    }
    out.points.reserve(samples + 1);
    out.points.push(y0);
    let mut y = y0;
    for n in 0..samples {
        let (ta, tb) = (t0 + n as f64 * dt, t0 + (n + 1) as f64 * dt);
        match advance(ta, tb, y) {
            Ok(next) => {
                y = next;
                out.points.push(y);
            }
            Err(e) => {
                out.stopped = Some(e);
                return out;
            }
        }
    }
    out
}

/// Error control of the adaptive integrator: a step is accepted when its estimated local
/// error e satisfies max_i |e_i| / (atol + rtol·|y_i|) ≤ 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerance {
    pub rtol: f64,
    pub atol: f64,
    /// Most accepted plus rejected steps over the whole integration.
    pub max_steps: usize,
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            rtol: 1e-9,
            atol: 1e-12,
            max_steps: 1_000_000,
        }
    }
}

impl Tolerance {
    fn check(&self) -> Result<(), OdeError> {
        if !(self.rtol.is_finite() && self.rtol >= 0.0) {
            return Err(OdeError::BadSetting("rtol"));
        }
        if !(self.atol.is_finite() && self.atol >= 0.0) || self.atol + self.rtol <= 0.0 {
            return Err(OdeError::BadSetting("atol"));
        }
        Ok(())
    }
}

// Dormand & Prince (1980), RK5(4)7M: the nodes, the stage weights, the fifth-order weights
// (also the last stage's row, so the seventh stage is the next step's first: FSAL) and the
// difference between the fifth- and fourth-order weights.
const C: [f64; 7] = [0.0, 0.2, 0.3, 0.8, 8.0 / 9.0, 1.0, 1.0];
const A: [[f64; 6]; 6] = [
    [0.2, 0.0, 0.0, 0.0, 0.0, 0.0],
    [3.0 / 40.0, 9.0 / 40.0, 0.0, 0.0, 0.0, 0.0],
    [44.0 / 45.0, -56.0 / 15.0, 32.0 / 9.0, 0.0, 0.0, 0.0],
    [
        19372.0 / 6561.0,
        -25360.0 / 2187.0,
        64448.0 / 6561.0,
        -212.0 / 729.0,
        0.0,
        0.0,
    ],
    [
        9017.0 / 3168.0,
        -355.0 / 33.0,
        46732.0 / 5247.0,
        49.0 / 176.0,
        -5103.0 / 18656.0,
        0.0,
    ],
    [
        35.0 / 384.0,
        0.0,
        500.0 / 1113.0,
        125.0 / 192.0,
        -2187.0 / 6784.0,
        11.0 / 84.0,
    ],
];
const E: [f64; 7] = [
    71.0 / 57600.0,
    0.0,
    -71.0 / 16695.0,
    71.0 / 1920.0,
    -17253.0 / 339200.0,
    22.0 / 525.0,
    -1.0 / 40.0,
];

/// Adaptive Dormand–Prince 5(4) integrator with a running step size, so that integrating
/// sample to sample keeps the step it learned.
pub struct Dopri<const N: usize> {
    tol: Tolerance,
    /// Step size to try next; 0 until the first step picks one.
    h: f64,
    steps: usize,
}

impl<const N: usize> Dopri<N> {
    pub fn new(tol: Tolerance) -> Result<Self, OdeError> {
        tol.check()?;
        Ok(Dopri {
            tol,
            h: 0.0,
            steps: 0,
        })
    }

    /// Accepted and rejected steps so far.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// y(t1) from y(t0) = y; lands exactly on t1 (t1 ≥ t0).
    pub fn advance(
        &mut self,
        f: &mut impl FnMut(f64, &[f64; N]) -> [f64; N],
        t0: f64,
        y: [f64; N],
        t1: f64,
    ) -> Result<[f64; N], OdeError> {
        if !t0.is_finite() || !t1.is_finite() || t1 < t0 {
            return Err(OdeError::BadSetting("time interval"));
        }
        let (mut t, mut y) = (t0, y);
        if !finite(&y) {
            return Err(OdeError::NonFinite { t });
        }
        let mut k1 = f(t, &y);
        if !finite(&k1) {
            return Err(OdeError::NonFinite { t });
        }
        if self.h <= 0.0 {
            self.h = self.first_step(&y, &k1, t1 - t0);
        }
        while t < t1 {
            if self.steps >= self.tol.max_steps {
                return Err(OdeError::TooManySteps { t });
            }
            self.steps += 1;
            let last = self.h >= t1 - t;
            let h = if last { t1 - t } else { self.h };
            if h <= 16.0 * f64::EPSILON * t.abs().max(1e-300) {
                return Err(OdeError::StepTooSmall { t });
            }
            let (y5, k7, err) = self.try_step(f, t, &y, &k1, h);
            if err.is_nan() || !finite(&y5) || !finite(&k7) {
                // Treat a step that leaves the finite numbers as too long, until it is tiny.
                self.h = h * 0.1;
                if self.h <= 16.0 * f64::EPSILON * t.abs().max(1e-300) {
                    return Err(OdeError::NonFinite { t });
                }
                continue;
            }
            // Standard controller: err^(−1/5) with safety 0.9, growth within [0.2, 5].
            let factor = if err == 0.0 {
                5.0
            } else {
                (0.9 * err.powf(-0.2)).clamp(0.2, 5.0)
            };
            if err <= 1.0 {
                t = if last { t1 } else { t + h };
                y = y5;
                k1 = k7;
                // Keep the learned step even if the last, shortened, step was tiny.
                self.h = if last {
                    self.h.max(h * factor)
                } else {
                    h * factor
                };
            } else {
                self.h = h * factor.min(1.0);
            }
        }
        Ok(y)
    }

    /// Hairer, Nørsett & Wanner's starting step: 1% of |y|/|y'|, within the interval.
    fn first_step(&self, y: &[f64; N], k1: &[f64; N], span: f64) -> f64 {
        let scale = |i: usize| self.tol.atol + self.tol.rtol * y[i].abs();
        let d0 = (0..N).map(|i| (y[i] / scale(i)).abs()).fold(0.0, f64::max);
        let d1 = (0..N).map(|i| (k1[i] / scale(i)).abs()).fold(0.0, f64::max);
        let h = if d0 < 1e-5 || d1 < 1e-5 {
            1e-6
        } else {
            0.01 * d0 / d1
        };
        h.min(span).max(1e-12 * span.max(1e-300))
    }

    /// One trial step: the fifth-order solution, f at it, and the scaled error norm.
    fn try_step(
        &self,
        f: &mut impl FnMut(f64, &[f64; N]) -> [f64; N],
        t: f64,
        y: &[f64; N],
        k1: &[f64; N],
        h: f64,
    ) -> ([f64; N], [f64; N], f64) {
        let mut k = [[0.0; N]; 7];
        k[0] = *k1;
        for s in 1..7 {
            let mut ys = *y;
            for (j, kj) in k.iter().enumerate().take(s) {
                let a = A[s - 1][j];
                if a != 0.0 {
                    for i in 0..N {
                        ys[i] += h * a * kj[i];
                    }
                }
            }
            k[s] = f(t + C[s] * h, &ys);
        }
        // The sixth row of A holds the fifth-order weights: stage 7 was evaluated at y5.
        let mut y5 = *y;
        for (j, kj) in k.iter().enumerate().take(6) {
            for i in 0..N {
                y5[i] += h * A[5][j] * kj[i];
            }
        }
        let mut err = 0.0_f64;
        for i in 0..N {
            let e: f64 = (0..7).map(|j| E[j] * k[j][i]).sum::<f64>() * h;
            let sc = self.tol.atol + self.tol.rtol * y[i].abs().max(y5[i].abs());
            let r = (e / sc).abs();
            err = if r.is_nan() { f64::NAN } else { err.max(r) };
        }
        (y5, k[6], err)
    }
}

/// Dormand–Prince 5(4) from (t0, y0), sampled every `dt` for `samples` intervals
/// (`samples + 1` points, the first y0); the step size adapts inside each interval and
/// lands on every sample time t0 + n·dt.
pub fn dopri_sampled<const N: usize>(
    mut f: impl FnMut(f64, &[f64; N]) -> [f64; N],
    t0: f64,
    y0: [f64; N],
    dt: f64,
    samples: usize,
    tol: Tolerance,
) -> Sampled<N> {
    match Dopri::new(tol) {
        Ok(mut solver) => sample(t0, y0, dt, samples, |ta, tb, y| {
            solver.advance(&mut f, ta, y, tb)
        }),
        Err(e) => Sampled {
            points: vec![],
            stopped: Some(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// y' = −y + sin t, y(0) = 1: y = 1.5 e^{−t} + (sin t − cos t)/2.
    fn exact(t: f64) -> f64 {
        1.5 * (-t).exp() + 0.5 * (t.sin() - t.cos())
    }

    fn rhs(t: f64, y: &[f64; 1]) -> [f64; 1] {
        [-y[0] + t.sin()]
    }

    #[test]
    fn rk4_is_fourth_order() {
        let err = |sub| {
            let s = rk4_sampled(rhs, 0.0, [1.0], 1.0, 3, sub);
            (s.points[3][0] - exact(3.0)).abs()
        };
        let ratio = err(8) / err(16);
        assert!((13.0..19.0).contains(&ratio), "{ratio}");
    }

    #[test]
    fn dopri_meets_its_tolerance_and_lands_on_samples() {
        for rtol in [1e-6, 1e-10] {
            let tol = Tolerance {
                rtol,
                atol: rtol * 1e-3,
                ..Tolerance::default()
            };
            let s = dopri_sampled(rhs, 0.0, [1.0], 0.5, 20, tol);
            assert!(s.stopped.is_none());
            let worst = (0..=20)
                .map(|n| (s.points[n][0] - exact(0.5 * n as f64)).abs())
                .fold(0.0, f64::max);
            assert!(worst < 50.0 * rtol, "{rtol}: {worst}");
        }
    }

    #[test]
    fn blow_up_is_reported_with_its_time() {
        // y' = y², y(0) = 1 blows up at t = 1.
        let f = |_: f64, y: &[f64; 1]| [y[0] * y[0]];
        let s = dopri_sampled(f, 0.0, [1.0], 0.25, 8, Tolerance::default());
        assert_eq!(s.points.len(), 4, "{:?}", s.stopped);
        match s.stopped {
            Some(OdeError::StepTooSmall { t }) | Some(OdeError::NonFinite { t }) => {
                assert!((0.9..=1.0).contains(&t), "{t}")
            }
            other => panic!("{other:?}"),
        }
        let r = rk4_sampled(f, 0.0, [1.0], 0.25, 8, 4);
        assert!(matches!(r.stopped, Some(OdeError::NonFinite { t }) if t > 0.75));
        let bad = dopri_sampled(rhs, 0.0, [f64::NAN], 0.5, 3, Tolerance::default());
        assert_eq!(bad.stopped, Some(OdeError::NonFinite { t: 0.0 }));
        let tol = Tolerance {
            rtol: f64::NAN,
            ..Tolerance::default()
        };
        assert_eq!(
            dopri_sampled(rhs, 0.0, [1.0], 0.5, 3, tol).stopped,
            Some(OdeError::BadSetting("rtol"))
        );
    }
}
