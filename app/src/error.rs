//! `AppError`: everything a user may be told about a failure, and nothing more. Upstream errors are
//! mapped to it once, here; server functions use `?`.

use crate::i18n::{fill, ExtMsg, GreetingMsg, GroupMsg, Lang, Msg, Text};
use crate::server_fns::answer::JsonText;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use omicall::audio::Found;
use omicall::{Problem, RequestError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The session ended (token expired, revoked, or idle too long): log in again.
    #[error("the session expired")]
    SessionExpired,
    /// No session at all.
    #[error("not logged in")]
    NotLoggedIn,
    #[error("the API key was refused")]
    WrongApiKey,
    /// The login form came without a usable name of the person logging in.
    #[error("no name was given")]
    NameRequired,
    /// A filter of the activity log that does not read (a date typed by hand into the URL).
    #[error("the activity filter does not read")]
    InvalidFilter,
    #[error("too many failed logins; retry in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    /// The call-center refused; its message is shown as it is.
    #[error("the call-center refused: {0}")]
    Rejected(String),
    #[error("the call-center did not answer in time")]
    Timeout,
    #[error("the call-center could not be reached")]
    Unreachable,
    #[error("the call-center's answer could not be read")]
    BadAnswer,
    /// A field the user filled in breaks a rule.
    #[error("invalid input: {0}")]
    Invalid(RequestError),
    /// What the page is about (a group, say) no longer exists.
    #[error("not found")]
    NotFound,
    /// Refused by the console itself (cross-site request).
    #[error("forbidden")]
    Forbidden,
    /// The request body is over the console's limit for it.
    #[error("the request is larger than {limit_kib} KiB")]
    TooLarge { limit_kib: u64 },
    /// An uploaded file is over the console's limit for files.
    #[error("the file is larger than {max_mb} MB")]
    FileTooLarge { max_mb: u64 },
    /// An upload stopped arriving (or arrived too slowly) and was given up.
    #[error("the upload stalled")]
    UploadStalled,
    /// An editor draft whose edits do not apply to what it says it edited: nothing was sent.
    #[error("the draft does not hold together")]
    InvalidDraft,
    /// A request whose arguments could not be read (not the JSON or form a server function
    /// takes): a page older than the server, or a hand-made request. Nothing was done.
    #[error("the request could not be read")]
    Malformed,
    /// The session store (SQLite or Redis) did not answer: nothing the user did; try again later.
    #[error("the session store is unavailable")]
    SessionStoreUnavailable,
    /// The console's own database (SQLite or PostgreSQL) did not answer: the vendor holds the
    /// flow, but what only the console keeps (the editor's layout) could not be read or kept.
    #[error("the console database is unavailable")]
    ConsoleDataUnavailable,
    /// A fault of ours: logged on the server, not detailed to the user.
    #[error("internal error")]
    Internal,
    /// The request to our own server failed in the browser.
    #[error("network: {0}")]
    Network(String),
    /// Code the page fetches on request (a panel, a dialog) did not arrive: the network, or a
    /// newer console deployed meanwhile. Only the browser meets it.
    #[error("a part of the page could not be fetched")]
    CodeUnavailable,
}

impl From<leptos::wasm_split::SplitLoaderError> for AppError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        AppError::CodeUnavailable
    }
}

impl FromServerFnError for AppError {
    // The answers' own reader: with server_fn's `JsonEncoding` (which reads bytes) the browser
    // carried a second copy of this type's deserialiser (and of `Problem`'s) for failures alone.
    type Encoder = JsonText;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(detail) => AppError::Network(detail),
            // Only the server reads arguments: the browser's failures to read an answer stay
            // network failures.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => AppError::Malformed,
            other => AppError::Network(other.to_string()),
        }
    }
}

