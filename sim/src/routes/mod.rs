//! The HTTP surface: one module per area, each handler thin (read the request, call the tenant,
//! answer).

mod control;
mod extensions;
mod greetings;
pub(crate) mod groups;
pub(crate) mod menus;

use crate::reply::Refusal;
use crate::{auth, faults, Sim};
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use axum::middleware::from_fn_with_state;
use axum::routing::{delete, get, post, put};
use axum::Router;
use omicall::paths;

/// Default page size of the extension list, per the reference.
const EXTENSIONS_PAGE_SIZE: i64 = 50;
/// Default page size of the other lists, per the reference.
const PAGE_SIZE: i64 = 10;

fn at(path: &str) -> String {
    format!("/{path}")
}

fn at_id(path: &str, name: &str) -> String {
    format!("/{path}/{{{name}}}")
}

pub(crate) fn router(sim: Sim) -> Router {
    let call_center = Router::new()
        .route(&at(paths::EXTENSIONS), get(extensions::list))
        .route(&at(paths::EXTENSION_STATUS), put(extensions::set_status))
        .route(&at(paths::EXTENSION_DETAIL), get(extensions::detail))
        .route(&at(paths::HOTLINES), get(extensions::hotlines))
        .route(&at(paths::HOTLINE_ASSIGN), post(extensions::assign_hotline))
        .route(&at(paths::GROUPS), get(groups::list))
        .route(&at(paths::GROUP_ADD), post(groups::add))
        .route(&at_id(paths::GROUP_UPDATE, "id"), post(groups::update))
        .route(&at(paths::GROUP_ADD_MEMBERS), post(groups::add_members))
        .route(
            &at(paths::GROUP_REMOVE_MEMBERS),
            post(groups::remove_members),
        )
        .route(&at_id(paths::GROUP_DELETE, "id"), delete(groups::remove))
        .route(&at(paths::MENUS), get(menus::list))
        .route(&at(paths::MENU_ADD), post(menus::add))
        .route(&at_id(paths::MENU_UPDATE, "id"), post(menus::update))
        .route(&at_id(paths::MENU_DELETE, "id"), delete(menus::remove))
        .route(&at(paths::GREETINGS), get(greetings::list))
        .route(
            &at(paths::GREETING_UPLOAD),
            post(greetings::upload).layer(DefaultBodyLimit::max(greetings::UPLOAD_BODY_LIMIT)),
        )
        .route(&at(paths::GREETING_TTS), post(greetings::text_to_speech))
        .route(
            &at_id(paths::GREETING_DELETE, "id"),
            delete(greetings::remove),
        )
        .route(&at_id(paths::GREETING_AUDIO, "file"), get(greetings::audio))
        .route_layer(from_fn_with_state(sim.clone(), auth::require_token));

    let api = Router::new()
        .route(paths::AUTH, get(auth::grant))
        .nest(paths::PREFIX, call_center)
        .layer(from_fn_with_state(sim.clone(), faults::inject));

    Router::new()
        .merge(api)
        .merge(control::router(sim.clone()))
        .fallback(no_endpoint)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(sim)
}

async fn no_endpoint(method: Method, uri: Uri) -> Refusal {
    Refusal::NoEndpoint {
        method: method.to_string(),
        path: uri.path().to_owned(),
    }
}

async fn method_not_allowed(method: Method, uri: Uri) -> Refusal {
    Refusal::MethodNotAllowed {
        method: method.to_string(),
        path: uri.path().to_owned(),
    }
}
