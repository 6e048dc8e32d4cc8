//! The session layer: tower-sessions over SQLite on one machine (sessions survive a restart), or
//! over Redis or PostgreSQL when several instances share them. Every store call is watched, so that an outage
//! answers "session store unavailable" rather than an anonymous 500.

use crate::config::{Config, StoreKind};
use crate::failure::Failure;
use crate::store_health::StoreHealth;
use crate::StartError;
use crate::{postgres, redis, session_record};
use app::error::AppError;
use app::state::{LoginGuard, LoginThrottle};
use async_trait::async_trait;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sqlx::postgres::PgPool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Instant;
use tower_sessions::cookie::{time, SameSite};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use tower_sessions_redis_store::RedisStore;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session cookie's name: with the `__Host-` prefix whenever it is `Secure`, so the browser
/// keeps it to this host, over HTTPS, for every path, whatever a sibling domain tries to set.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-console_session"
    } else {
        "console_session"
    }
}

/// Where sessions are kept.
#[derive(Debug, Clone)]
enum Backend {
    /// The store, and the pool under it for the update-only save (see [`save_existing`]).
    Sqlite(SqliteStore, SqlitePool),
    /// The store, and the pool under it for the update-only save (see [`redis::save_existing`]).
    Redis(RedisStore<redis::Pool>, redis::Pool),
    /// The store, and the pool under it for the update-only save.
    Postgres(PostgresStore, PgPool),
}

/// The chosen backend, with every call's outcome noted in a [`StoreHealth`].
#[derive(Clone)]
pub struct Store {
    backend: Backend,
    health: StoreHealth,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.backend.fmt(f)
    }
}

impl Store {
    pub fn health(&self) -> StoreHealth {
        self.health.clone()
    }

    /// Only a backend failure is an outage; a record that does not decode is not.
    fn watched<T>(&self, result: session_store::Result<T>) -> session_store::Result<T> {
        self.health
            .set_down(matches!(result, Err(session_store::Error::Backend(_))));
        result
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let result = match &self.backend {
            Backend::Sqlite(store, _) => store.create(record).await,
            Backend::Redis(store, _) => store.create(record).await,
            Backend::Postgres(store, _) => store.create(record).await,
        };
        self.watched(result)
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let result = match &self.backend {
            Backend::Sqlite(_, pool) => save_existing(pool, record).await,
            Backend::Redis(_, pool) => redis::save_existing(pool, record).await,
            Backend::Postgres(_, pool) => postgres::save_existing(pool, record).await,
        };
        self.watched(result)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let result = match &self.backend {
            Backend::Sqlite(store, _) => store.load(id).await,
            Backend::Redis(store, _) => store.load(id).await,
            Backend::Postgres(store, _) => store.load(id).await,
        };
        self.watched(result)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let result = match &self.backend {
            Backend::Sqlite(store, _) => store.delete(id).await,
            Backend::Redis(store, _) => store.delete(id).await,
            Backend::Postgres(store, _) => store.delete(id).await,
        };
        self.watched(result)
    }
}

/// Opens the store the configuration names (SQLite, Redis or PostgreSQL), and the login
/// throttle that counts with it: in this process on SQLite, in the shared store otherwise.
pub async fn open(config: &Config) -> Result<(Store, Arc<dyn LoginThrottle>), StartError> {
    let url = &config.session_store_url;
    let (max, window) = (config.login_max_failures, config.login_window);
    // The configuration checked the scheme; this is for a `Config` built by hand.
    let kind = StoreKind::of(url).ok_or_else(|| {
        StartError::SessionStore(format!(
            "{} names no store the console handles",
            crate::config::redact_url(url)
        ))
    })?;
    let (backend, throttle): (Backend, Arc<dyn LoginThrottle>) = match kind {
        StoreKind::Redis => {
            let pool = redis::connect(url, config.session_store_ca_file.as_deref()).await?;
            (
                Backend::Redis(RedisStore::new(pool.clone()), pool.clone()),
                Arc::new(redis::RedisThrottle::new(pool, max, window)),
            )
        }
        StoreKind::Postgres => {
            let (store, pool) = postgres::open(url).await?;
            sweep_expired(store.clone());
            (
                Backend::Postgres(store, pool.clone()),
                Arc::new(postgres::PgThrottle::new(pool, max, window)),
            )
        }
        StoreKind::Sqlite => {
            let (store, pool) = open_sqlite(url).await?;
            (
                Backend::Sqlite(store, pool),
                Arc::new(LoginGuard::new(max, window)),
            )
        }
    };
    let store = Store {
        backend,
        health: StoreHealth::default(),
    };
    Ok((store, throttle))
}

/// The session table, named here because [`save_existing`] writes to it directly.
const SQLITE_TABLE: &str = "tower_sessions";

/// Saves a session that still exists, and only then. tower-sessions' SQLite save is an upsert:
/// a request that loaded the session before a logout and saved it after (an upload in flight,
/// the idle renewal) wrote the deleted id back, and the old cookie worked again. Sessions are
/// made by `create`, never by `save`, so an update that finds no row is a session that ended.
async fn save_existing(pool: &SqlitePool, record: &Record) -> session_store::Result<()> {
    let updated = sqlx::query(&format!(
        "update {SQLITE_TABLE} set data = ?, expiry_date = ? where id = ?"
    ))
    .bind(session_record::encoded(record)?)
    .bind(record.expiry_date)
    .bind(record.id.to_string())
    .execute(pool)
    .await
    .map_err(|e| session_store::Error::Backend(e.to_string()))?;
    session_record::note_save(updated.rows_affected() > 0);
    Ok(())
}

