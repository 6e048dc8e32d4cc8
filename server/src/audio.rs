//! The audio the browser plays: a greeting's mp3, fetched here so the token never leaves the
//! server, and served with `Range` support so that the player can seek.
//!
//! A player asks for one file in several ranges within seconds. Each file is fetched from the
//! vendor once and kept briefly (a bounded, short-lived cache; requests for a file being fetched
//! wait for that fetch rather than starting another), and every range is a slice of it.

use crate::greetings::json_error;
use app::error::AppError;
use app::session::UserSession;
use app::state::Recordings;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use moka::future::Cache;
use omicall::AccessToken;
use std::sync::Arc;
use std::time::Duration;
use tower_sessions::Session;

/// How long a fetched file is kept: long enough for a player's ranges, short enough that a
/// greeting replaced at the vendor is heard as it is now.
const KEPT_FOR: Duration = Duration::from_secs(60);
/// The most audio kept at once, in bytes (three of the largest greetings).
const KEPT_BYTES: u64 = 32 * 1024 * 1024;
/// A `Range` of more parts than this is answered with the whole file, which the standard allows:
/// no player asks for more, and each part costs work to check.
const MAX_RANGES: usize = 8;

/// Files by (digest of the session's token, file name): a file is served from the cache only to
/// a session whose token fetched it, so the vendor has said that token may read it.
type Files = Cache<([u8; 32], String), Bytes>;

/// What the route needs from the server.
#[derive(Clone)]
pub struct Audio {
    client: omicall::Client,
    recordings: Recordings,
    files: Files,
}

impl Audio {
    pub fn new(client: omicall::Client, recordings: Recordings) -> Self {
        let files = Cache::builder()
            .max_capacity(KEPT_BYTES)
            .weigher(|_, bytes: &Bytes| u32::try_from(bytes.len()).unwrap_or(u32::MAX))
            .time_to_live(KEPT_FOR)
            .build();
        Self {
            client,
            recordings,
            files,
        }
    }

    /// The file, from the cache or fetched once for every request waiting on it; `None` when
    /// the tenant's recordings cannot be read (no recordings address is configured).
    async fn file(
        &self,
        token: &AccessToken,
        file: &str,
    ) -> Option<Result<Bytes, Arc<omicall::Error>>> {
        use sha2::{Digest, Sha256};
        let url = match &self.recordings {
            Recordings::Unavailable => return None,
            Recordings::Simulator => None,
            Recordings::Template(template) => Some(template.replace("{recording_file}", file)),
        };
        let key = (Sha256::digest(token.expose()).into(), file.to_owned());
        let fetch = async {
            let bytes = match url {
                None => self.client.greeting_audio(token, file).await,
                Some(url) => {
                    let token = self.client.is_api_origin(&url).then_some(token);
                    self.client.recording(&url, token).await
                }
            };
            bytes.map(Bytes::from)
        };
        Some(self.files.try_get_with(key, fetch).await)
    }
}

/// `GET /greetings/audio/{recording_file}`.
pub fn routes(audio: Audio) -> Router {
    Router::new()
        .route(
            &format!("{}/{{file}}", app::urls::GREETING_AUDIO),
            get(serve),
        )
        .with_state(audio)
}

async fn serve(
    State(audio): State<Audio>,
    session: Session,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let session = UserSession::new(session);
    let token = match session.token().await {
        Ok(token) => token,
        Err(error) => return json_error(error),
    };
    if !is_recording_file(&file) {
        return json_error(AppError::NotFound);
    }
    let Some(fetched) = audio.file(&token, &file).await else {
        return json_error(AppError::NotFound);
    };
    match fetched {
        Ok(bytes) => ranged(bytes, headers.get(header::RANGE)),
        Err(error) if error.is_unauthorized() => json_error(session.expire().await),
        Err(error) if error.is_not_found() => json_error(AppError::NotFound),
        Err(error) => json_error(AppError::from((*error).clone())),
    }
}

/// A vendor file name: letters, digits, `-` and `_`, with `.mp3` or not. Nothing that could
/// reach another path of the recordings host.
fn is_recording_file(file: &str) -> bool {
    let stem = file.strip_suffix(".mp3").unwrap_or(file);
    !stem.is_empty()
        && stem.len() <= 128
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The whole mp3, or the one range asked for (206), or 416 for a range past its end. Several
/// ranges at once are answered with the whole file, which the standard allows.
fn ranged(bytes: Bytes, range: Option<&HeaderValue>) -> Response {
    let len = bytes.len() as u64;
    let ranges = range
        .and_then(|r| r.to_str().ok())
        .filter(|r| r.matches(',').count() < MAX_RANGES)
        .map(|r| http_range_header::parse_range_header(r).and_then(|p| p.validate(len)));
    let mut response = match ranges {
        Some(Err(_)) => {
            let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{len}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            return response;
        }
        Some(Ok(ranges)) if ranges.len() == 1 => {
            let (start, end) = (*ranges[0].start(), *ranges[0].end());
            let part = bytes.slice(start as usize..=end as usize);
            let mut response = (StatusCode::PARTIAL_CONTENT, Body::from(part)).into_response();
            if let Ok(value) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            response
        }
        _ => Body::from(bytes).into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("audio/mpeg"));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn answer(range: Option<&str>) -> (StatusCode, Option<String>, Vec<u8>) {
        let value = range.map(|r| HeaderValue::from_str(r).expect("a header value"));
        let response = ranged((0u8..100).collect::<Vec<_>>().into(), value.as_ref());
        let status = response.status();
        let content_range = response
            .headers()
            .get(header::CONTENT_RANGE)
            .map(|v| v.to_str().unwrap_or_default().to_owned());
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a body");
        (status, content_range, body.to_vec())
    }

    #[tokio::test]
    async fn a_range_gets_its_bytes_and_a_bad_one_416() {
        let (status, range, body) = answer(Some("bytes=10-19")).await;
        assert_eq!(status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(range.as_deref(), Some("bytes 10-19/100"));
        assert_eq!(body, (10u8..20).collect::<Vec<_>>());
        let (status, _, body) = answer(Some("bytes=90-")).await;
        assert_eq!((status, body.len()), (StatusCode::PARTIAL_CONTENT, 10));
        let (status, range, _) = answer(Some("bytes=200-300")).await;
        assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(range.as_deref(), Some("bytes */100"));
        let (status, _, body) = answer(None).await;
        assert_eq!((status, body.len()), (StatusCode::OK, 100));
    }

    #[tokio::test]
    async fn a_range_of_many_parts_gets_the_whole_file_unparsed() {
        let parts: Vec<String> = (0..2000)
            .map(|i| format!("{}-{}", i % 100, i % 100))
            .collect();
        let (status, range, body) = answer(Some(&format!("bytes={}", parts.join(",")))).await;
        assert_eq!((status, range, body.len()), (StatusCode::OK, None, 100));
    }

    #[test]
    fn only_plain_vendor_file_names_are_fetched() {
        assert!(is_recording_file(
            "6c0d4c55-d837-4ae5-835e-c16180b09e51.mp3"
        ));
        assert!(!is_recording_file("../secret"));
        assert!(!is_recording_file("a/b.mp3"));
        assert!(!is_recording_file(".mp3"));
        assert!(!is_recording_file("x%2F.mp3"));
    }
}
