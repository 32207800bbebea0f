//! Taniguchi et al.'s counterexample (ADOPT, NeurIPS 2024; math.md §4.2): a convex stochastic
//! problem on [−1, 1] where Adam with a small β2 walks to the worst point and ADOPT does not.
//!
//! θ ∈ [−1, 1] (projected after every step), θ₀ = 0; the gradient is k² with probability 1/k
//! and −k otherwise, so E[g] = 1 and the optimum is θ* = −1; the step is α_t = α/√(1 + α t),
//! t = 0, 1, 2, …. The rules are the public toy script's (math.md §4.2): Adam and AMSGrad
//! without bias correction or ε, ADOPT without ε; β1 is the momentum decay (Gould & Tanaka's
//! γ) and β2 the second-moment decay (their β).
//!
//! Many seeded runs advance in chunks ([`AdoptToy::advance`]) so a worker can drive them and
//! report progress; each run owns its generator, so chunk sizes never change the numbers.

use crate::noise::{Rng, TWO_POINT_K_RANGE};
use serde::{Deserialize, Serialize};

/// Which rule walks the toy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToyMethod {
    /// m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; θ ← θ − α_t m/√v.
    Adam,
    /// As Adam with v_max ← max(v_max, v) in the denominator (Reddi et al.'s original).
    AmsGrad,
    /// First call v ← g² and no move; then m ← β1 m + (1−β1) g/√v; θ ← θ − α_t m;
    /// v ← β2 v + (1−β2) g² (the paper's version, no clip).
    Adopt,
    /// [`ToyMethod::Adopt`] with g/√v clipped to ±t^¼, t = 1 at the first real update (the
    /// official code's default since after the paper).
    AdoptClipped,
    /// DERIVED ablation (math.md §4.1): v already holds the current g² when it normalises g.
    AdoptNoDecorrelation,
    /// DERIVED ablation (math.md §4.1): m ← β1 m + (1−β1) g, θ ← θ − α_t m/√v with the
    /// previous v.
    AdoptNoOrderChange,
}

impl ToyMethod {
    pub const ALL: [ToyMethod; 6] = [
        ToyMethod::Adam,
        ToyMethod::AmsGrad,
        ToyMethod::Adopt,
        ToyMethod::AdoptClipped,
        ToyMethod::AdoptNoDecorrelation,
        ToyMethod::AdoptNoOrderChange,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ToyMethod::Adam => "Adam",
            ToyMethod::AmsGrad => "AMSGrad",
            ToyMethod::Adopt => "ADOPT (no clip)",
            ToyMethod::AdoptClipped => "ADOPT (clip t^¼)",
            ToyMethod::AdoptNoDecorrelation => "ADOPT without decorrelation (DERIVED ablation)",
            ToyMethod::AdoptNoOrderChange => "ADOPT without order change (DERIVED ablation)",
        }
    }
}

/// One coordinate of one run under one rule.
#[derive(Clone, Copy, Debug, Default)]
struct Coord {
    theta: f64,
    m: f64,
    v: f64,
    v_max: f64,
}

impl Coord {
    /// Steps t0, t0 + 1, … with gradients `gs` and step sizes `lrs`, each followed by the
    /// projection on [−1, 1]. The rule is matched once per block, not once per step: this
    /// loop is the whole cost of the study.
    fn run(&mut self, method: ToyMethod, b1: f64, b2: f64, t0: u64, gs: &[f64], lrs: &[f64]) {
        let Coord {
            mut theta,
            mut m,
            mut v,
            mut v_max,
        } = *self;
        let (c1, c2) = (1.0 - b1, 1.0 - b2);
        let mut j = 0;
        // ADOPT and its ablations spend their first call (t = 0) on v ← g², without moving.
        if t0 == 0 && !gs.is_empty() && !matches!(method, ToyMethod::Adam | ToyMethod::AmsGrad) {
            v = gs[0] * gs[0];
            j = 1;
        }
        while j < gs.len() {
            let (g, lr) = (gs[j], lrs[j]);
            match method {
                ToyMethod::Adam => {
                    m = b1 * m + c1 * g;
                    v = b2 * v + c2 * g * g;
                    theta -= lr * m / v.sqrt();
                }
                ToyMethod::AmsGrad => {
                    m = b1 * m + c1 * g;
                    v = b2 * v + c2 * g * g;
                    v_max = v_max.max(v);
                    theta -= lr * m / v_max.sqrt();
                }
                ToyMethod::Adopt => {
                    m = b1 * m + c1 * (g / v.sqrt());
                    theta -= lr * m;
                    v = b2 * v + c2 * g * g;
                }
                ToyMethod::AdoptClipped => {
                    // ±t^¼ as √√t: exact IEEE operations, the same natively and in WASM.
                    let c = ((t0 + j as u64) as f64).sqrt().sqrt();
                    m = b1 * m + c1 * (g / v.sqrt()).clamp(-c, c);
                    theta -= lr * m;
                    v = b2 * v + c2 * g * g;
                }
                ToyMethod::AdoptNoDecorrelation => {
                    v = b2 * v + c2 * g * g;
                    m = b1 * m + c1 * (g / v.sqrt());
                    theta -= lr * m;
                }
                ToyMethod::AdoptNoOrderChange => {
                    m = b1 * m + c1 * g;
                    theta -= lr * m / v.sqrt();
                    v = b2 * v + c2 * g * g;
                }
            }
            theta = theta.clamp(-1.0, 1.0);
            j += 1;
        }
        *self = Coord { theta, m, v, v_max };
    }
}

