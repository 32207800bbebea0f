//! optiscape: optimizers walking 2D loss landscapes.
//!
//! The numerical core (optimizers, landscapes, noise, simulation, theory) is plain Rust with no
//! web dependency; the `optiscape` CLI and the browser app (wasm32 only) drive it.

pub mod export;
pub mod format;
pub mod history;
pub mod landscape;
pub mod lessons;
pub mod noise;
pub mod optim;
pub mod pack;
pub mod render;
pub mod scene;
pub mod share;
pub mod sim;
pub mod sweep;
pub mod text;
pub mod theory;

#[cfg(target_arch = "wasm32")]
pub mod app;

/// A point or vector in the plane.
pub type Vec2 = [f64; 2];

/// The largest coordinate's size, ‖v‖∞: how the page measures an update. NaN stays NaN
/// (`f64::max` would drop it), so a broken update is never read as a small one.
pub fn inf_norm(v: Vec2) -> f64 {
    let [a, b] = v.map(f64::abs);
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}
