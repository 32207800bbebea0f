//! Numbers that carry their own derivatives, so each landscape is written once and its
//! gradient and Hessian are exact (forward-mode automatic differentiation, no finite
//! differences).
//!
//! `f64` gives the value alone (used per pixel), [`Dual1`] value and gradient (used per
//! optimizer step), [`Dual2`] value, gradient and Hessian.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// What a landscape formula may use.
pub trait Scalar:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    fn cst(c: f64) -> Self;
    fn value(self) -> f64;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    fn exp(self) -> Self;
    fn tanh(self) -> Self;
    /// Square root; at 0 the derivative is taken as 0 (the subgradient at a cone's tip)
    /// so that the tip of a cone never produces a NaN.
    fn sqrt(self) -> Self;
    /// Angle of (x = other, y = self); derivative 0 at the origin, where it is undefined.
    fn atan2(self, other: Self) -> Self;
    /// Natural logarithm: −∞ at 0 and NaN below, like `f64::ln` (the derivatives too, below 0).
    fn ln(self) -> Self;
    fn tan(self) -> Self;
    fn sinh(self) -> Self;
    fn cosh(self) -> Self;
    fn atan(self) -> Self;
    /// |x|; at 0 the right-hand derivative (+1) is taken, so that the kink never produces a NaN.
    fn abs(self) -> Self;
    /// self^c for a constant real c. A negative base gives NaN unless c is an integer. At a base
    /// of 0 a derivative that would be infinite (c < 1, or c < 2 for the second) is taken as 0,
    /// as `sqrt` does at a cone's tip.
    fn powf(self, c: f64) -> Self;
    /// self^b for a varying exponent, as exp(b · ln self): defined for self > 0, NaN below.
    fn pow(self, b: Self) -> Self {
        (b * self.ln()).exp()
    }
    /// The smaller value with its derivatives. On a tie the first (`self`) is taken, a one-sided
    /// derivative rather than a NaN; if either is NaN the result is NaN.
    fn min(self, other: Self) -> Self {
        let (a, b) = (self.value(), other.value());
        if a <= b {
            self
        } else if a > b {
            other
        } else {
            self + other
        }
    }
    /// The larger value with its derivatives; ties and NaN as for [`Scalar::min`].
    fn max(self, other: Self) -> Self {
        let (a, b) = (self.value(), other.value());
        if a >= b {
            self
        } else if a < b {
            other
        } else {
            self + other
        }
    }
    fn powi(self, n: i32) -> Self {
        let mut acc = Self::cst(1.0);
        for _ in 0..n.unsigned_abs() {
            acc = acc * self;
        }
        if n < 0 {
            Self::cst(1.0) / acc
        } else {
            acc
        }
    }
    fn scale(self, c: f64) -> Self {
        self * Self::cst(c)
    }
}

impl Scalar for f64 {
    fn cst(c: f64) -> Self {
        c
    }
    fn value(self) -> f64 {
        self
    }
    fn sin(self) -> Self {
        f64::sin(self)
    }
    fn cos(self) -> Self {
        f64::cos(self)
    }
    fn exp(self) -> Self {
        f64::exp(self)
    }
    fn tanh(self) -> Self {
        f64::tanh(self)
    }
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    fn atan2(self, other: Self) -> Self {
        f64::atan2(self, other)
    }
    fn powi(self, n: i32) -> Self {
        f64::powi(self, n)
    }
    fn ln(self) -> Self {
        f64::ln(self)
    }
    fn tan(self) -> Self {
        f64::tan(self)
    }
    fn sinh(self) -> Self {
        f64::sinh(self)
    }
    fn cosh(self) -> Self {
        f64::cosh(self)
    }
    fn atan(self) -> Self {
        f64::atan(self)
    }
    fn abs(self) -> Self {
        f64::abs(self)
    }
    fn powf(self, c: f64) -> Self {
        f64::powf(self, c)
    }
}

/// Value with gradient in two variables.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dual1 {
    pub v: f64,
    pub d: [f64; 2],
}

/// Value with gradient and Hessian in two variables.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dual2 {
    pub v: f64,
    pub d: [f64; 2],
    /// Upper triangle of the Hessian: [xx, xy, yy].
    pub h: [f64; 3],
}

