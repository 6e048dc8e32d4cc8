//! A bound on how long a page may take to render on the server.
//!
//! Leptos 0.8 can leave a server render waiting for ever: a race between resources and
//! `<Suspense>` that its 0.8.23 fixes narrowed but did not close. On a multi-threaded runtime it
//! hit about one page load in a hundred here; `main` runs the server on one thread, where it was
//! not seen again, and this guard covers what is left: a render that outlasts every upstream
//! deadline is abandoned and started once more, and if that one stalls too, the user gets a page
//! saying to try again instead of one that never loads.

use app::i18n::{Lang, Msg};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// How long a page render may take before it counts as stalled.
#[derive(Clone, Copy)]
pub struct RenderLimit(pub Duration);

/// Renders a page, and renders it again when the first attempt stalls. Only page loads (GET):
/// they have no body and no side effects, so a second attempt is safe.
pub async fn retry_stalled_render(
    State(RenderLimit(limit)): State<RenderLimit>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let (parts, _) = request.into_parts();
    for attempt in 1..=2 {
        let request = Request::from_parts(parts.clone(), Body::empty());
        match tokio::time::timeout(limit, next.clone().run(request)).await {
            Ok(response) => return response,
            Err(_) => tracing::warn!(
                path = parts.uri.path(),
                attempt,
                limit_ms = limit.as_millis() as u64,
                "a page render stalled"
            ),
        }
    }
    stalled_page(&parts.headers)
}

/// A plain page in the user's language: the app itself is what did not render.
fn stalled_page(headers: &HeaderMap) -> Response {
    let lang = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(Lang::from_cookie_header)
        .unwrap_or_default();
    let text = Msg::ErrPageStalled.text(lang);
    let retry = Msg::Retry.text(lang);
    let html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{text}</title></head>\
         <body><p role=\"alert\">{text}</p><p><a href=\"\">{retry}</a></p></body></html>",
        lang.code()
    );
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, html).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use axum::Router;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use tower::ServiceExt;

    /// A page that stalls on its first `stalls` renders and answers after that.
    fn app(stalls: usize, renders: Arc<AtomicUsize>) -> Router {
        let page = move || {
            let renders = Arc::clone(&renders);
            async move {
                if renders.fetch_add(1, Ordering::SeqCst) < stalls {
                    std::future::pending::<()>().await;
                }
                "the page"
            }
        };
        Router::new()
            .route("/", get(page))
            .route_layer(axum::middleware::from_fn_with_state(
                RenderLimit(Duration::from_millis(50)),
                retry_stalled_render,
            ))
    }

    async fn load(app: Router, cookie: &str) -> (StatusCode, String) {
        let request = Request::get("/")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .expect("a request");
        let response = app.oneshot(request).await.expect("an answer");
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a body");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn a_stalled_render_is_rendered_again() {
        let renders = Arc::new(AtomicUsize::new(0));
        let (status, body) = load(app(1, Arc::clone(&renders)), "").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "the page");
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn two_stalls_say_to_try_again_in_the_users_language() {
        let renders = Arc::new(AtomicUsize::new(0));
        let (status, body) = load(app(2, Arc::clone(&renders)), "lang=en").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body.contains(Msg::ErrPageStalled.text(Lang::En)), "{body}");
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_page_that_renders_in_time_is_rendered_once() {
        let renders = Arc::new(AtomicUsize::new(0));
        let (status, _) = load(app(0, Arc::clone(&renders)), "").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(renders.load(Ordering::SeqCst), 1);
    }
}
