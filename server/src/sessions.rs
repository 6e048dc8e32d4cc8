//! The session layer: tower-sessions over SQLite, so sessions survive a restart.

use crate::config::Config;
use crate::StartError;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::str::FromStr;
use tower_sessions::cookie::{time, SameSite};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

pub const COOKIE_NAME: &str = "console_session";

pub async fn layer(config: &Config) -> Result<SessionManagerLayer<SqliteStore>, StartError> {
    let store_err = |e: &dyn std::fmt::Display| StartError::SessionStore(e.to_string());
    let options = SqliteConnectOptions::from_str(&config.session_store_url)
        .map_err(|e| store_err(&e))?
        .create_if_missing(true);
    if let Some(dir) = options
        .get_filename()
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|e| store_err(&e))?;
    }
    let pool = SqlitePoolOptions::new()
        .connect_with(options)
        .await
        .map_err(|e| store_err(&e))?;
    let store = SqliteStore::new(pool);
    store.migrate().await.map_err(|e| store_err(&e))?;
    tokio::spawn({
        use tower_sessions::ExpiredDeletion;
        let store = store.clone();
        async move {
            if let Err(err) = store
                .continuously_delete_expired(tokio::time::Duration::from_secs(300))
                .await
            {
                tracing::error!(error = %err, "expired-session cleanup stopped");
            }
        }
    });
    let idle =
        time::Duration::seconds(i64::try_from(config.session_idle.as_secs()).unwrap_or(i64::MAX));
    Ok(SessionManagerLayer::new(store)
        .with_name(COOKIE_NAME)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.cookie_secure)
        .with_expiry(Expiry::OnInactivity(idle)))
}
