//! The versions of each tenant's flow, in the console database. A version equal to the latest
//! is not written again. Most rows hold the difference from the version before; every
//! [`FULL_EVERY`]th holds the whole version, so that a version costs little to keep and any one
//! is read from the nearest whole one and at most `FULL_EVERY - 1` differences. Versions
//! recorded from several instances at once stay one sequence: the next number is taken by
//! inserting it, and an instance that lost the race reads the new latest and compares again.

use crate::activity::{hex, now_ms};
use crate::console_db::{unavailable, ConsoleDb};
use app::error::AppError;
use app::ivr::version::{diff, Diff, Summary, Version};
use app::state::VersionStore;
use app::wire::versions::{Origin, VersionData, VersionInfo};
use futures::future::BoxFuture;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// How often a whole version is kept rather than a difference.
pub const FULL_EVERY: u64 = 32;

/// How many times a record retries after another instance took the number it wanted.
const RECORD_TRIES: usize = 50;

#[derive(Clone, Debug)]
pub struct FlowVersions {
    db: ConsoleDb,
    /// Each tenant's latest version as this instance last read or wrote it, with its digest.
    /// Every list page and editor load compares with the latest version, and reading one back
    /// through its differences takes tens of milliseconds at scale; the cached one is used only
    /// while the database's latest row still has its number and digest.
    latest: Arc<Mutex<HashMap<String, (String, VersionData)>>>,
}

/// A version as text in one canonical form, which its digest is taken of and a full copy stores.
/// Maps are ordered, so equal versions give equal text.
fn canonical(version: &Version) -> Result<Vec<u8>, AppError> {
    serde_json::to_vec(version).map_err(|_| AppError::Internal)
}

fn digest(canonical: &[u8]) -> String {
    hex(&Sha256::digest(canonical))
}

/// A body as stored: the JSON deflated, then base64, so that one TEXT column holds it on both
/// engines. The whole version of the scale tenant is about a megabyte of JSON and repeats itself.
fn pack<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    pack_json(&serde_json::to_vec(value).map_err(|_| AppError::Internal)?)
}

/// [`pack`] for JSON already written. Deflated in one write: the encoder zero-fills its spare
/// output on every write, and serde_json writing into it token by token made the scale tenant's
/// first version take 150 ms.
fn pack_json(json: &[u8]) -> Result<String, AppError> {
    use base64::Engine as _;
    use std::io::Write as _;
    let mut deflate = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(json.len() / 4),
        flate2::Compression::fast(),
    );
    deflate.write_all(json).map_err(|_| AppError::Internal)?;
    let packed = deflate.finish().map_err(|_| AppError::Internal)?;
    Ok(base64::engine::general_purpose::STANDARD.encode(packed))
}

/// What [`pack`] stored, read back; `what` names it in the log when it does not read.
fn unpack<T: serde::de::DeserializeOwned>(body: &str, what: &str) -> Result<T, AppError> {
    use base64::Engine as _;
    let unreadable = |error: &dyn std::fmt::Display| {
        tracing::warn!(%error, "a stored {what} does not read");
        AppError::ConsoleDataUnavailable
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|e| unreadable(&e))?;
    // Inflated whole, then read: serde_json reads a reader byte by byte.
    let mut json = Vec::with_capacity(bytes.len() * 4);
    std::io::Read::read_to_end(
        &mut flate2::read::DeflateDecoder::new(bytes.as_slice()),
        &mut json,
    )
    .map_err(|e| unreadable(&e))?;
    serde_json::from_slice(&json).map_err(|e| unreadable(&e))
}

fn seq_of(value: i64) -> u64 {
    u64::try_from(value).unwrap_or_default()
}

fn read_info(row: &AnyRow) -> Result<VersionInfo, AppError> {
    let summary: String = row.try_get("summary").map_err(unavailable)?;
    Ok(VersionInfo {
        seq: seq_of(row.try_get("seq").map_err(unavailable)?),
        at_ms: row.try_get("at_ms").map_err(unavailable)?,
        origin: Origin::read(
            &row.try_get::<String, _>("origin").map_err(unavailable)?,
            row.try_get("restored_from").map_err(unavailable)?,
        ),
        person: row.try_get("person").map_err(unavailable)?,
        // A summary that does not read is a line left blank, not a panel that fails.
        summary: serde_json::from_str(&summary).unwrap_or_default(),
    })
}

