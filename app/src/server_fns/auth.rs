//! Logging in and out.

use crate::error::AppError;
pub use crate::wire::auth::{SecretText, TenantView};
use leptos::prelude::*;

/// Where to go after logging in: only a path on this site, so a crafted link cannot send the user
/// elsewhere.
pub fn safe_next(next: Option<&str>) -> String {
    const HOME: &str = "/extensions";
    match next.map(str::trim) {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.starts_with("/login")
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => HOME.to_owned(),
    }
}

/// Exchanges the tenant's API key for a session, then sends the user on to `next`.
#[server(endpoint = "log_in", output = crate::server_fns::answer::JsonAnswer)]
pub async fn log_in(api_key: SecretText, next: Option<String>) -> Result<(), AppError> {
    use crate::server_fns::support::console;
    use crate::session::UserSession;
    use omicall::requests::ListQuery;
    use omicall::ApiKey;

    let state = console()?;
    let key = ApiKey::new(api_key.0.trim());
    // Checked before the attempt is counted: a form sent empty is not a wrong key.
    key.validate()?;
    let addr = client_addr(&state.trusted_proxies).await;
    let attempt = state.login_guard.begin(addr).await?;
    let grant = match state.client.authenticate(&key).await {
        Ok(grant) => grant,
        Err(err) => {
            // The vendor may refuse a wrong key with HTTP 401/403 as well as in its envelope.
            let err = if err.is_unauthorized() {
                AppError::WrongApiKey
            } else {
                AppError::from(err)
            };
            if err != AppError::WrongApiKey {
                state.login_guard.forgive(attempt).await?;
            }
            return Err(err);
        }
    };
    state.login_guard.forgive(attempt).await?;
    // The PBX domain names the tenant best; the first extension carries it.
    let domain = state
        .client
        .list_extensions(&grant.access_token, &ListQuery::page(1, 1))
        .await
        .ok()
        .and_then(|page| page.items.into_iter().next())
        .and_then(|ext| ext.domain);
    let label = domain
        .or(grant.access_type.clone())
        .unwrap_or_else(|| "OMICall".to_owned());
    UserSession::current()
        .await?
        .log_in(
            &grant.access_token,
            state.token_lifetime,
            TenantView { label },
            &key,
        )
        .await?;
    tracing::info!(%addr, "logged in");
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

#[cfg(feature = "ssr")]
async fn client_addr(trusted: &crate::client_addr::TrustedProxies) -> std::net::IpAddr {
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

/// Ends the session on the server and clears its cookie.
#[server(endpoint = "log_out", output = crate::server_fns::answer::JsonAnswer)]
pub async fn log_out() -> Result<(), AppError> {
    crate::session::UserSession::current()
        .await?
        .log_out()
        .await?;
    // Nothing of the tenant's stays in the browser's cache or storage either.
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::HeaderName::from_static("clear-site-data"),
            http::HeaderValue::from_static("\"cache\", \"storage\""),
        );
    }
    leptos_axum::redirect("/login");
    Ok(())
}

/// The demo API key while the built-in simulator stands in for the vendor, so the login page can
/// show it to a newcomer; nothing otherwise. Needs no session: it is what opens one.
#[server(endpoint = "demo_api_key", output = crate::server_fns::answer::JsonAnswer)]
pub async fn demo_api_key() -> Result<Option<String>, AppError> {
    Ok(crate::server_fns::support::console()?
        .demo_api_key
        .map(str::to_owned))
}

/// The tenant of the current session; `NotLoggedIn` or `SessionExpired` otherwise.
#[server(endpoint = "current_tenant", output = crate::server_fns::answer::JsonAnswer)]
pub async fn current_tenant() -> Result<TenantView, AppError> {
    crate::session::UserSession::current().await?.tenant().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_paths_are_followed_after_login() {
        assert_eq!(
            safe_next(Some("/extensions?q=hong&page=2")),
            "/extensions?q=hong&page=2"
        );
        for evil in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "evil",
            "/login",
            "",
        ] {
            assert_eq!(safe_next(Some(evil)), "/extensions", "{evil:?}");
        }
        assert_eq!(safe_next(None), "/extensions");
    }
}
