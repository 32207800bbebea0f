//! The page: the reducer, the recomputed trajectories, the player, and the layout.

use super::adopt_panel::AdoptPanel;
use super::charts::{Charts, RunView};
use super::controls::{LandscapeControls, NoiseControls, RunControls};
use super::data_inset::DataInset;
use super::equations::Equations;
use super::events::on_command;
use super::export::Export;
use super::flow_panel::FlowPanel;
use super::implicit_bias_panel::ImplicitBiasPanel;
use super::landscape_view::{viewport, LandscapeView};
use super::legend::{run_name, Legend};
use super::meta_panel::MetaPanel;
use super::playback::Playback;
use super::player::{self, Look, Player};
use super::present::PresentButton;
use super::state::{color, AppState, Msg};
use super::theory_panel::TheoryPanel;
use super::{keys, link, undo_keys};
use crate::landscape::ViewBox;
use crate::scene::Action;
use crate::sim::{Flows, Runs};
use crate::Vec2;
use yew::prelude::*;

#[component]
pub fn Root() -> Html {
    let state = use_reducer(AppState::default);
    let playing = use_state(|| true);
    let player = {
        let playing = playing.setter();
        use_mut_ref(move || {
            let placeholder = viewport(ViewBox {
                x: [-1.0, 1.0],
                y: [-1.0, 1.0],
            });
            Player::new(placeholder, Callback::from(move |on| playing.set(on)))
        })
    };
    let player = super::shared::Shared(player);
    // Callbacks made once, so that a child whose own props did not change is not re-rendered.
    let dispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |m: Msg| dispatcher.dispatch(m))
        }))
        .clone()
    };
    let depth = link::use_share_link(&state, dispatch.clone(), player.clone());
    keys::use_keyboard(player.clone());
    undo_keys::use_undo_keys(depth);
    {
        let player = player.clone();
        use_effect_with(state.speed, move |&n| {
            player.borrow_mut().steps_per_frame = n
        });
    }
    let on_speed = use_callback(dispatch.clone(), |n: usize, d| d.emit(Msg::Speed(n)));

    let scene = &state.scene;
    let trajectories = use_runs(scene.configs());
    let overlays: Vec<_> = scene.runs.iter().map(|r| r.overlays).collect();
    let flows = use_flows(trajectories.clone(), overlays);
    use_sync_player(
        &player,
        &state.scene,
        (trajectories.clone(), flows.clone()),
        (state.loads, state.start_at),
    );

    let on_error = use_callback(dispatch.clone(), |e: String, d| d.emit(Msg::Load(Err(e))));
    let on_start = use_callback(dispatch.clone(), |p: Vec2, d| {
        d.emit(Msg::Scene(Action::SetStart(p)))
    });
    let on_view = use_callback(dispatch.clone(), |v: ViewBox, d| {
        d.emit(Msg::Scene(Action::SetView(v)))
    });
    let selected = scene
        .selected_run()
        .cloned()
        .unwrap_or_else(|| scene.runs[0].clone());
    let selected_index = scene
        .runs
        .iter()
        .position(|r| r.id == selected.id)
        .unwrap_or(0);
    // Read once per new set of runs, selection or view, not on every render of the page.
    let readout = use_memo(
        (trajectories.clone(), selected_index, scene.view),
        |(t, i, view)| {
            let t = t.get(*i);
            let growth = t.and_then(|t| {
                crate::theory::steepest_growth(&crate::theory::outcome::update_norms(t))
            });
            let outcome = t.map_or(crate::theory::outcome::Outcome::OnMap, |t| {
                crate::theory::outcome::outcome(t, view)
            });
            (growth, outcome)
        },
    );
    let (growth, outcome) = (*readout).clone();
    let ids: Vec<u32> = scene.runs.iter().map(|r| r.id).collect();
    let views: Vec<RunView> = scene
        .runs
        .iter()
        .map(|r| RunView {
            label: run_name(r),
            color: color(r.id),
            pattern: crate::render::access::dash(r.id),
            visible: r.visible,
        })
        .collect();
    let views_for_export = views.clone();
    let preset = {
        let d = dispatch.clone();
        on_command(move |v| {
            if let Some(lesson) = crate::lessons::find(&v) {
                d.emit(Msg::Lesson(lesson));
            }
        })
    };
    let close_lesson = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Msg::CloseLesson))
    };
    let dismiss = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Msg::Dismiss))
    };
    // A lesson reorders the page so that what its caption points at is on screen.
    let focus = state.lesson.map(|l| {
        let mut c = vec!["lesson-on".to_string()];
        c.extend(l.points_at.iter().map(|id| format!("points-{id}")));
        c
    });
    let caption = state.lesson.map(|lesson| {
        html! {
            <div class="lesson" id="lesson" data-points-at={lesson.points_at.join(" ")}>
                <div><strong>{lesson.title}</strong><p>{lesson.look_for}</p></div>
                <button class="icon" onclick={close_lesson} title="Close">{"✕"}</button>
            </div>
        }
    });
    let toy_open = state
        .lesson
        .filter(|l| crate::lessons::adopt_toy::opens(l))
        .map(|_| state.loads);
    let caption_aside = state.present || toy_open.is_some();
    // The selected run as it is computed, for the panels that read its configuration.
    let base = scene.configs().swap_remove(selected_index);
    html! {
        <div class={classes!("app", focus, state.present.then_some("presenting"))}>
            <header class="header">
                <h1>{"optiscape"}</h1>
                <span class="sub">{"optimizers on loss landscapes · γ = momentum (PyTorch β1), β = second moment (PyTorch β2)"}</span>
                <select id="preset" onchange={preset} aria-label="Lessons">
                    <option value="" selected=true>{"Lessons…"}</option>
                    {for crate::lessons::ALL.iter().map(|l| html! { <option value={l.key}>{l.title}</option> })}
                </select>
                <PresentButton present={state.present} dispatch={dispatch.clone()} />
            </header>
            if let Some(m) = &state.message {
                <div class="message" role="alert" id="message">{m}<button class="icon" onclick={dismiss} title="Dismiss">{"✕"}</button></div>
            }
            // Three columns on a wide screen: the map and the scene; the run's sliders and the
            // charts; the theory.
            <div class="stage-col">
                // The caption, the map and the playback row fill the screen's height; the
                // map is the square that fits (its ADOPT toy takes the map's place in its lesson).
                <div class="view">
                    if !caption_aside { {caption.clone()} }
                    if toy_open.is_some() {
                        <AdoptPanel open={toy_open} />
                    }
                    <div class="stage-box">
                        <LandscapeView landscape={scene.landscape.clone()} view={scene.view} log_scale={scene.log_scale} start={scene.start}
                            player={player.clone()} {on_start} {on_view} on_error={on_error.clone()} />
                    </div>
                    <Playback player={player.clone()} playing={*playing} speed={state.speed} {on_speed} />
                </div>
                <Legend runs={scene.runs.clone()} trajectories={trajectories.clone()} selected={scene.selected} dispatch={dispatch.clone()} />
                <LandscapeControls landscape={scene.landscape.clone()} log_scale={scene.log_scale} link={scene.link} steps={scene.steps}
                    dispatch={dispatch.clone()} on_error={on_error.clone()} />
                if let (Some(d), Some(t)) = (scene.landscape.data(), trajectories.get(selected_index)) {
                    <DataInset data={d.clone()} trajectory={t.clone()} player={player.clone()} />
                }
                <NoiseControls noise={scene.noise} data_n={scene.landscape.data().map(|d| d.spec().n)} seed={scene.seed} dispatch={dispatch.clone()} on_error={on_error.clone()} />
                <Export runs={trajectories.clone()} {ids} views={views_for_export} player={player.clone()} on_error={on_error.clone()} />
                if toy_open.is_none() {
                    <AdoptPanel open={None::<u32>} />
                }
            </div>
            <div class="side">
                // Presenting (the controls hidden), or with the ADOPT toy in the map's place,
                // the caption heads these two columns instead.
                if caption_aside { {caption} }
                <div class="run-col">
                    <RunControls run={selected.clone()} dispatch={dispatch.clone()} on_error={on_error.clone()}
                        invalid={state.invalid.filter(|(run, _)| *run == selected.id).map(|(_, key)| key)} />
                    <Charts trajectories={trajectories.clone()} runs={views} selected={selected_index}
                        series={selected.optimizer.series(&selected.hyper)} cursors={player.borrow().cursors.clone()}
                        bound={crate::render::bound::BoundSpec::of(selected.optimizer, &selected.hyper)} />
                    <FlowPanel run={selected.clone()} flows={flows.of(selected_index).to_vec()}
                        noisy={scene.noise != crate::noise::Noise::None} dispatch={dispatch.clone()} />
                    <Equations optimizer={selected.optimizer} hyper={selected.hyper.clone()} />
                </div>
                <div class="theory-col">
                    <TheoryPanel run={selected.clone()} base={base.clone()} dispatch={dispatch.clone()} {growth} {outcome}
                        open_map={state.lesson.and_then(|l| l.map).map(|m| (state.loads, m))} />
                    if let Some(t) = trajectories.get(selected_index) {
                        <ImplicitBiasPanel run={selected.clone()} base={base.clone()} trajectory={t.clone()} color={color(selected.id)} player={player.clone()} />
                        <MetaPanel base={base} trajectory={t.clone()} color={color(selected.id)} />
                    }
                </div>
            </div>
        </div>
    }
}

