use super::{strategy_name, target_label};
use crate::components::{reloadable, use_list_state, Cell, DataTable, Loaded, Pager, SearchBox};
use crate::i18n::{fill, tr, use_lang, GroupMsg, LangNow, Text};
use crate::local_time;
use crate::server_fns::groups::{list_groups, GroupPage, GroupRow};
use crate::urls;
use leptos::prelude::*;

#[component]
pub fn GroupListPage() -> impl IntoView {
    let state = use_list_state();
    let groups = reloadable(
        move || state.get(),
        |v| list_groups(v.keyword, v.page, v.size),
    );
    view! {
        <div class="heading">
            <h1>{tr(GroupMsg::Title)}</h1>
            <a href=urls::NEW_RING_GROUP class="button button-primary">{tr(GroupMsg::New)}</a>
        </div>
        <div class="toolbar">
            <SearchBox state url=urls::ring_groups placeholder=GroupMsg::SearchPlaceholder/>
        </div>
        <Loaded data=groups show=move |page: GroupPage| view! {
            <GroupTable page=page.clone()/>
            <Pager page state url=urls::ring_groups summary=GroupMsg::PageOf/>
        }/>
    }
}

#[component]
fn GroupTable(page: GroupPage) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{tr(GroupMsg::NoGroups)}</p> }.into_any();
    }
    let columns: Vec<Text> = vec![
        GroupMsg::ColName.into(),
        GroupMsg::ColNumber.into(),
        GroupMsg::ColStrategy.into(),
        GroupMsg::ColMembers.into(),
        GroupMsg::ColMemberTimeout.into(),
        GroupMsg::ColOnTimeout.into(),
        GroupMsg::ColLastUpdated.into(),
    ];
    let offset = local_time::use_offset();
    let rows = page
        .rows
        .into_iter()
        .map(|row| view! { <GroupRowView row offset/> })
        .collect_view();
    view! { <DataTable columns label=GroupMsg::Title>{rows}</DataTable> }.into_any()
}

#[component]
fn GroupRowView(row: GroupRow, offset: ReadSignal<i32>) -> impl IntoView {
    let lang = use_lang();
    let last_updated = row.last_updated;
    let seconds = row.member_timeout;
    let strategy = row.strategy.as_ref().map(strategy_name);
    let on_timeout = row.on_timeout.map(|t| move || target_label(&t, lang.now()));
    view! {
        <tr>
            <Cell label=GroupMsg::ColName><a href=urls::ring_group(&row.id)>{row.name}</a></Cell>
            <Cell label=GroupMsg::ColNumber>{row.number.unwrap_or_default()}</Cell>
            <Cell label=GroupMsg::ColStrategy>{strategy.map(tr)}</Cell>
            <Cell label=GroupMsg::ColMembers>{row.members}</Cell>
            <Cell label=GroupMsg::ColMemberTimeout>
                {move || seconds.map(|n| fill(GroupMsg::Seconds.text(lang.now()), &[("n", &n)]))}
            </Cell>
            <Cell label=GroupMsg::ColOnTimeout>{on_timeout}</Cell>
            <Cell label=GroupMsg::ColLastUpdated>
                {move || last_updated.map(|ms| local_time::format(ms, offset.get())).unwrap_or_default()}
            </Cell>
        </tr>
    }
}