/// Steps per block of gradients drawn ahead.
const BLOCK: u64 = 1024;

/// What to run (math.md §4.2): defaults are the toy script's α = 0.01, β1 = 0.9, k = 10 and
/// this crate's β2 grid {0.1, 0.5, 0.9, 0.999, 0.9999}.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToyConfig {
    /// k per coordinate: one entry for the paper's 1D problem, two for the 2D lift (two
    /// independent coordinates, each its own 1D problem).
    pub k: Vec<f64>,
    pub alpha: f64,
    /// Momentum decay β1 (Gould & Tanaka's γ).
    pub beta1: f64,
    /// Second-moment decays β2 (Gould & Tanaka's β) to run side by side.
    pub beta2s: Vec<f64>,
    pub methods: Vec<ToyMethod>,
    /// Independent runs per (method, β2); all methods and β2 of run i see the same gradients.
    pub samples: usize,
    pub steps: u64,
    /// Quantiles are taken at step 0, at about this many log-spaced steps per decade, and at
    /// the last step.
    pub points_per_decade: u32,
    pub seed: u64,
}

impl Default for ToyConfig {
    fn default() -> Self {
        ToyConfig {
            k: vec![10.0],
            alpha: 0.01,
            beta1: 0.9,
            beta2s: vec![0.1, 0.5, 0.9, 0.999, 0.9999],
            methods: ToyMethod::ALL.to_vec(),
            samples: 200,
            steps: 1_000_000,
            points_per_decade: 20,
            seed: 1,
        }
    }
}

/// Most runs and steps one study may ask for.
pub const MAX_SAMPLES: usize = 100_000;
pub const MAX_STEPS: u64 = 100_000_000;

impl ToyConfig {
    /// Every field in range; the error names the bad one.
    pub fn validate(&self) -> Result<(), String> {
        if self.k.is_empty() || self.k.len() > 2 {
            return Err(format!("k must have 1 or 2 entries, got {}", self.k.len()));
        }
        for &k in &self.k {
            crate::landscape::check_range("k", k, TWO_POINT_K_RANGE)?;
        }
        if !(self.alpha.is_finite() && self.alpha > 0.0) {
            return Err(format!("alpha must be finite and > 0, got {}", self.alpha));
        }
        let decay = |name: &str, b: f64| {
            if b.is_finite() && (0.0..1.0).contains(&b) {
                Ok(())
            } else {
                Err(format!("{name} must be in [0, 1), got {b}"))
            }
        };
        decay("beta1", self.beta1)?;
        if self.beta2s.is_empty() {
            return Err("beta2s must not be empty".into());
        }
        for &b in &self.beta2s {
            decay("beta2", b)?;
        }
        if self.methods.is_empty() {
            return Err("methods must not be empty".into());
        }
        if self.samples == 0 || self.samples > MAX_SAMPLES {
            return Err(format!(
                "samples must be in [1, {MAX_SAMPLES}], got {}",
                self.samples
            ));
        }
        if self.steps > MAX_STEPS {
            return Err(format!(
                "steps must be at most {MAX_STEPS}, got {}",
                self.steps
            ));
        }
        if self.points_per_decade == 0 || self.points_per_decade > 1000 {
            return Err(format!(
                "points_per_decade must be in [1, 1000], got {}",
                self.points_per_decade
            ));
        }
        Ok(())
    }

