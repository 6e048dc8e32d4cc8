//! Extensions and hotlines.

use super::EXTENSIONS_PAGE_SIZE;
use crate::auth::Caller;
use crate::input::{JsonBody, Params};
use crate::reply::{self, Refusal};
use crate::Sim;
use axum::extract::State;
use axum::response::Response;
use omicall::{Direction, LookupType};

/// `GET internal_phone/list?keyword=&page=&size=`.
pub(crate) async fn list(
    State(sim): State<Sim>,
    caller: Caller,
    params: Params,
) -> Result<Response, Refusal> {
    let req = params.page_request(EXTENSIONS_PAGE_SIZE)?;
    let page = sim.read(&caller, |t| Ok(t.list_extensions(&req)))?;
    Ok(reply::ok(page))
}

/// `PUT internal_phone/status?enabled=&sip_user=`.
pub(crate) async fn set_status(
    State(sim): State<Sim>,
    caller: Caller,
    params: Params,
) -> Result<Response, Refusal> {
    let sip_user = params.required("sip_user")?;
    let enabled = match params.required("enabled")?.to_ascii_lowercase().as_str() {
        "true" => true,
        "false" => false,
        other => {
            return Err(Refusal::UnknownValue {
                field: "enabled".to_owned(),
                value: other.to_owned(),
                expected: "true or false".to_owned(),
            })
        }
    };
    let answer = sim
        .change(&caller, |t, _| t.set_enabled(sip_user, enabled))
        .await?;
    Ok(reply::ok(answer))
}

/// `GET extensions/detail?type=&keyword=`.
pub(crate) async fn detail(
    State(sim): State<Sim>,
    caller: Caller,
    params: Params,
) -> Result<Response, Refusal> {
    let kind = LookupType::from(params.required("type")?);
    let keyword = params.required("keyword")?;
    let detail = sim.read(&caller, |t| t.extension_detail(&kind, keyword))?;
    Ok(reply::ok(detail))
}

/// `GET hotline/list?extension=`.
pub(crate) async fn hotlines(
    State(sim): State<Sim>,
    caller: Caller,
    params: Params,
) -> Result<Response, Refusal> {
    let extension = params.text("extension");
    let hotlines = sim.read(&caller, |t| t.hotlines_for(extension))?;
    Ok(reply::ok(hotlines))
}

/// `POST hotline/extension/update` with `{hotline, user_email, directions}`.
pub(crate) async fn assign_hotline(
    State(sim): State<Sim>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> Result<Response, Refusal> {
    let hotline = body.required_text("hotline")?;
    let user_email = body.required_text("user_email")?;
    let mut directions: Vec<Direction> = Vec::new();
    for (i, text) in body.text_list("directions")?.iter().enumerate() {
        let direction = match Direction::from(text.as_str()) {
            Direction::Other(value) => {
                return Err(Refusal::UnknownValue {
                    field: format!("directions[{i}]"),
                    value,
                    expected: "inbound or outbound".to_owned(),
                })
            }
            known => known,
        };
        if !directions.contains(&direction) {
            directions.push(direction);
        }
    }
    if directions.is_empty() {
        return Err(Refusal::Rule(
            "directions needs at least one of inbound, outbound".to_owned(),
        ));
    }
    let answer = sim
        .change(&caller, |t, _| {
            t.assign_hotline(&hotline, &user_email, directions)
        })
        .await?;
    Ok(reply::ok(answer))
}
