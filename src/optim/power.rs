//! The bias corrections 1 − βᵗ without a `powf` per step: `powf` is a slow software routine in
//! WebAssembly and dominated an Adam step there.
//!
//! βᵗ is kept as a running product in double-double arithmetic (hi + lo with |lo| ≤ ½ ulp(hi)),
//! so the next power is one double-double × double product and hi is βᵗ correctly rounded.
//! Products are exact by Veltkamp splitting: wasm has no fused multiply-add, and `mul_add` is a
//! slow libm call there. The trajectories must stay those of `1.0 - β.powf(t)` with glibc's pow
//! (what torch and the reference fixture use), which is within 0.52 ULP, not correctly rounded:
//! where βᵗ lies so near halfway between two doubles that pow may return the other one, and that
//! one would give another 1 − βᵗ, the step still asks `powf`. In wasm, whose pow (a port of
//! FreeBSD's) misses correct rounding more often, the corrections are thus glibc's but in that
//! zone, where they are the port's as before.

/// Distance from halfway, in ULP, inside which glibc's pow may round either way. Its error
/// before rounding is under 0.011 ULP for exp plus |t ln β|·1.5·2⁻⁶⁸·2⁵³ ULP for log
/// (sysdeps/ieee754/dbl-64/e_pow.c), so under 0.013 ULP while βᵗ ≥ 2⁻⁵⁴; below that
/// 1 − βᵗ rounds to 1 whichever neighbour. Measured misses stay within 0.0083 ULP.
const ZONE: f64 = 1.0 / 64.0;

/// 2⁻⁵⁵: a power below it leaves 1 − βᵗ at exactly 1 (it is under half the spacing of the
/// doubles below 1), as glibc's pow does.
const TINY: f64 = 1.0 / 36_028_797_018_963_968.0;

/// baseᵗ at the step it was last asked for, as hi + lo (once it is below [`TINY`], at the
/// step it fell below).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Power {
    base: f64,
    t: u64,
    hi: f64,
    lo: f64,
}

impl Default for Power {
    /// 0⁰ = 1, a true entry: base 0 follows on from it, any other base is computed afresh.
    fn default() -> Self {
        Power {
            base: 0.0,
            t: 0,
            hi: 1.0,
            lo: 0.0,
        }
    }
}

impl Power {
    /// 1 − baseᵗ, bit for bit `1.0 - base.powf(t as f64)` with glibc. The entry follows on from
    /// step t − 1 of the same base by one product; otherwise (first step, a decay changed between
    /// steps, a jump in t) it is computed afresh.
    #[inline]
    pub(crate) fn one_minus(&mut self, base: f64, t: u64) -> f64 {
        // Step after step at one base, the common case, inlined into the step. `self.base` is
        // always in [0, 1], so `base` is too.
        if base == self.base && t == self.t + 1 {
            self.t = t;
            // The power only shrinks, and below 2⁻⁵⁵ 1 − βᵗ is 1 whatever it is: no product.
            if self.hi < TINY {
                return 1.0;
            }
            (self.hi, self.lo) = mul(self.hi, self.lo, base);
            return self.rounded(base, t);
        }
        self.afresh(base, t)
    }

    /// [`Power::one_minus`] where the entry does not follow on from the last one.
    #[inline(never)]
    fn afresh(&mut self, base: f64, t: u64) -> f64 {
        if !(0.0..=1.0).contains(&base) {
            return 1.0 - base.powf(t as f64);
        }
        if base != self.base || t != self.t {
            (self.hi, self.lo) = pow(base, t);
            self.base = base;
            self.t = t;
        }
        self.rounded(base, t)
    }

    /// 1 − hi, or powf's answer where hi + lo is so near halfway that pow may round the other way.
    #[inline]
    fn rounded(&self, base: f64, t: u64) -> f64 {
        let bc = 1.0 - self.hi;
        if self.lo != 0.0 {
            // The neighbour on lo's side: hi is positive here, so one step of its bits.
            let bits = self.hi.to_bits();
            let other = f64::from_bits(if self.lo > 0.0 { bits + 1 } else { bits - 1 });
            if self.lo.abs() > (0.5 - ZONE) * (other - self.hi).abs() && 1.0 - other != bc {
                return 1.0 - base.powf(t as f64);
            }
        }
        bc
    }
}

