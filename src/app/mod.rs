//! The browser app (wasm32 only): Yew components that drive the core and draw on canvases.

mod adopt_panel;
mod charts;
mod controls;
mod cursors;
mod data_controls;
mod data_inset;
mod draw;
mod equations;
mod events;
mod export;
mod fit;
mod flow_panel;
mod formula_input;
mod grid_map;
mod hover;
mod implicit_bias_panel;
mod keys;
mod landscape_view;
mod later;
mod legend;
mod link;
mod meta_panel;
mod panic;
mod perf;
mod phase_canvas;
mod playback;
mod player;
mod present;
mod root;
mod shared;
mod stability_map;
mod state;
mod sweeper;
mod theory_panel;
mod undo_keys;
mod worker;

use wasm_bindgen::prelude::*;

pub use panic::show as show_fatal_error;

/// Entry point: installs the panic hook, then mounts the app on `<main id="app">`.
#[wasm_bindgen(start)]
pub fn start() {
    panic::install();
    mount();
}

/// Mounts the app; tests call this after creating the `#app` element.
pub fn mount() {
    // A worker loads this same module to compute the stability map: it has no page to mount.
    if web_sys::window().is_none() {
        return;
    }
    let Some(host) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    else {
        panic::show("optiscape could not find the element #app to start in.");
        return;
    };
    // The loading notice goes; removing nodes keeps to what a strict CSP allows.
    while let Some(child) = host.first_child() {
        let _ = host.remove_child(&child);
    }
    yew::Renderer::<root::Root>::with_root(host).render();
}
