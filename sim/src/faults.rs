//! Fault knobs: slow, refused, broken and missing answers on demand, for testing the console's
//! error handling.

use crate::reply::Refusal;
use crate::Sim;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::time::Duration;

/// What goes wrong with answers under `/api`. Shares are probabilities from 0 to 1, drawn
/// independently per request in this order: HTTP 500, malformed body, `-9999` refusal. A request
/// hit by a fault never reaches its handler, so it changes nothing.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Delay before every answer.
    pub latency_ms: u64,
    /// Share of answers failing as a `-9999` envelope (HTTP 200).
    pub reject_share: f64,
    /// Share of answers failing as HTTP 500 with an HTML body.
    pub http500_share: f64,
    /// Share of answers whose body is not valid JSON (HTTP 200, `application/json`).
    pub malformed_share: f64,
    /// Hold every answer until `hang` is switched off again (a client sees no answer).
    pub hang: bool,
    /// Hold every mp3 upload, before it is read, until this is switched off again: the upload
    /// is then taken as usual. Tests release it when they choose (an admin cancelling while the
    /// call center has the file, say).
    pub hold_uploads: bool,
    /// Refuse the n-th write (a request that is not a GET) counted from when the faults were
    /// set, as a `-9999` envelope; 0 for none. A save that stops part way is made this way.
    pub fail_nth_write: u32,
}

impl Faults {
    /// Reads faults from JSON, naming the knob at fault.
    pub(crate) fn from_json(bytes: &[u8]) -> Result<Faults, String> {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| format!("the body is not JSON: {e}"))?;
        let Value::Object(knobs) = &value else {
            return Err("the body must be a JSON object of fault knobs".to_owned());
        };
        for (knob, setting) in knobs {
            let alone = Value::Object(Map::from_iter([(knob.clone(), setting.clone())]));
            serde_json::from_value::<Faults>(alone).map_err(|e| format!("{knob}: {e}"))?;
        }
        let faults: Faults = serde_json::from_value(value).map_err(|e| e.to_string())?;
        faults.validate()?;
        Ok(faults)
    }

    /// Checks the shares are probabilities.
    pub fn validate(&self) -> Result<(), String> {
        for (name, share) in [
            ("reject_share", self.reject_share),
            ("http500_share", self.http500_share),
            ("malformed_share", self.malformed_share),
        ] {
            if !(0.0..=1.0).contains(&share) {
                return Err(format!("{name} must be from 0 to 1, got {share}"));
            }
        }
        Ok(())
    }
}

/// The answer a truncated upstream would give.
const MALFORMED_BODY: &str =
    r#"{"status_code": 9999, "instance_id": "sim", "payload": {"items": [{"_id": "62ff11b2"#;

/// Middleware over `/api`: applies the current faults before the handler runs.
pub(crate) async fn inject(State(sim): State<Sim>, request: Request, next: Next) -> Response {
    let faults = sim.faults();
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if faults.hang {
        sim.hold_until(|f| !f.hang).await;
    }
    if faults.hold_uploads
        && request
            .uri()
            .path()
            .ends_with(omicall::paths::GREETING_UPLOAD)
    {
        sim.hold_until(|f| !f.hold_uploads).await;
    }
    let mut rng = fastrand::Rng::new();
    if rng.f64() < faults.http500_share {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body><h1>500 Internal Server Error</h1></body></html>",
        )
            .into_response();
    }
    if rng.f64() < faults.malformed_share {
        return (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            MALFORMED_BODY,
        )
            .into_response();
    }
    if rng.f64() < faults.reject_share {
        return Refusal::Simulated("reject_share").into_response();
    }
    if faults.fail_nth_write > 0
        && request.method() != axum::http::Method::GET
        && sim.count_write() == faults.fail_nth_write
    {
        return Refusal::Simulated("fail_nth_write").into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_read_from_partial_json_and_refuse_unknown_knobs() {
        let f: Faults = serde_json::from_str(r#"{"latency_ms": 200}"#).unwrap();
        assert_eq!(
            f,
            Faults {
                latency_ms: 200,
                ..Faults::default()
            }
        );
        assert!(serde_json::from_str::<Faults>(r#"{"latency": 200}"#).is_err());
        let err = Faults::from_json(br#"{"latency_ms": 1, "hang": "yes"}"#).unwrap_err();
        assert!(err.starts_with("hang: "), "{err}");
        assert!(Faults {
            reject_share: 1.5,
            ..Faults::default()
        }
        .validate()
        .is_err());
        assert!(serde_json::from_str::<serde_json::Value>(MALFORMED_BODY).is_err());
    }
}
