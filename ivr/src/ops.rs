//! Edits as operations, each undoable, and a bounded undo/redo history.

use super::keys;
use super::model::{
    self, Agent, Field, Flow, Group, Member, Menu, NodeId, Reference, Subject, Target,
};
use omicall::Strategy;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::fmt;

/// Steps the history keeps by default; the oldest are forgotten beyond it.
pub const HISTORY_LIMIT: usize = 100;

/// One edit of the flow, as the editor makes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// A new top-level draft menu (for a hotline to lead to).
    AddMenu {
        name: String,
    },
    /// Points a key at a target, replacing what it led to.
    SetKey {
        menu: NodeId,
        key: char,
        target: Target,
    },
    /// Leaves a key unconfigured.
    ClearKey {
        menu: NodeId,
        key: char,
    },
    /// Removes a menu's key entry as stored: the `index`-th, which must be for `key`. Vendor
    /// data can hold a key twice or keys no keypad has ("10", "A"); this is the edit that
    /// removes them, which [`Op::ClearKey`] (by keypad key) cannot.
    RemoveEntry {
        menu: NodeId,
        index: usize,
        key: String,
    },
    /// Moves a key's target to another, unconfigured, key.
    MoveKey {
        menu: NodeId,
        from: char,
        to: char,
    },
    /// Exchanges the targets of two keys (either may be unconfigured).
    SwapKeys {
        menu: NodeId,
        a: char,
        b: char,
    },
    /// Creates a draft menu and points an unconfigured key at it.
    AddSubmenu {
        menu: NodeId,
        key: char,
        name: String,
    },
    Rename {
        menu: NodeId,
        name: String,
    },
    SetGreeting {
        menu: NodeId,
        greeting: Option<String>,
    },
    SetShortGreeting {
        menu: NodeId,
        greeting: Option<String>,
    },
    SetInvalidSound {
        menu: NodeId,
        sound: Option<String>,
    },
    SetTimeOut {
        menu: NodeId,
        seconds: u32,
    },
    SetMaxFailure {
        menu: NodeId,
        tries: u32,
    },
    SetFallback {
        menu: NodeId,
        target: Option<Target>,
    },
    /// Marks a menu as where callers start (or not).
    SetEntry {
        menu: NodeId,
        entry: bool,
    },
    /// Deletes a menu and clears everything that led to it (see [`Flow::references_to`] to ask
    /// first).
    DeleteMenu {
        menu: NodeId,
    },
    /// A new draft ring group, with nobody in it yet.
    AddGroup {
        name: String,
    },
    RenameGroup {
        group: NodeId,
        name: String,
    },
    /// Adds an agent to the end of the ringing order, ringing for the group's time.
    AddMember {
        group: NodeId,
        agent: Agent,
    },
    /// Removes the `index`-th member, which must be the one labelled `member` (see
    /// [`Member::label`]): a stale index is refused rather than removing someone else.
    RemoveMember {
        group: NodeId,
        index: usize,
        member: String,
    },
    /// Deletes a group. While something leads to it, it is refused unless `repoint` names where
    /// those keys, fallbacks and time-outs lead instead (`None` there would leave callers
    /// nowhere without the admin saying so).
    DeleteGroup {
        group: NodeId,
        repoint: Option<Target>,
    },
    SetGroupStrategy {
        group: NodeId,
        strategy: Strategy,
    },
    SetGroupMemberTimeout {
        group: NodeId,
        seconds: u32,
    },
    SetGroupOnTimeout {
        group: NodeId,
        target: Option<Target>,
    },
}

impl Op {
    /// The node the edit changes (a new menu's parent for [`Op::AddSubmenu`]; `None` for a
    /// new top-level menu).
    pub fn subject(&self) -> Option<Subject> {
        match self {
            Op::AddMenu { .. } | Op::AddGroup { .. } => None,
            Op::SetKey { menu, .. }
            | Op::ClearKey { menu, .. }
            | Op::RemoveEntry { menu, .. }
            | Op::MoveKey { menu, .. }
            | Op::SwapKeys { menu, .. }
            | Op::AddSubmenu { menu, .. }
            | Op::Rename { menu, .. }
            | Op::SetGreeting { menu, .. }
            | Op::SetShortGreeting { menu, .. }
            | Op::SetInvalidSound { menu, .. }
            | Op::SetTimeOut { menu, .. }
            | Op::SetMaxFailure { menu, .. }
            | Op::SetFallback { menu, .. }
            | Op::SetEntry { menu, .. }
            | Op::DeleteMenu { menu } => Some(Subject::Menu(menu.clone())),
            Op::RenameGroup { group, .. }
            | Op::AddMember { group, .. }
            | Op::RemoveMember { group, .. }
            | Op::DeleteGroup { group, .. }
            | Op::SetGroupStrategy { group, .. }
            | Op::SetGroupMemberTimeout { group, .. }
            | Op::SetGroupOnTimeout { group, .. } => Some(Subject::Group(group.clone())),
        }
    }
}

