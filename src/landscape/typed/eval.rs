//! The compiled form of a formula: a flat postfix program run over a small stack, generic over
//! [`Scalar`] so that one program gives values (f64), gradients (Dual1) and Hessians (Dual2).

use crate::landscape::scalar::Scalar;

/// Functions of one argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fn1 {
    Sin,
    Cos,
    Tan,
    Exp,
    Ln,
    Sqrt,
    Abs,
    Tanh,
    Sinh,
    Cosh,
    Atan,
}

/// One instruction; operands are popped from the stack and the result pushed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Op {
    Const(f64),
    X,
    Y,
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    /// a^n for a constant integer n, by multiplication.
    PowInt(i32),
    /// a^c for a constant real c.
    PowConst(f64),
    /// a^b for a varying exponent b.
    Pow,
    Call(Fn1),
    /// atan2(y, x), y pushed first.
    Atan2,
    Min,
    Max,
}

impl Op {
    /// Values popped and values pushed.
    pub fn arity(self) -> usize {
        match self {
            Op::Const(_) | Op::X | Op::Y => 0,
            Op::Neg | Op::PowInt(_) | Op::PowConst(_) | Op::Call(_) => 1,
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow | Op::Atan2 | Op::Min | Op::Max => 2,
        }
    }
}

/// The deepest the stack gets while running `ops`.
pub(super) fn stack_needed(ops: &[Op]) -> usize {
    let (mut depth, mut most) = (0usize, 0usize);
    for op in ops {
        depth = depth + 1 - op.arity();
        most = most.max(depth);
    }
    most
}

/// Stacks up to this size live in an array, with no allocation per evaluation.
const SMALL_STACK: usize = 16;

/// Runs a program the parser built (well formed, `stack_needed(ops)` ≥ 1, one value left).
pub(super) fn run<T: Scalar>(ops: &[Op], stack_size: usize, x: T, y: T) -> T {
    if stack_size <= SMALL_STACK {
        run_on(ops, &mut [T::cst(0.0); SMALL_STACK], x, y)
    } else {
        run_on(ops, &mut vec![T::cst(0.0); stack_size], x, y)
    }
}

fn run_on<T: Scalar>(ops: &[Op], s: &mut [T], x: T, y: T) -> T {
    let mut n = 0; // values on the stack
    for &op in ops {
        match op {
            Op::Const(c) => {
                s[n] = T::cst(c);
                n += 1;
            }
            Op::X => {
                s[n] = x;
                n += 1;
            }
            Op::Y => {
                s[n] = y;
                n += 1;
            }
            Op::Neg => s[n - 1] = -s[n - 1],
            Op::PowInt(k) => s[n - 1] = powi(s[n - 1], k),
            Op::PowConst(c) => s[n - 1] = s[n - 1].powf(c),
            Op::Call(f) => s[n - 1] = call(f, s[n - 1]),
            _ => {
                n -= 1;
                let (a, b) = (s[n - 1], s[n]);
                s[n - 1] = match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div => a / b,
                    Op::Pow => a.pow(b),
                    Op::Atan2 => a.atan2(b),
                    Op::Min => a.min(b),
                    _ => a.max(b),
                };
            }
        }
    }
    s[0]
}

fn call<T: Scalar>(f: Fn1, a: T) -> T {
    match f {
        Fn1::Sin => a.sin(),
        Fn1::Cos => a.cos(),
        Fn1::Tan => a.tan(),
        Fn1::Exp => a.exp(),
        Fn1::Ln => a.ln(),
        Fn1::Sqrt => a.sqrt(),
        Fn1::Abs => a.abs(),
        Fn1::Tanh => a.tanh(),
        Fn1::Sinh => a.sinh(),
        Fn1::Cosh => a.cosh(),
        Fn1::Atan => a.atan(),
    }
}

/// a^n by square-and-multiply from the top bit, the same for every scalar type (so the value
/// drawn with f64 is the value an optimizer sees) and at most 62 products. a² is exactly a·a, as
/// a hand-written landscape computes it, and a negative base is fine.
fn powi<T: Scalar>(a: T, n: i32) -> T {
    if n == 0 {
        return T::cst(1.0);
    }
    let m = n.unsigned_abs();
    let mut acc = a;
    for bit in (0..31 - m.leading_zeros()).rev() {
        acc = acc * acc;
        if (m >> bit) & 1 == 1 {
            acc = acc * a;
        }
    }
    if n < 0 {
        T::cst(1.0) / acc
    } else {
        acc
    }
}
