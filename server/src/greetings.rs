//! The greeting upload, a route rather than a server function: the mp3 is read as a stream under
//! a size and time limit (Leptos 0.8's multipart server functions bypass body limits and panic
//! on a malformed boundary).
//!
//! The upload answers JSON (the app's `AppError`, or `UploadDone`) to the hydrated form, which
//! asks for it; the plain form gets a redirect back to the list, its result kept in the session.

use app::error::AppError;
use app::server_fns::greetings::upstream::{store_upload, Recorder};
use app::server_fns::greetings::{UploadDone, UploadResult};
use app::session::UserSession;
use app::state::Recordings;
use axum::extract::multipart::{Field, Multipart, MultipartError};
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
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
    /// Where the upload is recorded, with who sent it and from where.
    pub activity: std::sync::Arc<dyn app::state::ActivityStore>,
    pub trusted_proxies: std::sync::Arc<app::client_addr::TrustedProxies>,
}

/// The upload route.
pub fn routes(greetings: Greetings) -> Router {
    // Each field is bounded while it streams (below); the whole body is bounded too, whatever
    // its framing. Without it, a chunked body of junk with no boundary in it was buffered whole
    // by the multipart parser, looking for one.
    let body_limit = greetings.max_bytes + FORM_OVERHEAD;
    Router::new()
        .route(
            app::urls::GREETING_UPLOAD,
            post(upload).layer(axum::extract::DefaultBodyLimit::max(body_limit)),
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
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or(std::net::Ipv4Addr::LOCALHOST.into(), |info| info.0.ip());
    let addr = g.trusted_proxies.client_ip(peer, request.headers());
    let logged_in = async {
        let token = session.token().await?;
        let recorder = Recorder::of(g.activity.clone(), &session, addr).await?;
        Ok::<_, AppError>((token, recorder))
    };
    let (token, recorder) = match logged_in.await {
        Ok(found) => found,
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
        store_upload(&g.client, &token, &g.recordings, &recorder, upload)
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

pub(crate) fn json_error(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(error)).into_response()
}