    /// Steps at which quantiles are taken: 0, log-spaced steps, and `steps`.
    fn schedule(&self) -> Vec<u64> {
        let mut out = vec![0];
        let per = self.points_per_decade as f64;
        let mut j = 0.0;
        loop {
            let s = 10f64.powf(j / per).round() as u64;
            if s >= self.steps {
                break;
            }
            if s > *out.last().unwrap_or(&0) {
                out.push(s);
            }
            j += 1.0;
        }
        if self.steps > 0 {
            out.push(self.steps);
        }
        out
    }
}

/// The 25 %, 50 % and 75 % quantiles of θ over the runs after `step` steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    pub step: u64,
    pub q25: f64,
    pub median: f64,
    pub q75: f64,
}

/// Many seeded runs of the toy, advanced in chunks.
#[derive(Clone, Debug)]
pub struct AdoptToy {
    cfg: ToyConfig,
    schedule: Vec<u64>,
    /// Quantiles logged so far in `schedule`.
    logged: usize,
    done: u64,
    rngs: Vec<Rng>,
    /// [sample][method][β2][coordinate].
    coords: Vec<Coord>,
    /// [method][β2][coordinate] → bands logged so far.
    bands: Vec<Vec<Band>>,
}

impl AdoptToy {
    pub fn new(cfg: ToyConfig) -> Result<Self, String> {
        cfg.validate()?;
        let mut root = Rng::new(cfg.seed);
        let rngs = (0..cfg.samples)
            .map(|_| Rng::new(root.next_u64()))
            .collect();
        let series = cfg.methods.len() * cfg.beta2s.len() * cfg.k.len();
        let mut toy = AdoptToy {
            schedule: cfg.schedule(),
            logged: 0,
            done: 0,
            rngs,
            coords: vec![Coord::default(); series * cfg.samples],
            bands: vec![Vec::new(); series],
            cfg,
        };
        toy.log(0, &vec![0.0; series * toy.cfg.samples]);
        Ok(toy)
    }

    pub fn config(&self) -> &ToyConfig {
        &self.cfg
    }

    /// Steps taken and steps asked for.
    pub fn progress(&self) -> (u64, u64) {
        (self.done, self.cfg.steps)
    }

    pub fn is_done(&self) -> bool {
        self.done >= self.cfg.steps
    }

    /// Takes up to `n` more steps of every run (fewer at the end); returns how many it took.
    pub fn advance(&mut self, n: u64) -> u64 {
        let end = self.done.saturating_add(n).min(self.cfg.steps);
        let (start, n) = (self.done, end - self.done);
        if n == 0 {
            return 0;
        }
        let stops: Vec<u64> = self.schedule[self.logged..]
            .iter()
            .copied()
            .take_while(|&s| s <= end)
            .collect();
        let series = self.bands.len();
        // θ of every run at each stop, [stop][series][sample].
        let samples = self.cfg.samples;
        let mut snaps = vec![0.0; stops.len() * series * samples];
        let (nb, nd) = (self.cfg.beta2s.len(), self.cfg.k.len());
        // Blocks end at every stop, so θ can be read there.
        let mut bounds = vec![start];
        for &stop in &stops {
            while bounds.last().is_some_and(|&b| stop - b > BLOCK) {
                let next = bounds.last().copied().unwrap_or(start) + BLOCK;
                bounds.push(next);
            }
            if bounds.last() != Some(&stop) {
                bounds.push(stop);
            }
        }
        while bounds.last().is_some_and(|&b| b < end) {
            let next = (bounds.last().copied().unwrap_or(start) + BLOCK).min(end);
            bounds.push(next);
        }
        let lr = |t: u64| self.cfg.alpha / (1.0 + self.cfg.alpha * t as f64).sqrt();
        let mut gs = vec![vec![0.0; BLOCK as usize]; nd];
        let mut lrs = vec![0.0; BLOCK as usize];
        for (i, rng) in self.rngs.iter_mut().enumerate() {
            let coords = &mut self.coords[i * series..(i + 1) * series];
            let mut next_stop = 0;
            for w in bounds.windows(2) {
                let (t0, len) = (w[0], (w[1] - w[0]) as usize);
                for j in 0..len {
                    lrs[j] = lr(t0 + j as u64);
                    // Coordinate by coordinate within a step, as one generator per run.
                    for (d, gd) in gs.iter_mut().enumerate() {
                        let k = self.cfg.k[d];
                        gd[j] = if rng.uniform() < 1.0 / k { k * k } else { -k };
                    }
                }
                for (mi, &method) in self.cfg.methods.iter().enumerate() {
                    for (bi, &b2) in self.cfg.beta2s.iter().enumerate() {
                        for (d, gd) in gs.iter().enumerate() {
                            coords[(mi * nb + bi) * nd + d].run(
                                method,
                                self.cfg.beta1,
                                b2,
                                t0,
                                &gd[..len],
                                &lrs[..len],
                            );
                        }
                    }
                }
                if next_stop < stops.len() && stops[next_stop] == w[1] {
                    for (s, c) in coords.iter().enumerate() {
                        snaps[(next_stop * series + s) * samples + i] = c.theta;
                    }
                    next_stop += 1;
                }
            }
        }
        for (j, &step) in stops.iter().enumerate() {
            self.log(
                step,
                &snaps[j * series * samples..(j + 1) * series * samples],
            );
        }
        self.done = end;
        n
    }

