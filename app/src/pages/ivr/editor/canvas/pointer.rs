//! What the pointer does on the diagram: the drag under way, where a pointer is on the canvas,
//! which box it is over, and what a link dropped on a port or on empty space makes.

use super::super::geometry::{height, Port, HEADER, NODE_WIDTH};
use super::super::state::{Area, Editor, NewKey, View};
use crate::i18n::{tr, MenuMsg};
use crate::ivr::layout::{NodeKey, Point};
use crate::ivr::{Flow, Op, Target};
use leptos::prelude::*;
use std::collections::BTreeMap;

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
pub(super) struct Dropped {
    pub(super) from: NodeKey,
    pub(super) port: Port,
    pub(super) at: Point,
}

/// The area's top-left corner on screen, to turn pointer positions into canvas points.
#[cfg(feature = "hydrate")]
fn origin(area: &NodeRef<Area>) -> (f64, f64) {
    area.get_untracked()
        .map(|el| {
            let rect = el.get_bounding_client_rect();
            (rect.left(), rect.top())
        })
        .unwrap_or_default()
}

#[cfg(not(feature = "hydrate"))]
fn origin(_area: &NodeRef<Area>) -> (f64, f64) {
    (0.0, 0.0)
}

/// The canvas point under a pointer at `client`.
pub fn canvas_point(area: &NodeRef<Area>, view: View, client: (f64, f64)) -> Point {
    let (left, top) = origin(area);
    Point {
        x: (client.0 - left - view.x) / view.zoom,
        y: (client.1 - top - view.y) / view.zoom,
    }
}

/// Whether `client` is over the canvas at all.
#[cfg(feature = "hydrate")]
pub fn over_canvas(area: &NodeRef<Area>, client: (f64, f64)) -> bool {
    area.get_untracked().is_some_and(|el| {
        let r = el.get_bounding_client_rect();
        client.0 >= r.left()
            && client.0 <= r.right()
            && client.1 >= r.top()
            && client.1 <= r.bottom()
    })
}

#[cfg(not(feature = "hydrate"))]
pub fn over_canvas(_area: &NodeRef<Area>, _client: (f64, f64)) -> bool {
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
pub(super) fn node_target(key: NodeKey) -> Target {
    match key {
        NodeKey::Menu(id) => Target::Menu(id),
        NodeKey::Group(id) => Target::Group(id),
    }
}

/// Routes `port` of `from` to `target`.
pub(super) fn connect(editor: Editor, from: &NodeKey, port: &Port, target: Target) {
    let op = match (from, port) {
        (NodeKey::Menu(menu), Port::Key(key)) => Op::SetKey {
            menu: menu.clone(),
            key: *key,
            target,
        },
        (NodeKey::Menu(menu), Port::NewKey) => {
            let free = editor.flow.with_untracked(|f| {
                crate::pages::ivr::editor::face::free_keys(f, from)
                    .first()
                    .copied()
            });
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
pub(super) fn start_link(
    editor: Editor,
    drag: RwSignal<Option<Drag>>,
    key: NodeKey,
    port: Port,
    at: Point,
) {
    editor.selected.set(Some(key.clone()));
    drag.set(Some(Drag::Link {
        from: key,
        port,
        at,
    }));
}

/// What to make where a link was dropped on empty space: a menu or a ring group, connected
/// to the port the link came from; or nothing.
pub(super) fn drop_choice(
    editor: Editor,
    dropped: RwSignal<Option<Dropped>>,
    d: Dropped,
) -> impl IntoView {
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
