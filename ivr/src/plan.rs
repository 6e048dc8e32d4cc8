//! The save plan: the ordered API calls that turn the flow as loaded into the flow as edited.
//!
//! Order, and why:
//! 1. create draft menus and groups, each after the drafts it leads to; a cycle between drafts
//!    is closed by creating without the references to drafts not yet created,
//! 2. then update those drafts with the references left out,
//! 3. update changed saved menus, then changed groups (they may lead to new nodes now),
//! 4. delete removed menus and groups, each once nothing leads to it any more,
//! 5. give their final names to nodes that had to wait for a name to be freed.
//!
//! The vendor refuses two menus (or two groups) with one name, so a node taking a name another
//! holds (a swap, or the name of a node deleted in step 4) first gets a temporary name, then its
//! own in step 5.
//!
//! Everything iterates in id order, so the same flows always give the same plan.

use super::model::{Field, Flow, Group, Menu, NodeId, Subject, Target, DEFAULT_MEMBER_TIMEOUT};
use omicall::requests::{IvrMenuInput, KeyAction, RingGroupInput};
use omicall::rules::{name_key, MEMBER_TIMEOUT_SECONDS};
use omicall::ActionType;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

/// The calls of a save, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SavePlan {
    pub steps: Vec<Step>,
    /// Menus and groups removed from the flow but not deleted, because something still leads
    /// to them.
    pub kept: Vec<Subject>,
}

impl SavePlan {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// One API call. Inputs that lead to drafts hold a placeholder id where [`Link`]s say;
/// execution puts the real id in once the draft is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    CreateMenu {
        draft: u32,
        input: IvrMenuInput,
        links: Vec<Link>,
    },
    UpdateMenu {
        menu: NodeId,
        input: IvrMenuInput,
        links: Vec<Link>,
    },
    CreateGroup {
        draft: u32,
        input: RingGroupInput,
        links: Vec<Link>,
    },
    UpdateGroup {
        group: NodeId,
        input: RingGroupInput,
        links: Vec<Link>,
    },
    DeleteMenu {
        id: String,
    },
    DeleteGroup {
        id: String,
    },
}

/// A place in a step's input that leads to a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub slot: Slot,
    pub draft: u32,
}

/// Where in an input a draft's id goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Slot {
    /// `scripts[i].action`.
    Script(usize),
    /// The menu's fallback `action`.
    Fallback,
    /// The group's `target_timeout`.
    OnTimeout,
}

/// What stands in for a draft's id until it exists.
pub fn placeholder(draft: u32) -> String {
    format!("draft-{draft}")
}

/// Why no plan could be made. Validation reports all of these first; planning a flow with
/// validation errors may still fail here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanError {
    /// A changed menu lacks a value the API requires (greeting, time-out, tries), holds one it
    /// cannot take, or leads to a draft that does not exist.
    MenuIncomplete { menu: NodeId, field: Field },
    /// A changed group lacks a value the API requires.
    GroupIncomplete { group: NodeId, field: Field },
    /// A changed group whose members ring for different times (`seconds`): an update sets one
    /// time for every member, so one must be chosen first.
    MemberTimesDiffer { group: NodeId, seconds: Vec<i64> },
    /// A changed group has a member not matched to an extension: an update names members by
    /// extension, so it would drop them.
    UnresolvedMember {
        group: NodeId,
        agent_id: Option<String>,
    },
    /// A saved menu or group in the edited flow that the loaded flow does not have.
    NotUpstream { id: String },
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::MenuIncomplete { menu, field } => {
                write!(
                    f,
                    "menu {menu} cannot be saved: {field:?} is missing or invalid"
                )
            }
            PlanError::GroupIncomplete { group, field } => {
                write!(
                    f,
                    "group {group} cannot be saved: {field:?} is missing or invalid"
                )
            }
            PlanError::MemberTimesDiffer { group, seconds } => write!(
                f,
                "group {group} cannot be saved: its members ring for different times {seconds:?}"
            ),
            PlanError::UnresolvedMember { group, agent_id } => write!(
                f,
                "group {group} has a member ({}) with no known extension",
                agent_id.as_deref().unwrap_or("?")
            ),
            PlanError::NotUpstream { id } => write!(f, "{id} is not upstream"),
        }
    }
}

