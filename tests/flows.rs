//! The papers' continuous flows against the crate's discrete optimizers: orders of agreement
//! measured, not assumed.

use optiscape::landscape::{Gradient, Hessian, Landscape};
use optiscape::optim::{Hyper, Optimizer, State};
use optiscape::theory::flows::continuous_adam::{continuous_adam, GtAdam, ThetaOrder};
use optiscape::theory::flows::gradient_flow::gradient_flow;
use optiscape::theory::flows::max_distance;
use optiscape::theory::flows::modified::{adam_flow, adam_path, FlowOrder, Integrator, PaperAdam};
use optiscape::theory::flows::ode::Tolerance;
use optiscape::Vec2;

/// math.md §3.3's test function E(θ) = ½θᵀAθ + 0.2 sin(θ₁θ₂), A = [[1, .7], [.7, 3]].
struct TestFn;

impl Gradient for TestFn {
    fn value_and_gradient(&self, p: Vec2) -> (f64, Vec2) {
        let [x, y] = p;
        let q = 0.5 * (x * x + 1.4 * x * y + 3.0 * y * y);
        let c = 0.2 * (x * y).cos();
        (
            q + 0.2 * (x * y).sin(),
            [x + 0.7 * y + c * y, 0.7 * x + 3.0 * y + c * x],
        )
    }
}

impl Hessian for TestFn {
    fn hessian(&self, p: Vec2) -> [[f64; 2]; 2] {
        let [x, y] = p;
        let (s, c) = (0.2 * (x * y).sin(), 0.2 * (x * y).cos());
        [
            [1.0 - s * y * y, 0.7 + c - s * x * y],
            [0.7 + c - s * x * y, 3.0 - s * x * x],
        ]
    }
}

const START: Vec2 = [5.0, 4.0];

/// Max distance over t ∈ [0, 1] between discrete Adam with step h and the flow of `order`.
fn flow_error(adam: &PaperAdam, order: FlowOrder) -> f64 {
    let steps = (1.0 / adam.h).round() as usize;
    let path = adam_path(&TestFn, adam, START, steps);
    let flow = adam_flow(
        &TestFn,
        adam,
        order,
        START,
        steps,
        Integrator::Rk4 { substeps: 10 },
    )
    .unwrap();
    assert!(flow.stopped.is_none() && path.len() == steps + 1);
    max_distance(&flow.points, &path)
}