const INFO: &str = "seq, at_ms, origin, restored_from, person, summary";

impl FlowVersions {
    pub fn new(db: ConsoleDb) -> FlowVersions {
        FlowVersions {
            db,
            latest: Arc::default(),
        }
    }

    fn cached(&self, tenant: &str, seq: u64, digest: &str) -> Option<VersionData> {
        let latest = self.latest.lock().unwrap_or_else(PoisonError::into_inner);
        latest
            .get(tenant)
            .filter(|(d, data)| d == digest && data.info.seq == seq)
            .map(|(_, data)| data.clone())
    }

    fn keep(&self, tenant: &str, digest: String, data: VersionData) {
        let mut latest = self.latest.lock().unwrap_or_else(PoisonError::into_inner);
        latest.insert(tenant.to_owned(), (digest, data));
    }

    /// The version at the head of the tenant's history, from the cache when it is that one.
    async fn read_head(
        &self,
        tenant: &str,
        (seq, digest): &(u64, String),
    ) -> Result<Option<VersionData>, AppError> {
        if let Some(data) = self.cached(tenant, *seq, digest) {
            return Ok(Some(data));
        }
        let data = self.get(tenant, *seq).await?;
        if let Some(data) = &data {
            self.keep(tenant, digest.clone(), data.clone());
        }
        Ok(data)
    }

    /// Version `seq` read from the nearest whole copy at or before it.
    pub async fn get(&self, tenant: &str, seq: u64) -> Result<Option<VersionData>, AppError> {
        let seq = i64::try_from(seq).map_err(|_| AppError::Internal)?;
        let rows = sqlx::query(&format!(
            "SELECT {INFO}, full_copy, body FROM flow_versions WHERE tenant = $1 AND seq <= $2 \
             AND seq >= (SELECT COALESCE(MAX(seq), 0) FROM flow_versions \
                         WHERE tenant = $1 AND full_copy = 1 AND seq <= $2) \
             ORDER BY seq"
        ))
        .bind(tenant)
        .bind(seq)
        .fetch_all(self.db.pool())
        .await
        .map_err(unavailable)?;
        let Some(last) = rows.last() else {
            return Ok(None);
        };
        let info = read_info(last)?;
        if info.seq != seq_of(seq) {
            return Ok(None);
        }
        let mut version = Version::default();
        for row in &rows {
            let body: String = row.try_get("body").map_err(unavailable)?;
            let full: i64 = row.try_get("full_copy").map_err(unavailable)?;
            if full == 1 {
                version = unpack(&body, "version")?;
            } else {
                version.apply(&unpack::<Diff>(&body, "difference")?);
            }
        }
        Ok(Some(VersionData { info, version }))
    }

    async fn head(&self, tenant: &str) -> Result<Option<(u64, String)>, AppError> {
        let row = sqlx::query(
            "SELECT seq, digest FROM flow_versions WHERE tenant = $1 ORDER BY seq DESC LIMIT 1",
        )
        .bind(tenant)
        .fetch_optional(self.db.pool())
        .await
        .map_err(unavailable)?;
        row.map(|row| {
            Ok((
                seq_of(row.try_get(0).map_err(unavailable)?),
                row.try_get(1).map_err(unavailable)?,
            ))
        })
        .transpose()
    }

