//! The flow editor's server side: load the tenant's whole flow and layout, save a draft (its
//! edits replayed over the vendor's current state, validated and planned again here), and keep
//! the layout.

use crate::error::AppError;
use crate::ivr::layout::Layout;
use crate::ivr::rebase::{Changed, Draft};
use crate::ivr::{Agent, Finding, Flow, IdMap, PlanError, SavePlan};
use leptos::prelude::*;
use omicall::models::{Greeting, IvrMenu, RingGroup};
use serde::{Deserialize, Serialize};

/// What the editor loads. Vendor records as the vendor sends them (they hold no secret), the
/// agents behind extensions as numbers and names only (never a SIP password), and the layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowData {
    pub menus: Vec<IvrMenu>,
    pub groups: Vec<RingGroup>,
    pub greetings: Vec<Greeting>,
    pub agents: Vec<Agent>,
    pub layout: Layout,
    /// Whether greetings can be played (a recordings source is configured).
    pub can_listen: bool,
}

impl FlowData {
    /// The flow, with the menus the admin marked as entries.
    pub fn flow(&self) -> Flow {
        let mut flow = Flow::from_omicall(
            self.menus.clone(),
            self.groups.clone(),
            self.greetings.clone(),
            &self.agents,
        );
        flow.mark_entries(&self.layout.entries);
        flow
    }
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SaveOutcome {
    /// Every step was applied. `created` maps draft numbers to the new menus' ids.
    Saved { plan: SavePlan, created: IdMap },
    /// The steps before `applied` were applied, that one failed (`error`, in the vendor's
    /// words), the rest were not tried. The draft is kept; a retry plans again.
    Partial {
        plan: SavePlan,
        applied: usize,
        error: AppError,
        created: IdMap,
    },
    /// Nothing differs from the vendor's state.
    Unchanged,
    /// Validation found errors; nothing was sent.
    Blocked(Vec<Finding>),
    /// Someone else changed (or deleted) what the draft touches; nothing was sent.
    Changed(Vec<Changed>),
    /// The draft cannot be turned into calls (a value the API requires is missing).
    Unplannable(PlanError),
}

#[cfg(feature = "ssr")]
mod upstream {
    use super::*;
    use crate::ivr::execute::Upstream;
    use crate::server_fns::lists::{all_extensions, all_greetings, all_groups, all_menus};
    use crate::session::UserSession;
    use omicall::requests::{IvrMenuInput, RingGroupInput};
    use omicall::{AccessToken, Client};
    use std::future::Future;

    /// The vendor's API as the save plan's executor sees it.
    pub struct Vendor {
        pub client: Client,
        pub token: AccessToken,
    }

    impl Upstream for Vendor {
        type Error = omicall::Error;

        fn create_menu(
            &mut self,
            input: &IvrMenuInput,
        ) -> impl Future<Output = Result<IvrMenu, Self::Error>> + Send {
            let (c, t, input) = (self.client.clone(), self.token.clone(), input.clone());
            async move { c.create_menu(&t, &input).await }
        }

        fn update_menu(
            &mut self,
            id: &str,
            input: &IvrMenuInput,
        ) -> impl Future<Output = Result<IvrMenu, Self::Error>> + Send {
            let (c, t, input, id) = (
                self.client.clone(),
                self.token.clone(),
                input.clone(),
                id.to_owned(),
            );
            async move { c.update_menu(&t, &id, &input).await }
        }

        fn delete_menu(
            &mut self,
            id: &str,
        ) -> impl Future<Output = Result<(), Self::Error>> + Send {
            let (c, t, id) = (self.client.clone(), self.token.clone(), id.to_owned());
            async move { c.delete_menu(&t, &id).await }
        }

        fn update_group(
            &mut self,
            id: &str,
            input: &RingGroupInput,
        ) -> impl Future<Output = Result<RingGroup, Self::Error>> + Send {
            let (c, t, input, id) = (
                self.client.clone(),
                self.token.clone(),
                input.clone(),
                id.to_owned(),
            );
            async move { c.update_group(&t, &id, &input).await }
        }

        fn create_group(
            &mut self,
            input: &RingGroupInput,
        ) -> impl Future<Output = Result<RingGroup, Self::Error>> + Send {
            let (c, t, input) = (self.client.clone(), self.token.clone(), input.clone());
            async move { c.create_group(&t, &input).await }
        }

        fn delete_group(
            &mut self,
            id: &str,
        ) -> impl Future<Output = Result<(), Self::Error>> + Send {
            let (c, t, id) = (self.client.clone(), self.token.clone(), id.to_owned());
            async move { c.delete_group(&t, &id).await }
        }
    }