impl std::error::Error for PlanError {}

/// Computes the calls that turn `loaded` into `edited`. `loaded` must be the upstream's state
/// (after a partial save: reloaded, with `edited` passed through [`Flow::with_saved_ids`]).
pub fn plan(loaded: &Flow, edited: &Flow) -> Result<SavePlan, PlanError> {
    let mut menu_names = Names::new(
        loaded.menus.values().map(|m| (&m.id, m.name.as_str())),
        edited.menus.values().map(|m| (&m.id, m.name.as_str())),
    );
    let mut group_names = Names::new(
        loaded.groups.values().map(|g| (&g.id, g.name.as_str())),
        edited.groups.values().map(|g| (&g.id, g.name.as_str())),
    );
    let mut steps = Vec::new();
    let mut renames = Vec::new();
    let drafts = draft_numbers(edited);

    let mut created = HashSet::new();
    let mut deferred = Vec::new();
    for draft in creation_order(edited, &drafts) {
        let id = NodeId::Draft(draft);
        let ready = |d| {
            if created.contains(&d) {
                Ready::Created
            } else if drafts.contains(&d) {
                Ready::Later
            } else {
                Ready::Missing
            }
        };
        if let Some(menu) = edited.menus.get(&id) {
            let name = name_for(&mut menu_names, &mut renames, &id, &menu.name);
            let built = menu_input(menu, &name, ready)?;
            if built.left_out {
                deferred.push((id.clone(), name));
            }
            steps.push(Step::CreateMenu {
                draft,
                input: built.input,
                links: built.links,
            });
        } else if let Some(group) = edited.groups.get(&id) {
            let name = name_for(&mut group_names, &mut renames, &id, &group.name);
            let built = group_input(group, &name, ready)?;
            if built.left_out {
                deferred.push((id.clone(), name));
            }
            steps.push(Step::CreateGroup {
                draft,
                input: built.input,
                links: built.links,
            });
        }
        created.insert(draft);
    }
    let all_created = |d| {
        if drafts.contains(&d) {
            Ready::Created
        } else {
            Ready::Missing
        }
    };
    for (id, name) in deferred {
        if let Some(menu) = edited.menus.get(&id) {
            let built = menu_input(menu, &name, all_created)?;
            steps.push(Step::UpdateMenu {
                menu: id,
                input: built.input,
                links: built.links,
            });
        } else if let Some(group) = edited.groups.get(&id) {
            let built = group_input(group, &name, all_created)?;
            steps.push(Step::UpdateGroup {
                group: id,
                input: built.input,
                links: built.links,
            });
        }
    }

    for menu in edited.menus.values() {
        let Some(id) = menu.id.saved() else {
            continue;
        };
        let before = loaded
            .menus
            .get(&menu.id)
            .ok_or_else(|| PlanError::NotUpstream { id: id.to_owned() })?;
        let same_rest = menu.same_besides_name(before);
        let renamed = menu.name != before.name;
        if !renamed && same_rest {
            continue;
        }
        let Some(name) = changed_name(
            &mut menu_names,
            &mut renames,
            &menu.id,
            renamed,
            same_rest,
            &before.name,
            &menu.name,
        ) else {
            continue;
        };
        let built = menu_input(menu, &name, all_created)?;
        steps.push(Step::UpdateMenu {
            menu: menu.id.clone(),
            input: built.input,
            links: built.links,
        });
    }

    for group in edited.groups.values() {
        let Some(id) = group.id.saved() else {
            continue;
        };
        let before = loaded
            .groups
            .get(&group.id)
            .ok_or_else(|| PlanError::NotUpstream { id: id.to_owned() })?;
        let same_rest = group.same_besides_name(before);
        let renamed = group.name != before.name;
        if !renamed && same_rest {
            continue;
        }
        let Some(name) = changed_name(
            &mut group_names,
            &mut renames,
            &group.id,
            renamed,
            same_rest,
            &before.name,
            &group.name,
        ) else {
            continue;
        };
        let built = group_input(group, &name, all_created)?;
        steps.push(Step::UpdateGroup {
            group: group.id.clone(),
            input: built.input,
            links: built.links,
        });
    }

    let kept = deletions(loaded, edited, &mut steps)?;

    renames.sort();
    renames.dedup();
    for id in renames {
        if let Some(menu) = edited.menus.get(&id) {
            let built = menu_input(menu, &menu.name, all_created)?;
            steps.push(Step::UpdateMenu {
                menu: id,
                input: built.input,
                links: built.links,
            });
        } else if let Some(group) = edited.groups.get(&id) {
            let built = group_input(group, &group.name, all_created)?;
            steps.push(Step::UpdateGroup {
                group: id,
                input: built.input,
                links: built.links,
            });
        }
    }
    Ok(SavePlan { steps, kept })
}

