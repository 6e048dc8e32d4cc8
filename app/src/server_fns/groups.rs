//! Ring groups ("nhóm nội bộ"): list, one group with its members resolved to extensions, save
//! with a check for someone else's change, members added or removed on their own, delete once
//! nothing leads to the group, and the searches behind the pickers.

use crate::error::AppError;
use crate::wire::choice::Choice;
use leptos::prelude::*;
use omicall::rules::Usage;
use omicall::ActionType;

pub use crate::wire::delete::DeleteOutcome;
pub use crate::wire::groups::{
    GroupDraft, GroupPage, GroupRow, GroupView, SaveOutcome, TargetView,
};

#[cfg(feature = "ssr")]
mod upstream {
    use super::*;
    pub use crate::server_fns::lists::{
        all_extensions, all_greetings, all_groups, all_menus, Names,
    };
    use crate::server_fns::support::upstream;
    use omicall::models::{Extension, RingGroup};
    use omicall::{Problem, RequestError, Strategy};
    use std::collections::HashMap;

    /// How an extension is offered and shown: its number and, when known, its holder.
    pub fn extension_choice(e: &Extension) -> Choice {
        Choice::extension(e.sip_user.clone(), &e.sip_user, e.full_name.as_deref())
    }

    /// The extensions matching `keyword`, as many as a picker offers: the member pickers' search.
    pub async fn extensions_matching(keyword: &str) -> Result<Vec<Extension>, AppError> {
        use omicall::requests::ListQuery;
        let query = ListQuery::page(1, PICKER_SIZE).with_keyword(keyword.trim());
        upstream(|c, t| async move { c.list_extensions(&t, &query).await })
            .await
            .map(|page| page.items)
    }

    /// The group as the form edits it: members matched to extensions by agent.
    pub fn group_view(group: &RingGroup, extensions: &[Extension], names: &Names) -> GroupView {
        let by_agent: HashMap<&str, &Extension> = extensions
            .iter()
            .filter_map(|e| e.agent_id.as_deref().map(|a| (a, e)))
            .collect();
        let by_sip: HashMap<&str, &Extension> = extensions
            .iter()
            .map(|e| (e.sip_user.as_str(), e))
            .collect();
        let mut members: Vec<(i64, Choice)> = group
            .members
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let extension = m
                    .sip_user
                    .as_deref()
                    .and_then(|s| by_sip.get(s))
                    .or_else(|| m.agent_id.as_deref().and_then(|a| by_agent.get(a)))?;
                let position = i64::try_from(i).unwrap_or(i64::MAX);
                Some((m.order.unwrap_or(position), extension_choice(extension)))
            })
            .collect();
        // The vendor's answers number every member 0; keep their listed order then.
        members.sort_by_key(|(order, _)| *order);
        GroupView {
            id: group.id.clone(),
            name: group.group_name.clone(),
            number: group.group_number.clone(),
            strategy: group.strategy.clone().unwrap_or(Strategy::Simultaneous),
            timeout: group
                .member_timeout()
                .and_then(|t| u32::try_from(t).ok())
                .unwrap_or(omicall::rules::DEFAULT_MEMBER_TIMEOUT),
            members: members.into_iter().map(|(_, c)| c).collect(),
            on_timeout: names.on_timeout(group),
            last_updated: group.last_updated_date,
        }
    }

    /// The group `id` as it is now, for its page.
    pub async fn load_view(id: String) -> Result<GroupView, AppError> {
        omicall::requests::check_path_id("id", &id)?;
        upstream(|c, t| async move {
            let (groups, extensions, menus, greetings) = futures::try_join!(
                all_groups(&c, &t),
                all_extensions(&c, &t),
                all_menus(&c, &t),
                all_greetings(&c, &t)
            )?;
            let names = Names::of(&groups, menus, greetings);
            Ok(groups
                .iter()
                .find(|g| g.id == id)
                .map(|g| group_view(g, &extensions, &names)))
        })
        .await?
        .ok_or(AppError::NotFound)
    }

    /// Refuses a name another group already has (ignoring case and diacritics).
    pub fn check_unique(
        groups: &[RingGroup],
        own: Option<&str>,
        name: &str,
    ) -> Result<(), AppError> {
        match groups
            .iter()
            .find(|g| Some(g.id.as_str()) != own && omicall::rules::same_name(&g.group_name, name))
        {
            Some(other) => Err(RequestError::new(
                "group_name",
                Problem::Duplicate {
                    other: other.group_name.clone(),
                },
            )
            .into()),
            None => Ok(()),
        }
    }
}

