//! Versions of a tenant's flow: what callers met after a change, the difference between two
//! versions, and the edits that bring an earlier one back.
//!
//! A [`Version`] holds what a save must reproduce (the meaning of each menu and group, by the
//! vendor's id), the names of the greetings it plays (so that it still says what played after
//! one is deleted) and the entry marks. It is plain data, kept by the server as JSON.
//!
//! ```text
//! Version::of(&flow)                       -> the flow as a version
//! diff(&a, &b) -> Diff;  patch(&a, &d)     -> b again
//! restore(&a, &current_flow)               -> edits (Ops) that make the flow `a` again
//! ```

use super::keys::parse_key;
use super::layout::{Layout, NodeKey};
use super::model::{Agent, Field, Flow, NodeId, Target};
use super::ops::{apply, Op};
use omicall::models::{IvrMenu, RingGroup};
use omicall::rules::same_name;
use omicall::Strategy;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A menu as a version keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuState {
    pub name: String,
    pub greeting: Option<String>,
    pub short_greeting: Option<String>,
    pub invalid_sound: Option<String>,
    pub time_out: Option<i64>,
    pub max_failure: Option<i64>,
    /// Configured keys, sorted by key.
    pub keys: Vec<(String, Target)>,
    pub fallback: Option<Target>,
    #[serde(default)]
    pub entry: bool,
}

/// A member of a ring group as a version keeps it: enough to add the agent again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberState {
    pub agent_id: Option<String>,
    pub sip_user: Option<String>,
    pub name: Option<String>,
    /// Seconds the member rings.
    pub rings: Option<i64>,
}

/// A ring group as a version keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupState {
    pub name: String,
    pub strategy: Option<Strategy>,
    pub member_timeout: Option<i64>,
    /// In ringing order.
    pub members: Vec<MemberState>,
    pub on_timeout: Option<Target>,
}

/// The tenant's flow at one moment, by the vendor's ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub menus: BTreeMap<String, MenuState>,
    pub groups: BTreeMap<String, GroupState>,
    /// The greetings the menus play, by id, with their names.
    pub greetings: BTreeMap<String, String>,
    /// Where the editor drew each menu (`m:<id>`) and group (`g:<id>`), in whole canvas units:
    /// console data, kept so that a restore puts the boxes back. Moving a box is no change to
    /// callers, so it makes no version on its own (see [`Version::same_flow`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub positions: BTreeMap<String, [i64; 2]>,
}

impl Version {
    /// The saved part of `flow` (drafts have no vendor id yet and are left out).
    pub fn of(flow: &Flow) -> Version {
        let mut version = Version::default();
        for menu in flow.menus() {
            let Some(id) = menu.id.saved() else { continue };
            let content = menu.content();
            version.menus.insert(
                id.to_owned(),
                MenuState {
                    name: content.name,
                    greeting: content.greeting,
                    short_greeting: content.short_greeting,
                    invalid_sound: content.invalid_sound,
                    time_out: content.time_out,
                    max_failure: content.max_failure,
                    keys: content.keys,
                    fallback: content.fallback,
                    entry: menu.entry,
                },
            );
        }
        for group in flow.groups() {
            let Some(id) = group.id.saved() else { continue };
            version.groups.insert(
                id.to_owned(),
                GroupState {
                    name: group.name.clone(),
                    strategy: group.strategy.clone(),
                    member_timeout: group.member_timeout,
                    members: group
                        .members
                        .iter()
                        .map(|m| MemberState {
                            agent_id: m.agent_id.clone(),
                            sip_user: m.sip_user.clone(),
                            name: m.name.clone(),
                            rings: group.ring_time(m),
                        })
                        .collect(),
                    on_timeout: group.on_timeout.clone(),
                },
            );
        }
        let played: BTreeSet<&str> = version.menus.values().flat_map(MenuState::sounds).collect();
        version.greetings = flow
            .recordings()
            .filter(|r| played.contains(r.id()))
            .map(|r| (r.id().to_owned(), r.name().to_owned()))
            .collect();
        version
    }

    /// The version with the positions `layout` has for its menus and groups.
    pub fn with_positions(mut self, layout: &Layout) -> Version {
        self.positions = layout
            .positions
            .iter()
            .filter(|(key, _)| match NodeKey::from_stored(key) {
                Some(NodeKey::Menu(NodeId::Saved(id))) => self.menus.contains_key(&id),
                Some(NodeKey::Group(NodeId::Saved(id))) => self.groups.contains_key(&id),
                _ => false,
            })
            .map(|(key, p)| (key.clone(), [p.x.round() as i64, p.y.round() as i64]))
            .collect();
        self
    }

