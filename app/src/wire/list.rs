//! A list's view (search, page, size) and one page of its rows.

use serde::{Deserialize, Serialize};

/// Page sizes a list offers.
pub const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];
pub const DEFAULT_PAGE_SIZE: u32 = 20;

/// The view of a list: search, page and size live in the URL so that links and the back button
/// restore it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListState {
    pub keyword: String,
    pub page: u32,
    pub size: u32,
}

impl ListState {
    pub(crate) fn at(&self, keyword: &str, page: u32, size: u32) -> Self {
        Self {
            keyword: keyword.to_owned(),
            page,
            size,
        }
    }
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
    /// Whether this page, read for `keyword`, holds the whole list.
    pub fn is_whole_list(&self, keyword: &str) -> bool {
        keyword.trim().is_empty() && self.page <= 1 && !self.has_next
    }

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
