//! The activity log's store: each tenant's changes at the vendor, append-only in the console
//! database, chained by digests. A change is appended before its call ([`ActivityLog::begin`])
//! and completed by a second entry after it ([`ActivityLog::finish`]), so that a crash in between
//! leaves an entry whose outcome is unknown, never no entry. Appends from several instances at
//! once stay one chain: the next number is taken by inserting it, and an instance that lost the
//! race reads the new head and tries again.

use crate::console_db::{unavailable, ConsoleDb};
use app::error::AppError;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::Row;

/// Who asked for a change, and of what.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The name the person gave at login.
    pub person: String,
    /// The client address, as the login throttle sees it.
    pub client_addr: String,
    /// A digest of the session's id, telling one person's sessions apart without naming them.
    pub session_digest: String,
    /// `extensions`, `ring-groups`, `greetings`, `menus`.
    pub area: String,
    /// What was done: `create`, `update`, `delete`, `enable`, …
    pub kind: String,
    pub object_id: String,
    pub object_name: String,
    /// The object as the vendor held it before, and as it was asked to become (JSON).
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// How a change ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The call was begun and nothing says how it ended.
    Unknown,
    Done,
    /// The vendor refused, in its words.
    Refused(String),
}

impl Outcome {
    fn stored(&self) -> (&'static str, &str) {
        match self {
            Outcome::Unknown => ("unknown", ""),
            Outcome::Done => ("done", ""),
            Outcome::Refused(message) => ("refused", message),
        }
    }

    fn read(outcome: &str, message: String) -> Self {
        match outcome {
            "done" => Outcome::Done,
            "refused" => Outcome::Refused(message),
            _ => Outcome::Unknown,
        }
    }
}

/// A change as the log tells it: when it began and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub seq: u64,
    pub at_ms: i64,
    pub change: Change,
    pub outcome: Outcome,
}

/// Whether a tenant's chain holds, and if not, the first entry that does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainCheck {
    Holds { entries: u64 },
    BrokenAt { seq: u64 },
}

/// One stored row, in the order its digest covers it.
#[derive(Serialize)]
struct Chained<'a> {
    tenant: &'a str,
    seq: i64,
    at_ms: i64,
    change: &'a Change,
    outcome: &'a str,
    completes: i64,
    message: &'a str,
    prev_digest: &'a str,
}