/// Deletes expired sessions every five minutes, for the stores whose rows do not expire by
/// themselves (SQLite and PostgreSQL; Redis expires its keys).
fn sweep_expired(store: impl tower_sessions::ExpiredDeletion + Clone + 'static) {
    tokio::spawn(async move {
        if let Err(err) = store
            .continuously_delete_expired(tokio::time::Duration::from_secs(300))
            .await
        {
            tracing::error!(error = %err, "expired-session cleanup stopped");
        }
    });
}

async fn open_sqlite(url: &str) -> Result<(SqliteStore, SqlitePool), StartError> {
    let store_err = |e: &dyn std::fmt::Display| StartError::SessionStore(e.to_string());
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| store_err(&e))?
        .create_if_missing(true);
    crate::private_file::create(options.get_filename()).map_err(|e| store_err(&e))?;
    let pool = SqlitePoolOptions::new()
        .connect_with(options)
        .await
        .map_err(|e| store_err(&e))?;
    let store = SqliteStore::new(pool.clone())
        .with_table_name(SQLITE_TABLE)
        .map_err(|e| store_err(&e))?;
    store.migrate().await.map_err(|e| store_err(&e))?;
    sweep_expired(store.clone());
    Ok((store, pool))
}

pub fn layer(store: Store, config: &Config) -> SessionManagerLayer<Store> {
    let idle =
        time::Duration::seconds(i64::try_from(config.session_idle.as_secs()).unwrap_or(i64::MAX));
    SessionManagerLayer::new(store)
        .with_name(cookie_name(config.cookie_secure))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.cookie_secure)
        .with_expiry(Expiry::OnInactivity(idle))
}

/// How often activity renews a session's idle expiry: once a minute, or twice per idle period
/// when that is shorter, so that a session in use never lapses between renewals.
#[derive(Clone, Copy)]
pub struct Renewal(pub std::time::Duration);

impl Renewal {
    pub fn for_idle(idle: std::time::Duration) -> Self {
        Renewal(std::time::Duration::from_secs(60).min(idle / 2))
    }
}

/// Loads the request's session before anything else runs, so that a store outage is one clear
/// answer rather than an error in each part of the page. Costs nothing extra: the session keeps
/// the record it loaded for the rest of the request. Static files never read the session.
pub async fn load_first(
    State(renewal): State<Renewal>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    if session.id().is_none() || request.uri().path().starts_with("/pkg/") {
        return next.run(request).await;
    }
    let started = Instant::now();
    if let Err(err) = session.load().await {
        tracing::error!(error = %err, "the session could not be loaded");
        if matches!(
            err,
            tower_sessions::session::Error::Store(session_store::Error::Backend(_))
        ) {
            return Failure::Error(AppError::SessionStoreUnavailable).mark();
        }
    }
    let read = started.elapsed();
    if let Err(err) = app::session::UserSession::new(session)
        .renew_if_due(renewal.0)
        .await
    {
        tracing::warn!(error = %err, "the session's idle expiry could not be renewed");
    }
    let mut response = next.run(request).await;
    crate::timing::record(&mut response, "session", read);
    response
}

/// Sends a page load without a live session to the login page before the app renders anything
/// (no render work, no upstream call, for a visitor who could not see the page anyway),
/// remembering the page and whether the session expired.
pub async fn require_login(session: Session, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let accepts_html = request
        .headers()
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let is_page = request.method() == axum::http::Method::GET
        && accepts_html
        && path != "/login"
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/");
    if !is_page {
        return next.run(request).await;
    }
    match app::session::UserSession::new(session).token().await {
        Err(error) if error.needs_login() => {
            let here = request.uri().path_and_query().map_or(path, |p| p.as_str());
            let target = app::urls::login(here, error == AppError::SessionExpired);
            axum::response::Redirect::to(&target).into_response()
        }
        _ => next.run(request).await,
    }
}

/// The attributes the session cookie was set with, for its removal.
#[derive(Clone, Copy)]
pub struct CookieAttributes {
    pub secure: bool,
}

/// Gives the session cookie's removal (`Max-Age=0`, at logout) the attributes the cookie was set
/// with. tower-sessions 0.14 builds the removal from the request's `name=value` with only `Path`
/// added: a browser ignores a `__Host-` cookie without `Secure`, so the logout left the cookie
/// in place. Remove this when tower-sessions sets them itself.
pub async fn complete_removal(
    State(attributes): State<CookieAttributes>,
    request: Request,
    next: Next,
) -> Response {
    use axum::http::header::SET_COOKIE;
    use axum::http::HeaderValue;
    use tower_sessions::cookie::Cookie;
    let mut response = next.run(request).await;
    let name = cookie_name(attributes.secure);
    let completed: Vec<HeaderValue> = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|value| {
            let removal = value
                .to_str()
                .ok()
                .and_then(|text| Cookie::parse(text.to_owned()).ok())
                .filter(|c| c.name() == name && c.max_age() == Some(time::Duration::ZERO));
            let Some(mut cookie) = removal else {
                return value.clone();
            };
            cookie.set_path("/");
            cookie.set_secure(attributes.secure);
            cookie.set_http_only(true);
            cookie.set_same_site(SameSite::Lax);
            HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| value.clone())
        })
        .collect();
    let headers = response.headers_mut();
    headers.remove(SET_COOKIE);
    for value in completed {
        headers.append(SET_COOKIE, value);
    }
    response
}