impl Dual1 {
    pub fn vars(x: f64, y: f64) -> (Self, Self) {
        (
            Dual1 {
                v: x,
                d: [1.0, 0.0],
            },
            Dual1 {
                v: y,
                d: [0.0, 1.0],
            },
        )
    }
    /// Apply a scalar function with value f, first derivative f1.
    fn chain(self, f: f64, f1: f64) -> Self {
        Dual1 {
            v: f,
            d: [f1 * self.d[0], f1 * self.d[1]],
        }
    }
}

impl Dual2 {
    pub fn vars(x: f64, y: f64) -> (Self, Self) {
        (
            Dual2 {
                v: x,
                d: [1.0, 0.0],
                h: [0.0; 3],
            },
            Dual2 {
                v: y,
                d: [0.0, 1.0],
                h: [0.0; 3],
            },
        )
    }
    /// Apply a scalar function with value f and derivatives f1, f2.
    fn chain(self, f: f64, f1: f64, f2: f64) -> Self {
        let [a, b] = self.d;
        Dual2 {
            v: f,
            d: [f1 * a, f1 * b],
            h: [
                f1 * self.h[0] + f2 * a * a,
                f1 * self.h[1] + f2 * a * b,
                f1 * self.h[2] + f2 * b * b,
            ],
        }
    }
}

macro_rules! impl_linear_ops {
    ($t:ident, $($field:ident),*) => {
        impl Add for $t {
            type Output = $t;
            fn add(self, o: $t) -> $t {
                $t { v: self.v + o.v, $($field: std::array::from_fn(|i| self.$field[i] + o.$field[i])),* }
            }
        }
        impl Sub for $t {
            type Output = $t;
            fn sub(self, o: $t) -> $t {
                $t { v: self.v - o.v, $($field: std::array::from_fn(|i| self.$field[i] - o.$field[i])),* }
            }
        }
        impl Neg for $t {
            type Output = $t;
            fn neg(self) -> $t {
                $t { v: -self.v, $($field: self.$field.map(|x| -x)),* }
            }
        }
    };
}
impl_linear_ops!(Dual1, d);
impl_linear_ops!(Dual2, d, h);

impl Mul for Dual1 {
    type Output = Dual1;
    fn mul(self, o: Dual1) -> Dual1 {
        Dual1 {
            v: self.v * o.v,
            d: [
                self.d[0] * o.v + self.v * o.d[0],
                self.d[1] * o.v + self.v * o.d[1],
            ],
        }
    }
}

impl Mul for Dual2 {
    type Output = Dual2;
    fn mul(self, o: Dual2) -> Dual2 {
        let (a, b) = (self, o);
        Dual2 {
            v: a.v * b.v,
            d: [a.d[0] * b.v + a.v * b.d[0], a.d[1] * b.v + a.v * b.d[1]],
            h: [
                a.h[0] * b.v + 2.0 * a.d[0] * b.d[0] + a.v * b.h[0],
                a.h[1] * b.v + a.d[0] * b.d[1] + a.d[1] * b.d[0] + a.v * b.h[1],
                a.h[2] * b.v + 2.0 * a.d[1] * b.d[1] + a.v * b.h[2],
            ],
        }
    }
}

// The quotient q = a / b is divided directly, so its value is the same as f64 division (a typed
// formula is drawn with f64 and stepped with duals); its derivatives follow from a = q·b.
impl Div for Dual1 {
    type Output = Dual1;
    #[allow(clippy::suspicious_arithmetic_impl)] // the quotient rule needs − and ·
    fn div(self, o: Dual1) -> Dual1 {
        let q = self.v / o.v;
        Dual1 {
            v: q,
            d: std::array::from_fn(|i| (self.d[i] - q * o.d[i]) / o.v),
        }
    }
}

impl Div for Dual2 {
    type Output = Dual2;
    #[allow(clippy::suspicious_arithmetic_impl)] // the quotient rule needs − and ·
    fn div(self, o: Dual2) -> Dual2 {
        let q = self.v / o.v;
        let d: [f64; 2] = std::array::from_fn(|i| (self.d[i] - q * o.d[i]) / o.v);
        // a_ij = q_ij b + q_i b_j + q_j b_i + q b_ij, solved for q_ij.
        let h = |k: usize, i: usize, j: usize| {
            (self.h[k] - d[i] * o.d[j] - d[j] * o.d[i] - q * o.h[k]) / o.v
        };
        Dual2 {
            v: q,
            d,
            h: [h(0, 0, 0), h(1, 0, 1), h(2, 1, 1)],
        }
    }
}

