//! What the page shows, as plain data, and every change a user can make to it.
//!
//! The app keeps one [`Scene`] and sends it [`Action`]s; a refused action returns a message and
//! leaves the scene as it was, so bad input never loses what the user did.

use crate::landscape::{Landscape, ViewBox};
use crate::noise::Noise;
use crate::optim::spec::{Flag, Key, Param, Switch};
use crate::optim::{AdoptVariant, Hyper, Optimizer};
use crate::sim::{run, RunConfig, Trajectory, DIVERGENCE_BOUND};
use crate::theory::overlay::Overlays;
use crate::Vec2;
use serde::{Deserialize, Serialize};

/// Most runs shown at once.
pub const MAX_RUNS: usize = 8;
/// Largest run id: ids come from a counter, and links are checked against it.
pub const MAX_RUN_ID: u32 = 1_000_000;
/// Most steps a run may take in the page.
pub const MAX_PAGE_STEPS: usize = 20_000;

/// One optimizer run of the scene.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSpec {
    pub id: u32,
    pub optimizer: Optimizer,
    pub hyper: Hyper,
    pub visible: bool,
    /// The papers' flows drawn beside this run; absent from older links.
    #[serde(default, skip_serializing_if = "Overlays::is_off")]
    pub overlays: Overlays,
}

/// Everything that determines the picture.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scene {
    pub landscape: Landscape,
    pub start: Vec2,
    pub steps: usize,
    pub noise: Noise,
    pub seed: u64,
    pub runs: Vec<RunSpec>,
    pub selected: u32,
    /// Apply learning rate, β and γ to every run at once.
    pub link: bool,
    pub log_scale: bool,
    pub view: ViewBox,
}

/// Why an action was refused, and the run's hyperparameter it was about, if it was one, so
/// the page can mark that control.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    pub field: Option<(u32, Key)>,
    pub message: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A change to the scene.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A landscape (with its parameters); a new kind, or a typed formula's new view box, also
    /// resets the view and the start.
    SetLandscape(Landscape),
    /// A landscape picked from the menu: as `SetLandscape`, and every run's η becomes the
    /// landscape's measured one for its kind of rule (a typed formula keeps the runs' η).
    ChooseLandscape(Landscape),
    SetStart(Vec2),
    SetView(ViewBox),
    ResetView,
    Select(u32),
    ToggleVisible(u32),
    Add(Optimizer),
    Duplicate(u32),
    Remove(u32),
    SetOptimizer {
        run: u32,
        optimizer: Optimizer,
    },
    SetParam {
        run: u32,
        key: Key,
        value: f64,
    },
    SetFlag {
        run: u32,
        key: Switch,
        on: bool,
    },
    SetVariant {
        run: u32,
        variant: AdoptVariant,
    },
    SetLevel {
        run: u32,
        level: usize,
        decays: [f64; 2],
    },
    /// k-Adam: drop the levels' own decays, so every level follows level 1 ("all levels
    /// equal") and the diagram and the map move the whole stack.
    TieLevels(u32),
    /// k-Adam: γ = 0 on levels 2..k, each keeping its β (Gould & Tanaka's analogue of a
    /// normalisation layer), as one change.
    ZeroUpperMomentum(u32),
    /// Which of the papers' flows a run shows.
    SetOverlays {
        run: u32,
        overlays: Overlays,
    },
    SetLink(bool),
    SetLogScale(bool),
    SetNoise(Noise),
    SetSeed(u64),
    SetSteps(usize),
}

/// The actions that put level `level` of run `run` at (β, γ) = (beta2, beta1): level 1's own
/// parameters (which the levels that follow level 1 follow), or a higher level's decays.
pub fn set_decays(run: u32, level: usize, beta: f64, gamma: f64) -> Vec<Action> {
    if level > 1 {
        return vec![Action::SetLevel {
            run,
            level,
            decays: [gamma, beta],
        }];
    }
    [(Key::Beta2, beta), (Key::Beta1, gamma)]
        .map(|(key, value)| Action::SetParam { run, key, value })
        .to_vec()
}