impl AppError {
    /// The one HTTP status each failure is answered with: 5xx only for our own faults and the
    /// call-center's.
    pub fn status(&self) -> u16 {
        match self {
            AppError::SessionExpired | AppError::NotLoggedIn | AppError::WrongApiKey => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_)
            | AppError::InvalidDraft
            | AppError::Malformed
            | AppError::NameRequired
            | AppError::InvalidFilter => 400,
            AppError::TooLarge { .. } | AppError::FileTooLarge { .. } => 413,
            AppError::UploadStalled => 408,
            // The call-center understood the request and refused it (a duplicate name, say).
            AppError::Rejected(_) => 422,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Internal | AppError::Network(_) | AppError::CodeUnavailable => 500,
            AppError::Unreachable | AppError::BadAnswer => 502,
            AppError::SessionStoreUnavailable | AppError::ConsoleDataUnavailable => 503,
            AppError::Timeout => 504,
        }
    }

    /// Whether the user must log in (again) to go on.
    pub fn needs_login(&self) -> bool {
        matches!(self, AppError::SessionExpired | AppError::NotLoggedIn)
    }

    /// The sentence shown to the user.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::SessionExpired => Msg::ErrSessionExpired.text(lang).into(),
            AppError::NotLoggedIn => Msg::ErrNotLoggedIn.text(lang).into(),
            AppError::WrongApiKey => Msg::ErrWrongApiKey.text(lang).into(),
            AppError::TooManyAttempts { .. } => Msg::ErrTooManyAttempts.text(lang).into(),
            AppError::Rejected(message) => {
                fill(Msg::ErrRejected.text(lang), &[("message", message)])
            }
            AppError::Timeout => Msg::ErrTimeout.text(lang).into(),
            AppError::Unreachable => Msg::ErrUnreachable.text(lang).into(),
            AppError::BadAnswer => Msg::ErrBadAnswer.text(lang).into(),
            AppError::Invalid(err) => invalid_message(err, lang),
            AppError::Forbidden => Msg::ErrForbidden.text(lang).into(),
            AppError::NotFound => Msg::ErrNotFound.text(lang).into(),
            AppError::TooLarge { limit_kib } => {
                fill(Msg::ErrTooLarge.text(lang), &[("limit", limit_kib)])
            }
            AppError::FileTooLarge { max_mb } => {
                fill(Msg::ErrFileTooLarge.text(lang), &[("max", max_mb)])
            }
            AppError::UploadStalled => Msg::ErrUploadStalled.text(lang).into(),
            AppError::InvalidDraft => Msg::ErrInvalidDraft.text(lang).into(),
            AppError::Malformed => Msg::ErrMalformed.text(lang).into(),
            AppError::SessionStoreUnavailable => Msg::ErrSessionStore.text(lang).into(),
            AppError::ConsoleDataUnavailable => Msg::ErrConsoleData.text(lang).into(),
            AppError::NameRequired => Msg::ErrNameRequired.text(lang).into(),
            AppError::InvalidFilter => Msg::ErrInvalidFilter.text(lang).into(),
            AppError::Internal => Msg::ErrInternal.text(lang).into(),
            AppError::Network(_) => Msg::ErrNetwork.text(lang).into(),
            AppError::CodeUnavailable => Msg::ErrCodeUnavailable.text(lang).into(),
        }
    }
}

fn invalid_message(err: &RequestError, lang: Lang) -> String {
    let field = match err.field.as_str() {
        "apiKey" if err.problem == Problem::Required => {
            return Msg::ErrApiKeyRequired.text(lang).into()
        }
        "directions" => return ExtMsg::NeedDirection.text(lang).into(),
        "hotline" => return ExtMsg::NeedHotline.text(lang).into(),
        other => field_label(other).map_or(other, |label| label.get(lang)),
    };
    fill(
        Msg::ErrInvalid.text(lang),
        &[
            ("field", &field),
            ("problem", &problem_text(&err.problem, lang)),
        ],
    )
}

/// The label of a field the vendor's API names, as the forms show it. Other areas' labels are
/// taken at compile time (`const`): a call of their `pair()` would put every sentence of those
/// areas into the main module, which every page loads (the split build leaves a string table
/// where the code that reads it is).
fn field_label(field: &str) -> Option<Text> {
    Some(match field {
        "apiKey" => Msg::ApiKey.into(),
        "keyword" => ExtMsg::LookupValue.into(),
        "sip_user" | "sip_members" | "sip_users" => ExtMsg::ColExtension.into(),
        "user_email" => ExtMsg::ColEmail.into(),
        "group_name" => const { GroupMsg::FieldName.pair() },
        "timeout" => const { GroupMsg::FieldTimeout.pair() },
        "greeting_name" => const { GreetingMsg::FieldName.pair() },
        "file" => const { GreetingMsg::FieldFile.pair() },
        "text" => const { GreetingMsg::FieldText.pair() },
        "voice" => const { GreetingMsg::FieldVoice.pair() },
        "speed" => const { GreetingMsg::FieldSpeed.pair() },
        "target_timeout" | "target_timeout_type" => const { GroupMsg::FieldOnTimeout.pair() },
        _ => return None,
    })
}