/// The draft numbers of the edited flow's new menus and groups.
fn draft_numbers(edited: &Flow) -> BTreeSet<u32> {
    edited
        .menus
        .keys()
        .chain(edited.groups.keys())
        .filter_map(|id| match id {
            NodeId::Draft(n) => Some(*n),
            NodeId::Saved(_) => None,
        })
        .collect()
}

/// The name a new node is created under: its own, or a temporary one while another node
/// holds it (the final name then comes in the last step).
fn name_for(names: &mut Names, renames: &mut Vec<NodeId>, id: &NodeId, name: &str) -> String {
    if names.taken_by_other(id, name) {
        renames.push(id.clone());
        names.temporary(name)
    } else {
        name.to_owned()
    }
}

/// The name a changed saved node is updated under, or `None` when the update is only a
/// rename that must wait for the final step.
fn changed_name(
    names: &mut Names,
    renames: &mut Vec<NodeId>,
    id: &NodeId,
    renamed: bool,
    same_rest: bool,
    old: &str,
    new: &str,
) -> Option<String> {
    if !(renamed && names.taken_by_other(id, new)) {
        return Some(new.to_owned());
    }
    renames.push(id.clone());
    // A rename alone can wait for the final step, unless this node's old name is the one
    // another node is waiting for.
    if same_rest && !names.wanted_by_other(old, id) {
        return None;
    }
    Some(names.temporary(new))
}

