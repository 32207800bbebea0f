//! Seeded gradient noise that gives the same numbers natively and in WASM: the generator
//! and the samplers use only IEEE-exact arithmetic (+, −, ×, ÷, √), never a platform's libm.

use crate::landscape::Landscape;
use crate::Vec2;
use serde::{Deserialize, Serialize};

/// How the landscape's gradient g is perturbed before the optimizer sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "kebab-case")]
pub enum Noise {
    #[default]
    None,
    /// g + σ z, z standard normal per coordinate.
    Gaussian { sigma: f64 },
    /// g + σ t, t Student-t with `dof` degrees of freedom (heavy tails for small dof).
    StudentT { sigma: f64, dof: u32 },
    /// ADOPT's counterexample: each coordinate of g is multiplied by k² with probability 1/k
    /// and by −k otherwise (mean 1, variance k³ − k² … growing with k).
    TwoPoint { k: f64 },
    /// The gradient of a landscape from data over `batch` points drawn without replacement
    /// each step (the whole set when `batch` ≥ its size): the noise of real training.
    Minibatch { batch: usize },
}

pub const SIGMA_RANGE: [f64; 2] = [0.0, 1e3];
pub const DOF_RANGE: [u32; 2] = [1, 100];
pub const TWO_POINT_K_RANGE: [f64; 2] = [1.0, 1e3];
pub const BATCH_RANGE: [usize; 2] = [1, crate::landscape::data::N_RANGE[1]];
pub const DEFAULT_BATCH: usize = 16;

impl Noise {
    pub const NAMES: [&'static str; 5] =
        ["none", "gaussian", "student-t", "two-point", "minibatch"];

    pub fn name(&self) -> &'static str {
        match self {
            Noise::None => "none",
            Noise::Gaussian { .. } => "gaussian",
            Noise::StudentT { .. } => "student-t",
            Noise::TwoPoint { .. } => "two-point",
            Noise::Minibatch { .. } => "minibatch",
        }
    }

    /// Whether the model can feed runs on `landscape`: minibatches need a landscape from data.
    pub fn fits(&self, landscape: &Landscape) -> Result<(), String> {
        match self {
            Noise::Minibatch { .. } if landscape.data().is_none() => Err(format!(
                "minibatch noise needs a landscape from data, not {}",
                landscape.name()
            )),
            _ => Ok(()),
        }
    }

    /// The model of that name with the given parameters.
    pub fn from_parts(name: &str, sigma: f64, dof: u32, k: f64) -> Option<Noise> {
        Some(match name {
            "none" => Noise::None,
            "gaussian" => Noise::Gaussian { sigma },
            "student-t" => Noise::StudentT { sigma, dof },
            "two-point" => Noise::TwoPoint { k },
            "minibatch" => Noise::Minibatch {
                batch: DEFAULT_BATCH,
            },
            _ => return None,
        })
    }

    pub fn validate(&self) -> Result<(), String> {
        let check = |name: &str, v: f64, [lo, hi]: [f64; 2]| {
            crate::landscape::check_range(name, v, [lo, hi])
        };
        match *self {
            Noise::None => Ok(()),
            Noise::Gaussian { sigma } => check("sigma", sigma, SIGMA_RANGE),
            Noise::StudentT { sigma, dof } => {
                check("sigma", sigma, SIGMA_RANGE)?;
                check(
                    "dof",
                    dof as f64,
                    [DOF_RANGE[0] as f64, DOF_RANGE[1] as f64],
                )
            }
            Noise::TwoPoint { k } => check("noise-k", k, TWO_POINT_K_RANGE),
            Noise::Minibatch { batch } => {
                let [lo, hi] = BATCH_RANGE;
                check("batch", batch as f64, [lo as f64, hi as f64])
            }
        }
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): small, fast, and the same on every platform.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal by Marsaglia's polar method.
    pub fn normal(&mut self) -> f64 {
        loop {
            let a = 2.0 * self.uniform() - 1.0;
            let b = 2.0 * self.uniform() - 1.0;
            let s = a * a + b * b;
            if s > 0.0 && s < 1.0 {
                return a * (-2.0 * ln(s) / s).sqrt();
            }
        }
    }