/// Derivatives of v^c for a constant c, with the cone-tip convention at v = 0.
fn powf_derivs(v: f64, c: f64) -> (f64, f64, f64) {
    let f = v.powf(c);
    let f1 = c * v.powf(c - 1.0);
    let f2 = c * (c - 1.0) * v.powf(c - 2.0);
    if v == 0.0 && f.is_finite() {
        let finite = |d: f64| if d.is_finite() { d } else { 0.0 };
        (f, finite(f1), finite(f2))
    } else {
        (f, f1, f2)
    }
}

/// 1/v, but NaN below 0 where ln is undefined, so that an optimizer reading only the gradient
/// sees the NaN too.
fn ln_slope(v: f64) -> f64 {
    if v < 0.0 {
        f64::NAN
    } else {
        1.0 / v
    }
}

/// abs at v: value and slope, +1 at 0 (the right-hand derivative).
fn abs_derivs(v: f64) -> (f64, f64) {
    (v.abs(), if v < 0.0 { -1.0 } else { 1.0 })
}

/// Derivatives of sqrt at s = √x, with the cone-tip convention.
fn sqrt_derivs(s: f64) -> (f64, f64) {
    if s == 0.0 {
        (0.0, 0.0)
    } else {
        (0.5 / s, -0.25 / (s * s * s))
    }
}

/// atan2 partials: value, gradient in (y, x), Hessian [yy, yx, xx].
fn atan2_derivs(y: f64, x: f64) -> (f64, [f64; 2], [f64; 3]) {
    let r2 = x * x + y * y;
    if r2 == 0.0 {
        // f64's value (0 or ±π by the zeros' signs), so duals and f64 agree everywhere.
        return (y.atan2(x), [0.0; 2], [0.0; 3]);
    }
    let r4 = r2 * r2;
    (
        y.atan2(x),
        [x / r2, -y / r2],
        [-2.0 * x * y / r4, (y * y - x * x) / r4, 2.0 * x * y / r4],
    )
}

impl Scalar for Dual1 {
    fn cst(c: f64) -> Self {
        Dual1 { v: c, d: [0.0; 2] }
    }
    fn value(self) -> f64 {
        self.v
    }
    fn sin(self) -> Self {
        self.chain(self.v.sin(), self.v.cos())
    }
    fn cos(self) -> Self {
        self.chain(self.v.cos(), -self.v.sin())
    }
    fn exp(self) -> Self {
        let e = self.v.exp();
        self.chain(e, e)
    }
    fn tanh(self) -> Self {
        let t = self.v.tanh();
        self.chain(t, 1.0 - t * t)
    }
    fn sqrt(self) -> Self {
        let s = self.v.sqrt();
        self.chain(s, sqrt_derivs(s).0)
    }
    fn atan2(self, x: Self) -> Self {
        let (v, g, _) = atan2_derivs(self.v, x.v);
        Dual1 {
            v,
            d: std::array::from_fn(|i| g[0] * self.d[i] + g[1] * x.d[i]),
        }
    }
    fn ln(self) -> Self {
        self.chain(self.v.ln(), ln_slope(self.v))
    }
    fn tan(self) -> Self {
        let t = self.v.tan();
        self.chain(t, 1.0 + t * t)
    }
    fn sinh(self) -> Self {
        self.chain(self.v.sinh(), self.v.cosh())
    }
    fn cosh(self) -> Self {
        self.chain(self.v.cosh(), self.v.sinh())
    }
    fn atan(self) -> Self {
        self.chain(self.v.atan(), 1.0 / (1.0 + self.v * self.v))
    }
    fn abs(self) -> Self {
        let (f, f1) = abs_derivs(self.v);
        self.chain(f, f1)
    }
    fn powf(self, c: f64) -> Self {
        let (f, f1, _) = powf_derivs(self.v, c);
        self.chain(f, f1)
    }
}

