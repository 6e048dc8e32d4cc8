//! One ring group: create (`/ring-groups/new`) or edit (`/ring-groups/{id}`), with the
//! someone-else-changed-it prompt, and delete. Members are edited in the form only, and
//! reach the call center with the rest of the group when it is saved.

use super::target::TargetPicker;
use super::{strategy_hint, strategy_name, target_label, STRATEGIES};
use crate::components::fetched_on_demand;
use crate::components::{
    awaiting, control_aria, reloadable, search, use_toast, Choice, DeleteTexts, DeleteWithUsages,
    Doomed, ErrorNotice, FieldError, FieldErrors, Loaded, OnDemand, OrderedList, SearchPicker,
    TextField, Toast,
};
use crate::error::AppError;
use crate::i18n::{fill, tr, tr_string, use_lang, GroupMsg, Lang, LangNow};
use crate::server_fns::groups::{
    delete_group, group_usages, pick_extensions, ring_group, save_group, GroupDraft, GroupView,
    SaveOutcome, TargetView,
};
use crate::urls;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use omicall::{ActionType, Strategy};

/// The path segment that asks for a new group instead of an existing one.
const NEW: &str = "new";

#[component]
pub fn GroupPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    view! {
        <p><a href=urls::RING_GROUPS>{tr(GroupMsg::BackToList)}</a></p>
        {move || {
            let id = id.get();
            if id == NEW {
                view! {
                    <h1>{tr(GroupMsg::NewTitle)}</h1>
                    <GroupForm initial=None/>
                }
                .into_any()
            } else {
                view! { <ExistingGroup id/> }.into_any()
            }
        }}
    }
}

#[component]
fn ExistingGroup(id: String) -> impl IntoView {
    let group = reloadable(move || id.clone(), ring_group);
    let lang = use_lang();
    view! {
        <Loaded data=group show=move |group: GroupView| {
            let title = group.name.clone();
            let history = urls::object_activity(crate::wire::activity::Area::RingGroups, &group.id);
            view! {
                <h1>{move || fill(GroupMsg::EditTitle.text(lang.now()), &[("name", &title)])}</h1>
                <p><a href=history>{tr(crate::i18n::ActivityMsg::ObjectHistory)}</a></p>
                <GroupForm initial=Some(group)/>
            }
        }/>
    }
}

/// The form's state: each field a signal, so that a reload or a conflict can replace it whole.
#[derive(Clone, Copy)]
struct Draft {
    name: RwSignal<String>,
    strategy: RwSignal<Strategy>,
    timeout: RwSignal<String>,
    members: RwSignal<Vec<Choice>>,
    kind: RwSignal<Option<ActionType>>,
    target: RwSignal<Option<Choice>>,
}

impl Draft {
    fn new(group: Option<&GroupView>) -> Self {
        let draft = Draft {
            name: RwSignal::new(String::new()),
            strategy: RwSignal::new(Strategy::Simultaneous),
            timeout: RwSignal::new(omicall::rules::DEFAULT_MEMBER_TIMEOUT.to_string()),
            members: RwSignal::new(Vec::new()),
            kind: RwSignal::new(None),
            target: RwSignal::new(None),
        };
        if let Some(group) = group {
            draft.load(group);
        }
        draft
    }

    fn load(&self, group: &GroupView) {
        self.name.set(group.name.clone());
        self.strategy.set(group.strategy.clone());
        self.timeout.set(group.timeout.to_string());
        self.members.set(group.members.clone());
        self.kind
            .set(group.on_timeout.as_ref().map(|t| t.kind.clone()));
        self.target.set(group.on_timeout.as_ref().map(|t| Choice {
            id: t.id.clone(),
            label: t.name.clone().unwrap_or_else(|| t.id.clone()),
        }));
    }

    /// The draft as the server function takes it.
    fn form(&self) -> GroupDraft {
        let (target_kind, target_id) = match self.kind.get_untracked() {
            None => Default::default(),
            Some(kind) => (
                kind.as_str().to_owned(),
                self.target
                    .get_untracked()
                    .map(|t| t.id)
                    .unwrap_or_default(),
            ),
        };
        GroupDraft {
            name: self.name.get_untracked(),
            strategy: self.strategy.get_untracked().as_str().to_owned(),
            timeout: self.timeout.get_untracked(),
            members: self
                .members
                .get_untracked()
                .into_iter()
                .map(|m| m.id)
                .collect(),
            target_kind,
            target_id,
        }
    }

    /// The draft as a view of a group, to compare with the call center's copy.
    fn as_view(&self) -> GroupView {
        GroupView {
            id: String::new(),
            name: self.name.get_untracked(),
            number: None,
            strategy: self.strategy.get_untracked(),
            timeout: self.timeout.get_untracked().trim().parse().unwrap_or(0),
            members: self.members.get_untracked(),
            on_timeout: self
                .kind
                .get_untracked()
                .zip(self.target.get_untracked())
                .map(|(kind, t)| TargetView {
                    kind,
                    id: t.id,
                    name: Some(t.label),
                }),
            last_updated: None,
        }
    }
}

