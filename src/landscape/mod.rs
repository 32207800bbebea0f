//! Loss landscapes: 2D test functions with exact gradient and Hessian.
//!
//! One trait per capability ([`Value`], [`Gradient`], [`Hessian`]); every landscape writes its
//! formula once, generically over [`Scalar`], and the derivatives follow exactly by forward-mode
//! differentiation. Each documents its minima, a default view box and a default start.

pub mod custom;
pub mod data;
mod formulas;
pub mod lanes;
pub mod scalar;
pub mod steps;
pub mod typed;

use crate::Vec2;
pub use custom::Custom;
pub use data::{Data, DataSpec};
use lanes::{DualLanes, Pack, LANES};
use scalar::{Dual1, Dual2, Scalar};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
pub use steps::StepSizes;
pub use typed::{Formula, FormulaError};

/// f(θ).
pub trait Value {
    fn value(&self, p: Vec2) -> f64;
}

/// f(θ) and ∇f(θ).
pub trait Gradient {
    fn value_and_gradient(&self, p: Vec2) -> (f64, Vec2);
    fn gradient(&self, p: Vec2) -> Vec2 {
        self.value_and_gradient(p).1
    }
}

/// ∇²f(θ), symmetric.
pub trait Hessian {
    fn hessian(&self, p: Vec2) -> [[f64; 2]; 2];
}

/// A landscape and its parameters. The built-in ones are named; a typed formula carries its
/// text and view box (`{"name": "formula", "formula": "...", "view": {...}}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "kebab-case")]
pub enum Landscape {
    /// ½(u² + κ w²) in coordinates (u, w) rotated by `angle` degrees; κ = `condition`.
    Quadratic {
        condition: f64,
        angle: f64,
    },
    Rosenbrock,
    Beale,
    Himmelblau,
    Booth,
    Rastrigin,
    Ackley,
    StyblinskiTang,
    SixHumpCamel,
    GoldsteinPrice,
    Saddle,
    Plateau,
    ScaleInvariant,
    Bilinear,
    Trilinear,
    /// x + y on the square [−1, 1]², steps projected back onto it: ADOPT's counterexample in
    /// two independent coordinates.
    Corner,
    /// f(x, y) as the user typed it.
    Formula(Custom),
    /// A model with two weights fit to a seeded dataset (`{"name": "data", "model": ...}`).
    Data(Data),
}

/// An axis-aligned region of the plane.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewBox {
    pub x: [f64; 2],
    pub y: [f64; 2],
}

/// What a landscape is, where its minima are, and how to look at it.
#[derive(Clone, Debug, PartialEq)]
pub struct Info {
    pub formula: Cow<'static, str>,
    /// Known global minimisers (for sets of minima: representative points, see `minima_note`).
    pub minima: Vec<Vec2>,
    /// f at the global minimum, if one is attained.
    pub min_value: Option<f64>,
    pub minima_note: &'static str,
    pub view: ViewBox,
    pub start: Vec2,
    /// The η choosing this landscape gives each kind of rule; none for a typed formula.
    pub steps: Option<StepSizes>,
    /// Why the landscape is hard for these rules, or empty.
    pub hard: &'static str,
}

/// Bounds of the quadratic's parameters.
pub const CONDITION_RANGE: [f64; 2] = [1.0, 1e4];
pub const ANGLE_RANGE: [f64; 2] = [-180.0, 180.0];

impl Landscape {
    /// Every built-in landscape with its default parameters, in display order.
    pub const ALL: [Landscape; 16] = [
        Landscape::Quadratic {
            condition: 10.0,
            angle: 0.0,
        },
        Landscape::Rosenbrock,
        Landscape::Beale,
        Landscape::Himmelblau,
        Landscape::Booth,
        Landscape::Rastrigin,
        Landscape::Ackley,
        Landscape::StyblinskiTang,
        Landscape::SixHumpCamel,
        Landscape::GoldsteinPrice,
        Landscape::Saddle,
        Landscape::Plateau,
        Landscape::ScaleInvariant,
        Landscape::Bilinear,
        Landscape::Trilinear,
        Landscape::Corner,
    ];