    /// Whether callers meet the same flow in both: everything but the positions.
    pub fn same_flow(&self, other: &Version) -> bool {
        self.menus == other.menus
            && self.groups == other.groups
            && self.greetings == other.greetings
    }

    /// The same version with ids renamed by `ids` (old id to new), wherever they appear.
    pub fn renamed(&self, ids: &BTreeMap<String, String>) -> Version {
        let new = |id: &String| ids.get(id).cloned().unwrap_or_else(|| id.clone());
        let target = |t: &Target| match t {
            Target::Menu(NodeId::Saved(id)) => Target::Menu(NodeId::Saved(new(id))),
            Target::Group(NodeId::Saved(id)) => Target::Group(NodeId::Saved(new(id))),
            other => other.clone(),
        };
        Version {
            menus: self
                .menus
                .iter()
                .map(|(id, m)| {
                    let mut m = m.clone();
                    for (_, t) in &mut m.keys {
                        *t = target(t);
                    }
                    m.fallback = m.fallback.as_ref().map(target);
                    (new(id), m)
                })
                .collect(),
            groups: self
                .groups
                .iter()
                .map(|(id, g)| {
                    let mut g = g.clone();
                    g.on_timeout = g.on_timeout.as_ref().map(target);
                    (new(id), g)
                })
                .collect(),
            greetings: self.greetings.clone(),
            positions: self
                .positions
                .iter()
                .map(|(key, p)| {
                    let moved = match NodeKey::from_stored(key) {
                        Some(NodeKey::Menu(NodeId::Saved(id))) => {
                            NodeKey::Menu(NodeId::Saved(new(&id))).stored()
                        }
                        Some(NodeKey::Group(NodeId::Saved(id))) => {
                            NodeKey::Group(NodeId::Saved(new(&id))).stored()
                        }
                        _ => None,
                    };
                    (moved.unwrap_or_else(|| key.clone()), *p)
                })
                .collect(),
        }
    }

    /// A greeting's name as this version knows it.
    pub fn greeting_name(&self, id: &str) -> Option<&str> {
        self.greetings.get(id).map(String::as_str)
    }
}

/// The list a page came from, and whether the page held all of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    Menus { all: bool },
    Groups { all: bool },
}

impl Version {
    /// The version of one page of a vendor list: its menus or groups alone, read without the
    /// extensions that give group members their names.
    pub fn of_page(menus: Vec<IvrMenu>, groups: Vec<RingGroup>) -> Version {
        Version::of(&Flow::from_omicall(menus, groups, Vec::new(), &[]))
    }

    /// Whether `page` (see [`Version::of_page`]) shows a change from this version. What a page
    /// cannot say is not compared: entry marks (console data), members' names and numbers
    /// (from the extensions), and the ids it lacks unless it held the whole list.
    pub fn page_differs(&self, page: &Version, listed: Listed) -> bool {
        fn differs<T>(
            ours: &BTreeMap<String, T>,
            seen: &BTreeMap<String, T>,
            all: bool,
            same: impl Fn(&T, &T) -> bool,
        ) -> bool {
            let changed = seen
                .iter()
                .any(|(id, s)| ours.get(id).is_none_or(|o| !same(o, s)));
            changed || (all && ours.keys().any(|id| !seen.contains_key(id)))
        }
        match listed {
            Listed::Menus { all } => differs(&self.menus, &page.menus, all, |o, s| {
                *o == MenuState {
                    entry: o.entry,
                    ..s.clone()
                }
            }),
            Listed::Groups { all } => differs(&self.groups, &page.groups, all, |o, s| {
                let ringing = |g: &GroupState| -> Vec<(Option<String>, Option<i64>)> {
                    g.members
                        .iter()
                        .map(|m| (m.agent_id.clone(), m.rings))
                        .collect()
                };
                o.name == s.name
                    && o.strategy == s.strategy
                    && o.member_timeout == s.member_timeout
                    && o.on_timeout == s.on_timeout
                    && ringing(o) == ringing(s)
            }),
        }
    }
}

impl MenuState {
    /// The recordings the menu plays: its greetings and the recordings its keys lead to.
    fn sounds(&self) -> impl Iterator<Item = &str> {
        let targets = self.keys.iter().map(|(_, t)| t).chain(&self.fallback);
        [&self.greeting, &self.short_greeting, &self.invalid_sound]
            .into_iter()
            .filter_map(|s| s.as_deref())
            .chain(targets.filter_map(|t| match t {
                Target::Recording(id) => Some(id.as_str()),
                _ => None,
            }))
    }
}