/// Why an edit was refused; the flow is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpError {
    NoSuchMenu(NodeId),
    NoSuchGroup(NodeId),
    /// Not a keypad key (`0`-`9`, `*`, `#`).
    NotAKey(char),
    /// The key has no target to move.
    KeyNotSet(char),
    /// The key already leads somewhere; swap or clear it first.
    KeyTaken(char),
    SameKey(char),
    /// No entry `key` at that place in the menu's list (the list changed since it was read).
    NoSuchEntry {
        index: usize,
        key: String,
    },
    /// No member `member` at that place in the group (the list changed since it was read).
    NoSuchMember {
        index: usize,
        member: String,
    },
    /// The agent already rings in the group.
    AlreadyMember(String),
    /// `count` keys, fallbacks or time-outs lead to the group and no other target was named.
    InUse {
        count: usize,
    },
    /// A group cannot pass its unanswered calls to itself (the vendor refuses it).
    GroupToItself,
}

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpError::NoSuchMenu(id) => write!(f, "no menu {id}"),
            OpError::NoSuchGroup(id) => write!(f, "no ring group {id}"),
            OpError::NotAKey(k) => write!(f, "{k:?} is not a keypad key"),
            OpError::KeyNotSet(k) => write!(f, "key {k} leads nowhere"),
            OpError::KeyTaken(k) => write!(f, "key {k} already leads somewhere"),
            OpError::SameKey(k) => write!(f, "key {k} cannot be moved onto itself"),
            OpError::NoSuchEntry { index, key } => write!(f, "no entry {key:?} at {index}"),
            OpError::NoSuchMember { index, member } => write!(f, "no member {member} at {index}"),
            OpError::AlreadyMember(who) => write!(f, "{who} is already a member"),
            OpError::InUse { count } => write!(f, "{count} places still lead there"),
            OpError::GroupToItself => f.write_str("a group cannot time out to itself"),
        }
    }
}

impl std::error::Error for OpError {}

/// The state of the nodes an edit touched, from before it: restoring it undoes the edit.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    menus: Vec<(NodeId, Option<Menu>)>,
    groups: Vec<(NodeId, Option<Group>)>,
    next_draft: u32,
}

impl Snapshot {
    fn of(flow: &Flow) -> Snapshot {
        Snapshot {
            menus: Vec::new(),
            groups: Vec::new(),
            next_draft: flow.next_draft,
        }
    }

    fn keep_menu(&mut self, flow: &Flow, id: &NodeId) {
        if !self.menus.iter().any(|(i, _)| i == id) {
            self.menus.push((id.clone(), flow.menus.get(id).cloned()));
        }
    }

    fn keep_group(&mut self, flow: &Flow, id: &NodeId) {
        if !self.groups.iter().any(|(i, _)| i == id) {
            self.groups.push((id.clone(), flow.groups.get(id).cloned()));
        }
    }

    /// Puts the nodes back as they were; answers the snapshot that redoes the edit.
    pub fn restore(self, flow: &mut Flow) -> Snapshot {
        let mut inverse = Snapshot::of(flow);
        for (id, state) in self.menus {
            let current = flow.menus.remove(&id);
            if let Some(menu) = state {
                flow.menus.insert(id.clone(), menu);
            }
            inverse.menus.push((id, current));
        }
        for (id, state) in self.groups {
            let current = flow.groups.remove(&id);
            if let Some(group) = state {
                flow.groups.insert(id.clone(), group);
            }
            inverse.groups.push((id, current));
        }
        flow.next_draft = self.next_draft;
        inverse
    }
}

