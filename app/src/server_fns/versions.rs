//! The flow's versions: recorded after every save from the console, and noticed whenever the
//! editor reads the whole flow and finds it differs from the latest version with no console
//! change to explain it ("changed outside the console"); listed and read for History.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::wire::versions::{Drift, Origin, VersionData, VersionInfo, VersionPage};

/// Versions listed per page of the History panel.
pub const VERSIONS_PER_PAGE: u32 = 20;

/// Page `page` (from 1) of the tenant's versions, newest first.
#[server(endpoint = "flow_versions", output = crate::server_fns::answer::JsonAnswer)]
pub async fn flow_versions(page: u32) -> Result<VersionPage, AppError> {
    let state = crate::server_fns::support::console()?;
    let tenant = keep::tenant().await?;
    let page = page.max(1);
    let size = VERSIONS_PER_PAGE;
    let skip = u64::from(page - 1) * u64::from(size);
    let (versions, total) = state.versions.list(&tenant, skip, u64::from(size)).await?;
    Ok(VersionPage {
        versions,
        page,
        size,
        total,
    })
}

/// Version `seq` with the flow it holds.
#[server(endpoint = "flow_version", output = crate::server_fns::answer::JsonAnswer)]
pub async fn flow_version(seq: u64) -> Result<VersionData, AppError> {
    let state = crate::server_fns::support::console()?;
    let tenant = keep::tenant().await?;
    state
        .versions
        .get(&tenant, seq)
        .await?
        .ok_or(AppError::NotFound)
}

#[cfg(feature = "ssr")]
pub(crate) mod keep {
    use super::*;
    use crate::ivr::version::{diff, Change as VersionChange, Diff, Listed, Version};
    use crate::state::{ActivityStore, ConsoleState};
    use crate::wire::activity::{Area, Change, EntryQuery, Kind, Outcome};
    use serde_json::Value;
    use std::sync::Arc;

    /// The tenant of a logged-in admin (versions are read by them only).
    pub async fn tenant() -> Result<String, AppError> {
        let session = crate::session::UserSession::current().await?;
        session.token().await?;
        session.tenant_key().await
    }

    /// Areas whose changes change the flow.
    const FLOW_AREAS: [Area; 3] = [Area::Menus, Area::RingGroups, Area::Greetings];

    /// After a read of the whole flow: records it when it differs from the latest version, and
    /// answers the drift to show when the latest version is a change made outside the console.
    /// Console changes logged since the latest version explain a difference (a ring group
    /// saved from its own page, a save still under way); without any, it was made outside the
    /// console and is logged as such.
    /// Boxes moved on the diagram alone make no version.
    pub async fn on_read(
        state: &ConsoleState,
        tenant: &str,
        now: Version,
    ) -> Result<Option<Drift>, AppError> {
        let latest = state.versions.latest(tenant).await?;
        let recorded = match &latest {
            None => {
                state
                    .versions
                    .record(tenant, &now, &Origin::FirstSeen, "")
                    .await?
            }
            Some(latest) if latest.version.same_flow(&now) => None,
            Some(latest) => {
                let people =
                    console_changes_since(&*state.activity, tenant, latest.info.at_ms).await?;
                if people.is_empty() {
                    let info = state
                        .versions
                        .record(tenant, &now, &Origin::Outside, "")
                        .await?;
                    if info.is_some() {
                        log_outside(&*state.activity, tenant, &diff(&latest.version, &now)).await?;
                    }
                    info
                } else {
                    state
                        .versions
                        .record(tenant, &now, &Origin::Console, &people.join(", "))
                        .await?
                }
            }
        };
        let newest = match recorded {
            Some(info) => Some(info),
            None => latest.map(|l| l.info),
        };
        let Some(newest) = newest.filter(|i| i.origin == Origin::Outside) else {
            return Ok(None);
        };
        // Since when: the version before it is how the console last saw the flow.
        let (two, _) = state.versions.list(tenant, 0, 2).await?;
        Ok(Some(Drift {
            seq: newest.seq,
            at_ms: newest.at_ms,
            since_ms: two.get(1).map_or(newest.at_ms, |v| v.at_ms),
            summary: newest.summary,
        }))
    }

