//! "Review changes": the plan in words before anything is sent, then the save, its outcome
//! step by step, and what to do next (retry, overwrite, reload).

use super::state::Editor;
use super::words::{finding_text, node_name, step_text, subject_key};
use crate::components::{fetched_on_demand, use_toast, ErrorNotice, Toast};
use crate::error::AppError;
use crate::i18n::{field_text, fill, tr, use_lang, HistoryMsg, Lang, LangNow, MenuMsg};
use crate::ivr::version::Unrestorable;
use crate::ivr::Field;
use crate::ivr::{has_errors, plan, NodeId, SavePlan, Step};
use crate::server_fns::flow::{save_flow, SaveEvent, SaveOutcome};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// Ids of the saved menus and groups the applied steps wrote: a retry overwrites them.
fn written(plan: &SavePlan, applied: usize) -> BTreeSet<String> {
    plan.steps
        .iter()
        .take(applied)
        .filter_map(|step| match step {
            Step::UpdateMenu {
                menu: NodeId::Saved(id),
                ..
            } => Some(id.clone()),
            Step::UpdateGroup {
                group: NodeId::Saved(id),
                ..
            } => Some(id.clone()),
            _ => None,
        })
        .collect()
}

/// What a restore brings back, and in words what it cannot: greetings deleted since (and what
/// their menus play instead), keys and members the API cannot set again.
fn restore_note(editor: Editor, lang: Lang) -> Option<impl IntoView> {
    let restoring = editor.restoring.get()?;
    if editor.pending() == 0 {
        return None;
    }
    let greeting_name = |id: &str| {
        editor
            .flow
            .with_untracked(|f| f.recording(id).map(|r| r.name().to_owned()))
    };
    let lost = restoring.lost.iter().map(|l| {
        let text = match &l.field {
            Field::Key(key) => fill(
                HistoryMsg::LostKey.text(lang),
                &[("key", key), ("menu", &l.menu_name)],
            ),
            field => {
                let instead = l
                    .instead
                    .as_deref()
                    .map(|id| greeting_name(id).unwrap_or_else(|| id.to_owned()))
                    .map(|name| format!("“{name}”"))
                    .unwrap_or_else(|| HistoryMsg::LostNothing.text(lang).to_owned());
                fill(
                    HistoryMsg::LostGreeting.text(lang),
                    &[
                        ("menu", &l.menu_name),
                        ("field", &field_text(field, lang)),
                        (
                            "greeting",
                            &l.greeting_name
                                .clone()
                                .unwrap_or_else(|| l.greeting_id.clone()),
                        ),
                        ("instead", &instead),
                    ],
                )
            }
        };
        view! { <li>{text}</li> }
    });
    let unrestorable = restoring.unrestorable.iter().map(|u| {
        let text = match u {
            Unrestorable::Key { menu, key } => fill(
                HistoryMsg::UnrestorableKey.text(lang),
                &[
                    ("key", key),
                    (
                        "menu",
                        &editor
                            .flow
                            .with_untracked(|f| super::words::menu_name(f, menu)),
                    ),
                ],
            ),
            Unrestorable::Member { member, .. } => fill(
                HistoryMsg::UnrestorableMember.text(lang),
                &[("member", member)],
            ),
        };
        view! { <li>{text}</li> }
    });
    let warnings: Vec<_> = lost.chain(unrestorable).collect();
    Some(view! {
        <div class="notice" role="status">
            <p>{fill(HistoryMsg::RestoreNote.text(lang), &[("n", &restoring.from)])}</p>
            {(!warnings.is_empty()).then(|| view! { <ul class="restore-lost">{warnings}</ul> })}
        </div>
    })
}

/// Where a save stands, for marking its steps.
#[derive(Debug, Clone, Copy)]
enum Applying {
    /// Running: this many steps are done, the next is being sent.
    Running(usize),
    /// Stopped at a failure after this many steps.
    Stopped(usize),
}

impl Applying {
    fn status(self, step: usize) -> (&'static str, MenuMsg) {
        use std::cmp::Ordering::*;
        match self {
            Applying::Running(done) => match step.cmp(&done) {
                Less => ("step-done", MenuMsg::StepDone),
                Equal => ("step-running", MenuMsg::StepRunning),
                Greater => ("step-pending", MenuMsg::StepPending),
            },
            Applying::Stopped(done) => match step.cmp(&done) {
                Less => ("step-done", MenuMsg::StepDone),
                Equal => ("step-failed", MenuMsg::StepFailed),
                Greater => ("step-pending", MenuMsg::StepPending),
            },
        }
    }
}

