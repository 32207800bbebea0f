//! f64 lanes with elementwise IEEE arithmetic, held as pairs: one wasm f64x2 (128-bit SIMD)
//! per pair in the browser, plain arrays elsewhere (where the compiler vectorises them
//! itself). Every operation rounds each lane exactly as the scalar operation would, so code
//! written over lanes gives each lane bit for bit what the same code gives over f64.
//! [`Pack`] is four lanes (four cells of a sweep), [`Pair`] two (a point's two coordinates).
//! Also [`ln`]: our own logarithm, so that measures fitted to logarithms are the same on every
//! platform.

use crate::Vec2;
use std::ops::{Add, BitAnd, Div, Mul, Neg, Not, Sub};

/// Lanes in a [`Pack`].
pub const LANES: usize = 4;

/// Four lanes: a sweep's cells in lockstep.
pub type Pack = Lanes<2>;
/// Which of a [`Pack`]'s lanes a condition holds in.
pub type Mask = Flags<2>;
/// Two lanes: a point's or a gradient's coordinates.
pub type Pair = Lanes<1>;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    /// One pair of lanes.
    pub(super) type P = v128;

    #[inline(always)]
    pub(super) fn splat(x: f64) -> P {
        f64x2_splat(x)
    }
    #[inline(always)]
    pub(super) fn pair(a: [f64; 2]) -> P {
        f64x2(a[0], a[1])
    }
    #[inline(always)]
    pub(super) fn unpair(p: P) -> [f64; 2] {
        [f64x2_extract_lane::<0>(p), f64x2_extract_lane::<1>(p)]
    }
    #[inline(always)]
    pub(super) fn add(a: P, b: P) -> P {
        f64x2_add(a, b)
    }
    #[inline(always)]
    pub(super) fn sub(a: P, b: P) -> P {
        f64x2_sub(a, b)
    }
    #[inline(always)]
    pub(super) fn mul(a: P, b: P) -> P {
        f64x2_mul(a, b)
    }
    #[inline(always)]
    pub(super) fn div(a: P, b: P) -> P {
        f64x2_div(a, b)
    }
    #[inline(always)]
    pub(super) fn neg(a: P) -> P {
        f64x2_neg(a)
    }
    #[inline(always)]
    pub(super) fn sqrt(a: P) -> P {
        f64x2_sqrt(a)
    }
    #[inline(always)]
    pub(super) fn abs(a: P) -> P {
        f64x2_abs(a)
    }

    /// One pair of flags: all ones or all zeros per lane.
    pub(super) type F = v128;

    #[inline(always)]
    pub(super) fn lt(a: P, b: P) -> F {
        f64x2_lt(a, b)
    }
    #[inline(always)]
    pub(super) fn le(a: P, b: P) -> F {
        f64x2_le(a, b)
    }
    #[inline(always)]
    pub(super) fn ge(a: P, b: P) -> F {
        f64x2_ge(a, b)
    }
    #[inline(always)]
    pub(super) fn flags(b: [bool; 2]) -> F {
        i64x2(-(b[0] as i64), -(b[1] as i64))
    }
    #[inline(always)]
    pub(super) fn unflag(f: F) -> [bool; 2] {
        [
            i64x2_extract_lane::<0>(f) != 0,
            i64x2_extract_lane::<1>(f) != 0,
        ]
    }
    #[inline(always)]
    pub(super) fn select(f: F, a: P, b: P) -> P {
        v128_bitselect(a, b, f)
    }
    #[inline(always)]
    pub(super) fn and(a: F, b: F) -> F {
        v128_and(a, b)
    }
    #[inline(always)]
    pub(super) fn not(a: F) -> F {
        v128_not(a)
    }
    #[inline(always)]
    pub(super) fn any(a: F) -> bool {
        v128_any_true(a)
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    /// One pair of lanes.
    pub(super) type P = [f64; 2];

    #[inline(always)]
    fn zip(a: P, b: P, f: impl Fn(f64, f64) -> f64) -> P {
        [f(a[0], b[0]), f(a[1], b[1])]
    }
    #[inline(always)]
    pub(super) fn splat(x: f64) -> P {
        [x; 2]
    }
    #[inline(always)]
    pub(super) fn pair(a: [f64; 2]) -> P {
        a
    }
    #[inline(always)]
    pub(super) fn unpair(p: P) -> [f64; 2] {
        p
    }
    #[inline(always)]
    pub(super) fn add(a: P, b: P) -> P {
        zip(a, b, |a, b| a + b)
    }
    #[inline(always)]
    pub(super) fn sub(a: P, b: P) -> P {
        zip(a, b, |a, b| a - b)
    }
    #[inline(always)]
    pub(super) fn mul(a: P, b: P) -> P {
        zip(a, b, |a, b| a * b)
    }
    #[inline(always)]
    pub(super) fn div(a: P, b: P) -> P {
        zip(a, b, |a, b| a / b)
    }
    #[inline(always)]
    pub(super) fn neg(a: P) -> P {
        a.map(|a| -a)
    }
    #[inline(always)]
    pub(super) fn sqrt(a: P) -> P {
        a.map(f64::sqrt)
    }
    #[inline(always)]
    pub(super) fn abs(a: P) -> P {
        a.map(f64::abs)
    }

    /// One pair of flags.
    pub(super) type F = [bool; 2];

    #[inline(always)]
    pub(super) fn lt(a: P, b: P) -> F {
        [a[0] < b[0], a[1] < b[1]]
    }
    #[inline(always)]
    pub(super) fn le(a: P, b: P) -> F {
        [a[0] <= b[0], a[1] <= b[1]]
    }
    #[inline(always)]
    pub(super) fn ge(a: P, b: P) -> F {
        [a[0] >= b[0], a[1] >= b[1]]
    }
    #[inline(always)]
    pub(super) fn flags(b: [bool; 2]) -> F {
        b
    }
    #[inline(always)]
    pub(super) fn unflag(f: F) -> [bool; 2] {
        f
    }
    #[inline(always)]
    pub(super) fn select(f: F, a: P, b: P) -> P {
        [0, 1].map(|i| if f[i] { a[i] } else { b[i] })
    }
    #[inline(always)]
    pub(super) fn and(a: F, b: F) -> F {
        [a[0] & b[0], a[1] & b[1]]
    }
    #[inline(always)]
    pub(super) fn not(a: F) -> F {
        [!a[0], !a[1]]
    }
    #[inline(always)]
    pub(super) fn any(a: F) -> bool {
        a[0] | a[1]
    }
}

