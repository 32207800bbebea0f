//! A landscape from data: a model with two weights fit to a small seeded dataset, so the
//! gradient noise can be the real thing, minibatches drawn with the run's seed
//! ([`crate::noise::Noise::Minibatch`]).
//!
//! * Logistic regression without a bias on two Gaussian blobs, one per class y = ±1, whose
//!   centres sit `spread` standard deviations apart: small spreads overlap.
//! * Linear regression (squared error) on two features with correlation `spread`: the closer
//!   to ±1, the narrower the valley, whose condition number is about (1 + |ρ|)/(1 − |ρ|).
//!
//! The loss is written once over [`Scalar`], so the full-batch gradient and Hessian are exact.

use super::scalar::{Dual1, Scalar};
use super::ViewBox;
use crate::noise::Rng;
use crate::Vec2;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The model fit to the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Model {
    Logistic,
    Linear,
}

/// What the data is; a data landscape is saved as this and made again from it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataSpec {
    pub model: Model,
    /// Points in the set.
    pub n: usize,
    /// Logistic: the blobs' distance apart in standard deviations. Linear: the features'
    /// correlation.
    pub spread: f64,
    pub seed: u64,
}

pub const N_RANGE: [usize; 2] = [4, 2000];
pub const SEPARATION_RANGE: [f64; 2] = [0.0, 10.0];
pub const CORRELATION_RANGE: [f64; 2] = [-0.999, 0.999];
/// The linear model's true weights and noise.
const TRUE_W: Vec2 = [1.5, -0.5];
const LINEAR_NOISE: f64 = 0.3;

impl Default for DataSpec {
    fn default() -> Self {
        DataSpec {
            model: Model::Logistic,
            n: 200,
            spread: 2.0,
            seed: 1,
        }
    }
}

impl DataSpec {
    /// Every field in range; the message names the bad one.
    pub fn validate(&self) -> Result<(), String> {
        let [lo, hi] = N_RANGE;
        if !(lo..=hi).contains(&self.n) {
            return Err(format!("data-n must be in [{lo}, {hi}], got {}", self.n));
        }
        let (name, [lo, hi]) = match self.model {
            Model::Logistic => ("separation", SEPARATION_RANGE),
            Model::Linear => ("correlation", CORRELATION_RANGE),
        };
        if !(lo..=hi).contains(&self.spread) {
            return Err(format!(
                "{name} must be in [{lo}, {hi}], got {}",
                self.spread
            ));
        }
        Ok(())
    }
}

/// The points, their targets, and where the full-batch loss is least.
#[derive(Debug)]
pub struct Dataset {
    spec: DataSpec,
    xs: Vec<Vec2>,
    ys: Vec<f64>,
    fit: Option<Vec2>,
}

impl Dataset {
    pub fn new(spec: DataSpec) -> Result<Dataset, String> {
        spec.validate()?;
        let mut rng = Rng::new(spec.seed);
        let mut xs = Vec::with_capacity(spec.n);
        let mut ys = Vec::with_capacity(spec.n);
        for i in 0..spec.n {
            let (a, b) = (rng.normal(), rng.normal());
            match spec.model {
                Model::Logistic => {
                    let y = if i % 2 == 0 { 1.0 } else { -1.0 };
                    let half = 0.5 * spec.spread * y;
                    xs.push([0.8 * half + a, 0.6 * half + b]);
                    ys.push(y);
                }
                Model::Linear => {
                    let rho = spec.spread;
                    let x = [a, rho * a + (1.0 - rho * rho).sqrt() * b];
                    ys.push(TRUE_W[0] * x[0] + TRUE_W[1] * x[1] + LINEAR_NOISE * rng.normal());
                    xs.push(x);
                }
            }
        }
        let mut d = Dataset {
            spec,
            xs,
            ys,
            fit: None,
        };
        d.fit = d.newton();
        Ok(d)
    }

    pub fn spec(&self) -> DataSpec {
        self.spec
    }

    /// The points and their targets (classes ±1, or values).
    pub fn points(&self) -> (&[Vec2], &[f64]) {
        (&self.xs, &self.ys)
    }

    /// Where the full-batch loss is least, if Newton's method finds it (separable classes have
    /// no finite minimiser).
    pub fn fit(&self) -> Option<Vec2> {
        self.fit
    }

    /// The mean loss over the points `idx`, at weights (w₀, w₁).
    pub fn loss_over<T: Scalar>(&self, w0: T, w1: T, idx: impl Iterator<Item = usize>) -> T {
        let (mut sum, mut count) = (T::cst(0.0), 0usize);
        for i in idx {
            let ([a, b], y) = (self.xs[i], self.ys[i]);
            let z = w0.scale(a) + w1.scale(b);
            sum = sum + self.sample_loss(z, y);
            count += 1;
        }
        sum.scale(1.0 / count.max(1) as f64)
    }

