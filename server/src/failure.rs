//! Answers for the failures the app itself cannot render: a request that panicked, a page render
//! that outlived its bound, a session store that does not answer. Whoever meets one marks its
//! response with a [`Failure`]; [`answer_failures`] turns the mark into the user's language,
//! as a small page for a page load and as the app's JSON error for a server function.

use crate::store_health::StoreHealth;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::any::Any;
use std::future::Future;

/// A failure answered outside the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A page render outlived its bound.
    Stalled,
    /// Anything else, as the app names it: a panic is `Internal`, a store outage
    /// `SessionStoreUnavailable`, a cross-site write `Forbidden`, an oversized body `TooLarge`.
    Error(AppError),
}

impl Failure {
    fn status(&self) -> StatusCode {
        let code = match self {
            Failure::Stalled => 503,
            Failure::Error(error) => error.status(),
        };
        StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error(&self) -> AppError {
        match self {
            Failure::Stalled => AppError::Internal,
            Failure::Error(error) => error.clone(),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Failure::Stalled => Msg::ErrPageStalled.text(lang).to_owned(),
            Failure::Error(error) => error.message(lang),
        }
    }

    /// A response carrying this mark, for [`answer_failures`] to fill in.
    pub fn mark(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}

impl From<AppError> for Failure {
    fn from(error: AppError) -> Self {
        Failure::Error(error)
    }
}

/// Waits for `response` (the rest of the request to `path`) within `limit`; past it, stops
/// waiting, logs what outlived its bound, and answers `failure`. The one bound the render and
/// server-function limits share.
pub async fn within(
    limit: std::time::Duration,
    failure: Failure,
    path: &str,
    response: impl Future<Output = Response>,
) -> Response {
    match tokio::time::timeout(limit, response).await {
        Ok(response) => response,
        Err(_) => {
            let limit_ms = limit.as_millis() as u64;
            match failure {
                // A page render has no upstream call of its own to blame: a fault of ours.
                Failure::Stalled => {
                    tracing::error!(path, limit_ms, "a page render outlived its bound")
                }
                Failure::Error(_) => {
                    tracing::warn!(path, limit_ms, "a server function outlived its bound")
                }
            }
            failure.mark()
        }
    }
}

/// The handler for tower-http's `CatchPanicLayer`: logs the panic as an error and marks the
/// answer, so that one request's panic is one user's error page and nothing more.
pub fn panicked(payload: Box<dyn Any + Send + 'static>) -> Response {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "a request panicked");
    Failure::Error(AppError::Internal).mark()
}

fn request_lang(headers: &HeaderMap) -> Lang {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(Lang::from_cookie_header)
        .unwrap_or_default()
}

/// Fills in every marked answer, and the session layer's bare 500 when the store is down (it
/// answers so when it cannot save a session).
pub async fn answer_failures(
    State(store): State<StoreHealth>,
    request: Request,
    next: Next,
) -> Response {
    let lang = request_lang(request.headers());
    let server_fn = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let failure = response.extensions().get::<Failure>().cloned().or_else(|| {
        let bare = response.status() == StatusCode::INTERNAL_SERVER_ERROR
            && !response.headers().contains_key(header::CONTENT_TYPE);
        (bare && store.is_down()).then_some(Failure::Error(AppError::SessionStoreUnavailable))
    });
    match failure {
        None => response,
        Some(failure) if server_fn => json_answer(failure),
        Some(failure) => page_answer(failure, lang),
    }
}

fn json_answer(failure: Failure) -> Response {
    let body = serde_json::to_string(&failure.error()).unwrap_or_else(|_| "\"Internal\"".into());
    let mut response = (failure.status(), body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// A plain page: the app itself is what could not answer.
fn page_answer(failure: Failure, lang: Lang) -> Response {
    let text = failure.message(lang);
    let retry = Msg::Retry.text(lang);
    let html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{text}</title></head>\
         <body><p role=\"alert\">{text}</p><p><a href=\"\">{retry}</a></p></body></html>",
        lang.code()
    );
    let mut response = (failure.status(), html).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    fn app(health: StoreHealth) -> Router {
        Router::new()
            .route("/page", get(|| async { Failure::Stalled.mark() }))
            .route(
                "/api/call",
                get(|| async { Failure::Error(AppError::SessionStoreUnavailable).mark() }),
            )
            .route(
                "/panics",
                get(|| async {
                    if std::hint::black_box(true) {
                        panic!("a bug");
                    }
                    "unreachable"
                }),
            )
            .route("/bare", get(|| async { StatusCode::INTERNAL_SERVER_ERROR }))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
            .layer(axum::middleware::from_fn_with_state(
                health,
                answer_failures,
            ))
    }

    async fn call(app: Router, path: &str, cookie: &str) -> (StatusCode, String, String) {
        let request = Request::get(path)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .expect("a request");
        let response = app.oneshot(request).await.expect("an answer");
        let status = response.status();
        let kind = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a body");
        (status, kind, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn a_panic_is_a_500_page_in_the_users_language() {
        let (status, kind, body) = call(app(StoreHealth::default()), "/panics", "lang=en").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(kind.starts_with("text/html"), "{kind}");
        assert!(body.contains(Msg::ErrInternal.text(Lang::En)), "{body}");
    }

    #[tokio::test]
    async fn a_stalled_page_says_to_try_again() {
        let (status, _, body) = call(app(StoreHealth::default()), "/page", "").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body.contains(Msg::ErrPageStalled.text(Lang::Vi)), "{body}");
    }

    #[tokio::test]
    async fn a_server_function_gets_the_apps_json_error() {
        let (status, kind, body) = call(app(StoreHealth::default()), "/api/call", "").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(kind, "application/json");
        let error: AppError = serde_json::from_str(&body).expect("an AppError");
        assert_eq!(error, AppError::SessionStoreUnavailable);
    }

    #[tokio::test]
    async fn a_bare_500_is_the_store_only_while_the_store_is_down() {
        let health = StoreHealth::default();
        let (status, _, body) = call(app(health.clone()), "/bare", "").await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::INTERNAL_SERVER_ERROR, "")
        );
        health.set_down(true);
        let (status, _, body) = call(app(health), "/bare", "lang=en").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            body.contains(&AppError::SessionStoreUnavailable.message(Lang::En)),
            "{body}"
        );
    }
}
