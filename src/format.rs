//! Numbers as the page shows them, in one place so every label reads alike.

/// Drops trailing zeros of a decimal fraction: "0.500" → "0.5", "2.000" → "2".
fn trim(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// "-0" reads as a sign error on an axis.
fn unsign_zero(s: &str) -> String {
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// A short label of about three significant digits: plain in 0.01..10⁴, else "3.2e-5".
pub fn short(x: f64) -> String {
    let a = x.abs();
    if a == 0.0 {
        return "0".into();
    }
    if !x.is_finite() {
        return infinite(x);
    }
    if (0.01..1e4).contains(&a) {
        let decimals = (2 - a.log10().floor() as i32).clamp(0, 4) as usize;
        unsign_zero(trim(&format!("{x:.decimals$}")))
    } else {
        let s = format!("{x:.1e}");
        match s.split_once('e') {
            Some((m, e)) => format!("{}e{e}", trim(m)),
            None => s,
        }
    }
}

/// A value at a round tick, without float noise (0.30000000000000004 → "0.3").
pub fn plain(x: f64) -> String {
    if !x.is_finite() {
        return infinite(x);
    }
    unsign_zero(trim(&format!("{x:.6}")))
}

/// A number in a box the user can edit: exact, so typing it back changes nothing, and
/// 1e-8 rather than 0.00000001.
pub fn typed(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-3 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// Three significant digits in scientific notation, for magnitudes that span decades.
pub fn sci(x: f64) -> String {
    format!("{x:.2e}")
}

/// A rate or factor with four decimals: "1.0436".
pub fn fixed(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.4}")
    } else {
        infinite(x)
    }
}

/// A signed margin with four decimals: "+0.0123", "−∞".
pub fn signed(x: f64) -> String {
    if x.is_infinite() {
        infinite(x)
    } else {
        format!("{x:+.4}")
    }
}

fn infinite(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x > 0.0 {
        "+∞".into()
    } else {
        "−∞".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_labels_are_plain_in_the_middle_and_scientific_at_the_ends() {
        assert_eq!(short(0.0), "0");
        assert_eq!(short(1.0), "1");
        assert_eq!(short(0.5), "0.5");
        assert_eq!(short(0.02), "0.02");
        assert_eq!(short(123.456), "123");
        assert_eq!(short(2000.0), "2000");
        assert_eq!(short(3.2e-5), "3.2e-5");
        assert_eq!(short(1e-3), "1e-3");
        assert_eq!(short(-1e6), "-1e6");
        assert_eq!(short(0.1 + 0.2), "0.3");
        // 10^log10(0.02) is not quite 0.02.
        assert_eq!(short(10f64.powf(0.02f64.log10())), "0.02");
        assert_eq!(short(f64::INFINITY), "+∞");
    }

    #[test]
    fn plain_labels_have_no_float_noise() {
        assert_eq!(plain(0.1 + 0.2), "0.3");
        assert_eq!(plain(-0.0), "0");
        assert_eq!(plain(-1e-9), "0");
        assert_eq!(plain(-1.5), "-1.5");
        assert_eq!(plain(2000.0), "2000");
    }

    #[test]
    fn typed_values_parse_back_exactly() {
        for x in [0.0, 1e-8, 0.001, 0.999, 0.9999, 1.0 / 3.0, -180.0, 3e5] {
            assert_eq!(typed(x).parse::<f64>().unwrap(), x, "{}", typed(x));
        }
        assert_eq!(typed(1e-8), "1e-8");
        assert_eq!(typed(0.9), "0.9");
    }

    #[test]
    fn sci_and_signed() {
        assert_eq!(sci(0.000123456), "1.23e-4");
        assert_eq!(sci(0.0), "0.00e0");
        assert_eq!(signed(0.0123), "+0.0123");
        assert_eq!(signed(-2.0), "-2.0000");
        assert_eq!(signed(f64::NEG_INFINITY), "−∞");
        assert_eq!(signed(f64::INFINITY), "+∞");
    }

    #[test]
    fn fixed_has_four_decimals_and_names_infinities() {
        assert_eq!(fixed(1.043_551_6), "1.0436");
        assert_eq!(fixed(f64::INFINITY), "+∞");
    }
}