/// 1 − baseᵗ for t = 1..=steps, as a run's cached power gives them step after step.
pub(crate) fn one_minus_table(base: f64, steps: usize) -> Vec<f64> {
    let mut p = Power::default();
    (1..=steps as u64).map(|t| p.one_minus(base, t)).collect()
}

/// a = hi + lo exactly, |hi| ≥ 2²⁶|lo|, without fused multiply-add (Veltkamp).
fn split(a: f64) -> (f64, f64) {
    let c = 134_217_729.0 * a; // 2²⁷ + 1
    let hi = c - (c - a);
    (hi, a - hi)
}

/// a·b = p + e exactly, barring underflow (Dekker).
fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
}

/// a + b = s + e exactly when |a| ≥ |b|; s is a + b rounded.
fn fast_two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    (s, b - (s - a))
}

/// (hi + lo)·b, to about 2⁻¹⁰⁴ relative.
fn mul(hi: f64, lo: f64, b: f64) -> (f64, f64) {
    let (p, e) = two_prod(hi, b);
    fast_two_sum(p, e + lo * b)
}

/// baseᵗ by repeated squaring in double-double, for 0 ≤ base ≤ 1: every partial product is at
/// least baseᵗ, so none underflows before the result does.
fn pow(base: f64, mut t: u64) -> (f64, f64) {
    let mut r = (1.0, 0.0);
    let mut s = (base, 0.0);
    while t > 0 {
        if t & 1 == 1 {
            r = mul_dd(r, s);
        }
        t >>= 1;
        if t > 0 {
            s = mul_dd(s, s);
        }
    }
    r
}

fn mul_dd(x: (f64, f64), y: (f64, f64)) -> (f64, f64) {
    let (p, e) = two_prod(x.0, y.0);
    fast_two_sum(p, e + (x.0 * y.1 + x.1 * y.0))
}

/// The cached powers of a state: γᵢ and βᵢ of k-Adam's level i at index i − 1 (Adam, AMSGrad
/// and Adamax use level 1). A cache, not state: states equal whatever it holds.
#[derive(Clone, Default)]
pub(crate) struct Powers(pub [[Power; 2]; super::MAX_K]);

impl PartialEq for Powers {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for Powers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Powers")
    }
}

#[cfg(test)]
mod tests {
    use super::{pow, Power};

