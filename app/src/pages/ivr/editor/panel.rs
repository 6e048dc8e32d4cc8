//! The properties of the selected node: every edit the diagram offers, as form fields, so that
//! the keyboard and screen readers have the whole editor.

use super::state::Editor;
use super::target_field::{choices, encode, TargetField};
use super::words::target_words;
use crate::components::{fetched_on_demand, search, Choice, OnDemand, SearchPicker};
use crate::i18n::{fill, tr, use_lang, Lang, LangNow, MenuMsg};
use crate::ivr::layout::NodeKey;
use crate::ivr::{Agent, Flow, KeyBinding, NodeId, Op, Target, KEYPAD};
use crate::server_fns::groups::pick_agents;
use crate::urls;
use leptos::prelude::*;
use omicall::Strategy;
use std::sync::Arc;

fn value_of(ev: &leptos::ev::Event) -> String {
    event_target_value(ev)
}

/// What the ports' pickers offer, listed once per panel and shared by all its fields (a menu
/// with ten keys would otherwise list every node of the flow ten times on each edit).
struct Targets {
    /// Menus and groups: where a key may lead.
    nodes: Arc<[Choice]>,
    /// Menus, groups and recordings: where a port that may play a recording may lead.
    any: Arc<[Choice]>,
}

impl Targets {
    fn of(flow: &Flow, lang: Lang) -> Targets {
        Targets {
            nodes: choices(flow, false, lang).into(),
            any: choices(flow, true, lang).into(),
        }
    }
}

/// Whether the selection names a box still in the flow (an undone box's selection shows none).
fn selection_drawn(editor: Editor) -> bool {
    editor.selected.with(|selected| match selected {
        Some(NodeKey::Menu(id)) => editor.flow.with(|f| f.menu(id).is_some()),
        Some(NodeKey::Group(id)) => editor.flow.with(|f| f.group(id).is_some()),
        None => false,
    })
}

#[component]
pub fn Properties(editor: Editor) -> impl IntoView {
    let shown = Memo::new(move |_| selection_drawn(editor));
    let nothing = move || {
        (!shown.get()).then(|| view! { <p class="empty">{tr(MenuMsg::NothingSelected)}</p> })
    };
    // A saved menu or group links to its entries in the activity log.
    let activity = move || {
        let (area, id) = match editor.selected.get()? {
            NodeKey::Menu(NodeId::Saved(id)) => (crate::wire::activity::Area::Menus, id),
            NodeKey::Group(NodeId::Saved(id)) => (crate::wire::activity::Area::RingGroups, id),
            _ => return None,
        };
        Some(view! {
            <p class="object-activity">
                <a href=urls::object_activity(area, &id)>{tr(crate::i18n::ActivityMsg::ObjectHistory)}</a>
            </p>
        })
    };
    view! {
        <section class="editor-panel" aria-labelledby="properties-title">
            <h2 id="properties-title">{tr(MenuMsg::Properties)}</h2>
            {nothing}
            <OnDemand wanted=shown load=move || fields(editor)/>
            {activity}
        </section>
    }
}

fetched_on_demand! {
    editor_properties:
    /// The selected box's fields, fetched the first time a box is selected: the diagram is
    /// drawn, panned, searched and read before any is, and their code is 20 KB (brotli) that
    /// the editor's open no longer fetches.
    fn fields(editor: Editor) -> AnyView {
        focus_port_when_drawn(editor);
        let lang = use_lang();
        (move || {
            let selected = editor.selected.get();
            let lang = lang.now();
            // Read in place: a copy of the flow held every vendor record, and copying it and
            // dropping the copy were most of this panel's 32 ms in a large flow's open.
            editor.flow.with(|flow| match selected {
                Some(NodeKey::Menu(id)) => menu_panel(editor, flow, id, lang),
                Some(NodeKey::Group(id)) => group_panel(editor, flow, id, lang),
                None => ().into_any(),
            })
        })
        .into_any()
    }
}

