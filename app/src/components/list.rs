//! The pieces of every searchable, paged list: the view the URL describes, the page of rows a
//! server function answers, the search box and the pager.

use crate::i18n::{fill, tr, use_lang, LangNow, Msg, Text};
pub use crate::wire::list::{ListState, PageView};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::time::Duration;

pub use crate::wire::list::{DEFAULT_PAGE_SIZE, PAGE_SIZES};

/// How long typing must pause before a list searches.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// Builds an area's list URL from a view: a plain function, or a closure that keeps more of
/// the URL (the activity log's filters).
#[derive(Clone)]
pub struct ListUrl(std::sync::Arc<dyn Fn(&ListState) -> String + Send + Sync>);

impl<F: Fn(&ListState) -> String + Send + Sync + 'static> From<F> for ListUrl {
    fn from(url: F) -> Self {
        Self(std::sync::Arc::new(url))
    }
}

impl ListUrl {
    fn to(&self, state: &ListState) -> String {
        (self.0)(state)
    }
}

/// The list view the current URL describes (`q`, `page`, `size`), with defaults for what is
/// missing or malformed.
pub fn use_list_state() -> Memo<ListState> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        ListState {
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

/// Search as you type: the keyword goes into the URL (replacing, not pushing, history) once
/// typing pauses, back to page one.
#[component]
pub fn SearchBox(
    state: Memo<ListState>,
    #[prop(into)] url: ListUrl,
    #[prop(into)] placeholder: Text,
) -> impl IntoView {
    let navigate = use_navigate();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let on_input = move |ev: leptos::ev::Event| {
        let keyword = event_target_value(&ev);
        let current = state.get_untracked();
        let target = url.to(&current.at(&keyword, 1, current.size));
        let navigate = navigate.clone();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                navigate(
                    &target,
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
                placeholder=tr(placeholder)
                prop:value=move || state.get().keyword
                on:input=on_input
            />
        </label>
    }
}

/// Previous / next links, where the list is, and the page size. `summary` has the
/// placeholders `{page}`, `{pages}` and `{total}`.
#[component]
pub fn Pager<T: 'static>(
    page: PageView<T>,
    state: Memo<ListState>,
    #[prop(into)] url: ListUrl,
    #[prop(into)] summary: Text,
) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let current = state.get_untracked();
    let previous = page.has_previous.then(|| {
        url.to(&current.at(
            &current.keyword,
            current.page.saturating_sub(1).max(1),
            current.size,
        ))
    });
    let next = page
        .has_next
        .then(|| url.to(&current.at(&current.keyword, current.page + 1, current.size)));
    let (number, pages, total) = (page.page, page.total_pages.max(1), page.total);
    let summary = move || {
        fill(
            summary.get(lang.now()),
            &[("page", &number), ("pages", &pages), ("total", &total)],
        )
    };
    let on_size = move |ev: leptos::ev::Event| {
        if let Ok(size) = event_target_value(&ev).parse::<u32>() {
            let current = state.get_untracked();
            navigate(
                &url.to(&current.at(&current.keyword, 1, size)),
                NavigateOptions::default(),
            );
        }
    };
    let link = |href: Option<String>, rel: &'static str, label: Msg| match href {
        Some(href) => view! { <a href=href rel=rel>{tr(label)}</a> }.into_any(),
        None => view! { <span class="disabled" aria-disabled="true">{tr(label)}</span> }.into_any(),
    };
    view! {
        <nav class="pager" aria-label=tr(Msg::Pagination)>
            {link(previous, "prev", Msg::Previous)}
            <span class="page-summary">{summary}</span>
            {link(next, "next", Msg::Next)}
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