/// The fields whose flag says they differ, in the order given.
fn differing<const N: usize>(fields: [(bool, Field); N]) -> Vec<Field> {
    fields
        .into_iter()
        .filter_map(|(differs, field)| differs.then_some(field))
        .collect()
}

/// One object that differs between two versions: added (no `before`), removed (no `after`)
/// or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change<T> {
    pub id: String,
    pub before: Option<T>,
    pub after: Option<T>,
}

/// How an object differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl<T> Change<T> {
    pub fn kind(&self) -> ChangeKind {
        match (&self.before, &self.after) {
            (None, _) => ChangeKind::Added,
            (_, None) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        }
    }
}

/// A menu or a ring group as a version keeps it.
pub trait NodeState {
    fn name(&self) -> &str;
    fn changed_fields(&self, other: &Self) -> Vec<Field>;
}

impl NodeState for MenuState {
    fn name(&self) -> &str {
        &self.name
    }

    /// The fields that differ from `other`, keys one by one.
    fn changed_fields(&self, other: &MenuState) -> Vec<Field> {
        let mut fields = differing([
            (self.name != other.name, Field::Name),
            (self.greeting != other.greeting, Field::Greeting),
            (
                self.short_greeting != other.short_greeting,
                Field::ShortGreeting,
            ),
            (
                self.invalid_sound != other.invalid_sound,
                Field::InvalidSound,
            ),
            (self.time_out != other.time_out, Field::TimeOut),
            (self.max_failure != other.max_failure, Field::MaxFailure),
        ]);
        let keys: BTreeSet<&String> = self
            .keys
            .iter()
            .chain(&other.keys)
            .map(|(k, _)| k)
            .collect();
        for key in keys {
            let of = |m: &MenuState| -> Vec<Target> {
                m.keys
                    .iter()
                    .filter(|(k, _)| k == key)
                    .map(|(_, t)| t.clone())
                    .collect()
            };
            if of(self) != of(other) {
                fields.push(Field::Key(key.clone()));
            }
        }
        if self.fallback != other.fallback {
            fields.push(Field::Fallback);
        }
        if self.entry != other.entry {
            fields.push(Field::Node);
        }
        fields
    }
}

impl NodeState for GroupState {
    fn name(&self) -> &str {
        &self.name
    }

    /// The fields that differ from `other`.
    fn changed_fields(&self, other: &GroupState) -> Vec<Field> {
        differing([
            (self.name != other.name, Field::Name),
            (self.strategy != other.strategy, Field::Strategy),
            (
                self.member_timeout != other.member_timeout,
                Field::MemberTimeout,
            ),
            (self.members != other.members, Field::Members),
            (self.on_timeout != other.on_timeout, Field::OnTimeout),
        ])
    }
}

impl<T: NodeState> Change<T> {
    /// The node's fields that differ (every field of an added or removed node counts as the
    /// node, [`Field::Node`]).
    pub fn fields(&self) -> Vec<Field> {
        match (&self.before, &self.after) {
            (Some(a), Some(b)) => a.changed_fields(b),
            _ => vec![Field::Node],
        }
    }

    /// The node's name: as it is after the change, or as it was before a removal.
    pub fn name(&self) -> &str {
        self.after
            .as_ref()
            .or(self.before.as_ref())
            .map_or("", NodeState::name)
    }
}

/// What differs from one version to another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diff {
    pub menus: Vec<Change<MenuState>>,
    pub groups: Vec<Change<GroupState>>,
    /// Greetings played, with their names.
    pub greetings: Vec<Change<String>>,
    /// Boxes moved on the diagram.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<Change<[i64; 2]>>,
}

/// A diff counted, for one line in the History panel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub menus_added: u32,
    pub menus_removed: u32,
    pub menus_changed: u32,
    /// Keys changed in menus that exist on both sides.
    pub keys_changed: u32,
    pub groups_added: u32,
    pub groups_removed: u32,
    pub groups_changed: u32,
}

impl Summary {
    pub fn is_empty(&self) -> bool {
        *self == Summary::default()
    }
}

impl Diff {
    /// Whether nothing a caller meets differs (boxes may have moved).
    pub fn is_empty(&self) -> bool {
        self.menus.is_empty() && self.groups.is_empty() && self.greetings.is_empty()
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        let count = |n: &mut u32| *n = n.saturating_add(1);
        for change in &self.menus {
            match change.kind() {
                ChangeKind::Added => count(&mut s.menus_added),
                ChangeKind::Removed => count(&mut s.menus_removed),
                ChangeKind::Changed => {
                    let fields = change.fields();
                    let keys = fields.iter().filter(|f| matches!(f, Field::Key(_))).count();
                    s.keys_changed = s
                        .keys_changed
                        .saturating_add(u32::try_from(keys).unwrap_or(u32::MAX));
                    if keys < fields.len() {
                        count(&mut s.menus_changed);
                    }
                }
            }
        }
        for change in &self.groups {
            match change.kind() {
                ChangeKind::Added => count(&mut s.groups_added),
                ChangeKind::Removed => count(&mut s.groups_removed),
                ChangeKind::Changed => count(&mut s.groups_changed),
            }
        }
        s
    }

