//! The η a landscape gives each kind of rule when it is chosen: every rule at that η, from
//! the start and nearby, with and without noise, descends without diverging or leaving the
//! neighbourhood of the view; the panel's sentences about hard landscapes hold; choosing a
//! landscape sets η as one history entry, while a link keeps its own.

use optiscape::history::{Coalescer, Entry, Origin};
use optiscape::landscape::data::{DataSpec, Model};
use optiscape::landscape::{Data, Gradient, Landscape};
use optiscape::noise::Noise;
use optiscape::optim::{Hyper, Optimizer, StepKind};
use optiscape::scene::{Action, Scene};
use optiscape::sim::{run, RunConfig, Trajectory};
use optiscape::Vec2;

const STEPS: usize = 1000;

/// The built-in landscapes and the menu's two datasets.
fn landscapes() -> Vec<Landscape> {
    let data = |model, spread| {
        let spec = DataSpec {
            model,
            spread,
            ..DataSpec::default()
        };
        Landscape::Data(Data::try_from(spec).unwrap())
    };
    let mut all = Landscape::ALL.to_vec();
    all.push(data(Model::Logistic, 2.0));
    all.push(data(Model::Linear, 0.9));
    all
}

/// Every rule at its defaults, and the default scene's runs with their own settings.
fn rules() -> Vec<(Optimizer, Hyper)> {
    let mut all: Vec<_> = Optimizer::ALL
        .iter()
        .map(|o| (*o, o.spec().defaults))
        .collect();
    all.extend(
        Scene::default()
            .runs
            .into_iter()
            .map(|r| (r.optimizer, r.hyper)),
    );
    all
}

/// The landscape's start and four starts 5% of the view away.
fn starts(l: &Landscape) -> Vec<Vec2> {
    let info = l.info();
    let dx = 0.05 * (info.view.x[1] - info.view.x[0]);
    let dy = 0.05 * (info.view.y[1] - info.view.y[0]);
    let [x, y] = info.start;
    vec![[x, y], [x + dx, y], [x - dx, y], [x, y + dy], [x, y - dy]]
}

/// No noise, then two seeds of the noise that fits the landscape.
fn noises(l: &Landscape) -> Vec<(Noise, u64)> {
    let noisy = if l.data().is_some() {
        Noise::Minibatch { batch: 16 }
    } else {
        Noise::Gaussian { sigma: 0.1 }
    };
    vec![(Noise::None, 1), (noisy, 1), (noisy, 2)]
}

fn suggested(l: &Landscape, o: Optimizer) -> f64 {
    l.info().steps.expect("a suggestion").lr(o.rule().kind)
}

fn walk(
    l: &Landscape,
    o: Optimizer,
    hyper: &Hyper,
    lr: f64,
    start: Vec2,
    noise: (Noise, u64),
) -> Trajectory {
    let mut hyper = hyper.clone();
    hyper.lr = lr;
    run(&RunConfig {
        optimizer: o,
        hyper,
        landscape: l.clone(),
        start,
        steps: STEPS,
        noise: noise.0,
        seed: noise.1,
    })
}

/// What is wrong with a run, if anything: diverged, left three times the view box, or ended
/// no lower than it began.
fn fault(l: &Landscape, t: &Trajectory) -> Option<String> {
    if let Some(d) = &t.diverged {
        return Some(format!("diverged at step {}", d.step));
    }
    let v = l.info().view;
    let inside = |c: f64, [lo, hi]: [f64; 2]| (c - (lo + hi) / 2.0).abs() <= 1.5 * (hi - lo);
    if let Some(r) = t
        .records
        .iter()
        .find(|r| !inside(r.theta[0], v.x) || !inside(r.theta[1], v.y))
    {
        return Some(format!("left 3× the view at step {}", r.step));
    }
    let (first, last) = (&t.records[0], t.records.last().unwrap());
    (last.loss >= first.loss).then(|| format!("loss {} → {}", first.loss, last.loss))
}

