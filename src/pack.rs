//! Four f64 lanes with elementwise IEEE arithmetic: wasm's 128-bit SIMD (two f64x2) in the
//! browser, plain arrays elsewhere (where the compiler vectorises them itself). Every
//! operation rounds each lane exactly as the scalar operation would, so code written over
//! [`Pack`] gives each lane bit for bit what the same code gives over f64. Also [`ln`]: our own
//! logarithm, so that measures fitted to logarithms are the same on every platform.

use std::ops::{Add, BitAnd, Div, Mul, Neg, Not, Sub};

/// Lanes in a [`Pack`].
pub const LANES: usize = 4;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use super::LANES;
    use core::arch::wasm32::*;

    /// f64x2 vectors in a pack.
    const V: usize = LANES / 2;

    /// The lanes as f64x2 vectors.
    #[derive(Clone, Copy)]
    pub struct Pack(pub(super) [v128; V]);

    /// The lane flags as all-ones-or-zero i64x2 vectors.
    #[derive(Clone, Copy)]
    pub struct Mask(pub(super) [v128; V]);

    #[inline(always)]
    fn zip_v(a: [v128; V], b: [v128; V], f: impl Fn(v128, v128) -> v128) -> [v128; V] {
        std::array::from_fn(|i| f(a[i], b[i]))
    }

    impl Pack {
        #[inline(always)]
        pub fn splat(x: f64) -> Pack {
            Pack([f64x2_splat(x); V])
        }
        #[inline(always)]
        pub fn from_array(a: [f64; LANES]) -> Pack {
            Pack(std::array::from_fn(|i| f64x2(a[2 * i], a[2 * i + 1])))
        }
        #[inline(always)]
        pub fn to_array(self) -> [f64; LANES] {
            std::array::from_fn(|l| {
                let v = self.0[l / 2];
                if l % 2 == 0 {
                    f64x2_extract_lane::<0>(v)
                } else {
                    f64x2_extract_lane::<1>(v)
                }
            })
        }
        #[inline(always)]
        pub(super) fn map(self, f: impl Fn(v128) -> v128) -> Pack {
            Pack(self.0.map(f))
        }
        #[inline(always)]
        pub(super) fn zip(self, o: Pack, f: impl Fn(v128, v128) -> v128) -> Pack {
            Pack(zip_v(self.0, o.0, f))
        }
        #[inline(always)]
        pub(super) fn cmp(self, o: Pack, f: impl Fn(v128, v128) -> v128) -> Mask {
            Mask(zip_v(self.0, o.0, f))
        }
        #[inline(always)]
        pub fn sqrt(self) -> Pack {
            self.map(|a| f64x2_sqrt(a))
        }
        #[inline(always)]
        pub fn abs(self) -> Pack {
            self.map(|a| f64x2_abs(a))
        }
        #[inline(always)]
        pub fn lt(self, o: Pack) -> Mask {
            self.cmp(o, |a, b| f64x2_lt(a, b))
        }
        #[inline(always)]
        pub fn le(self, o: Pack) -> Mask {
            self.cmp(o, |a, b| f64x2_le(a, b))
        }
        #[inline(always)]
        pub fn ge(self, o: Pack) -> Mask {
            self.cmp(o, |a, b| f64x2_ge(a, b))
        }
    }

    impl Mask {
        #[inline(always)]
        pub fn splat(b: bool) -> Mask {
            Mask([i64x2_splat(-(b as i64)); V])
        }
        /// a where the flag is set, b elsewhere.
        #[inline(always)]
        pub fn select(self, a: Pack, b: Pack) -> Pack {
            Pack(std::array::from_fn(|i| {
                v128_bitselect(a.0[i], b.0[i], self.0[i])
            }))
        }
        #[inline(always)]
        pub fn to_array(self) -> [bool; LANES] {
            std::array::from_fn(|l| {
                let v = self.0[l / 2];
                if l % 2 == 0 {
                    i64x2_extract_lane::<0>(v) != 0
                } else {
                    i64x2_extract_lane::<1>(v) != 0
                }
            })
        }
        #[inline(always)]
        pub fn any(self) -> bool {
            v128_any_true(
                self.0
                    .into_iter()
                    .fold(i64x2_splat(0), |a, b| v128_or(a, b)),
            )
        }
        #[inline(always)]
        pub(super) fn and(self, o: Mask) -> Mask {
            Mask(zip_v(self.0, o.0, |a, b| v128_and(a, b)))
        }
        #[inline(always)]
        pub(super) fn not(self) -> Mask {
            Mask(self.0.map(|a| v128_not(a)))
        }
    }

    #[inline(always)]
    pub(super) fn add(a: v128, b: v128) -> v128 {
        f64x2_add(a, b)
    }
    #[inline(always)]
    pub(super) fn sub(a: v128, b: v128) -> v128 {
        f64x2_sub(a, b)
    }
    #[inline(always)]
    pub(super) fn mul(a: v128, b: v128) -> v128 {
        f64x2_mul(a, b)
    }
    #[inline(always)]
    pub(super) fn div(a: v128, b: v128) -> v128 {
        f64x2_div(a, b)
    }
    #[inline(always)]
    pub(super) fn neg(a: v128) -> v128 {
        f64x2_neg(a)
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    use super::LANES;

    /// Four f64.
    #[derive(Clone, Copy)]
    pub struct Pack(pub(super) [f64; LANES]);

    /// Four lane flags.
    #[derive(Clone, Copy)]
    pub struct Mask(pub(super) [bool; LANES]);

    impl Pack {
        #[inline(always)]
        pub fn splat(x: f64) -> Pack {
            Pack([x; LANES])
        }
        #[inline(always)]
        pub fn from_array(a: [f64; LANES]) -> Pack {
            Pack(a)
        }
        #[inline(always)]
        pub fn to_array(self) -> [f64; LANES] {
            self.0
        }
        #[inline(always)]
        pub(super) fn map(self, f: impl Fn(f64) -> f64) -> Pack {
            Pack(self.0.map(f))
        }
        #[inline(always)]
        pub(super) fn zip(self, o: Pack, f: impl Fn(f64, f64) -> f64) -> Pack {
            Pack(std::array::from_fn(|l| f(self.0[l], o.0[l])))
        }
        #[inline(always)]
        pub(super) fn cmp(self, o: Pack, f: impl Fn(&f64, &f64) -> bool) -> Mask {
            Mask(std::array::from_fn(|l| f(&self.0[l], &o.0[l])))
        }
        #[inline(always)]
        pub fn sqrt(self) -> Pack {
            self.map(f64::sqrt)
        }
        #[inline(always)]
        pub fn abs(self) -> Pack {
            self.map(f64::abs)
        }
        #[inline(always)]
        pub fn lt(self, o: Pack) -> Mask {
            self.cmp(o, f64::lt)
        }
        #[inline(always)]
        pub fn le(self, o: Pack) -> Mask {
            self.cmp(o, f64::le)
        }
        #[inline(always)]
        pub fn ge(self, o: Pack) -> Mask {
            self.cmp(o, f64::ge)
        }
    }

    impl Mask {
        #[inline(always)]
        pub fn splat(b: bool) -> Mask {
            Mask([b; LANES])
        }
        /// a where the flag is set, b elsewhere.
        #[inline(always)]
        pub fn select(self, a: Pack, b: Pack) -> Pack {
            Pack(std::array::from_fn(
                |l| if self.0[l] { a.0[l] } else { b.0[l] },
            ))
        }
        #[inline(always)]
        pub fn to_array(self) -> [bool; LANES] {
            self.0
        }
        #[inline(always)]
        pub fn any(self) -> bool {
            self.0.contains(&true)
        }
        #[inline(always)]
        pub(super) fn and(self, o: Mask) -> Mask {
            Mask(std::array::from_fn(|l| self.0[l] & o.0[l]))
        }
        #[inline(always)]
        pub(super) fn not(self) -> Mask {
            Mask(self.0.map(|b| !b))
        }
    }

    #[inline(always)]
    pub(super) fn add(a: f64, b: f64) -> f64 {
        a + b
    }
    #[inline(always)]
    pub(super) fn sub(a: f64, b: f64) -> f64 {
        a - b
    }
    #[inline(always)]
    pub(super) fn mul(a: f64, b: f64) -> f64 {
        a * b
    }
    #[inline(always)]
    pub(super) fn div(a: f64, b: f64) -> f64 {
        a / b
    }
    #[inline(always)]
    pub(super) fn neg(a: f64) -> f64 {
        -a
    }
}