/// What a save sends.
#[derive(Debug, Clone)]
struct SaveRequest {
    id: Option<String>,
    seen: Option<i64>,
    overwrite: bool,
    draft: GroupDraft,
}

#[component]
fn GroupForm(initial: Option<GroupView>) -> impl IntoView {
    let lang = use_lang();
    let toast = use_toast();
    let navigate = use_navigate();
    let id = initial.as_ref().map(|g| g.id.clone());
    let draft = Draft::new(initial.as_ref());
    // What the form was loaded from: the base the call center's copy is compared with.
    let loaded = RwSignal::new(initial.clone());
    let conflict = RwSignal::new(None::<GroupView>);
    let errors = FieldErrors::default();
    let failure = RwSignal::new(None::<AppError>);

    let save = Action::new(move |req: &SaveRequest| {
        let req = req.clone();
        save_group(req.id, req.draft, req.seen, req.overwrite)
    });
    let creating = id.is_none();
    let submit = {
        let id = id.clone();
        move |overwrite: bool| {
            errors.clear();
            failure.set(None);
            let form = draft.form();
            if let Err(err) = form.input() {
                errors.set(err);
                return;
            }
            save.dispatch(SaveRequest {
                id: id.clone(),
                seen: loaded.get_untracked().and_then(|g| g.last_updated),
                overwrite,
                draft: form,
            });
        }
    };
    Effect::new(move |_| {
        let Some(result) = save.value().get() else {
            return;
        };
        let lang = lang.get_untracked();
        match result {
            Ok(SaveOutcome::Saved(group)) => {
                let msg = if creating {
                    GroupMsg::Created
                } else {
                    GroupMsg::Saved
                };
                toast(Toast::Success(fill(
                    msg.text(lang),
                    &[("name", &group.name)],
                )));
                conflict.set(None);
                if creating {
                    navigate(&urls::ring_group(&group.id), NavigateOptions::default());
                } else {
                    draft.load(&group);
                    loaded.set(Some(group));
                }
            }
            Ok(SaveOutcome::Changed(theirs)) => conflict.set(Some(theirs)),
            Err(error) => {
                if !errors.take(&error) {
                    failure.set(Some(error));
                }
            }
        }
    });
    let on_submit = {
        let submit = submit.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            submit(false);
        }
    };
    let overwrite = Callback::new(move |()| submit(true));
    let reload_theirs = Callback::new(move |()| {
        if let Some(theirs) = conflict.get_untracked() {
            draft.load(&theirs);
            loaded.set(Some(theirs));
            conflict.set(None);
        }
    });
    let members_error = errors.message("sip_members");
    let (members_described, members_invalid) = control_aria("member-search", members_error);
    let member_ids = Signal::derive(move || {
        draft
            .members
            .get()
            .into_iter()
            .map(|m| m.id)
            .collect::<Vec<_>>()
    });
    // Type-erased in parts: the whole form as one view type is deeper than rustc's query
    // limit when the server's crates compute its layout.
    let form = view! {
        <form class="form group-form card" on:submit=on_submit novalidate aria-label=tr(GroupMsg::Title)>
            <TextField id="group-name" label=GroupMsg::FieldName field="group_name" errors value=draft.name required=true/>
            <StrategyChoice strategy=draft.strategy/>
            <TextField id="group-timeout" label=GroupMsg::FieldTimeout field="timeout" errors value=draft.timeout kind="number" required=true/>
            <fieldset class="members">
                <legend>{tr(GroupMsg::FieldMembers)}</legend>
                <p class="hint">{tr(GroupMsg::OrderHint)}</p>
                {view! { <OrderedList items=draft.members label=GroupMsg::FieldMembers empty=GroupMsg::NoMembers/> }.into_any()}
                <SearchPicker
                    id="member-search"
                    label=tr_string(GroupMsg::MemberSearch)
                    placeholder=GroupMsg::MemberSearchPlaceholder
                    search=search(pick_extensions)
                    on_pick=Callback::new(move |member: Choice| draft.members.update(|m| m.push(member)))
                    exclude=member_ids
                    described_by=members_described
                    invalid=members_invalid
                />
                <FieldError id="member-search" error=members_error/>
            </fieldset>
            {view! { <TargetPicker kind=draft.kind target=draft.target own_id=id.clone() errors/> }.into_any()}
            {move || conflict.get().map(|theirs| {
                Suspend::new(awaiting(conflict_notice(draft.as_view(), loaded.get_untracked(), theirs, reload_theirs, overwrite), None))
            })}
            {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
            <div class="form-actions">
                <button type="submit" class="button-primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { tr(GroupMsg::Saving)() } else { tr(GroupMsg::Save)() }}
                </button>
            </div>
        </form>
    }
    .into_any();
    let sections = id.map(|group_id| {
        let name = draft.name;
        view! {
            <OnDemand wanted=true load=move || saved_group_sections(group_id.clone(), name)/>
        }
    });
    view! { {form} {sections} }
}

