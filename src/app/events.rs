//! Plumbing the form controls share: menus that report their choice, and scene actions sent
//! through the app's reducer.

use super::state::Msg;
use crate::scene::Action;
use yew::prelude::*;

/// A `change` handler for a menu: `f` gets the chosen value.
pub fn on_choice(f: impl Fn(String) + 'static) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        f(select.value());
    })
}

/// The same for a menu of one-off commands ("Add a run…"), which goes back to its prompt.
pub fn on_command(f: impl Fn(String) + 'static) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        f(select.value());
        select.set_value("");
    })
}

/// Sends scene actions to the reducer.
pub fn sender(dispatch: &Callback<Msg>) -> impl Fn(Action) + Clone + 'static {
    let d = dispatch.clone();
    move |a: Action| d.emit(Msg::Scene(a))
}
