use crate::components::{ConfirmDialog, ErrorNotice, Toast};
use crate::i18n::{page_of, tr, use_lang, Msg};
use crate::local_time;
use crate::server_fns::extensions::{
    list_extensions, ExtensionPage, ExtensionRow, SetExtensionEnabled, DEFAULT_PAGE_SIZE,
    PAGE_SIZES,
};
use crate::urls;
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use omicall::LookupType;
use std::time::Duration;

/// How long typing must pause before the list searches.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// The view the URL describes: search, page and size live there so that links and the back
/// button restore it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ListView {
    keyword: String,
    page: u32,
    size: u32,
}

fn use_list_view() -> Memo<ListView> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        ListView {
            keyword: q.get("q").unwrap_or_default(),
            page: q
                .get("page")
                .and_then(|p| p.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
            size: q
                .get("size")
                .and_then(|s| s.parse().ok())
                .filter(|s| PAGE_SIZES.contains(s))
                .unwrap_or(DEFAULT_PAGE_SIZE),
        }
    })
}

#[component]
pub fn ExtensionListPage() -> impl IntoView {
    let view_state = use_list_view();
    let reload = RwSignal::new(0u32);
    let extensions = Resource::new(
        move || (view_state.get(), reload.get()),
        |(v, _)| list_extensions(v.keyword, v.page, v.size),
    );
    let set_enabled = ServerAction::<SetExtensionEnabled>::new();
    let toast = crate::components::use_toast();
    let lang = use_lang();

    // Report each finished status change and refresh the list.
    Effect::new(move |_| {
        if let Some(result) = set_enabled.value().get() {
            match result {
                Ok(change) => {
                    let msg = if change.enabled {
                        Msg::Activated
                    } else {
                        Msg::Deactivated
                    };
                    toast(Toast::Success(format!(
                        "{} {}",
                        msg.text(lang.get_untracked()),
                        change.sip_user
                    )));
                    reload.update(|n| *n += 1);
                }
                Err(err) => toast(Toast::Failure(err.message(lang.get_untracked()))),
            }
        }
    });

    let pending_deactivation = RwSignal::new(None::<String>);
    let confirm = Callback::new(move |()| {
        if let Some(sip_user) = pending_deactivation.get_untracked() {
            set_enabled.dispatch(SetExtensionEnabled {
                sip_user,
                enabled: false,
            });
        }
        pending_deactivation.set(None);
    });
    let cancel = Callback::new(move |()| pending_deactivation.set(None));
    let activate = Callback::new(move |sip_user: String| {
        set_enabled.dispatch(SetExtensionEnabled {
            sip_user,
            enabled: true,
        });
    });
    let ask_deactivate =
        Callback::new(move |sip_user: String| pending_deactivation.set(Some(sip_user)));

    view! {
        <h1>{tr(Msg::ExtensionsTitle)}</h1>
        <div class="toolbar">
            <SearchBox view_state/>
            <LookupForm/>
        </div>
        <Transition fallback=move || view! { <p class="loading">{tr(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match extensions.await {
                    Err(error) => view! {
                        <ErrorNotice error retry=Callback::new(move |()| reload.update(|n| *n += 1))/>
                    }.into_any(),
                    Ok(page) => view! {
                        <ExtensionTable page=page.clone() activate ask_deactivate/>
                        <Pager page view_state/>
                    }.into_any(),
                }
            })}
        </Transition>
        <ConfirmDialog
            open=Signal::derive(move || pending_deactivation.get().is_some())
            title=Msg::ConfirmDeactivateTitle
            body=Msg::ConfirmDeactivateBody
            on_confirm=confirm
            on_cancel=cancel
        />
    }
}

#[component]
fn SearchBox(view_state: Memo<ListView>) -> impl IntoView {
    let navigate = use_navigate();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let on_input = move |ev: leptos::ev::Event| {
        let keyword = event_target_value(&ev);
        let size = view_state.get_untracked().size;
        let navigate = navigate.clone();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                // Replace rather than push: each keystroke is not a place to go back to.
                navigate(
                    &urls::extensions(&keyword, 1, size),
                    NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..Default::default()
                    },
                );
            },
            SEARCH_DEBOUNCE,
        )
        .ok();
        pending.set_value(handle);
    };
    view! {
        <label class="search">
            <span>{tr(Msg::Search)}</span>
            <input
                type="search"
                placeholder=tr(Msg::SearchPlaceholder)
                prop:value=move || view_state.get().keyword
                on:input=on_input
            />
        </label>
    }
}

#[component]
fn LookupForm() -> impl IntoView {
    view! {
        <Form method="GET" action="/extensions/detail" attr:class="lookup" attr:aria-label=tr(Msg::LookupTitle)>
            <label>
                <span>{tr(Msg::LookupBy)}</span>
                <select name="type">
                    <option value=LookupType::SipUser.as_str().to_owned()>{tr(Msg::LookupSipUser)}</option>
                    <option value=LookupType::UserEmail.as_str().to_owned()>{tr(Msg::LookupEmail)}</option>
                    <option value=LookupType::UserUuid.as_str().to_owned()>{tr(Msg::LookupUuid)}</option>
                </select>
            </label>
            <label>
                <span>{tr(Msg::LookupValue)}</span>
                <input type="text" name="keyword" required/>
            </label>
            <button type="submit" class="button-secondary">{tr(Msg::LookUp)}</button>
        </Form>
    }
}