/// What an edit did besides changing the flow.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Effects {
    /// The draft menu or group it created.
    pub created: Option<NodeId>,
    /// The references it cleared or re-pointed (deleting a menu or group).
    pub cleared: Vec<Reference>,
}

/// An applied edit: its effects and how to undo it.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub undo: Snapshot,
    pub effects: Effects,
}

/// Applies one edit. On error the flow is unchanged.
pub fn apply(flow: &mut Flow, op: &Op) -> Result<Applied, OpError> {
    let mut undo = Snapshot::of(flow);
    match perform(flow, op, &mut undo) {
        Ok(effects) => Ok(Applied { undo, effects }),
        Err(e) => {
            undo.restore(flow);
            Err(e)
        }
    }
}

fn key(k: char) -> Result<char, OpError> {
    if keys::is_key(k) {
        Ok(k)
    } else {
        Err(OpError::NotAKey(k))
    }
}

fn menu_mut<'f>(
    flow: &'f mut Flow,
    undo: &mut Snapshot,
    id: &NodeId,
) -> Result<&'f mut Menu, OpError> {
    undo.keep_menu(flow, id);
    flow.menus
        .get_mut(id)
        .ok_or_else(|| OpError::NoSuchMenu(id.clone()))
}

fn group_mut<'f>(
    flow: &'f mut Flow,
    undo: &mut Snapshot,
    id: &NodeId,
) -> Result<&'f mut Group, OpError> {
    undo.keep_group(flow, id);
    flow.groups
        .get_mut(id)
        .ok_or_else(|| OpError::NoSuchGroup(id.clone()))
}

