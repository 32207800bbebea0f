//! `run`'s options into a validated [`RunConfig`]. Which options exist is read from
//! [`usage::sections`], so every accepted option is documented.

use super::output::Format;
use super::usage;
use optiscape::landscape::data::{self, DataSpec, Model};
use optiscape::landscape::{Custom, Data, Formula, Landscape};
use optiscape::noise::{self, Noise};
use optiscape::optim::spec;
use optiscape::optim::{AdoptVariant, Optimizer};
use optiscape::sim::{RunConfig, MAX_STEPS};
use optiscape::text::{one_line, quote};
use std::collections::BTreeMap;

pub const DEFAULT_STEPS: usize = 100;
pub const DEFAULT_SIGMA: f64 = 0.1;
pub const DEFAULT_DOF: u32 = 3;
pub const DEFAULT_NOISE_K: f64 = 10.0;

/// Reads `--key value` pairs into a map, refusing unknown, repeated or value-less options.
fn options(args: &[String]) -> Result<BTreeMap<String, String>, String> {
    let known = usage::option_keys();
    let mut map = BTreeMap::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let key = a
            .strip_prefix("--")
            .ok_or_else(|| format!("unexpected argument {}", quote(a)))?;
        let (key, inline) = match key.split_once('=') {
            Some((k, v)) => (k, Some(v.to_string())),
            None => (key, None),
        };
        if !known.contains(&key) {
            return Err(format!("unknown option {}", quote(&format!("--{key}"))));
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
        .ok_or_else(|| format!("--{key} must be a finite number, got {}", quote(s)))
}

/// A whole number in [lo, hi]; "2.7" and "1e20" are refused rather than rounded.
pub fn whole(key: &str, s: &str, [lo, hi]: [u64; 2]) -> Result<u64, String> {
    s.trim()
        .parse::<u64>()
        .ok()
        .filter(|v| (lo..=hi).contains(v))
        .ok_or_else(|| {
            format!(
                "--{key} must be a whole number in [{lo}, {hi}], got {}",
                quote(s)
            )
        })
}

fn switch(key: &str, s: &str) -> Result<bool, String> {
    match s {
        "on" | "true" | "1" => Ok(true),
        "off" | "false" | "0" => Ok(false),
        _ => Err(format!("--{key} must be on or off, got {}", quote(s))),
    }
}

fn pair(key: &str, s: &str, sep: char) -> Result<[f64; 2], String> {
    let (a, b) = s
        .split_once(sep)
        .ok_or_else(|| format!("--{key} must be two numbers as A{sep}B, got {}", quote(s)))?;
    Ok([number(key, a)?, number(key, b)?])
}

/// Builds a validated run from the options.
pub fn parse_run(args: &[String]) -> Result<(RunConfig, Format), String> {
    let mut o = options(args)?;
    let opt_name = o.remove("optimizer").ok_or("missing --optimizer NAME")?;
    let optimizer = Optimizer::from_name(&opt_name).ok_or_else(|| {
        format!(
            "unknown optimizer {} (one of: {})",
            quote(&opt_name),
            usage::optimizer_names()
        )
    })?;
    let data = o.remove("data");
    if data.is_some() && (o.contains_key("landscape") || o.contains_key("formula")) {
        return Err("give --data MODEL alone, without --landscape or --formula".into());
    }
    let mut landscape = match (o.remove("landscape"), o.remove("formula")) {
        _ if data.is_some() => data_landscape(data.as_deref().unwrap_or_default(), &mut o)?,
        (Some(_), Some(_)) => {
            return Err("give --landscape NAME or --formula TEXT, not both".into())
        }
        (None, None) => return Err("missing --landscape NAME (or --formula TEXT)".into()),
        (None, Some(text)) => formula(&text)?,
        (Some(name), None) => Landscape::from_name(&name).ok_or_else(|| {
            format!(
                "unknown landscape {} (one of: {})",
                quote(&name),
                usage::landscape_names()
            )
        })?,
    };
    if let Landscape::Quadratic { condition, angle } = &mut landscape {
        if let Some(v) = o.remove("condition") {
            *condition = number("condition", &v)?;
        }
        if let Some(v) = o.remove("angle") {
            *angle = number("angle", &v)?;
        }
    }
    let mut cfg = RunConfig::new(optimizer, landscape, DEFAULT_STEPS);
    if let Some(v) = o.remove("start") {
        cfg.start = pair("start", &v, ',')?;
    }
    if let Some(v) = o.remove("steps") {
        cfg.steps = whole("steps", &v, [0, MAX_STEPS as u64])? as usize;
    }
    let spec = optimizer.spec();
    for p in spec.params {
        if let Some(v) = o.remove(p.name) {
            let x = number(p.name, &v)?;
            p.check(x).map_err(|e| format!("--{e}"))?;
            p.set(&mut cfg.hyper, x);
        }
    }
    for f in spec.flags {
        if let Some(v) = o.remove(f.name) {
            f.set(&mut cfg.hyper, switch(f.name, &v)?);
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
                    "unknown variant {} (one of: {})",
                    quote(&v),
                    spec::adopt_variants().join(", ")
                )
            })?;
        }
    }
    cfg.noise = parse_noise(&mut o)?;
    if let Some(v) = o.remove("seed") {
        cfg.seed = whole("seed", &v, [0, u64::MAX])?;
    }
    let format = match o.remove("format") {
        None => Format::Csv,
        Some(f) => Format::from_name(&f).ok_or_else(|| {
            format!(
                "--format must be {}, got {}",
                Format::NAMES.join(" or "),
                quote(&f)
            )
        })?,
    };
    if let Some(key) = o.keys().next() {
        return Err(format!(
            "{} has no --{key}",
            what_lacks(key, optimizer, &cfg.landscape)
        ));
    }
    cfg.validate()?;
    Ok((cfg, format))
}