/// 2V f64 lanes, as V pairs.
#[derive(Clone, Copy)]
pub struct Lanes<const V: usize>([imp::P; V]);

/// 2V lane flags, as V pairs.
#[derive(Clone, Copy)]
pub struct Flags<const V: usize>([imp::F; V]);

impl<const V: usize> Lanes<V> {
    #[inline(always)]
    pub fn splat(x: f64) -> Self {
        Lanes([imp::splat(x); V])
    }
    /// Lane l is f(l).
    #[inline(always)]
    pub fn from_fn(mut f: impl FnMut(usize) -> f64) -> Self {
        Lanes(std::array::from_fn(|i| imp::pair([f(2 * i), f(2 * i + 1)])))
    }
    #[inline(always)]
    pub fn pairs(self) -> [[f64; 2]; V] {
        self.0.map(imp::unpair)
    }
    /// Lane `l`'s value.
    #[inline(always)]
    pub fn lane(self, l: usize) -> f64 {
        imp::unpair(self.0[l / 2])[l % 2]
    }
    #[inline(always)]
    fn map(self, f: impl Fn(imp::P) -> imp::P) -> Self {
        Lanes(self.0.map(f))
    }
    #[inline(always)]
    fn zip(self, o: Self, f: impl Fn(imp::P, imp::P) -> imp::P) -> Self {
        Lanes(std::array::from_fn(|i| f(self.0[i], o.0[i])))
    }
    #[inline(always)]
    fn cmp(self, o: Self, f: impl Fn(imp::P, imp::P) -> imp::F) -> Flags<V> {
        Flags(std::array::from_fn(|i| f(self.0[i], o.0[i])))
    }
    #[inline(always)]
    pub fn sqrt(self) -> Self {
        self.map(imp::sqrt)
    }
    #[inline(always)]
    pub fn abs(self) -> Self {
        self.map(imp::abs)
    }
    #[inline(always)]
    pub fn lt(self, o: Self) -> Flags<V> {
        self.cmp(o, imp::lt)
    }
    #[inline(always)]
    pub fn le(self, o: Self) -> Flags<V> {
        self.cmp(o, imp::le)
    }
    #[inline(always)]
    pub fn ge(self, o: Self) -> Flags<V> {
        self.cmp(o, imp::ge)
    }
    /// Which lanes are neither infinite nor NaN.
    #[inline(always)]
    pub fn finite(self) -> Flags<V> {
        self.abs().lt(Self::splat(f64::INFINITY))
    }
}

