//! The activity log's store: each tenant's changes at the vendor, append-only in the console
//! database, chained by digests. A change is appended before its call ([`ActivityLog::begin`])
//! and completed by a second entry after it ([`ActivityLog::finish`]), so that a crash in between
//! leaves an entry whose outcome is unknown, never no entry. Appends from several instances at
//! once stay one chain: the next number is taken by inserting it, and an instance that lost the
//! race reads the new head and tries again.

use crate::console_db::{unavailable, ConsoleDb};
use app::error::AppError;
use futures::future::BoxFuture;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::Row;

pub use app::wire::activity::{ChainCheck, Change, Entry, EntryQuery, Outcome};

/// How an outcome is stored: its name, and the vendor's words for a refusal.
fn stored(outcome: &Outcome) -> (&'static str, &str) {
    match outcome {
        Outcome::Unknown => ("unknown", ""),
        Outcome::Done => ("done", ""),
        Outcome::Refused(message) => ("refused", message),
    }
}

fn read_outcome(outcome: &str, message: String) -> Outcome {
    match outcome {
        "done" => Outcome::Done,
        "refused" => Outcome::Refused(message),
        _ => Outcome::Unknown,
    }
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

pub(crate) fn hex(bytes: &[u8]) -> String {
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
        let (outcome, message) = stored(outcome);
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
                 completes, message, prev_digest, digest, object_key) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                 $17, $18)",
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
            .bind(omicall::text::search_key(&change.object_name))
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

    /// The changes `query` matches, newest first, each with how it ended (and, once done, the
    /// object as the vendor answered it): `limit` of them after skipping `skip`, and how many
    /// match in all.
    pub async fn entries(
        &self,
        tenant: &str,
        query: &EntryQuery,
        skip: u64,
        limit: u64,
    ) -> Result<(Vec<Entry>, u64), AppError> {
        // Each change's begin row (completes = 0) with the row that completes it, if any.
        const FROM: &str = "FROM activity b LEFT JOIN activity f \
             ON f.tenant = b.tenant AND f.completes = b.seq \
             WHERE b.tenant = $1 AND b.completes = 0 \
             AND ($2 = '' OR b.area = $2) AND ($3 = '' OR b.person = $3) \
             AND ($4 = '' OR b.object_id = $4 OR f.object_id = $4 \
                  OR b.object_key LIKE $5 ESCAPE '\\') \
             AND b.at_ms >= $6 AND b.at_ms < $7";
        let area = query.area.map_or("", |a| a.as_str());
        let person = query.person.as_deref().unwrap_or("");
        let object = query.object.as_deref().unwrap_or("");
        let words = format!("%{}%", like_escaped(&omicall::text::search_key(object)));
        let from_ms = query.from_ms.unwrap_or(i64::MIN);
        let until_ms = query.until_ms.unwrap_or(i64::MAX);
        // Both queries take the same filter.
        macro_rules! bind {
            ($sql:expr) => {
                sqlx::query($sql)
                    .bind(tenant)
                    .bind(area)
                    .bind(person)
                    .bind(object)
                    .bind(words.as_str())
                    .bind(from_ms)
                    .bind(until_ms)
            };
        }
        let count_sql = format!("SELECT COUNT(*) {FROM}");
        let total: i64 = bind!(&count_sql)
            .fetch_one(self.db.pool())
            .await
            .and_then(|row| row.try_get(0))
            .map_err(unavailable)?;
        let page_sql = format!(
            "SELECT b.seq, b.at_ms, b.person, b.client_addr, b.session_digest, b.area, \
                 b.kind, b.object_id, b.object_name, b.before_json, b.after_json, \
                 f.outcome, f.message, f.object_id, f.after_json \
                 {FROM} ORDER BY b.seq DESC LIMIT $8 OFFSET $9"
        );
        let rows = bind!(&page_sql)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .bind(i64::try_from(skip).unwrap_or(i64::MAX))
            .fetch_all(self.db.pool())
            .await
            .map_err(unavailable)?;
        let entries = rows.iter().map(read_entry).collect::<Result<Vec<_>, _>>()?;
        Ok((entries, u64::try_from(total).unwrap_or_default()))
    }

    /// Everyone who has asked for a change, by name.
    pub async fn people(&self, tenant: &str) -> Result<Vec<String>, AppError> {
        sqlx::query(
            "SELECT DISTINCT person FROM activity WHERE tenant = $1 AND completes = 0 \
             ORDER BY person",
        )
        .bind(tenant)
        .fetch_all(self.db.pool())
        .await
        .map_err(unavailable)?
        .iter()
        .map(|row| row.try_get::<String, _>(0).map_err(unavailable))
        .collect()
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

/// `text` matched literally by `LIKE … ESCAPE '\'`.
fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A change's begin row joined with the row completing it.
fn read_entry(row: &AnyRow) -> Result<Entry, AppError> {
    let text = |i: usize| row.try_get::<String, _>(i).map_err(unavailable);
    let maybe = |i: usize| row.try_get::<Option<String>, _>(i).map_err(unavailable);
    let json = |raw: String| serde_json::from_str(&raw).unwrap_or(serde_json::Value::String(raw));
    let seq: i64 = row.try_get(0).map_err(unavailable)?;
    let outcome = match maybe(11)? {
        Some(outcome) => read_outcome(&outcome, maybe(12)?.unwrap_or_default()),
        None => Outcome::Unknown,
    };
    // A create learns its id, and an update what the vendor made of it, only from the answer.
    let object_id = maybe(13)?
        .filter(|id| !id.is_empty())
        .map_or_else(|| text(7), Ok)?;
    let answered = maybe(14)?.map(json).filter(|v| !v.is_null());
    Ok(Entry {
        seq: u64::try_from(seq).unwrap_or_default(),
        at_ms: row.try_get(1).map_err(unavailable)?,
        change: Change {
            person: text(2)?,
            client_addr: text(3)?,
            session_digest: text(4)?,
            area: text(5)?,
            kind: text(6)?,
            object_id,
            object_name: text(8)?,
            before: json(text(9)?),
            after: match answered {
                Some(after) => after,
                None => json(text(10)?),
            },
        },
        outcome,
    })
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

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl app::state::ActivityStore for ActivityLog {
    fn begin<'a>(
        &'a self,
        tenant: &'a str,
        change: &'a Change,
    ) -> BoxFuture<'a, Result<u64, AppError>> {
        Box::pin(ActivityLog::begin(self, tenant, change))
    }

    fn finish<'a>(
        &'a self,
        tenant: &'a str,
        begun: u64,
        change: &'a Change,
        outcome: &'a Outcome,
    ) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(ActivityLog::finish(self, tenant, begun, change, outcome))
    }

    fn entries<'a>(
        &'a self,
        tenant: &'a str,
        query: &'a EntryQuery,
        skip: u64,
        limit: u64,
    ) -> BoxFuture<'a, Result<(Vec<Entry>, u64), AppError>> {
        Box::pin(ActivityLog::entries(self, tenant, query, skip, limit))
    }

    fn people<'a>(&'a self, tenant: &'a str) -> BoxFuture<'a, Result<Vec<String>, AppError>> {
        Box::pin(ActivityLog::people(self, tenant))
    }

    fn check_chain<'a>(&'a self, tenant: &'a str) -> BoxFuture<'a, Result<ChainCheck, AppError>> {
        Box::pin(ActivityLog::check_chain(self, tenant))
    }
}
