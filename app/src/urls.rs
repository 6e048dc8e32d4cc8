//! The console's own URLs, built in one place so that links, redirects and tests agree.

use crate::wire::activity::{ActivityFilter, Area, ExportFormat};
use crate::wire::list::ListState;
use omicall::LookupType;

/// A header only the console's own scripts send with a state-changing request, for a request
/// that carries neither `Origin` nor `Sec-Fetch-Site` (see the server's cross-site check).
pub const OWN_REQUEST_HEADER: &str = "x-console-request";

fn query(pairs: &[(&str, &str)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        out.append_pair(k, v);
    }
    out.finish()
}

fn list(path: &str, state: &ListState) -> String {
    let page = state.page.to_string();
    let size = state.size.to_string();
    let mut pairs = vec![];
    if !state.keyword.is_empty() {
        pairs.push(("q", state.keyword.as_str()));
    }
    pairs.push(("page", page.as_str()));
    pairs.push(("size", size.as_str()));
    format!("{path}?{}", query(&pairs))
}

/// The extension list with its search, page and page size.
pub fn extensions(state: &ListState) -> String {
    list("/extensions", state)
}

/// One extension, looked up by `kind`.
pub fn extension_detail(kind: &LookupType, keyword: &str) -> String {
    format!(
        "/extensions/detail?{}",
        query(&[("type", kind.as_str()), ("keyword", keyword)])
    )
}

pub const RING_GROUPS: &str = "/ring-groups";
pub const NEW_RING_GROUP: &str = "/ring-groups/new";

/// The ring group list with its search, page and page size.
pub fn ring_groups(state: &ListState) -> String {
    list(RING_GROUPS, state)
}

/// One ring group's page.
pub fn ring_group(id: &str) -> String {
    let id: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
    format!("{RING_GROUPS}/{id}")
}

pub const GREETINGS: &str = "/greetings";
/// Where the upload form posts (a plain route, not a server function: it streams the file).
pub const GREETING_UPLOAD: &str = "/greetings/upload";
/// The prefix of the console's own audio URLs.
pub const GREETING_AUDIO: &str = "/greetings/audio";

/// The greeting list with its search, page and page size.
pub fn greetings(state: &ListState) -> String {
    list(GREETINGS, state)
}

/// Where the browser plays a greeting's recording from: the console, never the vendor (the
/// token stays on the server).
pub fn greeting_audio(recording_file: &str) -> String {
    let file: String = form_urlencoded::byte_serialize(recording_file.as_bytes()).collect();
    format!("{GREETING_AUDIO}/{file}")
}

/// The login page, remembering where the user was and why they are sent there.
pub fn login(next: &str, expired: bool) -> String {
    let mut pairs = vec![("next", next)];
    if expired {
        pairs.push(("expired", "1"));
    }
    format!("/login?{}", query(&pairs))
}

pub const IVR: &str = "/ivr";
pub const IVR_EDITOR: &str = "/ivr/editor";

/// The menu list with its search, page and page size.
pub fn ivr_menus(state: &ListState) -> String {
    list(IVR, state)
}

/// The flow editor, focused on one menu (what a caller reaches from it).
pub fn ivr_editor_focused(menu_id: &str) -> String {
    format!("{IVR_EDITOR}?{}", query(&[("menu", menu_id)]))
}

pub const ACTIVITY: &str = "/activity";

/// The activity log's query: its filter, page and page size (empty fields left out).
fn activity_query(filter: &ActivityFilter, page: u32, size: u32) -> String {
    let (page, size) = (page.to_string(), size.to_string());
    let mut pairs = vec![];
    for (key, value) in [
        ("area", &filter.area),
        ("person", &filter.person),
        ("object", &filter.object),
        ("from", &filter.from),
        ("to", &filter.to),
    ] {
        if !value.is_empty() {
            pairs.push((key, value.as_str()));
        }
    }
    pairs.push(("page", page.as_str()));
    pairs.push(("size", size.as_str()));
    query(&pairs)
}

/// The activity log filtered by `filter`, at `page` of `size` entries.
pub fn activity(filter: &ActivityFilter, page: u32, size: u32) -> String {
    format!("{ACTIVITY}?{}", activity_query(filter, page, size))
}

/// One object's entries in the activity log: what its own page links to.
pub fn object_activity(area: Area, id: &str) -> String {
    let filter = ActivityFilter {
        area: area.as_str().to_owned(),
        object: id.to_owned(),
        ..Default::default()
    };
    activity(&filter, 1, crate::wire::list::DEFAULT_PAGE_SIZE)
}

/// The export of the entries `filter` matches, as `csv` or `jsonl`.
pub fn activity_export(filter: &ActivityFilter, format: ExportFormat) -> String {
    let query = activity_query(filter, 1, 1);
    format!("{ACTIVITY}/export.{}?{query}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(keyword: &str, page: u32, size: u32) -> ListState {
        ListState {
            keyword: keyword.into(),
            page,
            size,
        }
    }

    #[test]
    fn keywords_are_encoded_and_empty_ones_left_out() {
        assert_eq!(
            extensions(&state("Hồng Vy", 2, 20)),
            "/extensions?q=H%E1%BB%93ng+Vy&page=2&size=20"
        );
        assert_eq!(extensions(&state("", 1, 50)), "/extensions?page=1&size=50");
        assert_eq!(
            ring_groups(&state("sales", 1, 10)),
            "/ring-groups?q=sales&page=1&size=10"
        );
        assert_eq!(ring_group("62ff11b2"), "/ring-groups/62ff11b2");
        assert_eq!(
            extension_detail(&LookupType::UserEmail, "a+b@x.vn"),
            "/extensions/detail?type=user_email&keyword=a%2Bb%40x.vn"
        );
        assert_eq!(
            login("/extensions?page=2", true),
            "/login?next=%2Fextensions%3Fpage%3D2&expired=1"
        );
    }
}