/// Focuses the field a port asked for (`Editor::focus_port`) in the frame after the fields that
/// hold it were drawn: at once when the panel is here, when its code arrives the first time. A
/// request for a box no longer selected when the fields arrive (another was chosen meanwhile,
/// or it was undone and the fetch given up) is dropped.
fn focus_port_when_drawn(editor: Editor) {
    Effect::new(move |_| {
        let Some((node, port)) = editor.focus_port.get() else {
            return;
        };
        editor.focus_port.set(None);
        if editor
            .selected
            .with_untracked(|s| s.as_ref() != Some(&node))
        {
            return;
        }
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let id = port_field_id(&port);
            request_animation_frame(move || {
                if let Some(el) = document()
                    .get_element_by_id(&id)
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = el.focus();
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = port;
    });
}

/// One of a menu's three sounds, as its picker shows and edits it.
struct Sound {
    id: &'static str,
    label: MenuMsg,
    current: Option<String>,
    make: fn(NodeId, Option<String>) -> Op,
}

fn sound_select(editor: Editor, flow: &Flow, menu: NodeId, sound: Sound, lang: Lang) -> AnyView {
    let Sound {
        id,
        label,
        current,
        make,
    } = sound;
    let can_listen = editor.data.with_value(|d| d.can_listen);
    let options = flow
        .recordings()
        .map(|r| {
            let selected = current.as_deref() == Some(r.id());
            view! { <option value=r.id().to_owned() prop:selected=selected>{r.name().to_owned()}</option> }
        })
        .collect_view();
    let audio = current
        .as_ref()
        .and_then(|g| flow.recording(g))
        .and_then(|r| r.greeting().recording_file.clone())
        .filter(|_| can_listen)
        .map(|file| view! { <audio controls preload="none" src=urls::greeting_audio(&file) aria-label=MenuMsg::Play.text(lang)></audio> });
    view! {
        <div class="field">
            <label for=id>{label.text(lang)}</label>
            <select id=id on:change=move |ev| {
                let value = value_of(&ev);
                editor.apply(make(menu.clone(), (!value.is_empty()).then_some(value)));
            }>
                <option value="" prop:selected=current.is_none()>{MenuMsg::None.text(lang)}</option>
                {options}
            </select>
            {audio}
        </div>
    }
    .into_any()
}

fn number_field(
    id: &'static str,
    label: MenuMsg,
    value: Option<i64>,
    lang: Lang,
    on_set: impl Fn(u32) + 'static,
) -> AnyView {
    view! {
        <div class="field">
            <label for=id>{label.text(lang)}</label>
            <input id=id type="number" inputmode="numeric" prop:value=value.map(|v| v.to_string()).unwrap_or_default()
                on:change=move |ev| {
                    if let Ok(v) = value_of(&ev).trim().parse::<u32>() {
                        on_set(v);
                    }
                }/>
        </div>
    }
    .into_any()
}

fn menu_panel(editor: Editor, flow: &Flow, id: NodeId, lang: Lang) -> AnyView {
    let Some(menu) = flow.menu(&id).cloned() else {
        return ().into_any();
    };
    let targets = Targets::of(flow, lang);
    let rename_id = id.clone();
    let entry_id = id.clone();
    let fallback_id = id.clone();
    let delete_id = id.clone();
    let sounds = [
        Sound {
            id: "menu-greeting",
            label: MenuMsg::FieldGreeting,
            current: menu.greeting.clone(),
            make: |menu, greeting| Op::SetGreeting { menu, greeting },
        },
        Sound {
            id: "menu-short-greeting",
            label: MenuMsg::FieldShortGreeting,
            current: menu.short_greeting.clone(),
            make: |menu, greeting| Op::SetShortGreeting { menu, greeting },
        },
        Sound {
            id: "menu-invalid-sound",
            label: MenuMsg::FieldInvalidSound,
            current: menu.invalid_sound.clone(),
            make: |menu, sound| Op::SetInvalidSound { menu, sound },
        },
    ]
    .into_iter()
    .map(|sound| sound_select(editor, flow, id.clone(), sound, lang))
    .collect_view();
    let (time_id, tries_id) = (id.clone(), id.clone());
    let numbers = view! {
        {number_field("menu-time-out", MenuMsg::FieldTimeOut, menu.time_out, lang,
            move |seconds| { editor.apply(Op::SetTimeOut { menu: time_id.clone(), seconds }); })}
        {number_field("menu-max-failure", MenuMsg::FieldMaxFailure, menu.max_failure, lang,
            move |tries| { editor.apply(Op::SetMaxFailure { menu: tries_id.clone(), tries }); })}
    }
    .into_any();
    let keys = menu
        .keys
        .iter()
        .enumerate()
        .map(|(index, binding)| key_row(editor, flow, (&id, index, binding), &targets, lang))
        .collect_view();
    let free: Vec<char> = KEYPAD
        .iter()
        .copied()
        .filter(|k| menu.binding(*k).is_none())
        .collect();
    let add_id = id.clone();
    let new_key = RwSignal::new(free.first().copied());
    let add_key = (!free.is_empty()).then(|| {
        let options = free
            .iter()
            .map(|k| view! { <option value=k.to_string()>{k.to_string()}</option> })
            .collect_view();
        let on_set = Callback::new(move |target: Option<Target>| {
            if let (Some(key), Some(target)) = (new_key.get_untracked(), target) {
                editor.apply(Op::SetKey { menu: add_id.clone(), key, target });
            }
        });
        view! {
            <div class="field add-key">
                <label for="add-key-key">{MenuMsg::AddKey.text(lang)}</label>
                <select id="add-key-key" on:change=move |ev| new_key.set(value_of(&ev).chars().next())>{options}</select>
                <TargetField id="add-key-target".to_owned() label=MenuMsg::AddKeyTarget.text(lang).to_owned()
                    current=None now=target_words(flow, None, lang) choices=targets.nodes.clone() on_set lang/>
            </div>
        }
    });
    let fallback = optional_port(
        ("port-fallback", MenuMsg::FieldFallback),
        menu.fallback.as_ref(),
        (flow, targets.any),
        lang,
        Callback::new(move |target| {
            editor.apply(Op::SetFallback {
                menu: fallback_id.clone(),
                target,
            });
        }),
    );
    view! {
        <div class="panel-fields">
            <div class="field">
                <label for="menu-name">{MenuMsg::FieldName.text(lang)}</label>
                <input id="menu-name" type="text" prop:value=menu.name.clone() maxlength="255"
                    on:change=move |ev| { editor.apply(Op::Rename { menu: rename_id.clone(), name: value_of(&ev) }); }/>
            </div>
            <label class="check">
                <input type="checkbox" prop:checked=menu.entry
                    on:change=move |ev| { editor.apply(Op::SetEntry { menu: entry_id.clone(), entry: event_target_checked(&ev) }); }/>
                {MenuMsg::FieldEntry.text(lang)}
            </label>
            {sounds}
            {numbers}
            <fieldset class="keys">
                <legend>{MenuMsg::FieldKeys.text(lang)}</legend>
                {keys}
                {add_key}
            </fieldset>
            {fallback}
            // Whatever led to the menu is left unconnected, and the problems panel says so.
            <button type="button" class="button button-danger-outline" id="menu-delete"
                on:click=move |_| { editor.apply(Op::DeleteMenu { menu: delete_id.clone() }); }>
                {fill(MenuMsg::DeleteNode.text(lang), &[("name", &menu.name)])}
            </button>
        </div>
    }
    .into_any()
}

/// The field of a port that may lead nowhere (a menu's fallback, a group's time-out): any
/// target, recordings included, and a button that clears it.
fn optional_port(
    (id, label): (&'static str, MenuMsg),
    current: Option<&Target>,
    (flow, choices): (&Flow, Arc<[Choice]>),
    lang: Lang,
    on_set: Callback<Option<Target>>,
) -> AnyView {
    let label = label.text(lang).to_owned();
    let clear = fill(MenuMsg::ClearTarget.text(lang), &[("port", &label)]);
    view! {
        <TargetField id=id.to_owned() label current=current.cloned()
            now=target_words(flow, current, lang) choices
            clear on_set lang/>
    }
    .into_any()
}

/// A configured key's field: where it leads, and its remove button. The key comes as its menu,
/// its place among the menu's entries and the entry itself.
fn key_row(
    editor: Editor,
    flow: &Flow,
    (menu, index, binding): (&NodeId, usize, &KeyBinding),
    targets: &Targets,
    lang: Lang,
) -> AnyView {
    let (key, target) = (binding.key.clone(), binding.target.as_ref());
    let label = fill(MenuMsg::FieldKeyTarget.text(lang), &[("key", &key)]);
    let remove = fill(MenuMsg::RemoveKey.text(lang), &[("key", &key)]);
    let field_id = format!("port-key-{key}");
    let (set_menu, remove_menu) = (menu.clone(), menu.clone());
    let (set_key, remove_key) = (key.clone(), key.clone());
    // A key that leads nowhere is removed, not cleared: the "×" beside it does that.
    let on_set = Callback::new(move |target: Option<Target>| {
        if let (Some(k), Some(target)) = (crate::ivr::keys::parse_key(&set_key), target) {
            editor.apply(Op::SetKey {
                menu: set_menu.clone(),
                key: k,
                target,
            });
        }
    });
    view! {
        <div class="key-row">
            <TargetField id=field_id label current=target.cloned() now=target_words(flow, target, lang)
                choices=targets.nodes.clone() on_set lang/>
            <button type="button" class="button" aria-label=remove.clone() title=remove
                on:click=move |_| { editor.apply(Op::RemoveEntry { menu: remove_menu.clone(), index, key: remove_key.clone() }); }>
                "×"
            </button>
        </div>
    }
    .into_any()
}

const STRATEGIES: [Strategy; 3] = [
    Strategy::Simultaneous,
    Strategy::Sequential,
    Strategy::Random,
];

fn group_panel(editor: Editor, flow: &Flow, id: NodeId, lang: Lang) -> AnyView {
    let Some(group) = flow.group(&id).cloned() else {
        return ().into_any();
    };
    let radios = STRATEGIES
        .iter()
        .map(|s| {
            let checked = group.strategy.as_ref() == Some(s);
            let (group_id, strategy) = (id.clone(), s.clone());
            view! {
                <label class="check">
                    <input type="radio" name="group-strategy" prop:checked=checked
                        on:change=move |_| { editor.apply(Op::SetGroupStrategy { group: group_id.clone(), strategy: strategy.clone() }); }/>
                    {crate::pages::groups::strategy_name(s).get(lang)}
                </label>
            }
        })
        .collect_view();
    let rename_id = id.clone();
    let timeout_id = id.clone();
    let on_timeout_id = id.clone();
    let on_timeout = optional_port(
        ("port-on-timeout", MenuMsg::FieldOnTimeout),
        group.on_timeout.as_ref(),
        (flow, choices(flow, true, lang).into()),
        lang,
        Callback::new(move |target| {
            editor.apply(Op::SetGroupOnTimeout {
                group: on_timeout_id.clone(),
                target,
            });
        }),
    );
    let seconds = group
        .ring_times()
        .first()
        .copied()
        .flatten()
        .or(group.member_timeout);
    let heading = match &id {
        NodeId::Saved(saved) => {
            view! { <p><a href=urls::ring_group(saved)>{group.name.clone()}</a></p> }.into_any()
        }
        NodeId::Draft(_) => ().into_any(),
    };
    view! {
        <div class="panel-fields">
            {heading}
            <div class="field">
                <label for="group-name">{MenuMsg::FieldGroupName.text(lang)}</label>
                <input id="group-name" type="text" prop:value=group.name.clone() maxlength="255"
                    on:change=move |ev| { editor.apply(Op::RenameGroup { group: rename_id.clone(), name: value_of(&ev) }); }/>
            </div>
            {members_field(editor, &group, lang)}
            <fieldset>
                <legend>{MenuMsg::FieldStrategy.text(lang)}</legend>
                {radios}
            </fieldset>
            {number_field("group-member-timeout", MenuMsg::FieldMemberTimeout, seconds, lang,
                move |seconds| { editor.apply(Op::SetGroupMemberTimeout { group: timeout_id.clone(), seconds }); })}
            {on_timeout}
            {delete_group_field(editor, flow, &group, lang)}
        </div>
    }
    .into_any()
}

/// The members in ringing order, each with its remove button, and a picker of the agents not
/// yet in the group.
fn members_field(editor: Editor, group: &crate::ivr::Group, lang: Lang) -> AnyView {
    let rows = group
        .members
        .iter()
        .enumerate()
        .map(|(index, m)| {
            let (gid, label) = (group.id.clone(), m.label());
            let shown = match &m.name {
                Some(name) => format!("{label} · {name}"),
                None => label.clone(),
            };
            let remove = fill(MenuMsg::RemoveMember.text(lang), &[("who", &label)]);
            view! {
                <li>
                    <span>{shown}</span>
                    <button type="button" class="button button-danger-outline" aria-label=remove.clone() title=remove
                        on:click=move |_| { editor.apply(Op::RemoveMember { group: gid.clone(), index, member: label.clone() }); }>
                        "×"
                    </button>
                </li>
            }
        })
        .collect_view();
    let members = group.members.clone();
    // The agents the picker offers now, by id, for the pick to add.
    let offered = StoredValue::new(Vec::<Agent>::new());
    let search = search(move |keyword: String| {
        let members = members.clone();
        async move {
            let found: Vec<Agent> = pick_agents(keyword)
                .await?
                .into_iter()
                .filter(|a| !members.iter().any(|m| m.is_agent(a)))
                .collect();
            let choices = found
                .iter()
                .map(|a| Choice::extension(a.agent_id.clone(), &a.sip_user, a.name.as_deref()))
                .collect();
            // The panel may have closed while the vendor answered.
            let _ = offered.try_set_value(found);
            Ok(choices)
        }
    });
    let gid = group.id.clone();
    let add = Callback::new(move |choice: Choice| {
        let agent =
            offered.with_value(|found| found.iter().find(|a| a.agent_id == choice.id).cloned());
        if let Some(agent) = agent {
            editor.apply(Op::AddMember {
                group: gid.clone(),
                agent,
            });
        }
    });
    let empty = group
        .members
        .is_empty()
        .then(|| view! { <p class="empty">{MenuMsg::NoMembers.text(lang)}</p> });
    view! {
        <div class="field">
            <span class="label">{crate::i18n::GroupMsg::FieldMembers.text(lang)}</span>
            {empty}
            <ol class="member-list">{rows}</ol>
            <SearchPicker id="group-add-member" label=MenuMsg::AddMember.text(lang)
                placeholder=crate::i18n::GroupMsg::MemberSearchPlaceholder search on_pick=add/>
        </div>
    }
    .into_any()
}

/// Deleting the group from the draft; while something leads to it, where that goes instead.
fn delete_group_field(
    editor: Editor,
    flow: &Flow,
    group: &crate::ivr::Group,
    lang: Lang,
) -> AnyView {
    let used = !flow.references_to_group(&group.id).is_empty();
    let repoint = RwSignal::new(None::<Target>);
    let picker = used.then(|| {
        let itself = encode(Some(&Target::Group(group.id.clone())));
        let offered: Arc<[Choice]> = choices(flow, true, lang)
            .into_iter()
            .filter(|c| c.id != itself)
            .collect();
        let now = Signal::derive(move || {
            let target = repoint.get();
            editor.flow.with(|f| target_words(f, target.as_ref(), lang))
        });
        view! {
            <TargetField id="group-repoint".to_owned() label=MenuMsg::Repoint.text(lang).to_owned()
                current=None now choices=offered on_set=Callback::new(move |target| repoint.set(target)) lang/>
        }
    });
    let gid = group.id.clone();
    let label = fill(MenuMsg::DeleteNode.text(lang), &[("name", &group.name)]);
    view! {
        {picker}
        <button type="button" class="button button-danger-outline" id="group-delete"
            on:click=move |_| { editor.apply(Op::DeleteGroup { group: gid.clone(), repoint: repoint.get_untracked() }); }>
            {label}
        </button>
    }
    .into_any()
}

/// The field of a port, for focusing from the diagram.
#[cfg(feature = "hydrate")]
fn port_field_id(port: &super::geometry::Port) -> String {
    use super::geometry::Port;
    match port {
        Port::Key(k) => format!("port-key-{k}"),
        Port::NewKey => "add-key-key".to_owned(),
        Port::Fallback => "port-fallback".to_owned(),
        Port::OnTimeout => "port-on-timeout".to_owned(),
    }
}