/// What is wrong with a field, as a sentence shown beside it.
pub fn problem_text(problem: &Problem, lang: Lang) -> String {
    match problem {
        Problem::Required => Msg::ProblemRequired.text(lang).into(),
        Problem::Empty => Msg::ProblemEmpty.text(lang).into(),
        Problem::TooLong { max } => fill(Msg::ProblemTooLong.text(lang), &[("max", max)]),
        Problem::OutOfRange { min, max } => fill(
            Msg::ProblemOutOfRange.text(lang),
            &[("min", min), ("max", max)],
        ),
        Problem::NotMp3 { found } => not_mp3_text(*found, lang),
        Problem::BadId => Msg::ProblemBadId.text(lang).into(),
        Problem::Duplicate { other } => fill(Msg::ProblemDuplicate.text(lang), &[("other", other)]),
    }
}

/// Why a file is not mp3, naming what it is instead.
fn not_mp3_text(found: Found, lang: Lang) -> String {
    let what = match found {
        Found::Empty => return Msg::ProblemEmptyFile.text(lang).into(),
        Found::Wav => Msg::FoundWav,
        Found::Ogg => Msg::FoundOgg,
        Found::Flac => Msg::FoundFlac,
        Found::Mp4 => Msg::FoundMp4,
        Found::Wma => Msg::FoundWma,
        Found::Text => Msg::FoundText,
        Found::Pdf => Msg::FoundPdf,
        Found::Image => Msg::FoundImage,
        Found::Zip => Msg::FoundZip,
        Found::TagOnly => Msg::FoundTagOnly,
        Found::Unknown => Msg::FoundUnknown,
    };
    fill(Msg::ProblemNotMp3.text(lang), &[("what", &what.text(lang))])
}

impl From<RequestError> for AppError {
    fn from(err: RequestError) -> Self {
        AppError::Invalid(err)
    }
}

#[cfg(feature = "ssr")]
impl From<omicall::Error> for AppError {
    fn from(err: omicall::Error) -> Self {
        use omicall::{AuthFailure, Error};
        // The client's errors carry no secret, so the whole error can be logged.
        tracing::warn!(error = %err, "call-center call failed");
        match err {
            Error::Invalid(e) => AppError::Invalid(e),
            Error::Rejected { message, .. } => AppError::Rejected(message),
            Error::Unauthorized {
                reason: AuthFailure::TokenRejected,
                ..
            } => AppError::SessionExpired,
            Error::Unauthorized {
                reason: AuthFailure::ApiKeyInvalid,
                ..
            } => AppError::WrongApiKey,
            Error::Unauthorized {
                reason: AuthFailure::ApiKeyRequired,
                ..
            } => AppError::Invalid(RequestError::new("apiKey", Problem::Required)),
            Error::Timeout { .. } => AppError::Timeout,
            Error::Connect { .. } => AppError::Unreachable,
            Error::Status { .. } | Error::Decode { .. } => AppError::BadAnswer,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<tower_sessions::session::Error> for AppError {
    fn from(err: tower_sessions::session::Error) -> Self {
        use tower_sessions::session::Error;
        use tower_sessions::session_store::Error as StoreError;
        tracing::error!(error = %err, "session store failed");
        match err {
            Error::Store(StoreError::Backend(_)) => AppError::SessionStoreUnavailable,
            _ => AppError::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_reads_as_a_sentence_in_both_languages() {
        let rejected = AppError::Rejected("script_name already exists".into());
        assert!(rejected
            .message(Lang::En)
            .ends_with("script_name already exists"));
        assert_eq!(
            AppError::Timeout.message(Lang::En),
            "The call center did not answer in time, try again."
        );
        let long_key =
            AppError::Invalid(RequestError::new("apiKey", Problem::TooLong { max: 256 }));
        assert_eq!(
            long_key.message(Lang::En),
            "Please check “API key”: At most 256 characters."
        );
        let no_direction = AppError::Invalid(RequestError::new("directions", Problem::Empty));
        assert_eq!(
            no_direction.message(Lang::Vi),
            "Chọn ít nhất một chiều gọi."
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_refused_token_means_the_session_expired() {
        let err = omicall::Error::Unauthorized {
            endpoint: "internal_phone/list",
            reason: omicall::AuthFailure::TokenRejected,
        };
        assert_eq!(AppError::from(err), AppError::SessionExpired);
        let err = omicall::Error::Timeout { endpoint: "x" };
        assert_eq!(AppError::from(err), AppError::Timeout);
    }
}