/// Keys `link` carries across runs.
const LINKED: [Key; 3] = [Key::Lr, Key::Beta1, Key::Beta2];

pub(crate) fn run_with(id: u32, optimizer: Optimizer, edit: impl FnOnce(&mut Hyper)) -> RunSpec {
    let mut hyper = optimizer.spec().defaults;
    edit(&mut hyper);
    RunSpec {
        id,
        optimizer,
        hyper,
        visible: true,
        overlays: Overlays::default(),
    }
}

impl Default for Scene {
    /// SGD with momentum, Adam, ADOPT and 2-Adam racing on Rosenbrock. The adaptive runs share
    /// η = 0.05; momentum steps by the raw gradient (≈ 230 at the start), so it needs a far
    /// smaller η. ADOPT's v starts as the first g², which β2 = 0.9999 would keep for thousands
    /// of steps. 2-Adam's second level is the normalisation-layer analogue (γ₂ = 0).
    fn default() -> Self {
        let landscape = Landscape::Rosenbrock;
        let info = landscape.info();
        Scene {
            landscape,
            start: info.start,
            steps: 1000,
            noise: Noise::None,
            seed: 1,
            runs: vec![
                run_with(1, Optimizer::Momentum, |h| h.lr = 1e-3),
                run_with(2, Optimizer::Adam, |h| h.lr = 0.05),
                run_with(3, Optimizer::Adopt, |h| {
                    h.lr = 0.05;
                    h.beta2 = 0.9;
                }),
                run_with(4, Optimizer::KAdam, |h| {
                    h.lr = 0.05;
                    h.k = 2;
                    h.levels = vec![[0.0, 0.999]];
                }),
            ],
            selected: 2,
            link: false,
            log_scale: true,
            view: info.view,
        }
    }
}

impl Scene {
    pub fn run(&self, id: u32) -> Option<&RunSpec> {
        self.runs.iter().find(|r| r.id == id)
    }

    pub fn selected_run(&self) -> Option<&RunSpec> {
        self.run(self.selected)
    }

    fn run_mut(&mut self, id: u32) -> Result<&mut RunSpec, String> {
        self.runs
            .iter_mut()
            .find(|r| r.id == id)
            .ok_or_else(|| format!("there is no run {id}"))
    }

    /// One past the largest id; past MAX_RUN_ID the scene is refused by `validate`.
    fn next_id(&self) -> u32 {
        self.runs
            .iter()
            .map(|r| r.id)
            .max()
            .unwrap_or(0)
            .saturating_add(1)
    }

    /// Applies the action, or explains why not and changes nothing.
    pub fn apply(&mut self, action: Action) -> Result<(), Refusal> {
        let field = match action {
            Action::SetParam { run, key, .. } => Some((run, key)),
            _ => None,
        };
        let mut next = self.clone();
        next.apply_unchecked(action)
            .and_then(|()| next.validate())
            .map_err(|message| Refusal { field, message })?;
        *self = next;
        Ok(())
    }

