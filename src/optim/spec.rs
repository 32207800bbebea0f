//! Which hyperparameters each rule has, their defaults (from the implementation each rule
//! follows: torch.optim, optax or the official code) and their ranges. The CLI's `list`, its validation and the page's controls read this table.

use super::{AdoptVariant, Hyper, Optimizer, MAX_K};

/// A numeric hyperparameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Param {
    /// Name on the command line and in saved state.
    pub key: &'static str,
    /// Both names, for display: the paper's symbol and PyTorch's.
    pub label: &'static str,
    pub range: [f64; 2],
    /// The upper bound itself is excluded (decays must stay below 1).
    pub open_above: bool,
    pub log_scale: bool,
}

pub const LR: Param = Param {
    key: "lr",
    label: "learning rate η (lr)",
    range: [0.0, 100.0],
    open_above: false,
    log_scale: true,
};
pub const BETA1: Param = Param {
    key: "beta1",
    label: "γ: momentum, first-moment decay (PyTorch β1)",
    range: [0.0, 1.0],
    open_above: true,
    log_scale: false,
};
pub const BETA2: Param = Param {
    key: "beta2",
    label: "β: second-moment decay (PyTorch β2)",
    range: [0.0, 1.0],
    open_above: true,
    log_scale: false,
};
pub const EPS: Param = Param {
    key: "eps",
    label: "ε (eps)",
    range: [0.0, 10.0],
    open_above: false,
    log_scale: true,
};
pub const WEIGHT_DECAY: Param = Param {
    key: "weight-decay",
    label: "weight decay λ (weight_decay)",
    range: [0.0, 10.0],
    open_above: false,
    log_scale: false,
};
pub const K: Param = Param {
    key: "k",
    label: "k: normalisation levels",
    range: [1.0, MAX_K as f64],
    open_above: false,
    log_scale: false,
};

/// A switch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flag {
    pub key: &'static str,
    pub label: &'static str,
}

pub const BIAS_CORRECTION: Flag = Flag {
    key: "bias-correction",
    label: "bias correction",
};
pub const EPS_INSIDE: Flag = Flag {
    key: "eps-inside",
    label: "ε inside the square root",
};
pub const CLIP: Flag = Flag {
    key: "clip",
    label: "clip normalised gradient at t^¼",
};
pub const DECOUPLE: Flag = Flag {
    key: "decouple",
    label: "decoupled weight decay",
};

/// What one rule exposes, and its defaults.
pub struct Spec {
    pub params: &'static [Param],
    pub flags: &'static [Flag],
    pub defaults: Hyper,
    /// How the rule names `beta1` and `beta2` when they are not moment decays.
    pub note: &'static str,
    pub reference: &'static str,
}

