//! Four points' values and gradients at once, for the sweep's cells in lockstep: each lane is
//! computed with exactly [`Dual1`]'s operations, so a lane is bit for bit the point's own
//! [`Gradient::value_and_gradient`](super::Gradient), while the four lanes' arithmetic
//! vectorises (wasm's f64x2, SSE2).

use super::scalar::{Dual1, Scalar};
pub use crate::pack::{Pack, LANES};
use std::ops::{Add, Div, Mul, Neg, Sub};

/// [`Dual1`] in each of [`LANES`] lanes, stored by field so that the lanes' arithmetic is
/// elementwise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DualLanes {
    pub v: Pack,
    pub d: [Pack; 2],
}

impl DualLanes {
    /// x and y as variables in every lane.
    #[inline(always)]
    pub fn vars(x: Pack, y: Pack) -> (Self, Self) {
        let (zero, one) = (Pack::splat(0.0), Pack::splat(1.0));
        (
            DualLanes {
                v: x,
                d: [one, zero],
            },
            DualLanes {
                v: y,
                d: [zero, one],
            },
        )
    }

    fn lanes(self) -> [Dual1; LANES] {
        let (v, d0, d1) = (
            self.v.to_array(),
            self.d[0].to_array(),
            self.d[1].to_array(),
        );
        std::array::from_fn(|l| Dual1 {
            v: v[l],
            d: [d0[l], d1[l]],
        })
    }

    fn from_lanes(lanes: [Dual1; LANES]) -> Self {
        DualLanes {
            v: Pack::from_fn(|l| lanes[l].v),
            d: [0, 1].map(|i| Pack::from_fn(|l| lanes[l].d[i])),
        }
    }

    /// Each lane through `f` as a [`Dual1`]: the functions other than + − × ÷ are applied lane
    /// by lane, which keeps them exactly [`Dual1`]'s.
    fn each(self, f: impl Fn(Dual1) -> Dual1) -> Self {
        Self::from_lanes(self.lanes().map(f))
    }

    fn each2(self, o: Self, f: impl Fn(Dual1, Dual1) -> Dual1) -> Self {
        let (a, b) = (self.lanes(), o.lanes());
        Self::from_lanes(std::array::from_fn(|l| f(a[l], b[l])))
    }
}

impl Add for DualLanes {
    type Output = Self;
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        DualLanes {
            v: self.v + o.v,
            d: [self.d[0] + o.d[0], self.d[1] + o.d[1]],
        }
    }
}

impl Sub for DualLanes {
    type Output = Self;
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        DualLanes {
            v: self.v - o.v,
            d: [self.d[0] - o.d[0], self.d[1] - o.d[1]],
        }
    }
}

impl Neg for DualLanes {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        DualLanes {
            v: -self.v,
            d: [-self.d[0], -self.d[1]],
        }
    }
}

impl Mul for DualLanes {
    type Output = Self;
    /// As [`Dual1`]: (uv, u′v + uv′).
    #[inline(always)]
    #[allow(clippy::suspicious_arithmetic_impl)] // the product rule needs +
    fn mul(self, o: Self) -> Self {
        DualLanes {
            v: self.v * o.v,
            d: [0, 1].map(|i| self.d[i] * o.v + self.v * o.d[i]),
        }
    }
}

impl Div for DualLanes {
    type Output = Self;
    /// As [`Dual1`]: q = u/v, (u′ − q v′)/v.
    #[inline(always)]
    #[allow(clippy::suspicious_arithmetic_impl)] // the quotient rule needs − and ·
    fn div(self, o: Self) -> Self {
        let q = self.v / o.v;
        DualLanes {
            v: q,
            d: [0, 1].map(|i| (self.d[i] - q * o.d[i]) / o.v),
        }
    }
}

impl Scalar for DualLanes {
    #[inline(always)]
    fn cst(c: f64) -> Self {
        DualLanes {
            v: Pack::splat(c),
            d: [Pack::splat(0.0); 2],
        }
    }
    /// The first lane's value. Nothing of the formulas reads a value (they would branch per
    /// lane); the comparisons that do, min and max, are taken lane by lane below.
    fn value(self) -> f64 {
        self.v.lane(0)
    }
    fn sin(self) -> Self {
        self.each(Dual1::sin)
    }
    fn cos(self) -> Self {
        self.each(Dual1::cos)
    }
    fn exp(self) -> Self {
        self.each(Dual1::exp)
    }
    fn tanh(self) -> Self {
        self.each(Dual1::tanh)
    }
    fn sqrt(self) -> Self {
        self.each(Dual1::sqrt)
    }
    fn atan2(self, other: Self) -> Self {
        self.each2(other, Dual1::atan2)
    }
    fn ln(self) -> Self {
        self.each(Dual1::ln)
    }
    fn tan(self) -> Self {
        self.each(Dual1::tan)
    }
    fn sinh(self) -> Self {
        self.each(Dual1::sinh)
    }
    fn cosh(self) -> Self {
        self.each(Dual1::cosh)
    }
    fn atan(self) -> Self {
        self.each(Dual1::atan)
    }
    fn abs(self) -> Self {
        self.each(Dual1::abs)
    }
    fn powf(self, c: f64) -> Self {
        self.each(|x| x.powf(c))
    }
    fn pow(self, b: Self) -> Self {
        self.each2(b, Dual1::pow)
    }
    fn min(self, other: Self) -> Self {
        self.each2(other, Dual1::min)
    }
    fn max(self, other: Self) -> Self {
        self.each2(other, Dual1::max)
    }
    fn powi(self, n: i32) -> Self {
        self.each(|x| x.powi(n))
    }
    fn scale(self, c: f64) -> Self {
        self.each(|x| x.scale(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::{Gradient, Landscape};

    /// A typed formula that branches and is undefined at a point.
    const TYPED: &str = "min(x^2, abs(y)) + max(sqrt(x^2 + y^2), atan2(y, x)) + (1 + x^2)^y + x^-2";

    /// Every lane is the point's own value and gradient, bit for bit, on every landscape and
    /// at points where the formulas branch (min, max, abs, a cone's tip) or are undefined.
    #[test]
    fn each_lane_is_the_points_own_dual_number() {
        let points: Vec<[f64; 2]> = (0..64)
            .map(|i| {
                let t = i as f64 * 0.37;
                [(t * 1.3).sin() * 3.1, (t * 0.7).cos() * 2.3 - 0.4]
            })
            .chain([[0.0, 0.0], [1.0, 1.0], [-0.0, 2.0], [1e-300, -1e300]])
            .collect();
        for l in Landscape::every_kind(TYPED) {
            for quad in points.chunks_exact(LANES) {
                let x = Pack::from_fn(|i| quad[i][0]);
                let y = Pack::from_fn(|i| quad[i][1]);
                let (v, d) = l.value_and_gradient_lanes(x, y);
                let (v, d) = (v.to_array(), d.map(Pack::to_array));
                for i in 0..LANES {
                    let (fv, fd) = l.value_and_gradient(quad[i]);
                    let same =
                        |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
                    assert!(same(v[i], fv), "{l:?} at {:?}: {} vs {fv}", quad[i], v[i]);
                    for k in 0..2 {
                        assert!(same(d[k][i], fd[k]), "{l:?} ∂{k} at {:?}", quad[i]);
                    }
                }
            }
        }
    }
}
