//! The diagram: menus and groups as boxes, keys as ports, edges as curves. Built with pointer
//! events (mouse, pen and touch alike): drag a box to move it, drag from a port onto a box to
//! route that key there (or onto empty space to make a new menu there, already connected), drag
//! the background to pan, wheel to zoom. Boxes and ports are focusable and labelled; the arrow
//! keys move the focused box.

use super::face::{face, port_label, port_target, Face, FaceRow};
use super::geometry::{curve, height, port_point, rows, Port, Row, HEADER, NODE_WIDTH, PORT, ROW};
use super::state::{canvas_size, Editor, NewKey, View};
use super::words::{subject_key, target_node};
use crate::components::listen_on_window;
use crate::i18n::{tr, use_lang, MenuMsg};
use crate::ivr::layout::{NodeKey, Point};
use crate::ivr::{Flow, NodeId, Op, Severity, Target};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The canvas' size before the page is hydrated (and on the server).
const DEFAULT_CANVAS: (f64, f64) = (900.0, 600.0);
/// How far beyond the view boxes are still drawn, in screen pixels: a short pan shows boxes
/// already there.
const CULL_MARGIN: f64 = 300.0;
/// A bound on a box's height, for deciding whether it reaches into the view.
const TALLEST: f64 = 420.0;

/// Whether a box at `at` reaches into a `size` canvas shown by `view`, or into the margin around.
fn reaches_view(at: Point, view: View, size: (f64, f64)) -> bool {
    let margin = CULL_MARGIN / view.zoom;
    let (left, top) = (-view.x / view.zoom - margin, -view.y / view.zoom - margin);
    let (right, bottom) = (
        (size.0 - view.x) / view.zoom + margin,
        (size.1 - view.y) / view.zoom + margin,
    );
    at.x + NODE_WIDTH >= left && at.x <= right && at.y + TALLEST >= top && at.y <= bottom
}

/// What every part of the diagram works with: the editor, the drag under way, the element.
#[derive(Clone, Copy)]
struct Ctx {
    editor: Editor,
    drag: RwSignal<Option<Drag>>,
    svg: NodeRef<leptos::svg::Svg>,
}

impl Ctx {
    /// The canvas point a primary-button press is at, taking the press for the diagram (its
    /// background would start panning); `None` for other buttons.
    fn press(self, ev: &leptos::ev::PointerEvent) -> Option<Point> {
        if ev.button() != 0 {
            return None;
        }
        ev.stop_propagation();
        let client = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        Some(canvas_point(
            &self.svg,
            self.editor.view.get_untracked(),
            client,
        ))
    }
}

/// An edge as the flow has it: which port of which box leads to which box, and where it meets
/// each, as offsets from the boxes' corners. Positions are not part of it, so moving a box
/// leaves the list as it is and only the edges' geometry follows.
#[derive(Debug, Clone, PartialEq)]
struct Edge {
    key: NodeKey,
    port: Port,
    to: NodeKey,
    /// How far below its box's top the port is.
    from_dy: f64,
    /// How far below its box's top the edge arrives, spread so that each end can be grabbed.
    end_dy: f64,
    silent: bool,
    /// The port's screen-reader name, which the end's handle shares.
    label: String,
}

impl Edge {
    /// All that is drawn of the edge but its position, as a key for the keyed list: an edge is
    /// redrawn when that changes, and the others stay as they are.
    fn identity(&self) -> (NodeKey, Port, NodeKey, [u64; 2], String) {
        let dy = [self.from_dy, self.end_dy].map(f64::to_bits);
        (
            self.key.clone(),
            self.port.clone(),
            self.to.clone(),
            dy,
            self.label.clone(),
        )
    }

    /// Where the edge starts and ends, following the two boxes' positions.
    fn ends(&self, editor: Editor) -> Memo<Option<(Point, Point)>> {
        let (key, to, from_dy, end_dy) =
            (self.key.clone(), self.to.clone(), self.from_dy, self.end_dy);
        Memo::new(move |_| {
            editor.positions.with(|p| {
                let (at, to_at) = (p.get(&key)?, p.get(&to)?);
                Some((
                    Point {
                        x: at.x + NODE_WIDTH,
                        y: at.y + from_dy,
                    },
                    Point {
                        x: to_at.x,
                        y: to_at.y + end_dy,
                    },
                ))
            })
        })
    }
}

