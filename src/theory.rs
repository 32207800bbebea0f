//! Gould & Tanaka's stable region for Adam in (β, γ) = (second-moment decay, momentum).

/// Stability margin C(β, γ) = 2(1 − γ)/γ − (1 − β)/β (Sec. 3.1, Eq. 6 as reported):
/// the max-update stays bounded when C > 0 and grows exponentially when C < 0.
pub fn stability_margin(beta: f64, gamma: f64) -> f64 {
    2.0 * (1.0 - gamma) / gamma - (1.0 - beta) / beta
}

/// The paper's predicted growth rate of ln‖u‖∞ per step outside the region: |C|/2.
pub fn paper_growth_rate(beta: f64, gamma: f64) -> f64 {
    stability_margin(beta, gamma).abs() / 2.0
}

/// DERIVED exact discrete worst-case rate of ln‖u‖∞ per step: ln(γ/√β).
pub fn discrete_growth_rate(beta: f64, gamma: f64) -> f64 {
    (gamma / beta.sqrt()).ln()
}

/// The paper's boundary C = 0: γ = 2β/(1 + β).
pub fn boundary_gamma(beta: f64) -> f64 {
    2.0 * beta / (1.0 + beta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_stable_and_swapped_defaults_are_not() {
        assert!((stability_margin(0.999, 0.9) - 0.2212).abs() < 1e-4);
        assert!(stability_margin(0.9, 0.999) < 0.0);
        assert!(stability_margin(0.9, boundary_gamma(0.9)).abs() < 1e-12);
    }

    #[test]
    fn rates_match_the_table() {
        assert!((paper_growth_rate(0.9, 0.99) - 0.0455).abs() < 1e-4);
        assert!((discrete_growth_rate(0.9, 0.99) - 0.0426).abs() < 1e-4);
    }
}
