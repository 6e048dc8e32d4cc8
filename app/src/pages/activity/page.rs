use super::diff::{field_changes, FieldChange};
use crate::components::{
    reloadable, use_list_state, Cell, DataTable, ListState, Loaded, PageView, Pager,
};
use crate::i18n::{area_text, fill, kind_text, tr, use_lang, ActivityMsg, LangNow, Text};
use crate::local_time;
use crate::server_fns::activity::activity;
use crate::urls;
use crate::wire::activity::{
    ActivityFilter, ActivityPage, Area, ChainCheck, Entry, ExportFormat, Kind, Outcome,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Fields shown at most under one entry; the download has them all.
const SHOWN_FIELDS: usize = 30;

fn area_name(area: &str) -> Text {
    area_text(area).unwrap_or(ActivityMsg::KindOther.into())
}

fn kind_name(kind: &str) -> Text {
    kind_text(kind).unwrap_or(ActivityMsg::KindOther.into())
}

/// Where the object of an entry can be seen now, if it has a page of its own.
fn object_link(entry: &Entry) -> Option<String> {
    let id = &entry.change.object_id;
    if id.is_empty() || Kind::parse(&entry.change.kind) == Some(Kind::Delete) {
        return None;
    }
    match Area::parse(&entry.change.area)? {
        Area::RingGroups => Some(urls::ring_group(id)),
        Area::Menus => Some(urls::ivr_editor_focused(id)),
        Area::Greetings => Some(urls::GREETINGS.to_owned()),
        Area::Extensions => None,
    }
}

/// The filter the URL describes.
fn use_filter() -> Memo<ActivityFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        let field = |key: &str| q.get(key).unwrap_or_default();
        ActivityFilter {
            area: field("area"),
            person: field("person"),
            object: field("object"),
            from: field("from"),
            to: field("to"),
        }
    })
}

#[component]
pub fn ActivityPageView() -> impl IntoView {
    let state = use_list_state();
    let filter = use_filter();
    let entries = reloadable(
        move || (filter.get(), state.get()),
        |(f, s): (ActivityFilter, ListState)| activity(f, s.page, s.size),
    );
    view! {
        <div class="heading">
            <h1>{tr(ActivityMsg::Title)}</h1>
        </div>
        <p class="hint">{tr(ActivityMsg::Intro)}</p>
        <Loaded data=entries show=move |page: ActivityPage| {
            let filter = filter.get_untracked();
            view! {
                <ChainNotice chain=page.chain/>
                <Filters filter=filter.clone() people=page.people.clone() size=page.size/>
                <Exports filter=filter.clone()/>
                <EntryTable entries=page.entries.clone()/>
                <Pager page=pager_view(&page) state url=move |s: &ListState| urls::activity(&filter, s.page, s.size) summary=ActivityMsg::PageOf/>
            }
        }/>
    }
}

/// The page's position as the shared pager shows it.
fn pager_view(page: &ActivityPage) -> PageView<()> {
    let pages = i64::from(page.total_pages());
    let number = i64::from(page.page);
    PageView {
        rows: Vec::new(),
        page: number,
        total: i64::try_from(page.total).unwrap_or(i64::MAX),
        total_pages: pages,
        has_next: number < pages,
        has_previous: number > 1,
    }
}

#[component]
fn ChainNotice(chain: ChainCheck) -> impl IntoView {
    let lang = use_lang();
    match chain {
        ChainCheck::Holds { entries } => view! {
            <p class="notice notice-success" data-testid="chain">
                {move || fill(ActivityMsg::ChainHolds.text(lang.now()), &[("n", &entries)])}
            </p>
        }
        .into_any(),
        ChainCheck::BrokenAt { seq } => view! {
            <p class="notice notice-error" role="alert" data-testid="chain">
                {move || fill(ActivityMsg::ChainBroken.text(lang.now()), &[("seq", &seq)])}
            </p>
        }
        .into_any(),
    }
}

/// A plain GET form: the filter lives in the URL, so links and the back button keep it.
#[component]
fn Filters(filter: ActivityFilter, people: Vec<String>, size: u32) -> impl IntoView {
    let chosen = filter.area.clone();
    let person = filter.person.clone();
    let areas = Area::ALL
        .into_iter()
        .map(|area| {
            let selected = chosen == area.as_str();
            view! { <option value=area.as_str() selected=selected>{tr(area_name(area.as_str()))}</option> }
        })
        .collect_view();
    let people = people
        .into_iter()
        .map(|name| {
            let selected = person == name;
            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
        })
        .collect_view();
    view! {
        <form method="get" action=urls::ACTIVITY class="filters" aria-label=tr(ActivityMsg::Apply)>
            <div class="field">
                <label for="activity-area">{tr(ActivityMsg::FilterArea)}</label>
                <select id="activity-area" name="area">
                    <option value="">{tr(ActivityMsg::All)}</option>
                    {areas}
                </select>
            </div>
            <div class="field">
                <label for="activity-person">{tr(ActivityMsg::FilterPerson)}</label>
                <select id="activity-person" name="person">
                    <option value="">{tr(ActivityMsg::All)}</option>
                    {people}
                </select>
            </div>
            <div class="field">
                <label for="activity-object">{tr(ActivityMsg::FilterObject)}</label>
                <input id="activity-object" type="search" name="object" value=filter.object.clone()/>
            </div>
            <div class="field">
                <label for="activity-from">{tr(ActivityMsg::FilterFrom)}</label>
                <input id="activity-from" type="date" name="from" value=filter.from.clone()
                    aria-describedby="activity-dates-hint"/>
            </div>
            <div class="field">
                <label for="activity-to">{tr(ActivityMsg::FilterTo)}</label>
                <input id="activity-to" type="date" name="to" value=filter.to.clone()
                    aria-describedby="activity-dates-hint"/>
            </div>
            <input type="hidden" name="size" value=size.to_string()/>
            <div class="filter-actions">
                <button type="submit" class="button-primary">{tr(ActivityMsg::Apply)}</button>
                <a href=urls::ACTIVITY class="button button-secondary">{tr(ActivityMsg::Clear)}</a>
            </div>
            <p class="hint" id="activity-dates-hint">{tr(ActivityMsg::FilterHint)}</p>
        </form>
    }
}

