//! The diagram's boxes: a menu or a group with its rows and ports, each part following only
//! what it shows.

use super::super::face::{face, Face, FaceRow};
use super::super::geometry::{Port, HEADER, NODE_WIDTH, PORT, ROW};
use super::pointer::{start_link, Drag};
use super::Ctx;
use crate::i18n::{use_lang, HistoryMsg, LangNow};
use crate::ivr::layout::{NodeKey, Point};
use crate::ivr::version::ChangeKind;
use crate::ivr::{Field, NodeId, Severity};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// One box: it follows its own position, selection, badge and face (see `face`), each a memo,
/// so that its elements are redrawn only when what they show changes.
pub(super) fn node_view(
    ctx: Ctx,
    key: NodeKey,
    worst: Memo<BTreeMap<NodeKey, Severity>>,
) -> impl IntoView {
    let Ctx { editor, drag, .. } = ctx;
    let lang = use_lang();
    let face = {
        let key = key.clone();
        Memo::new(move |_| editor.flow.with(|flow| face(flow, &key, lang.now())))
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
    // Marked while History compares the flow with a version: added or changed since.
    let mark = {
        let key = key.clone();
        Memo::new(move |_| {
            editor.compared.with(|c| {
                let (_, d) = c.as_ref()?;
                match &key {
                    NodeKey::Menu(NodeId::Saved(id)) => d.menu(id).map(|c| (c.kind(), c.fields())),
                    NodeKey::Group(NodeId::Saved(id)) => {
                        d.group(id).map(|c| (c.kind(), c.fields()))
                    }
                    _ => None,
                }
            })
        })
    };
    let is_marked =
        move |kind: ChangeKind| mark.with(|m| m.as_ref().is_some_and(|(k, _)| *k == kind));
    let mark_view = move || {
        mark.with(|m| {
            let (kind, _) = m.as_ref()?;
            let tag = match kind {
                ChangeKind::Added => HistoryMsg::TagAdded,
                _ => HistoryMsg::TagChanged,
            };
            Some(view! { <text class="diff-tag" x="4" y="-6">{tag.text(lang.now())}</text> })
        })
    };
    let (id, is_group) = match &key {
        NodeKey::Menu(id) => (id, false),
        NodeKey::Group(id) => (id, true),
    };
    let is_draft = matches!(id, NodeId::Draft(_));
    let id = id.to_string();
    let grab_key = key.clone();
    // Whether the box's header was pressed (by any pointer and button) since it last lost
    // focus: the focus that follows a press is not one to bring into view.
    let pressed = StoredValue::new(false);
    let on_down = move |ev: leptos::ev::PointerEvent| {
        pressed.set_value(true);
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
        crate::pages::ivr::editor::keep_layout(editor);
    };
    let focus_key = key.clone();
    // A box reached by the keyboard may lie beyond the view (boxes near it are drawn ahead of
    // a pan), so it is brought into view; a box pressed stays under the pointer.
    let focused = move |key: NodeKey| {
        if pressed.get_value() {
            editor.selected.set(Some(key));
        } else {
            editor.reveal(key);
        }
    };
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
                let changed = mark.with(|m| m.as_ref().map(|(_, f)| f.clone()).unwrap_or_default());
                f.rows
                    .iter()
                    .enumerate()
                    .map(|(i, row)| {
                        let row = marked(row.clone(), &changed);
                        row_view(ctx, &key, row, HEADER + i as f64 * ROW)
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <g class="node" class:node-group=is_group class:node-draft=is_draft class:node-selected=move || selected.get()
            class:node-lit=move || lit.get().0 class:node-current=move || lit.get().1
            class:node-diff-added=move || is_marked(ChangeKind::Added)
            class:node-diff-changed=move || is_marked(ChangeKind::Changed)
            transform=transform data-node=id>
            {mark_view}
            <rect class="node-box" width=NODE_WIDTH height=move || face.with(|f| f.as_ref().map_or(0.0, |f| f.height)) rx="8"/>
            <g class="node-header" tabindex="0" role="button" aria-label=shows(|f| f.title.clone())
                aria-pressed=move || selected.get().to_string()
                on:pointerdown=on_down on:keydown=on_key
                on:focus=move |_| focused(focus_key.clone())
                on:blur=move |_| pressed.set_value(false)>
                <rect class="node-title" width=NODE_WIDTH height=HEADER rx="8"/>
                <text class="node-name" x="12" y="20">{shows(|f| f.name.clone())}</text>
                {badge_view}
            </g>
            {rows_view}
        </g>
    }
}

/// A port row whose key, fallback or time-out differs from the compared version, said by a
/// mark before its caption (not by colour alone).
fn marked(row: FaceRow, changed: &[Field]) -> FaceRow {
    match row {
        FaceRow::Port {
            port,
            caption,
            target,
            label,
        } => {
            let field = match &port {
                Port::Key(k) => Some(Field::Key(k.to_string())),
                Port::Fallback => Some(Field::Fallback),
                Port::OnTimeout => Some(Field::OnTimeout),
                Port::NewKey => None,
            };
            let caption = match field {
                Some(f) if changed.contains(&f) => format!("✎ {caption}"),
                _ => caption,
            };
            FaceRow::Port {
                port,
                caption,
                target,
                label,
            }
        }
        line => line,
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
                    crate::pages::ivr::editor::focus_port_field(editor, k2.clone(), p2.clone());
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
