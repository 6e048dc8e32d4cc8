//! The one error type of the client. It names the endpoint and the class of failure and never
//! carries a URL, a query string, a header or a body, so neither the API key nor the token can end
//! up in it.

use crate::requests::RequestError;

/// Why a call to the call-center failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Refused before sending: the request breaks a rule of the reference.
    #[error("invalid request: {0}")]
    Invalid(#[from] RequestError),
    /// The vendor answered `status_code: -9999`; `message` is its reason.
    #[error("{endpoint}: the call-center refused the request: {message}")]
    Rejected {
        endpoint: &'static str,
        message: String,
    },
    /// The credential was refused: a missing or wrong API key, or a token that is invalid or expired.
    #[error("{endpoint}: not authorized: {reason}")]
    Unauthorized {
        endpoint: &'static str,
        reason: AuthFailure,
    },
    /// An HTTP status other than success that carried no vendor refusal.
    #[error("{endpoint}: the call-center answered HTTP {status}")]
    Status { endpoint: &'static str, status: u16 },
    /// No complete answer within the configured time.
    #[error("{endpoint}: the call-center did not answer in time")]
    Timeout { endpoint: &'static str },
    /// The connection could not be made or broke off.
    #[error("{endpoint}: could not reach the call-center: {detail}")]
    Connect {
        endpoint: &'static str,
        detail: String,
    },
    /// The answer was not the JSON the reference describes.
    #[error("{endpoint}: the answer could not be read: {detail}")]
    Decode {
        endpoint: &'static str,
        detail: String,
    },
}

/// Which credential was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthFailure {
    /// `api_key_is_required`.
    #[error("an API key is required")]
    ApiKeyRequired,
    /// `api_key_invalid`.
    #[error("the API key is not valid")]
    ApiKeyInvalid,
    /// HTTP 401 or 403: the token is missing, wrong, expired or revoked.
    #[error("the access token was refused")]
    TokenRejected,
}

/// The vendor's message codes for a refused API key.
pub const MSG_API_KEY_REQUIRED: &str = "api_key_is_required";
pub const MSG_API_KEY_INVALID: &str = "api_key_invalid";

impl Error {
    /// Whether the user must log in again.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Error::Unauthorized { .. })
    }

    /// Whether the vendor has no such thing (HTTP 404 or 410): a recording it does not know.
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            Error::Status {
                status: 404 | 410,
                ..
            }
        )
    }

    /// Turns a `-9999` refusal into the right variant.
    pub(crate) fn refused(endpoint: &'static str, message: Option<String>) -> Self {
        match message.as_deref() {
            Some(MSG_API_KEY_REQUIRED) => Error::Unauthorized {
                endpoint,
                reason: AuthFailure::ApiKeyRequired,
            },
            Some(MSG_API_KEY_INVALID) => Error::Unauthorized {
                endpoint,
                reason: AuthFailure::ApiKeyInvalid,
            },
            _ => Error::Rejected {
                endpoint,
                message: message.unwrap_or_else(|| "no reason given".to_owned()),
            },
        }
    }

    /// A decoding failure described by its position only: serde's own message can quote the
    /// offending value, which might be a token.
    pub(crate) fn decode(endpoint: &'static str, err: &serde_json::Error) -> Self {
        let what = match err.classify() {
            serde_json::error::Category::Io => "the answer broke off",
            serde_json::error::Category::Syntax => "the answer is not valid JSON",
            serde_json::error::Category::Data => "the answer has an unexpected shape",
            serde_json::error::Category::Eof => "the answer ended early",
        };
        Error::Decode {
            endpoint,
            detail: format!("{what} (line {}, column {})", err.line(), err.column()),
        }
    }
}