impl Chained<'_> {
    fn digest(&self) -> Result<String, AppError> {
        let canonical = serde_json::to_vec(self).map_err(|_| AppError::Internal)?;
        Ok(hex(&Sha256::digest(canonical)))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How many times an append retries after another instance took the number it wanted.
const APPEND_TRIES: usize = 50;

#[derive(Clone, Debug)]
pub struct ActivityLog {
    pub db: ConsoleDb,
}

impl ActivityLog {
    /// Appends `change` before its call; the entry's number, for [`ActivityLog::finish`].
    pub async fn begin(&self, tenant: &str, change: &Change) -> Result<u64, AppError> {
        self.append(tenant, change, &Outcome::Unknown, 0).await
    }

    /// Appends how the change begun as `begun` ended.
    pub async fn finish(
        &self,
        tenant: &str,
        begun: u64,
        change: &Change,
        outcome: &Outcome,
    ) -> Result<(), AppError> {
        let begun = i64::try_from(begun).map_err(|_| AppError::Internal)?;
        self.append(tenant, change, outcome, begun)
            .await
            .map(|_| ())
    }

    async fn append(
        &self,
        tenant: &str,
        change: &Change,
        outcome: &Outcome,
        completes: i64,
    ) -> Result<u64, AppError> {
        let (outcome, message) = outcome.stored();
        let before = change.before.to_string();
        let after = change.after.to_string();
        for _ in 0..APPEND_TRIES {
            let head = sqlx::query(
                "SELECT seq, digest FROM activity WHERE tenant = $1 ORDER BY seq DESC LIMIT 1",
            )
            .bind(tenant)
            .fetch_optional(self.db.pool())
            .await
            .map_err(unavailable)?;
            let (seq, prev_digest) = match head {
                Some(row) => (
                    row.try_get::<i64, _>(0).map_err(unavailable)? + 1,
                    row.try_get::<String, _>(1).map_err(unavailable)?,
                ),
                None => (1, String::new()),
            };
            let at_ms = now_ms();
            let row = Chained {
                tenant,
                seq,
                at_ms,
                change,
                outcome,
                completes,
                message,
                prev_digest: &prev_digest,
            };
            let digest = row.digest()?;
            let inserted = sqlx::query(
                "INSERT INTO activity (tenant, seq, at_ms, person, client_addr, session_digest, \
                 area, kind, object_id, object_name, before_json, after_json, outcome, \
                 completes, message, prev_digest, digest) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                 $17)",
            )
            .bind(tenant)
            .bind(seq)
            .bind(at_ms)
            .bind(&change.person)
            .bind(&change.client_addr)
            .bind(&change.session_digest)
            .bind(&change.area)
            .bind(&change.kind)
            .bind(&change.object_id)
            .bind(&change.object_name)
            .bind(&before)
            .bind(&after)
            .bind(outcome)
            .bind(completes)
            .bind(message)
            .bind(&prev_digest)
            .bind(&digest)
            .execute(self.db.pool())
            .await;
            match inserted {
                Ok(_) => return u64::try_from(seq).map_err(|_| AppError::Internal),
                // Another instance appended this number first: read the new head.
                Err(sqlx::Error::Database(err)) if err.is_unique_violation() => continue,
                Err(err) => return Err(unavailable(err)),
            }
        }
        tracing::warn!("an activity entry lost the race for a number {APPEND_TRIES} times");
        Err(AppError::ConsoleDataUnavailable)
    }

    /// The tenant's changes, newest first, each with how it ended.
    pub async fn entries(&self, tenant: &str) -> Result<Vec<Entry>, AppError> {
        let rows = self.rows(tenant).await?;
        let mut ended = std::collections::HashMap::new();
        let mut begun = Vec::new();
        for row in rows {
            let stored = read_row(&row)?;
            if stored.completes == 0 {
                begun.push(stored);
            } else {
                ended.insert(
                    stored.completes,
                    Outcome::read(&stored.outcome, stored.message),
                );
            }
        }
        let mut entries: Vec<Entry> = begun
            .into_iter()
            .map(|stored| Entry {
                outcome: ended.remove(&stored.seq).unwrap_or(Outcome::Unknown),
                seq: u64::try_from(stored.seq).unwrap_or_default(),
                at_ms: stored.at_ms,
                change: stored.change,
            })
            .collect();
        entries.reverse();
        Ok(entries)
    }

    /// Walks the tenant's chain from the first entry: each must follow the one before it and
    /// hold the digest of what it says.
    pub async fn check_chain(&self, tenant: &str) -> Result<ChainCheck, AppError> {
        let mut prev = String::new();
        let mut count = 0u64;
        for row in self.rows(tenant).await? {
            let stored = read_row(&row)?;
            let seq = u64::try_from(stored.seq).unwrap_or_default();
            let (outcome, message) = (stored.outcome.as_str(), stored.message.as_str());
            let recomputed = Chained {
                tenant,
                seq: stored.seq,
                at_ms: stored.at_ms,
                change: &stored.change,
                outcome,
                completes: stored.completes,
                message,
                prev_digest: &stored.prev_digest,
            }
            .digest()?;
            if seq != count + 1 || stored.prev_digest != prev || stored.digest != recomputed {
                return Ok(ChainCheck::BrokenAt { seq });
            }
            prev = stored.digest;
            count += 1;
        }
        Ok(ChainCheck::Holds { entries: count })
    }

    async fn rows(&self, tenant: &str) -> Result<Vec<AnyRow>, AppError> {
        sqlx::query(
            "SELECT seq, at_ms, person, client_addr, session_digest, area, kind, object_id, \
             object_name, before_json, after_json, outcome, completes, message, prev_digest, \
             digest FROM activity WHERE tenant = $1 ORDER BY seq",
        )
        .bind(tenant)
        .fetch_all(self.db.pool())
        .await
        .map_err(unavailable)
    }
}

/// A row as read back.
struct Stored {
    seq: i64,
    at_ms: i64,
    change: Change,
    outcome: String,
    completes: i64,
    message: String,
    prev_digest: String,
    digest: String,
}

fn read_row(row: &AnyRow) -> Result<Stored, AppError> {
    let text = |i: usize| row.try_get::<String, _>(i).map_err(unavailable);
    let json = |i: usize| -> Result<serde_json::Value, AppError> {
        // A value edited into something that is not JSON still reads, and breaks the chain.
        let raw = text(i)?;
        Ok(serde_json::from_str(&raw).unwrap_or(serde_json::Value::String(raw)))
    };
    Ok(Stored {
        seq: row.try_get(0).map_err(unavailable)?,
        at_ms: row.try_get(1).map_err(unavailable)?,
        change: Change {
            person: text(2)?,
            client_addr: text(3)?,
            session_digest: text(4)?,
            area: text(5)?,
            kind: text(6)?,
            object_id: text(7)?,
            object_name: text(8)?,
            before: json(9)?,
            after: json(10)?,
        },
        outcome: text(11)?,
        completes: row.try_get(12).map_err(unavailable)?,
        message: text(13)?,
        prev_digest: text(14)?,
        digest: text(15)?,
    })
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
