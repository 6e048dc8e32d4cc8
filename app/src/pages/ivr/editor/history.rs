//! The History panel: the flow's versions newest first (when, who or "outside the console",
//! what changed), one chosen to draw its difference from the flow on the diagram and list it
//! here for keyboard and screen-reader users, any two compared, and "Restore this version",
//! which turns the difference into the draft's edits and opens the review.

use super::state::{Editor, Restoring};
use crate::components::{reloadable, ErrorNotice, Loaded};
use crate::error::AppError;
use crate::i18n::MenuMsg;
use crate::i18n::{field_text, fill, summary_text, tr, use_lang, HistoryMsg, Lang, LangNow};
use crate::ivr::layout::{NodeKey, Point};
use crate::ivr::version::{diff, restore, Change, ChangeKind, Diff};
use crate::ivr::NodeId;
use crate::local_time;
use crate::server_fns::versions::{flow_version, flow_versions, Origin, VersionInfo, VersionPage};
use leptos::prelude::*;

/// Who made a version, in words.
fn origin_text(info: &VersionInfo, lang: Lang) -> String {
    match &info.origin {
        Origin::FirstSeen => HistoryMsg::FirstSeen.text(lang).to_owned(),
        Origin::Outside => HistoryMsg::Outside.text(lang).to_owned(),
        Origin::Console => info.person.clone(),
        Origin::Restored { from } => fill(
            HistoryMsg::Restored.text(lang),
            &[("person", &info.person), ("from", from)],
        ),
    }
}

fn kind_words(kind: ChangeKind, lang: Lang) -> (&'static str, &'static str) {
    match kind {
        ChangeKind::Added => ("diff-added", HistoryMsg::Added.text(lang)),
        ChangeKind::Removed => ("diff-removed", HistoryMsg::Removed.text(lang)),
        ChangeKind::Changed => ("diff-changed", HistoryMsg::Changed.text(lang)),
    }
}

/// One line of a difference: what kind of change, to what, and which fields.
fn change_line(
    kind: ChangeKind,
    what: String,
    fields: String,
    show: Option<Callback<()>>,
    lang: Lang,
) -> impl IntoView {
    let (class, said) = kind_words(kind, lang);
    let what = match show {
        Some(show) => view! {
            <button type="button" class="link" on:click=move |_| show.run(())>{what}</button>
        }
        .into_any(),
        None => view! { <span>{what}</span> }.into_any(),
    };
    view! {
        <li class=class>
            <span class="diff-kind">{said}</span> " " {what}
            {(!fields.is_empty()).then(|| format!(": {fields}"))}
        </li>
    }
}

