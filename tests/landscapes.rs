#![cfg(not(target_arch = "wasm32"))]
//! Every landscape's gradient and Hessian against finite differences, and its documented minima.

use optiscape::landscape::{Gradient, Hessian, Landscape, Value};
use proptest::prelude::*;

fn landscapes() -> Vec<Landscape> {
    let mut all = Landscape::ALL.to_vec();
    all.push(Landscape::Quadratic {
        condition: 250.0,
        angle: 37.0,
    });
    all
}

/// Central difference of f along coordinate i with a step scaled to the point.
fn fd(f: impl Fn([f64; 2]) -> f64, p: [f64; 2], i: usize) -> f64 {
    let h = 1e-6 * p[i].abs().max(1.0);
    let (mut a, mut b) = (p, p);
    a[i] += h;
    b[i] -= h;
    (f(a) - f(b)) / (2.0 * h)
}

fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-5 * scale.max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn gradient_and_hessian_match_finite_differences(which in 0usize..Landscape::ALL.len() + 1, u in 0.0f64..1.0, w in 0.0f64..1.0) {
        let l = landscapes()[which].clone();
        let view = l.info().view;
        let p = [view.x[0] + u * (view.x[1] - view.x[0]), view.y[0] + w * (view.y[1] - view.y[0])];
        // Points a hair from a kink or a singularity make finite differences meaningless.
        prop_assume!(!matches!(l, Landscape::Ackley | Landscape::ScaleInvariant) || p[0].hypot(p[1]) > 1e-2);
        let g = l.gradient(p);
        let h = l.hessian(p);
        let gscale = g[0].abs().max(g[1].abs()).max(l.value(p).abs());
        let hscale = h.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs())).max(gscale);
        for i in 0..2 {
            let num = fd(|q| l.value(q), p, i);
            prop_assert!(close(g[i], num, gscale), "{} grad[{i}] at {p:?}: {} vs fd {num}", l.name(), g[i]);
            for (j, &hij) in h[i].iter().enumerate() {
                let num = fd(|q| l.gradient(q)[j], p, i);
                prop_assert!(close(hij, num, hscale), "{} hess[{i}][{j}] at {p:?}: {hij} vs fd {num}", l.name());
            }
        }
        prop_assert_eq!(h[0][1], h[1][0]);
    }
}

#[test]
fn documented_minima_have_documented_values_and_no_descent_step() {
    for l in landscapes() {
        let info = l.info();
        for &m in &info.minima {
            let f = l.value(m);
            let want = info.min_value.expect("minima listed without a value");
            assert!(
                (f - want).abs() < 1e-5,
                "{}: f{m:?} = {f}, documented {want}",
                l.name()
            );
            // No projected gradient step leaves it: ∇f = 0 inside, pointing out at a corner
            // of a landscape whose steps are projected (the corner landscape).
            let g = l.gradient(m);
            let p = l.project([m[0] - g[0], m[1] - g[1]]);
            assert!(
                (p[0] - m[0]).hypot(p[1] - m[1]) < 1e-4,
                "{}: gradient at {m:?} is {g:?}",
                l.name()
            );
        }
        // The documented minimum is below the default start.
        if let Some(v) = info.min_value {
            assert!(
                v < l.value(info.start),
                "{}: start is not above the minimum",
                l.name()
            );
        }
    }
}

#[test]
fn every_landscape_is_finite_on_its_view_and_names_round_trip() {
    for l in Landscape::ALL {
        assert_eq!(Landscape::from_name(l.name()).as_ref(), Some(&l));
        let v = l.info().view;
        for i in 0..=20 {
            for j in 0..=20 {
                let p = [
                    v.x[0] + (v.x[1] - v.x[0]) * i as f64 / 20.0,
                    v.y[0] + (v.y[1] - v.y[0]) * j as f64 / 20.0,
                ];
                let (f, g) = l.value_and_gradient(p);
                assert!(
                    f.is_finite() && g.iter().all(|c| c.is_finite()),
                    "{} at {p:?}",
                    l.name()
                );
            }
        }
    }
}

#[test]
fn plateau_gradient_collapses_along_x() {
    let g = Landscape::Plateau.gradient([8.0, 0.0]);
    assert!(g[0].abs() < 1e-6 && g[0] < 0.0);
}

#[test]
fn scale_invariant_gradient_is_tangential_and_shrinks_with_radius() {
    let l = Landscape::ScaleInvariant;
    let (p, q) = ([0.6, 0.5], [1.2, 1.0]);
    let (gp, gq) = (l.gradient(p), l.gradient(q));
    assert!((gp[0] * p[0] + gp[1] * p[1]).abs() < 1e-12);
    assert!((gp[0] - 2.0 * gq[0]).abs() < 1e-12 && (gp[1] - 2.0 * gq[1]).abs() < 1e-12);
    assert_eq!(l.value(p), l.value(q));
}

#[test]
fn quadratic_condition_number_is_the_hessian_eigenvalue_ratio() {
    let l = Landscape::Quadratic {
        condition: 50.0,
        angle: 30.0,
    };
    let h = l.hessian([0.3, -0.2]);
    let (tr, det) = (h[0][0] + h[1][1], h[0][0] * h[1][1] - h[0][1] * h[1][0]);
    let disc = (tr * tr / 4.0 - det).sqrt();
    let ratio = (tr / 2.0 + disc) / (tr / 2.0 - disc);
    assert!((ratio - 50.0).abs() < 1e-9, "ratio {ratio}");
}
