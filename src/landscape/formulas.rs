//! The formulas, minima, views and starts of the landscapes.

use super::{steps, Custom, Data, Info, Landscape, ViewBox};
use crate::landscape::scalar::Scalar;
use std::f64::consts::{E, PI};

fn c<T: Scalar>(v: f64) -> T {
    T::cst(v)
}

pub(super) fn eval<T: Scalar>(l: &Landscape, x: T, y: T) -> T {
    match *l {
        Landscape::Formula(ref c) => c.formula().eval(x, y),
        Landscape::Data(ref d) => d.loss(x, y),
        Landscape::Corner => x + y,
        Landscape::Quadratic { condition, angle } => {
            let (s, co) = angle.to_radians().sin_cos();
            let u = x.scale(co) + y.scale(s);
            let w = y.scale(co) - x.scale(s);
            (u * u + w * w * c(condition)).scale(0.5)
        }
        Landscape::Rosenbrock => rosenbrock(x, y),
        Landscape::Beale => [1.5, 2.25, 2.625]
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let r = c::<T>(k) - x + x * y.powi(i as i32 + 1);
                r * r
            })
            .fold(c(0.0), |a, b| a + b),
        Landscape::Himmelblau => {
            let a = x * x + y - c(11.0);
            let b = x + y * y - c(7.0);
            a * a + b * b
        }
        Landscape::Booth => {
            let a = x + y.scale(2.0) - c(7.0);
            let b = x.scale(2.0) + y - c(5.0);
            a * a + b * b
        }
        Landscape::Rastrigin => {
            let term = |t: T| t * t - (t.scale(2.0 * PI)).cos().scale(10.0);
            c::<T>(20.0) + term(x) + term(y)
        }
        Landscape::Ackley => {
            let r = ((x * x + y * y).scale(0.5)).sqrt();
            let s = ((x.scale(2.0 * PI)).cos() + (y.scale(2.0 * PI)).cos()).scale(0.5);
            c::<T>(20.0 + E) - (r.scale(-0.2)).exp().scale(20.0) - s.exp()
        }
        Landscape::StyblinskiTang => {
            let term = |t: T| t.powi(4) - t.powi(2).scale(16.0) + t.scale(5.0);
            (term(x) + term(y)).scale(0.5)
        }
        Landscape::SixHumpCamel => {
            let x2 = x * x;
            let y2 = y * y;
            (c::<T>(4.0) - x2.scale(2.1) + x2 * x2.scale(1.0 / 3.0)) * x2
                + x * y
                + (y2.scale(4.0) - c(4.0)) * y2
        }
        Landscape::GoldsteinPrice => {
            let a = x + y + c(1.0);
            let p = c::<T>(19.0) - x.scale(14.0) + (x * x).scale(3.0) - y.scale(14.0)
                + (x * y).scale(6.0)
                + (y * y).scale(3.0);
            let b = x.scale(2.0) - y.scale(3.0);
            let q = c::<T>(18.0) - x.scale(32.0) + (x * x).scale(12.0) + y.scale(48.0)
                - (x * y).scale(36.0)
                + (y * y).scale(27.0);
            (c::<T>(1.0) + a * a * p) * (c::<T>(30.0) + b * b * q)
        }
        Landscape::Saddle => x * x - y * y,
        Landscape::Plateau => (y * y).scale(0.5) - x.tanh(),
        Landscape::ScaleInvariant => c::<T>(1.0) - (y.atan2(x).scale(3.0)).cos(),
        Landscape::Bilinear => {
            let r = (x * y).scale(2.0) - c(1.5);
            (r * r).scale(0.5)
        }
        Landscape::Trilinear => {
            let r = x * y * y - c(1.0);
            (r * r).scale(0.5)
        }
    }
}

/// (1 − x)² + 100(y − x²)², apart from [`eval`] so that a run's step can inline it.
#[inline(always)]
pub(super) fn rosenbrock<T: Scalar>(x: T, y: T) -> T {
    let a = c::<T>(1.0) - x;
    let b = y - x * x;
    a * a + b * b * c(100.0)
}

/// Nothing is known of a typed formula's minima: none are claimed.
fn custom_info(c: &Custom) -> Info {
    Info {
        formula: c.source().to_string().into(),
        minima: vec![],
        min_value: None,
        minima_note: "minima unknown: they are not computed for a typed formula",
        view: c.view(),
        start: c.formula().start(),
        steps: None,
        hard: "",
    }
}

fn data_info(d: &Data) -> Info {
    let fit = d.fit();
    Info {
        formula: d.formula().into(),
        minima: fit.into_iter().collect(),
        min_value: fit.map(|w| d.loss(w[0], w[1])),
        minima_note: if fit.is_some() {
            "the full-batch fit, by Newton's method with the exact Hessian"
        } else {
            "no finite minimum: the classes are separable, and the loss keeps falling along w"
        },
        view: d.view(),
        start: d.start(),
        steps: Some(steps::for_data(d)),
        hard: "",
    }
}

fn view(x: [f64; 2], y: [f64; 2]) -> ViewBox {
    ViewBox { x, y }
}

