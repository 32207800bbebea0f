//! Axis ticks at round numbers.

/// About `target` ticks in [lo, hi] at multiples of 1, 2 or 5 × 10ⁿ.
pub fn nice(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(hi > lo) || !lo.is_finite() || !hi.is_finite() || target == 0 {
        return Vec::new();
    }
    let raw = (hi - lo) / target as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// A tick label without float noise (0.30000000000000004 → 0.3).
pub fn label(v: f64) -> String {
    let s = format!("{:.6}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_ticks_inside_the_range() {
        assert_eq!(super::nice(-2.0, 2.0, 4), vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
        let t = super::nice(0.13, 0.91, 5);
        assert!(t.iter().all(|v| *v >= 0.13 && *v <= 0.91) && t.len() >= 3);
        assert!(super::nice(1.0, 1.0, 5).is_empty());
        assert_eq!(super::label(0.1 + 0.2), "0.3");
        assert_eq!(super::label(-0.0), "0");
    }
}