    fn apply_unchecked(&mut self, action: Action) -> Result<(), String> {
        match action {
            Action::SetLandscape(l) => {
                let new_box = match (&l, &self.landscape) {
                    (Landscape::Formula(a), Landscape::Formula(b)) => a.view() != b.view(),
                    (Landscape::Data(a), Landscape::Data(b)) => a.spec().model != b.spec().model,
                    _ => l.name() != self.landscape.name(),
                };
                if new_box {
                    let info = l.info();
                    self.start = info.start;
                    self.view = info.view;
                }
                // Minibatches need data: leaving it leaves them too.
                if l.data().is_none() && matches!(self.noise, crate::noise::Noise::Minibatch { .. })
                {
                    self.noise = crate::noise::Noise::None;
                }
                self.landscape = l;
            }
            Action::ChooseLandscape(l) => {
                if let Some(steps) = l.info().steps {
                    for r in &mut self.runs {
                        r.hyper.lr = steps.lr(r.optimizer.rule().kind);
                    }
                }
                self.apply_unchecked(Action::SetLandscape(l))?;
            }
            Action::SetStart(p) => self.start = p,
            Action::SetView(v) => self.view = v,
            Action::ResetView => self.view = self.landscape.info().view,
            Action::Select(id) => self.selected = self.run_mut(id)?.id,
            Action::ToggleVisible(id) => {
                let r = self.run_mut(id)?;
                r.visible = !r.visible;
            }
            Action::Add(optimizer) => {
                self.make_room()?;
                let id = self.next_id();
                self.runs.push(run_with(id, optimizer, |_| {}));
                self.selected = id;
            }
            Action::Duplicate(id) => {
                self.make_room()?;
                let mut copy = self.run_mut(id)?.clone();
                copy.id = self.next_id();
                self.selected = copy.id;
                self.runs.push(copy);
            }
            Action::Remove(id) => {
                if self.runs.len() == 1 {
                    return Err("the last run cannot be removed".into());
                }
                self.run_mut(id)?;
                self.runs.retain(|r| r.id != id);
                if self.selected == id {
                    self.selected = self.runs[0].id;
                }
            }
            Action::SetOptimizer { run, optimizer } => {
                let r = self.run_mut(run)?;
                let (lr, overlays) = (r.hyper.lr, r.overlays);
                *r = run_with(run, optimizer, |h| h.lr = lr);
                r.overlays = overlays;
            }
            Action::SetParam { run, key, value } => self.set_param(run, key, value)?,
            Action::SetFlag { run, key, on } => {
                let r = self.run_mut(run)?;
                let flag = find_flag(r.optimizer, key)?;
                flag.set(&mut r.hyper, on);
            }
            Action::SetVariant { run, variant } => self.run_mut(run)?.hyper.variant = variant,
            Action::SetLevel { run, level, decays } => {
                let r = self.run_mut(run)?;
                if !(2..=crate::optim::MAX_K).contains(&level) {
                    return Err(format!(
                        "level must be 2..={}, got {level}",
                        crate::optim::MAX_K
                    ));
                }
                r.hyper.set_level(level, decays);
            }
            Action::TieLevels(run) => self.run_mut(run)?.hyper.levels.clear(),
            Action::ZeroUpperMomentum(run) => {
                let h = &mut self.run_mut(run)?.hyper;
                for i in 2..=h.k.clamp(1, crate::optim::MAX_K) {
                    let beta = h.level(i)[1];
                    h.set_level(i, [0.0, beta]);
                }
            }
            Action::SetOverlays { run, overlays } => self.run_mut(run)?.overlays = overlays,
            Action::SetLink(on) => self.link = on,
            Action::SetLogScale(on) => self.log_scale = on,
            Action::SetNoise(n) => self.noise = n,
            Action::SetSeed(s) => self.seed = s,
            Action::SetSteps(n) => self.steps = n,
        }
        Ok(())
    }

    fn make_room(&self) -> Result<(), String> {
        if self.runs.len() >= MAX_RUNS {
            return Err(format!("at most {MAX_RUNS} runs at once: remove one first"));
        }
        Ok(())
    }

    fn set_param(&mut self, run: u32, key: Key, value: f64) -> Result<(), String> {
        let optimizer = self.run_mut(run)?.optimizer;
        let param = find_param(optimizer, key)?;
        param.check(value)?;
        let linked = self.link && LINKED.contains(&key);
        for r in self.runs.iter_mut().filter(|r| r.id == run || linked) {
            if let Ok(p) = find_param(r.optimizer, key) {
                p.set(&mut r.hyper, value);
            }
        }
        Ok(())
    }

