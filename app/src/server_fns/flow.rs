//! The flow editor's server side: load the tenant's whole flow and layout, save a draft (its
//! edits replayed over the vendor's current state, validated and planned again here), and keep
//! the layout.

use crate::error::AppError;
use crate::ivr::layout::Layout;
use crate::ivr::rebase::Draft;
use leptos::prelude::*;

pub use crate::wire::flow::{FlowData, SaveEvent, SaveOutcome};

#[cfg(feature = "ssr")]
pub(crate) mod upstream {
    use super::*;
    use crate::ivr::execute::Upstream;
    use crate::ivr::version::Version;
    use crate::ivr::Agent;
    use crate::server_fns::lists::{all_extensions, all_greetings, all_groups, all_menus};
    use crate::server_fns::record::{Asked, Recorder};
    use crate::session::UserSession;
    use crate::wire::activity::{Area, Kind};
    use omicall::models::{Greeting, IvrMenu, RingGroup};
    use omicall::requests::{IvrMenuInput, RingGroupInput};
    use omicall::{AccessToken, Client};
    use std::collections::HashMap;
    use std::future::Future;
    use std::sync::Arc;

    /// The vendor's API as the save plan's executor sees it: each step recorded, with the menu
    /// or group as it was before the save.
    pub struct Vendor {
        pub client: Client,
        pub token: AccessToken,
        pub recorder: Recorder,
        pub menus: HashMap<String, IvrMenu>,
        pub groups: HashMap<String, RingGroup>,
    }

    impl Vendor {
        /// The step that changes menu `id` (none for a new one), asking it to become `after`.
        fn menu(
            &self,
            kind: Kind,
            id: &str,
            name: Option<&str>,
            after: Option<&IvrMenuInput>,
        ) -> Asked {
            let held = self.menus.get(id);
            let name = name.or(held.map(|m| m.script_name.as_str())).unwrap_or(id);
            Asked::new(Area::Menus, kind, id, name)
                .before(held)
                .after(after)
        }

        fn group(
            &self,
            kind: Kind,
            id: &str,
            name: Option<&str>,
            after: Option<&RingGroupInput>,
        ) -> Asked {
            let held = self.groups.get(id);
            let name = name.or(held.map(|g| g.group_name.as_str())).unwrap_or(id);
            Asked::new(Area::RingGroups, kind, id, name)
                .before(held)
                .after(after)
        }
    }

    impl Upstream for Vendor {
        type Error = AppError;

        fn create_menu(
            &mut self,
            input: &IvrMenuInput,
        ) -> impl Future<Output = Result<IvrMenu, Self::Error>> + Send {
            let asked = self.menu(Kind::Create, "", Some(&input.script_name), Some(input));
            let (c, t, r, input) = (
                self.client.clone(),
                self.token.clone(),
                self.recorder.clone(),
                input.clone(),
            );
            async move { r.call(asked, c.create_menu(&t, &input)).await }
        }

        fn update_menu(
            &mut self,
            id: &str,
            input: &IvrMenuInput,
        ) -> impl Future<Output = Result<IvrMenu, Self::Error>> + Send {
            let asked = self.menu(Kind::Update, id, Some(&input.script_name), Some(input));
            let (c, t, r, input, id) = (
                self.client.clone(),
                self.token.clone(),
                self.recorder.clone(),
                input.clone(),
                id.to_owned(),
            );
            async move { r.call(asked, c.update_menu(&t, &id, &input)).await }
        }

        fn delete_menu(
            &mut self,
            id: &str,
        ) -> impl Future<Output = Result<(), Self::Error>> + Send {
            let asked = self.menu(Kind::Delete, id, None, None);
            let (c, t, r, id) = (
                self.client.clone(),
                self.token.clone(),
                self.recorder.clone(),
                id.to_owned(),
            );
            async move { r.call(asked, c.delete_menu(&t, &id)).await }
        }

        fn update_group(
            &mut self,
            id: &str,
            input: &RingGroupInput,
        ) -> impl Future<Output = Result<RingGroup, Self::Error>> + Send {
            let asked = self.group(Kind::Update, id, Some(&input.group_name), Some(input));
            let (c, t, r, input, id) = (
                self.client.clone(),
                self.token.clone(),
                self.recorder.clone(),
                input.clone(),
                id.to_owned(),
            );
            async move { r.call(asked, c.update_group(&t, &id, &input)).await }
        }