    /// Student-t: z / √(χ²_ν / ν).
    pub fn student_t(&mut self, dof: u32) -> f64 {
        let z = self.normal();
        let chi2: f64 = (0..dof)
            .map(|_| {
                let n = self.normal();
                n * n
            })
            .sum();
        z / (chi2 / dof as f64).sqrt()
    }
}

/// Natural log from exact arithmetic only: x = m·2ᵉ with m in [√½, √2), then
/// ln m = 2 atanh((m − 1)/(m + 1)) by its series. Accurate to about 1e-16 for x > 0.
pub fn ln(x: f64) -> f64 {
    // NaN fails `x > 0.0` too, so it lands here with the negatives.
    if x.is_nan() || x <= 0.0 || !x.is_finite() {
        return f64::NAN;
    }
    let (mut m, mut e) = (x, 0i32);
    while m >= std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    while m < std::f64::consts::FRAC_1_SQRT_2 {
        m *= 2.0;
        e -= 1;
    }
    let r = (m - 1.0) / (m + 1.0);
    let r2 = r * r;
    let (mut term, mut sum) = (r, 0.0);
    for n in 0..30 {
        sum += term / (2 * n + 1) as f64;
        term *= r2;
    }
    2.0 * sum + e as f64 * std::f64::consts::LN_2
}

/// A noise model with its own seeded generator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoiseStream {
    pub model: Noise,
    rng: Rng,
}

impl NoiseStream {
    pub fn new(model: Noise, seed: u64) -> Self {
        NoiseStream {
            model,
            rng: Rng::new(seed),
        }
    }

    /// The gradient a step sees at θ, where the landscape's own is `grad`: a minibatch's on a
    /// landscape from data, else `grad` perturbed by the model.
    #[inline]
    pub fn gradient(&mut self, landscape: &Landscape, theta: Vec2, grad: Vec2) -> Vec2 {
        match (self.model, landscape.data()) {
            (Noise::None, _) => grad,
            (Noise::Minibatch { batch }, Some(d)) => d.batch_gradient(theta, batch, &mut self.rng),
            _ => self.perturb(grad),
        }
    }

    /// `g` with the model's noise; minibatches need the landscape ([`NoiseStream::gradient`])
    /// and leave `g` as it is here.
    pub fn perturb(&mut self, g: Vec2) -> Vec2 {
        match self.model {
            Noise::Minibatch { .. } => g,
            Noise::None => g,
            Noise::Gaussian { sigma } => g.map(|x| x + sigma * self.rng.normal()),
            Noise::StudentT { sigma, dof } => g.map(|x| x + sigma * self.rng.student_t(dof)),
            Noise::TwoPoint { k } => g.map(|x| {
                if self.rng.uniform() < 1.0 / k {
                    x * k * k
                } else {
                    x * -k
                }
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_matches_std_closely() {
        for &x in &[1e-300, 1e-9, 0.3, 1.0, 2.0, 7.5, 1e12, 1e300] {
            let (a, b) = (ln(x), x.ln());
            assert!(
                (a - b).abs() <= 4e-16 * b.abs().max(1.0),
                "ln({x}) = {a} vs {b}"
            );
        }
        assert!(ln(0.0).is_nan() && ln(-1.0).is_nan());
    }

    #[test]
    fn same_seed_same_numbers_other_seed_other_numbers() {
        let draw = |seed| {
            let mut s = NoiseStream::new(Noise::Gaussian { sigma: 1.0 }, seed);
            (0..5).map(|_| s.perturb([0.0, 0.0])).collect::<Vec<_>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
    }

    #[test]
    fn gaussian_moments() {
        let mut r = Rng::new(1);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(
            mean.abs() < 0.01 && (var - 1.0).abs() < 0.01,
            "mean {mean} var {var}"
        );
    }

    #[test]
    fn two_point_has_mean_one_times_g() {
        let k = 10.0;
        let mut s = NoiseStream::new(Noise::TwoPoint { k }, 3);
        let n = 400_000;
        let mean = (0..n).map(|_| s.perturb([1.0, 0.0])[0]).sum::<f64>() / n as f64;
        assert!((mean - 1.0).abs() < 0.15, "mean {mean}");
        let vals: std::collections::BTreeSet<i64> =
            (0..1000).map(|_| s.perturb([1.0, 0.0])[0] as i64).collect();
        assert_eq!(vals.into_iter().collect::<Vec<_>>(), vec![-10, 100]);
    }
}