impl Pack {
    #[inline(always)]
    pub fn from_array(a: [f64; LANES]) -> Pack {
        Pack::from_fn(|l| a[l])
    }
    #[inline(always)]
    pub fn to_array(self) -> [f64; LANES] {
        let [a, b] = self.pairs();
        [a[0], a[1], b[0], b[1]]
    }
    /// Each lane through a scalar function.
    #[inline(always)]
    pub fn each(self, f: impl Fn(f64) -> f64) -> Pack {
        Pack::from_array(self.to_array().map(f))
    }
}

impl From<Vec2> for Pair {
    #[inline(always)]
    fn from(v: Vec2) -> Pair {
        Lanes([imp::pair(v)])
    }
}

impl From<Pair> for Vec2 {
    #[inline(always)]
    fn from(p: Pair) -> Vec2 {
        imp::unpair(p.0[0])
    }
}

impl<const V: usize> Flags<V> {
    #[inline(always)]
    pub fn splat(b: bool) -> Self {
        Flags([imp::flags([b; 2]); V])
    }
    /// a where the flag is set, b elsewhere.
    #[inline(always)]
    pub fn select(self, a: Lanes<V>, b: Lanes<V>) -> Lanes<V> {
        Lanes(std::array::from_fn(|i| {
            imp::select(self.0[i], a.0[i], b.0[i])
        }))
    }
    #[inline(always)]
    pub fn any(self) -> bool {
        self.0.into_iter().any(imp::any)
    }
}

impl Mask {
    #[inline(always)]
    pub fn to_array(self) -> [bool; LANES] {
        let [a, b] = self.0.map(imp::unflag);
        [a[0], a[1], b[0], b[1]]
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
        impl<const V: usize> $trait for Lanes<V> {
            type Output = Self;
            #[inline(always)]
            fn $method(self, o: Self) -> Self {
                self.zip(o, $f)
            }
        }
    };
}
binary!(Add, add, imp::add);
binary!(Sub, sub, imp::sub);
binary!(Mul, mul, imp::mul);
binary!(Div, div, imp::div);

impl<const V: usize> Neg for Lanes<V> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        self.map(imp::neg)
    }
}

impl<const V: usize> BitAnd for Flags<V> {
    type Output = Self;
    #[inline(always)]
    fn bitand(self, o: Self) -> Self {
        Flags(std::array::from_fn(|i| imp::and(self.0[i], o.0[i])))
    }
}

impl<const V: usize> Not for Flags<V> {
    type Output = Self;
    #[inline(always)]
    fn not(self) -> Self {
        Flags(self.0.map(imp::not))
    }
}

impl<const V: usize> PartialEq for Lanes<V> {
    /// Lane by lane, as f64's ==.
    fn eq(&self, o: &Self) -> bool {
        self.pairs() == o.pairs()
    }
}

impl<const V: usize> std::fmt::Debug for Lanes<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.pairs().fmt(f)
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
