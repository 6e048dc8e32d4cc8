use super::delete::delete_dialog;
use super::player::Listening;
use super::tts::TtsForm;
use super::upload::UploadSection;
use super::{speed_name, voice_name};
use crate::components::{reloadable, use_list_state, Cell, DataTable, Loaded, Pager, SearchBox};
use crate::components::{Doomed, OnDemand};
use crate::i18n::{fill, tr, use_lang, ActivityMsg, GreetingMsg, LangNow, Text};
use crate::local_time;
use crate::server_fns::greetings::{list_greetings, GreetingList, GreetingRow};
use crate::urls;
use leptos::prelude::*;

#[component]
pub fn GreetingsPage() -> impl IntoView {
    let lang = use_lang();
    let state = use_list_state();
    let greetings = reloadable(
        move || state.get(),
        |v| list_greetings(v.keyword, v.page, v.size),
    );
    let changed = Callback::new(move |()| greetings.reload());
    let doomed = RwSignal::new(None::<Doomed>);
    view! {
        <div class="heading">
            <h1>{tr(GreetingMsg::Title)}</h1>
        </div>
        <div class="greeting-forms">
            <UploadSection on_uploaded=changed doomed/>
            <TtsForm on_created=changed/>
        </div>
        <OnDemand wanted=move || doomed.read().is_some() load=move || delete_dialog(doomed, changed)/>
        <div class="toolbar">
            <SearchBox state url=urls::greetings placeholder=GreetingMsg::SearchPlaceholder/>
        </div>
        <Loaded data=greetings show=move |list: GreetingList| {
            let partial = (!list.complete).then(|| {
                let (total, loaded) = (list.total, list.loaded);
                view! {
                    <p class="notice notice-warning" role="status">
                        {move || fill(GreetingMsg::TooMany.text(lang.now()), &[("total", &total), ("loaded", &loaded)])}
                    </p>
                }
            });
            view! {
                {partial}
                <GreetingTable rows=list.page.rows.clone() doomed/>
                <Pager page=list.page state url=urls::greetings summary=GreetingMsg::PageOf/>
            }
        }/>
    }
}

#[component]
fn GreetingTable(rows: Vec<GreetingRow>, doomed: RwSignal<Option<Doomed>>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{tr(GreetingMsg::NoGreetings)}</p> }.into_any();
    }
    let columns: Vec<Text> = vec![
        GreetingMsg::ColName.into(),
        GreetingMsg::ColKind.into(),
        GreetingMsg::ColContent.into(),
        GreetingMsg::ColCreated.into(),
        GreetingMsg::ColUpdated.into(),
        GreetingMsg::ColListen.into(),
        crate::i18n::Msg::ColActions.into(),
    ];
    let offset = local_time::use_offset();
    let rows = rows
        .into_iter()
        .map(|row| view! { <GreetingRowView row offset doomed/> })
        .collect_view();
    view! { <DataTable columns label=GreetingMsg::Title>{rows}</DataTable> }.into_any()
}

#[component]
fn GreetingRowView(
    row: GreetingRow,
    offset: ReadSignal<i32>,
    doomed: RwSignal<Option<Doomed>>,
) -> impl IntoView {
    let lang = use_lang();
    let kind = if row.tts {
        GreetingMsg::KindTts
    } else {
        GreetingMsg::KindUpload
    };
    // For text-to-speech: the text, then voice and speed in words.
    let reading = row.tts.then(|| {
        let voice = row.voice.as_ref().map(voice_name);
        let speed = row.speed.map(speed_name);
        let how = move || {
            let lang = lang.now();
            [voice.map(|v| v.get(lang)), speed.map(|s| s.get(lang))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ")
        };
        view! {
            <span class="tts-text">{row.content.clone().unwrap_or_default()}</span>
            <span class="muted tts-voice">{how}</span>
        }
    });
    let (created, updated) = (row.created, row.updated);
    let date = move |ms: Option<i64>| {
        ms.map(|ms| local_time::format(ms, offset.get()))
            .unwrap_or_default()
    };
    let target = Doomed {
        id: row.id.clone(),
        name: row.name.clone(),
    };
    let name = row.name.clone();
    let shown = row.name.clone();
    let history = urls::object_activity(crate::wire::activity::Area::Greetings, &row.id);
    let history_name = row.name.clone();
    view! {
        <tr>
            <Cell label=GreetingMsg::ColName>{shown}</Cell>
            <Cell label=GreetingMsg::ColKind>{tr(kind)}</Cell>
            <Cell label=GreetingMsg::ColContent>{reading}</Cell>
            <Cell label=GreetingMsg::ColCreated>{move || date(created)}</Cell>
            <Cell label=GreetingMsg::ColUpdated>{move || date(updated)}</Cell>
            <Cell label=GreetingMsg::ColListen><Listening listen=row.listen name=row.name/></Cell>
            <Cell label=crate::i18n::Msg::ColActions>
                <a class="button button-small" href=history
                    aria-label=move || fill(ActivityMsg::RowHistoryNamed.text(lang.now()), &[("name", &history_name)])>
                    {tr(ActivityMsg::RowHistory)}
                </a>
                " "
                <button type="button" class="button-danger button-small"
                    aria-label=move || fill(GreetingMsg::DeleteName.text(lang.now()), &[("name", &name)])
                    on:click=move |_| doomed.set(Some(target.clone()))>
                    {tr(GreetingMsg::DeleteButton)}
                </button>
            </Cell>
        </tr>
    }
}