    /// The change of menu `id`, if it differs.
    pub fn menu(&self, id: &str) -> Option<&Change<MenuState>> {
        self.menus.iter().find(|c| c.id == id)
    }

    pub fn group(&self, id: &str) -> Option<&Change<GroupState>> {
        self.groups.iter().find(|c| c.id == id)
    }
}

fn changes<T: Clone + PartialEq>(
    a: &BTreeMap<String, T>,
    b: &BTreeMap<String, T>,
) -> Vec<Change<T>> {
    let ids: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    ids.into_iter()
        .filter_map(|id| {
            let (before, after) = (a.get(id), b.get(id));
            (before != after).then(|| Change {
                id: id.clone(),
                before: before.cloned(),
                after: after.cloned(),
            })
        })
        .collect()
}

fn patch_map<T: Clone>(map: &mut BTreeMap<String, T>, changes: &[Change<T>]) {
    for change in changes {
        match &change.after {
            Some(after) => map.insert(change.id.clone(), after.clone()),
            None => map.remove(&change.id),
        };
    }
}

/// What differs from `a` to `b`.
pub fn diff(a: &Version, b: &Version) -> Diff {
    Diff {
        menus: changes(&a.menus, &b.menus),
        groups: changes(&a.groups, &b.groups),
        greetings: changes(&a.greetings, &b.greetings),
        positions: changes(&a.positions, &b.positions),
    }
}

/// `a` with `diff` applied: `patch(a, &diff(a, b)) == b`.
pub fn patch(a: &Version, diff: &Diff) -> Version {
    let mut b = a.clone();
    b.apply(diff);
    b
}

impl Version {
    /// [`patch`] in place: a version read through many differences is not copied for each.
    pub fn apply(&mut self, diff: &Diff) {
        patch_map(&mut self.menus, &diff.menus);
        patch_map(&mut self.groups, &diff.groups);
        patch_map(&mut self.greetings, &diff.greetings);
        patch_map(&mut self.positions, &diff.positions);
    }
}

/// A greeting a restored menu played that no longer exists: the menu keeps `instead`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostGreeting {
    pub menu: NodeId,
    pub menu_name: String,
    pub field: Field,
    pub greeting_id: String,
    /// The greeting's name as the version knew it.
    pub greeting_name: Option<String>,
    /// What the menu plays there instead (a greeting id), `None` for nothing.
    pub instead: Option<String>,
}

/// What a restore cannot bring back, besides lost greetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unrestorable {
    /// A key the keypad does not have (vendor data such as "10"): the editor cannot set it.
    Key { menu: NodeId, key: String },
    /// A ring group member without an agent id: it cannot be added again.
    Member { group: NodeId, member: String },
}

/// The edits that make the current flow an earlier version again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restore {
    pub ops: Vec<Op>,
    /// Menus and groups deleted since, created again: the version's id and the new draft.
    pub recreated: BTreeMap<String, NodeId>,
    pub lost: Vec<LostGreeting>,
    pub unrestorable: Vec<Unrestorable>,
    /// Where the version drew its boxes, for the nodes that stand for them now.
    pub positions: Vec<(NodeKey, [i64; 2])>,
}

/// Collects edits, applying each to a scratch flow so that the next ones see its effect (a
/// new node's draft id, a cleared reference). An edit the flow refuses is left out.
struct Edits {
    flow: Flow,
    ops: Vec<Op>,
}

impl Edits {
    fn push(&mut self, op: Op) -> Option<NodeId> {
        let applied = apply(&mut self.flow, &op).ok()?;
        self.ops.push(op);
        applied.effects.created
    }
}

