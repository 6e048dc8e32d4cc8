//! The flow editor: the tenant's menus and groups on a diagram, built by dragging (or from the
//! keyboard through the properties panel), checked by the engine on every edit, saved safely.

mod caller;
mod canvas;
mod face;
mod geometry;
mod history;
mod kept;
mod layout_writes;
mod outline;
mod panel;
mod problems;
mod review;
mod side;
mod state;
mod target_field;
mod timing;
mod validation;
mod words;

use crate::components::{
    listen_on_window, matching, reloadable, search, Loaded, OnDemand, SearchPicker,
};
use crate::i18n::{fill, summary_text, tr, use_lang, CallMsg, HistoryMsg, LangNow, MenuMsg};
use crate::ivr::layout::{successors, NodeKey, Point};
use crate::ivr::{NodeId, Op};
use crate::server_fns::flow::{load_flow, FlowData};
use crate::urls;
use canvas::{Canvas, Drag, NewNode};
use geometry::{height, Port, NODE_WIDTH};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use side::SidePanel;
use state::{Editor, View};
use std::collections::BTreeSet;

/// A palette entry: dragged onto the diagram, the new node goes where it is dropped; clicked
/// (or pressed with the keyboard), next to the selection.
#[component]
fn PaletteItem(
    editor: Editor,
    drag: RwSignal<Option<Drag>>,
    kind: NewNode,
    label: MenuMsg,
    hint: MenuMsg,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <button type="button" class="button palette-item" title=move || hint.text(lang.now())
            on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                if ev.button() == 0 && ev.pointer_type() != "" {
                    drag.set(Some(Drag::New { kind, at: None }));
                }
            }
            on:click=move |ev| {
                // A keyboard click (no drag under way).
                if ev.detail() == 0 {
                    kind.add(editor, None);
                }
            }>
            {tr(label)}
        </button>
    }
}

/// Keeps the layout on the server (positions are console data), in the background, and the
/// draft's new nodes' positions in the kept draft (`kept::KeptDraft` follows `placed`).
pub(super) fn keep_layout(editor: Editor) {
    editor.placed.update(|n| *n += 1);
    // A lost write costs positions only and the next move writes again, but the admin is told
    // (`failed`): a layout that never keeps is otherwise found out only after a reload.
    drop(editor.layout_writes.write(editor.layout()));
}

/// Moves the focus to the panel's field for `node`'s `port`, once the panel has drawn it.
pub(super) fn focus_port_field(editor: Editor, node: NodeKey, port: Port) {
    editor.focus_port.set(Some((node, port)));
}

#[component]
pub fn EditorPage() -> impl IntoView {
    let data = reloadable(|| (), |()| load_flow());
    // Which side panels are open: kept here, so that they stay open when a save reloads the flow.
    let calling = RwSignal::new(false);
    let outlining = RwSignal::new(false);
    let historying = RwSignal::new(false);
    view! {
        <Loaded data show=move |flow: FlowData| view! {
            <EditorView data=flow on_saved=Callback::new(move |()| data.reload()) calling outlining historying/>
        }.into_any()/>
    }
}

/// Jumps to a menu or group by typing part of its name: selected and brought into view.
fn find_node(editor: Editor, show: Callback<NodeKey>) -> impl IntoView {
    let lang = use_lang();
    let nodes = search(move |keyword: String| {
        let found = editor.flow.with_untracked(|f| {
            matching(
                &target_field::choices(f, false, lang.get_untracked()),
                &keyword,
            )
        });
        async move { Ok(found) }
    });
    let on_pick = Callback::new(move |choice: crate::components::Choice| {
        let key = match target_field::decode(&choice.id) {
            Some(crate::ivr::Target::Menu(id)) => NodeKey::Menu(id),
            Some(crate::ivr::Target::Group(id)) => NodeKey::Group(id),
            _ => return,
        };
        show.run(key);
    });
    view! {
        <div class="find-node">
            <SearchPicker id="find-node" label=move || MenuMsg::FindNode.text(lang.now()).to_owned()
                placeholder=MenuMsg::FindNodePlaceholder search=nodes on_pick/>
        </div>
    }
}

/// Below this zoom a whole flow is too small to read: it opens on its entry instead.
const MIN_READABLE_ZOOM: f64 = 0.25;

