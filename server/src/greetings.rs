//! The greeting routes that are not server functions: the mp3 upload, read as a stream under a
//! size and time limit (Leptos 0.8's multipart server functions bypass body limits and panic on
//! a malformed boundary), and the audio the browser plays, fetched here so the token never
//! leaves the server.
//!
//! The upload answers JSON (the app's `AppError`, or `UploadDone`) to the hydrated form, which
//! asks for it; the plain form gets a redirect back to the list, its result kept in the session.

use app::error::AppError;
use app::server_fns::greetings::{upstream::store_upload, UploadDone, UploadResult};
use app::session::UserSession;
use app::state::Recordings;
use axum::body::Body;
use axum::extract::multipart::{Field, Multipart, MultipartError};
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use omicall::requests::Mp3Upload;
use omicall::{Problem, RequestError};
use std::time::Duration;
use tower_sessions::Session;

/// What the routes need from the server.
#[derive(Clone)]
pub struct Greetings {
    pub client: omicall::Client,
    pub recordings: Recordings,
    pub max_bytes: usize,
    /// The bound on the whole upload arriving.
    pub upload_timeout: Duration,
    /// The bound on a pause between two parts of it.
    pub idle_timeout: Duration,
}

/// The upload and audio routes.
pub fn routes(greetings: Greetings) -> Router {
    Router::new()
        .route(
            app::urls::GREETING_UPLOAD,
            // The limit is enforced while streaming, field by field, below.
            post(upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            &format!("{}/{{file}}", app::urls::GREETING_AUDIO),
            get(audio),
        )
        .with_state(greetings)
}

/// Room for the form's other fields and multipart framing around the largest file.
const FORM_OVERHEAD: usize = 64 * 1024;
/// The longest text field read (the greeting's name is at most 255 characters).
const MAX_TEXT_FIELD: usize = 4 * 1024;
/// Fields read before the form is called malformed.
const MAX_FIELDS: usize = 8;

/// The form as read.
struct UploadForm {
    name: String,
    file_name: String,
    bytes: Vec<u8>,
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

fn malformed() -> AppError {
    AppError::Invalid(RequestError::new("file", Problem::Required))
}

async fn upload(State(g): State<Greetings>, session: Session, request: Request) -> Response {
    let json = wants_json(request.headers());
    let session = UserSession::new(session);
    let token = match session.token().await {
        Ok(token) => token,
        Err(error) if json => return json_error(error),
        Err(error) => {
            let expired = error == AppError::SessionExpired;
            return Redirect::to(&app::urls::login(app::urls::GREETINGS, expired)).into_response();
        }
    };
    let outcome = async {
        let form = read_form(&g, request).await?;
        // A form sent without choosing a file carries an empty part with no name.
        if form.file_name.is_empty() && form.bytes.is_empty() {
            return Err((malformed(), form.name));
        }
        // Without JavaScript nothing fills the name in: the file's name is the default.
        let name = match form.name.trim() {
            "" => app::server_fns::greetings::name_from_file(&form.file_name),
            typed => typed.to_owned(),
        };
        let upload = Mp3Upload {
            greeting_name: name,
            file_name: omicall::rules::upload_file_name(&form.file_name),
            bytes: form.bytes,
        };
        store_upload(&g.client, &token, &g.recordings, upload)
            .await
            .map_err(|e| (e, form.name))
    };
    let result = match outcome.await {
        Ok(done) => Ok(done),
        Err((AppError::SessionExpired, _)) => Err((session.expire().await, String::new())),
        Err(other) => Err(other),
    };
    if json {
        return match result {
            Ok(done) => axum::Json::<UploadDone>(done).into_response(),
            Err((error, _)) => json_error(error),
        };
    }
    let result = match result {
        Ok(done) => UploadResult::Done(done),
        Err((error, name)) => UploadResult::Failed { error, name },
    };
    if let Err(error) = session.put_upload_result(&result).await {
        tracing::error!(%error, "the upload's result could not be kept for the page");
    }
    Redirect::to(app::urls::GREETINGS).into_response()
}

/// Reads the form within the time bound. The errors carry the name typed so far.
async fn read_form(g: &Greetings, request: Request) -> Result<UploadForm, (AppError, String)> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    // A body declared too large is refused before a byte of it is read.
    if declared.is_some_and(|n| n > g.max_bytes + FORM_OVERHEAD) {
        return Err((too_large(g), String::new()));
    }
    let multipart = Multipart::from_request(request, &())
        .await
        .map_err(|_| (malformed(), String::new()))?;
    let mut name = String::new();
    match tokio::time::timeout(g.upload_timeout, fields(g, multipart, &mut name)).await {
        Ok(Ok(form)) => Ok(form),
        Ok(Err(error)) => Err((error, name)),
        Err(_) => Err((AppError::UploadStalled, name)),
    }
}

async fn fields(
    g: &Greetings,
    mut multipart: Multipart,
    name: &mut String,
) -> Result<UploadForm, AppError> {
    let mut file: Option<(String, Vec<u8>)> = None;
    for _ in 0..MAX_FIELDS {
        let Some(field) = next(g, multipart.next_field()).await? else {
            let (file_name, bytes) = file.unwrap_or_default();
            return Ok(UploadForm {
                name: std::mem::take(name),
                file_name,
                bytes,
            });
        };
        match field.name() {
            Some("name") => {
                let bytes = read_field(g, field, MAX_TEXT_FIELD, malformed).await?;
                *name = String::from_utf8_lossy(&bytes).into_owned();
            }
            Some("file") => {
                let file_name = field.file_name().unwrap_or_default().to_owned();
                let bytes = read_field(g, field, g.max_bytes, || too_large(g)).await?;
                file = Some((file_name, bytes));
            }
            _ => {
                read_field(g, field, MAX_TEXT_FIELD, malformed).await?;
            }
        }
    }
    Err(malformed())
}

/// Reads one field, refusing it as soon as it passes `cap` bytes.
async fn read_field(
    g: &Greetings,
    mut field: Field<'_>,
    cap: usize,
    over: impl Fn() -> AppError,
) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = next(g, field.chunk()).await? {
        if bytes.len() + chunk.len() > cap {
            return Err(over());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// The next part of the body, or a stall once it pauses past the idle bound.
async fn next<T>(
    g: &Greetings,
    part: impl std::future::Future<Output = Result<T, MultipartError>>,
) -> Result<T, AppError> {
    match tokio::time::timeout(g.idle_timeout, part).await {
        Err(_) => Err(AppError::UploadStalled),
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(match error.status() {
            StatusCode::PAYLOAD_TOO_LARGE => too_large(g),
            // The body failed to arrive (the server's body timeout, a dropped connection).
            StatusCode::INTERNAL_SERVER_ERROR => AppError::UploadStalled,
            _ => malformed(),
        }),
    }
}

fn too_large(g: &Greetings) -> AppError {
    AppError::FileTooLarge {
        max_mb: (g.max_bytes / (1024 * 1024)) as u64,
    }
}

fn json_error(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(error)).into_response()
}

/// `GET /greetings/audio/{recording_file}`: the greeting's mp3, read from the simulator or the
/// tenant's recordings address, served with `Range` support so that the player can seek.
async fn audio(
    State(g): State<Greetings>,
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
    let fetched = match &g.recordings {
        Recordings::Unavailable => return json_error(AppError::NotFound),
        Recordings::Simulator => g.client.greeting_audio(&token, &file).await,
        Recordings::Template(template) => {
            let url = template.replace("{recording_file}", &file);
            let token = g.client.is_api_origin(&url).then_some(&token);
            g.client.recording(&url, token).await
        }
    };
    match fetched {
        Ok(bytes) => ranged(bytes, headers.get(header::RANGE)),
        Err(error) if error.is_unauthorized() => json_error(session.expire().await),
        Err(error) => json_error(AppError::from(error)),
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
fn ranged(bytes: Vec<u8>, range: Option<&HeaderValue>) -> Response {
    let len = bytes.len() as u64;
    let ranges = range
        .and_then(|r| r.to_str().ok())
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
            let part = bytes[start as usize..=end as usize].to_vec();
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

    async fn answer(range: Option<&'static str>) -> (StatusCode, Option<String>, Vec<u8>) {
        let value = range.map(HeaderValue::from_static);
        let response = ranged((0u8..100).collect(), value.as_ref());
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