    /// Bases a run meets (torch's defaults, the sliders' ends, the sweep's range) and random
    /// ones, uniform in β and in log(1 − β).
    fn bases() -> Vec<f64> {
        let mut b = vec![
            0.0, 0.1, 0.5, 0.6, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999,
        ];
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        for i in 0..40 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let u = (x >> 11) as f64 / (1u64 << 53) as f64;
            b.push(if i % 2 == 0 {
                0.5 + 0.49999 * u
            } else {
                1.0 - 10f64.powf(-0.3 - 4.7 * u)
            });
        }
        b
    }

    /// Step after step, as a run asks, against the powf it replaces. glibc's pow misses the
    /// correctly rounded power in some of these cases (β = 0.9999, t = 494 among them), so this
    /// fails if the halfway zone is dropped or too narrow.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn running_powers_equal_powf_bit_for_bit() {
        let mut rounded_differently = 0;
        for base in bases() {
            let mut p = Power::default();
            for t in 1..=30_000u64 {
                let want = 1.0 - base.powf(t as f64);
                let got = p.one_minus(base, t);
                assert_eq!(got.to_bits(), want.to_bits(), "β = {base}, t = {t}");
                if (1.0 - p.hi).to_bits() != want.to_bits() {
                    rounded_differently += 1;
                }
            }
        }
        // Not zero on glibc: the zone is what keeps the grid exact.
        eprintln!("{rounded_differently} cases where pow is not correctly rounded");
    }

    /// A direct computation at any t, as after a jump, agrees with powf and with the product
    /// built step by step.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn jumps_and_fresh_powers_equal_powf() {
        for base in bases() {
            let mut run = Power::default();
            let mut t = 0u64;
            for jump in [1u64, 1, 5, 1, 1000, 1, 1, 77_777, 1, 2, 1_000_000, 1] {
                t += jump;
                let want = 1.0 - base.powf(t as f64);
                assert_eq!(
                    run.one_minus(base, t).to_bits(),
                    want.to_bits(),
                    "{base} {t}"
                );
                let fresh = Power::default().one_minus(base, t);
                assert_eq!(fresh.to_bits(), want.to_bits(), "{base} {t}");
            }
            // Back to an earlier step.
            assert_eq!(
                run.one_minus(base, 3).to_bits(),
                (1.0 - base.powf(3.0)).to_bits()
            );
        }
    }

    /// The double-double power is βᵗ to far better than the zone's margin: repeated squaring
    /// and the running product agree to 2⁻⁹⁰ relative after up to 10⁵ steps (while the power
    /// is above 2⁻⁵⁰, short of where the product stops).
    #[test]
    fn running_product_and_repeated_squaring_agree() {
        for base in bases().into_iter().filter(|b| *b >= 0.995) {
            let mut p = Power::default();
            let mut last = 0;
            for t in 1..=100_000u64 {
                p.one_minus(base, t);
                last = t;
                if p.hi < 2f64.powi(-50) {
                    break;
                }
            }
            assert!(last > 5_000, "{base}: {last} steps");
            let (hi, lo) = pow(base, last);
            let rel = ((p.hi - hi) + (p.lo - lo)).abs() / hi;
            assert!(rel < 2f64.powi(-90), "{base}: {rel:e}");
        }
    }

    /// Once the power is below 2⁻⁵⁵ the correction is exactly 1, as with powf, and stays so;
    /// a jump back to an earlier step recomputes.
    #[test]
    fn a_vanished_power_gives_exactly_one() {
        for base in [0.0, 0.3, 0.9, 0.99] {
            let mut p = Power::default();
            for t in 1..=5_000u64 {
                let got = p.one_minus(base, t);
                assert_eq!(
                    got.to_bits(),
                    (1.0 - base.powf(t as f64)).to_bits(),
                    "{base}^{t}"
                );
            }
            let again = p.one_minus(base, 3);
            assert_eq!(
                again.to_bits(),
                (1.0 - base.powf(3.0)).to_bits(),
                "{base}^3 after"
            );
        }
    }

    /// A decay changed between steps recomputes: the step after the change is a fresh
    /// computation at the new base, not the old power times the new base.
    #[test]
    fn a_changed_base_recomputes() {
        let mut p = Power::default();
        for t in 1..=50 {
            p.one_minus(0.9, t);
        }
        let after = p.one_minus(0.5, 51);
        assert_eq!(after, Power::default().one_minus(0.5, 51));
        assert_eq!(after, 1.0 - 0.5f64.powi(51));
        assert_eq!(p.one_minus(0.5, 52), 1.0 - 0.5f64.powi(52));
        // Back to 0.9 at step 53: 0.9⁵³, not 0.9⁵⁰·0.5²·0.9.
        let back = p.one_minus(0.9, 53);
        assert_eq!(back, Power::default().one_minus(0.9, 53));
        assert!((back - (1.0 - 0.9f64.powi(53))).abs() < 1e-15);
    }

    /// Outside [0, 1] the cache is bypassed, so even β > 1 gives powf's answer.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn bases_outside_the_unit_interval_use_powf() {
        for base in [-0.5, 1.5, 1e300, f64::NAN, f64::INFINITY] {
            for t in 1..=5u64 {
                let want = 1.0 - base.powf(t as f64);
                let got = Power::default().one_minus(base, t);
                assert!(
                    got.to_bits() == want.to_bits(),
                    "{base} {t}: {got} vs {want}"
                );
            }
        }
    }
}