/// Hands the player what it draws whenever the runs, their looks, the view or the start change.
#[hook]
fn use_sync_player(
    player: &player::Shared,
    scene: &crate::scene::Scene,
    drawn: (Runs, Flows),
    loads: (u32, Option<usize>),
) {
    let (loads, start_at) = loads;
    let (trajectories, flows) = drawn;
    let looks: Vec<Look> = scene
        .runs
        .iter()
        .map(|r| Look {
            id: r.id,
            color: color(r.id),
            visible: r.visible,
        })
        .collect();
    let deps = (trajectories, flows, looks, scene.view, scene.start, loads);
    let player = player.clone();
    let seen_loads = use_mut_ref(|| None::<u32>);
    use_effect_with(
        deps,
        move |(trajectories, flows, looks, view, start, loads)| {
            let mut p = player.borrow_mut();
            let at_end = p.step >= p.last_step();
            p.trajectories = trajectories.clone();
            p.flows = flows.clone();
            p.looks = looks.clone();
            p.viewport.view = *view;
            p.start = *start;
            // First paint, a lesson or a link replays from the start; a paused run that showed its
            // whole path shows the whole new one; otherwise the step stays where it was.
            let mut seen = seen_loads.borrow_mut();
            let replay = *seen != Some(*loads);
            *seen = Some(*loads);
            p.step = if replay {
                0
            } else if at_end && !p.playing {
                p.last_step()
            } else {
                p.step.min(p.last_step())
            };
            // A link that was paused opens paused at its step.
            let paused_at = start_at.filter(|_| replay);
            if let Some(n) = paused_at {
                p.step = n.min(p.last_step());
                p.set_playing(false);
            }
            super::perf::time("redraw", || p.draw());
            drop(p);
            if replay && paused_at.is_none() {
                player::play(&player);
            }
        },
    );
}

/// The scene's runs: a change of settings reruns the runs it touched, at once.
#[hook]
fn use_runs(configs: Vec<crate::sim::RunConfig>) -> Runs {
    let last = use_mut_ref(Runs::default);
    let runs = use_memo(configs, move |cfgs| {
        super::perf::time("recompute", || {
            let next = last.borrow().update(cfgs);
            *last.borrow_mut() = next.clone();
            next
        })
    });
    (*runs).clone()
}

/// The flows each run shows, recomputed only for runs whose settings or choice changed.
#[hook]
fn use_flows(runs: Runs, overlays: Vec<crate::theory::overlay::Overlays>) -> Flows {
    let last = use_mut_ref(Flows::default);
    let flows = use_memo((runs, overlays), move |(runs, overlays)| {
        super::perf::time("flows", || {
            let next = last.borrow().update(runs, overlays);
            *last.borrow_mut() = next.clone();
            next
        })
    });
    (*flows).clone()
}