/// A model fit to a seeded dataset: `--data logistic|linear` with `--data-n`, `--spread` and
/// `--data-seed`.
fn data_landscape(model: &str, o: &mut BTreeMap<String, String>) -> Result<Landscape, String> {
    let model = match model {
        "logistic" => Model::Logistic,
        "linear" => Model::Linear,
        _ => {
            return Err(format!(
                "unknown --data model {} (logistic or linear)",
                quote(model)
            ))
        }
    };
    let mut spec = DataSpec {
        model,
        spread: if model == Model::Linear { 0.9 } else { 2.0 },
        ..DataSpec::default()
    };
    if let Some(v) = o.remove("data-n") {
        let [lo, hi] = data::N_RANGE;
        spec.n = whole("data-n", &v, [lo as u64, hi as u64])? as usize;
    }
    if let Some(v) = o.remove("spread") {
        spec.spread = number("spread", &v)?;
    }
    if let Some(v) = o.remove("data-seed") {
        spec.seed = whole("data-seed", &v, [0, u64::MAX])?;
    }
    Data::try_from(spec)
        .map(Landscape::Data)
        .map_err(|e| format!("--data: {e}"))
}

/// A typed f(x, y) in its default view box; a parse error names its column.
fn formula(text: &str) -> Result<Landscape, String> {
    Custom::parse(text, Formula::DEFAULT_VIEW)
        .map(Landscape::Formula)
        .map_err(|e| format!("--formula: {}", one_line(&e, 160)))
}

fn what_lacks(key: &str, optimizer: Optimizer, landscape: &Landscape) -> String {
    match key {
        "condition" | "angle" => format!("landscape {}", landscape.name()),
        "sigma" | "dof" | "noise-k" | "batch" => "this noise model".to_string(),
        "data-n" | "spread" | "data-seed" => "a landscape without --data".to_string(),
        _ => format!("optimizer {}", optimizer.name()),
    }
}

fn parse_noise(o: &mut BTreeMap<String, String>) -> Result<Noise, String> {
    let name = o.remove("noise").unwrap_or_else(|| "none".into());
    let wants: &[&str] = match name.as_str() {
        "gaussian" => &["sigma"],
        "student-t" => &["sigma", "dof"],
        "two-point" => &["noise-k"],
        "minibatch" => &["batch"],
        _ => &[],
    };
    let mut take = |key: &str| wants.contains(&key).then(|| o.remove(key)).flatten();
    let sigma = take("sigma")
        .map(|v| number("sigma", &v))
        .transpose()?
        .unwrap_or(DEFAULT_SIGMA);
    let [lo, hi] = noise::DOF_RANGE;
    let dof = take("dof")
        .map(|v| whole("dof", &v, [lo.into(), hi.into()]))
        .transpose()?
        .map_or(DEFAULT_DOF, |d| d as u32);
    let k = take("noise-k")
        .map(|v| number("noise-k", &v))
        .transpose()?
        .unwrap_or(DEFAULT_NOISE_K);
    if let Some(v) = take("batch") {
        let [lo, hi] = noise::BATCH_RANGE;
        let batch = whole("batch", &v, [lo as u64, hi as u64])? as usize;
        return Ok(Noise::Minibatch { batch });
    }
    Noise::from_parts(&name, sigma, dof, k).ok_or_else(|| {
        format!(
            "unknown noise model {} (one of: {})",
            quote(&name),
            Noise::NAMES.join(", ")
        )
    })
}
