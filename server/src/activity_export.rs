//! The activity log as a file: the entries a filter matches (every page), as CSV for a
//! spreadsheet (with a byte-order mark, so that Vietnamese reads right) or as JSON Lines.

use crate::greetings::json_error;
use app::error::AppError;
use app::i18n::{area_text, kind_text, ActivityMsg, Lang, Text};
use app::local_time::{format, DEFAULT_OFFSET_MINUTES};
use app::session::UserSession;
use app::state::ActivityStore;
use app::wire::activity::{ActivityFilter, Entry, ExportFormat, Outcome};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;
use tower_sessions::Session;

/// Entries read from the store at once while a file is made.
const CHUNK: u64 = 1000;

/// The export routes.
pub fn routes(store: Arc<dyn ActivityStore>) -> Router {
    Router::new()
        .route(
            "/activity/export.csv",
            get(|s, session, headers, q| export(s, session, headers, q, ExportFormat::Csv)),
        )
        .route(
            "/activity/export.jsonl",
            get(|s, session, headers, q| export(s, session, headers, q, ExportFormat::Jsonl)),
        )
        .with_state(store)
}

async fn export(
    State(store): State<Arc<dyn ActivityStore>>,
    session: Session,
    headers: HeaderMap,
    Query(filter): Query<ActivityFilter>,
    format: ExportFormat,
) -> Response {
    let lang = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(Lang::from_cookie_header)
        .unwrap_or_default();
    match file(
        store.as_ref(),
        &UserSession::new(session),
        &filter,
        format,
        lang,
    )
    .await
    {
        Ok(body) => {
            let (kind, name) = match format {
                ExportFormat::Csv => ("text/csv; charset=utf-8", "nhat-ky-thay-doi.csv"),
                ExportFormat::Jsonl => {
                    ("application/jsonl; charset=utf-8", "nhat-ky-thay-doi.jsonl")
                }
            };
            let disposition = format!("attachment; filename=\"{name}\"");
            (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_str(&disposition)
                            .unwrap_or(HeaderValue::from_static("attachment")),
                    ),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                body,
            )
                .into_response()
        }
        Err(error) => json_error(error),
    }
}

async fn file(
    store: &dyn ActivityStore,
    session: &UserSession,
    filter: &ActivityFilter,
    format: ExportFormat,
    lang: Lang,
) -> Result<Vec<u8>, AppError> {
    session.token().await?;
    let tenant = session.tenant_key().await?;
    let query = filter
        .query(DEFAULT_OFFSET_MINUTES)
        .map_err(|_| AppError::InvalidFilter)?;
    let mut out = match format {
        ExportFormat::Csv => Out::Csv(Box::new(csv_writer(lang)?)),
        ExportFormat::Jsonl => Out::Jsonl(Vec::new()),
    };
    let mut skip = 0;
    loop {
        let (entries, total) = store.entries(&tenant, &query, skip, CHUNK).await?;
        for entry in &entries {
            out.write(entry, lang)?;
        }
        skip += entries.len() as u64;
        if entries.is_empty() || skip >= total {
            break;
        }
    }
    out.finish()
}

enum Out {
    Csv(Box<csv::Writer<Vec<u8>>>),
    Jsonl(Vec<u8>),
}

/// A spreadsheet takes UTF-8 only with this mark in front.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

fn csv_writer(lang: Lang) -> Result<csv::Writer<Vec<u8>>, AppError> {
    let mut writer = csv::Writer::from_writer(BYTE_ORDER_MARK.to_vec());
    let heading = |msg: ActivityMsg| msg.text(lang);
    writer
        .write_record([
            "#",
            heading(ActivityMsg::CsvWhen),
            "UTC",
            heading(ActivityMsg::ColWho),
            heading(ActivityMsg::CsvAddr),
            heading(ActivityMsg::CsvSession),
            heading(ActivityMsg::ColArea),
            heading(ActivityMsg::CsvKind),
            heading(ActivityMsg::CsvObjectId),
            heading(ActivityMsg::CsvObjectName),
            heading(ActivityMsg::ColOutcome),
            heading(ActivityMsg::DiffBefore),
            heading(ActivityMsg::DiffAfter),
        ])
        .map_err(written)?;
    Ok(writer)
}

fn written(err: impl std::fmt::Display) -> AppError {
    tracing::warn!(error = %err, "the activity export could not be written");
    AppError::Internal
}

impl Out {
    fn write(&mut self, entry: &Entry, lang: Lang) -> Result<(), AppError> {
        match self {
            Out::Csv(writer) => {
                let c = &entry.change;
                let outcome = match &entry.outcome {
                    Outcome::Done => ActivityMsg::Done.text(lang).to_owned(),
                    Outcome::Refused(message) => {
                        app::i18n::fill(ActivityMsg::Refused.text(lang), &[("message", message)])
                    }
                    Outcome::Unknown => ActivityMsg::Unknown.text(lang).to_owned(),
                };
                writer
                    .write_record([
                        entry.seq.to_string().as_str(),
                        &format(entry.at_ms, DEFAULT_OFFSET_MINUTES),
                        &format(entry.at_ms, 0),
                        &c.person,
                        &c.client_addr,
                        &c.session_digest,
                        named(area_text(&c.area), &c.area, lang),
                        named(kind_text(&c.kind), &c.kind, lang),
                        &c.object_id,
                        &c.object_name,
                        &outcome,
                        &c.before.to_string(),
                        &c.after.to_string(),
                    ])
                    .map_err(written)
            }
            Out::Jsonl(out) => {
                serde_json::to_writer(&mut *out, entry).map_err(written)?;
                out.push(b'\n');
                Ok(())
            }
        }
    }

    fn finish(self) -> Result<Vec<u8>, AppError> {
        match self {
            Out::Csv(writer) => writer.into_inner().map_err(written),
            Out::Jsonl(out) => Ok(out),
        }
    }
}

/// The words for a stored area or kind; the stored text itself when it is not one.
fn named(text: Option<Text>, stored: &str, lang: Lang) -> &str {
    text.map_or(stored, |t| t.get(lang))
}
