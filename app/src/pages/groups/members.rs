//! Members added or removed on the call center at once, each confirmed and reported, without
//! saving the rest of the group.

use crate::components::{search, use_toast, Choice, ConfirmDialog, SearchPicker, Toast};
use crate::i18n::{fill, tr, tr_string, use_lang, GroupMsg};
use crate::server_fns::groups::{change_group_member, pick_extensions, GroupView};
use leptos::prelude::*;

/// A member change waiting for the admin's confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pending {
    member: Choice,
    add: bool,
}

#[component]
pub fn QuickMembers(
    group_id: String,
    /// The members as the call center has them.
    saved: RwSignal<Vec<Choice>>,
    /// Called with the group as it is after each change.
    on_changed: Callback<GroupView>,
) -> impl IntoView {
    let lang = use_lang();
    let toast = use_toast();
    let pending = RwSignal::new(None::<Pending>);
    let change = Action::new(move |p: &Pending| {
        let p = p.clone();
        let group_id = group_id.clone();
        async move {
            let result = change_group_member(group_id, p.member.id.clone(), p.add).await;
            (p, result)
        }
    });
    Effect::new(move |_| {
        if let Some((p, result)) = change.value().get() {
            let lang = lang.get_untracked();
            match result {
                Ok(group) => {
                    let msg = if p.add {
                        GroupMsg::MemberAdded
                    } else {
                        GroupMsg::MemberRemoved
                    };
                    toast(Toast::Success(fill(
                        msg.text(lang),
                        &[("member", &p.member.label)],
                    )));
                    saved.set(group.members.clone());
                    on_changed.run(group);
                }
                Err(error) => toast(Toast::Failure(error.message(lang))),
            }
        }
    });
    let question = move |add_msg: GroupMsg, remove_msg: GroupMsg| {
        Signal::derive(move || {
            pending
                .get()
                .map(|p| {
                    let msg = if p.add { add_msg } else { remove_msg };
                    fill(msg.text(lang.get()), &[("member", &p.member.label)])
                })
                .unwrap_or_default()
        })
    };
    let exclude = Signal::derive(move || saved.get().into_iter().map(|c| c.id).collect::<Vec<_>>());
    view! {
        <section class="card" aria-labelledby="quick-members">
            <h2 id="quick-members">{tr(GroupMsg::QuickMembers)}</h2>
            <p class="hint">{tr(GroupMsg::QuickHint)}</p>
            <ul class="member-list" aria-label=tr(GroupMsg::FieldMembers)>
                {move || saved.get().into_iter().map(|member| {
                    let label = member.label.clone();
                    let shown = label.clone();
                    view! {
                        <li>
                            <span>{shown}</span>
                            <button type="button" class="button-small button-danger-outline"
                                disabled=move || change.pending().get()
                                on:click=move |_| pending.set(Some(Pending { member: member.clone(), add: false }))>
                                {move || fill(GroupMsg::RemoveNow.text(lang.get()), &[("member", &label)])}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <SearchPicker
                id="quick-add"
                label=tr_string(GroupMsg::AddNow)
                placeholder=GroupMsg::MemberSearchPlaceholder
                search=search(pick_extensions)
                on_pick=Callback::new(move |member: Choice| pending.set(Some(Pending { member, add: true })))
                exclude
            />
        </section>
        <ConfirmDialog
            open=Signal::derive(move || pending.read().is_some())
            title=question(GroupMsg::ConfirmAddTitle, GroupMsg::ConfirmRemoveTitle)
            body=question(GroupMsg::ConfirmAddBody, GroupMsg::ConfirmRemoveBody)
            on_confirm=Callback::new(move |()| {
                if let Some(p) = pending.get_untracked() {
                    change.dispatch(p);
                }
                pending.set(None);
            })
            on_cancel=Callback::new(move |()| pending.set(None))
        />
    }
}
