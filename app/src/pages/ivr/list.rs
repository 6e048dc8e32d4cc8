use super::target_words;
use crate::components::fetched_on_demand;
use crate::components::{
    reloadable, use_list_state, Cell, DataTable, DeleteTexts, DeleteWithUsages, Doomed, Loaded,
    OnDemand, Pager, SearchBox,
};
use crate::i18n::{fill, tr, use_lang, LangNow, MenuMsg, Text};
use crate::local_time;
use crate::server_fns::ivr::{delete_menu, list_menus, menu_usages, MenuPage, MenuRow};
use crate::urls;
use leptos::prelude::*;

const DELETE_TEXTS: DeleteTexts = DeleteTexts {
    in_use: MenuMsg::InUse.pair(),
    confirm_title: MenuMsg::ConfirmDeleteTitle.pair(),
    confirm_body: MenuMsg::ConfirmDeleteBody.pair(),
    deleted: MenuMsg::Deleted.pair(),
};

fetched_on_demand! {
    menu_delete_dialog:
    /// Where the menu is used, the confirmation and the delete: fetched on the first delete asked for.
    fn delete_dialog(doomed: RwSignal<Option<Doomed>>, on_deleted: Callback<()>) -> AnyView {
        view! { <DeleteWithUsages doomed on_deleted usages=menu_usages delete=delete_menu texts=DELETE_TEXTS/> }
            .into_any()
    }
}

#[component]
pub fn MenuListPage() -> impl IntoView {
    let state = use_list_state();
    let menus = reloadable(
        move || state.get(),
        |v| list_menus(v.keyword, v.page, v.size),
    );
    let doomed = RwSignal::new(None::<Doomed>);
    let changed = Callback::new(move |()| menus.reload());
    view! {
        <div class="heading">
            <h1>{tr(MenuMsg::Title)}</h1>
            <a href=urls::IVR_EDITOR class="button button-primary">{tr(MenuMsg::OpenFlow)}</a>
        </div>
        <div class="toolbar">
            <SearchBox state url=urls::ivr_menus placeholder=MenuMsg::SearchPlaceholder/>
        </div>
        <OnDemand wanted=move || doomed.read().is_some() load=move || delete_dialog(doomed, changed)/>
        <Loaded data=menus show=move |page: MenuPage| view! {
            <MenuTable rows=page.rows.clone() doomed/>
            <Pager page state url=urls::ivr_menus summary=MenuMsg::PageOf/>
        }.into_any()/>
    }
    .into_any()
}

#[component]
fn MenuTable(rows: Vec<MenuRow>, doomed: RwSignal<Option<Doomed>>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{tr(MenuMsg::NoMenus)}</p> }.into_any();
    }
    let columns: Vec<Text> = vec![
        MenuMsg::ColName.into(),
        MenuMsg::ColKeys.into(),
        MenuMsg::ColGreeting.into(),
        MenuMsg::ColTimeOut.into(),
        MenuMsg::ColMaxFailure.into(),
        MenuMsg::ColLastUpdated.into(),
        MenuMsg::ColActions.into(),
    ];
    let offset = local_time::use_offset();
    let rows = rows
        .into_iter()
        .map(|row| view! { <MenuRowView row offset doomed/> })
        .collect_view();
    view! { <DataTable columns label=MenuMsg::Title>{rows}</DataTable> }.into_any()
}

/// "1 → Kinh doanh · 2 → Kỹ thuật · 0 → kịch bản Chính", then the fallback.
fn keys_in_words(row: &MenuRow, lang: crate::i18n::Lang) -> String {
    let mut parts: Vec<String> = row
        .keys
        .iter()
        .map(|k| {
            let to = match &k.target {
                Some(t) => target_words(t, lang),
                None => MenuMsg::KeyUnset.text(lang).to_owned(),
            };
            format!("{} → {to}", k.key)
        })
        .collect();
    if parts.is_empty() {
        parts.push(MenuMsg::NoKeys.text(lang).to_owned());
    }
    if let Some(fallback) = &row.fallback {
        parts.push(format!(
            "{} → {}",
            MenuMsg::Fallback.text(lang),
            target_words(fallback, lang)
        ));
    }
    parts.join(" · ")
}

#[component]
fn MenuRowView(
    row: MenuRow,
    offset: ReadSignal<i32>,
    doomed: RwSignal<Option<Doomed>>,
) -> impl IntoView {
    let lang = use_lang();
    let last_updated = row.last_updated;
    let seconds =
        |n: Option<i64>| move || n.map(|n| fill(MenuMsg::Seconds.text(lang.now()), &[("n", &n)]));
    let (time_out, max_failure) = (seconds(row.time_out), row.max_failure);
    let keys = {
        let row = row.clone();
        move || keys_in_words(&row, lang.now())
    };
    let target = Doomed {
        id: row.id.clone(),
        name: row.name.clone(),
    };
    let name = row.name.clone();
    let open_label = {
        let name = name.clone();
        move || fill(MenuMsg::OpenInEditor.text(lang.now()), &[("name", &name)])
    };
    let delete_label = move || fill(MenuMsg::DeleteNamed.text(lang.now()), &[("name", &name)]);
    view! {
        <tr>
            <Cell label=MenuMsg::ColName>
                <a href=urls::ivr_editor_focused(&row.id) aria-label=open_label>{row.name.clone()}</a>
            </Cell>
            <Cell label=MenuMsg::ColKeys>{keys}</Cell>
            <Cell label=MenuMsg::ColGreeting>{row.greeting.clone().unwrap_or_default()}</Cell>
            <Cell label=MenuMsg::ColTimeOut>{time_out}</Cell>
            <Cell label=MenuMsg::ColMaxFailure>{max_failure.map(|n| n.to_string())}</Cell>
            <Cell label=MenuMsg::ColLastUpdated>
                {move || last_updated.map(|ms| local_time::format(ms, offset.get())).unwrap_or_default()}
            </Cell>
            <Cell label=MenuMsg::ColActions>
                <button type="button" class="button button-danger" aria-label=delete_label
                    on:click=move |_| doomed.set(Some(target.clone()))>
                    {tr(MenuMsg::Delete)}
                </button>
            </Cell>
        </tr>
    }
    .into_any()
}