#[component]
fn ExtensionTable(
    page: ExtensionPage,
    activate: Callback<String>,
    ask_deactivate: Callback<String>,
) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{tr(Msg::NoExtensions)}</p> }.into_any();
    }
    // A status column only when the call-center reported a status for some row.
    let show_status = page.rows.iter().any(|r| r.enabled.is_some());
    let offset = local_time::use_offset();
    let rows = page
        .rows
        .into_iter()
        .map(|row| view! { <ExtensionRowView row show_status offset activate ask_deactivate/> })
        .collect_view();
    view! {
        <table class="table">
            <thead>
                <tr>
                    <th scope="col">{tr(Msg::ColExtension)}</th>
                    <th scope="col">{tr(Msg::ColFullName)}</th>
                    <th scope="col">{tr(Msg::ColEmail)}</th>
                    <th scope="col">{tr(Msg::ColPublicNumber)}</th>
                    <th scope="col">{tr(Msg::ColLastUpdated)}</th>
                    {show_status.then(|| view! { <th scope="col">{tr(Msg::ColStatus)}</th> })}
                    <th scope="col">{tr(Msg::ColActions)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn ExtensionRowView(
    row: ExtensionRow,
    show_status: bool,
    offset: ReadSignal<i32>,
    activate: Callback<String>,
    ask_deactivate: Callback<String>,
) -> impl IntoView {
    let detail = urls::extension_detail(&LookupType::SipUser, &row.sip_user);
    let last_updated = row.last_updated;
    let sip = row.sip_user.clone();
    let sip_a = sip.clone();
    let sip_d = sip.clone();
    let sip_on = sip.clone();
    let sip_off = sip.clone();
    let status = row.enabled.map(|on| {
        if on {
            Msg::StatusActive
        } else {
            Msg::StatusInactive
        }
    });
    let name = row.full_name.clone().unwrap_or_default();
    view! {
        <tr>
            <td><A href=detail>{sip}</A></td>
            <td>{name}</td>
            <td>{row.email.unwrap_or_default()}</td>
            <td>{row.public_number.unwrap_or_default()}</td>
            <td>{move || last_updated.map(|ms| local_time::format(ms, offset.get())).unwrap_or_default()}</td>
            {show_status.then(|| view! { <td>{status.map(tr)}</td> })}
            <td class="actions">
                <button type="button" class="button-small"
                    aria-label=move || format!("{} {}", Msg::Activate.text(use_lang().get()), sip_a)
                    on:click=move |_| activate.run(sip_on.clone())>
                    {tr(Msg::Activate)}
                </button>
                <button type="button" class="button-small button-danger-outline"
                    aria-label=move || format!("{} {}", Msg::Deactivate.text(use_lang().get()), sip_d)
                    on:click=move |_| ask_deactivate.run(sip_off.clone())>
                    {tr(Msg::Deactivate)}
                </button>
            </td>
        </tr>
    }
}

#[component]
fn Pager(page: ExtensionPage, view_state: Memo<ListView>) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let current = view_state.get_untracked();
    let previous = page.has_previous.then(|| {
        urls::extensions(
            &current.keyword,
            current.page.saturating_sub(1).max(1),
            current.size,
        )
    });
    let next = page
        .has_next
        .then(|| urls::extensions(&current.keyword, current.page + 1, current.size));
    let summary = move || page_of(lang.get(), page.page, page.total_pages, page.total);
    let keyword = current.keyword.clone();
    let on_size = move |ev: leptos::ev::Event| {
        if let Ok(size) = event_target_value(&ev).parse::<u32>() {
            navigate(
                &urls::extensions(&keyword, 1, size),
                NavigateOptions::default(),
            );
        }
    };
    view! {
        <nav class="pager" aria-label=tr(Msg::Pagination)>
            {match previous {
                Some(href) => view! { <A href=href attr:rel="prev">{tr(Msg::Previous)}</A> }.into_any(),
                None => view! { <span class="disabled" aria-disabled="true">{tr(Msg::Previous)}</span> }.into_any(),
            }}
            <span class="page-summary">{summary}</span>
            {match next {
                Some(href) => view! { <A href=href attr:rel="next">{tr(Msg::Next)}</A> }.into_any(),
                None => view! { <span class="disabled" aria-disabled="true">{tr(Msg::Next)}</span> }.into_any(),
            }}
            <label class="page-size">
                <span>{tr(Msg::PageSize)}</span>
                <select on:change=on_size>
                    {PAGE_SIZES.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.to_string() selected=s == current.size>{s}</option> }
                    }).collect_view()}
                </select>
            </label>
        </nav>
    }
}
