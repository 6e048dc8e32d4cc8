//! The envelope every answer comes in, and the page of a paged list.

use crate::wire;
use serde::{Deserialize, Serialize};

/// `status_code` of a successful answer.
pub const STATUS_OK: i64 = 9999;
/// `status_code` of a refused request; `message` says why.
pub const STATUS_FAILED: i64 = -9999;

/// The outer object of every answer. The informational `instance_*` fields vary between vendor
/// versions (`instance_name` or `instance_version`), so all are optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Envelope<T> {
    #[serde(deserialize_with = "wire::opt_i64")]
    pub status_code: Option<i64>,
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_version: Option<String>,
    #[serde(default)]
    pub payload: Option<T>,
    #[serde(default, deserialize_with = "wire::opt_bool")]
    pub key_enabled: Option<bool>,
}

impl<T> Envelope<T> {
    /// A successful answer carrying `payload`.
    pub fn ok(payload: T) -> Self {
        Self {
            payload: Some(payload),
            ..Self::shell()
        }
    }

    /// A refusal with the vendor's `-9999` status and a message naming the problem.
    pub fn failed(message: impl Into<String>) -> Self {
        Self {
            status_code: Some(STATUS_FAILED),
            message: Some(message.into()),
            ..Self::shell()
        }
    }

    fn shell() -> Self {
        Self {
            status_code: Some(STATUS_OK),
            message: None,
            instance_id: Some("sim".into()),
            instance_name: None,
            instance_version: Some(env!("CARGO_PKG_VERSION").into()),
            payload: None,
            key_enabled: Some(false),
        }
    }

    /// Whether the vendor reports success.
    pub fn is_ok(&self) -> bool {
        self.status_code == Some(STATUS_OK)
    }
}

/// One page of a paged list, exactly as the vendor pages (pages count from 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    #[serde(default = "Vec::new", deserialize_with = "wire::list")]
    pub items: Vec<T>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    pub page_number: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    pub page_size: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    pub total_items: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    pub total_pages: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_bool")]
    pub has_next: Option<bool>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    pub next_page: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_bool")]
    pub has_previous: Option<bool>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    pub previous_page: Option<i64>,
    /// Present on some lists, always `null` in the reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<serde_json::Value>,
}

impl<T> Page<T> {
    /// Builds page `page` (from 1) of `size` over `total_items` items with the vendor's arithmetic:
    /// `next_page` and `previous_page` stay on a valid page number when there is no next or previous.
    pub fn new(items: Vec<T>, page: i64, size: i64, total_items: i64) -> Self {
        let total_pages = if size > 0 {
            (total_items + size - 1) / size
        } else {
            0
        };
        let has_next = page < total_pages;
        let has_previous = page > 1;
        Self {
            items,
            page_number: Some(page),
            page_size: Some(size),
            total_items: Some(total_items),
            total_pages: Some(total_pages),
            has_next: Some(has_next),
            next_page: Some(if has_next { page + 1 } else { page }),
            has_previous: Some(has_previous),
            previous_page: Some(if has_previous { page - 1 } else { 1 }),
            extension: None,
        }
    }

    /// Total item count, `0` when the vendor left it out.
    pub fn total(&self) -> i64 {
        self.total_items.unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_matches_the_reference_examples() {
        // internal_phone/list example: page 1 of size 2 over 30 items.
        let p = Page::new(vec![(); 2], 1, 2, 30);
        assert_eq!(p.total_pages, Some(15));
        assert_eq!((p.has_next, p.next_page), (Some(true), Some(2)));
        assert_eq!((p.has_previous, p.previous_page), (Some(false), Some(1)));
        // key-interaction/list example: a single page.
        let p = Page::new(vec![()], 1, 10, 1);
        assert_eq!(
            (p.total_pages, p.has_next, p.next_page),
            (Some(1), Some(false), Some(1))
        );
    }

    #[test]
    fn paging_past_the_end_and_of_nothing_stays_consistent() {
        let p: Page<()> = Page::new(vec![], 9, 10, 25);
        assert_eq!(
            (p.total_pages, p.has_next, p.next_page),
            (Some(3), Some(false), Some(9))
        );
        assert_eq!((p.has_previous, p.previous_page), (Some(true), Some(8)));
        let p: Page<()> = Page::new(vec![], 1, 10, 0);
        assert_eq!(
            (p.total_pages, p.has_next, p.has_previous),
            (Some(0), Some(false), Some(false))
        );
    }
}