fetched_on_demand! {
    group_saved_sections:
    /// What only a saved group has (its delete): not part of a new group's page.
    fn saved_group_sections(group_id: String, name: RwSignal<String>) -> AnyView {
        view! { <DeleteGroup id=group_id name/> }.into_any()
    }
}

#[component]
fn StrategyChoice(strategy: RwSignal<Strategy>) -> impl IntoView {
    let choices = STRATEGIES
        .iter()
        .map(|s| {
            let value = s.clone();
            let checked = s.clone();
            let hint = strategy_hint(s);
            let hint_id = format!("strategy-{}-hint", s.as_str());
            view! {
                <label class="radio">
                    <input type="radio" name="strategy" value=s.as_str().to_owned()
                        prop:checked=move || *strategy.read() == checked
                        aria-describedby=hint_id.clone()
                        on:change=move |_| strategy.set(value.clone())/>
                    <span class="radio-label">{tr(strategy_name(s))}</span>
                    {hint.map(|h| view! { <span class="hint" id=hint_id>{tr(h)}</span> })}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="strategy">
            <legend>{tr(GroupMsg::FieldStrategy)}</legend>
            {choices}
        </fieldset>
    }
}

/// One field of a group as shown in the conflict table.
fn field_value(field: GroupMsg, group: &GroupView, lang: Lang) -> String {
    match field {
        GroupMsg::FieldName => group.name.clone(),
        GroupMsg::FieldStrategy => strategy_name(&group.strategy).get(lang).to_owned(),
        GroupMsg::FieldTimeout => group.timeout.to_string(),
        GroupMsg::FieldMembers => group
            .members
            .iter()
            .map(|m| m.label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        _ => match &group.on_timeout {
            None => GroupMsg::TargetNone.text(lang).to_owned(),
            Some(t) => target_label(t, lang),
        },
    }
}

const COMPARED: [GroupMsg; 5] = [
    GroupMsg::FieldName,
    GroupMsg::FieldStrategy,
    GroupMsg::FieldTimeout,
    GroupMsg::FieldMembers,
    GroupMsg::FieldOnTimeout,
];

fetched_on_demand! {
    group_conflict_notice:
    /// The fields someone else changed since `base` was loaded: theirs and mine side by side.
    /// Fetched when a save meets such a change.
    fn conflict_notice(
        mine: GroupView,
        base: Option<GroupView>,
        theirs: GroupView,
        reload_theirs: Callback<()>,
        overwrite: Callback<()>,
    ) -> AnyView {
        let lang = use_lang();
        let rows = move || {
            let lang = lang.now();
            COMPARED
                .iter()
                .filter(|f| {
                    base.as_ref()
                        .is_none_or(|b| field_value(**f, b, lang) != field_value(**f, &theirs, lang))
                })
                .map(|f| {
                    view! {
                        <tr>
                            <th scope="row">{f.text(lang)}</th>
                            <td>{field_value(*f, &theirs, lang)}</td>
                            <td>{field_value(*f, &mine, lang)}</td>
                        </tr>
                    }
                })
                .collect_view()
        };
        view! {
            <div class="notice notice-warning conflict" role="alert">
                <h2>{tr(GroupMsg::ConflictTitle)}</h2>
                <p>{tr(GroupMsg::ConflictBody)}</p>
                <table class="table">
                    <thead><tr>
                        <th scope="col">{tr(GroupMsg::ConflictField)}</th>
                        <th scope="col">{tr(GroupMsg::ConflictTheirs)}</th>
                        <th scope="col">{tr(GroupMsg::ConflictYours)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <div class="form-actions">
                    <button type="button" class="button-secondary" on:click=move |_| reload_theirs.run(())>{tr(GroupMsg::ReloadTheirs)}</button>
                    <button type="button" class="button-danger" on:click=move |_| overwrite.run(())>{tr(GroupMsg::Overwrite)}</button>
                </div>
            </div>
        }
        .into_any()
    }
}

const DELETE_TEXTS: DeleteTexts = DeleteTexts {
    in_use: GroupMsg::InUse.pair(),
    confirm_title: GroupMsg::ConfirmDeleteTitle.pair(),
    confirm_body: GroupMsg::ConfirmDeleteBody.pair(),
    deleted: GroupMsg::Deleted.pair(),
};

/// The danger zone: its button asks for the delete; where the group is used comes first.
#[component]
fn DeleteGroup(id: String, name: RwSignal<String>) -> impl IntoView {
    let navigate = use_navigate();
    let doomed = RwSignal::new(None::<Doomed>);
    let on_deleted =
        Callback::new(move |()| navigate(urls::RING_GROUPS, NavigateOptions::default()));
    view! {
        <section class="card danger-zone" aria-labelledby="delete-group">
            <h2 id="delete-group">{tr(GroupMsg::DeleteSection)}</h2>
            <DeleteWithUsages doomed on_deleted usages=group_usages delete=delete_group texts=DELETE_TEXTS/>
            <button type="button" class="button-danger"
                on:click=move |_| doomed.set(Some(Doomed { id: id.clone(), name: name.get_untracked() }))>
                {tr(GroupMsg::DeleteButton)}
            </button>
        </section>
    }
}