/// A saved menu or group, by vendor id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Node<'f> {
    Menu(&'f str),
    Group(&'f str),
}

impl<'f> Node<'f> {
    /// The saved node a target names.
    fn of(target: &'f Target) -> Option<Node<'f>> {
        match target {
            Target::Menu(NodeId::Saved(id)) => Some(Node::Menu(id)),
            Target::Group(NodeId::Saved(id)) => Some(Node::Group(id)),
            _ => None,
        }
    }

    fn subject(self) -> Subject {
        match self {
            Node::Menu(id) => Subject::Menu(NodeId::Saved(id.to_owned())),
            Node::Group(id) => Subject::Group(NodeId::Saved(id.to_owned())),
        }
    }

    fn delete(self) -> Step {
        match self {
            Node::Menu(id) => Step::DeleteMenu { id: id.to_owned() },
            Node::Group(id) => Step::DeleteGroup { id: id.to_owned() },
        }
    }
}

/// Deletes the menus and groups the edit removed, each after the removed nodes that lead to
/// it (the vendor refuses to delete what something leads to). Removed nodes leading to each
/// other in a cycle are cut loose first by an update that drops those links. A removed node
/// that something kept still leads to is kept too, and reported.
fn deletions(
    loaded: &Flow,
    edited: &Flow,
    steps: &mut Vec<Step>,
) -> Result<Vec<Subject>, PlanError> {
    let removed_menus = loaded
        .menus
        .keys()
        .filter(|id| !edited.menus.contains_key(*id))
        .filter_map(NodeId::saved)
        .map(Node::Menu);
    let removed_groups = loaded
        .groups
        .keys()
        .filter(|id| !edited.groups.contains_key(*id))
        .filter_map(NodeId::saved)
        .map(Node::Group);
    let removed: BTreeSet<Node> = removed_menus.chain(removed_groups).collect();
    let led_to = saved_targets(edited);
    let mut kept: BTreeSet<Node> = removed
        .iter()
        .copied()
        .filter(|node| led_to.contains(node))
        .collect();
    let mut queue: Vec<Node> = kept.iter().copied().collect();
    while let Some(node) = queue.pop() {
        for to in links(loaded, node) {
            if removed.contains(&to) && kept.insert(to) {
                queue.push(to);
            }
        }
    }
    let doomed: BTreeSet<Node> = removed.difference(&kept).copied().collect();
    let mut order = Unlinking::new(loaded, &doomed);
    loop {
        while let Some(node) = order.ready.pop_first() {
            steps.push(node.delete());
            order.left.remove(&node);
            order.release(node);
        }
        // Only cycles are left: every remaining node is led to by another remaining one. One is
        // cut loose by an update; the update must be one the vendor takes, or the deletes could
        // never happen, however often the save is retried.
        let candidates: Vec<Node> = order
            .left
            .iter()
            .copied()
            .filter(|node| order.leads_somewhere(*node))
            .collect();
        let Some((cut, step, _)) = candidates
            .iter()
            .filter_map(|node| {
                let (step, repaired) = cut_loose(loaded, *node, &doomed)?;
                Some((*node, step, repaired))
            })
            .min_by_key(|(_, _, repaired)| *repaired)
        else {
            break;
        };
        steps.push(step);
        order.release(cut);
    }
    if let Some(stuck) = order.left.first() {
        // No update the vendor would take can cut the cycle: nothing to borrow a greeting from.
        return Err(match stuck.subject() {
            Subject::Menu(menu) => PlanError::MenuIncomplete {
                menu,
                field: Field::Greeting,
            },
            Subject::Group(group) => PlanError::GroupIncomplete {
                group,
                field: Field::Node,
            },
        });
    }
    Ok(kept.into_iter().map(Node::subject).collect())
}

/// The update that cuts `node`'s links to `doomed` nodes, made acceptable to the vendor, and
/// whether more had to change than those links; `None` when no such update can be made.
fn cut_loose(loaded: &Flow, node: Node, doomed: &BTreeSet<Node>) -> Option<(Step, bool)> {
    match node {
        Node::Menu(id) => {
            let loose = loosened(loaded, id, doomed)?;
            let built = menu_input(&loose.menu, &loose.menu.name, |_| Ready::Missing).ok()?;
            let step = Step::UpdateMenu {
                menu: loose.menu.id.clone(),
                input: built.input,
                links: built.links,
            };
            Some((step, loose.repaired))
        }
        Node::Group(id) => {
            let (group, repaired) = loosened_group(loaded, id, doomed)?;
            let built = group_input(&group, &group.name, |_| Ready::Missing).ok()?;
            let step = Step::UpdateGroup {
                group: group.id.clone(),
                input: built.input,
                links: built.links,
            };
            Some((step, repaired))
        }
    }
}

/// Whether `target` names something that exists upstream and is not about to be deleted.
fn still_there(loaded: &Flow, doomed: &BTreeSet<Node>, target: &Target) -> bool {
    if let Some(node) = Node::of(target) {
        if doomed.contains(&node) {
            return false;
        }
    }
    match target {
        Target::Menu(id) => id.saved().is_some() && loaded.menus.contains_key(id),
        Target::Group(id) => id.saved().is_some() && loaded.groups.contains_key(id),
        Target::Recording(r) => loaded.recordings.contains_key(r),
        Target::VoiceMail(_) => true,
        Target::Unknown { .. } => false,
    }
}

fn is_doomed(doomed: &BTreeSet<Node>, target: &Target) -> bool {
    Node::of(target).is_some_and(|node| doomed.contains(&node))
}

/// A menu about to be deleted, changed so that an update the vendor takes cuts its links.
struct Loosened {
    menu: Menu,
    /// Whether more had to change than the links to deleted nodes (a greeting borrowed, a
    /// number brought into range, a target that is gone dropped).
    repaired: bool,
}

/// `id` as loaded, without its links to `doomed` nodes and made acceptable to the vendor:
/// its greeting, or any recording when its own is gone (the menu is deleted right after),
/// time-out and tries in range, only targets that exist.
fn loosened(loaded: &Flow, id: &str, doomed: &BTreeSet<Node>) -> Option<Loosened> {
    use super::validate::{MAX_FAILURE, TIME_OUT_SECONDS};
    let mut menu = loaded.menus.get(&NodeId::Saved(id.to_owned()))?.clone();
    let mut repaired = false;
    for binding in &mut menu.keys {
        if let Some(target) = binding.target.take() {
            let keep = still_there(loaded, doomed, &target);
            repaired |= !keep && !is_doomed(doomed, &target);
            binding.target = keep.then_some(target);
        }
    }
    if let Some(target) = menu.fallback.take() {
        let keep = still_there(loaded, doomed, &target);
        repaired |= !keep && !is_doomed(doomed, &target);
        menu.fallback = keep.then_some(target);
    }
    let heard = |sound: &Option<String>| {
        sound
            .as_ref()
            .is_some_and(|s| loaded.recordings.contains_key(s))
    };
    if !heard(&menu.greeting) {
        repaired = true;
        menu.greeting = Some(loaded.recordings.keys().next()?.clone());
    }
    for sound in [&mut menu.short_greeting, &mut menu.invalid_sound] {
        if sound.is_some() && !heard(sound) {
            repaired = true;
            *sound = None;
        }
    }
    for (value, range) in [
        (&mut menu.time_out, &TIME_OUT_SECONDS),
        (&mut menu.max_failure, &MAX_FAILURE),
    ] {
        let fixed = value
            .unwrap_or(*range.start())
            .clamp(*range.start(), *range.end());
        repaired |= *value != Some(fixed);
        *value = Some(fixed);
    }
    Some(Loosened { menu, repaired })
}

/// Group `id` as loaded, with its time-out no longer leading to a `doomed` node, and made
/// acceptable to the vendor (it is deleted right after): a strategy, only members matched to
/// an extension, one ringing time in range.
fn loosened_group(loaded: &Flow, id: &str, doomed: &BTreeSet<Node>) -> Option<(Group, bool)> {
    let mut group = loaded.groups.get(&NodeId::Saved(id.to_owned()))?.clone();
    let mut repaired = false;
    if let Some(target) = group.on_timeout.take() {
        let keep = still_there(loaded, doomed, &target);
        repaired |= !keep && !is_doomed(doomed, &target);
        group.on_timeout = keep.then_some(target);
    }
    if group.strategy.is_none() {
        repaired = true;
        group.strategy = Some(omicall::Strategy::Sequential);
    }
    let before = group.members.len();
    group.members.retain(|m| m.sip_user.is_some());
    repaired |= group.members.len() != before;
    let times = group.ring_times();
    let one = times
        .iter()
        .flatten()
        .copied()
        .find(|s| MEMBER_TIMEOUT_SECONDS.contains(s))
        .unwrap_or(DEFAULT_MEMBER_TIMEOUT.into());
    if times.as_slice() != [Some(one)] {
        repaired = true;
        group.member_timeout = Some(one);
        for member in &mut group.members {
            member.timeout = Some(one);
        }
    }
    Some((group, repaired))
}

/// Saved nodes a loaded node leads to, itself excepted.
fn links<'f>(flow: &'f Flow, node: Node) -> BTreeSet<Node<'f>> {
    let targets: Vec<&Target> = match node {
        Node::Menu(id) => flow
            .menus
            .get(&NodeId::Saved(id.to_owned()))
            .map(|m| m.targets().map(|(_, t)| t).collect())
            .unwrap_or_default(),
        Node::Group(id) => flow
            .groups
            .get(&NodeId::Saved(id.to_owned()))
            .and_then(|g| g.on_timeout.as_ref())
            .into_iter()
            .collect(),
    };
    targets
        .into_iter()
        .filter_map(Node::of)
        .filter(|to| *to != node)
        .collect()
}