fn perform(flow: &mut Flow, op: &Op, undo: &mut Snapshot) -> Result<Effects, OpError> {
    let mut effects = Effects::default();
    match op {
        Op::AddMenu { name } => {
            effects.created = Some(add_draft(flow, undo, name));
        }
        Op::SetKey {
            menu,
            key: k,
            target,
        } => {
            let k = key(*k)?;
            menu_mut(flow, undo, menu)?.set_target(k, Some(target.clone()));
        }
        Op::ClearKey { menu, key: k } => {
            let k = key(*k)?;
            menu_mut(flow, undo, menu)?.set_target(k, None);
        }
        Op::RemoveEntry {
            menu,
            index,
            key: k,
        } => {
            let m = menu_mut(flow, undo, menu)?;
            if m.keys.get(*index).is_none_or(|b| &b.key != k) {
                return Err(OpError::NoSuchEntry {
                    index: *index,
                    key: k.clone(),
                });
            }
            m.keys.remove(*index);
        }
        Op::MoveKey { menu, from, to } => {
            let (from, to) = (key(*from)?, key(*to)?);
            if from == to {
                return Err(OpError::SameKey(from));
            }
            let m = menu_mut(flow, undo, menu)?;
            if m.target_of(to).is_some() {
                return Err(OpError::KeyTaken(to));
            }
            let target = m.target_of(from).cloned().ok_or(OpError::KeyNotSet(from))?;
            m.set_target(from, None);
            m.set_target(to, Some(target));
        }
        Op::SwapKeys { menu, a, b } => {
            let (a, b) = (key(*a)?, key(*b)?);
            let m = menu_mut(flow, undo, menu)?;
            let (ta, tb) = (m.target_of(a).cloned(), m.target_of(b).cloned());
            m.set_target(a, tb);
            m.set_target(b, ta);
        }
        Op::AddSubmenu { menu, key: k, name } => {
            let k = key(*k)?;
            let parent = flow
                .menus
                .get(menu)
                .ok_or_else(|| OpError::NoSuchMenu(menu.clone()))?;
            if parent.target_of(k).is_some() {
                return Err(OpError::KeyTaken(k));
            }
            let child = add_draft(flow, undo, name);
            menu_mut(flow, undo, menu)?.set_target(k, Some(Target::Menu(child.clone())));
            effects.created = Some(child);
        }
        Op::Rename { menu, name } => menu_mut(flow, undo, menu)?.name = name.clone(),
        Op::SetGreeting { menu, greeting } => {
            menu_mut(flow, undo, menu)?.greeting = model::sound(greeting);
        }
        Op::SetShortGreeting { menu, greeting } => {
            menu_mut(flow, undo, menu)?.short_greeting = model::sound(greeting);
        }
        Op::SetInvalidSound { menu, sound } => {
            menu_mut(flow, undo, menu)?.invalid_sound = model::sound(sound);
        }
        Op::SetTimeOut { menu, seconds } => {
            menu_mut(flow, undo, menu)?.time_out = Some((*seconds).into());
        }
        Op::SetMaxFailure { menu, tries } => {
            menu_mut(flow, undo, menu)?.max_failure = Some((*tries).into());
        }
        Op::SetFallback { menu, target } => {
            menu_mut(flow, undo, menu)?.fallback = target.clone();
        }
        Op::SetEntry { menu, entry } => menu_mut(flow, undo, menu)?.entry = *entry,
        Op::DeleteMenu { menu } => {
            if !flow.menus.contains_key(menu) {
                return Err(OpError::NoSuchMenu(menu.clone()));
            }
            let references = flow.references_to(menu);
            undo.keep_menu(flow, menu);
            flow.menus.remove(menu);
            let gone = Target::Menu(menu.clone());
            for reference in &references {
                repoint(flow, undo, reference, &gone, None)?;
            }
            effects.cleared = references;
        }
        Op::AddGroup { name } => {
            let number = next_draft(flow);
            let id = NodeId::Draft(number);
            undo.keep_group(flow, &id);
            flow.groups.insert(id.clone(), Group::draft(number, name));
            effects.created = Some(id);
        }
        Op::RenameGroup { group, name } => group_mut(flow, undo, group)?.name = name.clone(),
        Op::AddMember { group, agent } => {
            let g = group_mut(flow, undo, group)?;
            if g.members.iter().any(|m| m.is_agent(agent)) {
                return Err(OpError::AlreadyMember(agent.sip_user.clone()));
            }
            let order = g
                .members
                .iter()
                .filter_map(|m| m.order)
                .max()
                .map(|o| o + 1);
            // The newcomer rings as long as the others (the API keeps one time per group).
            let timeout = g
                .member_timeout
                .or_else(|| g.members.first().and_then(|m| m.timeout))
                .unwrap_or(model::DEFAULT_MEMBER_TIMEOUT.into());
            g.members.push(Member {
                agent_id: Some(agent.agent_id.clone()),
                sip_user: Some(agent.sip_user.clone()),
                name: agent.name.clone(),
                order,
                timeout: Some(timeout),
            });
        }
        Op::RemoveMember {
            group,
            index,
            member,
        } => {
            let g = group_mut(flow, undo, group)?;
            if g.members.get(*index).is_none_or(|m| &m.label() != member) {
                return Err(OpError::NoSuchMember {
                    index: *index,
                    member: member.clone(),
                });
            }
            g.members.remove(*index);
        }
        Op::DeleteGroup { group, repoint: to } => {
            if !flow.groups.contains_key(group) {
                return Err(OpError::NoSuchGroup(group.clone()));
            }
            let gone = Target::Group(group.clone());
            if to.as_ref() == Some(&gone) {
                return Err(OpError::GroupToItself);
            }
            let references = flow.references_to_group(group);
            if !references.is_empty() && to.is_none() {
                return Err(OpError::InUse {
                    count: references.len(),
                });
            }
            undo.keep_group(flow, group);
            flow.groups.remove(group);
            for reference in &references {
                repoint(flow, undo, reference, &gone, to.clone())?;
            }
            effects.cleared = references;
        }
        Op::SetGroupStrategy { group, strategy } => {
            group_mut(flow, undo, group)?.strategy = Some(strategy.clone());
        }
        Op::SetGroupMemberTimeout { group, seconds } => {
            // The API sets one time for all members: so does the editor.
            let g = group_mut(flow, undo, group)?;
            g.member_timeout = Some((*seconds).into());
            for member in &mut g.members {
                member.timeout = Some((*seconds).into());
            }
        }
        Op::SetGroupOnTimeout { group, target } => {
            if target.as_ref() == Some(&Target::Group(group.clone())) {
                return Err(OpError::GroupToItself);
            }
            group_mut(flow, undo, group)?.on_timeout = target.clone();
        }
    }
    Ok(effects)
}

/// The next draft number; menus and groups share the counter.
fn next_draft(flow: &mut Flow) -> u32 {
    let number = flow.next_draft;
    flow.next_draft += 1;
    number
}

