//! Axis ticks at round numbers, for the map's axes and the charts' linear and log axes.

/// About `target` ticks in [lo, hi] at multiples of 1, 2 or 5 × 10ⁿ, at least `min_step`
/// apart (1 keeps step counts whole, and decades whole on a log axis).
pub fn linear(lo: f64, hi: f64, target: usize, min_step: f64) -> Vec<f64> {
    if !lo.is_finite() || !hi.is_finite() || hi <= lo || target == 0 {
        return Vec::new();
    }
    let raw = (hi - lo) / target as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
        .max(min_step);
    // A little slack so a tick at an end survives float noise (0.3 / 0.1 = 2.9999…).
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// About `target` round ticks in [lo, hi].
pub fn nice(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    linear(lo, hi, target, 0.0)
}

/// Ticks of a log axis whose range is given in decades (log10 of the values), returned in
/// decades too: whole decades, or round values when the range spans less than one.
pub fn log(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if hi - lo >= 1.0 {
        linear(lo, hi, target, 1.0)
    } else {
        // One tick fewer: values inside a decade make longer labels.
        linear(
            10f64.powf(lo),
            10f64.powf(hi),
            target.saturating_sub(1).max(1),
            0.0,
        )
        .into_iter()
        .filter(|v| *v > 0.0)
        .map(f64::log10)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_ticks_inside_the_range() {
        assert_eq!(nice(-2.0, 2.0, 4), vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
        let t = nice(0.13, 0.91, 5);
        assert!(t.iter().all(|v| *v >= 0.13 && *v <= 0.91) && t.len() >= 3);
        assert!(nice(1.0, 1.0, 5).is_empty());
        assert!(nice(0.0, f64::NAN, 5).is_empty());
        let t = linear(0.0, 0.3, 3, 0.1);
        assert_eq!(t.len(), 4, "{t:?}");
        assert!((t[3] - 0.3).abs() < 1e-12);
    }

    #[test]
    fn a_minimum_step_keeps_ticks_whole() {
        assert_eq!(linear(0.0, 3.0, 4, 1.0), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(
            linear(0.0, 2000.0, 4, 1.0),
            vec![0.0, 500.0, 1000.0, 1500.0, 2000.0]
        );
    }

    #[test]
    fn log_ticks_are_decades_or_round_values() {
        // 5e-5 … 250: every second decade.
        assert_eq!(log(-4.3, 2.4, 4), vec![-4.0, -2.0, 0.0, 2.0]);
        assert_eq!(log(-0.2, 1.1, 4), vec![0.0, 1.0]);
        // 2 … 7: under one decade, ticks at round values.
        let t: Vec<f64> = log(2f64.log10(), 7f64.log10(), 4)
            .into_iter()
            .map(|d| 10f64.powf(d))
            .collect();
        assert!(t.len() >= 2, "{t:?}");
        for v in t {
            assert!(
                (v - v.round()).abs() < 1e-9 && (2.0..=7.0).contains(&v),
                "{v}"
            );
        }
        assert!(log(0.5, 0.5, 4).is_empty());
    }
}
