//! The usage text and `list`, written from the descriptors (`optim::spec`, `optim::describe`,
//! the landscapes' and noise models' ranges) so they say what the parser accepts.

use super::options::{DEFAULT_DOF, DEFAULT_NOISE_K, DEFAULT_SIGMA, DEFAULT_STEPS};
use super::output::Format;
use super::sweep::DEFAULT_SWEEP_STEPS;
use super::{EXIT_DIVERGED, EXIT_OK, EXIT_USAGE, EXIT_WRITE};
use optiscape::landscape::{self, Formula, Landscape};
use optiscape::noise::{self, Noise};
use optiscape::optim::spec::{self, Flag, Key, Param};
use optiscape::optim::Optimizer;
use optiscape::sim::MAX_STEPS;
use optiscape::sweep::{GROWTH_THRESHOLD, IMPULSE_ON, MAX_RESOLUTION, MAX_TOTAL_STEPS};

/// One `--key VALUE` option and what it means.
pub struct Opt {
    pub key: &'static str,
    pub value: String,
    pub help: String,
}

pub struct Section {
    pub title: String,
    pub opts: Vec<Opt>,
}

fn opt(key: &'static str, value: impl Into<String>, help: impl Into<String>) -> Opt {
    Opt {
        key,
        value: value.into(),
        help: help.into(),
    }
}

pub fn optimizer_names() -> String {
    Optimizer::ALL.map(Optimizer::name).join(", ")
}

/// Where a typed formula starts by default, "(-1.5, 1)".
fn formula_start() -> String {
    let v = Formula::DEFAULT_VIEW;
    let s = Formula::parse("0").map_or([v.x[0], v.y[1]], |f| f.start());
    format!(
        "({}, {}) in the view x, y in [{}, {}]",
        num(s[0]),
        num(s[1]),
        num(v.x[0]),
        num(v.x[1])
    )
}

pub fn landscape_names() -> String {
    Landscape::ALL.map(|l| l.name()).join(", ")
}

/// A number as short as it reads: 2 rather than 2.0, 1e-8 rather than 0.00000001.
fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v}")
    } else {
        format!("{v:?}")
    }
}

fn range(p: &Param) -> String {
    let close = if p.open_above { ")" } else { "]" };
    format!("[{}, {}{close}", num(p.range[0]), num(p.range[1]))
}

/// "default 0.001 (0.01 for rmsprop, adagrad)", the most common value first, then which rules
/// have the option: "not in sgd" or "kadam only", whichever is shorter.
fn defaults(of: impl Fn(Optimizer) -> Option<String>) -> String {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for o in Optimizer::ALL {
        let Some(v) = of(o) else {
            without.push(o.name());
            continue;
        };
        with.push(o.name());
        match groups.iter_mut().find(|(g, _)| *g == v) {
            Some((_, names)) => names.push(o.name()),
            None => groups.push((v, vec![o.name()])),
        }
    }
    // Stable, so ties keep the rules' order.
    groups.sort_by_key(|(_, names)| std::cmp::Reverse(names.len()));
    let mut s = match groups.split_first() {
        Some(((v, _), rest)) if !rest.is_empty() => {
            let others: Vec<String> = rest
                .iter()
                .map(|(v, names)| format!("{v} for {}", names.join(", ")))
                .collect();
            format!("default {v} ({})", others.join("; "))
        }
        Some(((v, _), _)) => format!("default {v}"),
        None => String::new(),
    };
    if !without.is_empty() && with.len() < without.len() {
        s += &format!("; {} only", with.join(", "));
    } else if !without.is_empty() {
        s += &format!("; not in {}", without.join(", "));
    }
    s
}

/// Every option of every rule, once each, in the order the rules list them.
fn rule_options() -> (Vec<Param>, Vec<Flag>) {
    let mut params: Vec<Param> = Vec::new();
    let mut flags: Vec<Flag> = Vec::new();
    for o in Optimizer::ALL {
        let s = o.spec();
        for p in s.params {
            if !params.iter().any(|q| q.key == p.key) {
                params.push(*p);
            }
        }
        for f in s.flags {
            if !flags.iter().any(|g| g.key == f.key) {
                flags.push(*f);
            }
        }
    }
    (params, flags)
}

