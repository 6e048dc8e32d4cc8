//! Ring groups and their members.

use super::{GroupRecord, Target, Tenant};
use crate::ids;
use crate::input::PageRequest;
use crate::reply::Refusal;
use omicall::models::{GroupMember, RingGroup};
use omicall::{ActionType, Page, Strategy};

/// The body of `internal_group/add` and `/update/:id`, read and type-checked.
#[derive(Debug, Clone)]
pub(crate) struct GroupInput {
    pub group_name: String,
    pub strategy: Strategy,
    /// Extensions in ringing order.
    pub sip_members: Vec<String>,
    /// Seconds each member rings.
    pub timeout: i64,
    pub target: Option<Target>,
    /// An update that names neither target field keeps the group's target.
    pub keep_target: bool,
}

/// A group as the vendor creates one: its defaults for everything the API does not set. The
/// seed data and `internal_group/add` both start from it.
pub(crate) fn new_group(
    id: String,
    tenant_id: &str,
    name: &str,
    strategy: Strategy,
    admin: &omicall::models::Actor,
) -> RingGroup {
    RingGroup {
        id,
        tenant_id: Some(tenant_id.to_owned()),
        group_name: name.to_owned(),
        group_name_unsigned: Some(omicall::text::unsigned(name)),
        group_number: None,
        created_date: None,
        last_updated_date: None,
        create_by: Some(admin.clone()),
        last_update_by: None,
        is_deleted: Some(false),
        note: None,
        members: Vec::new(),
        is_forward_to_user_owner: None,
        is_forward_to_outer_group: Some(false),
        outer_group_id: None,
        strategy: Some(strategy),
        ring_back_id: None,
        ring_back_name: None,
        is_answer: Some(false),
        target_timeout_type: None,
        target_timeout: None,
        target_timeout_name: None,
        ring_group_type: Some(0),
        ring_group_wait_time: Some(0),
        ring_group_wait_time_sequence: Some(0),
        ring_group_type_result: None,
        enable_criteria: Some(false),
        criterias: Some(Vec::new()),
        sip_members: None,
        timeout: None,
    }
}

impl Tenant {
    /// `internal_group/list`: newest first, searched over name and number.
    pub(crate) fn list_groups(&self, req: &PageRequest) -> Page<RingGroup> {
        let matching = self.groups.iter().rev().map(|r| &r.group).filter(|g| {
            req.matches([
                g.group_name.as_str(),
                g.group_number.as_deref().unwrap_or(""),
            ])
        });
        req.paginate(matching)
    }

    fn group_record(&self, field: &str, id: &str) -> Result<usize, Refusal> {
        self.group_position(id)
            .ok_or_else(|| Refusal::not_found(field, "internal group", id))
    }

    /// Extension positions of `sip_users`, refusing unknown ones (and repeats, if asked to).
    fn extension_positions(
        &self,
        field: &str,
        sip_users: &[String],
        refuse_repeats: bool,
    ) -> Result<Vec<usize>, Refusal> {
        let mut positions: Vec<usize> = Vec::with_capacity(sip_users.len());
        for sip_user in sip_users {
            let i = self
                .extension_index(sip_user)
                .ok_or_else(|| Refusal::not_found(field, "extension", sip_user))?;
            if positions.contains(&i) {
                if refuse_repeats {
                    return Err(Refusal::Repeated {
                        field: field.to_owned(),
                        value: sip_user.clone(),
                    });
                }
                continue;
            }
            positions.push(i);
        }
        Ok(positions)
    }

    /// Members as the vendor writes them: identified by agent, `sip_user` left null.
    fn members(&self, positions: &[usize], timeout: i64) -> Vec<GroupMember> {
        positions
            .iter()
            .filter_map(|&i| self.extensions.get(i))
            .zip(0..)
            .map(|(rec, order)| GroupMember {
                agent_id: rec.extension.agent_id.clone(),
                contact_id: Some(rec.contact_id.clone()),
                order: Some(order),
                view: None,
                timeout: Some(timeout),
                sip_user: None,
                hold_music_id: None,
            })
            .collect()
    }

    fn member_positions(&self, group: &RingGroup) -> Vec<usize> {
        group
            .members
            .iter()
            .filter_map(|m| m.agent_id.as_deref())
            .filter_map(|agent| self.index.by_agent.get(agent).copied())
            .collect()
    }

    /// The group as the add and update answers carry it: with `sip_members` and `timeout`.
    fn group_answer(&self, position: usize) -> Option<RingGroup> {
        let rec = self.groups.get(position)?;
        let mut group = rec.group.clone();
        group.sip_members = Some(
            self.member_positions(&rec.group)
                .into_iter()
                .filter_map(|i| self.extensions.get(i))
                .map(|r| r.extension.sip_user.clone())
                .collect(),
        );
        group.timeout = Some(rec.member_timeout);
        Some(group)
    }

    fn answer_at(&self, position: usize) -> Result<RingGroup, Refusal> {
        self.group_answer(position)
            .ok_or_else(|| Refusal::Rule("the group vanished while being changed".to_owned()))
    }