fn add_draft(flow: &mut Flow, undo: &mut Snapshot, name: &str) -> NodeId {
    let number = next_draft(flow);
    let id = NodeId::Draft(number);
    undo.keep_menu(flow, &id);
    flow.menus.insert(id.clone(), Menu::draft(number, name));
    id
}

/// Points what `reference` names away from `gone`: to `to`, or nowhere.
fn repoint(
    flow: &mut Flow,
    undo: &mut Snapshot,
    reference: &Reference,
    gone: &Target,
    to: Option<Target>,
) -> Result<(), OpError> {
    match (&reference.from, &reference.field) {
        (Subject::Menu(id), Field::Key(k)) => {
            let m = menu_mut(flow, undo, id)?;
            for binding in m.keys.iter_mut().filter(|b| &b.key == k) {
                if binding.target.as_ref() == Some(gone) {
                    binding.target = to.clone();
                }
            }
        }
        (Subject::Menu(id), _) => menu_mut(flow, undo, id)?.fallback = to,
        (Subject::Group(id), _) => {
            if to.as_ref() == Some(&Target::Group(id.clone())) {
                return Err(OpError::GroupToItself);
            }
            group_mut(flow, undo, id)?.on_timeout = to;
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
struct Entry {
    op: Op,
    snapshot: Snapshot,
}

/// The one record of a flow's edits: every edit applied, in order (what a save sends and what a
/// kept draft replays), and undo and redo over them. A new edit after an undo drops what could
/// have been redone; beyond the limit the oldest edits stay recorded but can no longer be undone.
#[derive(Debug, Clone)]
pub struct History {
    /// Every edit applied, oldest first.
    edits: Vec<Op>,
    /// How to undo the newest edits, one per edit, newest last; at most `limit`.
    undo: VecDeque<Snapshot>,
    /// Edits undone, with how to redo them, the next to redo last.
    undone: Vec<Entry>,
    limit: usize,
}

impl Default for History {
    fn default() -> Self {
        Self::new()
    }
}

impl History {
    pub fn new() -> Self {
        Self::with_limit(HISTORY_LIMIT)
    }

    /// A history that can undo at most `limit` edits (at least one).
    pub fn with_limit(limit: usize) -> Self {
        Self {
            edits: Vec::new(),
            undo: VecDeque::new(),
            undone: Vec::new(),
            limit: limit.max(1),
        }
    }

    /// Applies `op` to `flow` and records it.
    pub fn apply(&mut self, flow: &mut Flow, op: Op) -> Result<Effects, OpError> {
        let applied = apply(flow, &op)?;
        self.undone.clear();
        self.record(op, applied.undo);
        Ok(applied.effects)
    }

    /// Applies edits kept from an earlier visit, in order, over `flow`; answers how many no
    /// longer apply (what they touched changed or went meanwhile), which are left out.
    pub fn replay(&mut self, flow: &mut Flow, ops: impl IntoIterator<Item = Op>) -> usize {
        ops.into_iter()
            .filter(|op| self.apply(flow, op.clone()).is_err())
            .count()
    }

    fn record(&mut self, op: Op, undo: Snapshot) {
        if self.undo.len() == self.limit {
            self.undo.pop_front();
        }
        self.undo.push_back(undo);
        self.edits.push(op);
    }

    /// Undoes the last edit; answers it, or `None` when there is nothing to undo.
    pub fn undo(&mut self, flow: &mut Flow) -> Option<Op> {
        let snapshot = self.undo.pop_back()?;
        // Every snapshot kept belongs to one of the newest edits.
        let op = self.edits.pop()?;
        let redo = snapshot.restore(flow);
        self.undone.push(Entry {
            op: op.clone(),
            snapshot: redo,
        });
        Some(op)
    }

    /// Redoes the last undone edit; answers it, or `None` when there is nothing to redo.
    pub fn redo(&mut self, flow: &mut Flow) -> Option<Op> {
        let entry = self.undone.pop()?;
        let undo = entry.snapshot.restore(flow);
        self.record(entry.op.clone(), undo);
        Some(entry.op)
    }

    /// Every edit applied and not undone, oldest first.
    pub fn edits(&self) -> &[Op] {
        &self.edits
    }

    /// The edit [`History::undo`] would undo, for the button's label.
    pub fn next_undo(&self) -> Option<&Op> {
        self.edits.last().filter(|_| !self.undo.is_empty())
    }

    /// The edit [`History::redo`] would redo.
    pub fn next_redo(&self) -> Option<&Op> {
        self.undone.last().map(|e| &e.op)
    }

    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    pub fn redo_depth(&self) -> usize {
        self.undone.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::*;

    #[test]
    fn setting_a_key_points_it_at_the_target_and_the_snapshot_undoes_it() {
        let original = tenant();
        let mut flow = original.clone();
        let op = Op::SetKey {
            menu: id("main"),
            key: '3',
            target: to_group("tech"),
        };
        let applied = apply(&mut flow, &op).unwrap();
        let main = flow.menu(&id("main")).unwrap();
        assert_eq!(main.target_of('3'), Some(&to_group("tech")));
        applied.undo.restore(&mut flow);
        assert_eq!(flow, original);
    }

    #[test]
    fn clearing_a_key_leaves_it_shown_but_unconfigured() {
        let mut flow = tenant();
        edit(
            &mut flow,
            [Op::ClearKey {
                menu: id("main"),
                key: '2',
            }],
        );
        let main = flow.menu(&id("main")).unwrap();
        assert!(main.binding('2').is_some());
        assert_eq!(main.target_of('2'), None);
        assert_eq!(main.configured_keys().to_string(), "1, 9");
    }

    #[test]
    fn moving_a_key_hands_its_target_to_a_free_key() {
        let mut flow = tenant();
        edit(
            &mut flow,
            [Op::MoveKey {
                menu: id("main"),
                from: '2',
                to: '5',
            }],
        );
        let main = flow.menu(&id("main")).unwrap();
        assert_eq!(main.target_of('5'), Some(&to_group("tech")));
        assert_eq!(main.target_of('2'), None);
    }

    #[test]
    fn moving_onto_a_taken_key_is_refused_and_changes_nothing() {
        let original = tenant();
        let mut flow = original.clone();
        let refused = apply(
            &mut flow,
            &Op::MoveKey {
                menu: id("main"),
                from: '2',
                to: '1',
            },
        );
        assert_eq!(refused.unwrap_err(), OpError::KeyTaken('1'));
        let refused = apply(
            &mut flow,
            &Op::MoveKey {
                menu: id("main"),
                from: '7',
                to: '8',
            },
        );
        assert_eq!(refused.unwrap_err(), OpError::KeyNotSet('7'));
        assert_eq!(flow, original);
    }

    #[test]
    fn swapping_keys_exchanges_their_targets() {
        let mut flow = tenant();
        edit(
            &mut flow,
            [Op::SwapKeys {
                menu: id("main"),
                a: '1',
                b: '9',
            }],
        );
        let main = flow.menu(&id("main")).unwrap();
        assert_eq!(main.target_of('1'), Some(&to_menu("sub")));
        assert_eq!(main.target_of('9'), Some(&to_group("sales")));
    }

    #[test]
    fn a_key_that_is_not_on_the_keypad_is_refused() {
        let mut flow = tenant();
        let refused = apply(
            &mut flow,
            &Op::SetKey {
                menu: id("main"),
                key: 'A',
                target: to_group("tech"),
            },
        );
        assert_eq!(refused.unwrap_err(), OpError::NotAKey('A'));
    }

    #[test]
    fn adding_a_submenu_creates_a_draft_and_points_the_key_at_it() {
        let mut flow = tenant();
        let applied = apply(
            &mut flow,
            &Op::AddSubmenu {
                menu: id("main"),
                key: '4',
                name: "Khiếu nại".into(),
            },
        )
        .unwrap();
        let draft = applied.effects.created.unwrap();
        assert_eq!(draft, NodeId::Draft(0));
        assert_eq!(flow.menu(&draft).unwrap().name, "Khiếu nại");
        let main = flow.menu(&id("main")).unwrap();
        assert_eq!(main.target_of('4'), Some(&Target::Menu(draft)));
        let taken = apply(
            &mut flow,
            &Op::AddSubmenu {
                menu: id("main"),
                key: '4',
                name: "Again".into(),
            },
        );
        assert_eq!(taken.unwrap_err(), OpError::KeyTaken('4'));
    }

    #[test]
    fn deleting_a_menu_clears_and_reports_everything_that_led_to_it() {
        let mut flow = tenant();
        edit(
            &mut flow,
            [Op::SetGroupOnTimeout {
                group: id("tech"),
                target: Some(to_menu("sub")),
            }],
        );
        let asked = flow.references_to(&id("sub"));
        let applied = apply(&mut flow, &Op::DeleteMenu { menu: id("sub") }).unwrap();
        assert_eq!(applied.effects.cleared, asked);
        assert_eq!(
            asked,
            vec![
                Reference {
                    from: Subject::Menu(id("main")),
                    field: Field::Key("9".into()),
                },
                Reference {
                    from: Subject::Group(id("tech")),
                    field: Field::OnTimeout,
                },
            ]
        );
        assert!(flow.menu(&id("sub")).is_none());
        assert_eq!(flow.menu(&id("main")).unwrap().target_of('9'), None);
        assert_eq!(flow.group(&id("tech")).unwrap().on_timeout, None);
        assert!(flow.references_to(&id("sub")).is_empty());
    }

    #[test]
    fn sixty_edits_are_undone_and_redone_in_order() {
        let original = tenant();
        let mut flow = original.clone();
        let mut history = History::new();
        for i in 0..60u32 {
            let op = Op::SetTimeOut {
                menu: id("main"),
                seconds: 1 + i % 30,
            };
            history.apply(&mut flow, op).unwrap();
        }
        let edited = flow.clone();
        while history.undo(&mut flow).is_some() {}
        assert_eq!(flow, original);
        while history.redo(&mut flow).is_some() {}
        assert_eq!(flow, edited);
    }

    #[test]
    fn beyond_its_limit_the_history_forgets_the_oldest_edits() {
        let mut flow = tenant();
        let mut history = History::with_limit(50);
        for i in 0..60u32 {
            let name = format!("Menu {i}");
            history
                .apply(
                    &mut flow,
                    Op::Rename {
                        menu: id("main"),
                        name,
                    },
                )
                .unwrap();
        }
        let mut undone = 0;
        while history.undo(&mut flow).is_some() {
            undone += 1;
        }
        assert_eq!(undone, 50);
        assert_eq!(flow.menu(&id("main")).unwrap().name, "Menu 9");
    }

    #[test]
    fn a_new_edit_after_undo_drops_what_could_have_been_redone() {
        let mut flow = tenant();
        let mut history = History::new();
        let rename = |name: &str| Op::Rename {
            menu: id("main"),
            name: name.into(),
        };
        history.apply(&mut flow, rename("A")).unwrap();
        history.apply(&mut flow, rename("B")).unwrap();
        assert_eq!(history.undo(&mut flow), Some(rename("B")));
        assert_eq!(history.next_redo(), Some(&rename("B")));
        history.apply(&mut flow, rename("C")).unwrap();
        assert_eq!(history.redo_depth(), 0);
        assert_eq!(history.redo(&mut flow), None);
        assert_eq!(flow.menu(&id("main")).unwrap().name, "C");
    }

    #[test]
    fn undoing_a_submenu_removes_the_draft_and_frees_its_number() {
        let original = tenant();
        let mut flow = original.clone();
        let mut history = History::new();
        let add = Op::AddSubmenu {
            menu: id("main"),
            key: '4',
            name: "Mới".into(),
        };
        history.apply(&mut flow, add.clone()).unwrap();
        history.undo(&mut flow);
        assert_eq!(flow, original);
        history.redo(&mut flow);
        assert!(flow.menu(&NodeId::Draft(0)).is_some());
    }

    #[test]
    fn an_entry_stored_twice_or_off_the_keypad_can_be_removed() {
        use crate::validate::{validate, Rule};
        let mut flow = flow(
            vec![menu("m", "M")
                .key("1", "Ring_group", "sales")
                .key("1", "Ring_group", "tech")
                .key("10", "Ring_group", "tech")
                .key("A", "Ring_group", "tech")
                .build()],
            vec![
                group("sales", "Kinh doanh", &["100"]),
                group("tech", "Kỹ thuật", &["101"]),
            ],
        );
        let rules = |flow: &Flow| -> Vec<Rule> { validate(flow).iter().map(|f| f.rule).collect() };
        assert!(rules(&flow).contains(&Rule::KeyDuplicate));
        assert!(rules(&flow).contains(&Rule::KeyInvalid));
        let stale = apply(
            &mut flow,
            &Op::RemoveEntry {
                menu: id("m"),
                index: 0,
                key: "A".into(),
            },
        );
        assert_eq!(
            stale.unwrap_err(),
            OpError::NoSuchEntry {
                index: 0,
                key: "A".into()
            }
        );
        edit(
            &mut flow,
            [("A", 3), ("10", 2), ("1", 1)].map(|(key, index)| Op::RemoveEntry {
                menu: id("m"),
                index,
                key: key.into(),
            }),
        );
        let m = flow.menu(&id("m")).unwrap();
        assert_eq!(m.keys.len(), 1);
        assert_eq!(m.target_of('1'), Some(&to_group("sales")));
        assert!(!rules(&flow).contains(&Rule::KeyDuplicate));
        assert!(!rules(&flow).contains(&Rule::KeyInvalid));
    }

    #[test]
    fn a_new_group_draws_its_number_from_the_menus_counter() {
        let mut flow = tenant();
        let menu = apply(&mut flow, &Op::AddMenu { name: "M".into() }).unwrap();
        let group = apply(&mut flow, &Op::AddGroup { name: "G".into() }).unwrap();
        assert_eq!(menu.effects.created, Some(NodeId::Draft(0)));
        assert_eq!(group.effects.created, Some(NodeId::Draft(1)));
        let g = flow.group(&NodeId::Draft(1)).unwrap();
        assert_eq!((g.name.as_str(), g.members.len()), ("G", 0));
        group.undo.restore(&mut flow);
        assert!(flow.group(&NodeId::Draft(1)).is_none());
    }

    #[test]
    fn a_group_something_leads_to_is_deleted_only_with_a_new_target() {
        let original = tenant();
        let mut flow = original.clone();
        let refused = apply(
            &mut flow,
            &Op::DeleteGroup {
                group: id("tech"),
                repoint: None,
            },
        );
        assert_eq!(refused.unwrap_err(), OpError::InUse { count: 2 });
        let to_itself = apply(
            &mut flow,
            &Op::DeleteGroup {
                group: id("tech"),
                repoint: Some(to_group("tech")),
            },
        );
        assert_eq!(to_itself.unwrap_err(), OpError::GroupToItself);
        assert_eq!(flow, original);
        let asked = flow.references_to_group(&id("tech"));
        let applied = apply(
            &mut flow,
            &Op::DeleteGroup {
                group: id("tech"),
                repoint: Some(to_group("sales")),
            },
        )
        .unwrap();
        assert_eq!(applied.effects.cleared, asked);
        assert!(flow.group(&id("tech")).is_none());
        assert_eq!(
            flow.menu(&id("main")).unwrap().target_of('2'),
            Some(&to_group("sales"))
        );
        assert_eq!(
            flow.menu(&id("sub")).unwrap().target_of('1'),
            Some(&to_group("sales"))
        );
        applied.undo.restore(&mut flow);
        assert_eq!(flow, original);
    }

    #[test]
    fn a_member_is_added_once_and_removed_by_its_place() {
        let mut flow = tenant();
        edit(
            &mut flow,
            [Op::AddMember {
                group: id("tech"),
                agent: agent("100"),
            }],
        );
        let again = apply(
            &mut flow,
            &Op::AddMember {
                group: id("tech"),
                agent: agent("100"),
            },
        );
        assert_eq!(again.unwrap_err(), OpError::AlreadyMember("100".into()));
        let labels = |flow: &Flow| -> Vec<String> {
            flow.group(&id("tech"))
                .unwrap()
                .members
                .iter()
                .map(|m| m.label())
                .collect()
        };
        assert_eq!(labels(&flow), ["102", "100"]);
        let stale = apply(
            &mut flow,
            &Op::RemoveMember {
                group: id("tech"),
                index: 0,
                member: "100".into(),
            },
        );
        assert_eq!(
            stale.unwrap_err(),
            OpError::NoSuchMember {
                index: 0,
                member: "100".into()
            }
        );
        edit(
            &mut flow,
            [Op::RemoveMember {
                group: id("tech"),
                index: 0,
                member: "102".into(),
            }],
        );
        assert_eq!(labels(&flow), ["100"]);
    }
}
