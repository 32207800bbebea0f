use super::*;
use crate::landscape::Landscape;

fn adam_grid(nx: usize, ny: usize) -> Sweep {
    Sweep::new(
        RunConfig::new(Optimizer::Adam, Landscape::Plateau, 50),
        Grid {
            x: Axis::new(Key::Beta2, 0.5, 0.999, nx),
            y: Axis::new(Key::Beta1, 0.5, 0.999, ny),
        },
    )
}

fn refusal(s: &Sweep) -> SweepError {
    s.validate().expect_err("refused")
}

#[test]
fn decays_are_even_in_log_of_one_minus_v() {
    let a = Axis::new(Key::Beta2, 0.9, 0.999, 3);
    assert_eq!(a.value(0), 0.9);
    assert!((a.value(1) - 0.99).abs() < 1e-14, "{}", a.value(1));
    assert_eq!(a.value(2), 0.999);
    let lr = Axis::new(Key::Lr, 1e-4, 1.0, 5);
    let v = lr.values();
    for (got, want) in v.iter().zip([1e-4, 1e-3, 1e-2, 1e-1, 1.0]) {
        assert!((got / want - 1.0).abs() < 1e-12, "{got} {want}");
    }
    assert_eq!(Axis::new(Key::Beta1, 0.3, 0.9, 1).values(), vec![0.3]);
}

#[test]
fn a_cell_sets_its_two_values_and_keeps_the_rest() {
    let mut s = adam_grid(4, 3);
    s.base.hyper.lr = 0.05;
    let i = 2 * 4 + 1;
    assert_eq!(s.grid.position(i), (1, 2));
    let h = s.hyper(i);
    assert_eq!(h.beta2, s.grid.x.value(1));
    assert_eq!(h.beta1, s.grid.y.value(2));
    assert_eq!(h.lr, 0.05);
    assert_eq!(s.config(i).landscape, Landscape::Plateau);
}

#[test]
fn a_kadam_level_axis_fills_the_levels_below_with_level_one() {
    let mut base = RunConfig::new(Optimizer::KAdam, Landscape::Plateau, 10);
    base.hyper.k = 3;
    base.hyper.beta1 = 0.8;
    base.hyper.beta2 = 0.95;
    let mut s = Sweep::new(
        base,
        Grid {
            x: Axis::new(Key::Beta2, 0.5, 0.9, 2),
            y: Axis::new(Key::Beta1, 0.3, 0.6, 2),
        },
    );
    s.level = 3;
    assert_eq!(s.validate(), Ok(()));
    let h = s.hyper(3);
    assert_eq!(h.levels, vec![[0.8, 0.95], [0.6, 0.9]]);
    assert_eq!(h.level(1), [0.8, 0.95]);
    assert_eq!(h.level(3), [0.6, 0.9]);
    s.level = 4;
    assert_eq!(refusal(&s).field, Field::Level);
    assert!(refusal(&s).message.contains("[1, 3]"), "{}", refusal(&s));
}

/// A change that spoils a valid sweep.
type Change = Box<dyn Fn(&mut Sweep)>;

#[test]
fn bad_grids_are_refused_naming_the_field() {
    let ok = adam_grid(512, 1);
    assert_eq!(ok.validate(), Ok(()));
    let cases: Vec<(Change, Field, &str)> = vec![
        (
            Box::new(|s| s.grid.x.n = 0),
            Field::X,
            "x: beta2 needs 1 to 512 cells, got 0",
        ),
        (
            Box::new(|s| s.grid.y.n = 513),
            Field::Y,
            "y: beta1 needs 1 to 512 cells, got 513",
        ),
        (
            Box::new(|s| s.grid.x.hi = 1.0),
            Field::X,
            "x: beta2 must be in [0, 1), got 1",
        ),
        (
            Box::new(|s| s.grid.y.lo = -0.1),
            Field::Y,
            "y: beta1 must be in [0, 1), got -0.1",
        ),
        (
            Box::new(|s| s.grid.x.lo = f64::NAN),
            Field::X,
            "x: beta2 must be in",
        ),
        (
            Box::new(|s| s.grid.x.lo = 0.9999),
            Field::X,
            "range must go up",
        ),
        (
            Box::new(|s| s.grid.y.key = Key::Beta2),
            Field::Y,
            "y: beta2 is already the x axis",
        ),
        (
            Box::new(|s| s.grid.y.key = Key::Eps),
            Field::Y,
            "eps cannot be swept",
        ),
        (
            Box::new(|s| {
                s.grid.y = Axis::new(Key::Lr, 0.0, 1.0, 4);
            }),
            Field::Y,
            "log scale",
        ),
        (
            Box::new(|s| {
                s.grid.x.n = 100;
                s.grid.y.n = 100;
                s.base.steps = 50_001;
            }),
            Field::Steps,
            "at most 5e8 steps",
        ),
        (Box::new(|s| s.level = 2), Field::Level, "kadam only"),
        (
            Box::new(|s| s.base.optimizer = Optimizer::Sgd),
            Field::X,
            "optimizer sgd has no beta2",
        ),
        (
            Box::new(|s| s.base.hyper.lr = -1.0),
            Field::Base,
            "lr must be in",
        ),
    ];
    for (change, field, needle) in cases {
        let mut s = adam_grid(8, 8);
        change(&mut s);
        let e = refusal(&s);
        assert_eq!(e.field, field, "{e}");
        assert!(e.message.contains(needle), "'{e}' lacks '{needle}'");
        assert_eq!(e.to_string().lines().count(), 1);
    }
    let mut s = adam_grid(100, 100);
    s.base.steps = 50_000;
    assert_eq!(s.validate(), Ok(()), "exactly 5e8 steps is allowed");
}

#[test]
fn progressive_order_is_coarse_first_and_complete() {
    for (nx, ny) in [(64, 64), (1, 1), (7, 3), (33, 100), (512, 2)] {
        let g = adam_grid(nx, ny).grid;
        let order = g.progressive_order();
        let mut seen = vec![false; g.cells()];
        for &i in &order {
            assert!(!seen[i], "{nx}×{ny}: {i} twice");
            seen[i] = true;
        }
        assert!(seen.iter().all(|&s| s), "{nx}×{ny}: a cell is missing");
        // Strides never increase along the order.
        let strides: Vec<usize> = order.iter().map(|&i| g.stride(i)).collect();
        assert!(strides.windows(2).all(|w| w[0] >= w[1]), "{nx}×{ny}");
    }
    let g = adam_grid(64, 64).grid;
    assert_eq!(g.coarsest_stride(), 8);
    let first: Vec<(usize, usize)> = g.progressive_order()[..64]
        .iter()
        .map(|&i| g.position(i))
        .collect();
    assert!(first.iter().all(|&(i, j)| i % 8 == 0 && j % 8 == 0));
}

#[test]
fn growth_rate_reads_the_second_half() {
    // Flat for 100 steps, then e^{0.03 n}: the window (100, 200] sees only the growth.
    let norms: Vec<f64> = (1..=200)
        .map(|n| {
            if n <= 100 {
                1.0
            } else {
                (0.03 * (n - 100) as f64).exp()
            }
        })
        .collect();
    assert!((growth_rate(&norms).unwrap() - 0.03).abs() < 1e-12);
    assert_eq!(growth_rate(&[1.0, 0.5, 0.0]), Some(f64::NEG_INFINITY));
    assert_eq!(growth_rate(&[]), None);
    assert_eq!(growth_rate(&[2.0]), None);
}
