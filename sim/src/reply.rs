//! How the simulator answers: every success and every refusal leaves through this module, so the
//! envelope is written in one place and every refusal is mapped to HTTP once.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use omicall::Envelope;
use serde::Serialize;

/// A success envelope around `payload`.
pub(crate) fn ok<T: Serialize>(payload: T) -> Response {
    Json(stamped(Envelope::ok(payload))).into_response()
}

/// Fills in the informational fields. The reference's examples carry `instance_version` on most
/// answers and `instance_name` on the extension list, so the simulator sends both.
fn stamped<T>(mut envelope: Envelope<T>) -> Envelope<T> {
    envelope.instance_name = Some("omicall-sim".to_owned());
    envelope
}

/// Why a bearer token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TokenProblem {
    #[error("token_required")]
    Missing,
    #[error("token_invalid")]
    Invalid,
    #[error("token_expired")]
    Expired,
}

/// Every way a request can be refused. The message is what the failure envelope carries, so each
/// names the parameter or field at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum Refusal {
    /// The vendor's code for `/api/auth` without a key.
    #[error("{}", omicall::MSG_API_KEY_REQUIRED)]
    ApiKeyRequired,
    /// The vendor's code for an unknown key.
    #[error("{}", omicall::MSG_API_KEY_INVALID)]
    ApiKeyInvalid,
    #[error("{0}")]
    Token(TokenProblem),
    /// The vendor's code for a missing body.
    #[error("request_body_required")]
    BodyRequired,
    #[error("the request body is not valid JSON: {0}")]
    BadJson(String),
    #[error("the request body must be a JSON object")]
    NotAnObject,
    #[error("the request body could not be read: {0}")]
    BodyUnreadable(String),
    #[error("the query string could not be read: {0}")]
    BadQuery(String),
    #[error("{field} is required")]
    Required { field: String },
    #[error("{field} must be {expected}")]
    WrongType {
        field: String,
        expected: &'static str,
    },
    #[error("{field} must be a whole number from {min} to {max}")]
    OutOfRange { field: String, min: i64, max: i64 },
    #[error("{field} is longer than {max} characters")]
    TooLong { field: String, max: usize },
    #[error("{field}: unknown value '{value}' (expected {expected})")]
    UnknownValue {
        field: String,
        value: String,
        expected: String,
    },
    #[error("{field}: {what} '{id}' does not exist")]
    NotFound {
        field: String,
        what: &'static str,
        id: String,
    },
    #[error("{field} already exists: '{value}'")]
    Duplicate { field: String, value: String },
    #[error("{field} lists '{value}' more than once")]
    Repeated { field: String, value: String },
    #[error("cannot delete {what} '{name}': it is used by {used_by}")]
    InUse {
        what: &'static str,
        name: String,
        used_by: String,
    },
    /// A rule that fits none of the shapes above, stated in full.
    #[error("{0}")]
    Rule(String),
    /// A fault knob refused the request (`reject_share`, `fail_nth_write`).
    #[error("simulated_failure: the simulator refused this request on purpose ({0})")]
    Simulated(&'static str),
    #[error("no such endpoint: {method} {path}")]
    NoEndpoint { method: String, path: String },
    #[error("method {method} is not allowed on {path}")]
    MethodNotAllowed { method: String, path: String },
    #[error("file: no greeting has the recording '{0}'")]
    NoAudio(String),
    /// A `PUT /_sim/faults` body that is not a valid [`crate::Faults`].
    #[error("{0}")]
    BadFaults(String),
}

impl Refusal {
    pub(crate) fn required(field: impl Into<String>) -> Self {
        Refusal::Required {
            field: field.into(),
        }
    }

    pub(crate) fn not_found(field: impl Into<String>, what: &'static str, id: &str) -> Self {
        Refusal::NotFound {
            field: field.into(),
            what,
            id: id.to_owned(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Refusal::Token(_) => StatusCode::UNAUTHORIZED,
            Refusal::NoEndpoint { .. } | Refusal::NoAudio(_) => StatusCode::NOT_FOUND,
            Refusal::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Refusal::BadFaults(_) => StatusCode::BAD_REQUEST,
            // The vendor refuses with HTTP 200 and a -9999 envelope.
            _ => StatusCode::OK,
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let envelope = stamped(Envelope::<()>::failed(self.to_string()));
        (self.status(), Json(envelope)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_200_envelopes_except_for_tokens_and_unknown_paths() {
        assert_eq!(Refusal::ApiKeyInvalid.status(), StatusCode::OK);
        assert_eq!(Refusal::ApiKeyInvalid.to_string(), "api_key_invalid");
        assert_eq!(
            Refusal::Token(TokenProblem::Expired).status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            Refusal::Token(TokenProblem::Expired).to_string(),
            "token_expired"
        );
        assert_eq!(
            Refusal::not_found("group_id", "internal group", "abc").to_string(),
            "group_id: internal group 'abc' does not exist"
        );
    }
}
