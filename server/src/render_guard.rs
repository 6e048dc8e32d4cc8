//! A last-resort bound on how long a page may take to render on the server.
//!
//! Every upstream call has its own deadline, so a render that outlives `RENDER_TIMEOUT_SECS` is a
//! fault of ours or of the framework (Leptos issues #4578, #4851 and #4773 describe ways its
//! server rendering can wait for ever). It is logged as an error and the user gets a page saying
//! to try again, instead of one that never loads. It never fires in the concurrency test.

use crate::failure::Failure;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Duration;

/// How long a page render may take.
#[derive(Clone, Copy)]
pub struct RenderLimit(pub Duration);

/// Bounds page loads (GET); server functions are bounded by their upstream deadlines.
///
/// A render runs as a task of its own, to its end, even when the browser gives the page up. Leptos
/// panics when a render is dropped part-way: a `Suspense` re-checks its children from a task on
/// another thread while the page's reactive owner is being disposed, and reads what is already
/// gone (leptos-rs/leptos#3595). A page the user left is rendered and thrown away instead; the
/// bound below still ends a render that would not.
pub async fn bound_render(
    State(RenderLimit(limit)): State<RenderLimit>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    let mut render = tokio::spawn(next.run(request));
    let answer = async {
        match (&mut render).await {
            Ok(response) => response,
            // The panic goes on to the panic layer outside, as it would without the task.
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            // Cancelled: only the runtime shutting down does that before the abort below.
            Err(_) => Failure::Stalled.mark(),
        }
    };
    let response = crate::failure::within(limit, Failure::Stalled, &path, answer).await;
    // Past the bound: a render that will not end is stopped (a no-op for one that has ended).
    render.abort();
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::StatusCode;
    use axum::routing::get;
    use axum::Router;
    use std::sync::{Arc, Mutex};
    use tokio::sync::{oneshot, Notify};
    use tower::ServiceExt;

    fn bounded(router: Router, limit: Duration) -> Router {
        router.route_layer(axum::middleware::from_fn_with_state(
            RenderLimit(limit),
            bound_render,
        ))
    }

    fn app(stall: bool) -> Router {
        let page = move || async move {
            if stall {
                std::future::pending::<()>().await;
            }
            "the page"
        };
        bounded(
            Router::new().route("/", get(page)),
            Duration::from_millis(50),
        )
    }

    async fn load(app: Router) -> Response {
        let request = Request::get("/").body(Body::empty()).expect("a request");
        app.oneshot(request).await.expect("an answer")
    }

    #[tokio::test]
    async fn a_render_past_its_bound_is_marked_stalled() {
        let response = load(app(true)).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response.extensions().get::<Failure>(),
            Some(&Failure::Stalled)
        );
    }

    #[tokio::test]
    async fn a_page_that_renders_in_time_is_untouched() {
        let response = load(app(false)).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.extensions().get::<Failure>().is_none());
    }

    /// One use of a sender, from a handler that may be called more than once.
    type Once<T> = Arc<Mutex<Option<oneshot::Sender<T>>>>;

    fn send<T>(once: &Once<T>, value: T) {
        if let Some(tx) = once.lock().expect("not poisoned").take() {
            let _ = tx.send(value);
        }
    }

    #[tokio::test]
    async fn a_render_the_browser_gives_up_still_runs_to_its_end() {
        let (started_tx, started) = oneshot::channel();
        let (ended_tx, ended) = oneshot::channel();
        let (started_tx, ended_tx): (Once<()>, Once<()>) = (
            Arc::new(Mutex::new(Some(started_tx))),
            Arc::new(Mutex::new(Some(ended_tx))),
        );
        let release = Arc::new(Notify::new());
        let page = {
            let release = release.clone();
            move || async move {
                send(&started_tx, ());
                release.notified().await;
                send(&ended_tx, ());
                "the page"
            }
        };
        let app = bounded(Router::new().route("/", get(page)), Duration::from_secs(30));
        // The browser leaves once the render has begun: its request is dropped.
        tokio::select! {
            _ = load(app) => panic!("the page cannot answer before it is released"),
            begun = started => begun.expect("the render began"),
        }
        release.notify_one();
        let end = tokio::time::timeout(Duration::from_secs(5), ended).await;
        assert_eq!(
            end.expect("the render ended in time"),
            Ok(()),
            "the render was dropped part-way"
        );
    }

    #[tokio::test]
    async fn a_render_that_panics_still_reaches_the_panic_layer() {
        let page = || async {
            if true {
                panic!("a fault in a page");
            }
            "the page"
        };
        let app = bounded(Router::new().route("/", get(page)), Duration::from_secs(30))
            .layer(tower_http::catch_panic::CatchPanicLayer::new());
        let response = load(app).await;
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