pub use imp::{Mask, Pack};

impl Pack {
    #[inline(always)]
    pub fn from_fn(f: impl FnMut(usize) -> f64) -> Pack {
        Pack::from_array(std::array::from_fn(f))
    }

    /// Lane `l`'s value.
    #[inline(always)]
    pub fn lane(self, l: usize) -> f64 {
        self.to_array()[l]
    }

    /// Which lanes are neither infinite nor NaN.
    #[inline(always)]
    pub fn finite(self) -> Mask {
        self.abs().lt(Pack::splat(f64::INFINITY))
    }

    /// Each lane through a scalar function.
    #[inline(always)]
    pub fn each(self, f: impl Fn(f64) -> f64) -> Pack {
        Pack::from_array(self.to_array().map(f))
    }
}

/// ln 2 split so that k · LN2_HI is exact for every exponent k of an f64.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = std::f64::consts::LN_2 - LN2_HI;

/// ln x for x > 0 and finite (other inputs give unspecified numbers), within 1 ulp of the
/// exact value and the same bits on every platform, where `f64::ln` is the platform's:
/// x = 2ᵏ(1 + f) with 1 + f in [√½, √2), s = f/(2 + f), and
/// ln(1 + f) = 2 atanh s = f − s(f − T), T = Σⱼ 2s²ʲ/(2j + 1), j = 1…9 (|s| < 0.172, so the
/// first term left out is below 2.5e-17 of the result).
#[inline(always)]
pub fn ln(x: f64) -> f64 {
    let (k, f) = split(x);
    let s = f / (2.0 + f);
    let (z, w) = (s * s, s * s * (s * s));
    // T in two interleaved halves (odd and even powers of z), which halves its chain.
    let c = |j: i32| 2.0 / (2 * j + 1) as f64;
    let odd = c(1) + w * (c(3) + w * (c(5) + w * (c(7) + w * c(9))));
    let even = c(2) + w * (c(4) + w * (c(6) + w * c(8)));
    let t = z * odd + w * even;
    k * LN2_HI + (f - (s * (f - t) - k * LN2_LO))
}

