#![cfg(not(target_arch = "wasm32"))]
//! A typed formula as a landscape: in a scene and its share link, in runs that reach a point
//! where it is undefined, and in sweeps, where it must measure what the built-in one does.

use optiscape::landscape::{Custom, Formula, Hessian, Landscape, ViewBox};
use optiscape::optim::spec::Key;
use optiscape::optim::Optimizer;
use optiscape::scene::{Action, Scene};
use optiscape::sim::{run, RunConfig, UNDEFINED_GRADIENT, UNDEFINED_VALUE};
use optiscape::sweep::{evaluate, Axis, Grid, Sweep};

const ROSENBROCK: &str = "(1-x)^2 + 100*(y-x^2)^2";

fn typed(text: &str) -> Landscape {
    Landscape::Formula(Custom::parse(text, Formula::DEFAULT_VIEW).unwrap())
}

fn boxed(x: [f64; 2], y: [f64; 2]) -> ViewBox {
    ViewBox { x, y }
}

#[test]
fn a_typed_landscape_claims_no_minimum_and_shows_its_own_text_and_box() {
    let view = boxed([-3.0, 1.0], [0.0, 4.0]);
    let l = Landscape::Formula(Custom::parse(ROSENBROCK, view).unwrap());
    let info = l.info();
    assert_eq!(info.formula, ROSENBROCK);
    assert!(info.minima.is_empty() && info.min_value.is_none());
    assert!(info.minima_note.contains("unknown"), "{}", info.minima_note);
    assert_eq!(info.view, view);
    assert_eq!(info.start, [-2.5, 3.0]);
    // The Hessian the theory readouts use is the exact one: 1200x² − 400y + 2, −400x, 200.
    assert_eq!(l.hessian([1.0, 1.0]), [[802.0, -400.0], [-400.0, 200.0]]);
}

#[test]
fn built_in_landscapes_keep_their_link_form() {
    for l in Landscape::ALL {
        let json = serde_json::to_string(&l).unwrap();
        assert!(!json.contains("formula"), "{json}");
        assert_eq!(serde_json::from_str::<Landscape>(&json).unwrap(), l);
    }
    assert_eq!(
        serde_json::to_string(&Landscape::Rosenbrock).unwrap(),
        r#"{"name":"rosenbrock"}"#
    );
}

