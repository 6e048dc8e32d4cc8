//! The diagram: menus and groups as boxes, keys as ports, edges as curves. Built with pointer
//! events (mouse, pen and touch alike): drag a box to move it, drag from a port onto a box to
//! route that key there (or onto empty space to make a new menu there, already connected), drag
//! the background to pan, wheel to zoom. Boxes and ports are focusable and labelled; the arrow
//! keys move the focused box.

use super::geometry::{
    curve, height, inlet, port_point, rows, Port, Row, HEADER, NODE_WIDTH, PORT, ROW,
};
use super::state::{Editor, View};
use super::words::{group_name, menu_name, node_name, subject_key, target_words};
use crate::i18n::{fill, tr, use_lang, Lang, MenuMsg};
use crate::ivr::layout::{NodeKey, Point};
use crate::ivr::{Flow, NodeId, Op, Severity, Target};
use leptos::prelude::*;
use std::collections::BTreeMap;

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

/// An edge as drawn: from a node's port to the box it leads to.
#[derive(Debug, Clone, PartialEq)]
struct Edge {
    key: NodeKey,
    port: Port,
    from: Point,
    end: Point,
    silent: bool,
    /// The port's screen-reader name, which the end's handle shares.
    label: String,
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
            let free = editor.flow.with_untracked(|f| {
                f.menu(menu).and_then(|m| {
                    crate::ivr::KEYPAD
                        .iter()
                        .copied()
                        .find(|k| m.target_of(*k).is_none())
                })
            });
            let Some(key) = free else { return };
            Op::SetKey {
                menu: menu.clone(),
                key,
                target,
            }
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

/// Where a port leads now.
fn port_target(flow: &Flow, key: &NodeKey, port: &Port) -> Option<Target> {
    match (key, port) {
        (NodeKey::Menu(id), Port::Key(k)) => flow.menu(id)?.target_of(*k).cloned(),
        (NodeKey::Menu(id), Port::Fallback) => flow.menu(id)?.fallback.clone(),
        (NodeKey::Group(id), Port::OnTimeout) => flow.group(id)?.on_timeout.clone(),
        _ => None,
    }
}

fn target_node(flow: &Flow, target: &Target) -> Option<NodeKey> {
    match target {
        Target::Menu(id) if flow.menu(id).is_some() => Some(NodeKey::Menu(id.clone())),
        Target::Group(id) if flow.group(id).is_some() => Some(NodeKey::Group(id.clone())),
        _ => None,
    }
}

/// The screen reader's name of a port: "Phím 1 của kịch bản Chính → nhóm Kinh doanh".
fn port_label(flow: &Flow, key: &NodeKey, port: &Port, lang: Lang) -> String {
    let target = target_words(flow, port_target(flow, key, port).as_ref(), lang);
    let name = node_name(flow, key);
    match port {
        Port::Key(k) => fill(
            MenuMsg::KeyPort.text(lang),
            &[("key", k), ("menu", &name), ("target", &target)],
        ),
        Port::Fallback => fill(
            MenuMsg::FallbackPort.text(lang),
            &[("menu", &name), ("target", &target)],
        ),
        Port::OnTimeout => fill(
            MenuMsg::TimeoutPort.text(lang),
            &[("group", &name), ("target", &target)],
        ),
        Port::NewKey => fill(MenuMsg::AddKeyPort.text(lang), &[("menu", &name)]),
    }
}

/// What a port row shows on its left: the key, "↷" for the way on without a key.
fn port_caption(port: &Port, lang: Lang) -> String {
    match port {
        Port::Key(k) => k.to_string(),
        Port::Fallback | Port::OnTimeout => "↷".to_owned(),
        Port::NewKey => format!("+ {}", MenuMsg::AddKey.text(lang)),
    }
}

/// Text cut to fit a box: `max` characters, the last an ellipsis.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// What a port leads to, short: the node's name, a recording's name, or the kind.
fn target_short(flow: &Flow, target: &Target, lang: Lang) -> String {
    match target {
        Target::Menu(id) => format!("» {}", menu_name(flow, id)),
        Target::Group(id) => group_name(flow, id),
        other => target_words(flow, Some(other), lang),
    }
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
    let _ = window_event_listener(leptos::ev::pointermove, move |ev| {
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
    let _ = window_event_listener(leptos::ev::pointerup, move |ev| {
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

    // Every edge drawn, computed once per change for both its line and its end's handle, and
    // spread along the left side of the box it arrives at so that each end can be grabbed.
    let edges = Memo::new(move |_| {
        let flow = editor.flow.get();
        let positions = editor.positions.get();
        let shown = visible.get();
        let lang = lang.get();
        let mut arriving: BTreeMap<NodeKey, usize> = BTreeMap::new();
        let mut out = Vec::new();
        for (key, at) in &positions {
            if shown.as_ref().is_some_and(|s| !s.contains(key)) {
                continue;
            }
            for row in rows(&flow, key) {
                let Row::Port(port) = row else { continue };
                let Some(to) = port_target(&flow, key, &port).and_then(|t| target_node(&flow, &t))
                else {
                    continue;
                };
                let (Some(from), Some(to_at)) = (
                    port_point(&flow, key, *at, &port),
                    positions.get(&to).copied(),
                ) else {
                    continue;
                };
                let index = arriving.entry(to.clone()).or_default();
                let room = (height(&flow, &to) - HEADER / 2.0 - 8.0).max(ROW);
                let end = Point {
                    x: to_at.x,
                    y: inlet(to_at).y + (*index as f64 * 14.0) % room,
                };
                *index += 1;
                out.push(Edge {
                    label: port_label(&flow, key, &port, lang),
                    silent: matches!(port, Port::Fallback | Port::OnTimeout),
                    key: key.clone(),
                    port,
                    from,
                    end,
                });
            }
        }
        out
    });
    let lines = move || {
        edges
            .get()
            .into_iter()
            .map(|e| {
                view! {
                    <g class="edge" class:edge-silent=e.silent>
                        <path d=curve(e.from, e.end) />
                    </g>
                }
            })
            .collect_view()
    };
    // The ends' handles, just outside the box they arrive at and drawn above the boxes, so
    // that an edge can be grabbed by its end and routed elsewhere.
    let ends = move || {
        edges
            .get()
            .into_iter()
            .map(|Edge { key, port, end, label, .. }| {
                view! {
                    <circle class="edge-end" cx=end.x - PORT - 2.0 cy=end.y r=PORT - 1.0
                        aria-label=label
                        on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                            ev.stop_propagation();
                            let at = canvas_point(&svg, editor.view.get_untracked(), (f64::from(ev.client_x()), f64::from(ev.client_y())));
                            start_link(editor, drag, key.clone(), port.clone(), at);
                        }
                    />
                }
            })
            .collect_view()
    };
    let rubber_band = move || match drag.get() {
        Some(Drag::Link { from, port, at }) => {
            let flow = editor.flow.get_untracked();
            let start = editor
                .positions
                .with_untracked(|p| p.get(&from).copied())
                .and_then(|p| port_point(&flow, &from, p, &port))?;
            Some(view! { <path class="edge edge-drawing" d=curve(start, at)/> })
        }
        _ => None,
    };
    let nodes = move || {
        let flow = editor.flow.get();
        let positions = editor.positions.get();
        let shown = visible.get();
        let selected = editor.selected.get();
        let findings = editor.findings.get();
        positions
            .into_iter()
            .filter(|(key, _)| shown.as_ref().is_none_or(|s| s.contains(key)))
            .map(|(key, at)| {
                let worst = findings
                    .iter()
                    .filter(|f| subject_key(&f.subject) == key)
                    .map(|f| f.severity)
                    .min();
                let look = Look {
                    at,
                    selected: selected.as_ref() == Some(&key),
                    worst,
                };
                node_view(Ctx { editor, drag, svg }, &flow, key, look)
            })
            .collect_view()
    };
    view! {
        <svg class="flow-canvas" node_ref=svg role="application" aria-label=move || MenuMsg::Canvas.text(lang.get())
            on:pointerdown=on_background on:wheel=on_wheel>
            <g transform=transform>
                <g class="edges">{lines}</g>
                {rubber_band}
                <g class="nodes">{nodes}</g>
                <g class="edge-ends">{ends}</g>
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

/// How a node is drawn: where, whether selected, and its worst finding.
struct Look {
    at: Point,
    selected: bool,
    worst: Option<Severity>,
}

fn node_view(ctx: Ctx, flow: &Flow, key: NodeKey, look: Look) -> AnyView {
    let Ctx { editor, drag, .. } = ctx;
    let Look {
        at,
        selected,
        worst,
    } = look;
    let lang = use_lang().get_untracked();
    let h = height(flow, &key);
    let (title, sub_id) = match &key {
        NodeKey::Menu(id) => (
            fill(
                MenuMsg::MenuNode.text(lang),
                &[("name", &menu_name(flow, id))],
            ),
            id.to_string(),
        ),
        NodeKey::Group(id) => (
            fill(
                MenuMsg::GroupNode.text(lang),
                &[("name", &group_name(flow, id))],
            ),
            id.to_string(),
        ),
    };
    let is_group = matches!(key, NodeKey::Group(_));
    let is_draft = matches!(
        key,
        NodeKey::Menu(NodeId::Draft(_)) | NodeKey::Group(NodeId::Draft(_))
    );
    let name = node_name(flow, &key);
    let badge = worst.map(|s| match s {
        Severity::Error => ("badge-error", "!"),
        Severity::Warning => ("badge-warning", "?"),
    });
    let grab_key = key.clone();
    let on_down = move |ev: leptos::ev::PointerEvent| {
        let Some(point) = ctx.press(&ev) else { return };
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
    let rows_view = rows(flow, &key)
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let y = HEADER + i as f64 * ROW;
            row_view(ctx, flow, &key, row, y, lang)
        })
        .collect_view();
    view! {
        <g class="node" class:node-group=is_group class:node-draft=is_draft class:node-selected=selected
            transform=format!("translate({:.1} {:.1})", at.x, at.y)
            data-node=sub_id>
            <rect class="node-box" width=NODE_WIDTH height=h rx="8"/>
            <g class="node-header" tabindex="0" role="button" aria-label=title.clone() aria-pressed=selected.to_string()
                on:pointerdown=on_down on:keydown=on_key
                on:focus=move |_| editor.selected.set(Some(focus_key.clone()))>
                <rect class="node-title" width=NODE_WIDTH height=HEADER rx="8"/>
                <text class="node-name" x="12" y="20">{clip(&name, 24)}</text>
                {badge.map(|(class, mark)| view! {
                    <g class=class transform=format!("translate({:.1} 15)", NODE_WIDTH - 16.0)>
                        <circle r="9"/>
                        <text y="4" text-anchor="middle">{mark}</text>
                    </g>
                })}
            </g>
            {rows_view}
        </g>
    }
    .into_any()
}

fn row_view(ctx: Ctx, flow: &Flow, key: &NodeKey, row: Row, y: f64, lang: Lang) -> AnyView {
    let Ctx { editor, drag, .. } = ctx;
    let text_y = y + ROW / 2.0 + 4.0;
    match row {
        Row::Greeting => {
            let text = match key {
                NodeKey::Menu(id) => flow
                    .menu(id)
                    .and_then(|m| m.greeting.as_ref())
                    .map(|g| {
                        flow.recording(g)
                            .map(|r| r.name().to_owned())
                            .unwrap_or_else(|| g.clone())
                    })
                    .map(|g| clip(&format!("♪ {g}"), 34))
                    .unwrap_or_else(|| format!("♪ {}", MenuMsg::None.text(lang))),
                NodeKey::Group(_) => String::new(),
            };
            view! { <text class="node-line" x="12" y=text_y>{text}</text> }.into_any()
        }
        Row::Strategy => {
            let text = match key {
                NodeKey::Group(id) => flow
                    .group(id)
                    .and_then(|g| g.strategy.as_ref())
                    .map(|s| crate::pages::groups::strategy_name(s).get(lang).to_owned())
                    .unwrap_or_default(),
                NodeKey::Menu(_) => String::new(),
            };
            view! { <text class="node-line" x="12" y=text_y>{text}</text> }.into_any()
        }
        Row::Members => {
            let text = match key {
                NodeKey::Group(id) => flow.group(id).map_or_else(String::new, |g| {
                    if g.members.is_empty() {
                        MenuMsg::NoMembers.text(lang).to_owned()
                    } else {
                        let list: Vec<String> = g.members.iter().map(|m| m.label()).collect();
                        clip(
                            &fill(MenuMsg::Members.text(lang), &[("list", &list.join(", "))]),
                            34,
                        )
                    }
                }),
                NodeKey::Menu(_) => String::new(),
            };
            view! { <text class="node-line" x="12" y=text_y>{text}</text> }.into_any()
        }
        Row::Port(port) => {
            let label = port_label(flow, key, &port, lang);
            let caption = port_caption(&port, lang);
            let target = match port_target(flow, key, &port) {
                Some(t) => clip(&target_short(flow, &t, lang), 26),
                None if port == Port::NewKey => String::new(),
                None => MenuMsg::Nowhere.text(lang).to_owned(),
            };
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