/// x > 0 as (k, f) with x = 2ᵏ(1 + f), 1 + f in [√½, √2); f is exact.
#[inline(always)]
fn split(x: f64) -> (f64, f64) {
    // Subnormals are scaled into the normal range first (2⁵⁴ is exact).
    let (x, shift) = if x < f64::MIN_POSITIVE {
        (x * f64::from_bits(0x4350_0000_0000_0000), -54)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let k = ((bits >> 52) & 0x7ff) as i64 - 1023 + shift;
    let m = f64::from_bits((bits & ((1 << 52) - 1)) | (1023 << 52));
    let high = m > std::f64::consts::SQRT_2;
    let (k, m) = (k + high as i64, if high { m * 0.5 } else { m });
    (k as f64, m - 1.0)
}

macro_rules! binary {
    ($trait:ident, $method:ident, $f:path) => {
        impl $trait for Pack {
            type Output = Pack;
            #[inline(always)]
            fn $method(self, o: Pack) -> Pack {
                self.zip(o, $f)
            }
        }
    };
}
binary!(Add, add, imp::add);
binary!(Sub, sub, imp::sub);
binary!(Mul, mul, imp::mul);
binary!(Div, div, imp::div);

impl Neg for Pack {
    type Output = Pack;
    #[inline(always)]
    fn neg(self) -> Pack {
        self.map(imp::neg)
    }
}

impl BitAnd for Mask {
    type Output = Mask;
    #[inline(always)]
    fn bitand(self, o: Mask) -> Mask {
        self.and(o)
    }
}

impl Not for Mask {
    type Output = Mask;
    #[inline(always)]
    fn not(self) -> Mask {
        Mask::not(self)
    }
}

impl PartialEq for Pack {
    /// Lane by lane, as f64's ==.
    fn eq(&self, o: &Pack) -> bool {
        self.to_array() == o.to_array()
    }
}

impl std::fmt::Debug for Pack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_array().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each lane of every operation is the scalar operation's result, bit for bit, on values
    /// that include zeros of both signs, infinities, NaN and subnormals.
    #[test]
    fn lanes_round_as_scalars() {
        let vals = [
            0.0,
            -0.0,
            1.0,
            -2.5,
            1e300,
            -1e-310,
            3.7,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            0.1,
            7e-5,
        ];
        let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
        for a in vals.chunks_exact(LANES) {
            for b in vals.chunks_exact(LANES) {
                let (pa, pb) = (Pack::from_fn(|l| a[l]), Pack::from_fn(|l| b[l]));
                type Op = fn(f64, f64) -> f64;
                let ops: [(Pack, Op); 4] = [
                    (pa + pb, |x, y| x + y),
                    (pa - pb, |x, y| x - y),
                    (pa * pb, |x, y| x * y),
                    (pa / pb, |x, y| x / y),
                ];
                for (got, f) in ops {
                    for l in 0..LANES {
                        assert!(same(got.lane(l), f(a[l], b[l])), "{} {}", a[l], b[l]);
                    }
                }
                let lt = pa.lt(pb).to_array();
                let ge = pa.ge(pb).to_array();
                let pick = pa.le(pb).select(pa, pb);
                for l in 0..LANES {
                    assert_eq!(lt[l], a[l] < b[l]);
                    assert_eq!(ge[l], a[l] >= b[l]);
                    let want = if a[l] <= b[l] { a[l] } else { b[l] };
                    assert!(same(pick.lane(l), want));
                }
            }
            let p = Pack::from_fn(|l| a[l]);
            for (l, &a) in a.iter().enumerate() {
                assert!(same(p.sqrt().lane(l), a.sqrt()));
                assert!(same((-p).lane(l), -a));
                assert!(same(p.abs().lane(l), a.abs()));
                assert_eq!(p.finite().to_array()[l], a.is_finite());
            }
        }
        let m = Mask::splat(true) & !Pack::splat(1.0).lt(Pack::splat(0.0));
        assert!(m.any() && m.to_array() == [true; LANES]);
        assert!(!Mask::splat(false).any());
    }

    /// Our ln is within 1 ulp of the platform's over normal and subnormal numbers, near 1,
    /// at powers of two and at the extremes.
    #[test]
    fn ln_is_within_an_ulp() {
        let mut xs = vec![
            1.0,
            2.0,
            0.5,
            f64::MIN_POSITIVE,
            f64::MAX,
            5e-324,
            1e-310,
            std::f64::consts::SQRT_2,
            std::f64::consts::FRAC_1_SQRT_2,
            1.0 + f64::EPSILON,
            1.0 - f64::EPSILON / 2.0,
        ];
        let mut x = 1e-300;
        while x < 1e300 {
            xs.extend([x, x * 1.000_000_1, x * 0.999_999_9]);
            x *= 1.37;
        }
        xs.extend((1..20_000).map(|i| 0.5 + i as f64 * 7.3e-5));
        let mut worst = 0u64;
        for x in xs {
            let (got, want) = (ln(x), x.ln());
            let ulps = (got.to_bits() as i64 - want.to_bits() as i64).unsigned_abs();
            let ulps = if got.signum() == want.signum() {
                ulps
            } else {
                u64::MAX
            };
            assert!(
                ulps <= 1 || (got - want).abs() < 1e-300,
                "ln {x}: {got} vs {want}"
            );
            worst = worst.max(ulps);
        }
        assert!(worst <= 1);
    }
}