    /// Checks everything, naming the field that is wrong; a share link goes through this too.
    pub fn validate(&self) -> Result<(), String> {
        if self.runs.is_empty() || self.runs.len() > MAX_RUNS {
            return Err(format!(
                "a scene has 1 to {MAX_RUNS} runs, got {}",
                self.runs.len()
            ));
        }
        if self.steps == 0 || self.steps > MAX_PAGE_STEPS {
            return Err(format!(
                "steps must be in [1, {MAX_PAGE_STEPS}], got {}",
                self.steps
            ));
        }
        let ViewBox { x, y } = self.view;
        let sane =
            |a: [f64; 2]| a.iter().all(|v| v.is_finite() && v.abs() <= 1e9) && a[1] - a[0] > 1e-9;
        if !sane(x) || !sane(y) {
            return Err("the view must be a finite box of positive size".into());
        }
        self.validate_runs()?;
        if self.run(self.selected).is_none() {
            return Err(format!("the selected run {} does not exist", self.selected));
        }
        self.landscape
            .validate()
            .map_err(|e| format!("landscape: {e}"))?;
        self.noise.validate().map_err(|e| format!("noise: {e}"))?;
        self.noise
            .fits(&self.landscape)
            .map_err(|e| format!("noise: {e}"))?;
        if self
            .start
            .iter()
            .any(|c| !c.is_finite() || c.abs() > DIVERGENCE_BOUND)
        {
            return Err(format!(
                "the start must be finite and within ±{DIVERGENCE_BOUND:e}"
            ));
        }
        Ok(())
    }

    /// Ids unique and bounded (copy and ✕ find runs by id); every hyperparameter in range,
    /// used or not, and k-Adam's levels only on k-Adam, at most MAX_K − 1 of them.
    fn validate_runs(&self) -> Result<(), String> {
        for (i, r) in self.runs.iter().enumerate() {
            if r.id == 0 || r.id > MAX_RUN_ID {
                return Err(format!(
                    "run ids must be in [1, {MAX_RUN_ID}], got {}",
                    r.id
                ));
            }
            if self.runs[..i].iter().any(|q| q.id == r.id) {
                return Err(format!("run id {} appears twice", r.id));
            }
            let at = format!("run {} ({})", r.id, r.optimizer.name());
            r.optimizer
                .validate(&r.hyper)
                .map_err(|e| format!("{at}: {e}"))?;
            for p in Key::ALL.map(Key::param) {
                p.check(p.get(&r.hyper)).map_err(|e| format!("{at}: {e}"))?;
            }
            if r.optimizer != Optimizer::KAdam && !r.hyper.levels.is_empty() {
                return Err(format!("{at}: levels belong to k-Adam only"));
            }
        }
        Ok(())
    }

    /// One run configuration per run, in order.
    pub fn configs(&self) -> Vec<RunConfig> {
        self.runs
            .iter()
            .map(|r| RunConfig {
                optimizer: r.optimizer,
                hyper: r.hyper.clone(),
                landscape: self.landscape.clone(),
                start: self.start,
                steps: self.steps,
                noise: self.noise,
                seed: self.seed,
            })
            .collect()
    }

    /// Every run from the start, in order (hidden runs too, so toggling is instant).
    pub fn trajectories(&self) -> Vec<Trajectory> {
        self.configs().iter().map(run).collect()
    }