    /// The tenant's flow as the vendor holds it now, with the layout kept for it.
    pub async fn load() -> Result<FlowData, AppError> {
        let state = crate::server_fns::support::console()?;
        let tenant = UserSession::current().await?.tenant_key().await?;
        let (menus, groups, greetings, extensions) =
            crate::server_fns::support::upstream(|c, t| async move {
                futures::try_join!(
                    all_menus(&c, &t),
                    all_groups(&c, &t),
                    all_greetings(&c, &t),
                    all_extensions(&c, &t)
                )
            })
            .await?;
        let layout = state.layouts.load(&tenant).await?;
        Ok(FlowData {
            menus,
            groups,
            greetings,
            agents: extensions.iter().filter_map(Agent::of).collect(),
            layout,
            can_listen: state.recordings != crate::state::Recordings::Unavailable,
        })
    }
}

/// The tenant's whole flow for the editor.
#[server(endpoint = "load_flow")]
pub async fn load_flow() -> Result<FlowData, AppError> {
    upstream::load().await
}

/// Saves a draft: replays its edits over the vendor's current state, refuses it if someone else
/// changed what it touches or if it does not hold together, validates and plans again, then runs
/// the plan, stopping at the first failure.
// JSON, not the default form encoding: a draft nests vendor records several levels deep.
#[server(endpoint = "save_flow", input = leptos::server_fn::codec::Json)]
pub async fn save_flow(draft: Draft) -> Result<SaveOutcome, AppError> {
    use crate::ivr::execute::execute;
    use crate::ivr::rebase::{rebase, RebaseError};
    use crate::ivr::{has_errors, plan, validate};
    use crate::session::UserSession;
    let data = upstream::load().await?;
    let current = data.flow();
    let merged = match rebase(&current, &draft, &data.agents) {
        Ok(merged) => merged,
        Err(RebaseError::Changed(changed)) => return Ok(SaveOutcome::Changed(changed)),
        Err(RebaseError::Edit { index, error }) => {
            tracing::warn!(index, %error, "refused a draft whose edits do not apply");
            return Err(AppError::InvalidDraft);
        }
        Err(RebaseError::Undeclared(subject)) => {
            tracing::warn!(
                ?subject,
                "refused a draft that changes what it did not send"
            );
            return Err(AppError::InvalidDraft);
        }
    };
    let findings = validate(&merged);
    if has_errors(&findings) {
        return Ok(SaveOutcome::Blocked(
            findings.into_iter().filter(|f| f.is_error()).collect(),
        ));
    }
    let plan = match plan(&current, &merged) {
        Ok(plan) => plan,
        Err(error) => return Ok(SaveOutcome::Unplannable(error)),
    };
    let state = crate::server_fns::support::console()?;
    let session = UserSession::current().await?;
    let tenant = session.tenant_key().await?;
    // Entries are console data, kept whatever the vendor calls do; created drafts under
    // their new ids.
    let keep_entries = |created: &IdMap| {
        let mut layout = data.layout.clone();
        layout.entries = Layout::of(&Default::default(), &merged, created).entries;
        state.layouts.save(&tenant, layout)
    };
    if plan.is_empty() {
        keep_entries(&draft.created).await?;
        return Ok(SaveOutcome::Unchanged);
    }
    let mut vendor = upstream::Vendor {
        client: state.client.clone(),
        token: session.token().await?,
    };
    let report = execute(&plan, &mut vendor).await;
    let mut created = draft.created.clone();
    created.extend(report.id_map.clone());
    keep_entries(&created).await?;
    Ok(match report.failed {
        None => SaveOutcome::Saved { plan, created },
        Some((_, error)) => {
            tracing::warn!(%error, "a save stopped part way");
            let error = match error {
                crate::ivr::StepError::Upstream(e) if e.is_unauthorized() => {
                    return Err(session.expire().await)
                }
                crate::ivr::StepError::Upstream(e) => AppError::from(e),
                _ => AppError::Internal,
            };
            SaveOutcome::Partial {
                applied: report.applied.len(),
                plan,
                error,
                created,
            }
        }
    })
}

/// Keeps where the editor drew each node (saved menus and groups only).
#[server(endpoint = "save_layout", input = leptos::server_fn::codec::Json)]
pub async fn save_layout(layout: Layout) -> Result<(), AppError> {
    use crate::session::UserSession;
    let state = crate::server_fns::support::console()?;
    let tenant = UserSession::current().await?.tenant_key().await?;
    // Entries change only with a save of the flow.
    let kept = state.layouts.load(&tenant).await?;
    state
        .layouts
        .save(
            &tenant,
            Layout {
                positions: layout.positions,
                entries: kept.entries,
            },
        )
        .await
}