fn fields_of(fields: Vec<crate::ivr::Field>, lang: Lang) -> String {
    fields
        .iter()
        .map(|f| field_text(f, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A difference as a list. With `on_diagram`, nodes the flow has are links that show them, and
/// those it has not are said to be missing from the diagram.
fn diff_list(d: &Diff, on_diagram: Option<Callback<NodeKey>>, lang: Lang) -> AnyView {
    if d.is_empty() {
        return view! { <p>{tr(HistoryMsg::NoDifference)}</p> }.into_any();
    }
    let link = |key: NodeKey, kind: ChangeKind| {
        let show = on_diagram?;
        (kind != ChangeKind::Removed).then(|| Callback::new(move |()| show.run(key.clone())))
    };
    let missing = |kind: ChangeKind| {
        if on_diagram.is_some() && kind == ChangeKind::Removed {
            format!(" {}", HistoryMsg::NotOnDiagram.text(lang))
        } else {
            String::new()
        }
    };
    let menus = d.menus.iter().map(|c: &Change<_>| {
        let kind = c.kind();
        let what = fill(HistoryMsg::Menu.text(lang), &[("name", &c.name())]) + &missing(kind);
        let fields = match kind {
            ChangeKind::Changed => fields_of(c.fields(), lang),
            _ => String::new(),
        };
        let key = NodeKey::Menu(NodeId::Saved(c.id.clone()));
        change_line(kind, what, fields, link(key, kind), lang)
    });
    let groups = d.groups.iter().map(|c| {
        let kind = c.kind();
        let what = fill(HistoryMsg::Group.text(lang), &[("name", &c.name())]) + &missing(kind);
        let fields = match kind {
            ChangeKind::Changed => fields_of(c.fields(), lang),
            _ => String::new(),
        };
        let key = NodeKey::Group(NodeId::Saved(c.id.clone()));
        change_line(kind, what, fields, link(key, kind), lang)
    });
    let greetings = d.greetings.iter().map(|c| {
        let name = c
            .after
            .as_ref()
            .or(c.before.as_ref())
            .cloned()
            .unwrap_or_default();
        let what = fill(HistoryMsg::Greeting.text(lang), &[("name", &name)]);
        change_line(c.kind(), what, String::new(), None, lang)
    });
    view! {
        <ul class="diff-list">
            {menus.collect_view()}
            {groups.collect_view()}
            {greetings.collect_view()}
        </ul>
    }
    .into_any()
}

pub fn history_panel(editor: Editor, open: RwSignal<bool>, on_show: Callback<NodeKey>) -> AnyView {
    let lang = use_lang();
    let offset = local_time::use_offset();
    let page = RwSignal::new(1u32);
    let versions = reloadable(move || page.get(), flow_versions);
    let fetched = Action::new(move |seq: &u64| flow_version(*seq));
    let failed = RwSignal::new(None::<AppError>);
    let said = RwSignal::new(None::<HistoryMsg>);
    Effect::new(move |_| match fetched.value().get() {
        Some(Ok(data)) => {
            failed.set(None);
            editor.compare_with.set(Some((data.info.seq, data.version)));
        }
        Some(Err(error)) => failed.set(Some(error)),
        None => {}
    });
    // Asked from elsewhere (the banner of a change made outside the console).
    Effect::new(move |_| {
        if let Some(seq) = editor.pick.get() {
            fetched.dispatch(seq);
        }
    });
    let choose = move |seq: u64| {
        said.set(None);
        fetched.dispatch(seq);
    };

    let do_restore = move |_| {
        let Some((seq, version)) = editor.compare_with.get_untracked() else {
            return;
        };
        if editor.dirty() {
            said.set(Some(HistoryMsg::RestoreUnsaved));
            return;
        }
        let r = editor.flow.with_untracked(|f| restore(&version, f));
        if r.ops.is_empty() {
            said.set(Some(HistoryMsg::RestoreNothing));
            return;
        }
        editor.replay(r.ops);
        // The boxes go back where the version drew them.
        editor.positions.update(|at| {
            at.extend(r.positions.iter().map(|(node, [x, y])| {
                let point = Point {
                    x: *x as f64,
                    y: *y as f64,
                };
                (node.clone(), point)
            }))
        });
        editor.place_missing(&[]);
        editor.restoring.set(Some(Restoring {
            from: seq,
            lost: r.lost,
            unrestorable: r.unrestorable,
        }));
        editor.reviewing.set(true);
    };

    let list = move |listed: VersionPage| {
        let lang = lang.now();
        if listed.versions.is_empty() {
            return view! { <p>{tr(HistoryMsg::Empty)}</p> }.into_any();
        }
        let pages = listed.total_pages();
        let rows = listed
            .versions
            .iter()
            .map(|info| {
                let seq = info.seq;
                let chosen =
                    move || editor.compared.with(|c| c.as_ref().is_some_and(|(s, _)| *s == seq));
                let at = info.at_ms;
                let who = origin_text(info, lang);
                let summary = match info.origin {
                    Origin::FirstSeen => String::new(),
                    _ => summary_text(&info.summary, lang),
                };
                view! {
                    <li class="version" class:version-chosen=chosen
                        class:version-outside=info.origin == Origin::Outside>
                        <div class="version-head">
                            <strong>{fill(HistoryMsg::Number.text(lang), &[("n", &seq)])}</strong>
                            " · " {move || local_time::format(at, offset.get())}
                        </div>
                        <div class="version-who">{who}</div>
                        {(!summary.is_empty()).then(|| view! { <div class="version-summary">{summary}</div> })}
                        <button type="button" class="button" aria-pressed=move || chosen().to_string()
                            on:click=move |_| choose(seq)>
                            {move || if chosen() { HistoryMsg::Comparing.text(lang) } else { HistoryMsg::Compare.text(lang) }}
                        </button>
                    </li>
                }
            })
            .collect_view();
        let options = listed
            .versions
            .iter()
            .map(|v| {
                let label = fill(HistoryMsg::Number.text(lang), &[("n", &v.seq)]);
                (v.seq, label)
            })
            .collect::<Vec<_>>();
        view! {
            <ol class="versions" aria-labelledby="history-title">{rows}</ol>
            {(pages > 1).then(|| view! {
                <div class="actions">
                    <button type="button" class="button" disabled=listed.page <= 1
                        on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>{tr(HistoryMsg::Newer)}</button>
                    <span>{format!("{} / {}", listed.page, pages)}</span>
                    <button type="button" class="button" disabled=listed.page >= pages
                        on:click=move |_| page.update(|p| *p += 1)>{tr(HistoryMsg::Older)}</button>
                </div>
            })}
            {compare_two(options)}
        }
        .into_any()
    };

    let chosen_view = move || {
        editor.compared.with(|c| {
            let (seq, d) = c.as_ref()?;
            let lang = lang.now();
            Some(view! {
                <section class="version-diff" aria-labelledby="version-diff-title">
                    <h3 id="version-diff-title">{fill(HistoryMsg::DiffTitle.text(lang), &[("n", seq)])}</h3>
                    {diff_list(d, Some(on_show), lang)}
                    <div class="actions">
                        <button type="button" class="button button-primary" on:click=do_restore>{tr(HistoryMsg::Restore)}</button>
                        <button type="button" class="button" on:click=move |_| {
                            editor.compare_with.set(None);
                            editor.pick.set(None);
                        }>{tr(HistoryMsg::StopComparing)}</button>
                    </div>
                </section>
            })
        })
    };
    view! {
        <section class="editor-panel history-panel" aria-labelledby="history-title">
            <div class="panel-heading">
                <h2 id="history-title">{tr(HistoryMsg::Title)}</h2>
                <button type="button" class="link" on:click=move |_| open.set(false)>{tr(MenuMsg::Close)}</button>
            </div>
            <p class="hint">{tr(HistoryMsg::Intro)}</p>
            {move || said.get().map(|m| view! { <p class="notice notice-warning" role="alert">{m.text(lang.now())}</p> })}
            {move || failed.get().map(|error| view! { <ErrorNotice error/> })}
            {chosen_view}
            <Loaded data=versions show=list/>
        </section>
    }
    .into_any()
}

/// "Compare two versions": any two of those listed, as a list (the diagram shows the flow now).
fn compare_two(options: Vec<(u64, String)>) -> impl IntoView {
    let lang = use_lang();
    let older = RwSignal::new(options.last().map(|(s, _)| *s).unwrap_or_default());
    let newer = RwSignal::new(options.first().map(|(s, _)| *s).unwrap_or_default());
    let compared = Action::new(move |(a, b): &(u64, u64)| {
        let (a, b) = (*a, *b);
        async move {
            let first = flow_version(a).await?;
            let second = flow_version(b).await?;
            Ok::<_, AppError>((a, b, diff(&first.version, &second.version)))
        }
    });
    let select = move |id: &'static str, chosen: RwSignal<u64>| {
        let options = options
            .iter()
            .map(|(seq, label)| {
                let seq = *seq;
                view! { <option value=seq.to_string() selected=move || chosen.get() == seq>{label.clone()}</option> }
            })
            .collect_view();
        view! {
            <select id=id on:change=move |ev| {
                if let Ok(seq) = event_target_value(&ev).parse() {
                    chosen.set(seq);
                }
            }>{options}</select>
        }
    };
    let result = move || {
        compared.value().get().map(|answer| match answer {
            Ok((a, b, d)) => {
                let lang = lang.now();
                view! {
                    <h4>{fill(HistoryMsg::DiffTwoTitle.text(lang), &[("a", &a), ("b", &b)])}</h4>
                    {diff_list(&d, None, lang)}
                }
                .into_any()
            }
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })
    };
    view! {
        <details class="compare-two">
            <summary>{tr(HistoryMsg::CompareTwo)}</summary>
            <div class="compare-fields">
                <label for="compare-from">{tr(HistoryMsg::From)}</label>
                {select("compare-from", older)}
                <label for="compare-to">{tr(HistoryMsg::To)}</label>
                {select("compare-to", newer)}
                <button type="button" class="button"
                    on:click=move |_| { compared.dispatch((older.get_untracked(), newer.get_untracked())); }>
                    {tr(HistoryMsg::Show)}
                </button>
            </div>
            {result}
        </details>
    }
}
