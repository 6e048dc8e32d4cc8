//! Logging in and out.

use crate::error::AppError;
pub use crate::wire::auth::{LoginDefaults, SecretText, TenantView};
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

/// The cookie that remembers, in this browser, the name given at the last login. It outlives a
/// logout (which clears the site's storage, not its cookies): the login form offers it again.
#[cfg(feature = "ssr")]
const PERSON_COOKIE: &str = "console_person";

/// Exchanges the tenant's API key for a session, then sends the user on to `next`. `person` is
/// the name of whoever logs in, recorded with what they change.
#[server(endpoint = "log_in", output = crate::server_fns::answer::JsonAnswer)]
pub async fn log_in(
    api_key: SecretText,
    person: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::server_fns::support::console;
    use crate::session::UserSession;
    use omicall::requests::ListQuery;
    use omicall::ApiKey;

    let state = console()?;
    // Checked before the attempt is counted: a form sent without a name or a key is not a
    // wrong key.
    let person = crate::wire::auth::person_name(&person).ok_or(AppError::NameRequired)?;
    let key = ApiKey::new(api_key.0.trim());
    key.validate()?;
    let addr = crate::server_fns::support::client_addr(&state.trusted_proxies).await;
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
            TenantView {
                label,
                person: person.clone(),
            },
            &key,
        )
        .await?;
    tracing::info!(%addr, "logged in");
    remember_person(&person, state.cookie_secure);
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

/// Sets [`PERSON_COOKIE`] for a year. HttpOnly: only the server reads it (`login_help`).
#[cfg(feature = "ssr")]
fn remember_person(person: &str, secure: bool) {
    use tower_sessions::cookie::{time::Duration, Cookie, SameSite};
    let cookie = Cookie::build((PERSON_COOKIE, person.to_owned()))
        .path("/")
        .max_age(Duration::days(365))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build();
    if let (Some(response), Ok(cookie)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&cookie.encoded().to_string()),
    ) {
        response.append_header(http::header::SET_COOKIE, cookie);
    }
}

/// The name [`PERSON_COOKIE`] holds in the request, if any.
#[cfg(feature = "ssr")]
fn remembered_person() -> String {
    use tower_sessions::cookie::Cookie;
    let Some(parts) = use_context::<http::request::Parts>() else {
        return String::new();
    };
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| Cookie::split_parse_encoded(value.to_owned()))
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == PERSON_COOKIE)
        .and_then(|cookie| crate::wire::auth::person_name(cookie.value()))
        .unwrap_or_default()
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

/// What the login page offers: the demo API key while the built-in simulator stands in for the
/// vendor (shown to a newcomer), and the name this browser logged in with last. Needs no
/// session: it is what opens one.
#[server(endpoint = "login_help", output = crate::server_fns::answer::JsonAnswer)]
pub async fn login_help() -> Result<LoginDefaults, AppError> {
    Ok(LoginDefaults {
        demo_api_key: crate::server_fns::support::console()?
            .demo_api_key
            .map(str::to_owned),
        person: remembered_person(),
    })
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
