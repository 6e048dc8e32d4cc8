//! Redis, when `SESSION_STORE_URL` names it: one connection pool for the sessions and the login
//! throttle, so that every instance behind a load balancer sees the same sessions and counts.

use crate::StartError;
use app::error::AppError;
use app::state::{retry_after, LoginThrottle};
use futures::future::BoxFuture;
use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tower_sessions_redis_store::fred;
use tower_sessions_redis_store::fred::interfaces::{
    ClientLike, KeysInterface, SortedSetsInterface,
};
use tower_sessions_redis_store::fred::types::config::{
    Config as RedisConfig, ConnectionConfig, PerformanceConfig, ReconnectPolicy,
};

pub use fred::clients::Pool;

/// How long one Redis command may take, queueing while reconnecting included: past it a page
/// answers "session store unavailable" instead of waiting for Redis to come back.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(2);
/// Connections in the pool; each multiplexes many commands.
const POOL_SIZE: usize = 4;

/// Connects, and keeps reconnecting for ever after an outage (every half second).
pub async fn connect(url: &str) -> Result<Pool, StartError> {
    let store_err = |e: fred::error::Error| StartError::SessionStore(e.to_string());
    let config = RedisConfig::from_url(url).map_err(store_err)?;
    let performance = PerformanceConfig {
        default_command_timeout: COMMAND_TIMEOUT,
        ..PerformanceConfig::default()
    };
    let connection = ConnectionConfig {
        connection_timeout: COMMAND_TIMEOUT,
        internal_command_timeout: COMMAND_TIMEOUT,
        max_command_attempts: 1,
        ..ConnectionConfig::default()
    };
    let policy = ReconnectPolicy::new_constant(0, 500);
    let pool = Pool::new(
        config,
        Some(performance),
        Some(connection),
        Some(policy),
        POOL_SIZE,
    )
    .map_err(store_err)?;
    tokio::time::timeout(COMMAND_TIMEOUT * 5, pool.init())
        .await
        .map_err(|_| {
            StartError::SessionStore(format!(
                "Redis did not answer within {:?}",
                COMMAND_TIMEOUT * 5
            ))
        })?
        .map_err(store_err)?;
    Ok(pool)
}

/// Failed logins per client address, kept in Redis as a sorted set of failure times per address
/// (`login-failures:<addr>`), so the count is the same whichever instance the client reaches.
pub struct RedisThrottle {
    pool: Pool,
    max_failures: usize,
    window: Duration,
}

impl RedisThrottle {
    pub fn new(pool: Pool, max_failures: usize, window: Duration) -> Self {
        Self {
            pool,
            max_failures,
            window,
        }
    }

    fn key(addr: IpAddr) -> String {
        format!("login-failures:{addr}")
    }

    fn window_ms(&self) -> i64 {
        i64::try_from(self.window.as_millis()).unwrap_or(i64::MAX)
    }

    /// `(failures in the window, age of the oldest)`, after dropping those older than the window.
    async fn failures(&self, addr: IpAddr) -> Result<(usize, Duration), fred::error::Error> {
        let key = Self::key(addr);
        let now = now_ms();
        let horizon = now.saturating_sub(self.window_ms());
        let _: i64 = self
            .pool
            .zremrangebyscore(&key, f64::NEG_INFINITY, horizon as f64)
            .await?;
        let count: usize = self.pool.zcard(&key).await?;
        // Members are "<ms>-<random>", so the lowest names the oldest failure's time.
        let oldest: Vec<String> = self
            .pool
            .zrange(&key, 0i64, 0i64, None, false, None, false)
            .await?;
        let oldest_ms = oldest
            .first()
            .and_then(|m| m.split('-').next())
            .and_then(|ms| ms.parse::<i64>().ok())
            .unwrap_or(now);
        let age = Duration::from_millis(u64::try_from(now - oldest_ms).unwrap_or(0));
        Ok((count, age))
    }

    async fn failed(&self, addr: IpAddr) -> Result<(), fred::error::Error> {
        let key = Self::key(addr);
        let now = now_ms();
        let member = format!("{now}-{}", fastrand::u64(..));
        let _: i64 = self
            .pool
            .zadd(&key, None, None, false, false, (now as f64, member))
            .await?;
        let _: bool = self.pool.pexpire(&key, self.window_ms(), None).await?;
        Ok(())
    }
}

impl LoginThrottle for RedisThrottle {
    fn check(&self, addr: IpAddr) -> BoxFuture<'_, Result<(), AppError>> {
        Box::pin(async move {
            let (count, oldest_age) = self.failures(addr).await.map_err(unavailable)?;
            retry_after(count, oldest_age, self.max_failures, self.window)
        })
    }

    fn record_failure(&self, addr: IpAddr) -> BoxFuture<'_, Result<(), AppError>> {
        Box::pin(async move { self.failed(addr).await.map_err(unavailable) })
    }

    fn record_success(&self, addr: IpAddr) -> BoxFuture<'_, Result<(), AppError>> {
        Box::pin(async move {
            let _: i64 = self.pool.del(Self::key(addr)).await.map_err(unavailable)?;
            Ok(())
        })
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn unavailable(err: fred::error::Error) -> AppError {
    tracing::error!(error = %err, "the login throttle could not reach Redis");
    AppError::SessionStoreUnavailable
}
