//! IVR menus.

use super::PAGE_SIZE;
use crate::auth::Caller;
use crate::input::{Fields, JsonBody, Params, PathId};
use crate::reply::{self, Refusal};
use crate::state::{KeyInput, MenuInput, Target};
use crate::Sim;
use axum::extract::State;
use axum::response::Response;

/// The omicall client sends `time_out` and `max_failure` as `u32`.
const MAX_COUNT: i64 = u32::MAX as i64;

pub(crate) fn menu_input(body: &Fields) -> Result<MenuInput, Refusal> {
    let scripts = body
        .object_list("scripts")?
        .iter()
        .map(|key| {
            Ok(KeyInput {
                ivr: key.required_text("ivr")?,
                target: Target::read(key, "action_type", "action")?,
            })
        })
        .collect::<Result<Vec<_>, Refusal>>()?;
    Ok(MenuInput {
        script_name: body.required_name("script_name")?,
        greeting_id: body.required_text("greeting_id")?,
        greeting_short_id: body.optional_text("greeting_short_id")?,
        invalid_sound_id: body.optional_text("invalid_sound_id")?,
        max_failure: body.required_whole("max_failure", 0, MAX_COUNT)?,
        time_out: body.required_whole("time_out", 0, MAX_COUNT)?,
        scripts,
        fallback: Target::read(body, "action_type", "action")?,
    })
}

/// `GET key-interaction/list?keyword=&page=&size=`.
pub(crate) async fn list(
    State(sim): State<Sim>,
    caller: Caller,
    params: Params,
) -> Result<Response, Refusal> {
    let req = params.page_request(PAGE_SIZE)?;
    let mut page = sim.read(&caller, |t| Ok(t.list_menus(&req)))?;
    page.extension = Some(serde_json::Value::Null);
    Ok(reply::ok(page))
}

/// `POST key-interaction/add`.
pub(crate) async fn add(
    State(sim): State<Sim>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> Result<Response, Refusal> {
    let input = menu_input(&body)?;
    let menu = sim.change(&caller, |t, rng| t.add_menu(input, rng)).await?;
    Ok(reply::ok(menu))
}

/// `POST key-interaction/update/:id`.
pub(crate) async fn update(
    State(sim): State<Sim>,
    caller: Caller,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> Result<Response, Refusal> {
    let input = menu_input(&body)?;
    let menu = sim
        .change(&caller, |t, _| t.update_menu(&id, input))
        .await?;
    Ok(reply::ok(menu))
}

/// `DELETE key-interaction/delete/:id`.
pub(crate) async fn remove(
    State(sim): State<Sim>,
    caller: Caller,
    PathId(id): PathId,
) -> Result<Response, Refusal> {
    sim.change(&caller, |t, _| t.delete_menu(&id)).await?;
    Ok(reply::ok(true))
}
