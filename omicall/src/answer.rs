//! Reading an answer: HTTP status and body in, typed payload or [`Error`] out. Kept apart from the
//! HTTP client so that the same code decodes the reference's example answers in tests.

use crate::envelope::{Envelope, STATUS_OK};
use crate::error::{AuthFailure, Error};
use serde::de::DeserializeOwned;

/// Decodes the answer of `endpoint`: 401/403 mean the token was refused, a `-9999` envelope is
/// the vendor's refusal (whatever the HTTP status), and anything else must be a `9999` envelope
/// whose payload has the shape `T`.
pub fn read_answer<T: DeserializeOwned>(
    endpoint: &'static str,
    http_status: u16,
    body: &[u8],
) -> Result<T, Error> {
    if matches!(http_status, 401 | 403) {
        return Err(Error::Unauthorized {
            endpoint,
            reason: AuthFailure::TokenRejected,
        });
    }
    // The payload is kept as raw text and decoded once, into `T`, only when the answer is a
    // success: decoding it to a `Value` first cost a second pass over every list.
    let envelope = serde_json::from_slice::<Envelope<Box<serde_json::value::RawValue>>>(body);
    if !(200..300).contains(&http_status) {
        return Err(match envelope {
            Ok(env) if !env.is_ok() && env.message.is_some() => {
                Error::refused(endpoint, env.message)
            }
            _ => Error::Status {
                endpoint,
                status: http_status,
            },
        });
    }
    let envelope = envelope.map_err(|e| Error::decode(endpoint, &e))?;
    if envelope.status_code != Some(STATUS_OK) {
        return Err(Error::refused(endpoint, envelope.message));
    }
    let payload = envelope.payload.as_deref().map_or("null", |raw| raw.get());
    serde_json::from_str(payload).map_err(|e| Error::decode(endpoint, &e))
}