/// Sends the draft and follows the save's lines as they come: the plan, each step done, the
/// outcome. Ids of created drafts are kept as they arrive, so that a retry after a lost
/// answer does not create them again.
async fn follow_save(
    draft: crate::ivr::rebase::Draft,
    editor: Editor,
    progress: RwSignal<Option<(SavePlan, usize)>>,
    overwrite: RwSignal<BTreeSet<String>>,
) -> Result<SaveOutcome, AppError> {
    use futures::StreamExt;
    progress.set(None);
    let mut stream = save_flow(draft).await?.into_inner();
    let mut buffer = String::new();
    while let Some(chunk) = stream.next().await {
        buffer.push_str(&chunk?);
        while let Some(end) = buffer.find('\n') {
            let line: String = buffer.drain(..=end).collect();
            match serde_json::from_str::<SaveEvent>(&line) {
                Ok(SaveEvent::Planned(plan)) => progress.set(Some((plan, 0))),
                Ok(SaveEvent::Applied { done, created }) => {
                    editor.created.set(created);
                    progress.update(|p| {
                        if let Some((plan, applied)) = p {
                            *applied = done;
                            overwrite.update(|o| o.extend(written(plan, done)));
                        }
                    });
                }
                Ok(SaveEvent::Finished(outcome)) => return Ok(outcome),
                Err(e) => return Err(AppError::Network(e.to_string())),
            }
        }
    }
    // The answer was cut off; the server finishes the save regardless, and a retry plans
    // again from what the vendor then holds.
    Err(AppError::Network(
        "the save's answer was cut off".to_owned(),
    ))
}

fetched_on_demand! {
    editor_side_panel:
    /// The review, fetched the first time it is opened: the save's plan, its steps in words and
    /// the save itself are needed only to save (64 KB brotli off the editor's first load). It
    /// stays once here (`arrived`), so that closing it loses neither a save under way nor what a
    /// partial save wrote (a retry overwrites it). In the side panels' chunk rather than one of
    /// its own: as a split module of its own it changed how the chunks it shares with the editor
    /// were merged, and /activity loaded 15 KB more.
    pub fn review_dialog(
        editor: Editor,
        open: RwSignal<bool>,
        on_saved: Callback<()>,
        arrived: RwSignal<bool>,
    ) -> AnyView {
        arrived.set(true);
        view! { <Review editor open on_saved/> }.into_any()
    }
}

