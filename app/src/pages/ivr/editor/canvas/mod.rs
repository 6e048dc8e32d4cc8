//! The diagram: menus and groups as boxes, keys as ports, edges as curves. Built with pointer
//! events (mouse, pen and touch alike): drag a box to move it, drag from a port onto a box to
//! route that key there (or onto empty space to make a new menu there, already connected), drag
//! the background to pan, wheel to zoom. Boxes and ports are focusable and labelled; the arrow
//! keys move the focused box.

mod drawn;
mod edges;
mod nodes;
mod pointer;

use super::face::{port_label, port_target};
use super::geometry::{curve, height, port_point, rows, Port, Row, HEADER, PORT, ROW};
use super::state::{Area, Editor, View};
use super::words::{subject_key, target_node};
use crate::components::{listen_on_window, observed_size};
use crate::i18n::{use_lang, Lang, LangNow, MenuMsg};
use crate::ivr::layout::{NodeKey, Point};
use crate::ivr::Severity;
use drawn::{boxes_to_draw, Sight, MOVING, SETTLED};
use edges::Edge;
use leptos::prelude::*;
use nodes::node_view;
pub use pointer::{canvas_point, node_at, over_canvas, Drag, NewNode};
use pointer::{connect, drop_choice, node_target, start_link, Dropped};
use std::collections::BTreeMap;

/// The canvas' size before the page is hydrated (and on the server).
const DEFAULT_CANVAS: (f64, f64) = (900.0, 600.0);

/// What every part of the diagram works with: the editor, the drag under way, the element.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    pub(super) editor: Editor,
    pub(super) drag: RwSignal<Option<Drag>>,
    pub(super) area: NodeRef<Area>,
}

impl Ctx {
    /// The canvas point a primary-button press is at, taking the press for the diagram (its
    /// background would start panning); `None` for other buttons.
    pub(super) fn press(self, ev: &leptos::ev::PointerEvent) -> Option<Point> {
        if ev.button() != 0 {
            return None;
        }
        ev.stop_propagation();
        let client = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        Some(canvas_point(
            &self.area,
            self.editor.view.get_untracked(),
            client,
        ))
    }
}

