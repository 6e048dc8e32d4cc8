//! An upstream held in memory: what tests run save plans against, and what a preview can use.
//!
//! It is strict where the vendor is (required fields, unique menu names) and stricter where a
//! save plan must not rely on the vendor's leniency: every id a menu or group leads to must
//! exist, and a menu something still leads to cannot be deleted. An absent on-timeout target in
//! a group update clears it.

use super::execute::{Answer, Call, Upstream};
use super::model::{blank_menu, Agent, Flow};
use omicall::models::{Extension, Greeting, GroupMember, IvrMenu, KeyEntry, RingGroup};
use omicall::requests::{IvrMenuInput, RingGroupInput};
use omicall::text::unsigned;
use omicall::{ActionType, RequestError, Validate};
use std::collections::BTreeMap;
use std::fmt;

/// Why the in-memory upstream refused a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemoryError {
    Invalid(RequestError),
    /// Another menu already has this name (ignoring case and diacritics).
    NameTaken(String),
    NotFound(String),
    /// The input leads to a menu, group or recording that does not exist.
    Dangling(String),
    /// Something still leads to the menu.
    StillReferenced(String),
    /// Failed on purpose ([`MemoryUpstream::fail_after`]).
    Injected,
}

impl fmt::Display for MemoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MemoryError::Invalid(e) => write!(f, "invalid request: {e}"),
            MemoryError::NameTaken(name) => write!(f, "a menu is already named {name:?}"),
            MemoryError::NotFound(id) => write!(f, "{id} not found"),
            MemoryError::Dangling(id) => write!(f, "{id} leads nowhere"),
            MemoryError::StillReferenced(id) => write!(f, "{id} is still in use"),
            MemoryError::Injected => f.write_str("injected failure"),
        }
    }
}

impl std::error::Error for MemoryError {}

/// A tenant's menus, groups, greetings and extensions.
#[derive(Debug, Clone, Default)]
pub struct MemoryUpstream {
    menus: BTreeMap<String, IvrMenu>,
    groups: BTreeMap<String, RingGroup>,
    greetings: Vec<Greeting>,
    extensions: Vec<Extension>,
    next_id: u64,
    calls: usize,
    fail_at: Option<usize>,
}

impl MemoryUpstream {
    pub fn new(
        menus: Vec<IvrMenu>,
        groups: Vec<RingGroup>,
        greetings: Vec<Greeting>,
        extensions: Vec<Extension>,
    ) -> Self {
        MemoryUpstream {
            menus: menus.into_iter().map(|m| (m.id.clone(), m)).collect(),
            groups: groups.into_iter().map(|g| (g.id.clone(), g)).collect(),
            greetings,
            extensions,
            ..Self::default()
        }
    }

    /// Makes the call `calls` calls from now fail (0: the next one).
    pub fn fail_after(&mut self, calls: usize) {
        self.fail_at = Some(self.calls + calls);
    }

    /// The flow as the upstream now holds it, as a fresh load would read it.
    pub fn flow(&self) -> Flow {
        Flow::from_omicall(
            self.menus.values().cloned().collect(),
            self.groups.values().cloned().collect(),
            self.greetings.clone(),
            &self
                .extensions
                .iter()
                .filter_map(Agent::of)
                .collect::<Vec<_>>(),
        )
    }

    pub fn menus(&self) -> impl Iterator<Item = &IvrMenu> {
        self.menus.values()
    }

    pub fn groups(&self) -> impl Iterator<Item = &RingGroup> {
        self.groups.values()
    }

    /// Answers one call.
    pub fn call(&mut self, call: Call) -> Result<Answer, MemoryError> {
        match call {
            Call::CreateMenu { input } => self.create_menu_now(&input).map(Answer::Menu),
            Call::UpdateMenu { id, input } => self.update_menu_now(&id, &input).map(Answer::Menu),
            Call::DeleteMenu { id } => self.delete_menu_now(&id).map(|()| Answer::Deleted),
            Call::UpdateGroup { id, input } => {
                self.update_group_now(&id, &input).map(Answer::Group)
            }
        }
    }