/// Where a large flow opens: its first entry menu (by name), else its first menu.
fn opening_point(editor: Editor) -> Option<Point> {
    let key = editor
        .flow
        .with_untracked(|flow| words::first_menu(flow).map(|m| NodeKey::Menu(m.id.clone())))?;
    editor.positions.with_untracked(|p| p.get(&key).copied())
}

/// The nodes reachable from the focused menu (`?menu=`), or `None` for the whole flow.
fn focus_set(editor: Editor, focus: Option<String>) -> Option<Vec<NodeKey>> {
    let start = NodeKey::Menu(NodeId::Saved(focus?));
    editor.flow.with(|flow| {
        flow.menu(match &start {
            NodeKey::Menu(id) => id,
            NodeKey::Group(_) => return None,
        })?;
        let mut seen = BTreeSet::from([start.clone()]);
        let mut stack = vec![start];
        while let Some(key) = stack.pop() {
            for next in successors(flow, &key) {
                if seen.insert(next.clone()) {
                    stack.push(next);
                }
            }
        }
        Some(seen.into_iter().collect())
    })
}

#[component]
fn EditorView(
    data: FlowData,
    on_saved: Callback<()>,
    calling: RwSignal<bool>,
    outlining: RwSignal<bool>,
    historying: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let editor = Editor::new(data);
    // Saved, or dropped for a reload: the kept draft goes with it.
    let on_saved = Callback::new(move |()| {
        kept::forget(editor);
        on_saved.run(());
    });
    let drag = RwSignal::new(None::<Drag>);
    let area = editor.area;
    let reviewing = editor.reviewing;
    // The review is fetched when first opened and kept after (`review::review_dialog`).
    let review_arrived = RwSignal::new(false);
    let review_wanted = Signal::derive(move || reviewing.get() || review_arrived.get());
    let query = use_query_map();
    let focus = Memo::new(move |_| query.with(|q| q.get("menu")));
    let visible = Memo::new(move |_| focus_set(editor, focus.get()));

    // Brings a node into view (from the problems list).
    let show = Callback::new(move |key: NodeKey| editor.show(key));
    // Fits the diagram to its box; on opening, a flow too large to read whole at that zoom
    // opens instead at full size on its first entry menu (search and the outline reach the rest).
    let fit_or_open = move |opening: bool| {
        let shown = visible.get_untracked();
        let boxes: Vec<(Point, f64)> = editor.flow.with_untracked(|flow| {
            editor.positions.with_untracked(|p| {
                p.iter()
                    .filter(|(k, _)| shown.as_ref().is_none_or(|s| s.contains(k)))
                    .map(|(k, at)| (*at, height(flow, k)))
                    .collect()
            })
        });
        if boxes.is_empty() {
            return;
        }
        let min_x = boxes.iter().map(|(p, _)| p.x).fold(f64::MAX, f64::min);
        let min_y = boxes.iter().map(|(p, _)| p.y).fold(f64::MAX, f64::min);
        let max_x = boxes
            .iter()
            .map(|(p, _)| p.x + NODE_WIDTH)
            .fold(f64::MIN, f64::max);
        let max_y = boxes.iter().map(|(p, h)| p.y + h).fold(f64::MIN, f64::max);
        let (width, height) = state::canvas_size(&area);
        let needed = ((width - 40.0) / (max_x - min_x)).min((height - 40.0) / (max_y - min_y));
        if opening && needed < MIN_READABLE_ZOOM {
            if let Some(at) = opening_point(editor) {
                editor.view.set(View {
                    x: 40.0 - at.x,
                    y: height / 3.0 - at.y,
                    zoom: 1.0,
                });
                return;
            }
        }
        let zoom = needed.clamp(0.2, 1.5);
        editor.view.set(View {
            x: 20.0 - min_x * zoom,
            y: 20.0 - min_y * zoom,
            zoom,
        });
    };
    let fit = move || fit_or_open(false);
    // Once in the browser, the diagram is fitted to its box.
    Effect::new(move |_| fit_or_open(true));

    let zoom_by = move |factor: f64| {
        editor
            .view
            .update(|v| v.zoom = (v.zoom * factor).clamp(0.2, 2.5));
    };
    listen_on_window(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || typing(&ev) {
            return;
        }
        match (ev.key().to_lowercase().as_str(), ev.shift_key()) {
            ("z", false) => editor.undo(),
            ("z", true) | ("y", _) => editor.redo(),
            _ => return,
        }
        ev.prevent_default();
    });
    warn_before_leaving(editor);

    let focus_note = move || {
        focus.get().map(|id| {
            let name = editor
                .flow
                .with(|f| words::menu_name(f, &NodeId::Saved(id)));
            view! {
                <p class="notice" role="status">
                    {fill(MenuMsg::Focused.text(lang.now()), &[("name", &name)])}
                    " "
                    <a href=urls::IVR_EDITOR>{tr(MenuMsg::WholeFlow)}</a>
                </p>
            }
        })
    };
    let unsaved = move || match editor.pending() {
        0 => MenuMsg::NoChanges.text(lang.now()).to_owned(),
        n => fill(MenuMsg::Unsaved.text(lang.now()), &[("n", &n)]),
    };
    let layout_failed = move || {
        editor.layout_writes.failed.get().map(|error| {
            let why = move || error.message(lang.now());
            view! {
                <p class="notice notice-warning" role="alert">
                    {tr(MenuMsg::LayoutNotKept)} " " {why}
                </p>
            }
        })
    };
    // The key a link from "+ key" took, with the other free keys to take instead.
    let new_key = move || {
        let taken = editor.new_key.get()?;
        if taken.revision != editor.revision.get() {
            return None;
        }
        let (name, free) = editor.flow.with(|f| {
            let at = NodeKey::Menu(taken.menu.clone());
            (words::menu_name(f, &taken.menu), face::free_keys(f, &at))
        });
        let options = std::iter::once(taken.key)
            .chain(free)
            .map(|k| view! { <option value=k.to_string() selected=k == taken.key>{k.to_string()}</option> })
            .collect_view();
        let said = fill(
            MenuMsg::NewKeyTaken.text(lang.now()),
            &[("key", &taken.key), ("menu", &name)],
        );
        let on_change = move |ev: leptos::ev::Event| {
            let Some(to) = event_target_value(&ev).chars().next() else {
                return;
            };
            if to == taken.key {
                return;
            }
            editor.apply(Op::MoveKey {
                menu: taken.menu.clone(),
                from: taken.key,
                to,
            });
            if editor.refused.get_untracked().is_none() {
                editor.new_key.set(Some(state::NewKey {
                    key: to,
                    revision: editor.revision.get_untracked(),
                    ..taken.clone()
                }));
            }
        };
        Some(view! {
            <p class="notice new-key" role="status">
                {said} " "
                <label for="new-key-choice">{tr(MenuMsg::ChangeNewKey)}</label> " "
                <select id="new-key-choice" on:change=on_change>{options}</select>
            </p>
        })
    };
    let refused = move || {
        editor.refused.get().map(|e| {
            let text = editor
                .flow
                .with(|f| words::op_error_text(f, &e, lang.now()));
            view! { <p class="notice notice-warning" role="alert">{text}</p> }
        })
    };
    let toolbar = view! {
        <div class="editor-toolbar" role="toolbar" aria-label=move || MenuMsg::EditorTitle.text(lang.now())>
            <PaletteItem editor drag kind=NewNode::Menu label=MenuMsg::NewMenu hint=MenuMsg::AddMenuHint/>
            <PaletteItem editor drag kind=NewNode::Group label=MenuMsg::NewGroup hint=MenuMsg::AddGroupHint/>
            <button type="button" class="button" disabled=move || !editor.can_undo() on:click=move |_| editor.undo()>{tr(MenuMsg::Undo)}</button>
            <button type="button" class="button" disabled=move || !editor.can_redo() on:click=move |_| editor.redo()>{tr(MenuMsg::Redo)}</button>
            <button type="button" class="button" on:click=move |_| zoom_by(1.2)>{tr(MenuMsg::ZoomIn)}</button>
            <button type="button" class="button" on:click=move |_| zoom_by(1.0 / 1.2)>{tr(MenuMsg::ZoomOut)}</button>
            <button type="button" class="button" on:click=move |_| fit()>{tr(MenuMsg::Fit)}</button>
            <button type="button" class="button" on:click=move |_| { editor.arrange(); keep_layout(editor); fit(); }>{tr(MenuMsg::AutoLayout)}</button>
            <button type="button" class="button" aria-pressed=move || outlining.get().to_string()
                on:click=move |_| outlining.update(|o| *o = !*o)>{tr(MenuMsg::Outline)}</button>
            <button type="button" class="button" aria-pressed=move || calling.get().to_string()
                on:click=move |_| calling.update(|c| *c = !*c)>{tr(CallMsg::Title)}</button>
            <button type="button" class="button" aria-pressed=move || historying.get().to_string()
                on:click=move |_| historying.update(|h| *h = !*h)>{tr(HistoryMsg::Open)}</button>
            <span class="editor-status" role="status">{unsaved}</span>
            {find_node(editor, show)}
            <button type="button" class="button button-primary" on:click=move |_| reviewing.set(true)>{tr(MenuMsg::Review)}</button>
        </div>
    }
    .into_any();
    view! {
        <div class="heading">
            <h1>{tr(MenuMsg::EditorTitle)}</h1>
            <a href=urls::IVR>{tr(MenuMsg::Title)}</a>
        </div>
        {focus_note}
        <kept::KeptDraft editor/>
        {toolbar}
        {refused}
        {layout_failed}
        <OnDemand wanted=review_wanted load=move || review::review_dialog(editor, reviewing, on_saved, review_arrived)/>
        <div class="editor">
            <Canvas editor drag area visible/>
            <div class="editor-side">
                // Beside the diagram rather than above it, so that it moves no box.
                {new_key}
                <OnDemand wanted=outlining load=move || side::side_panel(SidePanel::Outline, editor, outlining, show)/>
                <OnDemand wanted=calling load=move || side::side_panel(SidePanel::Caller, editor, calling, show)/>
                <OnDemand wanted=historying load=move || side::side_panel(SidePanel::History, editor, historying, show)/>
                <panel::Properties editor/>
                <problems::Problems editor on_show=show/>
                // Last of the side: above the properties it pushed them down, and an admin
                // (or a spec) typing in them scrolled the diagram out of the window.
                {drift_note(editor, historying)}
            </div>
        </div>
    }
    .into_any()
}