pub(super) fn info(l: &Landscape) -> Info {
    let square = |h: f64| view([-h, h], [-h, h]);
    let (formula, minima, min_value, minima_note, view, start): (_, Vec<_>, _, _, _, _) = match *l {
        Landscape::Quadratic { .. } => (
            "½(u² + κ·w²), (u, w) = (x, y) rotated by the angle",
            vec![[0.0, 0.0]],
            Some(0.0),
            "",
            square(3.0),
            [-2.5, 1.5],
        ),
        Landscape::Rosenbrock => (
            "(1 − x)² + 100(y − x²)²",
            vec![[1.0, 1.0]],
            Some(0.0),
            "",
            view([-2.0, 2.0], [-1.0, 3.0]),
            [-1.2, 1.0],
        ),
        Landscape::Beale => (
            "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
            vec![[3.0, 0.5]],
            Some(0.0),
            "",
            square(4.5),
            [1.0, 1.5],
        ),
        Landscape::Himmelblau => (
            "(x² + y − 11)² + (x + y² − 7)²",
            vec![
                [3.0, 2.0],
                [-2.805118, 3.131312],
                [-3.779310, -3.283186],
                [3.584428, -1.848126],
            ],
            Some(0.0),
            "four global minima (coordinates to 6 decimals)",
            square(5.0),
            [0.0, 0.0],
        ),
        Landscape::Booth => (
            "(x + 2y − 7)² + (2x + y − 5)²",
            vec![[1.0, 3.0]],
            Some(0.0),
            "",
            square(10.0),
            [-7.0, -7.0],
        ),
        Landscape::Rastrigin => (
            "20 + Σ (xᵢ² − 10 cos 2πxᵢ)",
            vec![[0.0, 0.0]],
            Some(0.0),
            "a local minimum near every integer point",
            square(5.12),
            [2.5, 3.2],
        ),
        Landscape::Ackley => (
            "−20 exp(−0.2 √(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20",
            vec![[0.0, 0.0]],
            Some(0.0),
            "a local minimum near every integer point; a cone tip at the origin",
            square(5.0),
            [3.2, 2.8],
        ),
        Landscape::StyblinskiTang => (
            "½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ)",
            vec![[-2.903534, -2.903534]],
            Some(-78.332331),
            "three local minima besides the global one",
            square(5.0),
            [0.2, 4.0],
        ),
        Landscape::SixHumpCamel => (
            "(4 − 2.1x² + x⁴/3)x² + xy + (4y² − 4)y²",
            vec![[0.089842, -0.712656], [-0.089842, 0.712656]],
            Some(-1.031628),
            "two global minima",
            view([-2.0, 2.0], [-1.0, 1.0]),
            [1.2, 0.9],
        ),
        Landscape::GoldsteinPrice => (
            "[1 + (x+y+1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]·[30 + (2x−3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]",
            vec![[0.0, -1.0]],
            Some(3.0),
            "",
            square(2.0),
            [-1.5, 1.5],
        ),
        Landscape::Saddle => (
            "x² − y²",
            vec![],
            None,
            "unbounded below; a saddle point at the origin",
            square(2.0),
            [-1.8, 0.05],
        ),
        Landscape::Plateau => (
            "−tanh(x) + ½y²",
            vec![],
            None,
            "no minimum: the infimum −1 is approached as x → ∞ with y = 0, where the gradient vanishes",
            view([-3.0, 9.0], [-3.0, 3.0]),
            [0.0, 1.0],
        ),
        Landscape::ScaleInvariant => (
            "1 − cos(3·atan2(y, x))",
            vec![
                [1.0, 0.0],
                [-0.5, 0.75f64.sqrt()],
                [-0.5, -(0.75f64.sqrt())],
            ],
            Some(0.0),
            "minimal on the three rays at angles 0, ±120° (points shown at radius 1); undefined at the origin",
            square(2.0),
            [0.88, 0.48],
        ),
        Landscape::Bilinear => (
            "½(2xy − 1.5)²",
            vec![[0.75f64.sqrt(), 0.75f64.sqrt()], [-(0.75f64.sqrt()), -(0.75f64.sqrt())]],
            Some(0.0),
            "minimal on the hyperbola xy = 0.75; the flattest minima |x| = |y| = √0.75 are shown",
            view([-1.0, 3.0], [-1.0, 3.0]),
            [2.0, 0.3],
        ),
        // Along the valley ∇f = (y², 2/y): |∂f/∂x| + |∂f/∂y| is least at y = 1, |∇f| at y⁶ = 2,
        // so the one-norm and two-norm flattest minima differ.
        Landscape::Corner => (
            "x + y on the square [−1, 1]², steps projected back onto it",
            vec![[-1.0, -1.0]],
            Some(-2.0),
            "the corner (−1, −1): each coordinate is ADOPT's one-dimensional counterexample, whose optimum is −1",
            view([-1.25, 1.25], [-1.25, 1.25]),
            [0.0, 0.0],
        ),
        Landscape::Formula(ref c) => return custom_info(c),
        Landscape::Data(ref d) => return data_info(d),
        Landscape::Trilinear => {
            let (a, b) = (2f64.powf(-1.0 / 3.0), 2f64.powf(1.0 / 6.0));
            (
                "½(xy² − 1)²",
                vec![[1.0, 1.0], [a, b], [1.0, -1.0], [a, -b]],
                Some(0.0),
                "minimal on the curve xy² = 1; shown: where |∂f/∂x| + |∂f/∂y| of f = xy² − 1 is least along it, (1, ±1), and where |∇f| is, (2^(−1/3), ±2^(1/6))",
                view([-0.5, 2.5], [-1.5, 1.5]),
                [0.2, 0.4],
            )
        }
    };
    Info {
        formula: formula.into(),
        minima,
        min_value,
        minima_note,
        view,
        start,
        steps: steps::suggested(l),
        hard: steps::hard(l),
    }
}