    fn tick(&mut self) -> Result<(), MemoryError> {
        let n = self.calls;
        self.calls += 1;
        if self.fail_at == Some(n) {
            Err(MemoryError::Injected)
        } else {
            Ok(())
        }
    }

    fn check_menu(&self, id: Option<&str>, input: &IvrMenuInput) -> Result<(), MemoryError> {
        input.validate().map_err(MemoryError::Invalid)?;
        let clash = self.menus.values().any(|m| {
            Some(m.id.as_str()) != id
                && omicall::rules::same_name(&m.script_name, &input.script_name)
        });
        if clash {
            return Err(MemoryError::NameTaken(input.script_name.clone()));
        }
        let targets = input
            .scripts
            .iter()
            .map(|s| (s.action_type.as_ref(), s.action.as_deref()))
            .chain([(input.action_type.as_ref(), input.action.as_deref())]);
        for (kind, id) in targets {
            self.check_target(kind, id)?;
        }
        for sound in [
            Some(&input.greeting_id),
            input.greeting_short_id.as_ref(),
            input.invalid_sound_id.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            self.check_target(Some(&ActionType::Recording), Some(sound))?;
        }
        Ok(())
    }

    fn check_target(&self, kind: Option<&ActionType>, id: Option<&str>) -> Result<(), MemoryError> {
        let (Some(kind), Some(id)) = (kind, id) else {
            return Ok(());
        };
        let exists = match kind {
            ActionType::RingGroup => self.groups.contains_key(id),
            ActionType::IvrMenu => self.menus.contains_key(id),
            ActionType::Recording => self.greetings.iter().any(|g| g.id == id),
            ActionType::VoiceMail | ActionType::Other(_) => true,
        };
        if exists {
            Ok(())
        } else {
            Err(MemoryError::Dangling(id.to_owned()))
        }
    }

    fn write_menu(menu: &mut IvrMenu, input: &IvrMenuInput) {
        menu.script_name = input.script_name.clone();
        menu.script_name_unsigned = Some(unsigned(&input.script_name));
        menu.greeting_id = Some(input.greeting_id.clone());
        menu.greeting_short_id = input.greeting_short_id.clone();
        menu.invalid_sound_id = input.invalid_sound_id.clone();
        menu.max_failure = Some(input.max_failure.into());
        menu.time_out = Some(input.time_out.into());
        menu.scripts = input
            .scripts
            .iter()
            .map(|s| KeyEntry {
                key: None,
                action_type: s.action_type.clone(),
                action: s.action.clone(),
                action_name: None,
                ivr: s.ivr.clone(),
            })
            .collect();
        menu.action_type = input.action_type.clone();
        menu.action = input.action.clone();
    }

    fn create_menu_now(&mut self, input: &IvrMenuInput) -> Result<IvrMenu, MemoryError> {
        self.tick()?;
        self.check_menu(None, input)?;
        self.next_id += 1;
        // Vendor ids are 24 hex digits; these never collide with seeded ones in practice.
        let id = format!("{:024x}", 0xfeed_0000_0000_0000u64 + self.next_id);
        let mut menu = blank_menu(id.clone());
        Self::write_menu(&mut menu, input);
        self.menus.insert(id, menu.clone());
        Ok(menu)
    }

    fn update_menu_now(&mut self, id: &str, input: &IvrMenuInput) -> Result<IvrMenu, MemoryError> {
        self.tick()?;
        if !self.menus.contains_key(id) {
            return Err(MemoryError::NotFound(id.to_owned()));
        }
        self.check_menu(Some(id), input)?;
        let menu = self
            .menus
            .get_mut(id)
            .ok_or_else(|| MemoryError::NotFound(id.to_owned()))?;
        Self::write_menu(menu, input);
        Ok(menu.clone())
    }