/// Removed nodes and the links between them, for deleting each once nothing leads to it.
struct Unlinking<'f> {
    out: BTreeMap<Node<'f>, BTreeSet<Node<'f>>>,
    referrers: BTreeMap<Node<'f>, usize>,
    ready: BTreeSet<Node<'f>>,
    left: BTreeSet<Node<'f>>,
}

impl<'f> Unlinking<'f> {
    fn new(loaded: &'f Flow, doomed: &BTreeSet<Node<'f>>) -> Self {
        let out: BTreeMap<Node, BTreeSet<Node>> = doomed
            .iter()
            .map(|node| {
                (
                    *node,
                    links(loaded, *node).intersection(doomed).copied().collect(),
                )
            })
            .collect();
        let mut referrers: BTreeMap<Node, usize> = doomed.iter().map(|n| (*n, 0)).collect();
        for to in out.values().flatten() {
            *referrers.entry(*to).or_default() += 1;
        }
        let ready = referrers
            .iter()
            .filter(|(_, n)| **n == 0)
            .map(|(node, _)| *node)
            .collect();
        Unlinking {
            out,
            referrers,
            ready,
            left: doomed.clone(),
        }
    }

    fn leads_somewhere(&self, node: Node<'f>) -> bool {
        self.out.get(&node).is_some_and(|to| !to.is_empty())
    }

