//! The IVR editor's layouts, one row per tenant in the console database (the vendor has no place
//! for node positions). Layouts kept by earlier versions of the console, as records of the
//! session store, are moved here the first time their tenant's layout is read.

use crate::console_db::{unavailable, ConsoleDb};
use crate::sessions::Store;
use app::error::AppError;
use app::ivr::layout::{Layout, Point};
use app::state::LayoutStore;
use futures::future::BoxFuture;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone)]
pub struct DbLayouts {
    pub db: ConsoleDb,
    /// Where layouts were kept before the console had a database of its own.
    pub earlier: Store,
}

impl DbLayouts {
    async fn read(&self, tenant: &str) -> Result<Option<Layout>, AppError> {
        let row = sqlx::query("SELECT positions, entries FROM ivr_layouts WHERE tenant = $1")
            .bind(tenant)
            .fetch_optional(self.db.pool())
            .await
            .map_err(unavailable)?;
        let Some(row) = row else { return Ok(None) };
        let positions: String = row.try_get(0).map_err(unavailable)?;
        let entries: String = row.try_get(1).map_err(unavailable)?;
        // A value that does not decode is a layout drawn afresh, not a page that fails.
        Ok(Some(Layout {
            positions: serde_json::from_str(&positions).unwrap_or_default(),
            entries: serde_json::from_str(&entries).unwrap_or_default(),
        }))
    }

    /// Gives the tenant its row: the layout an earlier console kept, or an empty one. A row
    /// another instance made meanwhile wins; the earlier record goes once the row exists.
    async fn move_in(&self, tenant: &str) -> Result<(), AppError> {
        let kept = earlier::take_out(&self.earlier, tenant).await?;
        let layout = kept.clone().unwrap_or_default();
        sqlx::query(
            "INSERT INTO ivr_layouts (tenant, positions, entries) VALUES ($1, $2, $3) \
             ON CONFLICT (tenant) DO NOTHING",
        )
        .bind(tenant)
        .bind(json(&layout.positions)?)
        .bind(json(&layout.entries)?)
        .execute(self.db.pool())
        .await
        .map_err(unavailable)?;
        if kept.is_some() {
            tracing::info!("an editor layout was moved into the console database");
            earlier::remove(&self.earlier, tenant).await?;
        }
        Ok(())
    }

    /// Sets one column of the tenant's row, making the row when missing, in one statement.
    async fn set(&self, tenant: &str, column: Column, value: String) -> Result<(), AppError> {
        // The column name comes from this module's own list, never from a request.
        let name = match column {
            Column::Positions => "positions",
            Column::Entries => "entries",
        };
        sqlx::query(&format!(
            "INSERT INTO ivr_layouts (tenant, {name}, revision) VALUES ($1, $2, 1) \
             ON CONFLICT (tenant) DO UPDATE SET {name} = excluded.{name}, \
             revision = ivr_layouts.revision + 1"
        ))
        .bind(tenant)
        .bind(value)
        .execute(self.db.pool())
        .await
        .map_err(unavailable)?;
        Ok(())
    }
}

enum Column {
    Positions,
    Entries,
}

fn json(value: &impl serde::Serialize) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|_| AppError::Internal)
}

impl LayoutStore for DbLayouts {
    fn load(&self, tenant: &str) -> BoxFuture<'_, Result<Layout, AppError>> {
        let tenant = tenant.to_owned();
        Box::pin(async move {
            if let Some(layout) = self.read(&tenant).await? {
                return Ok(layout);
            }
            self.move_in(&tenant).await?;
            Ok(self.read(&tenant).await?.unwrap_or_default())
        })
    }

    fn save_positions(
        &self,
        tenant: &str,
        positions: BTreeMap<String, Point>,
    ) -> BoxFuture<'_, Result<(), AppError>> {
        let tenant = tenant.to_owned();
        Box::pin(async move {
            let value = json(&positions)?;
            self.set(&tenant, Column::Positions, value).await
        })
    }

    fn save_entries(
        &self,
        tenant: &str,
        entries: BTreeSet<String>,
    ) -> BoxFuture<'_, Result<(), AppError>> {
        let tenant = tenant.to_owned();
        Box::pin(async move {
            let value = json(&entries)?;
            self.set(&tenant, Column::Entries, value).await
        })
    }
}

/// Where the console kept layouts before it had a database: a record of the session store per
/// tenant, under an id derived from the tenant's key (random session ids cannot meet it).
pub mod earlier {
    use crate::sessions::Store;
    use app::error::AppError;
    use app::ivr::layout::Layout;
    use sha2::{Digest, Sha256};
    use tower_sessions::session::Id;
    use tower_sessions::SessionStore;

    /// The data key the layout was kept under in its record.
    pub const LAYOUT_KEY: &str = "ivr_layout";

    pub fn record_id(tenant: &str) -> Id {
        let digest = Sha256::digest(format!("ivr-layout:{tenant}"));
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Id(i128::from_le_bytes(bytes))
    }

    fn unavailable(err: tower_sessions::session_store::Error) -> AppError {
        tracing::warn!(error = %err, "the session store did not answer for an earlier layout");
        AppError::SessionStoreUnavailable
    }

    /// The layout kept for `tenant` in the session store, if any (left in place).
    pub async fn take_out(store: &Store, tenant: &str) -> Result<Option<Layout>, AppError> {
        let record = store.load(&record_id(tenant)).await.map_err(unavailable)?;
        Ok(record
            .and_then(|r| r.data.get(LAYOUT_KEY).cloned())
            .and_then(|v| serde_json::from_value(v).ok()))
    }

    pub async fn remove(store: &Store, tenant: &str) -> Result<(), AppError> {
        store.delete(&record_id(tenant)).await.map_err(unavailable)
    }
}
