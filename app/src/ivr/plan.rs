//! The save plan: the ordered API calls that turn the flow as loaded into the flow as edited.
//!
//! Order, and why:
//! 1. create draft menus, each after the drafts it leads to; a cycle between drafts is closed by
//!    creating without the references to drafts not yet created,
//! 2. then update those drafts with the references left out,
//! 3. update changed saved menus, then changed groups (they may lead to new menus now),
//! 4. delete removed menus, once nothing leads to them any more,
//! 5. give their final names to menus that had to wait for a name to be freed.
//!
//! The vendor refuses two menus with one name, so a menu taking a name another menu holds
//! (a swap, or the name of a menu deleted in step 4) first gets a temporary name, then its own
//! in step 5.
//!
//! Everything iterates in id order, so the same flows always give the same plan.

use super::model::{Field, Flow, Group, Menu, NodeId, Target, DEFAULT_MEMBER_TIMEOUT};
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
    /// Menus removed from the flow but not deleted, because something still leads to them.
    pub kept: Vec<String>,
}

impl SavePlan {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// One API call. Inputs that lead to draft menus hold a placeholder id where [`Link`]s say;
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
    UpdateGroup {
        id: String,
        input: RingGroupInput,
        links: Vec<Link>,
    },
    DeleteMenu {
        id: String,
    },
}

/// A place in a step's input that leads to a draft menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub slot: Slot,
    pub draft: u32,
}

/// Where in an input a menu id goes.
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
    GroupIncomplete { group: String, field: Field },
    /// A changed group whose members ring for different times (`seconds`): an update sets one
    /// time for every member, so one must be chosen first.
    MemberTimesDiffer { group: String, seconds: Vec<i64> },
    /// A changed group has a member not matched to an extension: an update names members by
    /// extension, so it would drop them.
    UnresolvedMember {
        group: String,
        agent_id: Option<String>,
    },
    /// A saved menu in the edited flow that the loaded flow does not have.
    NotUpstream { menu: String },
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
            PlanError::NotUpstream { menu } => write!(f, "menu {menu} is not upstream"),
        }
    }
}

impl std::error::Error for PlanError {}