        fn create_group(
            &mut self,
            input: &RingGroupInput,
        ) -> impl Future<Output = Result<RingGroup, Self::Error>> + Send {
            let asked = self.group(Kind::Create, "", Some(&input.group_name), Some(input));
            let (c, t, r, input) = (
                self.client.clone(),
                self.token.clone(),
                self.recorder.clone(),
                input.clone(),
            );
            async move { r.call(asked, c.create_group(&t, &input)).await }
        }

        fn delete_group(
            &mut self,
            id: &str,
        ) -> impl Future<Output = Result<(), Self::Error>> + Send {
            let asked = self.group(Kind::Delete, id, None, None);
            let (c, t, r, id) = (
                self.client.clone(),
                self.token.clone(),
                self.recorder.clone(),
                id.to_owned(),
            );
            async move { r.call(asked, c.delete_group(&t, &id)).await }
        }
    }

    /// The tenant's menus, groups, greetings and the agents behind its extensions, read whole.
    pub async fn whole(
        client: Client,
        token: AccessToken,
    ) -> Result<(Vec<IvrMenu>, Vec<RingGroup>, Vec<Greeting>, Vec<Agent>), omicall::Error> {
        let (menus, groups, greetings, extensions) = futures::try_join!(
            all_menus(&client, &token),
            all_groups(&client, &token),
            all_greetings(&client, &token),
            all_extensions(&client, &token)
        )?;
        let agents = extensions.iter().filter_map(Agent::of).collect();
        Ok((menus, groups, greetings, agents))
    }

    /// The tenant's flow as the vendor holds it now, as a version: with the console's entry
    /// marks and the positions of its boxes.
    pub async fn whole_version(
        client: Client,
        token: AccessToken,
        layouts: &dyn crate::state::LayoutStore,
        tenant: &str,
    ) -> Result<Version, AppError> {
        let (menus, groups, greetings, agents) = whole(client, token).await?;
        let mut flow = crate::ivr::Flow::from_omicall(menus, groups, greetings, &agents);
        let layout = layouts.load(tenant).await?;
        flow.mark_entries(&layout.entries);
        Ok(Version::of(&flow).with_positions(&layout))
    }

    /// After a page of a list is read: when it shows a change from the latest version that no
    /// console change explains, the whole flow is read and recorded, as opening the editor
    /// does. The list is shown whatever comes of it.
    pub async fn notice_from_page(
        state: &crate::state::ConsoleState,
        tenant: &str,
        page: Version,
        listed: crate::ivr::version::Listed,
        (client, token): (Client, AccessToken),
    ) {
        use crate::server_fns::versions::keep;
        let noticed = async {
            if keep::page_unexplained(state, tenant, &page, listed).await? {
                let now = whole_version(client, token, &*state.layouts, tenant).await?;
                keep::on_read(state, tenant, now).await?;
            }
            Ok::<_, AppError>(())
        };
        if let Err(error) = noticed.await {
            tracing::warn!(%error, "a list's page was not checked against the flow's versions");
        }
    }

    /// The tenant's flow as the vendor holds it now, with the layout kept for it.
    pub async fn load() -> Result<FlowData, AppError> {
        Ok(load_with_tenant().await?.0)
    }

    /// [`load`], with the tenant it was read for. The session is read once, first: a page the
    /// browser gave up loses the request's context at any later await.
    async fn load_with_tenant() -> Result<(FlowData, String), AppError> {
        let state = crate::server_fns::support::console()?;
        let session = UserSession::current().await?;
        let tenant = session.tenant_key().await?;
        let tenant_tag = session.browser_tag().await?;
        let (menus, groups, greetings, agents) =
            crate::server_fns::support::upstream(whole).await?;
        let layout = state.layouts.load(&tenant).await?;
        let data = FlowData {
            menus: menus.into_iter().map(Arc::new).collect(),
            groups: groups.into_iter().map(Arc::new).collect(),
            greetings,
            agents,
            layout,
            can_listen: state.recordings != crate::state::Recordings::Unavailable,
            tenant_tag,
            drift: None,
        };
        Ok((data, tenant))
    }

    /// The flow for the editor: noticed as a version when it changed, and said to have drifted
    /// when the change was made outside the console.
    pub async fn load_for_editor() -> Result<FlowData, AppError> {
        let state = crate::server_fns::support::console()?;
        let (mut data, tenant) = load_with_tenant().await?;
        // The flow is shown even when its versions cannot be kept: the admin is not kept from
        // their phone line by the console's own data.
        let now = Version::of(&data.flow()).with_positions(&data.layout);
        match crate::server_fns::versions::keep::on_read(&state, &tenant, now).await {
            Ok(drift) => data.drift = drift,
            Err(error) => tracing::warn!(%error, "the flow's version was not checked"),
        }
        keep_named_agents(&mut data);
        Ok(data)
    }

