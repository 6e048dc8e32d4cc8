//! Redis, when `SESSION_STORE_URL` names it: one connection pool for the sessions and the login
//! throttle, so that every instance behind a load balancer sees the same sessions and counts.

use crate::StartError;
use app::error::AppError;
use app::state::{retry_after, Attempt, LoginThrottle};
use fred::interfaces::{ClientLike, LuaInterface, SortedSetsInterface};
use fred::types::config::{
    Config as RedisConfig, ConnectionConfig, PerformanceConfig, ReconnectPolicy, TlsConfig,
    TlsConnector,
};
use futures::future::BoxFuture;
use std::net::IpAddr;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tower_sessions::session::Record;
use tower_sessions::session_store;

pub use fred::clients::Pool;

/// Writes a session's record only if it is still there (`SET … XX`). The store's own save
/// does the same but reads Redis' "not written" (nil) as an error, so a request that outlived
/// its session's logout answered "session store unavailable"; here the save is just dropped.
pub async fn save_existing(pool: &Pool, record: &Record) -> session_store::Result<()> {
    use fred::interfaces::KeysInterface;
    use fred::types::Expiration;
    use session_store::Error;
    // Encoded and expiring as `tower_sessions_redis_store` writes its own records (MessagePack,
    // `EXAT` its expiry), so that the store reads it back.
    let bytes = crate::session_record::encoded(record)?;
    let expiry = Expiration::EXAT(record.expiry_date.unix_timestamp());
    let written = pool
        .set::<Option<String>, _, _>(
            record.id.to_string(),
            bytes.as_slice(),
            Some(expiry),
            Some(fred::types::SetOptions::XX),
            false,
        )
        .await
        .map_err(|e| Error::Backend(e.to_string()))?;
    crate::session_record::note_save(written.is_some());
    Ok(())
}

/// The TLS settings: the system's certificate authorities, and those of `ca_file` (PEM).
fn tls(ca_file: Option<&Path>) -> Result<TlsConfig, StartError> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let tls_err = |detail: String| StartError::SessionStore(format!("TLS to Redis: {detail}"));
    let mut roots = rustls::RootCertStore::empty();
    // A system certificate that does not parse is skipped, as browsers do.
    let (_, _) = roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    if let Some(path) = ca_file {
        let certs = CertificateDer::pem_file_iter(path)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| tls_err(format!("{} could not be read: {e}", path.display())))?;
        if certs.is_empty() {
            return Err(tls_err(format!("{} holds no certificate", path.display())));
        }
        for cert in certs {
            roots
                .add(cert)
                .map_err(|e| tls_err(format!("{}: {e}", path.display())))?;
        }
    }
    if roots.is_empty() {
        return Err(tls_err(
            "no certificate authority to check the server's certificate against".to_owned(),
        ));
    }
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(config).into())
}

/// How long one Redis command may take, queueing while reconnecting included: past it a page
/// answers "session store unavailable" instead of waiting for Redis to come back.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(2);
/// Connections in the pool; each multiplexes many commands.
const POOL_SIZE: usize = 4;

/// Connects, and keeps reconnecting for ever after an outage (every half second). A `rediss://`
/// store is reached over TLS, its certificate checked against the system's authorities and
/// `ca_file`'s; a TLS connection that cannot be made is a start that fails, never plain text.
pub async fn connect(url: &str, ca_file: Option<&Path>) -> Result<Pool, StartError> {
    let store_err = |e: fred::error::Error| StartError::SessionStore(e.to_string());
    let mut config = RedisConfig::from_url(url).map_err(store_err)?;
    if url.starts_with("rediss://") {
        config.tls = Some(tls(ca_file)?);
    }
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

/// Failed logins per client address, kept in Redis as a sorted set of attempts per address
/// (`login-failures:<addr>`, scored by time), so the count is the same whichever instance the
/// client reaches. Checking and counting are one Lua script, so attempts sent at once to several
/// instances cannot all pass the check before any is counted.
pub struct RedisThrottle {
    pool: Pool,
    max_failures: usize,
    window: Duration,
}

/// KEYS[1] the address's set; ARGV: now (ms), window (ms), the limit, this attempt's member.
/// Answers `{1, 0}` when the attempt is counted, `{0, oldest}` (ms) when the limit is reached.
const BEGIN_ATTEMPT: &str = r#"
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2])}
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {1, 0}
"#;

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

    async fn begin_now(
        &self,
        addr: IpAddr,
    ) -> Result<Result<Attempt, AppError>, fred::error::Error> {
        let now = now_ms();
        let id = fastrand::u64(..);
        let window_ms = i64::try_from(self.window.as_millis()).unwrap_or(i64::MAX);
        let (counted, oldest): (i64, i64) = self
            .pool
            .eval(
                BEGIN_ATTEMPT,
                vec![Self::key(addr)],
                vec![
                    now.to_string(),
                    window_ms.to_string(),
                    self.max_failures.to_string(),
                    id.to_string(),
                ],
            )
            .await?;
        if counted == 1 {
            return Ok(Ok(Attempt { addr, id }));
        }
        let oldest_age = Duration::from_millis(u64::try_from(now - oldest).unwrap_or(0));
        Ok(retry_after(
            self.max_failures,
            oldest_age,
            self.max_failures,
            self.window,
        )
        .map(|()| Attempt { addr, id }))
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

impl LoginThrottle for RedisThrottle {
    fn begin(&self, addr: IpAddr) -> BoxFuture<'_, Result<Attempt, AppError>> {
        Box::pin(async move { self.begin_now(addr).await.map_err(unavailable)? })
    }

    fn forgive(&self, attempt: Attempt) -> BoxFuture<'_, Result<(), AppError>> {
        Box::pin(async move {
            let _: i64 = self
                .pool
                .zrem(Self::key(attempt.addr), attempt.id.to_string())
                .await
                .map_err(unavailable)?;
            Ok(())
        })
    }
}
