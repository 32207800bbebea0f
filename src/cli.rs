//! The `optiscape` command line: `run` prints a trajectory, `list` the optimizers and landscapes.
//!
//! Every bad input is one line on stderr and exit status 2; a diverged run prints the rows it
//! has, reports the divergence on stderr and exits 1.

use crate::landscape::{self, Landscape};
use crate::noise::{self, Noise};
use crate::optim::spec::{self, Flag, Param};
use crate::optim::{AdoptVariant, Optimizer};
use crate::sim::{self, RunConfig, Trajectory};
use std::collections::BTreeMap;
use std::io::Write;

pub const USAGE: &str = "\
usage: optiscape run --optimizer NAME --landscape NAME [options]
       optiscape list
       optiscape help

run options (defaults: the optimizer's torch.optim defaults, the landscape's default start):
  --start X,Y  --steps N (default 100)  --lr F  --beta1 F  --beta2 F  --eps F
  --weight-decay F  --k N  --levels B1:B2,B1:B2,...  (k-Adam levels 2, 3, ...)
  --bias-correction on|off  --eps-inside on|off  --clip on|off  --decouple on|off
  --variant full|no-decorrelation|no-order-change  (ADOPT)
  --condition F  --angle DEGREES  (quadratic)
  --noise none|gaussian|student-t|two-point  --sigma F  --dof N  --noise-k F  --seed N
  --format csv|json (default csv)
beta1 is the first-moment (momentum) decay, the paper's γ; beta2 the second-moment decay, β.";

/// Runs the CLI on `args` (without the program name); returns the exit status.
pub fn main(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match args.first().map(String::as_str) {
        Some("run") => parse_run(&args[1..]).map(|(cfg, format)| run(&cfg, format, out, err)),
        Some("list") => {
            let _ = out.write_all(list().as_bytes());
            Ok(0)
        }
        Some("help" | "--help" | "-h") => {
            let _ = writeln!(out, "{USAGE}");
            Ok(0)
        }
        Some(other) => Err(format!(
            "unknown command '{other}' (expected run, list or help)"
        )),
        None => Err("missing command (expected run, list or help)".to_string()),
    };
    result.unwrap_or_else(|e| {
        let _ = writeln!(err, "optiscape: error: {e}");
        2
    })
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Format {
    Csv,
    Json,
}

const RUN_OPTIONS: &[&str] = &[
    "optimizer",
    "landscape",
    "start",
    "steps",
    "lr",
    "beta1",
    "beta2",
    "eps",
    "weight-decay",
    "k",
    "levels",
    "bias-correction",
    "eps-inside",
    "clip",
    "decouple",
    "variant",
    "condition",
    "angle",
    "noise",
    "sigma",
    "dof",
    "noise-k",
    "seed",
    "format",
];

/// Reads `--key value` pairs into a map, refusing unknown, repeated or value-less options.
fn options(args: &[String]) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let key = a
            .strip_prefix("--")
            .ok_or_else(|| format!("unexpected argument '{a}'"))?;
        let (key, inline) = match key.split_once('=') {
            Some((k, v)) => (k, Some(v.to_string())),
            None => (key, None),
        };
        if !RUN_OPTIONS.contains(&key) {
            return Err(format!("unknown option '--{key}'"));
        }
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .cloned()
                .ok_or_else(|| format!("--{key} needs a value"))?,
        };
        if map.insert(key.to_string(), value).is_some() {
            return Err(format!("--{key} given twice"));
        }
    }
    Ok(map)
}

fn number(key: &str, s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("--{key} must be a finite number, got '{s}'"))
}

fn integer(key: &str, s: &str) -> Result<u64, String> {
    s.trim()
        .parse::<u64>()
        .map_err(|_| format!("--{key} must be a whole number, got '{s}'"))
}

fn switch(key: &str, s: &str) -> Result<bool, String> {
    match s {
        "on" | "true" | "1" => Ok(true),
        "off" | "false" | "0" => Ok(false),
        _ => Err(format!("--{key} must be on or off, got '{s}'")),
    }
}