    pub fn name(&self) -> &'static str {
        match self {
            Landscape::Quadratic { .. } => "quadratic",
            Landscape::Rosenbrock => "rosenbrock",
            Landscape::Beale => "beale",
            Landscape::Himmelblau => "himmelblau",
            Landscape::Booth => "booth",
            Landscape::Rastrigin => "rastrigin",
            Landscape::Ackley => "ackley",
            Landscape::StyblinskiTang => "styblinski-tang",
            Landscape::SixHumpCamel => "six-hump-camel",
            Landscape::GoldsteinPrice => "goldstein-price",
            Landscape::Saddle => "saddle",
            Landscape::Plateau => "plateau",
            Landscape::ScaleInvariant => "scale-invariant",
            Landscape::Bilinear => "bilinear",
            Landscape::Trilinear => "trilinear",
            Landscape::Corner => "corner",
            Landscape::Formula(_) => "formula",
            Landscape::Data(_) => "data",
        }
    }

    /// The built-in landscape of that name with default parameters.
    pub fn from_name(name: &str) -> Option<Landscape> {
        Self::ALL.into_iter().find(|l| l.name() == name)
    }

    /// Checks the parameters; the message names the bad one and its range.
    pub fn validate(&self) -> Result<(), String> {
        if let Landscape::Quadratic { condition, angle } = *self {
            check_range("condition", condition, CONDITION_RANGE)?;
            check_range("angle", angle, ANGLE_RANGE)?;
        }
        Ok(())
    }

    /// Whether f has no value at `p`: atan2 has no angle at the origin, so the scale-invariant
    /// landscape is undefined there (its formula would quietly give 0); a typed formula is
    /// where it gives NaN (log of a negative, 0/0, ...).
    pub fn undefined_at(&self, p: Vec2) -> bool {
        match self {
            Landscape::ScaleInvariant => p == [0.0, 0.0],
            Landscape::Formula(c) => c.formula().value(p).is_nan(),
            _ => false,
        }
    }

    /// Where a step to `p` lands: the corner landscape is a square, onto which steps are
    /// projected (each coordinate clipped to [−1, 1]); elsewhere `p` itself.
    pub fn project(&self, p: Vec2) -> Vec2 {
        match self {
            Landscape::Corner => p.map(|c| c.clamp(-1.0, 1.0)), // as in `project_lanes`
            _ => p,
        }
    }

    /// [`Landscape::project`] of four points, lane by lane.
    #[inline(always)]
    pub fn project_lanes(&self, p: &mut [Pack; 2]) {
        if let Landscape::Corner = self {
            *p = p.map(|c| c.each(|c| c.clamp(-1.0, 1.0)));
        }
    }

    /// For tests: every built-in landscape, the formula `typed` (on [−3, 3]²) and both data
    /// sets.
    #[cfg(test)]
    pub(crate) fn every_kind(typed: &str) -> Vec<Landscape> {
        let view = ViewBox {
            x: [-3.0, 3.0],
            y: [-3.0, 3.0],
        };
        let mut all = Landscape::ALL.to_vec();
        all.push(Landscape::Formula(Custom::parse(typed, view).unwrap()));
        for (model, spread) in [(data::Model::Logistic, 2.0), (data::Model::Linear, 0.5)] {
            let spec = DataSpec {
                model,
                spread,
                ..DataSpec::default()
            };
            all.push(Landscape::Data(spec.try_into().unwrap()));
        }
        all
    }

    /// The dataset, if this landscape is a model fit to one.
    pub fn data(&self) -> Option<&Data> {
        match self {
            Landscape::Data(d) => Some(d),
            _ => None,
        }
    }

    /// The typed formula, if this is one.
    pub fn custom(&self) -> Option<&Custom> {
        match self {
            Landscape::Formula(c) => Some(c),
            _ => None,
        }
    }

    /// The formula written once for values, gradients and Hessians.
    pub fn eval<T: Scalar>(&self, x: T, y: T) -> T {
        formulas::eval(self, x, y)
    }

    pub fn info(&self) -> Info {
        formulas::info(self)
    }
}

pub(crate) fn check_range(name: &str, v: f64, [lo, hi]: [f64; 2]) -> Result<(), String> {
    if v.is_finite() && v >= lo && v <= hi {
        Ok(())
    } else {
        Err(format!("{name} must be in [{lo}, {hi}], got {v}"))
    }
}

impl Value for Landscape {
    fn value(&self, p: Vec2) -> f64 {
        self.eval(p[0], p[1])
    }
}

impl Gradient for Landscape {
    /// Rosenbrock, the page's default landscape, is differentiated inline where a run steps:
    /// the same dual numbers, without a call and a match of every landscape per step.
    #[inline]
    fn value_and_gradient(&self, p: Vec2) -> (f64, Vec2) {
        match self {
            Landscape::Rosenbrock => dual(p, formulas::rosenbrock),
            _ => dual_outlined(self, p),
        }
    }
}

/// f and ∇f at p by forward-mode differentiation.
#[inline(always)]
fn dual(p: Vec2, f: impl FnOnce(Dual1, Dual1) -> Dual1) -> (f64, Vec2) {
    let (x, y) = Dual1::vars(p[0], p[1]);
    let f = f(x, y);
    (f.v, f.d)
}

impl Landscape {
    /// f and ∇f at four points, each lane bit for bit [`Gradient::value_and_gradient`] of its
    /// point: Rosenbrock's lanes on the vector unit, the other landscapes' lane by lane (one
    /// copy of every formula fewer in the page's module).
    #[inline]
    pub fn value_and_gradient_lanes(&self, x: Pack, y: Pack) -> (Pack, [Pack; 2]) {
        if let Landscape::Rosenbrock = self {
            let (x, y) = DualLanes::vars(x, y);
            let f = formulas::rosenbrock(x, y);
            return (f.v, f.d);
        }
        let (x, y) = (x.to_array(), y.to_array());
        let each: [_; LANES] = std::array::from_fn(|l| dual_outlined(self, [x[l], y[l]]));
        (
            Pack::from_fn(|l| each[l].0),
            [0, 1].map(|i| Pack::from_fn(|l| each[l].1[i])),
        )
    }
}

#[inline(never)]
fn dual_outlined(l: &Landscape, p: Vec2) -> (f64, Vec2) {
    dual(p, |x, y| l.eval(x, y))
}

impl Hessian for Landscape {
    fn hessian(&self, p: Vec2) -> [[f64; 2]; 2] {
        let (x, y) = Dual2::vars(p[0], p[1]);
        let h = self.eval(x, y).h;
        [[h[0], h[1]], [h[1], h[2]]]
    }
}
