//! A page's own code (its lazy route's chunk) that does not arrive: a flaky network, or a new
//! release deployed while the tab still holds the old page, whose chunk names are then gone.
//! `lazy_page!` loads the chunk through here instead of through `#[lazy_route]`, whose failed
//! fetch panics, and a panic stops the whole page.
//!
//! A new release is told from a flaky network by asking again for the page's own main script:
//! gone means the release changed, and the page is loaded afresh (once a minute at most, so that
//! a release that keeps failing cannot reload for ever). Otherwise the page says so, with a retry.

use crate::components::{awaiting, ErrorNotice, Fetched};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// A fetch of a page's code, boxed so that [`or_retry`] is compiled once for every route: it
/// sits in the main module, which every first load carries.
pub type PageFetch = Pin<Box<dyn Future<Output = Fetched> + Send>>;

/// The page, or why its code did not arrive with a retry that fetches it again.
pub fn or_retry(first: Fetched, load: fn() -> PageFetch) -> AnyView {
    let error = match first {
        Ok(view) => return view,
        Err(error) => error,
    };
    let tries = RwSignal::new(0u32);
    let retry = Callback::new(move |()| tries.update(|n| *n += 1));
    (move || match tries.get() {
        0 => view! { <ErrorNotice error=error.clone() retry/> }.into_any(),
        _ => Suspend::new(awaiting(load(), Some(retry))).into_any(),
    })
    .into_any()
}

/// Called when a route's chunk did not arrive before the route is shown. After a new release
/// the page is loaded afresh. While the page is still hydrating nothing else can be drawn in its
/// place (the server's HTML waits for the page's code), so the page says so in plain HTML.
#[cfg(feature = "hydrate")]
pub async fn did_not_arrive() {
    let hydrating = document()
        .body()
        .is_some_and(|body| !body.has_attribute("data-hydrated"));
    if release_changed().await && may_reload() {
        let _ = window().location().reload();
        std::future::pending::<()>().await;
    }
    if hydrating {
        if let Some(body) = document().body() {
            let lang = crate::i18n::use_lang().get_untracked();
            let _ = body.insert_adjacent_html(
                "afterbegin",
                &format!(
                    r#"<p class="notice notice-error" role="alert">{}</p>"#,
                    crate::i18n::Msg::ErrCodeUnavailable.text(lang)
                ),
            );
        }
        std::future::pending::<()>().await;
    }
}

/// Whether the page's own main script is gone from the server: a new release replaced it.
#[cfg(feature = "hydrate")]
async fn release_changed() -> bool {
    use wasm_bindgen::JsCast;
    let Some(script) = document()
        .query_selector("link[rel=modulepreload]")
        .ok()
        .flatten()
        .and_then(|link| link.get_attribute("href"))
    else {
        return false;
    };
    let init = web_sys::RequestInit::new();
    init.set_method("HEAD");
    init.set_cache(web_sys::RequestCache::NoStore);
    let answer =
        wasm_bindgen_futures::JsFuture::from(window().fetch_with_str_and_init(&script, &init))
            .await;
    answer
        .ok()
        .and_then(|answer| answer.dyn_into::<web_sys::Response>().ok())
        .is_some_and(|answer| answer.status() == 404)
}

/// Whether the page may load itself afresh: not if it already did so in the last minute.
#[cfg(feature = "hydrate")]
fn may_reload() -> bool {
    const KEY: &str = "console-reloaded-for-release";
    let Some(storage) = window().session_storage().ok().flatten() else {
        return false;
    };
    // Whole milliseconds: formatting or parsing an f64 would bring the float printing and
    // reading code (about 20 KB before compression) into the main module for this alone.
    let now = js_sys::Date::now() as u64;
    let last = storage
        .get_item(KEY)
        .ok()
        .flatten()
        .and_then(|at| at.parse::<u64>().ok());
    if last.is_some_and(|at| now.saturating_sub(at) < 60_000) {
        return false;
    }
    storage.set_item(KEY, &now.to_string()).is_ok()
}
