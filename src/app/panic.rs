//! A panic in WASM stops the app: say so in the page instead of failing silently.

use wasm_bindgen::JsCast;

/// Shows `message` in the page's `#fatal-error` banner (created if missing).
pub fn show(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let el = doc.get_element_by_id("fatal-error").or_else(|| {
        let el = doc.create_element("div").ok()?;
        el.set_id("fatal-error");
        doc.body()?.prepend_with_node_1(&el).ok()?;
        Some(el)
    });
    if let Some(el) = el {
        el.set_text_content(Some(message));
        if let Ok(html) = el.dyn_into::<web_sys::HtmlElement>() {
            html.set_hidden(false);
        }
    }
}

pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("optiscape panicked: {info}").into());
        show(&format!(
            "optiscape stopped after an internal error and must be reloaded. Your settings are in the address bar.\n{info}"
        ));
    }));
}