#[test]
fn every_rule_descends_near_the_view_at_the_suggested_lr() {
    // One thread per landscape: a million steps per landscape are slow unoptimised.
    let all = landscapes();
    let faults: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = all.iter().map(|l| scope.spawn(|| faults_on(l))).collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// Every rule, start and noise on `l`, and what went wrong.
fn faults_on(l: &Landscape) -> Vec<String> {
    let mut faults = Vec::new();
    for (o, hyper) in rules() {
        let lr = suggested(l, o);
        for start in starts(l) {
            for noise in noises(l) {
                let t = walk(l, o, &hyper, lr, start, noise);
                if let Some(f) = fault(l, &t) {
                    let (name, rule) = (l.name(), o.name());
                    faults.push(format!(
                        "{name} {rule} η={lr} from {start:?} {noise:?}: {f}"
                    ));
                }
            }
        }
    }
    faults
}

#[test]
fn choosing_a_landscape_sets_lr_by_kind_as_one_entry_and_a_link_keeps_its_own() {
    let before = Scene::default();
    let mut s = before.clone();
    let choose = Action::ChooseLandscape(Landscape::GoldsteinPrice);
    assert_eq!(Origin::of(&choose), Origin::Step);
    assert_eq!(
        Coalescer::default().entry(&Origin::of(&choose), 0.0),
        Entry::Push
    );
    s.apply(choose).unwrap();
    let lrs: Vec<f64> = s.runs.iter().map(|r| r.hyper.lr).collect();
    assert_eq!(lrs, [5e-7, 0.1, 0.1, 0.1], "momentum, Adam, ADOPT, 2-Adam");
    assert_eq!(s.start, Landscape::GoldsteinPrice.info().start);
    assert!(s.trajectories().iter().all(|t| t.diverged.is_none()));

    // Back and Forward restore the entries' links: the old landscape with the old η, then
    // the new one, neither rescaled.
    let (back, _) = Scene::from_link(&before.to_json()).unwrap();
    assert_eq!(back, before);
    let (forward, _) = Scene::from_link(&s.to_json()).unwrap();
    assert_eq!(forward, s);

    // A link on Goldstein–Price with the default scene's η keeps them.
    let mut linked = Scene::default();
    linked
        .apply(Action::SetLandscape(Landscape::GoldsteinPrice))
        .unwrap();
    let (opened, _) = Scene::from_link(&linked.to_json()).unwrap();
    let kept: Vec<f64> = opened.runs.iter().map(|r| r.hyper.lr).collect();
    assert_eq!(kept, [1e-3, 0.05, 0.05, 0.05]);
}

#[test]
fn a_slider_or_a_typed_formula_keeps_the_runs_lr() {
    let mut s = Scene::default();
    s.apply(Action::ChooseLandscape(Landscape::Quadratic {
        condition: 10.0,
        angle: 0.0,
    }))
    .unwrap();
    let chosen: Vec<f64> = s.runs.iter().map(|r| r.hyper.lr).collect();
    assert_eq!(chosen, [2e-2, 2e-2, 2e-2, 1e-2]);
    s.apply(Action::SetLandscape(Landscape::Quadratic {
        condition: 100.0,
        angle: 30.0,
    }))
    .unwrap();
    let slid: Vec<f64> = s.runs.iter().map(|r| r.hyper.lr).collect();
    assert_eq!(slid, chosen, "the condition slider is not a menu choice");
    let formula = optiscape::landscape::Custom::parse(
        "x^2 + y^2",
        optiscape::landscape::Formula::DEFAULT_VIEW,
    )
    .unwrap();
    s.apply(Action::ChooseLandscape(Landscape::Formula(formula)))
        .unwrap();
    let typed: Vec<f64> = s.runs.iter().map(|r| r.hyper.lr).collect();
    assert_eq!(typed, chosen, "a typed formula has no measured η");
}

/// The numbers the Goldstein–Price sentence states.
#[test]
fn goldstein_price_is_hard_for_fixed_steps_as_the_panel_says() {
    let l = Landscape::GoldsteinPrice;
    let info = l.info();
    let norm = |p: Vec2| l.gradient(p).iter().map(|g| g * g).sum::<f64>().sqrt();
    let at_start = norm(info.start);
    assert!((8.5e5..9.5e5).contains(&at_start), "|∇f| = {at_start}");
    assert!(info.minima.iter().all(|&m| norm(m) < 1e-6));
    let steps = info.steps.unwrap();
    assert!(info
        .hard
        .contains(&format!("η = {}", optiscape::format::typed(steps.gradient))));
    for (o, hyper) in rules() {
        let lr = suggested(&l, o);
        for start in starts(&l) {
            let t = walk(&l, o, &hyper, lr, start, (Noise::None, 1));
            let kind = o.rule().kind;
            if matches!(o, Optimizer::Momentum | Optimizer::Nesterov) {
                let wild = walk(&l, o, &hyper, 10.0 * lr, start, (Noise::None, 1));
                let at = wild.diverged.map(|d| d.step);
                assert!(at.is_some_and(|s| s <= 5), "{} at 10η: {at:?}", o.name());
            }
            let adam_family = matches!(
                o,
                Optimizer::Adam
                    | Optimizer::AdamW
                    | Optimizer::AmsGrad
                    | Optimizer::Adamax
                    | Optimizer::Adopt
            );
            if adam_family || kind == StepKind::Sign {
                let longest = t
                    .records
                    .windows(2)
                    .flat_map(|w| [0, 1].map(|i| (w[1].theta[i] - w[0].theta[i]).abs()))
                    .fold(0.0, f64::max);
                assert!(
                    longest <= 2.0 * lr,
                    "{}: step {longest} at η {lr}",
                    o.name()
                );
            }
        }
    }
}

#[test]
fn on_the_saddle_no_run_settles() {
    let l = Landscape::Saddle;
    for (o, hyper) in rules() {
        for start in starts(&l) {
            let t = walk(&l, o, &hyper, suggested(&l, o), start, (Noise::None, 1));
            let (late, last) = (&t.records[STEPS - 100], t.records.last().unwrap());
            assert!(
                last.theta[1].abs() > start[1].abs() && last.loss < late.loss,
                "{} from {start:?}: y {}, f {} → {}",
                o.name(),
                last.theta[1],
                late.loss,
                last.loss
            );
        }
    }
}

fn dist(a: Vec2, b: Vec2) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// Where plain gradient descent with small steps from `p` comes to rest.
fn rest(l: &Landscape, p: Vec2) -> Vec2 {
    let sgd = Optimizer::Sgd;
    let t = walk(l, sgd, &sgd.spec().defaults, 1e-3, p, (Noise::None, 1));
    t.records.last().unwrap().theta
}

#[test]
fn on_rastrigin_and_ackley_every_run_ends_in_a_local_minimum_near_its_start() {
    for l in [Landscape::Rastrigin, Landscape::Ackley] {
        let global = l.info().minima[0];
        for (o, hyper) in rules() {
            for start in starts(&l) {
                let t = walk(&l, o, &hyper, suggested(&l, o), start, (Noise::None, 1));
                let end = t.records.last().unwrap().theta;
                let m = rest(&l, end);
                assert!(
                    dist(end, m) < 0.05 && dist(m, start) < 1.0 && dist(m, global) > 1.0,
                    "{} {} from {start:?}: ends at {end:?}, rests at {m:?}",
                    l.name(),
                    o.name()
                );
            }
        }
    }
}

/// How the table in src/landscape/steps.rs was measured: for each landscape and kind, the η on
/// a 1-2-5 grid where every rule of the kind passes `fault` (and so does the next η down), and
/// the smallest of them reaching 80% of the best mean log-decrease of f − f*. Slow:
/// `cargo test --release --test landscape_defaults -- --ignored --nocapture`.
#[test]
#[ignore]
fn sweep_step_sizes() {
    let grid: Vec<f64> = (-8..0)
        .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
        .chain([1.0])
        .collect();
    let kinds = [
        StepKind::Gradient,
        StepKind::Normalized,
        StepKind::Stacked,
        StepKind::Sign,
        StepKind::Accumulated,
    ];
    for l in landscapes() {
        let picks: Vec<String> = kinds
            .iter()
            .map(|&kind| {
                let scores: Vec<Option<f64>> =
                    grid.iter().map(|&lr| kind_score(&l, kind, lr)).collect();
                let kept: Vec<usize> = (0..grid.len())
                    .filter(|&i| scores[i].is_some() && (i == 0 || scores[i - 1].is_some()))
                    .collect();
                let best = kept
                    .iter()
                    .filter_map(|&i| scores[i])
                    .fold(f64::INFINITY, f64::min);
                let pick = kept
                    .iter()
                    .find(|&&i| scores[i].is_some_and(|s| s <= 0.8 * best));
                let top = kept.last().map(|&i| grid[i]);
                format!("{kind:?} {:?} (up to {top:?})", pick.map(|&i| grid[i]))
            })
            .collect();
        println!("{}: {}", l.name(), picks.join(", "));
    }
}

/// The worst, over the rules of `kind`, of their mean log10((f_end − f*)/(f_start − f*)) over
/// the starts without noise (f_end − f_start where f has no minimum); None if any run faults.
fn kind_score(l: &Landscape, kind: StepKind, lr: f64) -> Option<f64> {
    let info = l.info();
    let mut worst = f64::NEG_INFINITY;
    for (o, hyper) in rules().into_iter().filter(|(o, _)| o.rule().kind == kind) {
        let mut sum = 0.0;
        for start in starts(l) {
            for noise in noises(l) {
                let t = walk(l, o, &hyper, lr, start, noise);
                if fault(l, &t).is_some() {
                    return None;
                }
                if noise.0 == Noise::None {
                    let (f0, f1) = (t.records[0].loss, t.records.last().unwrap().loss);
                    sum += match info.min_value {
                        Some(m) => ((f1 - m).max(1e-12) / (f0 - m)).log10(),
                        None => f1 - f0,
                    };
                }
            }
        }
        worst = worst.max(sum / starts(l).len() as f64);
    }
    Some(worst)
}
