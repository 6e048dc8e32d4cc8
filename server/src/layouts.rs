//! The IVR editor's layouts, kept per tenant in the session store: one record per tenant, under
//! an id derived from the tenant's key (random session ids cannot meet it), renewed for a year
//! on every save. The vendor has no place for node positions.

use crate::sessions::Store;
use app::error::AppError;
use app::ivr::layout::Layout;
use app::state::LayoutStore;
use futures::future::BoxFuture;
use sha2::{Digest, Sha256};
use tower_sessions::cookie::time::{Duration, OffsetDateTime};
use tower_sessions::session::{Id, Record};
use tower_sessions::SessionStore;

const LAYOUT_KEY: &str = "ivr_layout";
/// How long a layout nobody touches is kept.
const KEPT_FOR: Duration = Duration::days(365);

pub struct StoredLayouts(pub Store);

fn record_id(tenant: &str) -> Id {
    let digest = Sha256::digest(format!("ivr-layout:{tenant}"));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Id(i128::from_le_bytes(bytes))
}

fn unavailable(err: tower_sessions::session_store::Error) -> AppError {
    tracing::warn!(error = %err, "layout store call failed");
    AppError::SessionStoreUnavailable
}

impl LayoutStore for StoredLayouts {
    fn load(&self, tenant: &str) -> BoxFuture<'_, Result<Layout, AppError>> {
        let id = record_id(tenant);
        Box::pin(async move {
            let record = self.0.load(&id).await.map_err(unavailable)?;
            Ok(record
                .and_then(|r| r.data.get(LAYOUT_KEY).cloned())
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or_default())
        })
    }

    fn save(&self, tenant: &str, layout: Layout) -> BoxFuture<'_, Result<(), AppError>> {
        let id = record_id(tenant);
        Box::pin(async move {
            let value = serde_json::to_value(&layout).map_err(|_| AppError::Internal)?;
            let record = Record {
                id,
                data: [(LAYOUT_KEY.to_owned(), value)].into(),
                expiry_date: OffsetDateTime::now_utc() + KEPT_FOR,
            };
            self.0.upsert(&record).await.map_err(unavailable)
        })
    }
}