#[component]
fn Exports(filter: ActivityFilter) -> impl IntoView {
    view! {
        <p class="exports">
            <a href=urls::activity_export(&filter, ExportFormat::Csv) download="" rel="external">{tr(ActivityMsg::ExportCsv)}</a>
            <a href=urls::activity_export(&filter, ExportFormat::Jsonl) download="" rel="external">{tr(ActivityMsg::ExportJsonl)}</a>
            <span class="hint">{tr(ActivityMsg::ExportHint)}</span>
        </p>
    }
}

#[component]
fn EntryTable(entries: Vec<Entry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="empty">{tr(ActivityMsg::NoEntries)}</p> }.into_any();
    }
    let columns: Vec<Text> = vec![
        ActivityMsg::ColWhen.into(),
        ActivityMsg::ColWho.into(),
        ActivityMsg::ColArea.into(),
        ActivityMsg::ColWhat.into(),
        ActivityMsg::ColOutcome.into(),
    ];
    let offset = local_time::use_offset();
    let rows = entries
        .into_iter()
        .map(|entry| view! { <EntryRow entry offset/> })
        .collect_view();
    view! { <DataTable columns label=ActivityMsg::Title>{rows}</DataTable> }.into_any()
}

#[component]
fn EntryRow(entry: Entry, offset: ReadSignal<i32>) -> impl IntoView {
    let lang = use_lang();
    let at = entry.at_ms;
    let link = object_link(&entry);
    let change = entry.change;
    let (addr, session) = (change.client_addr.clone(), change.session_digest.clone());
    let from = move || {
        fill(
            ActivityMsg::From.text(lang.now()),
            &[("addr", &addr), ("session", &session)],
        )
    };
    // A change noticed outside the console has no person, address or session.
    let who = if change.person.is_empty() {
        view! { <span class="person-name">{tr(ActivityMsg::Outside)}</span> }.into_any()
    } else {
        view! {
            <span class="person-name">{change.person.clone()}</span>
            <span class="hint who-from">{from}</span>
        }
        .into_any()
    };
    let name = change.object_name.clone();
    let object = match link {
        Some(href) => view! { <a href=href>{name}</a> }.into_any(),
        None => view! { <strong>{name}</strong> }.into_any(),
    };
    let outcome = match entry.outcome {
        Outcome::Done => {
            view! { <span class="outcome outcome-done">{tr(ActivityMsg::Done)}</span> }.into_any()
        }
        Outcome::Refused(message) => view! {
            <span class="outcome outcome-refused">
                {move || fill(ActivityMsg::Refused.text(lang.now()), &[("message", &message)])}
            </span>
        }
        .into_any(),
        Outcome::Unknown => {
            view! { <span class="outcome outcome-unknown">{tr(ActivityMsg::Unknown)}</span> }
                .into_any()
        }
    };
    let changes = field_changes(&change.before, &change.after);
    view! {
        <tr data-testid="activity-entry">
            <Cell label=ActivityMsg::ColWhen>{move || local_time::format(at, offset.get())}</Cell>
            <Cell label=ActivityMsg::ColWho>{who}</Cell>
            <Cell label=ActivityMsg::ColArea>{tr(area_name(&change.area))}</Cell>
            <Cell label=ActivityMsg::ColWhat class="wide">
                {tr(kind_name(&change.kind))} " " {object}
                <details class="entry-diff">
                    <summary>{tr(ActivityMsg::Details)}</summary>
                    <FieldChanges changes/>
                </details>
            </Cell>
            <Cell label=ActivityMsg::ColOutcome>{outcome}</Cell>
        </tr>
    }
}

#[component]
fn FieldChanges(changes: Vec<FieldChange>) -> impl IntoView {
    let lang = use_lang();
    if changes.is_empty() {
        return view! { <p class="empty">{tr(ActivityMsg::DiffNone)}</p> }.into_any();
    }
    let more = changes.len().saturating_sub(SHOWN_FIELDS);
    let rows = changes
        .into_iter()
        .take(SHOWN_FIELDS)
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{c.path}</th>
                    <td class="diff-before">{c.before.map(|v| view! { <del>{v}</del> })}</td>
                    <td class="diff-after">{c.after.map(|v| view! { <ins>{v}</ins> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="diff">
            <thead>
                <tr>
                    <th scope="col">{tr(ActivityMsg::DiffField)}</th>
                    <th scope="col">{tr(ActivityMsg::DiffBefore)}</th>
                    <th scope="col">{tr(ActivityMsg::DiffAfter)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {(more > 0).then(|| view! { <p class="hint">{move || fill(ActivityMsg::DiffMore.text(lang.now()), &[("n", &more)])}</p> })}
    }
    .into_any()
}
