//! Whole lists read page by page, for what the vendor's list endpoints cannot do themselves:
//! names resolved by id, usages, uniqueness, and searching lists that take no keyword.

use crate::wire::groups::TargetView;
use omicall::models::{Extension, Greeting, IvrMenu, RingGroup};
use omicall::requests::ListQuery;
use omicall::{AccessToken, ActionType, Client, Page};
use std::collections::HashMap;
use std::future::Future;

/// Items per page when reading a whole list (the simulator's cap; the vendor's is unknown).
const WHOLE_LIST_PAGE: u32 = 500;
/// A bound on pages read, so that a vendor that always says "has next" cannot loop us, and a
/// tenant with a huge list cannot make one request read it all.
pub const MAX_PAGES: u32 = 40;

/// A list read page by page, and whether it is all of it.
#[derive(Debug)]
pub struct Whole<T> {
    pub items: Vec<T>,
    /// How many the vendor says there are.
    pub total: i64,
    /// False when [`MAX_PAGES`] were read and the vendor still had more.
    pub complete: bool,
}

/// Every item of a list endpoint, page after page, up to [`MAX_PAGES`].
pub async fn whole_counted<T, F, Fut>(fetch: F) -> Result<Whole<T>, omicall::Error>
where
    F: Fn(ListQuery) -> Fut,
    Fut: Future<Output = Result<Page<T>, omicall::Error>>,
{
    let mut items = Vec::new();
    let mut total = 0;
    for number in 1..=MAX_PAGES {
        let page = fetch(ListQuery::page(number, WHOLE_LIST_PAGE)).await?;
        total = page.total();
        let last = page.total_pages.unwrap_or(1);
        let more = page.has_next.unwrap_or(i64::from(number) < last);
        let empty = page.items.is_empty();
        items.extend(page.items);
        if !more || empty {
            return Ok(Whole {
                total: total.max(items.len() as i64),
                items,
                complete: true,
            });
        }
    }
    Ok(Whole {
        total: total.max(items.len() as i64),
        items,
        complete: false,
    })
}

/// The items of [`whole_counted`], for callers that only need what could be read.
pub async fn whole<T, F, Fut>(fetch: F) -> Result<Vec<T>, omicall::Error>
where
    F: Fn(ListQuery) -> Fut,
    Fut: Future<Output = Result<Page<T>, omicall::Error>>,
{
    whole_counted(fetch).await.map(|w| w.items)
}

pub async fn all_groups(c: &Client, t: &AccessToken) -> Result<Vec<RingGroup>, omicall::Error> {
    whole(|q| async move { c.list_groups(t, &q).await }).await
}

pub async fn all_menus(c: &Client, t: &AccessToken) -> Result<Vec<IvrMenu>, omicall::Error> {
    whole(|q| async move { c.list_menus(t, &q).await }).await
}

pub async fn greetings_counted(
    c: &Client,
    t: &AccessToken,
) -> Result<Whole<Greeting>, omicall::Error> {
    whole_counted(|q| async move { c.list_greetings(t, &q).await }).await
}

pub async fn all_greetings(c: &Client, t: &AccessToken) -> Result<Vec<Greeting>, omicall::Error> {
    greetings_counted(c, t).await.map(|w| w.items)
}

pub async fn all_extensions(c: &Client, t: &AccessToken) -> Result<Vec<Extension>, omicall::Error> {
    whole(|q| async move { c.list_extensions(t, &q).await }).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(number: u32, has_next: bool) -> Page<u32> {
        serde_json::from_value(serde_json::json!({
            "items": [number],
            "page_number": number,
            "total_items": 100_000,
            "has_next": has_next,
        }))
        .expect("a page")
    }

    #[test]
    fn a_list_longer_than_the_page_bound_says_it_is_incomplete() {
        let number = |q: &ListQuery| q.page.unwrap_or(1);
        let endless =
            futures::executor::block_on(whole_counted(
                |q| async move { Ok(page(number(&q), true)) },
            ))
            .expect("pages");
        assert_eq!(endless.items.len(), MAX_PAGES as usize);
        assert!(!endless.complete);
        assert_eq!(endless.total, 100_000);
        let short = futures::executor::block_on(whole_counted(|q| async move {
            Ok(page(number(&q), number(&q) < 3))
        }))
        .expect("pages");
        assert_eq!(short.items, vec![1, 2, 3]);
        assert!(short.complete);
    }
}

/// Names of everything a target can name (groups, menus, greetings), by id.
#[derive(Default)]
pub struct Names(HashMap<String, String>);

impl Names {
    pub async fn load(c: &Client, t: &AccessToken) -> Result<Names, omicall::Error> {
        let (groups, menus, greetings) =
            futures::try_join!(all_groups(c, t), all_menus(c, t), all_greetings(c, t))?;
        Ok(Names::of(&groups, menus, greetings))
    }

    /// Names from lists already read (a caller that has the groups does not read them twice).
    pub fn of(groups: &[RingGroup], menus: Vec<IvrMenu>, greetings: Vec<Greeting>) -> Names {
        let mut names = HashMap::new();
        names.extend(groups.iter().map(|g| (g.id.clone(), g.group_name.clone())));
        names.extend(menus.into_iter().map(|m| (m.id, m.script_name)));
        names.extend(greetings.into_iter().map(|g| (g.id, g.greeting_name)));
        Names(names)
    }

    /// The name of `id`, when it is known.
    pub fn get(&self, id: &str) -> Option<String> {
        self.0.get(id).cloned()
    }

    /// A target as shown: the vendor's own name for it when it sent one, else looked up.
    pub fn target(
        &self,
        kind: Option<&ActionType>,
        id: Option<&str>,
        vendor_name: Option<&str>,
    ) -> Option<TargetView> {
        let kind = kind?.clone();
        let id = id.filter(|id| !id.is_empty())?.to_owned();
        let name = vendor_name
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .or_else(|| self.get(&id));
        Some(TargetView { kind, id, name })
    }

    /// Where a group's unanswered calls go.
    pub fn on_timeout(&self, group: &RingGroup) -> Option<TargetView> {
        self.target(
            group.target_timeout_type.as_ref(),
            group.target_timeout.as_deref(),
            group.target_timeout_name.as_deref(),
        )
    }
}