#[component]
pub fn Canvas(
    editor: Editor,
    drag: RwSignal<Option<Drag>>,
    area: NodeRef<Area>,
    visible: Memo<Option<Vec<NodeKey>>>,
) -> impl IntoView {
    let lang = use_lang();
    let client =
        |ev: &leptos::ev::PointerEvent| (f64::from(ev.client_x()), f64::from(ev.client_y()));
    let dropped = RwSignal::new(None::<Dropped>);

    // Moves and drops are heard on the window, so a drag that leaves the canvas still ends.
    listen_on_window(leptos::ev::pointermove, move |ev| {
        let Some(current) = drag.get_untracked() else {
            return;
        };
        let view = editor.view.get_untracked();
        // Read where the area is only when the move needs a canvas point (a pan does not): the
        // read makes the browser bring its layout up to date.
        let point = || canvas_point(&area, view, client(&ev));
        match current {
            Drag::Node { key, grab } => {
                let point = point();
                editor.positions.update(|p| {
                    p.insert(
                        key,
                        Point {
                            x: point.x - grab.x,
                            y: point.y - grab.y,
                        },
                    );
                })
            }
            Drag::Link { from, port, .. } => drag.set(Some(Drag::Link {
                from,
                port,
                at: point(),
            })),
            Drag::Pan { start, origin } => {
                let (x, y) = client(&ev);
                editor.view.set(View {
                    x: origin.x + x - start.0,
                    y: origin.y + y - start.1,
                    zoom: origin.zoom,
                });
            }
            Drag::New { kind, .. } => {
                let over = over_canvas(&area, client(&ev));
                drag.set(Some(Drag::New {
                    kind,
                    at: over.then(point),
                }));
            }
        }
    });
    listen_on_window(leptos::ev::pointerup, move |ev| {
        let Some(current) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        let view = editor.view.get_untracked();
        let point = canvas_point(&area, view, client(&ev));
        match current {
            Drag::Node { .. } => super::keep_layout(editor),
            Drag::Link { from, port, .. } => {
                let to = editor
                    .flow
                    .with_untracked(|f| editor.positions.with_untracked(|p| node_at(f, p, point)));
                match to {
                    Some(to) if to != from || matches!(port, Port::Key(_) | Port::NewKey) => {
                        connect(editor, &from, &port, node_target(to));
                    }
                    Some(_) => {}
                    // On empty space: a new menu or group there, already connected, once the
                    // admin says which.
                    None if over_canvas(&area, client(&ev)) => dropped.set(Some(Dropped {
                        from,
                        port,
                        at: point,
                    })),
                    None => {}
                }
            }
            Drag::Pan { .. } => {}
            Drag::New { kind, at } => {
                if over_canvas(&area, client(&ev)) {
                    kind.add(editor, at.or(Some(point)));
                }
            }
        }
    });

    let on_background = move |ev: leptos::ev::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        // The pan's moves go to the canvas, not to whatever is under the pointer: the browser
        // then need not find that on each move (a fifth of a pan's main-thread time on a large
        // flow). Released by the browser when the button is.
        #[cfg(feature = "hydrate")]
        if let Some(canvas) = area.get_untracked() {
            let _ = canvas.set_pointer_capture(ev.pointer_id());
        }
        drag.set(Some(Drag::Pan {
            start: client(&ev),
            origin: editor.view.get_untracked(),
        }));
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        let view = editor.view.get_untracked();
        let factor = if ev.delta_y() < 0.0 { 1.1 } else { 1.0 / 1.1 };
        let zoom = (view.zoom * factor).clamp(0.2, 2.5);
        let at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let point = canvas_point(&area, view, at);
        // Zoom around the pointer: the point under it stays under it.
        editor.view.set(View {
            x: view.x + point.x * (view.zoom - zoom),
            y: view.y + point.y * (view.zoom - zoom),
            zoom,
        });
    };
    // While a pan is under way the drawing stays drawn at the view the pan started from, and
    // the layer it is on, an HTML box that the browser composites on its own, moves by the
    // pan's distance: a move then redraws nothing, where moving the drawing had the browser
    // restyle, lay out and repaint every box drawn on every move. The pan's end draws it once
    // at the new view and puts the layer back.
    let panning = Memo::new(move |_| drag.with(|d| matches!(d, Some(Drag::Pan { .. }))));
    let drawn_at = RwSignal::new(editor.view.get_untracked());
    Effect::new(move |_| {
        let view = editor.view.get();
        let held = panning.get() && drawn_at.with_untracked(|at| at.zoom == view.zoom);
        if !held {
            drawn_at.maybe_update(|at| std::mem::replace(at, view) != view);
        }
    });
    // The layer's offset, set as its `style` property: the page's content security policy
    // refuses style attributes in the page as served, and the server leaves properties out.
    let layer_offset = move || {
        let (view, at) = (editor.view.get(), drawn_at.get());
        if view == at {
            return String::new();
        }
        format!(
            "transform: translate({:.1}px, {:.1}px)",
            view.x - at.x,
            view.y - at.y
        )
    };
    let transform = move || {
        let v = drawn_at.get();
        format!("translate({:.1} {:.1}) scale({:.3})", v.x, v.y, v.zoom)
    };

    // The boxes drawn, in drawing order (the positions' keys), as the view reaches them (see
    // `drawn`). Until the browser has laid the canvas out it is taken at its default size, as
    // the server took it, so that both draw the same boxes.
    let size = observed_size(area);
    // The view is settled (see `drawn`) once the browser is idle after it last changed, other
    // than mid-pan: the band ahead of the view is then drawn in time no frame is waiting for,
    // rather than in the frame of a pan, a zoom or a jump to a box.
    let settled_at = RwSignal::new(None::<View>);
    Effect::new(move |_| {
        let view = editor.view.get();
        #[cfg(feature = "hydrate")]
        if !panning.get() {
            let settle = move || {
                settled_at.try_set(Some(view));
            };
            match request_idle_callback_with_handle(settle) {
                Ok(idle) => on_cleanup(move || idle.cancel()),
                // Safari has no idle callbacks: a short wait stands in.
                Err(_) => {
                    let wait = std::time::Duration::from_millis(100);
                    if let Ok(timer) = set_timeout_with_handle(settle, wait) {
                        on_cleanup(move || timer.clear());
                    }
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (view, settled_at);
    });
    let to_draw = move |drawn: &[NodeKey]| {
        let sight = Sight {
            view: editor.view.get(),
            size: size.get().unwrap_or(DEFAULT_CANVAS),
        };
        let held = editor.selected.get();
        visible.with(|focus| {
            editor.positions.with(|positions| {
                let reach = if settled_at.get() == Some(sight.view) {
                    SETTLED
                } else {
                    MOVING
                };
                boxes_to_draw(
                    positions,
                    focus.as_deref(),
                    drawn,
                    held.as_ref(),
                    sight,
                    reach,
                )
            })
        })
    };
    // What is drawn depends on what was (a drawn box stays a little longer), so it is kept in a
    // signal that follows the view, rather than a memo of the view alone.
    let shown = RwSignal::new(untrack(|| to_draw(&[])));
    Effect::new(move |_| {
        let next = shown.with_untracked(|drawn| to_draw(drawn));
        shown.maybe_update(|drawn| {
            let changed = *drawn != next;
            if changed {
                *drawn = next;
            }
            changed
        });
    });
    // Every edge of the flow (within the focus), worked out once per edit: where its ends sit
    // on the two boxes does not depend on the view, so panning only filters this list.
    // Without their screen-reader names: a name is made when its edge is first drawn, and kept
    // (in `labels`, by the edge's place in this list, with the language it is in) until an edit
    // or a new language makes it stale. Making one for each of a large tenant's edges was a
    // good part of the editor's open (18 ms of its profile), and was done again on every edit.
    let labels = StoredValue::new((Lang::default(), Vec::<Option<String>>::new()));
    let all_edges = Memo::new(move |_| {
        let focus = visible.get();
        editor.flow.with(|flow| {
            // The names made so far may name what the edit changed.
            labels.update_value(|(_, names)| names.clear());
            editor.positions.with_untracked(|positions| {
                let mut arriving: BTreeMap<NodeKey, usize> = BTreeMap::new();
                let mut out = Vec::new();
                let in_focus = |key: &NodeKey| {
                    positions.contains_key(key) && focus.as_ref().is_none_or(|s| s.contains(key))
                };
                for key in positions.keys().filter(|k| in_focus(k)) {
                    for (index, row) in rows(flow, key).into_iter().enumerate() {
                        let Row::Port(port) = row else { continue };
                        let Some(to) =
                            port_target(flow, key, &port).and_then(|t| target_node(flow, &t))
                        else {
                            continue;
                        };
                        if !in_focus(&to) {
                            continue;
                        }
                        // Spread where edges arrive, counting every edge into the box so that
                        // the spread does not change as others scroll into view.
                        let arrived = arriving.entry(to.clone()).or_default();
                        let room = (height(flow, &to) - HEADER / 2.0 - 8.0).max(ROW);
                        let end_dy = HEADER / 2.0 + (*arrived as f64 * 14.0) % room;
                        *arrived += 1;
                        out.push(Edge {
                            label: String::new(),
                            silent: matches!(port, Port::Fallback | Port::OnTimeout),
                            key: key.clone(),
                            from_dy: HEADER + index as f64 * ROW + ROW / 2.0,
                            end_dy,
                            to,
                            port,
                        });
                    }
                }
                out
            })
        })
    });
    // The edges with an end at a box drawn, for both its line and its end's handle, named. It
    // follows the flow itself too: an edit that renames a box changes no edge's ends, but the
    // names of the edges that lead to it.
    let edges = Memo::new(move |_| {
        let shown = shown.get();
        let lang = lang.now();
        let drawn = |key: &NodeKey| shown.binary_search(key).is_ok();
        // `all_edges` first: brought up to date, it forgets the names an edit made stale.
        all_edges
            .with(|all| {
                editor.flow.with(|flow| {
                    labels.try_update_value(|(named_in, names)| {
                        if *named_in != lang {
                            names.clear();
                            *named_in = lang;
                        }
                        names.resize(all.len(), None);
                        all.iter()
                            .zip(names.iter_mut())
                            .filter(|(e, _)| drawn(&e.key) || drawn(&e.to))
                            .map(|(e, name)| {
                                let label = name
                                    .get_or_insert_with(|| port_label(flow, &e.key, &e.port, lang))
                                    .clone();
                                Edge { label, ..e.clone() }
                            })
                            .collect::<Vec<_>>()
                    })
                })
            })
            .unwrap_or_default()
    });
    // An edge is drawn in two layers: its line below the boxes, and its end's handle above
    // them, just outside the box it arrives at, so that it can be grabbed and routed elsewhere.
    // One function makes both, so that the two keyed lists share their code.
    let edge_part = move |handle: bool| {
        move |e: Edge| {
            let at = e.ends(editor);
            if !handle {
                let lit = (e.key.clone(), e.port.clone());
                let lit = move || editor.lit.with(|l| l.ports.contains(&lit));
                return view! {
                    <g class="edge" class:edge-silent=e.silent class:edge-lit=lit>
                        <path d=move || at.get().map(|(from, end)| curve(from, end)) />
                    </g>
                }
                .into_any();
            }
            let Edge {
                key, port, label, ..
            } = e;
            view! {
                // A handle for the pointer only: the keyboard and screen readers reroute the
                // same link through its port's button, so the handle is hidden from them and
                // names itself in a tooltip.
                <circle class="edge-end" r=PORT - 1.0 aria-hidden="true"
                    cx=move || at.get().map(|(_, end)| end.x - PORT - 2.0)
                    cy=move || at.get().map(|(_, end)| end.y)
                    on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                        ev.stop_propagation();
                        let at = canvas_point(&area, editor.view.get_untracked(), (f64::from(ev.client_x()), f64::from(ev.client_y())));
                        start_link(editor, drag, key.clone(), port.clone(), at);
                    }
                ><title>{label}</title></circle>
            }
            .into_any()
        }
    };
    let each_edge = move || edges.get();
    let rubber_band = move || match drag.get() {
        Some(Drag::Link { from, port, at }) => {
            let start = editor
                .positions
                .with_untracked(|p| p.get(&from).copied())
                .and_then(|p| {
                    editor
                        .flow
                        .with_untracked(|flow| port_point(flow, &from, p, &port))
                })?;
            Some(view! { <path class="edge edge-drawing" d=curve(start, at)/> })
        }
        _ => None,
    };
    // Each box follows its own position, selection, badge and face, so that a change redraws
    // only the box it concerns.
    let worst = Memo::new(move |_| {
        let mut worst: BTreeMap<NodeKey, Severity> = BTreeMap::new();
        editor.validation.findings().with(|findings| {
            for finding in findings {
                let severity = worst
                    .entry(subject_key(&finding.subject))
                    .or_insert(finding.severity);
                *severity = (*severity).min(finding.severity);
            }
        });
        worst
    });
    let ctx = Ctx { editor, drag, area };
    view! {
        <div class="flow-canvas" node_ref=area role="application" aria-label=move || MenuMsg::Canvas.text(lang.now())
            on:pointerdown=on_background on:wheel=on_wheel>
            <div class="flow-layer" prop:style=layer_offset>
            <svg class="flow-drawing">
                <g transform=transform>
                    <g class="edges">
                        <For each=each_edge key=Edge::identity children=edge_part(false)/>
                    </g>
                    {rubber_band}
                    <g class="nodes">
                        <For each=move || shown.get() key=NodeKey::clone
                            children=move |key| node_view(ctx, key, worst)/>
                    </g>
                    <g class="edge-ends">
                        <For each=each_edge key=Edge::identity children=edge_part(true)/>
                    </g>
                    {move || dropped.get().map(|d| drop_choice(editor, dropped, d))}
                </g>
            </svg>
            </div>
            // The grabbing hand while a pan lasts, on a cover over the drawing rather than the
            // area's own cursor: the cursor is inherited, and changing the area's had the browser
            // restyle every box drawn when a pan began and ended (21 ms on a large flow).
            {move || panning.get().then(|| view! { <div class="pan-cover" aria-hidden="true"></div> })}
        </div>
    }
}
