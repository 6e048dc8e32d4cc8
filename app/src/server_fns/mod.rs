//! Server functions, one module per area. Thin: session → client → `AppError`.

pub mod activity;
pub mod answer;
pub mod auth;
pub mod extensions;
pub mod flow;
pub mod greetings;
pub mod groups;
pub mod ivr;
#[cfg(feature = "ssr")]
pub(crate) mod lists;
#[cfg(feature = "ssr")]
pub mod record;
pub mod versions;

pub use crate::wire::delete::DeleteOutcome;

#[cfg(feature = "ssr")]
pub(crate) mod support {
    use crate::error::AppError;
    use crate::server_fns::lists::{all_greetings, all_groups, all_menus};
    use crate::server_fns::record::{Asked, Recorder};
    use crate::session::UserSession;
    use crate::state::ConsoleState;
    use leptos::prelude::use_context;
    use omicall::{AccessToken, Client};
    use std::future::Future;
    use std::time::{Duration, Instant};

    /// The server's shared state. It is missing only when a page's data is asked for after the
    /// browser gave the page up: Leptos drops the request's context then while the data's task
    /// still runs (upstream, leptos-rs/leptos#4698). Nobody waits for that answer, so it is not
    /// an error, and no call is made for it.
    pub fn console() -> Result<ConsoleState, AppError> {
        use_context::<ConsoleState>().ok_or_else(|| {
            tracing::warn!("a page's data was asked for after the page was given up; not fetched");
            AppError::Internal
        })
    }

    /// Runs a call-center call with the session's token. A token the vendor refuses ends the
    /// session, so the next page load lands on the login page.
    pub async fn upstream<T, F, Fut>(call: F) -> Result<T, AppError>
    where
        F: FnOnce(Client, AccessToken) -> Fut,
        Fut: Future<Output = Result<T, omicall::Error>>,
    {
        // Context is read before the first await, while the request's owner is surely current.
        let client = console()?.client;
        let response = use_context::<leptos_axum::ResponseOptions>();
        with_token(client, response, |c, t| async move {
            call(c, t).await.map_err(AppError::from)
        })
        .await
    }

    /// Runs calls that change something at the vendor: each goes through the [`Recorder`] it is
    /// given, so that the activity log holds it, with who asked and from where.
    pub async fn changing<T, F, Fut>(call: F) -> Result<T, AppError>
    where
        F: FnOnce(Client, AccessToken, Recorder) -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        let client = console()?.client;
        let response = use_context::<leptos_axum::ResponseOptions>();
        let recorder = Recorder::current().await?;
        with_token(client, response, |c, t| call(c, t, recorder)).await
    }

    async fn with_token<T, F, Fut>(
        client: Client,
        response: Option<leptos_axum::ResponseOptions>,
        call: F,
    ) -> Result<T, AppError>
    where
        F: FnOnce(Client, AccessToken) -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        let session = UserSession::current().await?;
        let token = session.token().await?;
        let started = Instant::now();
        let answer = call(client, token).await;
        server_timing(response, "upstream", started.elapsed());
        match answer {
            Err(AppError::SessionExpired) => Err(session.expire().await),
            other => other,
        }
    }

    /// Every place among the tenant's groups and menus that leads to `kind`/`id`.
    pub async fn usages(
        kind: omicall::ActionType,
        id: String,
    ) -> Result<Vec<omicall::rules::Usage>, AppError> {
        omicall::requests::check_path_id("id", &id)?;
        upstream(|c, t| async move {
            let (groups, menus) = futures::try_join!(all_groups(&c, &t), all_menus(&c, &t))?;
            Ok(omicall::rules::usages_of(&kind, &id, &groups, &menus))
        })
        .await
    }

    /// Deletes `kind`/`id` with `delete` unless something still leads to it: checked here,
    /// on the server, whatever the page showed before.
    pub async fn delete_unless_used<F, Fut>(
        kind: omicall::ActionType,
        id: String,
        delete: F,
    ) -> Result<super::DeleteOutcome, AppError>
    where
        F: FnOnce(Client, AccessToken, String) -> Fut,
        Fut: Future<Output = Result<(), omicall::Error>>,
    {
        omicall::requests::check_path_id("id", &id)?;
        changing(|c, t, recorder| async move {
            let (groups, menus) = futures::try_join!(all_groups(&c, &t), all_menus(&c, &t))?;
            let found = omicall::rules::usages_of(&kind, &id, &groups, &menus);
            if !found.is_empty() {
                return Ok(super::DeleteOutcome::InUse(found));
            }
            let asked = deletion(&c, &t, &kind, &id, &groups, &menus).await?;
            recorder.call(asked, delete(c, t, id)).await?;
            Ok(super::DeleteOutcome::Deleted)
        })
        .await
    }

    /// The deletion of `kind`/`id` as it is recorded: the object as the vendor holds it.
    async fn deletion(
        c: &Client,
        t: &AccessToken,
        kind: &omicall::ActionType,
        id: &str,
        groups: &[omicall::models::RingGroup],
        menus: &[omicall::models::IvrMenu],
    ) -> Result<Asked, omicall::Error> {
        use crate::wire::activity::{Area, Kind};
        use omicall::ActionType;
        let asked = match kind {
            ActionType::RingGroup => {
                let held = groups.iter().find(|g| g.id == id);
                let name = held.map_or(id, |g| g.group_name.as_str());
                Asked::new(Area::RingGroups, Kind::Delete, id, name).before(held)
            }
            ActionType::IvrMenu => {
                let held = menus.iter().find(|m| m.id == id);
                let name = held.map_or(id, |m| m.script_name.as_str());
                Asked::new(Area::Menus, Kind::Delete, id, name).before(held)
            }
            _ => {
                let greetings = all_greetings(c, t).await?;
                let held = greetings.iter().find(|g| g.id == id);
                let name = held.map_or(id, |g| g.greeting_name.as_str());
                Asked::new(Area::Greetings, Kind::Delete, id, name).before(held)
            }
        };
        Ok(asked)
    }

    /// The address the request comes from, as the login throttle and the activity log see it.
    pub async fn client_addr(trusted: &crate::client_addr::TrustedProxies) -> std::net::IpAddr {
        use axum::extract::ConnectInfo;
        let headers = use_context::<http::request::Parts>()
            .map(|parts| parts.headers)
            .unwrap_or_default();
        let peer = leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>()
            .await
            .map(|ConnectInfo(addr)| addr.ip())
            .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
        trusted.client_ip(peer, &headers)
    }

    /// Says how long the call-center took, as a `Server-Timing` entry (browsers' developer tools
    /// show it; `make bench` reads it). A duration only: nothing about the tenant.
    fn server_timing(response: Option<leptos_axum::ResponseOptions>, name: &str, took: Duration) {
        let Some(response) = response else { return };
        let value = format!("{name};dur={:.2}", took.as_secs_f64() * 1000.0);
        if let Ok(value) = http::HeaderValue::from_str(&value) {
            response.append_header(
                http::header::HeaderName::from_static("server-timing"),
                value,
            );
        }
    }
}