    /// The scene as text for a share link.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A scene from a share link, as [`Scene::from_json`], except that a typed formula that does
    /// not parse (the link was edited, or the parser changed) costs only the landscape: the
    /// rest of the scene loads on the default landscape, with a note saying why.
    pub fn from_link(text: &str) -> Result<(Scene, Option<String>), String> {
        let strict = match Scene::from_json(text) {
            Ok(scene) => return Ok((scene, None)),
            Err(e) => e,
        };
        let Ok(mut v) = serde_json::from_str::<serde_json::Value>(text) else {
            return Err(strict);
        };
        let land = &v["landscape"];
        if land["name"] != "formula" {
            return Err(strict);
        }
        let why = match serde_json::from_value::<Landscape>(land.clone()) {
            Ok(_) => return Err(strict),
            Err(e) => crate::text::one_line(&e.to_string(), 160),
        };
        let fallback = Scene::default();
        let (Ok(l), Ok(start), Ok(view)) = (
            serde_json::to_value(&fallback.landscape),
            serde_json::to_value(fallback.start),
            serde_json::to_value(fallback.view),
        ) else {
            return Err(strict);
        };
        v["landscape"] = l;
        v["start"] = start;
        v["view"] = view;
        let scene = Scene::from_json(&v.to_string())?;
        let note = format!(
            "the link's formula could not be used ({why}); showing {} instead",
            fallback.landscape.name()
        );
        Ok((scene, Some(note)))
    }

    /// A scene from a share link, checked as strictly as one built by hand.
    pub fn from_json(text: &str) -> Result<Scene, String> {
        let scene: Scene = serde_json::from_str(text).map_err(|e| {
            let e = crate::text::one_line(&e.to_string(), 160);
            format!("the link's settings could not be read ({e})")
        })?;
        scene
            .validate()
            .map_err(|e| format!("the link's settings are out of range: {e}"))?;
        Ok(scene)
    }
}

fn find_param(o: Optimizer, key: Key) -> Result<Param, String> {
    o.spec()
        .params
        .iter()
        .find(|p| p.key == key)
        .copied()
        .ok_or_else(|| format!("{} has no {key}", o.name()))
}

