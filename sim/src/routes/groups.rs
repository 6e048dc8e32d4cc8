//! Ring groups.

use super::PAGE_SIZE;
use crate::auth::Caller;
use crate::input::{Fields, JsonBody, Params, PathId};
use crate::reply::{self, Refusal};
use crate::state::{GroupInput, Target};
use crate::Sim;
use axum::extract::State;
use axum::response::Response;
use omicall::Strategy;

use omicall::rules::MEMBER_TIMEOUT_SECONDS;

pub(crate) fn group_input(body: &Fields) -> Result<GroupInput, Refusal> {
    let group_name = body.required_name("group_name")?;
    let strategy = match Strategy::from(body.required_text("strategy")?.as_str()) {
        Strategy::Other(value) => {
            return Err(Refusal::UnknownValue {
                field: "strategy".to_owned(),
                value,
                expected: "enterprise, rollover or random".to_owned(),
            })
        }
        known => known,
    };
    Ok(GroupInput {
        group_name,
        strategy,
        sip_members: body.text_list_or_csv("sip_members")?,
        timeout: body.required_whole(
            "timeout",
            *MEMBER_TIMEOUT_SECONDS.start(),
            *MEMBER_TIMEOUT_SECONDS.end(),
        )?,
        target: Target::read(body, "target_timeout_type", "target_timeout")?,
        keep_target: !body.has("target_timeout_type") && !body.has("target_timeout"),
    })
}

/// The body of add-members and remove-members: `{group_id, sip_users}`.
fn members_change(body: &Fields) -> Result<(String, Vec<String>), Refusal> {
    let group_id = body.required_text("group_id")?;
    let sip_users = body.text_list("sip_users")?;
    if sip_users.is_empty() {
        return Err(Refusal::Rule(
            "sip_users needs at least one extension".to_owned(),
        ));
    }
    Ok((group_id, sip_users))
}

/// `GET internal_group/list?keyword=&page=&size=`.
pub(crate) async fn list(
    State(sim): State<Sim>,
    caller: Caller,
    params: Params,
) -> Result<Response, Refusal> {
    let req = params.page_request(PAGE_SIZE)?;
    let mut page = sim.read(&caller, |t| Ok(t.list_groups(&req)))?;
    page.extension = Some(serde_json::Value::Null);
    Ok(reply::ok(page))
}

/// `POST internal_group/add`.
pub(crate) async fn add(
    State(sim): State<Sim>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> Result<Response, Refusal> {
    let input = group_input(&body)?;
    let group = sim
        .change(&caller, |t, rng| t.add_group(input, rng))
        .await?;
    Ok(reply::ok(group))
}

/// `POST internal_group/update/:id`.
pub(crate) async fn update(
    State(sim): State<Sim>,
    caller: Caller,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> Result<Response, Refusal> {
    let input = group_input(&body)?;
    let group = sim
        .change(&caller, |t, _| t.update_group(&id, input))
        .await?;
    Ok(reply::ok(group))
}

/// `POST internal_group/add-members`.
pub(crate) async fn add_members(
    State(sim): State<Sim>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> Result<Response, Refusal> {
    let (group_id, sip_users) = members_change(&body)?;
    let group = sim
        .change(&caller, |t, _| t.add_members(&group_id, &sip_users))
        .await?;
    Ok(reply::ok(group))
}

/// `POST internal_group/remove-members`.
pub(crate) async fn remove_members(
    State(sim): State<Sim>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> Result<Response, Refusal> {
    let (group_id, sip_users) = members_change(&body)?;
    let group = sim
        .change(&caller, |t, _| t.remove_members(&group_id, &sip_users))
        .await?;
    Ok(reply::ok(group))
}

/// `DELETE internal_group/delete/:id`.
pub(crate) async fn remove(
    State(sim): State<Sim>,
    caller: Caller,
    PathId(id): PathId,
) -> Result<Response, Refusal> {
    sim.change(&caller, |t, _| t.delete_group(&id)).await?;
    Ok(reply::ok(true))
}
