//! The hyperparameters and switches, with their ranges; which of them each rule reads and its
//! defaults (from the implementation it follows: torch.optim, optax or the official code) are
//! in the rule's own file. The CLI's `list`, its validation and the page's controls read them
//! through [`Optimizer::spec`].

use super::{AdoptVariant, Hyper, Optimizer, MAX_K};
use std::fmt;

/// Which numeric hyperparameter: matched exhaustively, so a misspelt one fails to compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Lr,
    Beta1,
    Beta2,
    Eps,
    WeightDecay,
    K,
}

impl Key {
    pub const ALL: [Key; 6] = [
        Key::Lr,
        Key::Beta1,
        Key::Beta2,
        Key::Eps,
        Key::WeightDecay,
        Key::K,
    ];

    /// Name on the command line and in messages.
    pub fn name(self) -> &'static str {
        self.param().name
    }

    pub fn from_name(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Its range and display.
    pub fn param(self) -> Param {
        match self {
            Key::Lr => LR,
            Key::Beta1 => BETA1,
            Key::Beta2 => BETA2,
            Key::Eps => EPS,
            Key::WeightDecay => WEIGHT_DECAY,
            Key::K => K,
        }
    }
}

/// Which switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Switch {
    BiasCorrection,
    EpsInside,
    Clip,
    Decouple,
}

impl Switch {
    pub const ALL: [Switch; 4] = [
        Switch::BiasCorrection,
        Switch::EpsInside,
        Switch::Clip,
        Switch::Decouple,
    ];

    pub fn name(self) -> &'static str {
        self.flag().name
    }

    pub fn from_name(name: &str) -> Option<Switch> {
        Switch::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn flag(self) -> Flag {
        match self {
            Switch::BiasCorrection => BIAS_CORRECTION,
            Switch::EpsInside => EPS_INSIDE,
            Switch::Clip => CLIP,
            Switch::Decouple => DECOUPLE,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Switch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A value outside its hyperparameter's range: which field, its range and what was given, so
/// the page can point at the control and the command line print one line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RangeError {
    pub key: Key,
    pub got: f64,
}

impl RangeError {
    /// "must be in [0, 1), got 1.5": the rule, after whatever names the field.
    fn rule(&self) -> String {
        let p = self.key.param();
        let [lo, hi] = p.range;
        let close = if p.open_above { ")" } else { "]" };
        let kind = if self.key == Key::K {
            "an integer "
        } else {
            ""
        };
        format!("must be {kind}in [{lo}, {hi}{close}, got {}", self.got)
    }

    /// The page's wording: the field under the label of its control ("γ: momentum, …
    /// (PyTorch β1) must be in [0, 1), got 1.5"); the command line names its flag instead.
    pub fn labelled(&self, label: &str) -> String {
        format!("{label} {}", self.rule())
    }
}

/// The command line's wording, naming the flag: "beta1 must be in [0, 1), got 1.5".
impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.key.param().name, self.rule())
    }
}

impl std::error::Error for RangeError {}

impl From<RangeError> for String {
    fn from(e: RangeError) -> String {
        e.to_string()
    }
}

/// A numeric hyperparameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Param {
    pub key: Key,
    /// Name on the command line and in messages.
    pub name: &'static str,
    /// Both names, for display: the paper's symbol and PyTorch's.
    pub label: &'static str,
    pub range: [f64; 2],
    /// The upper bound itself is excluded (decays must stay below 1).
    pub open_above: bool,
    pub log_scale: bool,
}

pub const LR: Param = Param {
    key: Key::Lr,
    name: "lr",
    label: "learning rate η (lr)",
    range: [0.0, 100.0],
    open_above: false,
    log_scale: true,
};
pub const BETA1: Param = Param {
    key: Key::Beta1,
    name: "beta1",
    label: "γ: momentum, first-moment decay (PyTorch β1)",
    range: [0.0, 1.0],
    open_above: true,
    log_scale: false,
};
pub const BETA2: Param = Param {
    key: Key::Beta2,
    name: "beta2",
    label: "β: second-moment decay (PyTorch β2)",
    range: [0.0, 1.0],
    open_above: true,
    log_scale: false,
};
pub const EPS: Param = Param {
    key: Key::Eps,
    name: "eps",
    label: "ε (eps)",
    range: [0.0, 10.0],
    open_above: false,
    log_scale: true,
};
pub const WEIGHT_DECAY: Param = Param {
    key: Key::WeightDecay,
    name: "weight-decay",
    label: "weight decay λ (weight_decay)",
    range: [0.0, 10.0],
    open_above: false,
    log_scale: false,
};
pub const K: Param = Param {
    key: Key::K,
    name: "k",
    label: "k: normalisation levels",
    range: [1.0, MAX_K as f64],
    open_above: false,
    log_scale: false,
};