    /// Logs the quantiles of `thetas` ([series][sample]) at `step`.
    fn log(&mut self, step: u64, thetas: &[f64]) {
        let samples = self.cfg.samples;
        for (s, bands) in self.bands.iter_mut().enumerate() {
            let mut xs = thetas[s * samples..(s + 1) * samples].to_vec();
            xs.sort_by(f64::total_cmp);
            bands.push(Band {
                step,
                q25: quantile(&xs, 0.25),
                median: quantile(&xs, 0.5),
                q75: quantile(&xs, 0.75),
            });
        }
        self.logged += 1;
    }

    /// The bands logged so far for `method`, the β2 at `beta2_index` in the config and
    /// coordinate `coord` (0 for the 1D problem); None if any is not in the config.
    pub fn bands(&self, method: ToyMethod, beta2_index: usize, coord: usize) -> Option<&[Band]> {
        Some(&self.bands[series(&self.cfg, method, beta2_index, coord)?])
    }

    /// Every band so far as numbers, for a worker to send: per series (method, β2,
    /// coordinate, in the config's order) its count, then step, q25, median and q75 per band.
    pub fn band_rows(&self) -> Vec<f64> {
        let mut out = Vec::new();
        for s in &self.bands {
            out.push(s.len() as f64);
            for b in s {
                out.extend([b.step as f64, b.q25, b.median, b.q75]);
            }
        }
        out
    }

    /// The latest band of that series.
    pub fn latest(&self, method: ToyMethod, beta2_index: usize, coord: usize) -> Option<Band> {
        self.bands(method, beta2_index, coord)?.last().copied()
    }
}

/// Where the series of (`method`, β2 at `beta2_index`, `coord`) sits among a study's series.
fn series(cfg: &ToyConfig, method: ToyMethod, beta2_index: usize, coord: usize) -> Option<usize> {
    let mi = cfg.methods.iter().position(|m| *m == method)?;
    let (nb, nd) = (cfg.beta2s.len(), cfg.k.len());
    (beta2_index < nb && coord < nd).then_some((mi * nb + beta2_index) * nd + coord)
}

/// A study's bands as a page receives them from a worker ([`AdoptToy::band_rows`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ToyBands {
    pub cfg: ToyConfig,
    series: Vec<Vec<Band>>,
}

impl ToyBands {
    /// The bands `rows` holds for the study `cfg`; Err says in one line what does not fit.
    pub fn from_rows(cfg: ToyConfig, rows: &[f64]) -> Result<ToyBands, String> {
        let wanted = cfg.methods.len() * cfg.beta2s.len() * cfg.k.len();
        let mut series = Vec::with_capacity(wanted);
        let mut rest = rows;
        while let Some((&n, tail)) = rest.split_first() {
            let n = n as usize;
            if n.checked_mul(4).is_none_or(|len| len > tail.len()) {
                return Err(format!("a series of {n} bands is cut short"));
            }
            let (these, tail) = tail.split_at(4 * n);
            series.push(
                these
                    .chunks_exact(4)
                    .map(|b| Band {
                        step: b[0] as u64,
                        q25: b[1],
                        median: b[2],
                        q75: b[3],
                    })
                    .collect(),
            );
            rest = tail;
        }
        if series.len() != wanted {
            return Err(format!("{} series for a study of {wanted}", series.len()));
        }
        Ok(ToyBands { cfg, series })
    }