/// The edits that make `current` version `target` again (as far as the vendor allows: see
/// [`Restore`]). Menus and groups are matched by id, then those left by name, so that a
/// restore interrupted part way and run again reuses what it created the first time.
pub fn restore(target: &Version, current: &Flow) -> Restore {
    let mut edits = Edits {
        flow: current.clone(),
        ops: Vec::new(),
    };
    let mut out = Restore::default();
    let saved = |id: &str| NodeId::Saved(id.to_owned());

    // Which node of the current flow stands for each of the version's.
    let menu_ids = stand_ins(
        target.menus.iter().map(|(id, m)| (id, m.name.as_str())),
        current.menus().map(|m| (&m.id, m.name.as_str())),
        &mut out.recreated,
        |name| edits.push(Op::AddMenu { name }),
    );
    let group_ids = stand_ins(
        target.groups.iter().map(|(id, g)| (id, g.name.as_str())),
        current.groups().map(|g| (&g.id, g.name.as_str())),
        &mut out.recreated,
        |name| edits.push(Op::AddGroup { name }),
    );
    let map_target = |t: &Target| -> Target {
        match t {
            Target::Menu(NodeId::Saved(id)) => {
                Target::Menu(menu_ids.get(id).cloned().unwrap_or_else(|| saved(id)))
            }
            Target::Group(NodeId::Saved(id)) => {
                Target::Group(group_ids.get(id).cloned().unwrap_or_else(|| saved(id)))
            }
            other => other.clone(),
        }
    };
    let exists = |id: &str| current.recording(id).is_some();

    for (id, want) in &target.menus {
        let Some(node) = menu_ids.get(id).cloned() else {
            continue;
        };
        let Some(now) = edits.flow.menu(&node).cloned() else {
            continue;
        };
        if now.name != want.name {
            edits.push(Op::Rename {
                menu: node.clone(),
                name: want.name.clone(),
            });
        }
        // A greeting deleted since cannot come back: the menu keeps what it plays now.
        let mut sound = |field: Field, wanted: &Option<String>, now: &Option<String>| match wanted {
            _ if wanted == now => None,
            Some(g) if !exists(g) => {
                out.lost.push(LostGreeting {
                    menu: node.clone(),
                    menu_name: want.name.clone(),
                    field,
                    greeting_id: g.clone(),
                    greeting_name: target.greeting_name(g).map(str::to_owned),
                    instead: now.clone(),
                });
                None
            }
            _ => Some(wanted.clone()),
        };
        if let Some(greeting) = sound(Field::Greeting, &want.greeting, &now.greeting) {
            edits.push(Op::SetGreeting {
                menu: node.clone(),
                greeting,
            });
        }
        if let Some(greeting) = sound(
            Field::ShortGreeting,
            &want.short_greeting,
            &now.short_greeting,
        ) {
            edits.push(Op::SetShortGreeting {
                menu: node.clone(),
                greeting,
            });
        }
        if let Some(sound) = sound(Field::InvalidSound, &want.invalid_sound, &now.invalid_sound) {
            edits.push(Op::SetInvalidSound {
                menu: node.clone(),
                sound,
            });
        }
        if let Some(seconds) = want.time_out.and_then(|s| u32::try_from(s).ok()) {
            if now.time_out != want.time_out {
                edits.push(Op::SetTimeOut {
                    menu: node.clone(),
                    seconds,
                });
            }
        }
        if let Some(tries) = want.max_failure.and_then(|s| u32::try_from(s).ok()) {
            if now.max_failure != want.max_failure {
                edits.push(Op::SetMaxFailure {
                    menu: node.clone(),
                    tries,
                });
            }
        }
        restore_keys(&mut edits, &mut out, &node, want, &map_target, &exists);
        let fallback = want.fallback.as_ref().map(&map_target);
        if now.fallback != fallback {
            let gone = matches!(&fallback, Some(Target::Recording(r)) if !exists(r));
            if !gone {
                edits.push(Op::SetFallback {
                    menu: node.clone(),
                    target: fallback,
                });
            }
        }
        if now.entry != want.entry {
            edits.push(Op::SetEntry {
                menu: node.clone(),
                entry: want.entry,
            });
        }
    }

    for (id, want) in &target.groups {
        let Some(node) = group_ids.get(id).cloned() else {
            continue;
        };
        let Some(now) = edits.flow.group(&node).cloned() else {
            continue;
        };
        if now.name != want.name {
            edits.push(Op::RenameGroup {
                group: node.clone(),
                name: want.name.clone(),
            });
        }
        if let Some(strategy) = want
            .strategy
            .clone()
            .filter(|s| now.strategy.as_ref() != Some(s))
        {
            edits.push(Op::SetGroupStrategy {
                group: node.clone(),
                strategy,
            });
        }
        let same_members = now.members.len() == want.members.len()
            && now
                .members
                .iter()
                .zip(&want.members)
                .all(|(a, b)| a.agent_id == b.agent_id && a.sip_user == b.sip_user);
        if !same_members {
            for (index, member) in now.members.iter().enumerate().rev() {
                edits.push(Op::RemoveMember {
                    group: node.clone(),
                    index,
                    member: member.label(),
                });
            }
            for member in &want.members {
                match (&member.agent_id, &member.sip_user) {
                    (Some(agent_id), Some(sip_user)) => {
                        edits.push(Op::AddMember {
                            group: node.clone(),
                            agent: Agent {
                                agent_id: agent_id.clone(),
                                sip_user: sip_user.clone(),
                                name: member.name.clone(),
                            },
                        });
                    }
                    _ => out.unrestorable.push(Unrestorable::Member {
                        group: node.clone(),
                        member: member
                            .sip_user
                            .clone()
                            .or_else(|| member.name.clone())
                            .unwrap_or_default(),
                    }),
                }
            }
        }
        let rings = edits.flow.group(&node).map(|g| {
            (
                g.member_timeout,
                g.members.iter().map(|m| g.ring_time(m)).collect::<Vec<_>>(),
            )
        });
        let wanted_rings: Vec<Option<i64>> = want.members.iter().map(|m| m.rings).collect();
        // The editor sets one ringing time for the whole group, as the API does.
        if let Some(seconds) = want.member_timeout.and_then(|s| u32::try_from(s).ok()) {
            if rings != Some((want.member_timeout, wanted_rings)) {
                edits.push(Op::SetGroupMemberTimeout {
                    group: node.clone(),
                    seconds,
                });
            }
        }
        let on_timeout = want.on_timeout.as_ref().map(&map_target);
        if now.on_timeout != on_timeout {
            edits.push(Op::SetGroupOnTimeout {
                group: node.clone(),
                target: on_timeout,
            });
        }
    }

    // What the version did not have goes last, once nothing it had leads there any more.
    let kept_menus: BTreeSet<&NodeId> = menu_ids.values().collect();
    let kept_groups: BTreeSet<&NodeId> = group_ids.values().collect();
    let menus_gone: Vec<NodeId> = current
        .menus()
        .map(|m| m.id.clone())
        .filter(|id| !kept_menus.contains(id))
        .collect();
    let groups_gone: Vec<NodeId> = current
        .groups()
        .map(|g| g.id.clone())
        .filter(|id| !kept_groups.contains(id))
        .collect();
    for menu in menus_gone {
        edits.push(Op::DeleteMenu { menu });
    }
    for group in &groups_gone {
        if edits
            .flow
            .group(group)
            .is_none_or(|g| g.on_timeout.is_none())
        {
            continue;
        }
        edits.push(Op::SetGroupOnTimeout {
            group: group.clone(),
            target: None,
        });
    }
    for group in groups_gone {
        edits.push(Op::DeleteGroup {
            group,
            repoint: None,
        });
    }
    out.ops = edits.ops;
    out.positions = target
        .positions
        .iter()
        .filter_map(|(key, p)| {
            let node = match NodeKey::from_stored(key)? {
                NodeKey::Menu(NodeId::Saved(id)) => NodeKey::Menu(menu_ids.get(&id)?.clone()),
                NodeKey::Group(NodeId::Saved(id)) => NodeKey::Group(group_ids.get(&id)?.clone()),
                _ => return None,
            };
            Some((node, *p))
        })
        .collect();
    out
}