/// `run`'s options by group: the parser accepts exactly these keys.
pub fn sections() -> Vec<Section> {
    let general = vec![
        opt("optimizer", "NAME", format!("one of: {}", optimizer_names())),
        opt("landscape", "NAME", format!("one of: {}", landscape_names())),
        opt(
            "formula",
            "TEXT",
            format!(
                "instead of --landscape, your own f(x, y), e.g. '(1-x)^2 + 100*(y-x^2)^2': + - * / ^, \
                 parentheses, numbers, x, y, pi, e, {} (log is ln); at most {} characters, nesting depth {}; \
                 exact derivatives; a run stops where f is undefined; default start {}",
                landscape::typed::FUNCTIONS.join(", "),
                landscape::typed::MAX_LEN,
                landscape::typed::MAX_DEPTH,
                formula_start(),
            ),
        ),
        opt(
            "data",
            "MODEL",
            "instead of --landscape, a model with two weights fit to a seeded dataset: logistic \
             (regression on two Gaussian blobs, one per class) or linear (squared error, two \
             correlated features); view and start follow from the fit",
        ),
        opt(
            "data-n",
            "N",
            format!(
                "points in --data's set, in [{}, {}]; default 200",
                landscape::data::N_RANGE[0],
                landscape::data::N_RANGE[1]
            ),
        ),
        opt(
            "spread",
            "S",
            format!(
                "--data logistic: the blobs' distance in standard deviations, in [{}, {}], default 2; \
                 linear: the features' correlation, in [{}, {}], default 0.9",
                landscape::data::SEPARATION_RANGE[0],
                landscape::data::SEPARATION_RANGE[1],
                landscape::data::CORRELATION_RANGE[0],
                landscape::data::CORRELATION_RANGE[1],
            ),
        ),
        opt("data-seed", "N", "the seed --data's set is drawn with; default 1"),
        opt(
            "start",
            "X,Y",
            "where the run starts; default the landscape's own start (see `optiscape list`)",
        ),
        opt(
            "steps",
            "N",
            format!("steps after the start, a whole number in [0, {MAX_STEPS}]; default {DEFAULT_STEPS}"),
        ),
        opt(
            "format",
            Format::NAMES.join("|"),
            "csv: a header, then one row per step; json: {\"config\", \"steps\", \"diverged\"}; default csv",
        ),
    ];

    let (params, flags) = rule_options();
    let mut rules: Vec<Opt> = params
        .iter()
        .map(|p| {
            let value = if p.key == Key::K { "N" } else { "F" };
            let of = |o: Optimizer| {
                let s = o.spec();
                s.params
                    .iter()
                    .any(|q| q.key == p.key)
                    .then(|| num(p.get(&s.defaults)))
            };
            opt(
                p.name,
                value,
                format!("{}, in {}; {}", p.label, range(p), defaults(of)),
            )
        })
        .collect();
    rules.extend(flags.iter().map(|f| {
        let of = |o: Optimizer| {
            let s = o.spec();
            let on = |f: &Flag| if f.get(&s.defaults) { "on" } else { "off" };
            s.flags
                .iter()
                .find(|g| g.key == f.key)
                .map(|g| on(g).to_string())
        };
        opt(f.name, "on|off", format!("{}; {}", f.label, defaults(of)))
    }));
    rules.push(opt(
        "variant",
        spec::adopt_variants().join("|"),
        format!(
            "ADOPT's ablations; default {}",
            Optimizer::Adopt.spec().defaults.variant.name()
        ),
    ));
    rules.push(opt(
        "levels",
        "B1:B2,B1:B2,...",
        "k-Adam's levels 2, 3, ... each with its own (beta1, beta2); default level 1's",
    ));

    let (condition, angle) = Landscape::ALL
        .iter()
        .find_map(|l| match *l {
            Landscape::Quadratic { condition, angle } => Some((condition, angle)),
            _ => None,
        })
        .unwrap_or((1.0, 0.0));
    let [c0, c1] = landscape::CONDITION_RANGE;
    let [a0, a1] = landscape::ANGLE_RANGE;
    let quadratic = vec![
        opt(
            "condition",
            "F",
            format!(
                "condition number κ, in [{}, {}]; default {}",
                num(c0),
                num(c1),
                num(condition)
            ),
        ),
        opt(
            "angle",
            "DEGREES",
            format!(
                "rotation of the axes, in [{}, {}]; default {}",
                num(a0),
                num(a1),
                num(angle)
            ),
        ),
    ];

    let [s0, s1] = noise::SIGMA_RANGE;
    let [d0, d1] = noise::DOF_RANGE;
    let [k0, k1] = noise::TWO_POINT_K_RANGE;
    let noise = vec![
        opt(
            "noise",
            Noise::NAMES.join("|"),
            "what is added to the gradient before the optimizer sees it; default none",
        ),
        opt(
            "sigma",
            "F",
            format!("σ, the noise scale (gaussian, student-t), in [{}, {}]; default {}", num(s0), num(s1), num(DEFAULT_SIGMA)),
        ),
        opt(
            "dof",
            "N",
            format!("ν, student-t's degrees of freedom, a whole number in [{d0}, {d1}]; default {DEFAULT_DOF}"),
        ),
        opt(
            "noise-k",
            "F",
            format!("k of two-point noise (g times k² with probability 1/k, else times −k), in [{}, {}]; default {}", num(k0), num(k1), num(DEFAULT_NOISE_K)),
        ),
        opt(
            "batch",
            "N",
            format!(
                "points per step of minibatch noise (only with --data), in [{}, {}]; default {}",
                noise::BATCH_RANGE[0],
                noise::BATCH_RANGE[1],
                noise::DEFAULT_BATCH
            ),
        ),
        opt("seed", "N", "the noise's seed, a whole number; default 0"),
    ];

    vec![
        Section {
            title: "run options".into(),
            opts: general,
        },
        Section {
            title: "optimizer options (defaults are each rule's own, from torch.optim, optax or the official code; `optiscape list` says what each option means for each rule)".into(),
            opts: rules,
        },
        Section {
            title: "landscape options (quadratic only)".into(),
            opts: quadratic,
        },
        Section {
            title: "noise options".into(),
            opts: noise,
        },
    ]
}

