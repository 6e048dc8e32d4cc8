//! PostgreSQL, when `SESSION_STORE_URL` names it: the sessions (tower-sessions' own PostgreSQL
//! store) and the login throttle's counts in one database, so that several instances can run on
//! PostgreSQL alone.

use crate::StartError;
use app::error::AppError;
use app::state::{retry_after, Attempt, LoginThrottle};
use futures::future::BoxFuture;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::Row;
use std::net::IpAddr;
use std::time::Duration;
use tower_sessions::session::Record;
use tower_sessions::session_store;
use tower_sessions_sqlx_store::PostgresStore;

/// Where tower-sessions keeps sessions in PostgreSQL (its defaults, named here because
/// [`save_existing`] writes there directly).
const SCHEMA: &str = "tower_sessions";
const TABLE: &str = "session";
/// Failed logins, one row per attempt not forgiven.
const FAILURES: &str = "tower_sessions.login_failures";

/// Connects and makes the session and throttle tables when missing.
pub async fn open(url: &str) -> Result<(PostgresStore, PgPool), StartError> {
    let fail = |e: &dyn std::fmt::Display| {
        StartError::SessionStore(format!("{}: {e}", crate::config::redact_url(url)))
    };
    let pool = PgPoolOptions::new()
        .max_connections(16)
        // An outage is answered as one within seconds, not after sqlx's default 30.
        .acquire_timeout(crate::console_db::ACQUIRE_TIMEOUT)
        .connect(url)
        .await
        .map_err(|e| fail(&e))?;
    let store = PostgresStore::new(pool.clone())
        .with_schema_name(SCHEMA)
        .and_then(|s| s.with_table_name(TABLE))
        .map_err(|e| fail(&e))?;
    // Instances started at once would race to make the same tables (PostgreSQL can refuse one
    // of two concurrent `CREATE … IF NOT EXISTS`): one at a time, under a lock of this name.
    let mut lock = pool.acquire().await.map_err(|e| fail(&e))?;
    sqlx::query("SELECT pg_advisory_lock(hashtextextended('console-session-tables', 0))")
        .execute(&mut *lock)
        .await
        .map_err(|e| fail(&e))?;
    let made = make_tables(&store, &pool).await;
    sqlx::query("SELECT pg_advisory_unlock(hashtextextended('console-session-tables', 0))")
        .execute(&mut *lock)
        .await
        .map_err(|e| fail(&e))?;
    made.map_err(|e| fail(&e))?;
    Ok((store, pool))
}

async fn make_tables(store: &PostgresStore, pool: &PgPool) -> Result<(), sqlx::Error> {
    store.migrate().await?;
    sqlx::query(&format!(
        "CREATE TABLE IF NOT EXISTS {FAILURES} (
             id BIGSERIAL PRIMARY KEY,
             addr TEXT NOT NULL,
             at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
         )"
    ))
    .execute(pool)
    .await?;
    sqlx::query(&format!(
        "CREATE INDEX IF NOT EXISTS login_failures_by_addr ON {FAILURES} (addr, at)"
    ))
    .execute(pool)
    .await?;
    Ok(())
}

/// Saves a session that still exists, and only then: the store's own save is an upsert, which
/// would write a session back after its logout (see `sessions::save_existing`).
pub async fn save_existing(pool: &PgPool, record: &Record) -> session_store::Result<()> {
    let updated = sqlx::query(&format!(
        r#"UPDATE "{SCHEMA}"."{TABLE}" SET data = $1, expiry_date = $2 WHERE id = $3"#
    ))
    .bind(crate::session_record::encoded(record)?)
    .bind(record.expiry_date)
    .bind(record.id.to_string())
    .execute(pool)
    .await
    .map_err(|e| session_store::Error::Backend(e.to_string()))?;
    crate::session_record::note_save(updated.rows_affected() > 0);
    Ok(())
}

/// Failed logins per client address in PostgreSQL, so that the count is the same whichever
/// instance the client reaches. The check and the count are one transaction holding a lock on
/// the address, so attempts sent at once to several instances cannot all pass the check before
/// any is counted. Times are the database's, the one clock all instances share.
pub struct PgThrottle {
    pool: PgPool,
    max_failures: usize,
    window: Duration,
}

impl PgThrottle {
    pub fn new(pool: PgPool, max_failures: usize, window: Duration) -> Self {
        Self {
            pool,
            max_failures,
            window,
        }
    }

    async fn begin_now(&self, addr: IpAddr) -> Result<Result<Attempt, AppError>, sqlx::Error> {
        let window = self.window.as_secs_f64();
        let addr_text = addr.to_string();
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(format!("login-failures:{addr_text}"))
            .execute(&mut *tx)
            .await?;
        // Every address's failures past the window go, so the table holds only live counts.
        sqlx::query(&format!(
            "DELETE FROM {FAILURES} WHERE at < clock_timestamp() - make_interval(secs => $1)"
        ))
        .bind(window)
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(&format!(
            "SELECT count(*), \
             COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(at))::float8, 0) \
             FROM {FAILURES} WHERE addr = $1"
        ))
        .bind(&addr_text)
        .fetch_one(&mut *tx)
        .await?;
        let failures: i64 = row.try_get(0)?;
        let oldest_age: f64 = row.try_get(1)?;
        let failures = usize::try_from(failures).unwrap_or(usize::MAX);
        let oldest_age = Duration::from_secs_f64(oldest_age.max(0.0));
        if let Err(refused) = retry_after(failures, oldest_age, self.max_failures, self.window) {
            tx.rollback().await?;
            return Ok(Err(refused));
        }
        let id: i64 = sqlx::query(&format!(
            "INSERT INTO {FAILURES} (addr) VALUES ($1) RETURNING id"
        ))
        .bind(&addr_text)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        tx.commit().await?;
        Ok(Ok(Attempt {
            addr,
            id: u64::try_from(id).unwrap_or_default(),
        }))
    }
}

fn unavailable(err: sqlx::Error) -> AppError {
    tracing::error!(error = %err, "the login throttle could not reach PostgreSQL");
    AppError::SessionStoreUnavailable
}

impl LoginThrottle for PgThrottle {
    fn begin(&self, addr: IpAddr) -> BoxFuture<'_, Result<Attempt, AppError>> {
        Box::pin(async move { self.begin_now(addr).await.map_err(unavailable)? })
    }

    fn forgive(&self, attempt: Attempt) -> BoxFuture<'_, Result<(), AppError>> {
        Box::pin(async move {
            let id = i64::try_from(attempt.id).unwrap_or(i64::MAX);
            sqlx::query(&format!("DELETE FROM {FAILURES} WHERE id = $1"))
                .bind(id)
                .execute(&self.pool)
                .await
                .map_err(unavailable)?;
            Ok(())
        })
    }
}
