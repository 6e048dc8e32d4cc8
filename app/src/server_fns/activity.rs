//! The activity log's page: one filtered page of the tenant's changes, everyone who made one,
//! and whether the chain holds.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::wire::activity::{ActivityFilter, ActivityPage};

/// The largest page the log is read in.
pub const MAX_PAGE_SIZE: u32 = 100;

/// Page `page` (from 1) of `size` entries that `filter` matches, newest first.
#[server(endpoint = "activity", output = crate::server_fns::answer::JsonAnswer)]
pub async fn activity(
    filter: ActivityFilter,
    page: u32,
    size: u32,
) -> Result<ActivityPage, AppError> {
    use crate::local_time::DEFAULT_OFFSET_MINUTES;
    let store = crate::server_fns::support::console()?.activity;
    let session = crate::session::UserSession::current().await?;
    // Only a logged-in admin reads the log, and only their tenant's.
    session.token().await?;
    let tenant = session.tenant_key().await?;
    let query = filter
        .query(DEFAULT_OFFSET_MINUTES)
        .map_err(|_| AppError::InvalidFilter)?;
    let (page, size) = (page.max(1), size.clamp(1, MAX_PAGE_SIZE));
    let skip = u64::from(page - 1) * u64::from(size);
    let ((entries, total), people, chain) = futures::try_join!(
        store.entries(&tenant, &query, skip, u64::from(size)),
        store.people(&tenant),
        store.check_chain(&tenant),
    )?;
    Ok(ActivityPage {
        entries,
        page,
        size,
        total,
        people,
        chain,
    })
}
