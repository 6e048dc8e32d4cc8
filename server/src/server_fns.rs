//! Rules for server-function requests (`/api/…`): a body of bounded size, and the HTTP status
//! each failure maps to.

use crate::failure::Failure;
use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest body a server function accepts: its arguments are form fields, never files (the
/// greeting upload has a route and a limit of its own).
pub const BODY_LIMIT: usize = 64 * 1024;

fn is_server_fn(request: &Request) -> bool {
    request.uri().path().starts_with("/api/")
}

fn content_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Refuses an oversized body before reading any of it: 413, said as the app's `TooLarge`. A
/// streamed body of undeclared length is refused too (411): browsers always declare a form's,
/// and a declared length is what lets the refusal come first. axum's `DefaultBodyLimit` still
/// caps the read.
pub async fn limit_body(request: Request, next: Next) -> Response {
    if !is_server_fn(&request) || request.method() != Method::POST {
        return next.run(request).await;
    }
    match content_length(request.headers()) {
        None if request.headers().contains_key(header::TRANSFER_ENCODING) => {
            StatusCode::LENGTH_REQUIRED.into_response()
        }
        None => next.run(request).await,
        Some(length) if length > BODY_LIMIT => Failure::Error(AppError::TooLarge {
            limit_kib: (BODY_LIMIT / 1024) as u64,
        })
        .mark(),
        Some(_) => next.run(request).await,
    }
}

/// How long a whole server-function request may take.
#[derive(Clone, Copy)]
pub struct CallLimit(pub std::time::Duration);

/// Bounds a server function from its first byte to its answer: past the bound it answers the
/// app's `Timeout` (504) and stops waiting, whatever it was waiting on.
pub async fn bound_call(
    axum::extract::State(CallLimit(limit)): axum::extract::State<CallLimit>,
    request: Request,
    next: Next,
) -> Response {
    if !is_server_fn(&request) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    let answer = next.run(request);
    crate::failure::within(limit, Failure::Error(AppError::Timeout), &path, answer).await
}

/// Gives a server function's error the status its variant maps to ([`AppError::status`]):
/// Leptos answers every error with 500. Inside the session layer on purpose: tower-sessions does
/// not save a session on a 5xx answer, so an "expired" mark set while failing would be lost.
pub async fn error_status(request: Request, next: Next) -> Response {
    if !is_server_fn(&request) {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}