/// For each of the version's nodes (`wanted`, by id with its name), the node of the current flow
/// (`now`) that stands for it: the one with its id, else one the version has not of the same
/// name (made by an earlier, interrupted restore, or again outside the console), else a new
/// draft made by `add` and noted in `recreated`.
fn stand_ins<'a>(
    wanted: impl Iterator<Item = (&'a String, &'a str)>,
    now: impl Iterator<Item = (&'a NodeId, &'a str)>,
    recreated: &mut BTreeMap<String, NodeId>,
    mut add: impl FnMut(String) -> Option<NodeId>,
) -> BTreeMap<String, NodeId> {
    let wanted: Vec<(&String, &str)> = wanted.collect();
    let ids: BTreeSet<&str> = wanted.iter().map(|(id, _)| id.as_str()).collect();
    let (mut kept, mut spare): (BTreeSet<&NodeId>, Vec<(&NodeId, &str)>) =
        (BTreeSet::new(), Vec::new());
    for (node, name) in now {
        match node.saved() {
            Some(id) if ids.contains(id) => {
                kept.insert(node);
            }
            _ => spare.push((node, name)),
        }
    }
    let mut out = BTreeMap::new();
    for (id, name) in wanted {
        let saved = NodeId::Saved(id.clone());
        if kept.contains(&saved) {
            out.insert(id.clone(), saved);
            continue;
        }
        let node = match spare.iter().position(|(_, other)| same_name(other, name)) {
            Some(at) => spare.remove(at).0.clone(),
            None => match add(name.to_owned()) {
                Some(draft) => {
                    recreated.insert(id.clone(), draft.clone());
                    draft
                }
                None => continue,
            },
        };
        out.insert(id.clone(), node);
    }
    out
}