impl Optimizer {
    pub fn spec(self) -> Spec {
        use Optimizer::*;
        let base = Hyper::default();
        let with = |lr: f64, b1: f64, b2: f64, eps: f64| Hyper {
            lr,
            beta1: b1,
            beta2: b2,
            eps,
            ..base.clone()
        };
        let (params, flags, defaults, note, reference): (&'static [Param], &'static [Flag], Hyper, _, _) =
            match self {
                Sgd => (&[LR, WEIGHT_DECAY], &[], with(1e-3, 0.0, 0.0, 0.0), "", "torch.optim.SGD"),
                Momentum | Nesterov => (
                    &[LR, BETA1, WEIGHT_DECAY],
                    &[],
                    with(1e-3, 0.9, 0.0, 0.0),
                    "beta1 is torch's momentum μ (heavy ball: b ← μb + g)",
                    "torch.optim.SGD(momentum, nesterov)",
                ),
                RmsProp => (
                    &[LR, BETA1, BETA2, EPS, WEIGHT_DECAY],
                    &[],
                    with(1e-2, 0.0, 0.99, 1e-8),
                    "beta2 is torch's alpha; beta1 is torch's momentum",
                    "torch.optim.RMSprop",
                ),
                AdaGrad => (&[LR, EPS, WEIGHT_DECAY], &[], with(1e-2, 0.0, 0.0, 1e-10), "", "torch.optim.Adagrad"),
                Adamax => (&[LR, BETA1, BETA2, EPS, WEIGHT_DECAY], &[], with(2e-3, 0.9, 0.999, 1e-8), "", "torch.optim.Adamax"),
                Adam => (&[LR, BETA1, BETA2, EPS, WEIGHT_DECAY], &[BIAS_CORRECTION, EPS_INSIDE], base.clone(), "", "torch.optim.Adam"),
                AdamW => (
                    &[LR, BETA1, BETA2, EPS, WEIGHT_DECAY],
                    &[BIAS_CORRECTION, EPS_INSIDE],
                    Hyper { weight_decay: 1e-2, ..base.clone() },
                    "",
                    "torch.optim.AdamW",
                ),
                AmsGrad => (&[LR, BETA1, BETA2, EPS, WEIGHT_DECAY], &[], base.clone(), "", "torch.optim.Adam(amsgrad=True)"),
                Adopt => (
                    &[LR, BETA1, BETA2, EPS, WEIGHT_DECAY],
                    &[CLIP, DECOUPLE],
                    with(1e-3, 0.9, 0.9999, 1e-6),
                    "variant: full, no-decorrelation or no-order-change",
                    "ADOPT official code (Taniguchi et al., NeurIPS 2024)",
                ),
                KAdam => (
                    &[LR, BETA1, BETA2, EPS, WEIGHT_DECAY, K],
                    &[BIAS_CORRECTION, EPS_INSIDE],
                    Hyper { k: 2, ..base.clone() },
                    "levels 2..k take their own (beta1, beta2), by default level 1's; weight decay is decoupled",
                    "Gould & Tanaka (2024), RECONSTRUCTED: no official code",
                ),
                SignGd => (&[LR, WEIGHT_DECAY], &[], with(1e-2, 0.0, 0.0, 0.0), "", "optax.sign_sgd, after L2 decay as optax.add_decayed_weights (signSGD, Bernstein et al., 2018)"),
                Signum => (&[LR, BETA1, WEIGHT_DECAY], &[], with(1e-2, 0.9, 0.0, 0.0), "", "optax.signum, after L2 decay as optax.add_decayed_weights (Bernstein et al., 2018)"),
                Lion => (
                    &[LR, BETA1, BETA2, WEIGHT_DECAY],
                    &[],
                    with(1e-4, 0.9, 0.99, 0.0),
                    "beta1 interpolates the step's sign, beta2 is the momentum kept; decay is decoupled",
                    "optax.lion (Chen et al., 2023)",
                ),
            };
        Spec {
            params,
            flags,
            defaults,
            note,
            reference,
        }
    }

    /// Checks every hyperparameter this rule reads; the message names the bad one and its range.
    pub fn validate(self, h: &Hyper) -> Result<(), String> {
        let spec = self.spec();
        for p in spec.params {
            p.check(p.get(h))?;
        }
        if self == Optimizer::KAdam {
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
        }
        Ok(())
    }
}

impl Param {
    pub fn get(&self, h: &Hyper) -> f64 {
        match self.key {
            "lr" => h.lr,
            "beta1" => h.beta1,
            "beta2" => h.beta2,
            "eps" => h.eps,
            "weight-decay" => h.weight_decay,
            "k" => h.k as f64,
            _ => f64::NAN,
        }
    }

    pub fn set(&self, h: &mut Hyper, v: f64) {
        match self.key {
            "lr" => h.lr = v,
            "beta1" => h.beta1 = v,
            "beta2" => h.beta2 = v,
            "eps" => h.eps = v,
            "weight-decay" => h.weight_decay = v,
            "k" => h.k = v as usize,
            _ => {}
        }
    }

    pub fn check(&self, v: f64) -> Result<(), String> {
        let [lo, hi] = self.range;
        let ok = v.is_finite() && v >= lo && if self.open_above { v < hi } else { v <= hi };
        let integral = self.key != "k" || v.fract() == 0.0;
        if ok && integral {
            return Ok(());
        }
        let close = if self.open_above { ")" } else { "]" };
        let kind = if self.key == "k" { "an integer " } else { "" };
        Err(format!(
            "{} must be {kind}in [{lo}, {hi}{close}, got {v}",
            self.key
        ))
    }
}

impl Flag {
    pub fn get(&self, h: &Hyper) -> bool {
        match self.key {
            "bias-correction" => h.bias_correction,
            "eps-inside" => h.eps_inside,
            "clip" => h.clip,
            "decouple" => h.decouple,
            _ => false,
        }
    }

    pub fn set(&self, h: &mut Hyper, on: bool) {
        match self.key {
            "bias-correction" => h.bias_correction = on,
            "eps-inside" => h.eps_inside = on,
            "clip" => h.clip = on,
            "decouple" => h.decouple = on,
            _ => {}
        }
    }
}

/// Names of ADOPT's variants, for listings.
pub fn adopt_variants() -> Vec<&'static str> {
    AdoptVariant::ALL.iter().map(|v| v.name()).collect()
}