    /// Whether a page of a list shows a change from the latest version that no console change
    /// since explains (those are recorded when the editor next reads the whole flow). With no
    /// version yet there is nothing to differ from.
    pub async fn page_unexplained(
        state: &ConsoleState,
        tenant: &str,
        page: &Version,
        listed: Listed,
    ) -> Result<bool, AppError> {
        let Some(latest) = state.versions.latest(tenant).await? else {
            return Ok(false);
        };
        if !latest.version.page_differs(page, listed) {
            return Ok(false);
        }
        let people = console_changes_since(&*state.activity, tenant, latest.info.at_ms).await?;
        Ok(people.is_empty())
    }

    /// Who asked the vendor for a change of the flow since `since_ms`.
    async fn console_changes_since(
        log: &dyn ActivityStore,
        tenant: &str,
        since_ms: i64,
    ) -> Result<Vec<String>, AppError> {
        let query = EntryQuery {
            from_ms: Some(since_ms),
            ..EntryQuery::default()
        };
        let (entries, _) = log.entries(tenant, &query, 0, 200).await?;
        let mut people: Vec<String> = entries
            .into_iter()
            .filter(|e| {
                e.change.kind != Kind::ChangedOutside.as_str()
                    && FLOW_AREAS.iter().any(|a| a.as_str() == e.change.area)
            })
            .map(|e| e.change.person)
            .collect();
        people.sort();
        people.dedup();
        Ok(people)
    }

    /// How many changed objects an "outside" entry names and keeps.
    const NAMED: usize = 20;

    /// Logs a change noticed outside the console: no person, the objects that differ.
    async fn log_outside(log: &dyn ActivityStore, tenant: &str, d: &Diff) -> Result<(), AppError> {
        let area = if d.menus.is_empty() && !d.groups.is_empty() {
            Area::RingGroups
        } else {
            Area::Menus
        };
        let names: Vec<&str> = d
            .menus
            .iter()
            .map(|c| c.name())
            .chain(d.groups.iter().map(|c| c.name()))
            .take(NAMED)
            .collect();
        let (menus_before, menus_after) = sides(&d.menus);
        let (groups_before, groups_after) = sides(&d.groups);
        let change = Change {
            person: String::new(),
            client_addr: String::new(),
            session_digest: String::new(),
            area: area.as_str().to_owned(),
            kind: Kind::ChangedOutside.as_str().to_owned(),
            object_id: match (d.menus.as_slice(), d.groups.as_slice()) {
                ([one], []) => one.id.clone(),
                ([], [one]) => one.id.clone(),
                _ => String::new(),
            },
            object_name: names.join(", "),
            before: serde_json::json!({"menus": menus_before, "ring_groups": groups_before}),
            after: serde_json::json!({"menus": menus_after, "ring_groups": groups_after}),
        };
        let begun = log.begin(tenant, &change).await?;
        log.finish(tenant, begun, &change, &Outcome::Done).await
    }

    /// The first changes' objects as they were and as they are, by id.
    fn sides<T: serde::Serialize>(changes: &[VersionChange<T>]) -> (Value, Value) {
        let side = |pick: fn(&VersionChange<T>) -> &Option<T>| {
            changes
                .iter()
                .take(NAMED)
                .map(|c| {
                    (
                        c.id.clone(),
                        serde_json::to_value(pick(c)).unwrap_or_default(),
                    )
                })
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        (side(|c| &c.before), side(|c| &c.after))
    }

    /// After a save from the console: the flow as the vendor now holds it.
    pub async fn on_save(
        versions: &Arc<dyn crate::state::VersionStore>,
        tenant: &str,
        version: &Version,
        origin: Origin,
        person: &str,
    ) -> Result<(), AppError> {
        versions
            .record(tenant, version, &origin, person)
            .await
            .map(|_| ())
    }
}