/// A switch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flag {
    pub key: Switch,
    /// Name on the command line.
    pub name: &'static str,
    pub label: &'static str,
}

pub const BIAS_CORRECTION: Flag = Flag {
    key: Switch::BiasCorrection,
    name: "bias-correction",
    label: "bias correction",
};
pub const EPS_INSIDE: Flag = Flag {
    key: Switch::EpsInside,
    name: "eps-inside",
    label: "ε inside the square root",
};
pub const CLIP: Flag = Flag {
    key: Switch::Clip,
    name: "clip",
    label: "clip normalised gradient at t^¼",
};
pub const DECOUPLE: Flag = Flag {
    key: Switch::Decouple,
    name: "decouple",
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
            Key::Lr => h.lr,
            Key::Beta1 => h.beta1,
            Key::Beta2 => h.beta2,
            Key::Eps => h.eps,
            Key::WeightDecay => h.weight_decay,
            Key::K => h.k as f64,
        }
    }

    /// Sets the value; `check` it first (k is whole and small once checked).
    pub fn set(&self, h: &mut Hyper, v: f64) {
        match self.key {
            Key::Lr => h.lr = v,
            Key::Beta1 => h.beta1 = v,
            Key::Beta2 => h.beta2 = v,
            Key::Eps => h.eps = v,
            Key::WeightDecay => h.weight_decay = v,
            Key::K => h.k = v as usize,
        }
    }

    pub fn check(&self, v: f64) -> Result<(), RangeError> {
        let [lo, hi] = self.range;
        let ok = v.is_finite() && v >= lo && if self.open_above { v < hi } else { v <= hi };
        let integral = self.key != Key::K || v.fract() == 0.0;
        if ok && integral {
            Ok(())
        } else {
            Err(RangeError {
                key: self.key,
                got: v,
            })
        }
    }
}

impl Flag {
    pub fn get(&self, h: &Hyper) -> bool {
        match self.key {
            Switch::BiasCorrection => h.bias_correction,
            Switch::EpsInside => h.eps_inside,
            Switch::Clip => h.clip,
            Switch::Decouple => h.decouple,
        }
    }

    pub fn set(&self, h: &mut Hyper, on: bool) {
        match self.key {
            Switch::BiasCorrection => h.bias_correction = on,
            Switch::EpsInside => h.eps_inside = on,
            Switch::Clip => h.clip = on,
            Switch::Decouple => h.decouple = on,
        }
    }
}

/// Names of ADOPT's variants, for listings.
pub fn adopt_variants() -> Vec<&'static str> {
    AdoptVariant::ALL.iter().map(|v| v.name()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_switches_round_trip_by_name() {
        for k in Key::ALL {
            assert_eq!(Key::from_name(k.name()), Some(k));
            assert_eq!(k.param().key, k);
        }
        for s in Switch::ALL {
            assert_eq!(Switch::from_name(s.name()), Some(s));
            assert_eq!(s.flag().key, s);
        }
        assert_eq!(Key::from_name("beta3"), None);
    }

    #[test]
    fn a_range_error_names_the_field_and_its_range() {
        let e = BETA1.check(1.5).unwrap_err();
        assert_eq!(e.key, Key::Beta1);
        assert_eq!(e.to_string(), "beta1 must be in [0, 1), got 1.5");
        let label = Optimizer::Adam.param_label(Key::Beta1).unwrap().text();
        assert_eq!(
            e.labelled(&label),
            "γ: momentum, first-moment decay (PyTorch β1) must be in [0, 1), got 1.5"
        );
        assert_eq!(
            K.check(2.5).unwrap_err().to_string(),
            "k must be an integer in [1, 8], got 2.5"
        );
        assert!(LR.check(0.01).is_ok());
    }
}
