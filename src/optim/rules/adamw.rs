//! AdamW, torch.optim.AdamW: Adam's step after the decoupled decay θ ← θ(1 − ηλ), with Adam's
//! switches.
//!
//! Loshchilov & Hutter, Decoupled Weight Decay Regularization (ICLR 2019).

use super::adam::{self, moments_lines, moments_step};
use super::{
    decay_decoupled, label, Citation, Descriptor, TORCH_BETA1, TORCH_BETA2, TORCH_EPS, TORCH_LR,
};
use crate::optim::common::decay;
use crate::optim::describe::{Decay, Equation};
use crate::optim::spec::{BETA1, BETA2, EPS, LR, WEIGHT_DECAY};
use crate::optim::Hyper;

/// Adam's in every fact but the names, the paper, the decay and its default.
pub const RULE: Descriptor = Descriptor {
    name: "adamw",
    title: "AdamW",
    follows: "torch.optim.AdamW",
    paper: Citation {
        title: "Loshchilov & Hutter, ICLR 2019",
        url: "https://arxiv.org/abs/1711.05101",
    },
    defaults: || Hyper {
        weight_decay: 1e-2,
        ..Hyper::default()
    },
    labels: &[
        (LR.key, TORCH_LR),
        (BETA1.key, TORCH_BETA1),
        (BETA2.key, TORCH_BETA2),
        (EPS.key, TORCH_EPS),
        (
            WEIGHT_DECAY.key,
            label(
                "λ",
                "decoupled weight decay θ ← θ(1 − ηλ) (PyTorch weight_decay)",
            ),
        ),
    ],
    step: |h, s, theta, g| moments_step(h, s, decay(h, theta), g),
    equation: |h| moments_lines(Equation::after_decay(h, Decay::Decoupled), h),
    decay: decay_decoupled,
    ..adam::RULE
};