/// Halving h divides the leading flow's error by about 2 (O(h)) and the modified flow's by
/// about 4 (O(h²)), for ε inside and outside the root and for RMSProp (β = 0). Measured: leading
/// ratios 2.01–2.03, modified 3.67–3.89 (math.md §3.3's table, same setup).
#[test]
fn modified_flow_error_shrinks_as_h_squared_and_the_leading_flow_as_h() {
    let mut failures = Vec::new();
    // (β = torch β1, ρ = torch β2, ε, ε inside the root).
    for (beta, rho, eps, inside) in [
        (0.5, 0.8, 1e-4, true),
        (0.8, 0.5, 1e-4, true),
        (0.5, 0.8, 1e-2, false),
        (0.0, 0.8, 1.0, false),
    ] {
        for h in [0.005, 0.0025] {
            let coarse = PaperAdam::new(h, beta, rho, eps, inside).unwrap();
            let fine = PaperAdam::new(h / 2.0, beta, rho, eps, inside).unwrap();
            let lead =
                flow_error(&coarse, FlowOrder::Leading) / flow_error(&fine, FlowOrder::Leading);
            let modi =
                flow_error(&coarse, FlowOrder::Modified) / flow_error(&fine, FlowOrder::Modified);
            eprintln!(
                "({beta}, {rho}, {eps}, {inside}) h {h}: leading {lead:.3}, modified {modi:.3}"
            );
            if !(1.6..=2.4).contains(&lead) || !(3.2..=4.8).contains(&modi) {
                failures.push(format!(
                    "(β, ρ, ε, inside) = ({beta}, {rho}, {eps}, {inside}), h = {h}: leading ratio {lead:.3}, modified {modi:.3}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The modified flow is also closer in absolute terms at h = 0.0025: under a tenth of the
/// leading flow's error with short memories (measured 0.074 and 0.070), but only under a third
/// with (β, ρ) = (0.9, 0.95) (measured 0.22), whose memory h/(1−ρ) = 0.05 is a twentieth of
/// the horizon: math.md §3.3's validity caveat.
#[test]
fn modified_flow_is_closer_by_a_factor_the_memory_limits() {
    for (beta, rho, most) in [(0.5, 0.8, 0.1), (0.8, 0.5, 0.1), (0.9, 0.95, 1.0 / 3.0)] {
        let a = PaperAdam::new(0.0025, beta, rho, 1e-4, true).unwrap();
        let (lead, modi) = (
            flow_error(&a, FlowOrder::Leading),
            flow_error(&a, FlowOrder::Modified),
        );
        eprintln!("({beta}, {rho}): modified/leading {:.3}", modi / lead);
        assert!(
            modi < most * lead,
            "({beta}, {rho}): {modi:.3e} vs {lead:.3e}, ratio {:.3}",
            modi / lead
        );
    }
}

/// Gradient flow on a rotated quadratic against its closed form
/// θ(t) = R diag(e^{−t}, e^{−κt}) Rᵀ θ₀, and gradient descent's distance to it shrinking as η.
#[test]
fn gradient_flow_matches_the_quadratic_closed_form() {
    let (kappa, angle) = (10.0, 30.0_f64);
    let land = Landscape::Quadratic {
        condition: kappa,
        angle,
    };
    let (s, c) = angle.to_radians().sin_cos();
    let start = [2.0, -1.0];
    let exact = |t: f64| {
        let (u, w) = (c * start[0] + s * start[1], -s * start[0] + c * start[1]);
        let (u, w) = (u * (-t).exp(), w * (-kappa * t).exp());
        [c * u - s * w, s * u + c * w]
    };
    let lr = 0.01;
    let flow = gradient_flow(&land, start, lr, 300, Tolerance::default()).unwrap();
    assert!(flow.stopped.is_none());
    let worst = (0..=300)
        .map(|n| {
            let e = exact(n as f64 * lr);
            (flow.points[n][0] - e[0]).hypot(flow.points[n][1] - e[1])
        })
        .fold(0.0, f64::max);
    assert!(worst < 1e-8, "{worst:e}");
    // Gradient descent with step η sits O(η) from the flow at t = nη.
    let gd_error = |lr: f64| {
        let steps = (1.0 / lr).round() as usize;
        let mut th = start;
        let mut path = vec![th];
        for _ in 0..steps {
            let g = land.gradient(th);
            th = [th[0] - lr * g[0], th[1] - lr * g[1]];
            path.push(th);
        }
        let flow = gradient_flow(&land, start, lr, steps, Tolerance::default()).unwrap();
        max_distance(&flow.points, &path)
    };
    let ratio = gd_error(0.01) / gd_error(0.005);
    eprintln!("closed form {worst:.2e}, GD ratio {ratio:.3}");
    assert!((1.8..2.2).contains(&ratio), "{ratio}");
}

/// Runs the crate's own rule for `steps` steps: θ₀..θ_steps.
fn discrete(opt: Optimizer, h: &Hyper, land: &Landscape, start: Vec2, steps: usize) -> Vec<Vec2> {
    let mut s = State::default();
    let mut th = start;
    let mut path = vec![th];
    for _ in 0..steps {
        th = opt.step(h, &mut s, th, land.gradient(th)).theta;
        path.push(th);
    }
    path
}

/// Gould & Tanaka's continuous Adam/AdamW (RECONSTRUCTED) against the crate's discrete rule
/// over 300 steps, 20 RK4 sub-steps per step, max distance in units of η.
fn gt_errors(
    land: Landscape,
    opt: Optimizer,
    lr: f64,
    gamma: f64,
    beta: f64,
    wd: f64,
) -> (f64, f64) {
    let h = Hyper {
        lr,
        beta1: gamma,
        beta2: beta,
        weight_decay: wd,
        ..opt.spec().defaults
    };
    let start = land.info().start;
    let path = discrete(opt, &h, &land, start, 300);
    let p = GtAdam::from_hyper(opt, &h).unwrap();
    let err = |order| {
        let run = continuous_adam(&land, &p, order, start, 300, 20).unwrap();
        assert!(run.stopped.is_none());
        max_distance(&run.thetas(), &path) / lr
    };
    (err(ThetaOrder::Second), err(ThetaOrder::First))
}

/// With momentum γ (torch β1) ≥ 0.8, where the continuous EMA rate (1−γ)/γ is close to the
/// exact −ln γ, the model stays within 0.3η of discrete Adam/AdamW for 300 steps on three
/// smooth landscapes (measured 0.016–0.224η), and dropping the ½θ̈ term makes it worse by a
/// factor of at least 1.2 (measured 1.28–18.6).
///
/// What does not hold, measured and left out: with γ = 0.5 (a = 1 against −ln 0.5 = 0.69) the
/// first-order model is as good or better (e.g. 0.56η against 0.62η on the quadratic); on
/// Rosenbrock's curved valley both are off by about η (1.09η against 1.31η at (0.9, 0.999)).
#[test]
fn continuous_adam_tracks_discrete_adam_and_needs_its_second_order_term() {
    let mut failures = Vec::new();
    for land in [
        Landscape::Quadratic {
            condition: 10.0,
            angle: 30.0,
        },
        Landscape::Himmelblau,
        Landscape::Plateau,
    ] {
        // (rule, η, γ = torch β1, β = torch β2, λ).
        for (opt, lr, gamma, beta, wd) in [
            (Optimizer::Adam, 0.01, 0.9, 0.999, 0.0),
            (Optimizer::Adam, 0.05, 0.9, 0.99, 0.0),
            (Optimizer::AdamW, 0.01, 0.8, 0.99, 0.1),
        ] {
            let (second, first) = gt_errors(land.clone(), opt, lr, gamma, beta, wd);
            eprintln!(
                "{} {} η {lr} ({gamma}, {beta}) λ {wd}: {second:.3}η, {first:.3}η, ratio {:.2}",
                land.name(),
                opt.name(),
                first / second
            );
            if second > 0.3 || first < 1.2 * second {
                failures.push(format!(
                    "{} {} η {lr} (γ, β) = ({gamma}, {beta}) λ {wd}: second-order {second:.3}η, first-order {first:.3}η",
                    land.name(),
                    opt.name()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The continuous model's |u_i(τ)| with ε = 0 never passes the DERIVED Cauchy–Schwarz bound of
/// math.md §2.4, with or without bias correction, inside (C > 0) and outside (C < 0) the
/// region, on the plateau where the gradient collapses; and the bound is tight there: the
/// update reaches 0.97–1.000 of it (measured).
#[test]
fn continuous_update_stays_under_the_bound() {
    use optiscape::theory::flows::continuous_adam::max_update_bound;
    let land = Landscape::Plateau;
    let mut failures = Vec::new();
    // (β = torch β2, γ = torch β1).
    for (beta, gamma) in [(0.999, 0.9), (0.99, 0.9), (0.9, 0.99), (0.5, 0.9)] {
        for bc in [true, false] {
            let p = GtAdam {
                eta: 0.05,
                gamma,
                beta,
                eps: 0.0,
                eps_inside: false,
                lambda: 0.0,
                bias_correction: bc,
            };
            let run = continuous_adam(&land, &p, ThetaOrder::Second, [0.0, 1.0], 200, 20).unwrap();
            let mut worst: f64 = 0.0;
            for st in &run.states[1..] {
                let bound = max_update_bound(beta, gamma, st.tau, bc).unwrap();
                for u in st.update {
                    worst = worst.max(u.abs() / bound);
                }
            }
            eprintln!("(β, γ) = ({beta}, {gamma}) bias correction {bc}: max |u|/bound {worst:.3}");
            if !(0.3..=1.0 + 1e-6).contains(&worst) {
                failures.push(format!("({beta}, {gamma}) bc {bc}: {worst}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The running integral of ‖∇E‖₁,ε along gradient flow on an axis-aligned quadratic (ε = 0)
/// against its closed form |a|(1 − e^{−T}) + |b|(1 − e^{−κT}); and the regime ε/(g² + ε)
/// reads sign-like (near 0) on the steep start and momentum-GD-like (near 1) at the minimum.
#[test]
fn one_norm_integral_and_regime_along_a_flow() {
    use optiscape::theory::flows::modified::{one_norm_along, regime};
    let kappa = 4.0;
    let land = Landscape::Quadratic {
        condition: kappa,
        angle: 0.0,
    };
    let (a, b, h) = (1.5_f64, -0.5_f64, 0.001);
    let flow = gradient_flow(&land, [a, b], h, 2000, Tolerance::default()).unwrap();
    let along = one_norm_along(&land, &flow.points, h, 0.0);
    let last = along.last().unwrap();
    let t = last.t;
    let exact = a.abs() * (1.0 - (-t).exp()) + b.abs() * (1.0 - (-kappa * t).exp());
    eprintln!("∫‖∇E‖₁ = {:.8} against {exact:.8}", last.integral);
    assert!((t - 2.0).abs() < 1e-12);
    assert!(
        (last.integral - exact).abs() < 1e-5,
        "{} {exact}",
        last.integral
    );
    let eps = 1e-4;
    for inside in [true, false] {
        let steep = regime(land.gradient([a, b]), eps, inside);
        let flat = regime(land.gradient([1e-7, -1e-7]), eps, inside);
        assert!(steep.iter().all(|r| *r < 1e-3), "{steep:?}");
        assert!(flat.iter().all(|r| *r > 0.99), "{flat:?}");
    }
}

/// Extreme inputs come back as values: a non-finite hyperparameter is an error naming it, and
/// a flow pushed out of the finite numbers stops with the time it got to.
#[test]
fn extreme_inputs_are_errors_or_stops_not_panics() {
    let p = GtAdam {
        eta: f64::NAN,
        gamma: 0.9,
        beta: 0.999,
        eps: 1e-8,
        eps_inside: false,
        lambda: 0.0,
        bias_correction: true,
    };
    let e = continuous_adam(&TestFn, &p, ThetaOrder::Second, START, 10, 10).unwrap_err();
    assert!(e.contains("eta"), "{e}");
    let e = continuous_adam(
        &TestFn,
        &GtAdam {
            beta: 1.0,
            eta: 0.1,
            ..p
        },
        ThetaOrder::First,
        START,
        10,
        10,
    )
    .unwrap_err();
    assert!(e.contains("beta"), "{e}");
    assert!(gradient_flow(&TestFn, [f64::NAN, 0.0], 0.1, 5, Tolerance::default()).is_err());
    assert!(gradient_flow(&TestFn, START, -1.0, 5, Tolerance::default())
        .unwrap_err()
        .contains("lr"));
    // Rosenbrock from far out: the gradient overflows, the flow stops and says when.
    let far = gradient_flow(
        &Landscape::Rosenbrock,
        [1e100, 1e100],
        1.0,
        5,
        Tolerance::default(),
    )
    .unwrap();
    assert!(
        far.stopped.is_some() && far.points.len() <= 1,
        "{:?}",
        far.stopped
    );
    let adam = PaperAdam::new(0.01, 0.9, 0.999, 1e-8, false).unwrap();
    let far = adam_flow(
        &Landscape::Rosenbrock,
        &adam,
        FlowOrder::Modified,
        [1e200, 1e200],
        5,
        Integrator::Rk4 { substeps: 4 },
    )
    .unwrap();
    assert!(far.stopped.is_some(), "{:?}", far.points.last());
}

/// The implicit-bias lesson's runs (and a shorter horizon): halving h over the same time halves
/// each end point's distance from the leading flow's, as the O(h) modified equation says.
#[test]
fn h_sweep_shift_halves_with_h_on_the_implicit_bias_lesson() {
    use optiscape::theory::flows::h_sweep::{h_sweep, ratios};
    let scene = (optiscape::lessons::find("implicit-bias").unwrap().build)();
    for mut cfg in scene.configs() {
        for steps in [1000, 2000, 4000] {
            cfg.steps = steps;
            let points = h_sweep(&cfg, 2).expect("an h-sweep");
            let r = ratios(&points);
            eprintln!("{:?} {steps}: {points:?} ratios {r:?}", cfg.hyper.level(1));
            for ratio in r {
                assert!(
                    (1.6..=2.4).contains(&ratio),
                    "{:?}, {steps} steps: ratio {ratio}",
                    cfg.hyper.level(1)
                );
            }
        }
    }
}