/// Says that the flow was changed outside the console, what changed and since when, with a
/// way to see the difference on the diagram (History, compared with the version before).
fn drift_note(editor: Editor, historying: RwSignal<bool>) -> impl IntoView {
    let lang = use_lang();
    let offset = crate::local_time::use_offset();
    let drift = editor.data.with_value(|d| d.drift.clone())?;
    let before = drift.seq.saturating_sub(1).max(1);
    let text = move || {
        let at = crate::local_time::format(drift.at_ms, offset.get());
        fill(
            HistoryMsg::Drift.text(lang.now()),
            &[
                ("summary", &summary_text(&drift.summary, lang.now())),
                ("at", &at),
                (
                    "since",
                    &crate::local_time::format(drift.since_ms, offset.get()),
                ),
            ],
        )
    };
    Some(view! {
        <p class="notice notice-warning" role="status">
            {text} " "
            <button type="button" class="link" on:click=move |_| {
                editor.pick.set(Some(before));
                historying.set(true);
            }>{tr(HistoryMsg::ShowDrift)}</button>
        </p>
    })
}

/// Whether a key press is typing in a field (where Ctrl+Z undoes the text, not the flow).
#[cfg(feature = "hydrate")]
fn typing(ev: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        // A select has no undo of its own: there the shortcut undoes the last edit.
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"))
}

