//! Where a group's unanswered calls go: nowhere, or a group, menu or greeting found by name.

use super::target_kind_name;
use crate::components::fetched_on_demand;
use crate::components::{
    control_aria, search, Choice, FieldError, FieldErrors, OnDemand, SearchPicker,
};
use crate::i18n::{tr, tr_string, GroupMsg};
use crate::server_fns::groups::pick_targets;
use leptos::prelude::*;
use omicall::ActionType;

/// The kinds a target can be picked from.
const PICKABLE: [ActionType; 3] = [
    ActionType::RingGroup,
    ActionType::IvrMenu,
    ActionType::Recording,
];

#[component]
pub fn TargetPicker(
    kind: RwSignal<Option<ActionType>>,
    target: RwSignal<Option<Choice>>,
    /// The group being edited: it cannot pass its calls to itself.
    own_id: Option<String>,
    errors: FieldErrors,
) -> impl IntoView {
    let error = errors.message("target_timeout");
    let (described, invalid) = control_aria("target", error);
    // A kind this form cannot pick from (voice mail, say) stays selectable while it is the
    // current one, so that saving keeps it.
    let kept = kind.get_untracked().filter(|k| !PICKABLE.contains(k));
    let options = PICKABLE
        .iter()
        .cloned()
        .chain(kept)
        .map(|k| {
            let value = k.as_str().to_owned();
            let selected = value.clone();
            view! {
                <option value=value selected=move || kind.read().as_ref().map(ActionType::as_str) == Some(selected.as_str())>
                    {tr(target_kind_name(&k))}
                </option>
            }
        })
        .collect_view();
    let exclude = Signal::derive(move || own_id.clone().into_iter().collect::<Vec<_>>());
    let pickable = move || kind.read().as_ref().is_some_and(|k| PICKABLE.contains(k));
    view! {
        <fieldset class="target-picker">
            <legend>{tr(GroupMsg::FieldOnTimeout)}</legend>
            <div class="field">
                <label for="target-kind">{tr(GroupMsg::TargetKind)}</label>
                <select
                    id="target-kind"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        kind.set((!value.is_empty()).then(|| ActionType::from(value.as_str())));
                        target.set(None);
                        errors.clear();
                    }
                >
                    <option value="" selected=move || kind.read().is_none()>{tr(GroupMsg::TargetNone)}</option>
                    {options}
                </select>
            </div>
            {move || target.get().map(|chosen| view! {
                <p class="chosen" data-testid="chosen-target">
                    <span>{chosen.label}</span>
                </p>
            })}
            <OnDemand wanted=pickable load=move || target_search(kind, target, errors, exclude, described, invalid)/>
            <FieldError id="target" error/>
        </fieldset>
    }
}

fetched_on_demand! {
    group_target_search:
    /// The search for a target of the chosen kind: fetched once a kind with targets is chosen.
    fn target_search(
        kind: RwSignal<Option<ActionType>>,
        target: RwSignal<Option<Choice>>,
        errors: FieldErrors,
        exclude: Signal<Vec<String>>,
        described: Signal<String>,
        invalid: Signal<&'static str>,
    ) -> AnyView {
        let search = search(move |keyword: String| {
            let kind = kind.get_untracked().unwrap_or(ActionType::RingGroup);
            pick_targets(kind, keyword)
        });
        view! {
            <SearchPicker
                id="target"
                label=tr_string(GroupMsg::Target)
                placeholder=GroupMsg::TargetSearchPlaceholder
                search
                on_pick=Callback::new(move |choice: Choice| {
                    target.set(Some(choice));
                    errors.clear();
                })
                exclude
                described_by=described
                invalid
            />
        }
        .into_any()
    }
}