    fn check_group(&self, input: &GroupInput, own: Option<&str>) -> Result<Vec<usize>, Refusal> {
        let taken = self.groups.iter().any(|r| {
            Some(r.group.id.as_str()) != own
                && omicall::rules::same_name(&r.group.group_name, &input.group_name)
        });
        if taken {
            return Err(Refusal::Duplicate {
                field: "group_name".to_owned(),
                value: input.group_name.clone(),
            });
        }
        let positions = self.extension_positions("sip_members", &input.sip_members, true)?;
        if let Some(target) = &input.target {
            self.check_target("target_timeout", target, None, own)?;
        }
        Ok(positions)
    }

    /// `internal_group/add`.
    pub(crate) fn add_group(
        &mut self,
        input: GroupInput,
        rng: &mut fastrand::Rng,
    ) -> Result<RingGroup, Refusal> {
        let positions = self.check_group(&input, None)?;
        let taken: Vec<Option<&str>> = self
            .groups
            .iter()
            .map(|g| g.group.group_number.as_deref())
            .collect();
        let number = self
            .free_number(5, &taken, rng)
            .ok_or_else(|| Refusal::Rule("no free 5-digit group number is left".to_owned()))?;
        let now = ids::now_ms();
        let (target_timeout_type, target_timeout) = Target::into_parts(input.target);
        let group = RingGroup {
            group_number: Some(number),
            created_date: Some(now),
            last_updated_date: Some(now),
            members: self.members(&positions, input.timeout),
            target_timeout_type,
            target_timeout,
            ..new_group(
                ids::object_id(rng),
                &self.tenant_id,
                &input.group_name,
                input.strategy,
                &self.admin,
            )
        };
        self.groups.push(GroupRecord {
            group,
            member_timeout: input.timeout,
        });
        self.answer_at(self.groups.len() - 1)
    }

    /// `internal_group/update/:id`: replaces name, strategy, members, timeout and the timeout
    /// target (blank fields clear it; fields left out keep it).
    pub(crate) fn update_group(
        &mut self,
        id: &str,
        input: GroupInput,
    ) -> Result<RingGroup, Refusal> {
        let position = self.group_record("id", id)?;
        let positions = self.check_group(&input, Some(id))?;
        let members = self.members(&positions, input.timeout);
        let admin = self.admin.clone();
        let rec = self
            .groups
            .get_mut(position)
            .ok_or_else(|| Refusal::not_found("id", "internal group", id))?;
        let group = &mut rec.group;
        if !input.keep_target {
            let (target_timeout_type, target_timeout) = Target::into_parts(input.target);
            group.target_timeout_type = target_timeout_type;
            group.target_timeout = target_timeout;
        }
        group.group_name_unsigned = Some(omicall::text::unsigned(&input.group_name));
        group.group_name = input.group_name;
        group.strategy = Some(input.strategy);
        group.members = members;
        group.last_updated_date = Some(ids::now_ms());
        group.last_update_by = Some(admin);
        rec.member_timeout = input.timeout;
        self.answer_at(position)
    }

    /// `internal_group/add-members`: appends the extensions not yet members, in the order given.
    pub(crate) fn add_members(
        &mut self,
        group_id: &str,
        sip_users: &[String],
    ) -> Result<RingGroup, Refusal> {
        let position = self.group_record("group_id", group_id)?;
        let adding = self.extension_positions("sip_users", sip_users, false)?;
        self.change_members(position, |current| {
            for i in adding {
                if !current.contains(&i) {
                    current.push(i);
                }
            }
        })
    }

    /// `internal_group/remove-members`: extensions that are not members are ignored; unknown
    /// extensions are refused.
    pub(crate) fn remove_members(
        &mut self,
        group_id: &str,
        sip_users: &[String],
    ) -> Result<RingGroup, Refusal> {
        let position = self.group_record("group_id", group_id)?;
        let removing = self.extension_positions("sip_users", sip_users, false)?;
        self.change_members(position, |current| {
            current.retain(|i| !removing.contains(i));
        })
    }

    fn change_members(
        &mut self,
        position: usize,
        change: impl FnOnce(&mut Vec<usize>),
    ) -> Result<RingGroup, Refusal> {
        let rec = self
            .groups
            .get(position)
            .ok_or_else(|| Refusal::Rule("the group vanished while being changed".to_owned()))?;
        let mut current = self.member_positions(&rec.group);
        change(&mut current);
        let members = self.members(&current, rec.member_timeout);
        let admin = self.admin.clone();
        if let Some(rec) = self.groups.get_mut(position) {
            rec.group.members = members;
            rec.group.last_updated_date = Some(ids::now_ms());
            rec.group.last_update_by = Some(admin);
        }
        self.answer_at(position)
    }

    /// `internal_group/delete/:id`: refused while a menu or another group leads to the group.
    pub(crate) fn delete_group(&mut self, id: &str) -> Result<(), Refusal> {
        let position = self.group_record("id", id)?;
        let users = self.users_of(&ActionType::RingGroup, id);
        if !users.is_empty() {
            return Err(Refusal::InUse {
                what: "internal group",
                name: self
                    .groups
                    .get(position)
                    .map(|g| g.group.group_name.clone())
                    .unwrap_or_default(),
                used_by: users.join(", "),
            });
        }
        self.groups.remove(position);
        Ok(())
    }
}
