#![cfg(not(target_arch = "wasm32"))]
//! Typed formulas: precedence, every function's value and gradient, error messages and their
//! columns, input limits, agreement with the built-in Rosenbrock to the bit, derivatives against
//! finite differences, and that no input makes the parser panic or run long.

use optiscape::landscape::scalar::{Dual1, Dual2, Scalar};
use optiscape::landscape::typed::{MAX_DEPTH, MAX_LEN};
use optiscape::landscape::{Formula, Gradient, Hessian, Landscape, Value, ViewBox};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use std::f64::consts::{E, PI};

fn parse(text: &str) -> Formula {
    Formula::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// Equal up to a relative 1e-12, or both NaN.
fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

type F = fn(f64, f64) -> f64;
type G = fn(f64, f64) -> [f64; 2];

#[test]
fn values_and_gradients_follow_precedence_and_every_function() {
    let table: &[(&str, F, G)] = &[
        // Precedence and associativity.
        ("-2^2", |_, _| -4.0, |_, _| [0.0, 0.0]),
        ("2^3^2", |_, _| 512.0, |_, _| [0.0, 0.0]),
        ("1/2", |_, _| 0.5, |_, _| [0.0, 0.0]),
        ("2*-3", |_, _| -6.0, |_, _| [0.0, 0.0]),
        ("2^-1", |_, _| 0.5, |_, _| [0.0, 0.0]),
        ("-x^2", |x, _| -(x * x), |x, _| [-2.0 * x, 0.0]),
        ("(-x)^2", |x, _| x * x, |x, _| [2.0 * x, 0.0]),
        ("x-y-1", |x, y| x - y - 1.0, |_, _| [1.0, -1.0]),
        (
            "x/y/2",
            |x, y| x / y / 2.0,
            |x, y| [0.5 / y, -x / (2.0 * y * y)],
        ),
        ("1+2*3^2", |_, _| 19.0, |_, _| [0.0, 0.0]),
        ("-x*y", |x, y| -x * y, |x, y| [-y, -x]),
        (
            "x^-y",
            |x, y| x.powf(-y),
            |x, y| [-y * x.powf(-y - 1.0), -x.powf(-y) * x.ln()],
        ),
        ("- -x", |x, _| x, |_, _| [1.0, 0.0]),
        ("+x", |x, _| x, |_, _| [1.0, 0.0]),
        ("2 *  x\t+ y ", |x, y| 2.0 * x + y, |_, _| [2.0, 1.0]),
        // Numbers and constants.
        ("1e-3*x", |x, _| 1e-3 * x, |_, _| [1e-3, 0.0]),
        (".5*y", |_, y| 0.5 * y, |_, _| [0.0, 0.5]),
        ("1.5E2+2.", |_, _| 152.0, |_, _| [0.0, 0.0]),
        ("pi", |_, _| PI, |_, _| [0.0, 0.0]),
        ("e", |_, _| E, |_, _| [0.0, 0.0]),
        ("e^x", |x, _| E.powf(x), |x, _| [E.powf(x), 0.0]),
        // Powers.
        ("x^3", |x, _| x * x * x, |x, _| [3.0 * x * x, 0.0]),
        (
            "x^-2",
            |x, _| 1.0 / (x * x),
            |x, _| [-2.0 / (x * x * x), 0.0],
        ),
        ("x^0", |_, _| 1.0, |_, _| [0.0, 0.0]),
        ("x^0.5", |x, _| x.sqrt(), |x, _| [0.5 / x.sqrt(), 0.0]),
        (
            "x^y",
            |x, y| x.powf(y),
            |x, y| [y * x.powf(y - 1.0), x.powf(y) * x.ln()],
        ),
        (
            "2^x",
            |x, _| 2f64.powf(x),
            |x, _| [2f64.powf(x) * 2f64.ln(), 0.0],
        ),
        // Functions.
        (
            "sin(x)*y",
            |x, y| x.sin() * y,
            |x, y| [x.cos() * y, x.sin()],
        ),
        (
            "cos(x*y)",
            |x, y| (x * y).cos(),
            |x, y| [-(x * y).sin() * y, -(x * y).sin() * x],
        ),
        (
            "tan(x)",
            |x, _| x.tan(),
            |x, _| [1.0 + x.tan().powi(2), 0.0],
        ),
        ("exp(-y)", |_, y| (-y).exp(), |_, y| [0.0, -(-y).exp()]),
        ("log(x)", |x, _| x.ln(), |x, _| [1.0 / x, 0.0]),
        (
            "sqrt(x+y)",
            |x, y| (x + y).sqrt(),
            |x, y| [0.5 / (x + y).sqrt(), 0.5 / (x + y).sqrt()],
        ),
        (
            "abs(x-1)",
            |x, _| (x - 1.0).abs(),
            |x, _| [(x - 1.0).signum(), 0.0],
        ),
        (
            "tanh(x)",
            |x, _| x.tanh(),
            |x, _| [1.0 - x.tanh().powi(2), 0.0],
        ),
        ("sinh(y)", |_, y| y.sinh(), |_, y| [0.0, y.cosh()]),
        ("cosh(y)", |_, y| y.cosh(), |_, y| [0.0, y.sinh()]),
        (
            "atan(x)",
            |x, _| x.atan(),
            |x, _| [1.0 / (1.0 + x * x), 0.0],
        ),
        (
            "atan2(y, x-1)",
            |x, y| y.atan2(x - 1.0),
            |x, y| {
                let r2 = (x - 1.0).powi(2) + y * y;
                [-y / r2, (x - 1.0) / r2]
            },
        ),
        (
            "min(x, y)",
            |x, y| x.min(y),
            |x, y| {
                if x <= y {
                    [1.0, 0.0]
                } else {
                    [0.0, 1.0]
                }
            },
        ),
        (
            "max(x, 2*y)",
            |x, y| x.max(2.0 * y),
            |x, y| {
                if x >= 2.0 * y {
                    [1.0, 0.0]
                } else {
                    [0.0, 2.0]
                }
            },
        ),
        ("sin(pi/2)", |_, _| 1.0, |_, _| [0.0, 0.0]),
    ];
    let points = [[0.7, 0.4], [0.3, 0.9], [1.6, 1.2], [2.5, 0.2]];
    for &(text, f, g) in table {
        let formula = parse(text);
        for p in points {
            let (v, grad) = formula.value_and_gradient(p);
            let (want, want_g) = (f(p[0], p[1]), g(p[0], p[1]));
            assert!(same(v, want), "{text} at {p:?}: {v} != {want}");
            assert!(same(formula.value(p), want), "{text} at {p:?} (f64)");
            for i in 0..2 {
                assert!(
                    same(grad[i], want_g[i]),
                    "{text} at {p:?}: grad {grad:?} != {want_g:?}"
                );
            }
        }
    }
}

#[test]
fn errors_name_the_problem_and_its_column() {
    let cases: &[(&str, &str)] = &[
        ("(1-x", "unclosed '(' at column 1"),
        ("sin(x", "unclosed '(' at column 4"),
        ("1-x)", "unexpected ')' at column 4"),
        ("x**2", "use '^' for powers, not '**' at column 2"),
        ("2x", "missing operator before 'x' at column 2"),
        ("x y", "missing operator before 'y' at column 3"),
        ("x(2)", "missing operator before '(' at column 2"),
        ("(x)(y)", "missing operator before '(' at column 4"),
        ("2e", "missing operator before 'e' at column 2"),
        ("sin()", "sin takes 1 argument at column 1"),
        ("1 + sin(x, y)", "sin takes 1 argument at column 5"),
        ("atan2(x)", "atan2 takes 2 arguments at column 1"),
        ("foo(x)", "unknown function 'foo' at column 1"),
        ("x+z", "unknown name 'z' at column 3"),
        ("X", "unknown name 'X' at column 1"),
        ("sin x", "expected '(' after sin at column 5"),
        ("1..2", "malformed number '1..2' at column 1"),
        ("x+.", "malformed number '.' at column 3"),
        ("1e999", "number too large '1e999' at column 1"),
        ("x # y", "unexpected character '#' at column 3"),
        ("x²", "unexpected character '²' at column 2"),
        ("π*x+1", "unexpected character 'π' at column 1"),
        ("1+", "unexpected end of formula at column 3"),
        ("x^", "unexpected end of formula at column 3"),
        ("()", "unexpected ')' at column 2"),
        ("x,y", "unexpected ',' at column 2"),
        ("min(x,)", "unexpected ')' at column 7"),
        ("", "empty formula"),
        (" \t ", "empty formula"),
    ];
    for &(text, want) in cases {
        let err = Formula::parse(text).expect_err(text);
        assert_eq!(err.to_string(), want, "for {text:?}");
    }
    let err = Formula::parse("1-x)").unwrap_err();
    assert_eq!((err.message(), err.column()), ("unexpected ')'", Some(4)));
    assert_eq!(Formula::parse("").unwrap_err().column(), None);
}

#[test]
fn length_is_limited_to_1000_characters() {
    let ok = format!("x{}", "+x".repeat((MAX_LEN - 1) / 2));
    assert_eq!(ok.len(), 999);
    let f = parse(&ok);
    assert_eq!(f.value([1.0, 0.0]), 500.0);
    let exactly = format!("{ok} ");
    assert!(Formula::parse(&exactly).is_ok());
    let long = format!("{exactly}1");
    assert_eq!(
        Formula::parse(&long).unwrap_err().to_string(),
        "formula longer than 1000 characters"
    );
    // Characters, not bytes: 1000 π's are too many bytes but not too many characters.
    let wide = "π".repeat(MAX_LEN);
    assert!(Formula::parse(&wide)
        .unwrap_err()
        .to_string()
        .starts_with("unexpected character"));
}

#[test]
fn nesting_is_limited_to_64_levels_without_deep_recursion() {
    let nest = |n: usize| format!("{}x{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(parse(&nest(MAX_DEPTH)).value([3.0, 0.0]), 3.0);
    let cases = [
        (nest(MAX_DEPTH + 1), 65),
        (format!("{}x", "-".repeat(65)), 65),
        (format!("{}2", "2^".repeat(65)), 130),
        (format!("{}x{}", "sin(".repeat(65), ")".repeat(65)), 260),
        (format!("{}x", "-(".repeat(40)), 65),
        // Inputs of the full length that would recurse once per character if not limited.
        (format!("{}x", "-".repeat(999)), 65),
        (format!("{}2", "2^".repeat(499)), 130),
        ("(".repeat(1000), 65),
    ];
    // A small stack shows that the parser's recursion is bounded by the nesting limit: an
    // unoptimised build uses about 4 KB per level, so recursing once per character of these
    // inputs would need several MB.
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || {
            for (text, column) in cases {
                let err = Formula::parse(&text).unwrap_err();
                assert_eq!(
                    err.to_string(),
                    format!("nested deeper than 64 at column {column}"),
                    "for {} characters starting {:?}",
                    text.len(),
                    &text[..10]
                );
            }
            assert_eq!(
                parse(&format!("{}x", "-".repeat(64))).value([2.0, 0.0]),
                2.0
            );
            assert_eq!(
                parse(&format!("{}1", "1^".repeat(64))).value([0.0, 0.0]),
                1.0
            );
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn typed_rosenbrock_is_the_built_in_to_the_bit() {
    let typed = parse("(1-x)^2 + 100*(y-x^2)^2");
    let built_in = Landscape::Rosenbrock;
    // The built-in computes a·a + (b·b)·100 with a = 1 − x, b = y − x·x. The typed formula runs
    // the same products: an integer power is a product (x^2 is x·x) and 100·(b·b) equals
    // (b·b)·100 since multiplication commutes, for values and each dual component.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut unit = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut points: Vec<[f64; 2]> = (0..=40)
        .flat_map(|i| (0..=40).map(move |j| [-2.0 + 0.1 * i as f64, -1.0 + 0.1 * j as f64]))
        .collect();
    points.extend((0..2000).map(|_| [-3.0 + 6.0 * unit(), -3.0 + 6.0 * unit()]));
    points.extend([[1.0, 1.0], [0.0, 0.0], [-1.2, 1.0], [1e8, -1e-8]]);
    for p in points {
        let bits = |v: f64| v.to_bits();
        assert_eq!(
            bits(typed.value(p)),
            bits(built_in.value(p)),
            "value at {p:?}"
        );
        let (tv, tg) = typed.value_and_gradient(p);
        let (bv, bg) = built_in.value_and_gradient(p);
        assert_eq!(bits(tv), bits(bv), "dual value at {p:?}");
        assert_eq!(tg.map(bits), bg.map(bits), "gradient at {p:?}");
        let (th, bh) = (typed.hessian(p), built_in.hessian(p));
        assert_eq!(
            th.map(|r| r.map(bits)),
            bh.map(|r| r.map(bits)),
            "hessian at {p:?}"
        );
    }
}

#[test]
fn undefined_points_give_nan_without_panicking() {
    for (text, p) in [
        ("log(x)", [-1.0, 0.0]),
        ("sqrt(x)", [-1.0, 0.0]),
        ("x/y", [0.0, 0.0]),
        ("x^0.5", [-4.0, 0.0]),
        ("x^y", [-2.0, 0.5]),
        ("min(log(x), 1)", [-1.0, 0.0]),
        ("max(1, log(x))", [-1.0, 0.0]),
    ] {
        let f = parse(text);
        assert!(f.value(p).is_nan(), "{text} at {p:?}");
        let (v, g) = f.value_and_gradient(p);
        assert!(v.is_nan(), "{text} at {p:?}: dual value {v}");
        assert!(f.hessian(p)[0][0].is_nan() || g[0].is_nan() || g[1].is_nan() || v.is_nan());
    }
    // log's derivatives are NaN too where it is undefined: an optimizer reading only the
    // gradient still sees it.
    let g = parse("log(x)").gradient([-1.0, 0.0]);
    assert!(g[0].is_nan());
    // A negative base to a constant integer power is defined.
    assert_eq!(parse("x^3").value([-2.0, 0.0]), -8.0);
    assert_eq!(parse("(x-3)^2").gradient([1.0, 0.0]), [-4.0, 0.0]);
}

#[test]
fn kinks_take_documented_one_sided_derivatives() {
    let at0 = [0.0, 0.0];
    // abs: the right-hand slope +1 at 0, curvature 0.
    let f = parse("abs(x)");
    assert_eq!(f.gradient(at0), [1.0, 0.0]);
    assert_eq!(f.hessian(at0), [[0.0, 0.0], [0.0, 0.0]]);
    // min and max: on a tie the first argument's derivatives.
    assert_eq!(parse("min(x, y)").gradient(at0), [1.0, 0.0]);
    assert_eq!(parse("min(y, x)").gradient(at0), [0.0, 1.0]);
    assert_eq!(parse("max(2*x, y)").gradient(at0), [2.0, 0.0]);
    // atan2 at the origin: derivatives 0, and the value f64 gives (π for atan2(0, −0)) for
    // every scalar type alike.
    let f = parse("atan2(y, -x)");
    assert_eq!(f.value(at0), PI);
    assert_eq!(f.value_and_gradient(at0), (PI, [0.0, 0.0]));
    // sqrt and fractional powers at 0: the infinite slope is taken as 0, as at a cone's tip.
    for text in ["sqrt(x^2+y^2)", "x^0.5", "abs(x)^1.5", "sqrt(abs(x))"] {
        let f = parse(text);
        let (v, g) = f.value_and_gradient(at0);
        let h = f.hessian(at0);
        assert!(
            v.is_finite() && g.iter().chain(h.iter().flatten()).all(|c| c.is_finite()),
            "{text}: {v} {g:?} {h:?}"
        );
    }
}

#[test]
fn large_stacks_and_large_powers_evaluate() {
    // 20 pending additions need more than the evaluator's small fixed stack.
    let deep = format!("{}x{}", "x+(".repeat(20), ")".repeat(20));
    let f = parse(&deep);
    assert_eq!(f.value_and_gradient([2.0, 0.0]), (42.0, [21.0, 0.0]));
    assert_eq!(f.hessian([2.0, 0.0]), [[0.0; 2]; 2]);
    assert_eq!(parse("x^1000000").value([1.0, 0.0]), 1.0);
    assert_eq!(parse("x^-1000000").value([-1.0, 0.0]), 1.0);
    assert_eq!(parse("x^1e300").value([1.0, 0.0]), 1.0);
    let h = parse("x^4").hessian([2.0, 0.0]);
    assert_eq!(h, [[48.0, 0.0], [0.0, 0.0]]);
}

#[test]
fn formula_is_compared_cloned_and_serialised_by_its_text() {
    let f = parse("x^2 + y");
    let g = f.clone().with_view(ViewBox {
        x: [-5.0, 5.0],
        y: [0.0, 4.0],
    });
    let g = g.unwrap();
    assert_eq!(f, g);
    assert_eq!(g.view().x, [-5.0, 5.0]);
    assert_eq!(g.start(), [-3.75, 3.0]);
    assert_eq!(f.view(), Formula::DEFAULT_VIEW);
    assert_eq!(f.start(), [-1.5, 1.0]);
    assert_ne!(f, parse("x^2+y"));
    assert!(format!("{f:?}").contains("x^2 + y"));
    assert!(f
        .clone()
        .with_view(ViewBox {
            x: [1.0, 1.0],
            y: [0.0, 1.0]
        })
        .is_err());
    assert!(f.clone().with_start([f64::NAN, 0.0]).is_err());
    assert_eq!(
        f.clone().with_start([0.5, 0.5]).unwrap().start(),
        [0.5, 0.5]
    );
    assert_eq!("x^2 + y".parse::<Formula>().unwrap(), f);

    let json = serde_json::to_string(&f).unwrap();
    assert_eq!(json, r#""x^2 + y""#);
    let back: Formula = serde_json::from_str(&json).unwrap();
    assert_eq!(back, f);
    assert_eq!(back.value([3.0, 1.0]), 10.0);
    let err = serde_json::from_str::<Formula>(r#""x^""#).unwrap_err();
    assert!(
        err.to_string()
            .contains("unexpected end of formula at column 3"),
        "{err}"
    );

    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Formula>();
}

// ---- Generated formulas ----

/// A formula tree for generating inputs, with a reference evaluator.
#[derive(Clone, Debug)]
enum Expr {
    X,
    Y,
    Pi,
    Num(f64),
    Neg(Box<Expr>),
    Bin(char, Box<Expr>, Box<Expr>),
    Call(&'static str, Vec<Expr>),
}

const ONE_ARG: [&str; 11] = [
    "sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh", "atan",
];

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        3 => Just(Expr::X),
        3 => Just(Expr::Y),
        1 => Just(Expr::Pi),
        3 => (0.1f64..5.0).prop_map(Expr::Num),
        1 => (1u8..10).prop_map(|n| Expr::Num(n.into())),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        let b = |e: Expr| Box::new(e);
        // Constant exponents are the literals 2, 3 and 0.5; other exponents hold x or y, so
        // the reference evaluator knows which kind of power the parser chooses.
        let exponent = prop_oneof![
            Just(Expr::Num(2.0)),
            Just(Expr::Num(3.0)),
            Just(Expr::Num(0.5)),
            inner
                .clone()
                .prop_map(move |e| Expr::Bin('+', b(e), b(Expr::X))),
        ];
        prop_oneof![
            inner.clone().prop_map(move |e| Expr::Neg(b(e))),
            (
                prop::sample::select(vec!['+', '-', '*', '/']),
                inner.clone(),
                inner.clone()
            )
                .prop_map(move |(op, l, r)| Expr::Bin(op, b(l), b(r))),
            (inner.clone(), exponent).prop_map(move |(l, r)| Expr::Bin('^', b(l), b(r))),
            (prop::sample::select(ONE_ARG.to_vec()), inner.clone())
                .prop_map(|(f, a)| Expr::Call(f, vec![a])),
            (
                prop::sample::select(vec!["atan2", "min", "max"]),
                inner.clone(),
                inner
            )
                .prop_map(|(f, a, c)| Expr::Call(f, vec![a, c])),
        ]
    })
}

impl Expr {
    /// Binding strength for printing with the fewest parentheses.
    fn prec(&self) -> u8 {
        match self {
            Expr::Bin('+' | '-', ..) => 1,
            Expr::Bin('*' | '/', ..) => 2,
            Expr::Neg(_) => 3,
            Expr::Bin(..) => 4,
            _ => 5,
        }
    }

    /// Prints with parentheses only where the precedence rules need them, so that parsing the
    /// text must rebuild exactly this tree.
    fn text(&self) -> String {
        let wrap = |e: &Expr, bare: bool| {
            if bare {
                e.text()
            } else {
                format!("({})", e.text())
            }
        };
        match self {
            Expr::X => "x".into(),
            Expr::Y => "y".into(),
            Expr::Pi => "pi".into(),
            Expr::Num(v) => format!("{v}"),
            Expr::Neg(a) => format!("-{}", wrap(a, a.prec() >= 3)),
            Expr::Bin('^', a, c) => {
                format!("{}^{}", wrap(a, a.prec() > 4), wrap(c, c.prec() >= 3))
            }
            Expr::Bin(op, a, c) => {
                let p = self.prec();
                format!("{} {op} {}", wrap(a, a.prec() >= p), wrap(c, c.prec() > p))
            }
            Expr::Call(f, args) => {
                let args: Vec<String> = args.iter().map(Expr::text).collect();
                format!("{f}({})", args.join(", "))
            }
        }
    }

    /// The value, computed directly with the same f64 operations the evaluator documents.
    fn eval(&self, x: f64, y: f64) -> f64 {
        match self {
            Expr::X => x,
            Expr::Y => y,
            Expr::Pi => PI,
            Expr::Num(v) => *v,
            Expr::Neg(a) => -a.eval(x, y),
            Expr::Bin(op, a, c) => {
                let (a, c_val) = (a.eval(x, y), c.eval(x, y));
                match op {
                    '+' => a + c_val,
                    '-' => a - c_val,
                    '*' => a * c_val,
                    '/' => a / c_val,
                    _ => match **c {
                        Expr::Num(2.0) => a * a,
                        Expr::Num(3.0) => a * a * a,
                        Expr::Num(n) => a.powf(n),
                        _ => (c_val * a.ln()).exp(),
                    },
                }
            }
            Expr::Call(f, args) => {
                let v: Vec<f64> = args.iter().map(|a| a.eval(x, y)).collect();
                match *f {
                    "sin" => v[0].sin(),
                    "cos" => v[0].cos(),
                    "tan" => v[0].tan(),
                    "exp" => v[0].exp(),
                    "log" => v[0].ln(),
                    "sqrt" => v[0].sqrt(),
                    "abs" => v[0].abs(),
                    "tanh" => v[0].tanh(),
                    "sinh" => v[0].sinh(),
                    "cosh" => v[0].cosh(),
                    "atan" => v[0].atan(),
                    "atan2" => v[0].atan2(v[1]),
                    // NaN propagates, unlike f64::min.
                    "min" if v[0] <= v[1] => v[0],
                    "min" if v[0] > v[1] => v[1],
                    "max" if v[0] >= v[1] => v[0],
                    "max" if v[0] < v[1] => v[1],
                    _ => v[0] + v[1],
                }
            }
        }
    }
}

/// Tokens of the formula alphabet, valid and not, for random strings.
const PIECES: [&str; 34] = [
    "x", "y", "1", "2.5", ".5", "1e-3", "3.", "pi", "e", "+", "-", "*", "/", "^", "(", ")", ",",
    " ", "sin", "log", "sqrt", "atan2", "min", "max", "abs", "**", "z", "1..2", "()", "2x", "x^",
    "^-", "--", "(x",
];

fn same_bits(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()) || a == b
}

/// Parsing never panics; errors point inside the text (or just past it); a formula evaluates
/// with every scalar type to the same value and runs no more instructions than it has
/// characters.
fn check_any_input(text: &str) -> Result<(), TestCaseError> {
    let len = text.chars().count();
    match Formula::parse(text) {
        Err(e) => {
            let s = e.to_string();
            prop_assert!(!s.is_empty() && !s.contains('\n'));
            if let Some(c) = e.column() {
                prop_assert!((1..=len + 1).contains(&c), "{text:?}: {s}");
            }
        }
        Ok(f) => {
            prop_assert!(f.program_len() <= len, "{text:?}: {} ops", f.program_len());
            for p in [[0.3, -0.7], [0.0, 0.0], [-2.0, 1.5]] {
                let v = f.value(p);
                let (x1, y1) = Dual1::vars(p[0], p[1]);
                let (x2, y2) = Dual2::vars(p[0], p[1]);
                prop_assert!(same_bits(f.eval(x1, y1).value(), v), "{text:?} at {p:?}");
                prop_assert!(same_bits(f.eval(x2, y2).value(), v), "{text:?} at {p:?}");
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn random_token_strings_never_panic(pieces in prop::collection::vec(prop::sample::select(PIECES.to_vec()), 0..60)) {
        check_any_input(&pieces.concat())?;
    }

    #[test]
    fn random_character_strings_never_panic(text in "[xy0-9.eE+*/^(), sincotaexplgqrbhmd_\\-]{0,120}") {
        check_any_input(&text)?;
    }

    #[test]
    fn generated_formulas_parse_to_their_tree(e in expr(), u in -2.0f64..2.0, w in -2.0f64..2.0) {
        let text = e.text();
        let f = Formula::parse(&text).map_err(|err| TestCaseError::fail(format!("{text}: {err}")))?;
        check_any_input(&text)?;
        let (v, want) = (f.value([u, w]), e.eval(u, w));
        prop_assert!(same_bits(v, want), "{text} at ({u}, {w}): {v} != {want}");
    }
}

/// Central difference of f along coordinate i.
fn fd(f: impl Fn([f64; 2]) -> f64, p: [f64; 2], i: usize, h: f64) -> f64 {
    let (mut a, mut b) = (p, p);
    a[i] += h;
    b[i] -= h;
    (f(a) - f(b)) / (2.0 * h)
}

/// Gradient and Hessian of generated formulas against finite differences, where both are
/// meaningful: f finite and moderate near the point, and the difference quotients at two step
/// sizes agreeing (which fails near kinks, poles and wild oscillation, where they mean nothing).
#[test]
fn generated_derivatives_match_finite_differences() {
    let mut runner = TestRunner::deterministic();
    let strategy = (expr(), -2.0f64..2.0, -2.0f64..2.0);
    let (mut checked, total) = (0, 3000);
    for _ in 0..total {
        let (e, u, w) = strategy.new_tree(&mut runner).unwrap().current();
        let text = e.text();
        let f = parse(&text);
        let p = [u, w];
        let (v, g) = f.value_and_gradient(p);
        let h = f.hessian(p);
        let all = [v, g[0], g[1], h[0][0], h[0][1], h[1][1]];
        if !all.iter().all(|c| c.is_finite() && c.abs() < 1e4) {
            continue;
        }
        let scale = all.iter().fold(1.0f64, |m, c| m.max(c.abs()));
        let mut smooth = true;
        let mut pairs = Vec::new();
        for i in 0..2 {
            let value = |q: [f64; 2]| f.value(q);
            pairs.push((
                g[i],
                fd(value, p, i, 1e-5),
                fd(value, p, i, 2e-5),
                "grad",
                i,
                i,
            ));
            for (j, &hij) in h[i].iter().enumerate() {
                let grad_j = |q: [f64; 2]| f.gradient(q)[j];
                pairs.push((
                    hij,
                    fd(grad_j, p, i, 1e-5),
                    fd(grad_j, p, i, 2e-5),
                    "hess",
                    i,
                    j,
                ));
            }
        }
        for &(_, d1, d2, ..) in &pairs {
            smooth &= d1.is_finite() && d2.is_finite() && (d1 - d2).abs() <= 1e-6 * scale;
        }
        if !smooth {
            continue;
        }
        for (exact, d1, _, what, i, j) in pairs {
            assert!(
                (exact - d1).abs() <= 1e-5 * scale,
                "{text} at {p:?}: {what}[{i}][{j}] = {exact}, finite difference {d1}"
            );
        }
        assert_eq!(h[0][1], h[1][0], "{text}");
        checked += 1;
    }
    eprintln!("{checked} of {total} generated formulas checked against finite differences");
    assert!(
        checked > total / 3,
        "only {checked} of {total} points checked"
    );
}
