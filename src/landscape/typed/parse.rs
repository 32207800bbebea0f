//! Recursive descent from the lowest precedence up, emitting the postfix program as it goes
//! (so no tree is built, and nothing recurses over a long sum or product):
//!
//! ```text
//! expr    = term (('+' | '-') term)*
//! term    = unary (('*' | '/') unary)*
//! unary   = ('-' | '+') unary | power
//! power   = primary ('^' unary)?        right-associative: 2^3^2 = 2^9
//! primary = number | x | y | pi | e | name '(' args ')' | '(' expr ')'
//! ```
//!
//! Unary minus sits between `^` and `*`: `-x^2` is −(x²), `2*-3` and `2^-1` parse. Every
//! recursion passes through a sign, a `^` or a `(`, and each of those counts one level of depth,
//! so the stack stays bounded by [`MAX_DEPTH`] whatever the input.

use super::eval::{run, Fn1, Op};
use super::lex::{lex, Kind, Token};
use super::{FormulaError, MAX_DEPTH};
use std::f64::consts::{E, PI};

pub(super) fn compile(src: &str) -> Result<Vec<Op>, FormulaError> {
    let mut p = Parser {
        tokens: lex(src)?,
        pos: 0,
        depth: 0,
        ops: Vec::new(),
    };
    p.expr()?;
    let t = p.peek();
    if t.kind == Kind::End {
        Ok(p.ops)
    } else {
        Err(after_operand(t))
    }
}

/// A function's instruction and its number of arguments.
fn function(name: &str) -> Option<(Op, usize)> {
    let f = match name {
        "sin" => Fn1::Sin,
        "cos" => Fn1::Cos,
        "tan" => Fn1::Tan,
        "exp" => Fn1::Exp,
        "log" => Fn1::Ln,
        "sqrt" => Fn1::Sqrt,
        "abs" => Fn1::Abs,
        "tanh" => Fn1::Tanh,
        "sinh" => Fn1::Sinh,
        "cosh" => Fn1::Cosh,
        "atan" => Fn1::Atan,
        "atan2" => return Some((Op::Atan2, 2)),
        "min" => return Some((Op::Min, 2)),
        "max" => return Some((Op::Max, 2)),
        _ => return None,
    };
    Some((Op::Call(f), 1))
}

/// Errors are built out of line, which keeps the recursive functions' frames small.
#[cold]
#[inline(never)]
fn error(message: std::fmt::Arguments, column: usize) -> FormulaError {
    FormulaError::at(message.to_string(), column)
}

#[cold]
#[inline(never)]
fn unexpected(t: Token) -> FormulaError {
    FormulaError::at(format!("unexpected {}", t.describe()), t.column)
}

/// The error for a token that follows a complete operand but is no operator or closer.
#[cold]
#[inline(never)]
fn after_operand(t: Token) -> FormulaError {
    if t.starts_operand() {
        FormulaError::at(
            format!("missing operator before {}", t.describe()),
            t.column,
        )
    } else {
        unexpected(t)
    }
}

fn unclosed(open: Token) -> FormulaError {
    FormulaError::at("unclosed '('".to_string(), open.column)
}

struct Parser<'a> {
    /// Always ends with `End`, which `next` never moves past.
    tokens: Vec<Token<'a>>,
    pos: usize,
    depth: usize,
    ops: Vec<Op>,
}

type Parsed = Result<(), FormulaError>;