#[test]
fn a_scene_with_a_formula_round_trips_through_its_link() {
    let mut s = Scene::default();
    let view = boxed([-1.5, 2.5], [-1.0, 3.0]);
    let l = Landscape::Formula(Custom::parse("sin(3*x)*cos(2*y) + 0.1*(x^2+y^2)", view).unwrap());
    s.apply(Action::SetLandscape(l.clone())).unwrap();
    assert_eq!(
        (s.view, s.start),
        (view, l.info().start),
        "a new box resets view and start"
    );
    s.apply(Action::SetStart([0.5, 0.5])).unwrap();
    // Another text in the same box keeps the start and the view.
    let other = Landscape::Formula(Custom::parse("x^2 + y^2", view).unwrap());
    s.apply(Action::SetLandscape(other)).unwrap();
    assert_eq!((s.view, s.start), (view, [0.5, 0.5]));
    let json = s.to_json();
    assert!(
        json.contains(r#""landscape":{"name":"formula","formula":"x^2 + y^2","view":{"x":[-1.5,2.5],"y":[-1.0,3.0]}}"#),
        "{json}"
    );
    assert_eq!(Scene::from_json(&json).unwrap(), s);
    assert_eq!(Scene::from_link(&json).unwrap(), (s, None));
}

#[test]
fn a_link_whose_formula_does_not_parse_loads_the_rest_on_the_default_landscape() {
    let mut s = Scene::default();
    s.apply(Action::SetLandscape(typed("x^2 + y^2"))).unwrap();
    s.apply(Action::SetSteps(500)).unwrap();
    let broken = s.to_json().replace("x^2 + y^2", "x^2 + y^2)");
    let strict = Scene::from_json(&broken).unwrap_err();
    assert!(strict.contains("unexpected ')' at column 10"), "{strict}");
    let (loaded, note) = Scene::from_link(&broken).unwrap();
    let note = note.expect("a note says why");
    assert!(note.contains("unexpected ')' at column 10"), "{note}");
    assert!(note.ends_with("showing rosenbrock instead"), "{note}");
    assert!(!note.contains('\n') && note.len() < 400, "{note}");
    let d = Scene::default();
    assert_eq!(
        (&loaded.landscape, loaded.view, loaded.start),
        (&d.landscape, d.view, d.start)
    );
    assert_eq!(loaded.steps, 500, "the rest of the link is kept");
    // A box the formula cannot be shown in is explained the same way.
    let flat = s
        .to_json()
        .replace(r#""y":[-2.0,2.0]}}"#, r#""y":[2.0,2.0]}}"#);
    let (_, note) = Scene::from_link(&flat).unwrap();
    assert!(note.unwrap().contains("'from' must be below 'to'"));
    // Anything else wrong is refused as before.
    let bad = s.to_json().replace(r#""steps":500"#, r#""steps":0"#);
    assert!(Scene::from_link(&bad)
        .unwrap_err()
        .contains("steps must be in"));
    assert!(Scene::from_link("{nope").is_err());
}

#[test]
fn a_run_onto_an_undefined_point_stops_with_the_reason() {
    // sqrt(x) is undefined for x < 0, and ∂f/∂x ≥ 1: SGD walks left until it steps past 0.
    let l = typed("x + sqrt(x) + y^2");
    let mut cfg = RunConfig::new(Optimizer::Sgd, l.clone(), 100);
    cfg.start = [0.35, 0.5];
    cfg.hyper.lr = 0.1;
    assert_eq!(cfg.validate(), Ok(()));
    let t = run(&cfg);
    let d = t.diverged.expect("the run stops");
    assert_eq!(d.reason, UNDEFINED_VALUE);
    assert!(d.undefined());
    assert_eq!(d.headline(), format!("f undefined at step {}", d.step));
    assert_eq!(t.records.len(), d.step, "every point before it is kept");
    assert!(t
        .records
        .iter()
        .all(|r| r.theta[0] >= 0.0 && r.loss.is_finite()));
    let o = optiscape::theory::outcome::outcome(&t, &l.info().view);
    assert!(o.describe().starts_with(&format!(
        "This run stopped at step {}: f is undefined",
        d.step
    )));
    // A start where f is undefined is refused by the CLI's check, and stops at step 0 in a scene.
    cfg.start = [-1.0, 0.0];
    assert!(cfg
        .validate()
        .unwrap_err()
        .contains("is where the formula landscape is undefined"));
    assert_eq!(run(&cfg).diverged.map(|d| d.step), Some(0));
    // Where f has a value (0) but its derivative is 0·∞, the reason says so.
    let mut flat = RunConfig::new(Optimizer::Sgd, typed("exp(-1/x^2) + y^2"), 10);
    flat.start = [0.0, 1.0];
    assert_eq!(
        run(&flat).diverged.map(|d| d.reason),
        Some(UNDEFINED_GRADIENT)
    );
}

#[test]
fn a_sweep_on_typed_rosenbrock_measures_what_the_built_in_does() {
    let grid = Grid {
        x: Axis::new(Key::Beta2, 0.5, 0.999, 6),
        y: Axis::new(Key::Beta1, 0.0, 0.99, 5),
    };
    let mut base = RunConfig::new(Optimizer::Adam, Landscape::Rosenbrock, 300);
    base.hyper.lr = 0.05;
    let built_in = Sweep::new(base.clone(), grid);
    base.landscape = typed(ROSENBROCK);
    let typed = Sweep::new(base, grid);
    // Through JSON, as the page's workers get it.
    let typed = Sweep::from_json(&typed.to_json()).unwrap();
    let all: Vec<usize> = (0..grid.cells()).collect();
    let (a, b) = (evaluate(&built_in, &all), evaluate(&typed, &all));
    assert_eq!(a.len(), 30);
    for (a, b) in a.iter().zip(&b) {
        assert_eq!(
            (a.growth, a.final_update, a.final_loss, a.diverged),
            (b.growth, b.final_update, b.final_loss, b.diverged),
            "cell {}",
            a.index
        );
        assert!(a.distance.is_some());
        assert_eq!(
            b.distance, None,
            "no minimum is claimed for a typed formula"
        );
    }
}