    /// Drops `node`'s links, freeing the nodes only it still led to.
    fn release(&mut self, node: Node<'f>) {
        for to in self
            .out
            .get_mut(&node)
            .map(std::mem::take)
            .unwrap_or_default()
        {
            if let Some(count) = self.referrers.get_mut(&to) {
                *count = count.saturating_sub(1);
                if *count == 0 && self.left.contains(&to) {
                    self.ready.insert(to);
                }
            }
        }
    }
}

/// Drafts in an order where each comes after the drafts it leads to, as far as cycles allow:
/// a depth-first walk in number order, each draft listed once all it leads to is listed or
/// open.
fn creation_order(edited: &Flow, drafts: &BTreeSet<u32>) -> Vec<u32> {
    let children = |draft: u32| -> Vec<u32> {
        let id = NodeId::Draft(draft);
        let targets: Vec<&Target> = match (edited.menus.get(&id), edited.groups.get(&id)) {
            (Some(m), _) => m.targets().map(|(_, t)| t).collect(),
            (None, Some(g)) => g.on_timeout.iter().collect(),
            (None, None) => Vec::new(),
        };
        targets
            .into_iter()
            .filter_map(|t| match t.node() {
                Some(NodeId::Draft(d)) if drafts.contains(d) => Some(*d),
                _ => None,
            })
            .collect()
    };
    let mut order = Vec::with_capacity(drafts.len());
    let mut seen = HashSet::new();
    for &root in drafts {
        if !seen.insert(root) {
            continue;
        }
        let mut stack = vec![(root, children(root), 0usize)];
        while let Some((draft, next, i)) = stack.last_mut() {
            match next.get(*i).copied() {
                Some(child) => {
                    *i += 1;
                    if seen.insert(child) {
                        let grandchildren = children(child);
                        stack.push((child, grandchildren, 0));
                    }
                }
                None => {
                    order.push(*draft);
                    stack.pop();
                }
            }
        }
    }
    order
}