fn restore_keys(
    edits: &mut Edits,
    out: &mut Restore,
    node: &NodeId,
    want: &MenuState,
    map_target: &impl Fn(&Target) -> Target,
    exists: &impl Fn(&str) -> bool,
) {
    let Some(now) = edits.flow.menu(node).cloned() else {
        return;
    };
    // Keys the keypad has not (vendor data) can be removed, not set.
    for (index, binding) in now.keys.iter().enumerate().rev() {
        let odd = binding.keypad_key().is_none() && binding.target.is_some();
        let wanted = want.keys.iter().any(|(k, _)| *k == binding.key);
        if odd && !wanted {
            edits.push(Op::RemoveEntry {
                menu: node.clone(),
                index,
                key: binding.key.clone(),
            });
        }
    }
    for (key, _) in &want.keys {
        if parse_key(key).is_none() && !now.keys.iter().any(|b| b.key == *key) {
            out.unrestorable.push(Unrestorable::Key {
                menu: node.clone(),
                key: key.clone(),
            });
        }
    }
    for key in super::keys::KEYPAD {
        let wanted = want
            .keys
            .iter()
            .find(|(k, _)| parse_key(k) == Some(key))
            .map(|(_, t)| map_target(t));
        let current = edits
            .flow
            .menu(node)
            .and_then(|m| m.target_of(key))
            .cloned();
        if wanted == current {
            continue;
        }
        match wanted {
            Some(Target::Recording(r)) if !exists(&r) => out.lost.push(LostGreeting {
                menu: node.clone(),
                menu_name: want.name.clone(),
                field: Field::Key(key.to_string()),
                greeting_name: None,
                greeting_id: r,
                instead: match current {
                    Some(Target::Recording(now)) => Some(now),
                    _ => None,
                },
            }),
            Some(target) => {
                edits.push(Op::SetKey {
                    menu: node.clone(),
                    key,
                    target,
                });
            }
            None => {
                edits.push(Op::ClearKey {
                    menu: node.clone(),
                    key,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{self, group, menu};

    fn two_menus() -> Flow {
        fixture::flow(
            vec![
                menu("m1", "Chính")
                    .key("1", "Ring_group", "g1")
                    .key("2", "Ivr_menu", "m2")
                    .set("greeting_id", "hello".into())
                    .build(),
                menu("m2", "Phụ").build(),
            ],
            vec![group("g1", "Bán hàng", &["100", "101"])],
        )
    }

    #[test]
    fn a_diff_names_what_changed_and_counts_it_in_one_line() {
        let a = two_menus();
        let mut b = a.clone();
        fixture::edit(
            &mut b,
            [
                Op::ClearKey {
                    menu: fixture::id("m1"),
                    key: '2',
                },
                Op::RenameGroup {
                    group: fixture::id("g1"),
                    name: "Kinh doanh".into(),
                },
            ],
        );
        let (va, vb) = (Version::of(&a), Version::of(&b));
        let d = diff(&va, &vb);
        assert_eq!(
            d.menu("m1").map(|c| c.fields()),
            Some(vec![Field::Key("2".into())])
        );
        assert_eq!(d.group("g1").map(|c| c.fields()), Some(vec![Field::Name]));
        let s = d.summary();
        assert_eq!(
            (s.keys_changed, s.menus_changed, s.groups_changed),
            (1, 0, 1)
        );
        assert_eq!(patch(&va, &d), vb);
        assert!(diff(&va, &va).is_empty());
    }

    #[test]
    fn a_box_moved_is_kept_and_patched_but_changes_no_flow() {
        let flow = two_menus();
        let at = |x: f64| Layout {
            positions: [("m:m2".to_owned(), crate::layout::Point { x, y: 0.0 })].into(),
            ..Layout::default()
        };
        let (a, b) = (
            Version::of(&flow).with_positions(&at(0.0)),
            Version::of(&flow).with_positions(&at(90.0)),
        );
        assert!(a.same_flow(&b) && a != b);
        let d = diff(&a, &b);
        assert!(d.is_empty(), "nothing a caller meets differs");
        assert_eq!(d.positions.len(), 1);
        assert_eq!(patch(&a, &d), b);
    }

    #[test]
    fn a_page_of_a_list_shows_a_change_only_in_what_it_holds() {
        let tenant = two_menus();
        let mut latest = Version::of(&tenant);
        latest.menus.get_mut("m1").expect("m1").entry = true;
        let menus = |m1: IvrMenu| vec![m1, menu("m2", "Phụ").build()];
        let m1 = || {
            menu("m1", "Chính")
                .key("1", "Ring_group", "g1")
                .key("2", "Ivr_menu", "m2")
                .set("greeting_id", "hello".into())
        };
        let whole = Listed::Menus { all: true };
        // The same menus: the entry mark, which no page carries, is no change.
        let page = Version::of_page(menus(m1().build()), vec![]);
        assert!(!latest.page_differs(&page, whole));
        // A key changed on the page is one.
        let page = Version::of_page(menus(m1().key("3", "Ivr_menu", "m2").build()), vec![]);
        assert!(latest.page_differs(&page, Listed::Menus { all: false }));
        // A menu missing counts only when the page held the whole list.
        let page = Version::of_page(vec![m1().build()], vec![]);
        assert!(!latest.page_differs(&page, Listed::Menus { all: false }));
        assert!(latest.page_differs(&page, whole));
        // Groups: members' names come from the extensions, which a page is read without.
        let groups = Listed::Groups { all: true };
        let page = Version::of_page(vec![], vec![group("g1", "Bán hàng", &["100", "101"])]);
        assert!(!latest.page_differs(&page, groups));
        let page = Version::of_page(vec![], vec![group("g1", "Bán hàng", &["100"])]);
        assert!(latest.page_differs(&page, groups));
        let page = Version::of_page(vec![], vec![group("g1", "Kinh doanh", &["100", "101"])]);
        assert!(latest.page_differs(&page, groups));
    }

    #[test]
    fn a_version_keeps_the_names_of_the_greetings_it_plays() {
        let v = Version::of(&two_menus());
        assert!(v.greetings.contains_key("hello"));
        assert!(!v.greetings.contains_key("busy"), "{:?}", v.greetings);
    }

    #[test]
    fn a_restore_brings_a_deleted_group_back_under_a_new_draft_and_rewires_its_keys() {
        let old = two_menus();
        let mut now = old.clone();
        fixture::edit(
            &mut now,
            [Op::DeleteGroup {
                group: fixture::id("g1"),
                repoint: Some(Target::Menu(fixture::id("m2"))),
            }],
        );
        let point = |x, y| crate::layout::Point { x, y };
        let layout = Layout {
            positions: [
                ("m:m1".to_owned(), point(10.4, 20.0)),
                ("g:g1".to_owned(), point(300.0, 170.6)),
                ("g:gone".to_owned(), point(1.0, 1.0)),
            ]
            .into(),
            ..Layout::default()
        };
        let version = Version::of(&old).with_positions(&layout);
        assert_eq!(version.positions.len(), 2, "only the version's own nodes");
        let r = restore(&version, &now);
        let draft = r
            .recreated
            .get("g1")
            .cloned()
            .expect("the group comes back");
        // Its box goes back where it was drawn, and so does the menu's.
        assert_eq!(
            r.positions,
            vec![
                (NodeKey::Group(draft.clone()), [300, 171]),
                (NodeKey::Menu(fixture::id("m1")), [10, 20]),
            ]
        );
        let mut restored = now.clone();
        fixture::edit(&mut restored, r.ops.clone());
        assert_eq!(
            restored
                .menu(&fixture::id("m1"))
                .and_then(|m| m.target_of('1')),
            Some(&Target::Group(draft.clone()))
        );
        let group = restored.group(&draft).expect("recreated");
        assert_eq!(group.name, "Bán hàng");
        assert_eq!(group.members.len(), 2);
        assert!(r.lost.is_empty());
    }

    #[test]
    fn a_greeting_deleted_since_is_said_lost_and_the_menu_keeps_what_it_plays() {
        let old = two_menus();
        let mut now = fixture::flow(
            vec![
                menu("m1", "Chính")
                    .key("1", "Ring_group", "g1")
                    .key("2", "Ivr_menu", "m2")
                    .set("greeting_id", "busy".into())
                    .build(),
                menu("m2", "Phụ").build(),
            ],
            vec![group("g1", "Bán hàng", &["100", "101"])],
        );
        now.recordings.remove("hello");
        let r = restore(&Version::of(&old), &now);
        assert_eq!(r.lost.len(), 1, "{:?}", r.lost);
        assert_eq!(r.lost[0].greeting_id, "hello");
        assert_eq!(r.lost[0].instead.as_deref(), Some("busy"));
        assert!(r.ops.is_empty(), "{:?}", r.ops);
    }
}
