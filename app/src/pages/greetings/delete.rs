//! Deleting a greeting: where it is used comes first; an unused one is confirmed, then deleted.

use crate::components::{use_toast, ConfirmDialog, ErrorNotice, Toast, UsageList};
use crate::error::AppError;
use crate::i18n::{fill, use_lang, GreetingMsg};
use crate::server_fns::greetings::{delete_greeting, greeting_usages, DeleteOutcome};
use leptos::prelude::*;
use omicall::rules::Usage;

/// The greeting a delete was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doomed {
    pub id: String,
    pub name: String,
}

/// Runs the delete of whatever `doomed` names: checks its usages, shows them if any, else asks
/// to confirm; tells `on_deleted` when it is gone.
#[component]
pub fn DeleteGreeting(doomed: RwSignal<Option<Doomed>>, on_deleted: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let toast = use_toast();
    let asking = RwSignal::new(false);
    let in_use = RwSignal::new(None::<(String, Vec<Usage>)>);
    let failure = RwSignal::new(None::<AppError>);
    let check = Action::new(move |d: &Doomed| {
        let d = d.clone();
        async move { (d.clone(), greeting_usages(d.id).await) }
    });
    let delete = Action::new(move |d: &Doomed| {
        let d = d.clone();
        async move { (d.clone(), delete_greeting(d.id).await) }
    });
    Effect::new(move |_| {
        if let Some(d) = doomed.get() {
            failure.set(None);
            in_use.set(None);
            check.dispatch(d);
        }
    });
    let refused = move |d: Doomed, usages: Vec<Usage>| in_use.set(Some((d.name, usages)));
    Effect::new(move |_| match check.value().get() {
        Some((_, Ok(usages))) if usages.is_empty() => asking.set(true),
        Some((d, Ok(usages))) => refused(d, usages),
        Some((_, Err(error))) => failure.set(Some(error)),
        None => {}
    });
    Effect::new(move |_| match delete.value().get() {
        Some((d, Ok(DeleteOutcome::Deleted))) => {
            doomed.set(None);
            toast(Toast::Success(fill(
                GreetingMsg::Deleted.text(lang.get_untracked()),
                &[("name", &d.name)],
            )));
            on_deleted.run(());
        }
        Some((d, Ok(DeleteOutcome::InUse(usages)))) => refused(d, usages),
        Some((_, Err(error))) => failure.set(Some(error)),
        None => {}
    });
    let name = move || doomed.get().map(|d| d.name).unwrap_or_default();
    view! {
        {move || in_use.get().map(|(name, usages)| {
            let label = Signal::derive(move || fill(GreetingMsg::InUse.text(lang.get()), &[("name", &name)]));
            view! {
                <div class="notice notice-warning" role="alert">
                    <p>{label}</p>
                    <UsageList usages label/>
                </div>
            }
        })}
        {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
        <ConfirmDialog
            open=asking.into()
            title=Signal::derive(move || fill(GreetingMsg::ConfirmDeleteTitle.text(lang.get()), &[("name", &name())]))
            body=Signal::derive(move || GreetingMsg::ConfirmDeleteBody.text(lang.get()).to_owned())
            on_confirm=Callback::new(move |()| {
                asking.set(false);
                if let Some(d) = doomed.get_untracked() {
                    delete.dispatch(d);
                }
            })
            on_cancel=Callback::new(move |()| {
                asking.set(false);
                doomed.set(None);
            })
        />
    }
}