/// What the pointer is doing.
#[derive(Debug, Clone, PartialEq)]
pub enum Drag {
    Node {
        key: NodeKey,
        grab: Point,
    },
    Link {
        from: NodeKey,
        port: Port,
        at: Point,
    },
    Pan {
        start: (f64, f64),
        origin: View,
    },
    /// A new menu or group from the palette, until it is dropped.
    New {
        kind: NewNode,
        at: Option<Point>,
    },
}

/// What the palette makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewNode {
    Menu,
    Group,
}

impl NewNode {
    /// Adds the node at `at` (next to the selection when `None`); answers it as a target.
    pub fn add(self, editor: Editor, at: Option<Point>) -> Option<Target> {
        match self {
            NewNode::Menu => editor.add_menu(at).map(Target::Menu),
            NewNode::Group => editor.add_group(at).map(Target::Group),
        }
    }
}

/// A link dropped on empty space, waiting for the admin to say what to make there.
#[derive(Debug, Clone, PartialEq)]
struct Dropped {
    from: NodeKey,
    port: Port,
    at: Point,
}

/// The element's top-left corner on screen, to turn pointer positions into canvas points.
#[cfg(feature = "hydrate")]
fn origin(svg: &NodeRef<leptos::svg::Svg>) -> (f64, f64) {
    use wasm_bindgen::JsCast;
    svg.get_untracked()
        .and_then(|el| el.dyn_into::<web_sys::Element>().ok())
        .map(|el| {
            let rect = el.get_bounding_client_rect();
            (rect.left(), rect.top())
        })
        .unwrap_or_default()
}

#[cfg(not(feature = "hydrate"))]
fn origin(_svg: &NodeRef<leptos::svg::Svg>) -> (f64, f64) {
    (0.0, 0.0)
}

/// The canvas point under a pointer at `client`.
pub fn canvas_point(svg: &NodeRef<leptos::svg::Svg>, view: View, client: (f64, f64)) -> Point {
    let (left, top) = origin(svg);
    Point {
        x: (client.0 - left - view.x) / view.zoom,
        y: (client.1 - top - view.y) / view.zoom,
    }
}

/// Whether `client` is over the canvas at all.
#[cfg(feature = "hydrate")]
pub fn over_canvas(svg: &NodeRef<leptos::svg::Svg>, client: (f64, f64)) -> bool {
    use wasm_bindgen::JsCast;
    svg.get_untracked()
        .and_then(|el| el.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            let r = el.get_bounding_client_rect();
            client.0 >= r.left()
                && client.0 <= r.right()
                && client.1 >= r.top()
                && client.1 <= r.bottom()
        })
}

#[cfg(not(feature = "hydrate"))]
pub fn over_canvas(_svg: &NodeRef<leptos::svg::Svg>, _client: (f64, f64)) -> bool {
    false
}

/// The node whose box holds `point`, topmost (last drawn) first.
pub fn node_at(flow: &Flow, positions: &BTreeMap<NodeKey, Point>, point: Point) -> Option<NodeKey> {
    positions
        .iter()
        .rev()
        .find(|(key, at)| {
            point.x >= at.x
                && point.x <= at.x + NODE_WIDTH
                && point.y >= at.y
                && point.y <= at.y + height(flow, key)
        })
        .map(|(key, _)| key.clone())
}

/// The target a node is.
fn node_target(key: NodeKey) -> Target {
    match key {
        NodeKey::Menu(id) => Target::Menu(id),
        NodeKey::Group(id) => Target::Group(id),
    }
}

/// Routes `port` of `from` to `target`.
fn connect(editor: Editor, from: &NodeKey, port: &Port, target: Target) {
    let op = match (from, port) {
        (NodeKey::Menu(menu), Port::Key(key)) => Op::SetKey {
            menu: menu.clone(),
            key: *key,
            target,
        },
        (NodeKey::Menu(menu), Port::NewKey) => {
            let free = editor
                .flow
                .with_untracked(|f| super::face::free_keys(f, from).first().copied());
            let Some(key) = free else { return };
            // Said on screen, with a way to take another free key instead.
            editor.apply(Op::SetKey {
                menu: menu.clone(),
                key,
                target,
            });
            if editor.refused.get_untracked().is_none() {
                editor.new_key.set(Some(NewKey {
                    menu: menu.clone(),
                    key,
                    revision: editor.revision.get_untracked(),
                }));
            }
            return;
        }
        (NodeKey::Menu(menu), _) => Op::SetFallback {
            menu: menu.clone(),
            target: Some(target),
        },
        (NodeKey::Group(group), _) => Op::SetGroupOnTimeout {
            group: group.clone(),
            target: Some(target),
        },
    };
    editor.apply(op);
}

