//! Typed landscapes: a loss f(x, y) written by the user, such as `(1-x)^2 + 100*(y-x^2)^2`.
//!
//! The parser is our own (expression crates disagree on `-x^2`, `2^3^2` and `1/2`, or crash in
//! wasm): it accepts the usual maths precedence, limits the input's length and nesting so that it
//! never overflows the stack, and reports errors as values with a column. The formula compiles to
//! a flat postfix program that runs over any [`Scalar`], so values, gradients and Hessians are
//! exact by forward-mode differentiation, as for the built-in landscapes.

mod eval;
mod lex;
mod parse;

use super::scalar::{Dual1, Dual2, Scalar};
use super::{Gradient, Hessian, Value, ViewBox};
use crate::Vec2;
use eval::Op;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The longest formula accepted, in characters.
pub const MAX_LEN: usize = 1000;
/// The deepest nesting accepted: each `(`, sign and `^` around a part counts one level.
pub const MAX_DEPTH: usize = 64;

/// The functions a formula may call, as help texts show them (`log` is the natural one).
pub const FUNCTIONS: [&str; 14] = [
    "sin",
    "cos",
    "tan",
    "exp",
    "log",
    "sqrt",
    "abs",
    "tanh",
    "sinh",
    "cosh",
    "atan",
    "atan2(y, x)",
    "min(a, b)",
    "max(a, b)",
];

/// Why a formula was not accepted: a one-line message and, for most, the 1-based column (in
/// characters) where the problem was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormulaError {
    message: String,
    column: Option<usize>,
}

impl FormulaError {
    fn at(message: String, column: usize) -> Self {
        FormulaError {
            message,
            column: Some(column),
        }
    }

    fn whole(message: String) -> Self {
        FormulaError {
            message,
            column: None,
        }
    }

    /// The message without its column.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// 1-based; none for errors about the whole formula (empty, too long).
    pub fn column(&self) -> Option<usize> {
        self.column
    }
}

impl fmt::Display for FormulaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "{} at column {c}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for FormulaError {}

/// A parsed formula f(x, y) with the view box it is shown in and a start for the optimizers.
///
/// Equality and serde go by the source text alone: a formula serialises as its text and
/// deserialising parses it again (with the default view and start), failing with the parse
/// error's message. Immutable once built and `Send + Sync`, so it can be shared in an `Arc`.
#[derive(Clone)]
pub struct Formula {
    source: String,
    program: Vec<Op>,
    stack: usize,
    view: ViewBox,
    start: Vec2,
}

impl Formula {
    /// The view box of a new formula, [-2, 2]².
    pub const DEFAULT_VIEW: ViewBox = ViewBox {
        x: [-2.0, 2.0],
        y: [-2.0, 2.0],
    };

    /// Parses and compiles `text`.
    pub fn parse(text: &str) -> Result<Formula, FormulaError> {
        if text.chars().count() > MAX_LEN {
            return Err(FormulaError::whole(format!(
                "formula longer than {MAX_LEN} characters"
            )));
        }
        if text.trim().is_empty() {
            return Err(FormulaError::whole("empty formula".to_string()));
        }
        let program = parse::compile(text)?;
        let view = Self::DEFAULT_VIEW;
        Ok(Formula {
            source: text.to_string(),
            stack: eval::stack_needed(&program),
            program,
            view,
            start: default_start(view),
        })
    }

    /// The text as typed.
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn view(&self) -> ViewBox {
        self.view
    }

    pub fn start(&self) -> Vec2 {
        self.start
    }

    /// The same formula shown in `view`; the start moves to the same place in the new view
    /// (an eighth of the way in from the left, three quarters of the way up). The view must be
    /// finite and not empty.
    pub fn with_view(self, view: ViewBox) -> Result<Formula, String> {
        let ok = |[lo, hi]: [f64; 2]| lo.is_finite() && hi.is_finite() && lo < hi;
        if !(ok(view.x) && ok(view.y)) {
            return Err(format!(
                "the view box needs finite bounds with low < high, got x {:?}, y {:?}",
                view.x, view.y
            ));
        }
        Ok(Formula {
            view,
            start: default_start(view),
            ..self
        })
    }

    /// The same formula started from `start`, which must be finite.
    pub fn with_start(self, start: Vec2) -> Result<Formula, String> {
        if start.iter().all(|c| c.is_finite()) {
            Ok(Formula { start, ..self })
        } else {
            Err(format!("the start must be finite, got {start:?}"))
        }
    }

    /// How many instructions one evaluation runs; never more than the formula has characters.
    /// Each costs a few operations, an integer power at most 62 products.
    pub fn program_len(&self) -> usize {
        self.program.len()
    }

    /// f at (x, y), over any scalar: f64 for the value, duals for its derivatives. Where f is
    /// undefined (log of a negative, 0/0, ...) the value is NaN.
    pub fn eval<T: Scalar>(&self, x: T, y: T) -> T {
        eval::run(&self.program, self.stack, x, y)
    }
}

fn default_start(v: ViewBox) -> Vec2 {
    [
        v.x[0] + 0.125 * (v.x[1] - v.x[0]),
        v.y[0] + 0.75 * (v.y[1] - v.y[0]),
    ]
}

impl fmt::Debug for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Formula")
            .field("source", &self.source)
            .field("view", &self.view)
            .field("start", &self.start)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Formula {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl std::str::FromStr for Formula {
    type Err = FormulaError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Formula::parse(s)
    }
}

impl Serialize for Formula {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Formula {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Formula::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Value for Formula {
    fn value(&self, p: Vec2) -> f64 {
        self.eval(p[0], p[1])
    }
}

impl Gradient for Formula {
    fn value_and_gradient(&self, p: Vec2) -> (f64, Vec2) {
        let (x, y) = Dual1::vars(p[0], p[1]);
        let f = self.eval(x, y);
        (f.v, f.d)
    }
}

impl Hessian for Formula {
    fn hessian(&self, p: Vec2) -> [[f64; 2]; 2] {
        let (x, y) = Dual2::vars(p[0], p[1]);
        let h = self.eval(x, y).h;
        [[h[0], h[1]], [h[1], h[2]]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_listed_for_help_parses() {
        for item in FUNCTIONS {
            let name = item.split('(').next().unwrap_or_default();
            let call = if item.contains(", ") {
                format!("{name}(x, y)")
            } else {
                format!("{name}(x)")
            };
            assert!(Formula::parse(&call).is_ok(), "{call}");
        }
        assert!(Formula::parse("nosuch(x)").is_err());
    }
}
