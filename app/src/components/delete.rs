//! Deleting something others may lead to: where it is used comes first (and the server checks
//! again); an unused one is confirmed, then deleted and announced.

use crate::components::{use_toast, ConfirmDialog, ErrorNotice, Toast, UsageList};
use crate::error::AppError;
use crate::i18n::{fill, use_lang, LangNow, Text};
use crate::server_fns::DeleteOutcome;
use leptos::prelude::*;
use omicall::rules::Usage;
use std::future::Future;

/// What a delete was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doomed {
    pub id: String,
    pub name: String,
}

/// The sentences of one kind of delete, each with `{name}`.
#[derive(Debug, Clone, Copy)]
pub struct DeleteTexts {
    pub in_use: Text,
    pub confirm_title: Text,
    pub confirm_body: Text,
    pub deleted: Text,
}

/// Runs the delete of whatever `doomed` names: `usages` first, shown if any, else a
/// confirmation, then `delete`; tells `on_deleted` when it is gone.
#[component]
pub fn DeleteWithUsages<U, UF, D, DF>(
    doomed: RwSignal<Option<Doomed>>,
    on_deleted: Callback<()>,
    usages: U,
    delete: D,
    texts: DeleteTexts,
) -> impl IntoView
where
    U: Fn(String) -> UF + Copy + Send + Sync + 'static,
    UF: Future<Output = Result<Vec<Usage>, AppError>> + Send + 'static,
    D: Fn(String) -> DF + Copy + Send + Sync + 'static,
    DF: Future<Output = Result<DeleteOutcome, AppError>> + Send + 'static,
{
    let lang = use_lang();
    let toast = use_toast();
    let asking = RwSignal::new(false);
    let in_use = RwSignal::new(None::<(String, Vec<Usage>)>);
    let failure = RwSignal::new(None::<AppError>);
    let check = Action::new(move |d: &Doomed| {
        let d = d.clone();
        async move { (d.clone(), usages(d.id).await) }
    });
    let remove = Action::new(move |d: &Doomed| {
        let d = d.clone();
        async move { (d.clone(), delete(d.id).await) }
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
    Effect::new(move |_| match remove.value().get() {
        Some((d, Ok(DeleteOutcome::Deleted))) => {
            doomed.set(None);
            toast(Toast::Success(fill(
                texts.deleted.get(lang.get_untracked()),
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
            let label = Signal::derive(move || fill(texts.in_use.get(lang.now()), &[("name", &name)]));
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
            title=Signal::derive(move || fill(texts.confirm_title.get(lang.now()), &[("name", &name())]))
            body=Signal::derive(move || fill(texts.confirm_body.get(lang.now()), &[("name", &name())]))
            on_confirm=Callback::new(move |()| {
                asking.set(false);
                if let Some(d) = doomed.get_untracked() {
                    remove.dispatch(d);
                }
            })
            on_cancel=Callback::new(move |()| {
                asking.set(false);
                doomed.set(None);
            })
        />
    }
}