/// Computes the calls that turn `loaded` into `edited`. `loaded` must be the upstream's state
/// (after a partial save: reloaded, with `edited` passed through [`Flow::with_saved_ids`]).
pub fn plan(loaded: &Flow, edited: &Flow) -> Result<SavePlan, PlanError> {
    let mut names = Names::new(loaded, edited);
    let mut steps = Vec::new();
    let mut renames = Vec::new();
    let drafts: BTreeSet<u32> = edited
        .menus
        .keys()
        .filter_map(|id| match id {
            NodeId::Draft(n) => Some(*n),
            NodeId::Saved(_) => None,
        })
        .collect();

    let mut created = HashSet::new();
    let mut deferred = Vec::new();
    for draft in creation_order(edited, &drafts) {
        let Some(menu) = edited.menus.get(&NodeId::Draft(draft)) else {
            continue;
        };
        let name = if names.taken_by_other(menu) {
            renames.push(menu.id.clone());
            names.temporary(menu)
        } else {
            menu.name.clone()
        };
        let built = menu_input(menu, &name, |d| {
            if created.contains(&d) {
                Ready::Created
            } else if drafts.contains(&d) {
                Ready::Later
            } else {
                Ready::Missing
            }
        })?;
        if built.left_out {
            deferred.push((draft, name));
        }
        steps.push(Step::CreateMenu {
            draft,
            input: built.input,
            links: built.links,
        });
        created.insert(draft);
    }
    let all_created = |d| {
        if drafts.contains(&d) {
            Ready::Created
        } else {
            Ready::Missing
        }
    };
    for (draft, name) in deferred {
        let id = NodeId::Draft(draft);
        if let Some(menu) = edited.menus.get(&id) {
            let built = menu_input(menu, &name, all_created)?;
            steps.push(Step::UpdateMenu {
                menu: id,
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
            .ok_or_else(|| PlanError::NotUpstream {
                menu: id.to_owned(),
            })?;
        let same_rest = menu.same_besides_name(before);
        if menu.name == before.name && same_rest {
            continue;
        }
        let name = if menu.name != before.name && names.taken_by_other(menu) {
            renames.push(menu.id.clone());
            // A rename alone can wait for the final step, unless this menu's old name is the
            // one another menu is waiting for.
            if same_rest && !names.wanted_by_other(&before.name, &menu.id) {
                continue;
            }
            names.temporary(menu)
        } else {
            menu.name.clone()
        };
        let built = menu_input(menu, &name, all_created)?;
        steps.push(Step::UpdateMenu {
            menu: menu.id.clone(),
            input: built.input,
            links: built.links,
        });
    }

    for group in edited.groups.values() {
        let Some(before) = loaded.groups.get(&group.id) else {
            continue;
        };
        if !group.same_meaning(before) {
            let (input, links) = group_input(group, all_created)?;
            steps.push(Step::UpdateGroup {
                id: group.id.clone(),
                input,
                links,
            });
        }
    }

    let kept = deletions(loaded, edited, &mut steps)?;

    renames.sort();
    for id in renames {
        if let Some(menu) = edited.menus.get(&id) {
            let built = menu_input(menu, &menu.name, all_created)?;
            steps.push(Step::UpdateMenu {
                menu: id,
                input: built.input,
                links: built.links,
            });
        }
    }
    Ok(SavePlan { steps, kept })
}

/// Deletes the menus the edit removed, each after the removed menus that lead to it (the
/// vendor may refuse, and a caller could land in, a menu whose target is gone). Removed menus
/// leading to each other in a cycle are cut loose first by an update that drops those keys.
/// A removed menu that something kept still leads to is kept too, and reported.
fn deletions(
    loaded: &Flow,
    edited: &Flow,
    steps: &mut Vec<Step>,
) -> Result<Vec<String>, PlanError> {
    let removed: BTreeSet<&str> = loaded
        .menus
        .keys()
        .filter(|id| !edited.menus.contains_key(*id))
        .filter_map(NodeId::saved)
        .collect();
    let led_to = saved_menu_targets(edited);
    let mut kept: BTreeSet<&str> = removed
        .iter()
        .copied()
        .filter(|id| led_to.contains(id))
        .collect();
    let mut queue: Vec<&str> = kept.iter().copied().collect();
    while let Some(id) = queue.pop() {
        for to in menu_links(loaded, id) {
            if removed.contains(to) && kept.insert(to) {
                queue.push(to);
            }
        }
    }
    let doomed: BTreeSet<&str> = removed.difference(&kept).copied().collect();
    let mut order = Unlinking::new(loaded, &doomed);
    loop {
        while let Some(id) = order.ready.pop_first() {
            steps.push(Step::DeleteMenu { id: id.to_owned() });
            order.left.remove(id);
            order.release(id);
        }
        // Only cycles are left: every remaining menu is led to by another remaining one. One is
        // cut loose by an update; the update must be one the vendor takes, or the deletes could
        // never happen, however often the save is retried.
        let candidates: Vec<&str> = order
            .left
            .iter()
            .copied()
            .filter(|id| order.leads_somewhere(id))
            .collect();
        let Some((cut, loose)) = candidates
            .iter()
            .filter_map(|id| Some((*id, loosened(loaded, id, &doomed)?)))
            .min_by_key(|(_, loose)| loose.repaired)
        else {
            break;
        };
        let Some(greeting) = loose.menu.greeting.clone() else {
            return Err(PlanError::MenuIncomplete {
                menu: loose.menu.id.clone(),
                field: Field::Greeting,
            });
        };
        let mut menu = loose.menu;
        menu.greeting = Some(greeting);
        let built = menu_input(&menu, &menu.name, |_| Ready::Missing)?;
        steps.push(Step::UpdateMenu {
            menu: menu.id.clone(),
            input: built.input,
            links: built.links,
        });
        order.release(cut);
    }
    Ok(kept.into_iter().map(str::to_owned).collect())
}

/// A menu about to be deleted, changed so that an update the vendor takes cuts its links.
struct Loosened {
    menu: Menu,
    /// Whether more had to change than the links to deleted menus (a greeting borrowed, a
    /// number brought into range, a target that is gone dropped).
    repaired: bool,
}

/// `id` as loaded, without its links to `doomed` menus and made acceptable to the vendor:
/// its greeting, or any recording when its own is gone (the menu is deleted right after),
/// time-out and tries in range, only targets that exist.
fn loosened(loaded: &Flow, id: &str, doomed: &BTreeSet<&str>) -> Option<Loosened> {
    use super::validate::{MAX_FAILURE, TIME_OUT_SECONDS};
    let mut menu = loaded.menus.get(&NodeId::Saved(id.to_owned()))?.clone();
    let mut repaired = false;
    let exists = |t: &Target| match t {
        Target::Menu(NodeId::Saved(to)) => {
            !doomed.contains(to.as_str()) && loaded.menus.contains_key(&NodeId::Saved(to.clone()))
        }
        Target::Menu(NodeId::Draft(_)) | Target::Unknown { .. } => false,
        Target::Group(g) => loaded.groups.contains_key(g),
        Target::Recording(r) => loaded.recordings.contains_key(r),
        Target::VoiceMail(_) => true,
    };
    let is_doomed =
        |t: &Target| matches!(t, Target::Menu(NodeId::Saved(to)) if doomed.contains(to.as_str()));
    for binding in &mut menu.keys {
        if let Some(target) = binding.target.take() {
            repaired |= !exists(&target) && !is_doomed(&target);
            binding.target = exists(&target).then_some(target);
        }
    }
    if let Some(target) = menu.fallback.take() {
        repaired |= !exists(&target) && !is_doomed(&target);
        menu.fallback = exists(&target).then_some(target);
    }
    let heard = |sound: &Option<String>| {
        sound
            .as_ref()
            .is_some_and(|s| loaded.recordings.contains_key(s))
    };
    if !heard(&menu.greeting) {
        repaired = true;
        menu.greeting = loaded.recordings.keys().next().cloned();
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

/// Saved menus a loaded menu leads to, itself excepted.
fn menu_links<'f>(flow: &'f Flow, id: &str) -> BTreeSet<&'f str> {
    flow.menus
        .get(&NodeId::Saved(id.to_owned()))
        .map(|m| {
            m.targets()
                .filter_map(|(_, t)| match t {
                    Target::Menu(NodeId::Saved(to)) if to != id => Some(to.as_str()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Removed menus and the links between them, for deleting each once nothing leads to it.
struct Unlinking<'f> {
    out: BTreeMap<&'f str, BTreeSet<&'f str>>,
    referrers: BTreeMap<&'f str, usize>,
    ready: BTreeSet<&'f str>,
    left: BTreeSet<&'f str>,
}

impl<'f> Unlinking<'f> {
    fn new(loaded: &'f Flow, doomed: &BTreeSet<&'f str>) -> Self {
        let out: BTreeMap<&str, BTreeSet<&str>> = doomed
            .iter()
            .map(|id| {
                (
                    *id,
                    menu_links(loaded, id)
                        .intersection(doomed)
                        .copied()
                        .collect(),
                )
            })
            .collect();
        let mut referrers: BTreeMap<&str, usize> = doomed.iter().map(|id| (*id, 0)).collect();
        for to in out.values().flatten() {
            *referrers.entry(to).or_default() += 1;
        }
        let ready = referrers
            .iter()
            .filter(|(_, n)| **n == 0)
            .map(|(id, _)| *id)
            .collect();
        Unlinking {
            out,
            referrers,
            ready,
            left: doomed.clone(),
        }
    }

    fn leads_somewhere(&self, id: &str) -> bool {
        self.out.get(id).is_some_and(|to| !to.is_empty())
    }

    /// Drops `id`'s links, freeing the menus only it still led to.
    fn release(&mut self, id: &str) {
        for to in self.out.get_mut(id).map(std::mem::take).unwrap_or_default() {
            if let Some(count) = self.referrers.get_mut(to) {
                *count = count.saturating_sub(1);
                if *count == 0 && self.left.contains(to) {
                    self.ready.insert(to);
                }
            }
        }
    }
}

/// Drafts in an order where each comes after the drafts it leads to, as far as cycles allow:
/// a depth-first walk in id order, each draft listed once all it leads to is listed or open.
fn creation_order(edited: &Flow, drafts: &BTreeSet<u32>) -> Vec<u32> {
    let children = |draft: u32| -> Vec<u32> {
        edited
            .menus
            .get(&NodeId::Draft(draft))
            .map(|m| {
                m.targets()
                    .filter_map(|(_, t)| match t {
                        Target::Menu(NodeId::Draft(d)) if drafts.contains(d) => Some(*d),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
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

/// Saved menu ids anything in the flow leads to.
fn saved_menu_targets(flow: &Flow) -> HashSet<&str> {
    let menu_targets = flow
        .menus
        .values()
        .flat_map(|m| m.targets().map(|(_, t)| t));
    let group_targets = flow.groups.values().filter_map(|g| g.on_timeout.as_ref());
    menu_targets
        .chain(group_targets)
        .filter_map(|t| match t {
            Target::Menu(NodeId::Saved(id)) => Some(id.as_str()),
            _ => None,
        })
        .collect()
}

/// Menu names as the vendor compares them (case and diacritics ignored).
struct Names {
    /// Who holds each name upstream before the save.
    start: HashMap<String, NodeId>,
    /// Who wants each name after it.
    wanted: HashMap<String, Vec<NodeId>>,
    /// Every name in use or wanted, temporary ones included.
    taken: HashSet<String>,
}

impl Names {
    fn new(loaded: &Flow, edited: &Flow) -> Self {
        let mut start = HashMap::new();
        for m in loaded.menus.values() {
            start
                .entry(name_key(&m.name))
                .or_insert_with(|| m.id.clone());
        }
        let mut wanted: HashMap<String, Vec<NodeId>> = HashMap::new();
        for m in edited.menus.values() {
            wanted
                .entry(name_key(&m.name))
                .or_default()
                .push(m.id.clone());
        }
        let taken = start.keys().chain(wanted.keys()).cloned().collect();
        Names {
            start,
            wanted,
            taken,
        }
    }

    /// Whether another menu holds `menu`'s name upstream when the save starts.
    fn taken_by_other(&self, menu: &Menu) -> bool {
        self.start
            .get(&name_key(&menu.name))
            .is_some_and(|holder| *holder != menu.id)
    }

    fn wanted_by_other(&self, name: &str, id: &NodeId) -> bool {
        self.wanted
            .get(&name_key(name))
            .is_some_and(|ids| ids.iter().any(|other| other != id))
    }

    /// A name nobody holds or wants, recognisably the menu's own.
    fn temporary(&mut self, menu: &Menu) -> String {
        let base = menu.name.trim();
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

struct Built {
    input: IvrMenuInput,
    links: Vec<Link>,
    /// References to drafts not created yet were left out.
    left_out: bool,
}

enum Wired {
    Id(ActionType, String),
    Draft(u32),
    LeftOut,
}

fn wire(target: &Target, ready: &impl Fn(u32) -> Ready) -> Option<Wired> {
    match target {
        Target::Menu(NodeId::Draft(d)) => match ready(*d) {
            Ready::Created => Some(Wired::Draft(*d)),
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
            Wired::Draft(draft) => {
                links.push(Link {
                    slot: Slot::Script(scripts.len()),
                    draft,
                });
                scripts.push(KeyAction {
                    ivr,
                    action: Some(placeholder(draft)),
                    action_type: Some(ActionType::IvrMenu),
                });
            }
            Wired::LeftOut => left_out = true,
        }
    }
    let (action_type, action) = match &menu.fallback {
        None => (None, None),
        Some(target) => match wire(target, &ready).ok_or_else(|| incomplete(Field::Fallback))? {
            Wired::Id(kind, id) => (Some(kind), Some(id)),
            Wired::Draft(draft) => {
                links.push(Link {
                    slot: Slot::Fallback,
                    draft,
                });
                (Some(ActionType::IvrMenu), Some(placeholder(draft)))
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
    ready: impl Fn(u32) -> Ready,
) -> Result<(RingGroupInput, Vec<Link>), PlanError> {
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
    let (target_timeout_type, target_timeout) = match &group.on_timeout {
        None => (None, None),
        Some(target) => match wire(target, &ready) {
            Some(Wired::Id(kind, id)) => (Some(kind), Some(id)),
            Some(Wired::Draft(draft)) => {
                links.push(Link {
                    slot: Slot::OnTimeout,
                    draft,
                });
                (Some(ActionType::IvrMenu), Some(placeholder(draft)))
            }
            Some(Wired::LeftOut) | None => return Err(incomplete(Field::OnTimeout)),
        },
    };
    let input = RingGroupInput {
        group_name: group.name.clone(),
        strategy,
        sip_members,
        timeout,
        target_timeout_type,
        target_timeout,
    };
    Ok((input, links))
}

#[cfg(test)]
mod tests;
