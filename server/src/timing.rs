//! `Server-Timing`: where a request's time went. The whole request (`total`, for a page the time
//! to its first byte), the session store read (`session`), and each call-center call
//! (`upstream`, added by the server functions); what is left is the framework's own work:
//! routing, decoding the arguments, rendering or encoding the answer. Durations only.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::time::{Duration, Instant};

/// Adds `name;dur=…` to the response's `Server-Timing`.
pub fn record(response: &mut Response, name: &str, took: Duration) {
    let value = format!("{name};dur={:.2}", took.as_secs_f64() * 1000.0);
    if let Ok(value) = HeaderValue::from_str(&value) {
        response
            .headers_mut()
            .append(HeaderName::from_static("server-timing"), value);
    }
}

pub async fn total_time(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let mut response = next.run(request).await;
    record(&mut response, "total", started.elapsed());
    response
}
