#![cfg(all(target_os = "linux", target_env = "gnu"))]
//! Every trajectory, bit for bit: each rule on each landscape under the switches and noise
//! models, every field of every record hashed and compared with `fixtures/trajectory_bits.txt`.
//! A change made for speed must leave all of them as they were; the torch reference
//! (`reference.rs`) only bounds them to 1e-10. The fixture holds glibc's libm results (sin, exp,
//! pow, …), hence Linux with glibc only.
//!
//! After a change meant to alter trajectories, rewrite the fixture with
//! `TRAJECTORY_BITS=write cargo test --test trajectory_bits`.

use optiscape::landscape::data::Model;
use optiscape::landscape::{Custom, DataSpec, Landscape, ViewBox};
use optiscape::noise::Noise;
use optiscape::optim::Optimizer;
use optiscape::sim::{run, RunConfig};

const FIXTURE: &str = "tests/fixtures/trajectory_bits.txt";
const STEPS: usize = 300;

/// 64-bit FNV-1a over 64-bit words.
struct Hash(u64);

impl Hash {
    fn new() -> Self {
        Hash(0xcbf2_9ce4_8422_2325)
    }
    fn add(&mut self, x: u64) {
        self.0 ^= x;
        self.0 = self.0.wrapping_mul(0x100_0000_01b3);
    }
}

fn landscapes() -> Vec<(String, Landscape)> {
    let mut out: Vec<_> = Landscape::ALL
        .into_iter()
        .map(|l| (l.name().to_string(), l))
        .collect();
    let quadratic = Landscape::Quadratic {
        condition: 1000.0,
        angle: 30.0,
    };
    out.push(("quadratic-1000-30".into(), quadratic));
    for (name, model, spread) in [
        ("data-logistic", Model::Logistic, 2.0),
        ("data-linear", Model::Linear, 0.5),
    ] {
        let spec = DataSpec {
            model,
            spread,
            ..DataSpec::default()
        };
        out.push((name.into(), Landscape::Data(spec.try_into().unwrap())));
    }
    let view = ViewBox {
        x: [-3.0, 3.0],
        y: [-3.0, 3.0],
    };
    let formula = Custom::parse("x^2 + 3*sin(y) + log(1 + x^2*y^2)", view).unwrap();
    out.push(("formula".into(), Landscape::Formula(formula)));
    out
}

/// The switches and noise models, each applied to a rule's defaults at the landscape's η.
fn variants() -> Vec<fn(&mut RunConfig)> {
    vec![
        |_| {},
        |c| c.hyper.lr *= 10.0, // some diverge
        |c| c.hyper.bias_correction = false,
        |c| {
            c.hyper.eps_inside = true;
            c.hyper.eps = 1e-6;
        },
        |c| c.hyper.weight_decay = 0.05,
        |c| {
            c.hyper.weight_decay = 0.05;
            c.hyper.decouple = true;
        },
        |c| {
            c.hyper.k = 3;
            c.hyper.levels = vec![[0.8, 0.99]];
        },
        |c| {
            c.hyper.beta1 = 0.5;
            c.hyper.beta2 = 0.9999;
        },
        |c| {
            c.noise = Noise::Gaussian { sigma: 0.5 };
            c.seed = 7;
        },
        |c| {
            c.noise = Noise::StudentT { sigma: 0.3, dof: 3 };
            c.seed = 3;
        },
        |c| {
            c.noise = Noise::TwoPoint { k: 3.0 };
            c.seed = 5;
        },
        |c| {
            c.noise = Noise::Minibatch { batch: 16 };
            c.seed = 9;
        },
    ]
}

/// One line per landscape and rule: the hash of its runs under every valid variant.
fn digests() -> String {
    let mut out = String::new();
    for (name, l) in landscapes() {
        for o in Optimizer::ALL {
            let mut h = Hash::new();
            for v in variants() {
                let mut c = RunConfig::new(o, l.clone(), STEPS);
                if let Some(s) = l.info().steps {
                    c.hyper.lr = s.lr(o.rule().kind);
                }
                v(&mut c);
                if c.validate().is_err() {
                    continue;
                }
                let t = run(&c);
                h.add(t.records.len() as u64);
                for r in &t.records {
                    h.add(r.step as u64);
                    h.add(r.loss.to_bits());
                    for x in [r.theta, r.grad, r.update, r.m, r.v, r.eff_lr].concat() {
                        h.add(x.to_bits());
                    }
                }
                if let Some(d) = t.diverged {
                    h.add(d.step as u64);
                    d.reason.bytes().for_each(|b| h.add(b as u64));
                }
            }
            out += &format!("{name} {} {:016x}\n", o.name(), h.0);
        }
    }
    out
}

#[test]
fn every_trajectory_is_as_it_was_bit_for_bit() {
    let got = digests();
    if std::env::var("TRAJECTORY_BITS").as_deref() == Ok("write") {
        std::fs::write(FIXTURE, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(FIXTURE).unwrap();
    let changed: Vec<_> = got
        .lines()
        .zip(want.lines())
        .filter(|(g, w)| g != w)
        .map(|(g, _)| g.rsplit_once(' ').unwrap().0)
        .collect();
    assert!(
        changed.is_empty() && got.lines().count() == want.lines().count(),
        "trajectories changed for {} landscape × rule pairs: {changed:?}",
        changed.len()
    );
}