/// `sweep`'s own options; it takes every `run` option but --format for its base run.
pub fn sweep_section() -> Section {
    let opts = vec![
        opt(
            "x",
            "KEY:LO:HI:N",
            format!(
                "the x axis: KEY one of lr, beta1, beta2 (of --level for kadam); N cells in [1, {MAX_RESOLUTION}] from LO to HI, both included, even in log10(lr) or log10(1 − beta)"
            ),
        ),
        opt("y", "KEY:LO:HI:N", "the y axis, likewise, with another KEY"),
        opt(
            "level",
            "N",
            "kadam: the level, 1 to k, whose beta1 and beta2 the axes set; levels below it not in --levels copy level 1; default 1",
        ),
        opt(
            "impulse",
            "",
            format!(
                "feed g = (1, 1) for {IMPULSE_ON} steps, then 0, instead of the landscape (which may then be left out; start and noise are unused)"
            ),
        ),
        opt(
            "threads",
            "N",
            "threads computing cells, a whole number in [1, 256]; default every core",
        ),
    ];
    Section {
        title: format!(
            "sweep options (with every run option but --format; --steps defaults to {DEFAULT_SWEEP_STEPS}, at most {MAX_TOTAL_STEPS:e} steps in all cells together). CSV, one row per cell in the grid's order, x fastest: the two axis values; growth, the least-squares slope of ln‖u‖∞ per step over the second half of the steps taken; final_update, ‖u‖∞ of the last step; final_loss; diverged_at, the step, empty if none; distance from the end point to the nearest documented minimum, empty if none; outcome: diverged, grows (growth above {GROWTH_THRESHOLD}) or bounded"
        ),
        opts,
    }
}

pub fn option_keys() -> Vec<&'static str> {
    sections()
        .into_iter()
        .flat_map(|s| s.opts.into_iter().map(|o| o.key))
        .collect()
}

const WIDTH: usize = 100;
const HELP_COLUMN: usize = 26;

/// Appends `text` word-wrapped to [`WIDTH`] columns, every line after the first indented by
/// `indent`; `used` is how many columns the current line already holds.
fn wrap(s: &mut String, text: &str, mut used: usize, indent: usize) {
    let mut first = true;
    for word in text.split(' ') {
        let w = word.chars().count();
        if !first && used + 1 + w > WIDTH {
            s.push('\n');
            s.push_str(&" ".repeat(indent));
            used = indent;
        } else if !first {
            s.push(' ');
            used += 1;
        }
        s.push_str(word);
        used += w;
        first = false;
    }
    s.push('\n');
}