/// Saved menus and groups anything in the flow leads to.
fn saved_targets(flow: &Flow) -> HashSet<Node<'_>> {
    let menu_targets = flow
        .menus
        .values()
        .flat_map(|m| m.targets().map(|(_, t)| t));
    let group_targets = flow.groups.values().filter_map(|g| g.on_timeout.as_ref());
    menu_targets
        .chain(group_targets)
        .filter_map(Node::of)
        .collect()
}

/// Names of one kind (menus, or groups) as the vendor compares them (case and diacritics
/// ignored): it refuses two of a kind with one name.
struct Names {
    /// Who holds each name upstream before the save.
    start: HashMap<String, NodeId>,
    /// Who wants each name after it.
    wanted: HashMap<String, Vec<NodeId>>,
    /// Every name in use or wanted, temporary ones included.
    taken: HashSet<String>,
}

impl Names {
    fn new<'f>(
        loaded: impl Iterator<Item = (&'f NodeId, &'f str)>,
        edited: impl Iterator<Item = (&'f NodeId, &'f str)>,
    ) -> Self {
        let mut start = HashMap::new();
        for (id, name) in loaded {
            start.entry(name_key(name)).or_insert_with(|| id.clone());
        }
        let mut wanted: HashMap<String, Vec<NodeId>> = HashMap::new();
        for (id, name) in edited {
            wanted.entry(name_key(name)).or_default().push(id.clone());
        }
        let taken = start.keys().chain(wanted.keys()).cloned().collect();
        Names {
            start,
            wanted,
            taken,
        }
    }

    /// Whether another node holds `name` upstream when the save starts.
    fn taken_by_other(&self, id: &NodeId, name: &str) -> bool {
        self.start
            .get(&name_key(name))
            .is_some_and(|holder| holder != id)
    }

    fn wanted_by_other(&self, name: &str, id: &NodeId) -> bool {
        self.wanted
            .get(&name_key(name))
            .is_some_and(|ids| ids.iter().any(|other| other != id))
    }

    /// A name nobody holds or wants, recognisably the node's own.
    fn temporary(&mut self, name: &str) -> String {
        let base = name.trim();
        (1u32..)
            .map(|i| format!("{base} ~{i}"))
            .find(|candidate| self.taken.insert(name_key(candidate)))
            .unwrap_or_else(|| base.to_owned())
    }
}

enum Ready {
    Created,
    Later,
    Missing,
}

struct Built<I = IvrMenuInput> {
    input: I,
    links: Vec<Link>,
    /// References to drafts not created yet were left out.
    left_out: bool,
}

enum Wired {
    Id(ActionType, String),
    Draft(ActionType, u32),
    LeftOut,
}

fn wire(target: &Target, ready: &impl Fn(u32) -> Ready) -> Option<Wired> {
    let kind = match target {
        Target::Group(_) => ActionType::RingGroup,
        _ => ActionType::IvrMenu,
    };
    match target {
        Target::Menu(NodeId::Draft(d)) | Target::Group(NodeId::Draft(d)) => match ready(*d) {
            Ready::Created => Some(Wired::Draft(kind, *d)),
            Ready::Later => Some(Wired::LeftOut),
            Ready::Missing => None,
        },
        other => match other.to_wire() {
            (Some(kind), Some(id)) => Some(Wired::Id(kind, id)),
            _ => None,
        },
    }
}

