//! The hyperparameters and switches, with their ranges; which of them each rule reads and its
//! defaults (from the implementation it follows: torch.optim, optax or the official code) are
//! in the rule's own file. The CLI's `list`, its validation and the page's controls read them
//! through [`Optimizer::spec`].

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
        let rule = self.rule();
        Spec {
            params: rule.params,
            flags: rule.flags,
            defaults: (rule.defaults)(),
            note: rule.note,
            reference: rule.follows,
        }
    }

    /// Checks every hyperparameter this rule reads; the message names the bad one and its range.
    pub fn validate(self, h: &Hyper) -> Result<(), String> {
        let rule = self.rule();
        for p in rule.params {
            p.check(p.get(h))?;
        }
        rule.check.map_or(Ok(()), |check| check(h))
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
