//! A minimal reproduction of the Leptos fault behind the dropped pages: leptos_meta reads the
//! `<Title>` text after the page has rendered, in leptos_integration_utils' `from_app`, which is
//! not sandboxed to the request's reactive arena. When requests interleave, the arena current at
//! that moment is another request's, so a title closure that reads a signal reads the other
//! request's signal: a wrong title when the two arenas happen to hold the same slot, a
//! "reactive value that has already been disposed" panic when they do not. Related upstream:
//! Leptos issue #3729. The app gives the server its title as plain text (`i18n::head_text`).
//!
//! Two requests for the same page, joined on one thread, interleave deterministically: the first
//! yields in `inject_meta_context`'s `tick()`, the second then makes its arena current, and the
//! first reads its title there.

use axum::body::Body;
use axum::http::Request;
use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_meta::{provide_meta_context, MetaTags, Title};

#[derive(Clone, Copy)]
enum TitleFrom {
    /// A closure reading a signal, as `tr(msg)` did.
    Signal,
    /// The text itself, as `head_text` gives it.
    Text,
}

fn page(title_from: TitleFrom) -> impl IntoView {
    provide_meta_context();
    let name = use_context::<http::request::Parts>()
        .and_then(|parts| parts.uri.query().map(str::to_owned))
        .unwrap_or_default();
    let signal = RwSignal::new(name.clone());
    let title: TextProp = match title_from {
        TitleFrom::Signal => (move || signal.get()).into(),
        TitleFrom::Text => name.into(),
    };
    view! {
        <!DOCTYPE html>
        <html>
            <head><MetaTags/></head>
            <body><Title text=title/><p>"page"</p></body>
        </html>
    }
}

/// The titles two interleaved requests, `?a` and `?b`, come back with (None for a panic).
async fn titles(title_from: TitleFrom) -> (Option<String>, Option<String>) {
    use futures::FutureExt;
    let _ = any_spawner::Executor::init_tokio();
    let handler = leptos_axum::render_app_async(move || page(title_from));
    let load = |query: &str| {
        let request = Request::get(format!("/?{query}"))
            .body(Body::empty())
            .expect("a request");
        let answer = handler(request);
        async move {
            let response = std::panic::AssertUnwindSafe(answer)
                .catch_unwind()
                .await
                .ok()?;
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .ok()?;
            let html = String::from_utf8_lossy(&body).into_owned();
            let start = html.find("<title>")? + "<title>".len();
            let end = html[start..].find("</title>")? + start;
            Some(html[start..end].to_owned())
        }
    };
    tokio::join!(load("a"), load("b"))
}

#[tokio::test(flavor = "current_thread")]
async fn a_title_read_from_a_signal_comes_from_another_requests_arena() {
    let (first, _) = titles(TitleFrom::Signal).await;
    assert_ne!(
        first.as_deref(),
        Some("a"),
        "Leptos now reads the title in its own request's arena: `head_text` may go back to `tr`"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_title_given_as_text_is_each_requests_own() {
    let titles = titles(TitleFrom::Text).await;
    assert_eq!(titles, (Some("a".to_owned()), Some("b".to_owned())));
}
