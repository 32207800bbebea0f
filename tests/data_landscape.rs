//! A landscape from data: a seeded dataset, exact full-batch derivatives, and minibatch
//! gradients whose mean is the full-batch gradient.

use optiscape::landscape::data::{DataSpec, Dataset, Model};
use optiscape::landscape::{Data, Gradient, Hessian, Landscape, Value};
use optiscape::noise::{Noise, Rng};
use optiscape::optim::Optimizer;
use optiscape::sim::{run, RunConfig};

fn specs() -> Vec<DataSpec> {
    let mut out = Vec::new();
    for (model, spreads) in [(Model::Logistic, [0.5, 2.0]), (Model::Linear, [0.0, 0.95])] {
        for spread in spreads {
            for seed in [1, 7] {
                out.push(DataSpec {
                    model,
                    n: 120,
                    spread,
                    seed,
                });
            }
        }
    }
    out
}

fn landscape(spec: DataSpec) -> Landscape {
    Landscape::Data(Data::try_from(spec).expect("a valid spec"))
}

#[test]
fn full_batch_gradient_and_hessian_equal_finite_differences() {
    for spec in specs() {
        let l = landscape(spec);
        for p in [[0.3, -0.7], [-1.5, 2.0], [2.5, 0.1]] {
            let (f, g) = l.value_and_gradient(p);
            assert_eq!(f, l.value(p));
            let h = 1e-6;
            for i in 0..2 {
                let (mut a, mut b) = (p, p);
                a[i] += h;
                b[i] -= h;
                let fd = (l.value(a) - l.value(b)) / (2.0 * h);
                assert!(
                    (fd - g[i]).abs() < 1e-6 * (1.0 + g[i].abs()),
                    "{spec:?} at {p:?}: {fd} vs {}",
                    g[i]
                );
                let gd = (l.gradient(a)[i] - l.gradient(b)[i]) / (2.0 * h);
                let hess = l.hessian(p)[i][i];
                assert!(
                    (gd - hess).abs() < 1e-5 * (1.0 + hess.abs()),
                    "{spec:?}: {gd} vs {hess}"
                );
            }
        }
    }
}

#[test]
fn minibatch_gradients_average_to_the_full_batch_gradient() {
    for spec in specs() {
        let d = Dataset::new(spec).unwrap();
        let w = [0.4, -0.9];
        let full = landscape(spec).gradient(w);
        let mut rng = Rng::new(3);
        let draws = 4000;
        let mut mean = [0.0, 0.0];
        let mut spread = 0.0;
        for _ in 0..draws {
            let g = d.batch_gradient(w, 8, &mut rng);
            mean = [mean[0] + g[0] / draws as f64, mean[1] + g[1] / draws as f64];
            spread += (g[0] - full[0]).powi(2) / draws as f64;
        }
        // The standard error of the mean is about √(spread / draws).
        let tol = 5.0 * (spread / draws as f64).sqrt() + 1e-12;
        for i in 0..2 {
            assert!(
                (mean[i] - full[i]).abs() < tol,
                "{spec:?}: {mean:?} vs {full:?} (±{tol})"
            );
        }
        assert!(spread > 0.0, "a batch of 8 of 120 is noisy");
        // A batch of the whole set is the full-batch gradient, bit for bit.
        assert_eq!(d.batch_gradient(w, 120, &mut rng), full);
    }
}

#[test]
fn the_fit_is_where_the_gradient_vanishes_and_the_info_says_so() {
    for spec in specs() {
        let l = landscape(spec);
        let info = l.info();
        let [w] = info.minima[..] else {
            panic!("{spec:?}: one fit, got {:?}", info.minima);
        };
        let g = l.gradient(w);
        assert!(
            g[0].abs().max(g[1].abs()) < 1e-10,
            "{spec:?}: ∇f = {g:?} at {w:?}"
        );
        assert_eq!(info.min_value, Some(l.value(w)));
        assert!(info.view.x[0] < w[0] && w[0] < info.view.x[1]);
        assert!(info.view.y[0] < info.start[1] && info.start[1] < info.view.y[1]);
    }
    // The linear model's fit is near the weights the data was made with.
    let l = landscape(DataSpec {
        model: Model::Linear,
        n: 2000,
        spread: 0.5,
        seed: 2,
    });
    let w = l.info().minima[0];
    assert!(
        (w[0] - 1.5).abs() < 0.05 && (w[1] + 0.5).abs() < 0.05,
        "{w:?}"
    );
}