/// One page of ring groups matching `keyword` (name or number), with on-timeout targets named.
#[server(endpoint = "list_groups", output = crate::server_fns::answer::JsonAnswer)]
pub async fn list_groups(keyword: String, page: u32, size: u32) -> Result<GroupPage, AppError> {
    use crate::ivr::version::{Listed, Version};
    use crate::wire::list::PageView;
    use omicall::requests::ListQuery;
    use upstream::Names;
    let state = crate::server_fns::support::console()?;
    let tenant = crate::server_fns::versions::keep::tenant().await?;
    let query = ListQuery::page(page.max(1), size.clamp(1, 100)).with_keyword(keyword.trim());
    crate::server_fns::support::upstream(|c, t| async move {
        let page = c.list_groups(&t, &query).await?;
        let seen = Version::of_page(Vec::new(), page.items.clone());
        // Names are looked up only when a target on this page needs one.
        let unnamed = page.items.iter().any(|g| {
            g.target_timeout.as_deref().is_some_and(|id| !id.is_empty())
                && g.target_timeout_name.as_deref().is_none_or(str::is_empty)
        });
        let names = if unnamed {
            Names::load(&c, &t).await?
        } else {
            Names::default()
        };
        let view = PageView::from_page(page, |g| GroupRow {
            on_timeout: names.on_timeout(&g),
            member_timeout: g.member_timeout(),
            members: g.members.len(),
            id: g.id,
            name: g.group_name,
            number: g.group_number,
            strategy: g.strategy,
            last_updated: g.last_updated_date,
        });
        let listed = Listed::Groups {
            all: view.is_whole_list(&keyword),
        };
        crate::server_fns::flow::upstream::notice_from_page(&state, &tenant, seen, listed, (c, t))
            .await;
        Ok(view)
    })
    .await
}

/// One ring group, its members resolved to extensions.
#[server(endpoint = "ring_group", output = crate::server_fns::answer::JsonAnswer)]
pub async fn ring_group(id: String) -> Result<GroupView, AppError> {
    upstream::load_view(id).await
}

/// Creates (no `id`) or replaces a ring group. `seen` is the `last_updated` the form loaded:
/// unless `overwrite`, a group changed since is not written and comes back as
/// [`SaveOutcome::Changed`].
#[server(endpoint = "save_group", output = crate::server_fns::answer::JsonAnswer)]
pub async fn save_group(
    id: Option<String>,
    draft: GroupDraft,
    seen: Option<i64>,
    overwrite: bool,
) -> Result<SaveOutcome, AppError> {
    use upstream::{all_groups, check_unique};
    let input = draft.input()?;
    let id = id.filter(|id| !id.is_empty());
    if let Some(id) = &id {
        omicall::requests::check_path_id("id", id)?;
    }
    let (saved_id, changed) = crate::server_fns::support::changing(|c, t, recorder| async move {
        use crate::server_fns::record::Asked;
        use crate::wire::activity::{Area, Kind};
        let groups = all_groups(&c, &t).await?;
        check_unique(&groups, id.as_deref(), &input.group_name)?;
        let saved = match &id {
            None => {
                let asked =
                    Asked::new(Area::RingGroups, Kind::Create, "", &input.group_name).after(&input);
                recorder.call(asked, c.create_group(&t, &input)).await?
            }
            Some(id) => {
                let current = groups
                    .iter()
                    .find(|g| &g.id == id)
                    .ok_or(AppError::NotFound)?;
                if !overwrite && current.last_updated_date != seen {
                    return Ok((current.id.clone(), true));
                }
                let asked = Asked::new(Area::RingGroups, Kind::Update, id, &input.group_name)
                    .before(current)
                    .after(&input);
                recorder.call(asked, c.update_group(&t, id, &input)).await?
            }
        };
        Ok((saved.id, false))
    })
    .await?;
    let view = upstream::load_view(saved_id).await?;
    Ok(if changed {
        SaveOutcome::Changed(view)
    } else {
        SaveOutcome::Saved(view)
    })
}

