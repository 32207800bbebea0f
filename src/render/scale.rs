//! Slider scales: how a position u ∈ [0, 1] maps to a value and back, and how a slid value
//! is rounded for the box beside it. Decays share their axis with the phase diagram.

use crate::optim::spec::Key;

/// Decades a decay axis spans: 0, 0.9, 0.99, 0.999 and 0.9999 at u = 0, ¼, ½, ¾ and 1.
const DECAY_DECADES: f64 = 4.0;

/// The position of decay `v` on a decay axis, u = −log10(1 − v)/4, in [0, 1].
pub fn decay_position(v: f64) -> f64 {
    (-(1.0 - v).max(10f64.powf(-DECAY_DECADES)).log10() / DECAY_DECADES).clamp(0.0, 1.0)
}

/// The decay at position u ∈ [0, 1] of a decay axis.
pub fn decay_at(u: f64) -> f64 {
    1.0 - 10f64.powf(-DECAY_DECADES * u.clamp(0.0, 1.0))
}

/// `v` rounded to `digits` significant digits; 0 and non-finite values are kept.
pub fn round_significant(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    round_decimals(v, digits - 1 - v.abs().log10().floor() as i32)
}

/// Rounded at the `d`-th decimal, and the nearest double to that decimal.
fn round_decimals(v: f64, d: i32) -> f64 {
    if d >= 0 {
        let f = 10f64.powi(d);
        (v * f).round() / f
    } else {
        let f = 10f64.powi(-d);
        (v / f).round() * f
    }
}

/// A decay with four significant digits of itself and of its distance to 1, so that near 1
/// the slider still gives distinct values (0.99912, not 0.9991 for several positions).
pub fn round_decay(v: f64) -> f64 {
    let gap = 1.0 - v;
    if v == 0.0 || gap <= 0.0 || !gap.is_finite() {
        return v;
    }
    let digits = |x: f64| 3 - x.abs().log10().floor() as i32;
    round_decimals(v, digits(v).max(digits(gap)))
}

/// Positions of a slider: the range input runs over 0..=SLIDER_STEPS.
pub const SLIDER_STEPS: f64 = 1000.0;

/// How a slider position u in [0, 1] maps to a value.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Scale {
    /// 10^(lo + u (hi − lo)).
    Log(f64, f64),
    /// 1 − 10^(−4u): fine control near 1 for decays (0.9, 0.99, 0.999 are evenly spaced).
    Decay,
    Linear(f64, f64),
}

impl Scale {
    /// The slider of a hyperparameter, by its key.
    pub fn of_param(key: Key) -> Scale {
        match key {
            // Down to 1e-7: fixed-step rules need about 5e-7 on Goldstein–Price.
            Key::Lr => Scale::Log(-7.0, 1.0),
            Key::Beta1 | Key::Beta2 => Scale::Decay,
            Key::Eps => Scale::Log(-12.0, 0.0),
            Key::WeightDecay => Scale::Linear(0.0, 1.0),
            Key::K => Scale::Linear(1.0, crate::optim::MAX_K as f64),
        }
    }

    pub fn value(self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match self {
            Scale::Log(lo, hi) => 10f64.powf(lo + u * (hi - lo)),
            Scale::Decay => decay_at(u),
            Scale::Linear(lo, hi) => lo + u * (hi - lo),
        }
    }

    /// Where `v` sits, clamped to [0, 1].
    pub fn position(self, v: f64) -> f64 {
        match self {
            Scale::Log(lo, hi) => (v.max(1e-300).log10() - lo) / (hi - lo),
            Scale::Decay => decay_position(v),
            Scale::Linear(lo, hi) => (v - lo) / (hi - lo),
        }
        .clamp(0.0, 1.0)
    }

    /// `v` as the box shows it after a slide: tidy digits, or a whole number.
    pub fn round(self, v: f64, integer: bool) -> f64 {
        match self {
            _ if integer => v.round(),
            Scale::Decay => round_decay(v),
            _ => round_significant(v, 4),
        }
    }

    /// The value at slider step `pos` of SLIDER_STEPS, rounded.
    pub fn at_step(self, pos: f64, integer: bool) -> f64 {
        self.round(self.value(pos / SLIDER_STEPS), integer)
    }

    /// The slider step that shows `v`.
    pub fn step_of(self, v: f64) -> f64 {
        (self.position(v) * SLIDER_STEPS).round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCALES: [Scale; 7] = [
        Scale::Log(-5.0, 1.0),
        Scale::Log(-12.0, 0.0),
        Scale::Log(0.0, 4.0),
        Scale::Decay,
        Scale::Linear(0.0, 1.0),
        Scale::Linear(-180.0, 180.0),
        Scale::Linear(1.0, 8.0),
    ];

    #[test]
    fn every_slider_step_round_trips_through_its_rounded_value() {
        for s in SCALES {
            for pos in 0..=SLIDER_STEPS as usize {
                let v = s.at_step(pos as f64, false);
                assert_eq!(s.step_of(v), pos as f64, "{s:?} at {pos}: {v}");
            }
        }
    }

    #[test]
    fn ends_and_order() {
        assert_eq!(Scale::Log(-5.0, 1.0).value(0.0), 1e-5);
        assert_eq!(Scale::Log(-5.0, 1.0).value(1.0), 10.0);
        assert_eq!(Scale::Decay.value(0.0), 0.0);
        assert_eq!(Scale::Decay.at_step(SLIDER_STEPS, false), 0.9999);
        assert_eq!(Scale::Linear(-180.0, 180.0).value(1.0), 180.0);
        for s in SCALES {
            // Values past either end sit at that end.
            assert_eq!(s.position(s.value(0.0) - 1e3), 0.0, "{s:?}");
            assert_eq!(s.position(s.value(1.0) + 1e3), 1.0, "{s:?}");
            let vs: Vec<f64> = (0..=1000).map(|i| s.value(i as f64 / 1000.0)).collect();
            assert!(
                vs.windows(2).all(|w| w[0] < w[1]),
                "{s:?} is not increasing"
            );
        }
    }

    #[test]
    fn the_decay_scale_spaces_tenfold_steps_to_one_evenly() {
        for (i, v) in [0.0, 0.9, 0.99, 0.999, 0.9999].into_iter().enumerate() {
            let u = i as f64 / 4.0;
            assert!((decay_position(v) - u).abs() < 1e-12, "{v}");
            assert!((Scale::Decay.position(v) - u).abs() < 1e-12, "{v}");
            assert_eq!(Scale::Decay.at_step(u * SLIDER_STEPS, false), v);
        }
        assert_eq!(decay_position(1.0), 1.0);
        assert_eq!(decay_position(-3.0), 0.0);
    }

    #[test]
    fn rounding_keeps_tidy_digits() {
        assert_eq!(round_significant(0.012345678, 4), 0.01235);
        assert_eq!(round_significant(-123.456, 4), -123.5);
        assert_eq!(round_significant(123456.0, 4), 123500.0);
        assert_eq!(round_significant(0.0, 4), 0.0);
        assert_eq!(round_decay(0.999123456), 0.9991235);
        assert_eq!(round_decay(0.900923), 0.90092);
        assert_eq!(round_decay(0.00916834), 0.009168);
        assert_eq!(round_decay(1.0), 1.0);
        assert_eq!(Scale::Linear(1.0, 8.0).round(3.6, true), 4.0);
        assert_eq!(Scale::of_param(Key::Beta2), Scale::Decay);
    }
}
