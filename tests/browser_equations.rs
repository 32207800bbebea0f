#![cfg(target_arch = "wasm32")]
//! In-browser tests that the equation, the slider labels and the state charts follow the
//! selected run's rule and switches.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

async fn choose_optimizer(name: &str) {
    set_value(&by_id("ctl-optimizer"), name, "change");
    settle(200).await;
}

fn caption(id: &str) -> String {
    document()
        .query_selector(&format!("#{id} figcaption"))
        .unwrap()
        .unwrap_or_else(|| panic!("no #{id} figcaption"))
        .text_content()
        .unwrap_or_default()
}

fn label(key: &str) -> String {
    document()
        .query_selector(&format!("label[for='ctl-{key}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("no label for ctl-{key}"))
        .text_content()
        .unwrap_or_default()
}

/// Whether some √ in the equation holds ε.
fn eps_under_a_root() -> bool {
    let roots = document().query_selector_all("#equations msqrt").unwrap();
    (0..roots.length()).any(|i| {
        roots
            .item(i)
            .and_then(|n| n.text_content())
            .is_some_and(|t| t.contains('ε'))
    })
}

#[wasm_bindgen_test]
async fn the_six_charts_have_their_ids_in_order() {
    mount_fresh();
    settle(300).await;
    let figures = document()
        .query_selector_all("section.charts figure")
        .unwrap();
    let ids: Vec<String> = (0..figures.length())
        .map(|i| {
            figures
                .item(i)
                .unwrap()
                .dyn_into::<web_sys::Element>()
                .unwrap()
                .id()
        })
        .collect();
    assert_eq!(
        ids,
        [
            "chart-loss",
            "chart-update",
            "chart-grad",
            "chart-m",
            "chart-v",
            "chart-eff"
        ]
    );
}

#[wasm_bindgen_test]
async fn amsgrad_steps_with_its_running_max() {
    mount_fresh();
    settle(300).await;
    choose_optimizer("amsgrad").await;
    assert_text("equations", "vmax←max(vmax,v)");
    let rows = document().query_selector_all("#equations mtr").unwrap();
    let last = rows
        .item(rows.length() - 1)
        .and_then(|n| n.text_content())
        .unwrap_or_default();
    assert!(last.starts_with("θ←θ−η") && last.contains("vmax"), "{last}");
    assert!(caption("chart-v").contains("Second moment v"));
}

#[wasm_bindgen_test]
async fn the_equation_follows_the_switches_of_the_run() {
    mount_fresh();
    settle(300).await;
    choose_optimizer("adam").await;
    assert!(!eps_under_a_root(), "{}", text("equations"));
    by_id("ctl-eps-inside")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    settle(200).await;
    assert!(eps_under_a_root(), "{}", text("equations"));
    assert_text("equations", "Cattaneo");
    by_id("ctl-bias-correction")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    settle(200).await;
    assert_eq!(
        document()
            .query_selector_all("#equations mover")
            .unwrap()
            .length(),
        0,
        "no hats without bias correction: {}",
        text("equations")
    );
}

#[wasm_bindgen_test]
async fn labels_and_charts_name_what_each_rule_keeps() {
    mount_fresh();
    settle(300).await;
    choose_optimizer("lion").await;
    assert!(
        label("beta2").contains("momentum decay (optax b2)"),
        "{}",
        label("beta2")
    );
    assert!(label("beta1").contains("sign"), "{}", label("beta1"));
    assert!(
        caption("chart-v").starts_with("No second moment"),
        "{}",
        caption("chart-v")
    );
    assert!(
        caption("chart-m").starts_with("Momentum"),
        "{}",
        caption("chart-m")
    );
    choose_optimizer("momentum").await;
    assert_eq!(label("beta1"), "μ: momentum (PyTorch momentum)");
    choose_optimizer("adagrad").await;
    assert!(caption("chart-v").starts_with("Sum of squared gradients"));
    assert!(caption("chart-m").starts_with("No momentum"));
    choose_optimizer("adopt").await;
    assert_text("equations", "clip");
}