#[cfg(not(feature = "hydrate"))]
fn typing(_ev: &leptos::ev::KeyboardEvent) -> bool {
    false
}

/// Asks before a page load or a link leaves unsaved changes behind.
fn warn_before_leaving(editor: Editor) {
    listen_on_window(leptos::ev::beforeunload, move |ev| {
        if editor.dirty() {
            ev.prevent_default();
        }
    });
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        // Links inside the console are followed by the router without a page load: ask here,
        // in the capture phase, before the router sees the click.
        let lang = use_lang();
        let on_click =
            Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
                if !editor.dirty() {
                    return;
                }
                let link = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest("a[href]").ok().flatten());
                if link.is_none() {
                    return;
                }
                let leave = window()
                    .confirm_with_message(MenuMsg::LeaveUnsaved.text(lang.get_untracked()))
                    .unwrap_or(true);
                if !leave {
                    ev.prevent_default();
                    ev.stop_immediate_propagation();
                }
            });
        let _ = window().add_event_listener_with_callback_and_bool(
            "click",
            on_click.as_ref().unchecked_ref(),
            true,
        );
        let handle = StoredValue::new_local(Some(on_click));
        on_cleanup(move || {
            if let Some(on_click) = handle.try_update_value(Option::take).flatten() {
                let _ = window().remove_event_listener_with_callback_and_bool(
                    "click",
                    on_click.as_ref().unchecked_ref(),
                    true,
                );
            }
        });
    }
}