/// Every place that leads to the group: menu keys, menu fallbacks, other groups' timeouts.
#[server(endpoint = "group_usages", output = crate::server_fns::answer::JsonAnswer)]
pub async fn group_usages(id: String) -> Result<Vec<Usage>, AppError> {
    crate::server_fns::support::usages(ActionType::RingGroup, id).await
}

/// Deletes the group unless something still leads to it.
#[server(endpoint = "delete_group", output = crate::server_fns::answer::JsonAnswer)]
pub async fn delete_group(id: String) -> Result<DeleteOutcome, AppError> {
    use crate::server_fns::support::delete_unless_used;
    delete_unless_used(ActionType::RingGroup, id, |c, t, id| async move {
        c.delete_group(&t, &id).await
    })
    .await
}

/// How many choices a picker offers at once.
#[cfg(feature = "ssr")]
const PICKER_SIZE: u32 = 8;

/// Extensions matching `keyword`, for the member picker.
#[server(endpoint = "pick_extensions", output = crate::server_fns::answer::JsonAnswer)]
pub async fn pick_extensions(keyword: String) -> Result<Vec<Choice>, AppError> {
    let found = upstream::extensions_matching(&keyword).await?;
    Ok(found.iter().map(upstream::extension_choice).collect())
}

/// The agents behind the extensions matching `keyword`, for the flow editor's member picker:
/// the editor's page carries only the agents its groups name, so the picker asks the vendor.
#[server(endpoint = "pick_agents", output = crate::server_fns::answer::JsonAnswer)]
pub async fn pick_agents(keyword: String) -> Result<Vec<crate::ivr::Agent>, AppError> {
    let found = upstream::extensions_matching(&keyword).await?;
    Ok(found.iter().filter_map(crate::ivr::Agent::of).collect())
}

/// Groups, menus or greetings matching `keyword`, for the on-timeout picker.
#[server(endpoint = "pick_targets", output = crate::server_fns::answer::JsonAnswer)]
pub async fn pick_targets(kind: ActionType, keyword: String) -> Result<Vec<Choice>, AppError> {
    use omicall::requests::ListQuery;
    let query = ListQuery::page(1, PICKER_SIZE).with_keyword(keyword.trim());
    crate::server_fns::support::upstream(|c, t| async move {
        let choice = |id: String, label: String| Choice { id, label };
        Ok(match kind {
            ActionType::RingGroup => c
                .list_groups(&t, &query)
                .await?
                .items
                .into_iter()
                .map(|g| choice(g.id, g.group_name))
                .collect(),
            ActionType::IvrMenu => c
                .list_menus(&t, &query)
                .await?
                .items
                .into_iter()
                .map(|m| choice(m.id, m.script_name))
                .collect(),
            // The greeting list takes no keyword: it is searched here.
            ActionType::Recording => {
                let key = omicall::text::search_key(keyword.trim());
                upstream::all_greetings(&c, &t)
                    .await?
                    .into_iter()
                    .filter(|g| omicall::text::matches(&g.greeting_name, &key))
                    .take(PICKER_SIZE as usize)
                    .map(|g| choice(g.id, g.greeting_name))
                    .collect()
            }
            ActionType::VoiceMail | ActionType::Other(_) => Vec::new(),
        })
    })
    .await
}