impl Scalar for Dual2 {
    fn cst(c: f64) -> Self {
        Dual2 {
            v: c,
            d: [0.0; 2],
            h: [0.0; 3],
        }
    }
    fn value(self) -> f64 {
        self.v
    }
    fn sin(self) -> Self {
        let (s, c) = self.v.sin_cos();
        self.chain(s, c, -s)
    }
    fn cos(self) -> Self {
        let (s, c) = self.v.sin_cos();
        self.chain(c, -s, -c)
    }
    fn exp(self) -> Self {
        let e = self.v.exp();
        self.chain(e, e, e)
    }
    fn tanh(self) -> Self {
        let t = self.v.tanh();
        let d1 = 1.0 - t * t;
        self.chain(t, d1, -2.0 * t * d1)
    }
    fn sqrt(self) -> Self {
        let s = self.v.sqrt();
        let (d1, d2) = sqrt_derivs(s);
        self.chain(s, d1, d2)
    }
    fn atan2(self, x: Self) -> Self {
        let (v, g, h) = atan2_derivs(self.v, x.v);
        let (y, x) = (self, x);
        // Second-order chain rule for a function of two inner functions (y, x).
        let pair = |i: usize, j: usize| {
            h[0] * y.d[i] * y.d[j]
                + h[1] * (y.d[i] * x.d[j] + x.d[i] * y.d[j])
                + h[2] * x.d[i] * x.d[j]
        };
        Dual2 {
            v,
            d: std::array::from_fn(|i| g[0] * y.d[i] + g[1] * x.d[i]),
            h: [
                g[0] * y.h[0] + g[1] * x.h[0] + pair(0, 0),
                g[0] * y.h[1] + g[1] * x.h[1] + pair(0, 1),
                g[0] * y.h[2] + g[1] * x.h[2] + pair(1, 1),
            ],
        }
    }
    fn ln(self) -> Self {
        let r = ln_slope(self.v);
        self.chain(self.v.ln(), r, -r * r)
    }
    fn tan(self) -> Self {
        let t = self.v.tan();
        let d1 = 1.0 + t * t;
        self.chain(t, d1, 2.0 * t * d1)
    }
    fn sinh(self) -> Self {
        let (s, c) = (self.v.sinh(), self.v.cosh());
        self.chain(s, c, s)
    }
    fn cosh(self) -> Self {
        let (s, c) = (self.v.sinh(), self.v.cosh());
        self.chain(c, s, c)
    }
    fn atan(self) -> Self {
        let q = 1.0 / (1.0 + self.v * self.v);
        self.chain(self.v.atan(), q, -2.0 * self.v * q * q)
    }
    fn abs(self) -> Self {
        let (f, f1) = abs_derivs(self.v);
        self.chain(f, f1, 0.0)
    }
    fn powf(self, c: f64) -> Self {
        let (f, f1, f2) = powf_derivs(self.v, c);
        self.chain(f, f1, f2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_rule_and_hessian_of_xy_squared() {
        let (x, y) = Dual2::vars(3.0, 2.0);
        let f = x * y * y; // f = x y²: grad (y², 2xy), hess [[0, 2y], [2y, 2x]]
        assert_eq!(f.v, 12.0);
        assert_eq!(f.d, [4.0, 12.0]);
        assert_eq!(f.h, [0.0, 4.0, 6.0]);
    }

    #[test]
    fn quotient_rule_and_hessian_of_x_over_y() {
        let (x, y) = Dual2::vars(3.0, 2.0);
        let f = x / y; // grad (1/y, −x/y²), hess [[0, −1/y²], [−1/y², 2x/y³]]
        assert_eq!(f.v, 1.5);
        assert_eq!(f.d, [0.5, -0.75]);
        assert_eq!(f.h, [0.0, -0.25, 0.75]);
        let g = Dual1::vars(3.0, 2.0);
        assert_eq!((g.0 / g.1).d, f.d);
    }

    #[test]
    fn kinks_take_one_sided_derivatives() {
        let (x, y) = Dual2::vars(0.0, 0.0);
        assert_eq!(x.abs().d, [1.0, 0.0]);
        assert_eq!(x.min(y).d, [1.0, 0.0]);
        assert_eq!(y.max(x).d, [0.0, 1.0]);
        assert!(x.min(Dual2::cst(f64::NAN)).v.is_nan());
        // x^0.5 and x^1.5 at 0: infinite derivatives are taken as 0, finite ones kept.
        assert_eq!(x.powf(0.5).d, [0.0, 0.0]);
        assert_eq!(x.powf(2.0).h, [2.0, 0.0, 0.0]);
    }

    #[test]
    fn sqrt_at_zero_is_finite() {
        let (x, _) = Dual2::vars(0.0, 0.0);
        let f = (x * x).sqrt();
        assert!(f.d.iter().chain(f.h.iter()).all(|v| v.is_finite()));
    }
}
