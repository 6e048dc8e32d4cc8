//! One tenant's call-center configuration and the rules that keep it consistent. Everything here
//! is synchronous and checks a whole request before changing anything, so a refused request
//! leaves the tenant as it was.

mod extensions;
mod greetings;
mod groups;
mod menus;
mod references;

pub(crate) use greetings::{TtsInput, UploadInput};
pub(crate) use groups::{new_group, GroupInput};
pub(crate) use menus::{KeyInput, MenuInput};
pub(crate) use references::Target;

use crate::ids;
use crate::tenant_data::TenantData;
use axum::body::Bytes;
use omicall::models::{Actor, Extension, Greeting, IvrMenu, RingGroup};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// An extension with what the vendor keeps about it but does not list.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ExtensionRecord {
    /// As listed; `enabled` is always `None` here (the reference's list has no status).
    pub extension: Extension,
    pub contact_id: String,
    /// The third-party user name `extensions/detail?type=usr_uuid` looks up.
    pub uuid: String,
    pub enabled: bool,
    /// Hotlines dedicated to this extension for calling out.
    #[serde(default)]
    pub outbound: Vec<String>,
    /// Hotlines whose incoming calls ring this extension.
    #[serde(default)]
    pub inbound: Vec<String>,
}

/// A ring group with its per-member timeout, which the list answer carries only inside members.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct GroupRecord {
    /// As listed: `sip_members` and `timeout` are `None` here.
    pub group: RingGroup,
    pub member_timeout: i64,
}

/// One tenant: what one API key sees.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Tenant {
    pub tenant_id: String,
    /// Who the tenant's changes are recorded as made by.
    pub admin: Actor,
    /// In creation order; lists answer newest first, as the reference's examples do.
    pub extensions: Vec<ExtensionRecord>,
    pub hotlines: Vec<String>,
    pub groups: Vec<GroupRecord>,
    pub menus: Vec<IvrMenu>,
    pub greetings: Vec<Greeting>,
    /// Bytes of uploaded recordings by `recording_file`; text-to-speech and seeded recordings
    /// are synthesised when asked for.
    #[serde(skip)]
    pub uploads: HashMap<String, Bytes>,
    #[serde(skip)]
    index: Index,
}

/// Lookups over extensions, which no endpoint adds or removes.
#[derive(Debug, Default)]
struct Index {
    by_sip_user: HashMap<String, usize>,
    by_agent: HashMap<String, usize>,
    /// Lower-cased.
    by_email: HashMap<String, usize>,
    by_uuid: HashMap<String, usize>,
    /// The search key of sip_user, email and full name, per extension.
    search: Vec<[String; 3]>,
}

impl Tenant {
    /// A tenant holding `data`. Extensions' `enabled` moves into the record; group timeouts move
    /// out of the listed group.
    pub(crate) fn from_data(data: TenantData, tenant_id: Option<String>) -> Self {
        let mut rng = fastrand::Rng::new();
        let tenant_id = tenant_id
            .or_else(|| data.groups.iter().find_map(|g| g.tenant_id.clone()))
            .or_else(|| data.menus.iter().find_map(|m| m.tenant_id.clone()))
            .unwrap_or_else(|| ids::object_id(&mut rng));
        let admin = data
            .groups
            .iter()
            .find_map(|g| g.create_by.clone())
            .unwrap_or_else(|| Actor {
                id: Some(ids::object_id(&mut rng)),
                name: Some("Quản trị viên".to_owned()),
            });
        let extensions = data
            .extensions
            .into_iter()
            .map(|mut extension| {
                let enabled = extension.enabled.take().unwrap_or(true);
                let agent_id = extension
                    .agent_id
                    .get_or_insert_with(|| ids::object_id(&mut rng))
                    .clone();
                let uuid = extension
                    .email
                    .as_deref()
                    .and_then(|e| e.split('@').next())
                    .filter(|local| !local.is_empty())
                    .unwrap_or(&extension.sip_user)
                    .to_owned();
                ExtensionRecord {
                    contact_id: ids::contact_id_of(&agent_id),
                    extension,
                    uuid,
                    enabled,
                    outbound: Vec::new(),
                    inbound: Vec::new(),
                }
            })
            .collect();
        let groups = data
            .groups
            .into_iter()
            .map(|mut group| {
                let member_timeout = group.member_timeout().unwrap_or(30);
                group.sip_members = None;
                group.timeout = None;
                GroupRecord {
                    group,
                    member_timeout,
                }
            })
            .collect();
        let mut tenant = Self {
            tenant_id: tenant_id.clone(),
            admin,
            extensions,
            hotlines: data.hotlines,
            groups,
            menus: data.menus,
            greetings: data.greetings,
            uploads: HashMap::new(),
            index: Index::default(),
        };
        tenant.set_tenant_id(&tenant_id);
        tenant.reindex();
        tenant
    }

    fn set_tenant_id(&mut self, id: &str) {
        for g in &mut self.groups {
            g.group.tenant_id = Some(id.to_owned());
        }
        for m in &mut self.menus {
            m.tenant_id = Some(id.to_owned());
        }
        for g in &mut self.greetings {
            g.tenant_id = Some(id.to_owned());
        }
    }

    /// Rebuilds the lookups; needed after reading a tenant from the state file.
    pub(crate) fn reindex(&mut self) {
        let mut index = Index::default();
        for (i, rec) in self.extensions.iter().enumerate() {
            let ext = &rec.extension;
            index.by_sip_user.insert(ext.sip_user.clone(), i);
            if let Some(agent) = &ext.agent_id {
                index.by_agent.insert(agent.clone(), i);
            }
            if let Some(email) = &ext.email {
                index.by_email.insert(email.to_lowercase(), i);
            }
            index.by_uuid.insert(rec.uuid.clone(), i);
            index.search.push([
                omicall::text::search_key(&ext.sip_user),
                omicall::text::search_key(ext.email.as_deref().unwrap_or("")),
                omicall::text::search_key(ext.full_name.as_deref().unwrap_or("")),
            ]);
        }
        self.index = index;
    }

    pub(crate) fn extension_index(&self, sip_user: &str) -> Option<usize> {
        self.index.by_sip_user.get(sip_user).copied()
    }

    pub(crate) fn extension_by_agent(&self, agent_id: &str) -> Option<&ExtensionRecord> {
        self.index
            .by_agent
            .get(agent_id)
            .and_then(|&i| self.extensions.get(i))
    }

    fn group_position(&self, id: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.group.id == id)
    }

    fn menu_position(&self, id: &str) -> Option<usize> {
        self.menus.iter().position(|m| m.id == id)
    }

    fn greeting_position(&self, id: &str) -> Option<usize> {
        self.greetings.iter().position(|g| g.id == id)
    }

    /// A number of `digits` digits that no group (5 digits) or menu (6 digits) has yet.
    fn free_number(
        &self,
        digits: u32,
        taken: &[Option<&str>],
        rng: &mut fastrand::Rng,
    ) -> Option<String> {
        let low = 10u32.pow(digits - 1);
        let high = 10u32.pow(digits) - 1;
        let taken: std::collections::HashSet<&str> = taken.iter().flatten().copied().collect();
        (0..1000)
            .map(|_| rng.u32(low..=high))
            .chain(low..=high)
            .map(|n| n.to_string())
            .find(|n| !taken.contains(n.as_str()))
    }
}