    /// Leaves only the agents the groups name: they name the members in the boxes, and the
    /// member picker asks the vendor for the rest (`pick_agents`). A large tenant's agents were a
    /// quarter of the editor's page.
    fn keep_named_agents(data: &mut FlowData) {
        let FlowData { groups, agents, .. } = data;
        let named: std::collections::HashSet<&str> = groups
            .iter()
            .flat_map(|g| &g.members)
            .flat_map(|m| [m.agent_id.as_deref(), m.sip_user.as_deref()])
            .flatten()
            .collect();
        agents
            .retain(|a| named.contains(a.agent_id.as_str()) || named.contains(a.sip_user.as_str()));
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_editor_gets_only_the_agents_its_groups_name() {
            let agent = |id: &str, sip: &str| serde_json::json!({"agent_id": id, "sip_user": sip, "name": null});
            let mut data: FlowData = serde_json::from_value(serde_json::json!({
                "menus": [],
                "groups": [{
                    "_id": "g1", "group_name": "Trực", "group_number": "1",
                    "members": [{"agent_id": "a1"}, {"agent_id": null, "sip_user": "102"}],
                }],
                "greetings": [],
                "agents": [agent("a1", "101"), agent("a2", "102"), agent("a3", "103")],
                "layout": {"positions": {}, "entries": []},
                "can_listen": false,
                "tenant_tag": "t",
            }))
            .expect("flow data");
            keep_named_agents(&mut data);
            let kept: Vec<&str> = data.agents.iter().map(|a| a.agent_id.as_str()).collect();
            // One named by its agent, one by its extension; the third is in no group.
            assert_eq!(kept, ["a1", "a2"]);
        }
    }
}

/// The tenant's whole flow for the editor.
#[server(endpoint = "load_flow", output = crate::server_fns::answer::JsonAnswer)]
pub async fn load_flow() -> Result<FlowData, AppError> {
    upstream::load_for_editor().await
}

/// Saves a draft: replays its edits over the vendor's current state, refuses it if someone else
/// changed what it touches or if it does not hold together, validates and plans again, then runs
/// the plan, stopping at the first failure. The answer is a stream of [`SaveEvent`] lines; the
/// plan runs to its end (or first failure) even if the browser goes away meanwhile.
// JSON, not the default form encoding: a draft nests vendor records several levels deep.
#[server(
    endpoint = "save_flow",
    input = leptos::server_fn::codec::Json,
    output = leptos::server_fn::codec::StreamingText
)]
pub async fn save_flow(
    draft: Draft,
) -> Result<leptos::server_fn::codec::TextStream<AppError>, AppError> {
    use leptos::server_fn::codec::TextStream;
    let saving = match saving::prepare(draft).await? {
        Ok(saving) => saving,
        Err(outcome) => {
            let line = SaveEvent::Finished(outcome).line();
            return Ok(TextStream::new(futures::stream::once(
                async move { Ok(line) },
            )));
        }
    };
    let (send, receive) = futures::channel::mpsc::unbounded::<Result<String, AppError>>();
    leptos::task::spawn(saving.run(move |event| {
        // The browser may have gone: the save goes on regardless.
        let _ = send.unbounded_send(Ok(event.line()));
    }));
    Ok(TextStream::new(receive))
}

#[cfg(feature = "ssr")]
mod saving {
    use super::*;
    use crate::ivr::execute::execute;
    use crate::ivr::rebase::{rebase, RebaseError};
    use crate::ivr::{has_errors, plan, validate, Flow, IdMap, SavePlan, StepError};
    use crate::server_fns::versions::Origin;
    use crate::session::UserSession;
    use crate::state::{LayoutStore, VersionStore};
    use std::sync::Arc;

    /// A planned save, with all it needs to run after the request's context is gone.
    pub struct Saving {
        plan: SavePlan,
        vendor: upstream::Vendor,
        session: UserSession,
        layouts: Arc<dyn LayoutStore>,
        tenant: String,
        merged: Flow,
        created: IdMap,
        versions: Arc<dyn VersionStore>,
        origin: Origin,
    }

