//! The pieces of every searchable, paged list: the view the URL describes, the page of rows a
//! server function answers, the search box and the pager.

use crate::i18n::{fill, tr, use_lang, Msg, Text};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Page sizes a list offers.
pub const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];
pub const DEFAULT_PAGE_SIZE: u32 = 20;

/// How long typing must pause before a list searches.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// The view of a list: search, page and size live in the URL so that links and the back button
/// restore it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListState {
    pub keyword: String,
    pub page: u32,
    pub size: u32,
}

impl ListState {
    fn at(&self, keyword: &str, page: u32, size: u32) -> Self {
        Self {
            keyword: keyword.to_owned(),
            page,
            size,
        }
    }
}

/// Builds an area's list URL from a view.
pub type ListUrl = fn(&ListState) -> String;

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

/// One page of rows as the browser gets it, built from the vendor's [`omicall::Page`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageView<T> {
    pub rows: Vec<T>,
    pub page: i64,
    pub total: i64,
    pub total_pages: i64,
    pub has_next: bool,
    pub has_previous: bool,
}

impl<T> PageView<T> {
    pub fn from_page<U>(page: omicall::Page<U>, row: impl FnMut(U) -> T) -> Self {
        let number = page.page_number.unwrap_or(1);
        let total_pages = page.total_pages.unwrap_or(0);
        Self {
            page: number,
            total: page.total(),
            total_pages,
            has_next: page.has_next.unwrap_or(number < total_pages),
            has_previous: page.has_previous.unwrap_or(number > 1),
            rows: page.items.into_iter().map(row).collect(),
        }
    }
}

impl<T> PageView<T> {
    /// Page `page` (from 1) of `size` rows out of `items`, for lists searched on the server
    /// because the vendor's cannot be. A page past the end shows the last one.
    pub fn slice<U>(items: Vec<U>, page: u32, size: u32, row: impl FnMut(U) -> T) -> Self {
        let size = i64::from(size.max(1));
        let total = items.len() as i64;
        let total_pages = (total + size - 1) / size;
        let number = i64::from(page.max(1)).min(total_pages.max(1));
        let skip = usize::try_from((number - 1) * size).unwrap_or(0);
        let take = usize::try_from(size).unwrap_or(usize::MAX);
        Self {
            page: number,
            total,
            total_pages,
            has_next: number < total_pages,
            has_previous: number > 1,
            rows: items.into_iter().skip(skip).take(take).map(row).collect(),
        }
    }
}

/// Search as you type: the keyword goes into the URL (replacing, not pushing, history) once
/// typing pauses, back to page one.
#[component]
pub fn SearchBox(
    state: Memo<ListState>,
    url: ListUrl,
    #[prop(into)] placeholder: Text,
) -> impl IntoView {
    let navigate = use_navigate();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let on_input = move |ev: leptos::ev::Event| {
        let keyword = event_target_value(&ev);
        let current = state.get_untracked();
        let target = url(&current.at(&keyword, 1, current.size));
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
    url: ListUrl,
    #[prop(into)] summary: Text,
) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let current = state.get_untracked();
    let previous = page.has_previous.then(|| {
        url(&current.at(
            &current.keyword,
            current.page.saturating_sub(1).max(1),
            current.size,
        ))
    });
    let next = page
        .has_next
        .then(|| url(&current.at(&current.keyword, current.page + 1, current.size)));
    let (number, pages, total) = (page.page, page.total_pages.max(1), page.total);
    let summary = move || {
        fill(
            summary.get(lang.get()),
            &[("page", &number), ("pages", &pages), ("total", &total)],
        )
    };
    let on_size = move |ev: leptos::ev::Event| {
        if let Ok(size) = event_target_value(&ev).parse::<u32>() {
            let current = state.get_untracked();
            navigate(
                &url(&current.at(&current.keyword, 1, size)),
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
