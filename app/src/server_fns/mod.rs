//! Server functions, one module per area. Thin: session → client → `AppError`.

pub mod answer;
pub mod auth;
pub mod extensions;
pub mod flow;
pub mod greetings;
pub mod groups;
pub mod ivr;
#[cfg(feature = "ssr")]
pub(crate) mod lists;

pub use crate::wire::delete::DeleteOutcome;

#[cfg(feature = "ssr")]
pub(crate) mod support {
    use crate::error::AppError;
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
        let session = UserSession::current().await?;
        let token = session.token().await?;
        let started = Instant::now();
        let answer = call(client, token).await;
        server_timing(response, "upstream", started.elapsed());
        match answer {
            Err(err) if err.is_unauthorized() => Err(session.expire().await),
            other => other.map_err(AppError::from),
        }
    }

    /// Every place among the tenant's groups and menus that leads to `kind`/`id`.
    pub async fn usages(
        kind: omicall::ActionType,
        id: String,
    ) -> Result<Vec<omicall::rules::Usage>, AppError> {
        use crate::server_fns::lists::{all_groups, all_menus};
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
        let found = usages(kind, id.clone()).await?;
        if !found.is_empty() {
            return Ok(super::DeleteOutcome::InUse(found));
        }
        upstream(|c, t| delete(c, t, id))
            .await
            .map(|()| super::DeleteOutcome::Deleted)
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