    /// As [`AdoptToy::bands`].
    pub fn bands(&self, method: ToyMethod, beta2_index: usize, coord: usize) -> Option<&[Band]> {
        Some(&self.series[series(&self.cfg, method, beta2_index, coord)?])
    }
}

/// Linear-interpolation quantile of sorted `xs` (numpy's default), q in [0, 1].
fn quantile(xs: &[f64], q: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let pos = q * (xs.len() - 1) as f64;
    let (lo, frac) = (pos.floor() as usize, pos - pos.floor());
    let hi = (lo + 1).min(xs.len() - 1);
    xs[lo] + frac * (xs[hi] - xs[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> ToyConfig {
        ToyConfig {
            k: vec![10.0, 50.0],
            beta2s: vec![0.5, 0.999],
            samples: 9,
            steps: 3000,
            ..ToyConfig::default()
        }
    }

    #[test]
    fn chunks_do_not_change_the_numbers() {
        let mut whole = AdoptToy::new(small()).unwrap();
        whole.advance(u64::MAX);
        let mut parts = AdoptToy::new(small()).unwrap();
        let mut taken = 0;
        while !parts.is_done() {
            taken += parts.advance(37);
        }
        assert_eq!(taken, 3000);
        assert_eq!(parts.progress(), (3000, 3000));
        for m in ToyMethod::ALL {
            for b in 0..2 {
                for d in 0..2 {
                    assert_eq!(whole.bands(m, b, d), parts.bands(m, b, d));
                }
            }
        }
        let bands = whole.bands(ToyMethod::Adam, 0, 0).unwrap();
        assert_eq!(bands[0].step, 0);
        assert_eq!(bands.last().unwrap().step, 3000);
        assert!(bands.windows(2).all(|w| w[0].step < w[1].step));
        assert!(whole.bands(ToyMethod::Adam, 2, 0).is_none());
        assert!(whole.bands(ToyMethod::Adam, 0, 2).is_none());
    }

    #[test]
    fn bad_settings_are_named() {
        let bad = |f: fn(&mut ToyConfig)| {
            let mut c = ToyConfig::default();
            f(&mut c);
            AdoptToy::new(c).unwrap_err()
        };
        assert!(bad(|c| c.alpha = f64::NAN).contains("alpha"));
        assert!(bad(|c| c.beta1 = 1.0).contains("beta1"));
        assert!(bad(|c| c.beta2s = vec![0.9, f64::INFINITY]).contains("beta2"));
        assert!(bad(|c| c.k = vec![0.5]).contains('k'));
        assert!(bad(|c| c.samples = 0).contains("samples"));
    }

    #[test]
    fn quantile_interpolates_as_numpy() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&xs, 0.25), 1.75);
        assert_eq!(quantile(&xs, 0.5), 2.5);
        assert_eq!(quantile(&[7.0], 0.75), 7.0);
    }

    #[test]
    fn bands_survive_rows_and_short_rows_are_refused() {
        let cfg = ToyConfig {
            samples: 8,
            steps: 300,
            beta2s: vec![0.5, 0.999],
            methods: vec![ToyMethod::Adam, ToyMethod::Adopt],
            ..ToyConfig::default()
        };
        let mut toy = AdoptToy::new(cfg.clone()).unwrap();
        toy.advance(300);
        let rows = toy.band_rows();
        let got = ToyBands::from_rows(cfg.clone(), &rows).unwrap();
        for m in &cfg.methods {
            for b in 0..2 {
                assert_eq!(got.bands(*m, b, 0), toy.bands(*m, b, 0));
            }
        }
        assert!(ToyBands::from_rows(cfg.clone(), &rows[..rows.len() - 1]).is_err());
        assert!(ToyBands::from_rows(cfg.clone(), &[]).is_err());
        assert!(ToyBands::from_rows(cfg.clone(), &[f64::MAX]).is_err());
        // The config travels to a worker as JSON.
        let json = serde_json::to_string(&cfg).unwrap();
        assert_eq!(serde_json::from_str::<ToyConfig>(&json).unwrap(), cfg);
    }
}
