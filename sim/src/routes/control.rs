//! The simulator's own control endpoints under `/_sim`: never subject to faults, no token needed,
//! but the control secret when the simulator has one.

use crate::faults::Faults;
use crate::reply::Refusal;
use crate::Sim;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};

pub(crate) fn router(sim: Sim) -> Router<Sim> {
    Router::new()
        .route("/_sim/faults", get(current).put(replace))
        .route("/_sim/expire-tokens", post(expire_tokens))
        .route("/_sim/reset", post(reset))
        .route_layer(axum::middleware::from_fn_with_state(sim, require_secret))
}

/// 401 unless the request carries the control secret (when there is one).
async fn require_secret(
    State(sim): State<Sim>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let offered = request
        .headers()
        .get(crate::config::CONTROL_SECRET_HEADER)
        .and_then(|v| v.to_str().ok());
    if sim.may_control(offered) {
        next.run(request).await
    } else {
        (
            StatusCode::UNAUTHORIZED,
            "the simulator's control secret is missing or wrong",
        )
            .into_response()
    }
}

/// `GET /_sim/faults`.
async fn current(State(sim): State<Sim>) -> Json<Faults> {
    Json(sim.faults())
}

/// `PUT /_sim/faults` with a JSON [`Faults`] (missing knobs are off): replaces the faults. A
/// bad body answers 400 with a failure envelope naming the knob.
async fn replace(State(sim): State<Sim>, body: Bytes) -> Result<Json<Faults>, Refusal> {
    let faults = Faults::from_json(&body).map_err(Refusal::BadFaults)?;
    sim.set_faults(faults.clone());
    Ok(Json(faults))
}

/// `POST /_sim/expire-tokens`.
async fn expire_tokens(State(sim): State<Sim>) -> StatusCode {
    sim.expire_tokens();
    StatusCode::NO_CONTENT
}

/// `POST /_sim/reset`: faults back to none.
async fn reset(State(sim): State<Sim>) -> Json<Faults> {
    sim.set_faults(Faults::default());
    Json(Faults::default())
}