impl<'a> Parser<'a> {
    fn peek(&self) -> Token<'a> {
        self.tokens[self.pos]
    }

    fn next(&mut self) -> Token<'a> {
        let t = self.peek();
        if t.kind != Kind::End {
            self.pos += 1;
        }
        t
    }

    /// One level deeper, for the sign, `^` or `(` at `column`.
    fn enter(&mut self, column: usize) -> Parsed {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(error(
                format_args!("nested deeper than {MAX_DEPTH}"),
                column,
            ))
        } else {
            Ok(())
        }
    }

    /// Appends an instruction, folding it when all its operands are constants: `-1`, `1/2` and
    /// `2*pi` become numbers, so exponents like `^-1` or `^(1/2)` are seen to be constant.
    /// Folding runs the same code with f64 that evaluation would, so it changes no value.
    fn emit(&mut self, op: Op) {
        let k = op.arity();
        let n = self.ops.len();
        // In postfix a trailing constant is a whole operand, so k trailing constants are exactly
        // the operands of `op`.
        if k > 0 && n >= k && self.ops[n - k..].iter().all(|o| matches!(o, Op::Const(_))) {
            let mut prog = self.ops.split_off(n - k);
            prog.push(op);
            self.ops.push(Op::Const(run::<f64>(&prog, k, 0.0, 0.0)));
        } else {
            self.ops.push(op);
        }
    }

    /// a^b: by multiplication for a constant integer b (exact, and defined for a negative a),
    /// by the closed-form power for another constant, and as exp(b·ln a) otherwise.
    fn emit_pow(&mut self) {
        match self.ops.last() {
            Some(&Op::Const(c)) => {
                self.ops.pop();
                if c.fract() == 0.0 && c.abs() <= f64::from(i32::MAX) {
                    self.emit(Op::PowInt(c as i32));
                } else {
                    self.emit(Op::PowConst(c));
                }
            }
            _ => self.emit(Op::Pow),
        }
    }

    fn expr(&mut self) -> Parsed {
        self.term()?;
        loop {
            let op = match self.peek().kind {
                Kind::Plus => Op::Add,
                Kind::Minus => Op::Sub,
                _ => return Ok(()),
            };
            self.next();
            self.term()?;
            self.emit(op);
        }
    }

    fn term(&mut self) -> Parsed {
        self.unary()?;
        loop {
            let t = self.peek();
            let op = match t.kind {
                Kind::Star => Op::Mul,
                Kind::Slash => Op::Div,
                _ => return Ok(()),
            };
            self.next();
            let u = self.peek();
            if t.kind == Kind::Star && u.kind == Kind::Star && u.column == t.column + 1 {
                return Err(error(
                    format_args!("use '^' for powers, not '**'"),
                    t.column,
                ));
            }
            self.unary()?;
            self.emit(op);
        }
    }

    fn unary(&mut self) -> Parsed {
        let t = self.peek();
        if !matches!(t.kind, Kind::Minus | Kind::Plus) {
            return self.power();
        }
        self.next();
        self.enter(t.column)?;
        self.unary()?;
        self.depth -= 1;
        if t.kind == Kind::Minus {
            self.emit(Op::Neg);
        }
        Ok(())
    }

    fn power(&mut self) -> Parsed {
        self.primary()?;
        let t = self.peek();
        if t.kind == Kind::Caret {
            self.next();
            self.enter(t.column)?;
            self.unary()?;
            self.depth -= 1;
            self.emit_pow();
        }
        Ok(())
    }

    fn primary(&mut self) -> Parsed {
        let t = self.next();
        match t.kind {
            Kind::Num(v) => self.emit(Op::Const(v)),
            Kind::Open => {
                self.enter(t.column)?;
                self.expr()?;
                let c = self.peek();
                match c.kind {
                    Kind::Close => self.next(),
                    Kind::End => return Err(unclosed(t)),
                    _ => return Err(after_operand(c)),
                };
                self.depth -= 1;
            }
            Kind::Name => {
                let op = match t.text {
                    "x" => Op::X,
                    "y" => Op::Y,
                    "pi" => Op::Const(PI),
                    "e" => Op::Const(E),
                    name => {
                        return match function(name) {
                            Some((op, arity)) => self.call(t, op, arity),
                            None => {
                                let what = if self.peek().kind == Kind::Open {
                                    "function"
                                } else {
                                    "name"
                                };
                                Err(error(format_args!("unknown {what} '{name}'"), t.column))
                            }
                        }
                    }
                };
                self.emit(op);
            }
            _ => return Err(unexpected(t)),
        }
        Ok(())
    }

    /// A function's parenthesised arguments, then its instruction.
    fn call(&mut self, name: Token, op: Op, arity: usize) -> Parsed {
        let open = self.peek();
        if open.kind != Kind::Open {
            return Err(error(
                format_args!("expected '(' after {}", name.text),
                open.column,
            ));
        }
        self.next();
        self.enter(open.column)?;
        let mut count = 0;
        if self.peek().kind == Kind::Close {
            self.next();
        } else {
            loop {
                self.expr()?;
                count += 1;
                let t = self.peek();
                match t.kind {
                    Kind::Comma => self.next(),
                    Kind::Close => {
                        self.next();
                        break;
                    }
                    Kind::End => return Err(unclosed(open)),
                    _ => return Err(after_operand(t)),
                };
            }
        }
        self.depth -= 1;
        if count != arity {
            let s = if arity == 1 { "" } else { "s" };
            return Err(error(
                format_args!("{} takes {arity} argument{s}", name.text),
                name.column,
            ));
        }
        self.emit(op);
        Ok(())
    }
}
