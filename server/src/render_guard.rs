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
pub async fn bound_render(
    State(RenderLimit(limit)): State<RenderLimit>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    crate::failure::within(limit, Failure::Stalled, request, next).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::StatusCode;
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    fn app(stall: bool) -> Router {
        let page = move || async move {
            if stall {
                std::future::pending::<()>().await;
            }
            "the page"
        };
        Router::new()
            .route("/", get(page))
            .route_layer(axum::middleware::from_fn_with_state(
                RenderLimit(Duration::from_millis(50)),
                bound_render,
            ))
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
}