fn find_flag(o: Optimizer, key: Switch) -> Result<Flag, String> {
    o.spec()
        .flags
        .iter()
        .find(|f| f.key == key)
        .copied()
        .ok_or_else(|| format!("{} has no {key}", o.name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scene_races_four_optimizers_and_is_valid() {
        let s = Scene::default();
        assert!(s.validate().is_ok());
        let names: Vec<_> = s.runs.iter().map(|r| r.optimizer.name()).collect();
        assert_eq!(names, ["momentum", "adam", "adopt", "kadam"]);
        assert!(s.trajectories().iter().all(|t| t.diverged.is_none()));
    }

    #[test]
    fn a_refused_action_changes_nothing() {
        let mut s = Scene::default();
        let before = s.clone();
        let err = s
            .apply(Action::SetParam {
                run: 2,
                key: Key::Beta1,
                value: 1.5,
            })
            .unwrap_err();
        assert!(err.message.contains("beta1 must be in [0, 1)"), "{err}");
        assert_eq!(
            err.field,
            Some((2, Key::Beta1)),
            "the page marks the β1 control"
        );
        assert_eq!(s, before);
        assert!(s
            .apply(Action::SetParam {
                run: 1,
                key: Key::Beta2,
                value: 0.9
            })
            .unwrap_err()
            .message
            .contains("momentum has no beta2"));
        assert_eq!(s, before);
    }

    #[test]
    fn link_applies_lr_and_decays_to_every_run_that_has_them() {
        let mut s = Scene::default();
        s.apply(Action::SetLink(true)).unwrap();
        s.apply(Action::SetParam {
            run: 2,
            key: Key::Beta2,
            value: 0.95,
        })
        .unwrap();
        s.apply(Action::SetParam {
            run: 2,
            key: Key::Lr,
            value: 0.02,
        })
        .unwrap();
        assert!(s.runs.iter().all(|r| r.hyper.lr == 0.02));
        for r in &s.runs {
            let has = r
                .optimizer
                .spec()
                .params
                .iter()
                .any(|p| p.key == Key::Beta2);
            assert_eq!(r.hyper.beta2 == 0.95, has, "{}", r.optimizer.name());
        }
        s.apply(Action::SetLink(false)).unwrap();
        s.apply(Action::SetParam {
            run: 2,
            key: Key::Lr,
            value: 0.03,
        })
        .unwrap();
        assert_eq!(s.runs.iter().filter(|r| r.hyper.lr == 0.03).count(), 1);
    }

    #[test]
    fn duplicate_add_remove_and_their_limits() {
        let mut s = Scene::default();
        s.apply(Action::Duplicate(2)).unwrap();
        assert_eq!(s.runs.len(), 5);
        assert_eq!(s.runs[4].hyper, s.runs[1].hyper);
        assert_eq!(s.selected, s.runs[4].id);
        for _ in 0..3 {
            s.apply(Action::Add(Optimizer::Lion)).unwrap();
        }
        assert!(s
            .apply(Action::Add(Optimizer::Sgd))
            .unwrap_err()
            .message
            .contains("at most 8"));
        let id = s.selected;
        s.apply(Action::Remove(id)).unwrap();
        assert_ne!(s.selected, id);
        while s.runs.len() > 1 {
            let id = s.runs[0].id;
            s.apply(Action::Remove(id)).unwrap();
        }
        assert!(s.apply(Action::Remove(s.runs[0].id)).is_err());
    }

    /// Tying a stack's levels makes level 1 the one the diagram sets, and moving it moves all.
    #[test]
    fn tied_levels_follow_level_one() {
        use crate::theory::verdict::deciding_level;
        let mut s = Scene::default();
        let two_adam = s
            .runs
            .iter()
            .find(|r| r.optimizer == Optimizer::KAdam)
            .unwrap()
            .id;
        let level = |s: &Scene| {
            let r = s.runs.iter().find(|r| r.id == two_adam).unwrap();
            (deciding_level(r.optimizer, &r.hyper), r.hyper.level(2))
        };
        assert_eq!(level(&s).0, 2, "the default 2-Adam lists its second level");
        s.apply(Action::TieLevels(two_adam)).unwrap();
        s.apply(Action::SetParam {
            run: two_adam,
            key: Key::Beta1,
            value: 0.5,
        })
        .unwrap();
        let (deciding, second) = level(&s);
        assert_eq!(deciding, 1);
        assert_eq!(second[0], 0.5, "level 2 follows level 1");
        assert!(s.apply(Action::TieLevels(99)).is_err());
        // γ₂…γₖ = 0 in one change, each level keeping its β.
        let mut z = Scene::default();
        let r = z.runs.iter_mut().find(|r| r.id == two_adam).unwrap();
        r.hyper.k = 3;
        r.hyper.levels = vec![[0.9, 0.99]];
        z.apply(Action::ZeroUpperMomentum(two_adam)).unwrap();
        let h = &z.runs.iter().find(|r| r.id == two_adam).unwrap().hyper;
        assert_eq!(h.levels, [[0.0, 0.99], [0.0, h.beta2]]);
        assert_eq!(h.beta1, 0.9, "level 1 keeps its momentum");
        // Whatever level the diagram sets, its actions put that level where it was clicked.
        s.apply(Action::SetParam {
            run: two_adam,
            key: Key::K,
            value: 3.0,
        })
        .unwrap();
        for level in [3, 1, 2] {
            for a in set_decays(two_adam, level, 0.95, 0.5) {
                s.apply(a).unwrap();
            }
            let r = s.runs.iter().find(|r| r.id == two_adam).unwrap();
            let at = crate::theory::verdict::decays_at_level(r.optimizer, &r.hyper, level);
            assert_eq!(at, Some((0.95, 0.5)), "level {level}");
        }
    }

    #[test]
    fn changing_landscape_kind_resets_start_and_view_but_a_parameter_does_not() {
        let mut s = Scene::default();
        s.apply(Action::SetStart([0.5, 0.5])).unwrap();
        s.apply(Action::SetLandscape(Landscape::Quadratic {
            condition: 10.0,
            angle: 0.0,
        }))
        .unwrap();
        assert_eq!(s.start, [-2.5, 1.5]);
        s.apply(Action::SetStart([1.0, 1.0])).unwrap();
        s.apply(Action::SetLandscape(Landscape::Quadratic {
            condition: 30.0,
            angle: 45.0,
        }))
        .unwrap();
        assert_eq!(s.start, [1.0, 1.0]);
        assert!(s
            .apply(Action::SetLandscape(Landscape::Quadratic {
                condition: 0.5,
                angle: 0.0
            }))
            .is_err());
    }

    #[test]
    fn share_links_round_trip_and_tampered_ones_are_explained() {
        let mut s = Scene::default();
        s.apply(Action::SetParam {
            run: 4,
            key: Key::K,
            value: 3.0,
        })
        .unwrap();
        assert_eq!(Scene::from_json(&s.to_json()).unwrap(), s);
        let tampered = s.to_json().replace("\"beta1\":0.9", "\"beta1\":7.0");
        assert!(Scene::from_json(&tampered)
            .unwrap_err()
            .contains("beta1 must be in [0, 1)"));
        assert!(Scene::from_json("{not json")
            .unwrap_err()
            .contains("could not be read"));
    }

    /// A link edited by hand is checked as strictly as an action, and the message names the
    /// field that is wrong.
    #[test]
    fn tampered_links_are_refused_with_the_field_named() {
        let json = Scene::default().to_json();
        let refused = |edit: &dyn Fn(&mut serde_json::Value), want: &str| {
            let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
            edit(&mut v);
            let err = Scene::from_json(&v.to_string()).unwrap_err();
            assert!(err.contains(want), "{err} does not say {want}");
        };
        refused(&|v| v["runs"][1]["id"] = 1.into(), "run id 1 appears twice");
        refused(
            &|v| v["runs"][1]["id"] = u32::MAX.into(),
            "run ids must be in [1, 1000000]",
        );
        refused(
            &|v| v["runs"][1]["id"] = 0.into(),
            "run ids must be in [1, 1000000]",
        );
        let many: Vec<[f64; 2]> = vec![[0.9, 0.999]; 50_000];
        refused(
            &|v| v["runs"][3]["hyper"]["levels"] = serde_json::json!(many),
            "run 4 (kadam): at most 7 extra levels",
        );
        refused(
            &|v| v["runs"][1]["hyper"]["levels"] = serde_json::json!([[0.9, 0.99]]),
            "run 2 (adam): levels belong to k-Adam only",
        );
        // Momentum does not use beta2, yet a value out of range is still refused.
        refused(
            &|v| v["runs"][0]["hyper"]["beta2"] = 3.0.into(),
            "run 1 (momentum): beta2 must be in [0, 1)",
        );
        refused(
            &|v| {
                v["landscape"] =
                    serde_json::json!({"name": "quadratic", "condition": 0.1, "angle": 0.0})
            },
            "landscape: condition",
        );
        refused(
            &|v| v["noise"] = serde_json::json!({"model": "gaussian", "sigma": -1.0}),
            "noise: sigma",
        );
        refused(
            &|v| v["start"] = serde_json::json!([1e300, 0.0]),
            "the start must be finite",
        );
    }

    #[test]
    fn copy_past_the_largest_id_is_refused_not_wrapped() {
        let mut s = Scene::default();
        s.runs[3].id = MAX_RUN_ID;
        assert!(s.validate().is_ok());
        let before = s.clone();
        let err = s.apply(Action::Duplicate(MAX_RUN_ID)).unwrap_err().message;
        assert!(err.contains("run ids must be in"), "{err}");
        assert_eq!(s, before);
    }

    #[test]
    fn a_huge_value_in_a_link_gives_a_short_one_line_notice() {
        let huge = Scene::default()
            .to_json()
            .replace("\"adam\"", &format!("\"{}\\n\"", "z".repeat(1_000_000)));
        let err = Scene::from_json(&huge).unwrap_err();
        assert!(
            err.len() < 400 && !err.contains('\n'),
            "{} bytes",
            err.len()
        );
        assert!(
            err.starts_with("the link's settings could not be read"),
            "{err}"
        );
    }
}