    /// One point's loss at its margin or prediction z.
    fn sample_loss<T: Scalar>(&self, z: T, y: f64) -> T {
        match self.spec.model {
            // log(1 + e^m), m = −yz, written so neither branch overflows.
            Model::Logistic => {
                let m = z.scale(-y);
                m.max(T::cst(0.0)) + (T::cst(1.0) + (-m.abs()).exp()).ln()
            }
            Model::Linear => {
                let r = T::cst(y) - z;
                (r * r).scale(0.5)
            }
        }
    }

    /// The full-batch loss.
    pub fn loss<T: Scalar>(&self, w0: T, w1: T) -> T {
        self.loss_over(w0, w1, 0..self.xs.len())
    }

    /// The gradient of the mean loss over `batch` points drawn without replacement with `rng`
    /// (all of them when `batch` ≥ n, in order, which is the full-batch gradient).
    pub fn batch_gradient(&self, w: Vec2, batch: usize, rng: &mut Rng) -> Vec2 {
        let n = self.xs.len();
        let (w0, w1) = Dual1::vars(w[0], w[1]);
        if batch >= n {
            return self.loss(w0, w1).d;
        }
        // A partial Fisher–Yates shuffle: the first `batch` of a random permutation.
        let mut idx: Vec<usize> = (0..n).collect();
        for k in 0..batch {
            let j = k + (rng.uniform() * (n - k) as f64) as usize;
            idx.swap(k, j.min(n - 1));
        }
        self.loss_over(w0, w1, idx[..batch].iter().copied()).d
    }

    /// Newton's method on the full batch from w = 0, with exact Hessians.
    fn newton(&self) -> Option<Vec2> {
        use super::scalar::Dual2;
        let mut w = [0.0, 0.0];
        for _ in 0..100 {
            let (a, b) = Dual2::vars(w[0], w[1]);
            let f = self.loss(a, b);
            let (g, [hxx, hxy, hyy]) = (f.d, f.h);
            let det = hxx * hyy - hxy * hxy;
            if !(det.is_finite() && det > 0.0) {
                return None;
            }
            let step = [
                (hyy * g[0] - hxy * g[1]) / det,
                (hxx * g[1] - hxy * g[0]) / det,
            ];
            w = [w[0] - step[0], w[1] - step[1]];
            if step[0].abs().max(step[1].abs()) < 1e-12 * (1.0 + w[0].abs().max(w[1].abs())) {
                return w.iter().all(|c| c.abs() < 1e6).then_some(w);
            }
        }
        None
    }

    /// A square view around the fit (or the origin).
    pub fn view(&self) -> ViewBox {
        let [a, b] = self.fit.unwrap_or([0.0, 0.0]);
        let h = 3.0 + a.abs().max(b.abs()) * 0.5;
        ViewBox {
            x: [a - h, a + h],
            y: [b - h, b + h],
        }
    }

    /// A start up and to the left of the fit, inside the view.
    pub fn start(&self) -> Vec2 {
        let v = self.view();
        let (w, h) = (v.x[1] - v.x[0], v.y[1] - v.y[0]);
        [v.x[0] + 0.2 * w, v.y[0] + 0.8 * h]
    }

    /// The model in words, for the page's formula line.
    pub fn formula(&self) -> String {
        let n = self.spec.n;
        match self.spec.model {
            Model::Logistic => format!(
                "mean over {n} points of log(1 + exp(−y·(w₁x₁ + w₂x₂))), y = ±1 (two blobs {} sd apart)",
                self.spec.spread
            ),
            Model::Linear => format!(
                "mean over {n} points of ½(y − w₁x₁ − w₂x₂)², features correlated {}",
                self.spec.spread
            ),
        }
    }
}

/// A dataset as a landscape: shared behind an `Arc`, saved as its spec.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "DataSpec", into = "DataSpec")]
pub struct Data(Arc<Dataset>);

impl TryFrom<DataSpec> for Data {
    type Error = String;
    fn try_from(spec: DataSpec) -> Result<Data, String> {
        Ok(Data(Arc::new(Dataset::new(spec)?)))
    }
}

impl From<Data> for DataSpec {
    fn from(d: Data) -> DataSpec {
        d.0.spec
    }
}

impl PartialEq for Data {
    fn eq(&self, other: &Self) -> bool {
        self.0.spec == other.0.spec
    }
}

impl std::ops::Deref for Data {
    type Target = Dataset;
    fn deref(&self) -> &Dataset {
        &self.0
    }
}