#[component]
fn Review(editor: Editor, open: RwSignal<bool>, on_saved: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let toast = use_toast();
    let outcome = RwSignal::new(None::<Result<SaveOutcome, AppError>>);
    let overwrite = RwSignal::new(BTreeSet::<String>::new());
    // The plan being run and how many of its steps are done, while a save is under way.
    let progress = RwSignal::new(None::<(SavePlan, usize)>);
    let save = Action::new(move |chosen: &BTreeSet<String>| {
        let draft = editor.draft(chosen.clone());
        async move { follow_save(draft, editor, progress, overwrite).await }
    });
    let pending = save.pending();
    Effect::new(move |_| {
        let Some(result) = save.value().get() else {
            return;
        };
        match &result {
            Ok(SaveOutcome::Saved { created, .. }) => {
                editor.created.set(created.clone());
                toast(Toast::Success(
                    MenuMsg::Saved.text(lang.get_untracked()).to_owned(),
                ));
                open.set(false);
                outcome.set(None);
                // The new menus' places are stored under their new ids before the flow is
                // loaded again, so that the reload finds them.
                let stored = editor.layout_writes.write(editor.layout());
                leptos::task::spawn_local(async move {
                    let _ = stored.await;
                    on_saved.run(());
                });
                return;
            }
            Ok(SaveOutcome::Unchanged) => {
                toast(Toast::Success(
                    MenuMsg::NothingToSave.text(lang.get_untracked()).to_owned(),
                ));
                open.set(false);
                outcome.set(None);
                return;
            }
            Ok(SaveOutcome::Partial {
                plan,
                applied,
                created,
                ..
            }) => {
                editor.created.set(created.clone());
                overwrite.update(|o| o.extend(written(plan, *applied)));
            }
            _ => {}
        }
        outcome.set(Some(result));
    });
    let local_plan = move || {
        let loaded = editor.loaded.get_value();
        editor.flow.with(|edited| plan(&loaded, edited))
    };
    let steps_view = move |plan: &SavePlan, applying: Option<Applying>| {
        let lang = lang.now();
        editor.flow.with(|flow| {
            plan.steps
                .iter()
                .enumerate()
                .map(|(i, step)| {
                    let status = applying.map(|a| a.status(i));
                    let text = editor
                        .loaded
                        .with_value(|loaded| step_text(flow, loaded, step, lang));
                    view! {
                        <li class=status.map(|(c, _)| c)>
                            {text}
                            {status.map(|(_, m)| format!(" — {}", m.text(lang)))}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let body = move || {
        let lang_now = lang.now();
        if pending.get() {
            if let Some((plan, done)) = progress.get() {
                return view! { <ol class="plan" aria-live="polite">{steps_view(&plan, Some(Applying::Running(done)))}</ol> }.into_any();
            }
        }
        match outcome.get() {
            None => match local_plan() {
                Ok(plan) => view! {
                    <ol class="plan">{steps_view(&plan, None)}</ol>
                }
                .into_any(),
                Err(error) => {
                    let text = editor.flow.with(|f| super::words::plan_error_text(f, &error, lang_now));
                    view! { <p class="notice notice-error" role="alert">{text}</p> }.into_any()
                }
            },
            Some(Ok(SaveOutcome::Partial { plan, applied, error, .. })) => view! {
                <p class="notice notice-error" role="alert">{fill(MenuMsg::Partial.text(lang_now), &[("error", &error.message(lang_now))])}</p>
                <ol class="plan">{steps_view(&plan, Some(Applying::Stopped(applied)))}</ol>
            }
            .into_any(),
            Some(Ok(SaveOutcome::Changed(changed))) => {
                let items = editor.flow.with(|flow| {
                    changed
                        .iter()
                        .map(|c| {
                            let name = if c.name.is_empty() { node_name(flow, &subject_key(&c.subject)) } else { c.name.clone() };
                            let text = if c.gone { fill(MenuMsg::ConflictGone.text(lang_now), &[("name", &name)]) } else { name };
                            view! { <li>{text}</li> }
                        })
                        .collect_view()
                });
                let ids: BTreeSet<String> = changed
                    .iter()
                    .filter(|c| !c.gone)
                    .map(|c| match &c.subject {
                        crate::ivr::Subject::Menu(id) | crate::ivr::Subject::Group(id) => id.to_string(),
                    })
                    .collect();
                let can_overwrite = changed.iter().all(|c| !c.gone);
                view! {
                    <div class="notice notice-warning" role="alert">
                        <p>{MenuMsg::Conflict.text(lang_now)}</p>
                        <ul>{items}</ul>
                        <div class="actions">
                            {can_overwrite.then(|| view! {
                                <button type="button" class="button" on:click=move |_| {
                                    overwrite.update(|o| o.extend(ids.clone()));
                                    save.dispatch(overwrite.get_untracked());
                                }>{MenuMsg::Overwrite.text(lang_now)}</button>
                            })}
                            <button type="button" class="button" on:click=move |_| { open.set(false); on_saved.run(()); }>
                                {MenuMsg::Reload.text(lang_now)}
                            </button>
                        </div>
                    </div>
                }
                .into_any()
            }
            Some(Ok(SaveOutcome::Blocked(findings))) => {
                let items = findings
                    .iter()
                    .map(|f| {
                        let name = editor.flow.with(|flow| node_name(flow, &subject_key(&f.subject)));
                        view! { <li>{format!("{name}: {}", finding_text(f, lang_now))}</li> }
                    })
                    .collect_view();
                view! {
                    <div class="notice notice-error" role="alert">
                        <p>{MenuMsg::Blocked.text(lang_now)}</p>
                        <ul>{items}</ul>
                    </div>
                }
                .into_any()
            }
            Some(Ok(SaveOutcome::Unplannable(error))) => {
                let text = editor.flow.with(|f| super::words::plan_error_text(f, &error, lang_now));
                view! { <p class="notice notice-error" role="alert">{text}</p> }.into_any()
            }
            Some(Ok(_)) => ().into_any(),
            Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
        }
    };
    let blocked = move || editor.validation.findings().with(|f| has_errors(f));
    let can_save = move || !blocked() && !pending.get() && local_plan().is_ok();
    let retrying = move || {
        matches!(
            outcome.get(),
            Some(Ok(SaveOutcome::Partial { .. })) | Some(Err(_))
        )
    };
    view! {
        <Show when=move || open.get()>
            <section class="editor-review" role="dialog" aria-labelledby="review-title">
                <h2 id="review-title">{tr(MenuMsg::ReviewTitle)}</h2>
                {move || restore_note(editor, lang.now())}
                {body}
                <Show when=blocked>
                    <p class="notice notice-error" role="alert">{tr(MenuMsg::ErrorsBlock)}</p>
                </Show>
                <div class="actions">
                    <button type="button" class="button button-primary" disabled=move || !can_save()
                        on:click=move |_| {
                            // An edit made just before the click is checked before the save.
                            editor.validation.settle();
                            if can_save() {
                                save.dispatch(overwrite.get_untracked());
                            }
                        }>
                        {move || if pending.get() { MenuMsg::Saving.text(lang.now()) }
                            else if retrying() { MenuMsg::Retry.text(lang.now()) }
                            else { MenuMsg::Save.text(lang.now()) }}
                    </button>
                    <button type="button" class="button" on:click=move |_| { open.set(false); outcome.set(None); }>
                        {tr(MenuMsg::Close)}
                    </button>
                </div>
            </section>
        </Show>
    }
}