/// Starts dragging from a port (a key, the fallback, a group's time-out, or "+ key").
fn start_link(editor: Editor, drag: RwSignal<Option<Drag>>, key: NodeKey, port: Port, at: Point) {
    editor.selected.set(Some(key.clone()));
    drag.set(Some(Drag::Link {
        from: key,
        port,
        at,
    }));
}

#[component]
pub fn Canvas(
    editor: Editor,
    drag: RwSignal<Option<Drag>>,
    svg: NodeRef<leptos::svg::Svg>,
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
        let point = canvas_point(&svg, view, client(&ev));
        match current {
            Drag::Node { key, grab } => editor.positions.update(|p| {
                p.insert(
                    key,
                    Point {
                        x: point.x - grab.x,
                        y: point.y - grab.y,
                    },
                );
            }),
            Drag::Link { from, port, .. } => drag.set(Some(Drag::Link {
                from,
                port,
                at: point,
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
                let over = over_canvas(&svg, client(&ev));
                drag.set(Some(Drag::New {
                    kind,
                    at: over.then_some(point),
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
        let point = canvas_point(&svg, view, client(&ev));
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
                    None if over_canvas(&svg, client(&ev)) => dropped.set(Some(Dropped {
                        from,
                        port,
                        at: point,
                    })),
                    None => {}
                }
            }
            Drag::Pan { .. } => {}
            Drag::New { kind, at } => {
                if over_canvas(&svg, client(&ev)) {
                    kind.add(editor, at.or(Some(point)));
                }
            }
        }
    });

    let on_background = move |ev: leptos::ev::PointerEvent| {
        if ev.button() != 0 {
            return;
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
        let point = canvas_point(&svg, view, at);
        // Zoom around the pointer: the point under it stays under it.
        editor.view.set(View {
            x: view.x + point.x * (view.zoom - zoom),
            y: view.y + point.y * (view.zoom - zoom),
            zoom,
        });
    };
    let transform = move || {
        let v = editor.view.get();
        format!("translate({:.1} {:.1}) scale({:.3})", v.x, v.y, v.zoom)
    };

    // The boxes drawn, in drawing order (positions' keys, without what the focus hides), and
    // of those only the ones the view reaches, with a margin: a large tenant draws a screenful
    // rather than every box. Until the page is hydrated the canvas is taken at its default
    // size, as the server took it, so that both draw the same boxes.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let shown = Memo::new(move |_| {
        let shown = visible.get();
        let view = editor.view.get();
        let (width, height) = if mounted.get() {
            canvas_size(&svg)
        } else {
            DEFAULT_CANVAS
        };
        editor.positions.with(|positions| {
            positions
                .iter()
                .filter(|(key, _)| shown.as_ref().is_none_or(|s| s.contains(key)))
                .filter(|(_, at)| reaches_view(**at, view, (width, height)))
                .map(|(key, _)| key.clone())
                .collect::<Vec<_>>()
        })
    });
    // Every edge of the flow (within the focus), worked out once per edit: where its ends sit
    // on the two boxes does not depend on the view, so panning only filters this list.
    let all_edges = Memo::new(move |_| {
        let lang = lang.get();
        let focus = visible.get();
        editor.flow.with(|flow| {
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
                            label: port_label(flow, key, &port, lang),
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
    // The edges with an end at a box drawn, for both its line and its end's handle.
    let edges = Memo::new(move |_| {
        let shown = shown.get();
        let drawn = |key: &NodeKey| shown.binary_search(key).is_ok();
        all_edges.with(|all| {
            all.iter()
                .filter(|e| drawn(&e.key) || drawn(&e.to))
                .cloned()
                .collect::<Vec<_>>()
        })
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
                        let at = canvas_point(&svg, editor.view.get_untracked(), (f64::from(ev.client_x()), f64::from(ev.client_y())));
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
        for finding in editor.findings.get().iter() {
            let severity = worst
                .entry(subject_key(&finding.subject))
                .or_insert(finding.severity);
            *severity = (*severity).min(finding.severity);
        }
        worst
    });
    let ctx = Ctx { editor, drag, svg };
    view! {
        <svg class="flow-canvas" node_ref=svg role="application" aria-label=move || MenuMsg::Canvas.text(lang.get())
            on:pointerdown=on_background on:wheel=on_wheel>
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
    }
}

/// What to make where a link was dropped on empty space: a menu or a ring group, connected
/// to the port the link came from; or nothing.
fn drop_choice(editor: Editor, dropped: RwSignal<Option<Dropped>>, d: Dropped) -> impl IntoView {
    let at = d.at;
    let make = move |kind: NewNode| {
        let d = d.clone();
        move |_| {
            dropped.set(None);
            let at = Point {
                x: d.at.x,
                y: d.at.y - HEADER / 2.0,
            };
            if let Some(target) = kind.add(editor, Some(at)) {
                connect(editor, &d.from, &d.port, target);
            }
        }
    };
    let first = NodeRef::<leptos::html::Button>::new();
    // The choice takes the focus, so that Escape and the keyboard reach it at once.
    Effect::new(move |_| {
        if let Some(button) = first.get() {
            let _ = button.focus();
        }
    });
    view! {
        <foreignObject x=at.x y=at.y width="200" height="130">
            <div class="drop-choice" role="group" aria-label=tr(MenuMsg::DropChoice)
                on:pointerdown=|ev| ev.stop_propagation()
                on:keydown=move |ev| if ev.key() == "Escape" { dropped.set(None) }>
                <button type="button" class="button" node_ref=first on:click=make(NewNode::Menu)>{tr(MenuMsg::NewMenu)}</button>
                <button type="button" class="button" on:click=make(NewNode::Group)>{tr(MenuMsg::NewGroup)}</button>
                <button type="button" class="button" on:click=move |_| dropped.set(None)>{tr(MenuMsg::Cancel)}</button>
            </div>
        </foreignObject>
    }
}

/// One box: it follows its own position, selection, badge and face (see `face`), each a memo,
/// so that its elements are redrawn only when what they show changes.
fn node_view(ctx: Ctx, key: NodeKey, worst: Memo<BTreeMap<NodeKey, Severity>>) -> impl IntoView {
    let Ctx { editor, drag, .. } = ctx;
    let lang = use_lang();
    let face = {
        let key = key.clone();
        Memo::new(move |_| editor.flow.with(|flow| face(flow, &key, lang.get())))
    };
    let at = {
        let key = key.clone();
        Memo::new(move |_| editor.positions.with(|p| p.get(&key).copied()))
    };
    let selected = {
        let key = key.clone();
        Memo::new(move |_| editor.selected.with(|s| s.as_ref() == Some(&key)))
    };
    let badge = {
        let key = key.clone();
        Memo::new(move |_| worst.with(|w| w.get(&key).copied()))
    };
    // Lit by the caller panel: on the simulated call's path, or where the call is now.
    let lit = {
        let key = key.clone();
        Memo::new(move |_| {
            editor
                .lit
                .with(|l| (l.nodes.contains(&key), l.current.as_ref() == Some(&key)))
        })
    };
    let (id, is_group) = match &key {
        NodeKey::Menu(id) => (id, false),
        NodeKey::Group(id) => (id, true),
    };
    let is_draft = matches!(id, NodeId::Draft(_));
    let id = id.to_string();
    let grab_key = key.clone();
    let on_down = move |ev: leptos::ev::PointerEvent| {
        let Some(point) = ctx.press(&ev) else { return };
        let Some(at) = at.get_untracked() else { return };
        editor.selected.set(Some(grab_key.clone()));
        drag.set(Some(Drag::Node {
            key: grab_key.clone(),
            grab: Point {
                x: point.x - at.x,
                y: point.y - at.y,
            },
        }));
    };
    let nudge_key = key.clone();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = if ev.shift_key() { 100.0 } else { 20.0 };
        let (dx, dy) = match ev.key().as_str() {
            "ArrowLeft" => (-step, 0.0),
            "ArrowRight" => (step, 0.0),
            "ArrowUp" => (0.0, -step),
            "ArrowDown" => (0.0, step),
            _ => return,
        };
        ev.prevent_default();
        editor.nudge(&nudge_key, dx, dy);
        super::keep_layout(editor);
    };
    let focus_key = key.clone();
    let transform = move || {
        at.get()
            .map(|at| format!("translate({:.1} {:.1})", at.x, at.y))
    };
    let shows = move |pick: fn(&Face) -> String| move || face.with(|f| f.as_ref().map(pick));
    let badge_view = move || {
        badge.get().map(|severity| {
            let (class, mark) = match severity {
                Severity::Error => ("badge-error", "!"),
                Severity::Warning => ("badge-warning", "?"),
            };
            view! {
                <g class=class transform=format!("translate({:.1} 15)", NODE_WIDTH - 16.0)>
                    <circle r="9"/>
                    <text y="4" text-anchor="middle">{mark}</text>
                </g>
            }
        })
    };
    let rows_view = move || {
        face.with(|f| {
            f.as_ref().map(|f| {
                f.rows
                    .iter()
                    .enumerate()
                    .map(|(i, row)| row_view(ctx, &key, row.clone(), HEADER + i as f64 * ROW))
                    .collect_view()
            })
        })
    };
    view! {
        <g class="node" class:node-group=is_group class:node-draft=is_draft class:node-selected=move || selected.get()
            class:node-lit=move || lit.get().0 class:node-current=move || lit.get().1
            transform=transform data-node=id>
            <rect class="node-box" width=NODE_WIDTH height=move || face.with(|f| f.as_ref().map_or(0.0, |f| f.height)) rx="8"/>
            <g class="node-header" tabindex="0" role="button" aria-label=shows(|f| f.title.clone())
                aria-pressed=move || selected.get().to_string()
                on:pointerdown=on_down on:keydown=on_key
                on:focus=move |_| editor.selected.set(Some(focus_key.clone()))>
                <rect class="node-title" width=NODE_WIDTH height=HEADER rx="8"/>
                <text class="node-name" x="12" y="20">{shows(|f| f.name.clone())}</text>
                {badge_view}
            </g>
            {rows_view}
        </g>
    }
}

fn row_view(ctx: Ctx, key: &NodeKey, row: FaceRow, y: f64) -> AnyView {
    let Ctx { editor, drag, .. } = ctx;
    match row {
        FaceRow::Line(text) => {
            view! { <text class="node-line" x="12" y=y + ROW / 2.0 + 4.0>{text}</text> }.into_any()
        }
        FaceRow::Port {
            port,
            caption,
            target,
            label,
        } => {
            let cy = y + ROW / 2.0;
            let (k, p) = (key.clone(), port.clone());
            let (k2, p2) = (key.clone(), port.clone());
            let on_down = move |ev: leptos::ev::PointerEvent| {
                if let Some(point) = ctx.press(&ev) {
                    start_link(editor, drag, k.clone(), p.clone(), point);
                }
            };
            let on_key = move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    editor.selected.set(Some(k2.clone()));
                    super::focus_port_field(&p2);
                }
            };
            let is_new = port == Port::NewKey;
            view! {
                <g class="port-row" class:port-new=is_new>
                    <text class="port-key" x="12" y=cy + 4.0>{caption}</text>
                    <text class="port-target" x=NODE_WIDTH - 18.0 y=cy + 4.0 text-anchor="end">{target}</text>
                    <circle class="port" cx=NODE_WIDTH cy=cy r=PORT tabindex="0" role="button"
                        aria-label=label on:pointerdown=on_down on:keydown=on_key/>
                </g>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_boxes_the_view_reaches_are_drawn_with_a_margin_that_follows_the_zoom() {
        let size = (900.0, 600.0);
        let at = |x, y| Point { x, y };
        let view = View::default();
        assert!(reaches_view(at(100.0, 100.0), view, size));
        // Just beyond the right edge, within the margin; then well beyond it.
        assert!(reaches_view(
            at(900.0 + CULL_MARGIN - 10.0, 100.0),
            view,
            size
        ));
        assert!(!reaches_view(
            at(900.0 + CULL_MARGIN + 10.0, 100.0),
            view,
            size
        ));
        // A box above the view whose bottom may still show.
        assert!(reaches_view(
            at(100.0, -CULL_MARGIN - TALLEST + 10.0),
            view,
            size
        ));
        assert!(!reaches_view(
            at(100.0, -CULL_MARGIN - TALLEST - 10.0),
            view,
            size
        ));
        // Panned right by 2,000 px and zoomed out to a half: the view shows canvas x from
        // 4,000 to 5,800, the margin 600 canvas units each side.
        let panned = View {
            x: -2000.0,
            y: 0.0,
            zoom: 0.5,
        };
        assert!(!reaches_view(at(100.0, 100.0), panned, size));
        assert!(reaches_view(
            at(4000.0 - 600.0 - NODE_WIDTH + 10.0, 100.0),
            panned,
            size
        ));
        assert!(reaches_view(at(5800.0 + 590.0, 100.0), panned, size));
        assert!(!reaches_view(at(5800.0 + 610.0, 100.0), panned, size));
    }
}