#[test]
fn correlated_features_narrow_the_valley() {
    let cond = |rho: f64| {
        let l = landscape(DataSpec {
            model: Model::Linear,
            n: 400,
            spread: rho,
            seed: 5,
        });
        let h = l.hessian([0.0, 0.0]);
        let (tr, det) = (h[0][0] + h[1][1], h[0][0] * h[1][1] - h[0][1] * h[1][0]);
        let disc = (tr * tr / 4.0 - det).max(0.0).sqrt();
        (tr / 2.0 + disc) / (tr / 2.0 - disc)
    };
    let (flat, narrow) = (cond(0.0), cond(0.95));
    assert!(flat < 1.5, "{flat}");
    // (1 + ρ)/(1 − ρ) = 39 for ρ = 0.95, up to sampling.
    assert!((25.0..60.0).contains(&narrow), "{narrow}");
}

#[test]
fn a_seed_gives_the_same_minibatch_path_and_another_seed_another() {
    let spec = DataSpec::default();
    let mut cfg = RunConfig::new(Optimizer::Adam, landscape(spec), 300);
    cfg.hyper.lr = 0.05;
    cfg.noise = Noise::Minibatch { batch: 10 };
    cfg.seed = 4;
    assert_eq!(cfg.validate(), Ok(()));
    let a = run(&cfg);
    assert_eq!(a.records, run(&cfg).records);
    cfg.seed = 5;
    let b = run(&cfg);
    assert_ne!(
        a.records.last().unwrap().theta,
        b.records.last().unwrap().theta
    );
    // Both end nearer the fit than they started.
    let fit = cfg.landscape.info().minima[0];
    let dist = |p: [f64; 2]| (p[0] - fit[0]).hypot(p[1] - fit[1]);
    for t in [&a, &b] {
        assert!(dist(t.records.last().unwrap().theta) < 0.5 * dist(cfg.start));
    }
}

#[test]
fn bad_data_and_misplaced_minibatches_are_refused_in_one_line() {
    for (spec, word) in [
        (
            DataSpec {
                n: 1,
                ..DataSpec::default()
            },
            "data-n",
        ),
        (
            DataSpec {
                spread: 11.0,
                ..DataSpec::default()
            },
            "separation",
        ),
        (
            DataSpec {
                model: Model::Linear,
                spread: 1.0,
                ..DataSpec::default()
            },
            "correlation",
        ),
        (
            DataSpec {
                spread: f64::NAN,
                ..DataSpec::default()
            },
            "separation",
        ),
    ] {
        let e = Dataset::new(spec).unwrap_err();
        assert!(e.contains(word) && !e.contains('\n'), "{e}");
    }
    let mut cfg = RunConfig::new(Optimizer::Adam, Landscape::Rosenbrock, 10);
    cfg.noise = Noise::Minibatch { batch: 4 };
    let e = cfg.validate().unwrap_err();
    assert!(e.contains("minibatch") && e.contains("rosenbrock"), "{e}");
    // The link form: the spec, made again on loading; a tampered one is refused.
    let l = landscape(DataSpec::default());
    let json = serde_json::to_string(&l).unwrap();
    assert_eq!(
        json,
        r#"{"name":"data","model":"logistic","n":200,"spread":2.0,"seed":1}"#
    );
    assert_eq!(serde_json::from_str::<Landscape>(&json).unwrap(), l);
    let bad = json.replace("200", "100000");
    assert!(serde_json::from_str::<Landscape>(&bad)
        .unwrap_err()
        .to_string()
        .contains("data-n"));
}

#[test]
fn leaving_data_leaves_minibatches_and_a_new_model_moves_the_view() {
    use optiscape::scene::{Action, Scene};
    let mut s = Scene::default();
    let logistic = landscape(DataSpec::default());
    s.apply(Action::SetLandscape(logistic.clone())).unwrap();
    assert_eq!(s.view, logistic.info().view);
    s.apply(Action::SetNoise(Noise::Minibatch { batch: 8 }))
        .unwrap();
    // Another seed keeps the view; another model takes its own.
    let reseeded = landscape(DataSpec {
        seed: 9,
        ..DataSpec::default()
    });
    s.apply(Action::SetLandscape(reseeded)).unwrap();
    assert_eq!(s.view, logistic.info().view);
    let linear = landscape(DataSpec {
        model: Model::Linear,
        spread: 0.9,
        ..DataSpec::default()
    });
    s.apply(Action::SetLandscape(linear.clone())).unwrap();
    assert_eq!(s.view, linear.info().view);
    assert_eq!(s.noise, Noise::Minibatch { batch: 8 });
    s.apply(Action::SetLandscape(Landscape::Rosenbrock))
        .unwrap();
    assert_eq!(s.noise, Noise::None);
    // Minibatches on a landscape without data are refused with a message.
    let e = s
        .apply(Action::SetNoise(Noise::Minibatch { batch: 8 }))
        .unwrap_err();
    assert!(e.to_string().contains("minibatch"), "{e}");
}