    fn delete_menu_now(&mut self, id: &str) -> Result<(), MemoryError> {
        self.tick()?;
        if !self.menus.contains_key(id) {
            return Err(MemoryError::NotFound(id.to_owned()));
        }
        let leads_here = |kind: &Option<ActionType>, action: &Option<String>| {
            *kind == Some(ActionType::IvrMenu) && action.as_deref() == Some(id)
        };
        let from_menus = self.menus.values().filter(|m| m.id != id).any(|m| {
            leads_here(&m.action_type, &m.action)
                || m.scripts
                    .iter()
                    .any(|s| leads_here(&s.action_type, &s.action))
        });
        let from_groups = self
            .groups
            .values()
            .any(|g| leads_here(&g.target_timeout_type, &g.target_timeout));
        if from_menus || from_groups {
            return Err(MemoryError::StillReferenced(id.to_owned()));
        }
        self.menus.remove(id);
        Ok(())
    }

    fn update_group_now(
        &mut self,
        id: &str,
        input: &RingGroupInput,
    ) -> Result<RingGroup, MemoryError> {
        self.tick()?;
        input.validate().map_err(MemoryError::Invalid)?;
        self.check_target(
            input.target_timeout_type.as_ref(),
            input.target_timeout.as_deref(),
        )?;
        let sip_of_agent = |agent: &str| {
            self.extensions
                .iter()
                .find(|e| e.agent_id.as_deref() == Some(agent))
                .map(|e| e.sip_user.clone())
        };
        let group = self
            .groups
            .get(id)
            .ok_or_else(|| MemoryError::NotFound(id.to_owned()))?;
        let members = input
            .sip_members
            .iter()
            .enumerate()
            .map(|(i, sip)| {
                let kept = group.members.iter().find(|m| {
                    m.sip_user.as_deref() == Some(sip)
                        || m.agent_id.as_deref().and_then(sip_of_agent).as_deref() == Some(sip)
                });
                let agent_id = kept.and_then(|m| m.agent_id.clone()).or_else(|| {
                    self.extensions
                        .iter()
                        .find(|e| &e.sip_user == sip)
                        .and_then(|e| e.agent_id.clone())
                });
                GroupMember {
                    agent_id,
                    contact_id: kept.and_then(|m| m.contact_id.clone()),
                    order: i64::try_from(i).ok(),
                    view: kept.and_then(|m| m.view.clone()),
                    timeout: Some(input.timeout.into()),
                    sip_user: Some(sip.clone()),
                    hold_music_id: kept.and_then(|m| m.hold_music_id.clone()),
                }
            })
            .collect();
        let mut group = group.clone();
        group.group_name = input.group_name.clone();
        group.group_name_unsigned = Some(unsigned(&input.group_name));
        group.strategy = Some(input.strategy.clone());
        group.members = members;
        group.sip_members = Some(input.sip_members.clone());
        group.timeout = Some(input.timeout.into());
        group.target_timeout_type = input.target_timeout_type.clone();
        group.target_timeout = input.target_timeout.clone();
        group.target_timeout_name = None;
        self.groups.insert(id.to_owned(), group.clone());
        Ok(group)
    }
}

impl Upstream for MemoryUpstream {
    type Error = MemoryError;

    async fn create_menu(&mut self, input: &IvrMenuInput) -> Result<IvrMenu, MemoryError> {
        self.create_menu_now(input)
    }

    async fn update_menu(
        &mut self,
        id: &str,
        input: &IvrMenuInput,
    ) -> Result<IvrMenu, MemoryError> {
        self.update_menu_now(id, input)
    }

    async fn delete_menu(&mut self, id: &str) -> Result<(), MemoryError> {
        self.delete_menu_now(id)
    }

    async fn update_group(
        &mut self,
        id: &str,
        input: &RingGroupInput,
    ) -> Result<RingGroup, MemoryError> {
        self.update_group_now(id, input)
    }
}
