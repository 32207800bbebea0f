//! optiscape: optimizers walking 2D loss landscapes.
//!
//! The numerical core (optimizers, landscapes, noise, simulation, theory) is plain Rust with no
//! web dependency; the `optiscape` CLI and the browser app (wasm32 only) drive it.

pub mod format;
pub mod landscape;
pub mod lessons;
pub mod noise;
pub mod optim;
pub mod render;
pub mod scene;
pub mod sim;
pub mod sweep;
pub mod text;
pub mod theory;

#[cfg(target_arch = "wasm32")]
pub mod app;

/// A point or vector in the plane.
pub type Vec2 = [f64; 2];