    pub async fn record(
        &self,
        tenant: &str,
        version: &Version,
        origin: &Origin,
        person: &str,
    ) -> Result<Option<VersionInfo>, AppError> {
        let canonical = canonical(version)?;
        let wanted = digest(&canonical);
        let (kind, from) = origin.stored();
        for _ in 0..RECORD_TRIES {
            let head = self.head(tenant).await?;
            if head.as_ref().is_some_and(|(_, d)| *d == wanted) {
                return Ok(None);
            }
            let seq = head.as_ref().map_or(1, |(seq, _)| seq + 1);
            let before = match &head {
                Some(head) => self.read_head(tenant, head).await?.map(|d| d.version),
                None => None,
            };
            let step = diff(before.as_ref().unwrap_or(&Version::default()), version);
            let summary: Summary = if before.is_some() {
                step.summary()
            } else {
                Summary::default()
            };
            let full = before.is_none() || seq % FULL_EVERY == 1;
            let body = if full {
                pack_json(&canonical)
            } else {
                pack(&step)
            }?;
            let at_ms = now_ms();
            let inserted = sqlx::query(
                "INSERT INTO flow_versions (tenant, seq, at_ms, origin, restored_from, person, \
                 digest, summary, full_copy, body) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(tenant)
            .bind(i64::try_from(seq).map_err(|_| AppError::Internal)?)
            .bind(at_ms)
            .bind(kind)
            .bind(from)
            .bind(person)
            .bind(&wanted)
            .bind(serde_json::to_string(&summary).map_err(|_| AppError::Internal)?)
            .bind(i64::from(full))
            .bind(body)
            .execute(self.db.pool())
            .await;
            match inserted {
                Ok(_) => {
                    let info = VersionInfo {
                        seq,
                        at_ms,
                        origin: origin.clone(),
                        person: person.to_owned(),
                        summary,
                    };
                    let data = VersionData {
                        info: info.clone(),
                        version: version.clone(),
                    };
                    self.keep(tenant, wanted, data);
                    return Ok(Some(info));
                }
                // Another instance recorded this number first: compare with it.
                Err(sqlx::Error::Database(err)) if err.is_unique_violation() => continue,
                Err(err) => return Err(unavailable(err)),
            }
        }
        tracing::warn!("a version lost the race for a number {RECORD_TRIES} times");
        Err(AppError::ConsoleDataUnavailable)
    }

    pub async fn latest(&self, tenant: &str) -> Result<Option<VersionData>, AppError> {
        match self.head(tenant).await? {
            Some(head) => self.read_head(tenant, &head).await,
            None => Ok(None),
        }
    }

    pub async fn list(
        &self,
        tenant: &str,
        skip: u64,
        limit: u64,
    ) -> Result<(Vec<VersionInfo>, u64), AppError> {
        let total: i64 = sqlx::query("SELECT COUNT(*) FROM flow_versions WHERE tenant = $1")
            .bind(tenant)
            .fetch_one(self.db.pool())
            .await
            .and_then(|row| row.try_get(0))
            .map_err(unavailable)?;
        let rows = sqlx::query(&format!(
            "SELECT {INFO} FROM flow_versions WHERE tenant = $1 ORDER BY seq DESC \
             LIMIT $2 OFFSET $3"
        ))
        .bind(tenant)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(i64::try_from(skip).unwrap_or(i64::MAX))
        .fetch_all(self.db.pool())
        .await
        .map_err(unavailable)?;
        let versions = rows.iter().map(read_info).collect::<Result<Vec<_>, _>>()?;
        Ok((versions, u64::try_from(total).unwrap_or_default()))
    }

    /// Bytes kept for the tenant's versions (their bodies), for the scale benchmark.
    pub async fn stored_bytes(&self, tenant: &str) -> Result<u64, AppError> {
        let bytes: i64 = sqlx::query(
            "SELECT COALESCE(SUM(LENGTH(body) + LENGTH(summary) + LENGTH(digest)), 0) \
             FROM flow_versions WHERE tenant = $1",
        )
        .bind(tenant)
        .fetch_one(self.db.pool())
        .await
        .and_then(|row| row.try_get(0))
        .map_err(unavailable)?;
        Ok(u64::try_from(bytes).unwrap_or_default())
    }
}

impl VersionStore for FlowVersions {
    fn record<'a>(
        &'a self,
        tenant: &'a str,
        version: &'a Version,
        origin: &'a Origin,
        person: &'a str,
    ) -> BoxFuture<'a, Result<Option<VersionInfo>, AppError>> {
        Box::pin(FlowVersions::record(self, tenant, version, origin, person))
    }

    fn latest<'a>(
        &'a self,
        tenant: &'a str,
    ) -> BoxFuture<'a, Result<Option<VersionData>, AppError>> {
        Box::pin(FlowVersions::latest(self, tenant))
    }

    fn list<'a>(
        &'a self,
        tenant: &'a str,
        skip: u64,
        limit: u64,
    ) -> BoxFuture<'a, Result<(Vec<VersionInfo>, u64), AppError>> {
        Box::pin(FlowVersions::list(self, tenant, skip, limit))
    }

    fn get<'a>(
        &'a self,
        tenant: &'a str,
        seq: u64,
    ) -> BoxFuture<'a, Result<Option<VersionData>, AppError>> {
        Box::pin(FlowVersions::get(self, tenant, seq))
    }
}