    /// Everything before the first call: the draft rebased, validated and planned. `Err` is
    /// an outcome that sends nothing.
    pub async fn prepare(draft: Draft) -> Result<Result<Saving, SaveOutcome>, AppError> {
        let data = upstream::load().await?;
        let current = data.flow();
        let merged = match rebase(&current, &draft, &data.agents) {
            Ok(merged) => merged,
            Err(RebaseError::Changed(changed)) => return Ok(Err(SaveOutcome::Changed(changed))),
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
            return Ok(Err(SaveOutcome::Blocked(
                findings.into_iter().filter(|f| f.is_error()).collect(),
            )));
        }
        let plan = match plan(&current, &merged) {
            Ok(plan) => plan,
            Err(error) => return Ok(Err(SaveOutcome::Unplannable(error))),
        };
        let state = crate::server_fns::support::console()?;
        let recorder = crate::server_fns::record::Recorder::current().await?;
        let session = UserSession::current().await?;
        let saving = Saving {
            vendor: upstream::Vendor {
                client: state.client.clone(),
                token: session.token().await?,
                recorder,
                menus: data
                    .menus
                    .iter()
                    .map(|m| (m.id.clone(), omicall::models::IvrMenu::clone(m)))
                    .collect(),
                groups: data
                    .groups
                    .iter()
                    .map(|g| (g.id.clone(), omicall::models::RingGroup::clone(g)))
                    .collect(),
            },
            tenant: session.tenant_key().await?,
            session,
            layouts: state.layouts.clone(),
            versions: state.versions.clone(),
            origin: draft
                .restores
                .map_or(Origin::Console, |from| Origin::Restored { from }),
            merged,
            created: draft.created,
            plan,
        };
        if saving.plan.is_empty() {
            saving.keep_entries(&saving.created).await?;
            return Ok(Err(SaveOutcome::Unchanged));
        }
        Ok(Ok(saving))
    }

    impl Saving {
        /// Entries are console data, kept whatever the vendor calls do; created drafts under
        /// their new ids.
        async fn keep_entries(&self, created: &IdMap) -> Result<(), AppError> {
            let entries = Layout::of(&Default::default(), &self.merged, created).entries;
            self.layouts.save_entries(&self.tenant, entries).await
        }

        /// Records the flow as the vendor holds it after the save (part of it, when it
        /// stopped part way) as a version.
        async fn keep_version(&self) -> Result<(), AppError> {
            let (client, token) = (self.vendor.client.clone(), self.vendor.token.clone());
            let layouts = &*self.layouts;
            let version = upstream::whole_version(client, token, layouts, &self.tenant).await?;
            crate::server_fns::versions::keep::on_save(
                &self.versions,
                &self.tenant,
                &version,
                self.origin.clone(),
                self.vendor.recorder.person(),
            )
            .await
        }

        /// Runs the plan, telling `tell` of each step and of the end.
        pub async fn run(mut self, tell: impl Fn(SaveEvent) + Send + Sync) {
            tell(SaveEvent::Planned(self.plan.clone()));
            let earlier = self.created.clone();
            let report = execute(&self.plan, &mut self.vendor, |done, new| {
                let mut created = earlier.clone();
                created.extend(new.clone());
                tell(SaveEvent::Applied { done, created })
            })
            .await;
            let mut created = self.created.clone();
            created.extend(report.id_map.clone());
            if let Err(error) = self.keep_entries(&created).await {
                tracing::warn!(%error, "the entry marks were not kept after a save");
            }
            if let Err(error) = self.keep_version().await {
                tracing::warn!(%error, "the flow's version was not kept after a save");
            }
            let plan = self.plan.clone();
            let outcome = match report.failed {
                None => SaveOutcome::Saved { plan, created },
                Some((_, error)) => {
                    tracing::warn!(%error, "a save stopped part way");
                    let error = match error {
                        StepError::Upstream(AppError::SessionExpired) => {
                            self.session.expire().await
                        }
                        StepError::Upstream(e) => e,
                        _ => AppError::Internal,
                    };
                    SaveOutcome::Partial {
                        applied: report.applied.len(),
                        plan,
                        error,
                        created,
                    }
                }
            };
            tell(SaveEvent::Finished(outcome));
        }
    }
}

/// Keeps where the editor drew each node (saved menus and groups only).
#[server(
    endpoint = "save_layout",
    input = leptos::server_fn::codec::Json,
    output = crate::server_fns::answer::JsonAnswer
)]
pub async fn save_layout(layout: Layout) -> Result<(), AppError> {
    use crate::session::UserSession;
    let state = crate::server_fns::support::console()?;
    let tenant = UserSession::current().await?.tenant_key().await?;
    // Entries change only with a save of the flow.
    state
        .layouts
        .save_positions(&tenant, layout.positions)
        .await
}