pub fn usage() -> String {
    let mut s = String::from(
        "usage: optiscape run --optimizer NAME (--landscape NAME | --formula TEXT | --data MODEL) [options]\n\
         \x20      optiscape sweep --optimizer NAME (--landscape NAME | --formula TEXT | --data MODEL) --x KEY:LO:HI:N --y KEY:LO:HI:N [options]\n\
         \x20      optiscape list    every optimizer and landscape with defaults and ranges\n\
         \x20      optiscape help    this text\n\n\
         `run` writes each step as soon as it is computed, so a run of any length takes little memory.\n\
         `sweep` makes one whole run per cell of a grid over two hyperparameters, on every core, and\n\
         writes each cell's row once the cells before it are written.\n",
    );
    for section in sections().into_iter().chain([sweep_section()]) {
        s.push('\n');
        wrap(&mut s, &format!("{}:", section.title), 0, 2);
        for o in section.opts {
            let head = format!("  --{} {}", o.key, o.value);
            let width = head.chars().count();
            s += &head;
            if width + 2 <= HELP_COLUMN {
                s += &" ".repeat(HELP_COLUMN - width);
                wrap(&mut s, &o.help, HELP_COLUMN, HELP_COLUMN);
            } else {
                s += &format!("\n{}", " ".repeat(HELP_COLUMN));
                wrap(&mut s, &o.help, HELP_COLUMN, HELP_COLUMN);
            }
        }
    }
    s += &format!(
        "\nexit status:\n\
         \x20 {EXIT_OK:<3} done; also when the reader stops early (`| head`), which ends the run quietly\n\
         \x20 {EXIT_DIVERGED:<3} the run diverged, or stepped where a --formula is undefined: the rows before\n\
         \x20     it are printed, the reason on stderr\n\
         \x20 {EXIT_USAGE:<3} bad command line: one line on stderr, nothing on stdout\n\
         \x20 {EXIT_WRITE:<3} the output could not be written (a full disk, say): one line on stderr\n"
    );
    s
}

/// Every optimizer and landscape with hyperparameters, defaults and ranges.
pub fn list() -> String {
    let mut s = String::from(
        "OPTIMIZERS (beta1 and beta2 as each rule uses them: γ and β for Adam's family)\n",
    );
    for o in Optimizer::ALL {
        let spec = o.spec();
        s += &format!("\n{:10} {}\n", o.name(), spec.reference);
        for p in spec.params {
            s += &format!(
                "    --{:<14} default {:<8?} range {}  {}\n",
                p.name,
                p.get(&spec.defaults),
                range(p),
                o.param_label(p.key)
                    .map_or(p.label.to_string(), |l| l.text())
            );
        }
        for f in spec.flags {
            let on = if f.get(&spec.defaults) { "on" } else { "off" };
            s += &format!(
                "    --{:<14} default {:<8} on|off  {}\n",
                f.name, on, f.label
            );
        }
        if o == Optimizer::Adopt {
            s += &format!(
                "    --{:<14} default {:<8} {}\n",
                "variant",
                spec.defaults.variant.name(),
                spec::adopt_variants().join("|")
            );
        }
        if o == Optimizer::KAdam {
            s += &format!(
                "    --{:<14} default level 1's (beta1, beta2)  as B1:B2,B1:B2,...\n",
                "levels"
            );
        }
        if !spec.note.is_empty() {
            s += &format!("    note: {}\n", spec.note);
        }
    }
    s += "\nLANDSCAPES\n";
    for l in Landscape::ALL {
        let i = l.info();
        s += &format!("\n{:16} f = {}\n", l.name(), i.formula);
        let minima: Vec<String> = i
            .minima
            .iter()
            .map(|p| format!("({}, {})", p[0], p[1]))
            .collect();
        match i.min_value {
            Some(v) => s += &format!("    minimum {v} at {}\n", minima.join(", ")),
            None => s += "    no minimum\n",
        }
        if !i.minima_note.is_empty() {
            s += &format!("    {}\n", i.minima_note);
        }
        s += &format!(
            "    view x [{}, {}], y [{}, {}]; default start ({}, {})\n",
            i.view.x[0], i.view.x[1], i.view.y[0], i.view.y[1], i.start[0], i.start[1]
        );
        if let Landscape::Quadratic { condition, angle } = l {
            let [c0, c1] = landscape::CONDITION_RANGE;
            let [a0, a1] = landscape::ANGLE_RANGE;
            s += &format!("    --condition default {condition} range [{c0}, {c1}]; --angle default {angle} range [{a0}, {a1}] degrees\n");
        }
    }
    s += &format!(
        "\nNOISE MODELS: {} (--sigma range [{}, {}], --dof [{}, {}], --noise-k [{}, {}]; --seed N)\n",
        Noise::NAMES.join(", "),
        noise::SIGMA_RANGE[0],
        noise::SIGMA_RANGE[1],
        noise::DOF_RANGE[0],
        noise::DOF_RANGE[1],
        noise::TWO_POINT_K_RANGE[0],
        noise::TWO_POINT_K_RANGE[1]
    );
    s
}
