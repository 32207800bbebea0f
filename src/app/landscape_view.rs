//! The landscape as a heatmap with contours, and the trajectories on a layer above it.

use super::draw;
use crate::landscape::Landscape;
use crate::render::{heatmap, Viewport};
use crate::sim::Trajectory;
use yew::prelude::*;

pub const SIZE: u32 = 640;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub landscape: Landscape,
    pub viewport: Viewport,
    pub log_scale: bool,
    pub trajectories: Vec<(Trajectory, &'static str)>,
    pub on_error: Callback<String>,
}

#[component]
pub fn LandscapeView(props: &Props) -> Html {
    let map = use_node_ref();
    let layer = use_node_ref();
    {
        let (map, landscape, vp, log, on_error) = (
            map.clone(),
            props.landscape,
            props.viewport,
            props.log_scale,
            props.on_error.clone(),
        );
        use_effect_with((landscape, vp, log), move |_| {
            if let Some(canvas) = map.cast::<web_sys::HtmlCanvasElement>() {
                if let Some(ctx) = draw::context(&canvas) {
                    let field = heatmap::sample(&landscape, &vp, 1);
                    let scale = heatmap::Scale::fit(&field, log);
                    let coarse = heatmap::sample(&landscape, &vp, 4);
                    if let Err(e) = draw::landscape(&ctx, &field, &scale, &coarse) {
                        on_error.emit(e);
                    }
                    for m in landscape.info().minima {
                        draw::minimum(&ctx, &vp, m);
                    }
                }
            }
        });
    }
    {
        let (layer, map, vp) = (layer.clone(), map.clone(), props.viewport);
        let trajectories = props.trajectories.clone();
        use_effect_with(props.trajectories.clone(), move |_| {
            if let Some(canvas) = layer.cast::<web_sys::HtmlCanvasElement>() {
                if let Some(ctx) = draw::context(&canvas) {
                    draw::clear(&ctx, &canvas);
                    for (t, color) in &trajectories {
                        let pts: Vec<_> = t.records.iter().map(|r| r.theta).collect();
                        draw::path(&ctx, &vp, &pts, color);
                    }
                }
            }
            if let Some(canvas) = map.cast::<web_sys::HtmlCanvasElement>() {
                let _ = canvas.set_attribute("data-drawn", "true");
            }
        });
    }
    html! {
        <div class="stage">
            <canvas id="landscape" ref={map} width={SIZE.to_string()} height={SIZE.to_string()} />
            <canvas id="trajectory" ref={layer} width={SIZE.to_string()} height={SIZE.to_string()} />
        </div>
    }
}