fn menu_input(menu: &Menu, name: &str, ready: impl Fn(u32) -> Ready) -> Result<Built, PlanError> {
    let incomplete = |field| PlanError::MenuIncomplete {
        menu: menu.id.clone(),
        field,
    };
    let seconds = |v: Option<i64>, field: Field| {
        v.and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| incomplete(field))
    };
    let greeting_id = menu
        .greeting
        .clone()
        .ok_or_else(|| incomplete(Field::Greeting))?;
    let mut links = Vec::new();
    let mut left_out = false;
    let mut scripts = Vec::new();
    for binding in &menu.keys {
        let ivr = binding.key.clone();
        // A key shown but not configured is kept as one, as the vendor lists it.
        let Some(target) = &binding.target else {
            scripts.push(KeyAction {
                ivr,
                action: None,
                action_type: None,
            });
            continue;
        };
        match wire(target, &ready).ok_or_else(|| incomplete(Field::Key(ivr.clone())))? {
            Wired::Id(action_type, action) => scripts.push(KeyAction {
                ivr,
                action: Some(action),
                action_type: Some(action_type),
            }),
            Wired::Draft(kind, draft) => {
                links.push(Link {
                    slot: Slot::Script(scripts.len()),
                    draft,
                });
                scripts.push(KeyAction {
                    ivr,
                    action: Some(placeholder(draft)),
                    action_type: Some(kind),
                });
            }
            Wired::LeftOut => left_out = true,
        }
    }
    let (action_type, action) = match &menu.fallback {
        None => (None, None),
        Some(target) => match wire(target, &ready).ok_or_else(|| incomplete(Field::Fallback))? {
            Wired::Id(kind, id) => (Some(kind), Some(id)),
            Wired::Draft(kind, draft) => {
                links.push(Link {
                    slot: Slot::Fallback,
                    draft,
                });
                (Some(kind), Some(placeholder(draft)))
            }
            Wired::LeftOut => {
                left_out = true;
                (None, None)
            }
        },
    };
    let input = IvrMenuInput {
        script_name: name.to_owned(),
        greeting_id,
        greeting_short_id: menu.short_greeting.clone(),
        invalid_sound_id: menu.invalid_sound.clone(),
        max_failure: seconds(menu.max_failure, Field::MaxFailure)?,
        time_out: seconds(menu.time_out, Field::TimeOut)?,
        scripts,
        action_type,
        action,
    };
    Ok(Built {
        input,
        links,
        left_out,
    })
}

fn group_input(
    group: &Group,
    name: &str,
    ready: impl Fn(u32) -> Ready,
) -> Result<Built<RingGroupInput>, PlanError> {
    let incomplete = |field| PlanError::GroupIncomplete {
        group: group.id.clone(),
        field,
    };
    let strategy = group
        .strategy
        .clone()
        .ok_or_else(|| incomplete(Field::Strategy))?;
    // The vendor lists groups without members with no timeout at all; the API still wants one,
    // and with nobody to ring any value means the same.
    let timeout = match group.ring_times().as_slice() {
        [] => Some(
            group
                .member_timeout
                .unwrap_or(DEFAULT_MEMBER_TIMEOUT.into()),
        ),
        [one] => *one,
        several => {
            return Err(PlanError::MemberTimesDiffer {
                group: group.id.clone(),
                seconds: several.iter().flatten().copied().collect(),
            })
        }
    }
    .filter(|s| MEMBER_TIMEOUT_SECONDS.contains(s))
    .and_then(|s| u32::try_from(s).ok())
    .ok_or_else(|| incomplete(Field::MemberTimeout))?;
    let sip_members = group
        .members
        .iter()
        .map(|m| {
            m.sip_user
                .clone()
                .ok_or_else(|| PlanError::UnresolvedMember {
                    group: group.id.clone(),
                    agent_id: m.agent_id.clone(),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut links = Vec::new();
    let mut left_out = false;
    let (target_timeout_type, target_timeout) = match &group.on_timeout {
        None => (None, None),
        Some(target) => match wire(target, &ready) {
            Some(Wired::Id(kind, id)) => (Some(kind), Some(id)),
            Some(Wired::Draft(kind, draft)) => {
                links.push(Link {
                    slot: Slot::OnTimeout,
                    draft,
                });
                (Some(kind), Some(placeholder(draft)))
            }
            Some(Wired::LeftOut) => {
                left_out = true;
                (None, None)
            }
            None => return Err(incomplete(Field::OnTimeout)),
        },
    };
    let input = RingGroupInput {
        group_name: name.to_owned(),
        strategy,
        sip_members,
        timeout,
        target_timeout_type,
        target_timeout,
    };
    Ok(Built {
        input,
        links,
        left_out,
    })
}

#[cfg(test)]
mod tests;