fn pair(key: &str, s: &str, sep: char) -> Result<[f64; 2], String> {
    let (a, b) = s
        .split_once(sep)
        .ok_or_else(|| format!("--{key} must be two numbers as A{sep}B, got '{s}'"))?;
    Ok([number(key, a)?, number(key, b)?])
}

fn names<T>(all: impl IntoIterator<Item = T>, name: impl Fn(&T) -> &'static str) -> String {
    all.into_iter()
        .map(|x| name(&x))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Builds a validated run from the options.
pub fn parse_run(args: &[String]) -> Result<(RunConfig, Format), String> {
    let mut o = options(args)?;
    let opt_name = o.remove("optimizer").ok_or("missing --optimizer NAME")?;
    let optimizer = Optimizer::from_name(&opt_name).ok_or_else(|| {
        format!(
            "unknown optimizer '{opt_name}' (one of: {})",
            names(Optimizer::ALL, |o| o.name())
        )
    })?;
    let land_name = o.remove("landscape").ok_or("missing --landscape NAME")?;
    let mut landscape = Landscape::from_name(&land_name).ok_or_else(|| {
        format!(
            "unknown landscape '{land_name}' (one of: {})",
            names(Landscape::ALL, |l| l.name())
        )
    })?;
    if let Landscape::Quadratic { condition, angle } = &mut landscape {
        if let Some(v) = o.remove("condition") {
            *condition = number("condition", &v)?;
        }
        if let Some(v) = o.remove("angle") {
            *angle = number("angle", &v)?;
        }
    }
    let mut cfg = RunConfig::new(optimizer, landscape, 100);
    if let Some(v) = o.remove("start") {
        cfg.start = pair("start", &v, ',')?;
    }
    if let Some(v) = o.remove("steps") {
        cfg.steps = integer("steps", &v)?.min(usize::MAX as u64) as usize;
    }
    let spec = optimizer.spec();
    let params: Vec<Param> = spec.params.to_vec();
    let flags: Vec<Flag> = spec.flags.to_vec();
    for p in &params {
        if let Some(v) = o.remove(p.key) {
            let x = number(p.key, &v)?;
            p.check(x).map_err(|e| format!("--{e}"))?;
            p.set(&mut cfg.hyper, x);
        }
    }
    for f in &flags {
        if let Some(v) = o.remove(f.key) {
            f.set(&mut cfg.hyper, switch(f.key, &v)?);
        }
    }
    if optimizer == Optimizer::KAdam {
        if let Some(v) = o.remove("levels") {
            cfg.hyper.levels = v
                .split(',')
                .map(|p| pair("levels", p, ':'))
                .collect::<Result<_, _>>()?;
        }
    }
    if optimizer == Optimizer::Adopt {
        if let Some(v) = o.remove("variant") {
            cfg.hyper.variant = AdoptVariant::from_name(&v).ok_or_else(|| {
                format!(
                    "unknown variant '{v}' (one of: {})",
                    spec::adopt_variants().join(", ")
                )
            })?;
        }
    }
    cfg.noise = parse_noise(&mut o)?;
    if let Some(v) = o.remove("seed") {
        cfg.seed = integer("seed", &v)?;
    }
    let format = match o.remove("format").as_deref() {
        None | Some("csv") => Format::Csv,
        Some("json") => Format::Json,
        Some(f) => return Err(format!("--format must be csv or json, got '{f}'")),
    };
    if let Some(key) = o.keys().next() {
        return Err(format!(
            "{} has no --{key}",
            what_lacks(key, optimizer, &landscape)
        ));
    }
    cfg.validate()?;
    Ok((cfg, format))
}

fn what_lacks(key: &str, optimizer: Optimizer, landscape: &Landscape) -> String {
    match key {
        "condition" | "angle" => format!("landscape {}", landscape.name()),
        "sigma" | "dof" | "noise-k" => "this noise model".to_string(),
        _ => format!("optimizer {}", optimizer.name()),
    }
}

fn parse_noise(o: &mut BTreeMap<String, String>) -> Result<Noise, String> {
    let name = o.remove("noise").unwrap_or_else(|| "none".into());
    let wants: &[&str] = match name.as_str() {
        "gaussian" => &["sigma"],
        "student-t" => &["sigma", "dof"],
        "two-point" => &["noise-k"],
        _ => &[],
    };
    let mut take = |key: &str, default: &str| -> Option<String> {
        if wants.contains(&key) {
            Some(o.remove(key).unwrap_or_else(|| default.into()))
        } else {
            None
        }
    };
    let sigma = take("sigma", "0.1")
        .map(|v| number("sigma", &v))
        .transpose()?
        .unwrap_or(0.0);
    let dof = take("dof", "3")
        .map(|v| integer("dof", &v))
        .transpose()?
        .unwrap_or(3);
    let k = take("noise-k", "10")
        .map(|v| number("noise-k", &v))
        .transpose()?
        .unwrap_or(10.0);
    let dof =
        u32::try_from(dof).map_err(|_| format!("dof must be at most {}", noise::DOF_RANGE[1]))?;
    Noise::from_parts(&name, sigma, dof, k).ok_or_else(|| {
        format!(
            "unknown noise model '{name}' (one of: {})",
            Noise::NAMES.join(", ")
        )
    })
}

/// Prints the trajectory; returns 1 if the run diverged.
pub fn run(cfg: &RunConfig, format: Format, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let traj = sim::run(cfg);
    let text = match format {
        Format::Csv => csv(&traj),
        Format::Json => json(cfg, &traj),
    };
    let _ = out.write_all(text.as_bytes());
    match traj.diverged {
        Some(d) => {
            let _ = writeln!(
                err,
                "optiscape: run diverged at step {}: {}",
                d.step, d.reason
            );
            1
        }
        None => 0,
    }
}

pub const CSV_HEADER: &str =
    "step,x,y,loss,grad_x,grad_y,update_x,update_y,m_x,m_y,v_x,v_y,eff_lr_x,eff_lr_y";

/// One row per step; `{:e}`-free shortest round-trip formatting keeps every bit.
pub fn csv(t: &Trajectory) -> String {
    let mut s = String::with_capacity(64 * (t.records.len() + 1));
    s.push_str(CSV_HEADER);
    s.push('\n');
    for r in &t.records {
        let cols = [
            r.theta,
            [r.loss, f64::NAN],
            r.grad,
            r.update,
            r.m,
            r.v,
            r.eff_lr,
        ];
        s.push_str(&r.step.to_string());
        for (i, c) in cols.iter().enumerate() {
            let n = if i == 1 { 1 } else { 2 };
            for v in &c[..n] {
                s.push(',');
                s.push_str(&format!("{v:?}"));
            }
        }
        s.push('\n');
    }
    s
}

pub fn json(cfg: &RunConfig, t: &Trajectory) -> String {
    let value = serde_json::json!({ "config": cfg, "diverged": t.diverged, "steps": t.records });
    let mut s =
        serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
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
            let close = if p.open_above { ")" } else { "]" };
            s += &format!(
                "    --{:<14} default {:<8?} range [{}, {}{close}  {}\n",
                p.key,
                p.get(&spec.defaults),
                p.range[0],
                p.range[1],
                o.param_label(p.key)
                    .map_or(p.label.to_string(), |l| l.text())
            );
        }
        for f in spec.flags {
            let on = if f.get(&spec.defaults) { "on" } else { "off" };
            s += &format!(
                "    --{:<14} default {:<8} on|off  {}\n",
                f.key, on, f.label
            );
        }
        if o == Optimizer::Adopt {
            s += &format!(
                "    --{:<14} default {:<8} {}\n",
                "variant",
                "full",
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
