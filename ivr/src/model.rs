//! A tenant's call flow as one graph: IVR menus, ring groups and recordings, built from the
//! `omicall` models and turned back into them without losing what the engine does not touch.

use super::keys::{self, KeySet};
use omicall::models::{Extension, Greeting, GroupMember, IvrMenu, KeyEntry, RingGroup};
use omicall::text::unsigned;
use omicall::{ActionType, Strategy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

/// Seconds a new menu waits for a key: long enough to reach for the keypad, short enough that
/// the line does not seem dead.
pub const DEFAULT_TIME_OUT: u32 = 5;
/// Wrong keys a new menu allows, the common PBX default.
pub const DEFAULT_MAX_FAILURE: u32 = 3;

pub use omicall::rules::DEFAULT_MEMBER_TIMEOUT;

/// Upstream ids of the menus and groups a save created, by draft number.
pub type IdMap = BTreeMap<u32, String>;

/// Which menu or group: one the vendor knows, or a draft that exists only in the editor until
/// saved. Menus and groups draw draft numbers from one counter, so a number names one node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NodeId {
    Saved(String),
    Draft(u32),
}

impl NodeId {
    /// The vendor's id, for a saved node.
    pub fn saved(&self) -> Option<&str> {
        match self {
            NodeId::Saved(id) => Some(id),
            NodeId::Draft(_) => None,
        }
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeId::Saved(id) => f.write_str(id),
            NodeId::Draft(n) => write!(f, "draft-{n}"),
        }
    }
}

/// Where a key, a menu's fallback or a group's time-out leads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Target {
    Group(NodeId),
    Menu(NodeId),
    Recording(String),
    /// Not in the reference's lists, but present in its example data (a group's time-out).
    VoiceMail(String),
    /// An action type this version does not know, or a type without an id (or the reverse):
    /// kept as sent so that saving writes it back unchanged.
    Unknown {
        action_type: Option<ActionType>,
        action: Option<String>,
    },
}

impl Target {
    /// Reads the vendor's `action_type` + `action` pair; both empty means no target.
    pub fn from_wire(action_type: Option<&ActionType>, action: Option<&str>) -> Option<Target> {
        let id = || action.map(str::to_owned).unwrap_or_default();
        match (action_type, action) {
            (None, None) => None,
            (Some(ActionType::RingGroup), Some(_)) => Some(Target::Group(NodeId::Saved(id()))),
            (Some(ActionType::IvrMenu), Some(_)) => Some(Target::Menu(NodeId::Saved(id()))),
            (Some(ActionType::Recording), Some(_)) => Some(Target::Recording(id())),
            (Some(ActionType::VoiceMail), Some(_)) => Some(Target::VoiceMail(id())),
            (kind, action) => Some(Target::Unknown {
                action_type: kind.cloned(),
                action: action.map(str::to_owned),
            }),
        }
    }

    /// The vendor's pair. A draft has no id yet, so its `action` is `None`.
    pub fn to_wire(&self) -> (Option<ActionType>, Option<String>) {
        match self {
            Target::Group(NodeId::Saved(id)) => (Some(ActionType::RingGroup), Some(id.clone())),
            Target::Group(NodeId::Draft(_)) => (Some(ActionType::RingGroup), None),
            Target::Menu(NodeId::Saved(id)) => (Some(ActionType::IvrMenu), Some(id.clone())),
            Target::Menu(NodeId::Draft(_)) => (Some(ActionType::IvrMenu), None),
            Target::Recording(id) => (Some(ActionType::Recording), Some(id.clone())),
            Target::VoiceMail(id) => (Some(ActionType::VoiceMail), Some(id.clone())),
            Target::Unknown {
                action_type,
                action,
            } => (action_type.clone(), action.clone()),
        }
    }

    /// A short stable name of the kind, for message parameters.
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Group(_) => "group",
            Target::Menu(_) => "menu",
            Target::Recording(_) => "recording",
            Target::VoiceMail(_) => "voicemail",
            Target::Unknown { .. } => "unknown",
        }
    }

    /// The id the target names, as shown to an admin.
    pub fn id_text(&self) -> String {
        match self {
            Target::Recording(id) | Target::VoiceMail(id) => id.clone(),
            Target::Group(id) | Target::Menu(id) => id.to_string(),
            Target::Unknown { action, .. } => action.clone().unwrap_or_default(),
        }
    }

    /// The menu or group the target names, if it is one.
    pub fn node(&self) -> Option<&NodeId> {
        match self {
            Target::Menu(id) | Target::Group(id) => Some(id),
            _ => None,
        }
    }

    /// Renames the menu or group the target names where `f` says.
    pub(crate) fn map_node(&mut self, f: impl Fn(&NodeId) -> Option<NodeId>) {
        if let Target::Menu(id) | Target::Group(id) = self {
            if let Some(new) = f(id) {
                *id = new;
            }
        }
    }
}

/// One key of a menu, as configured. The key is text because vendor data may hold keys the
/// editor would refuse ("10", "A", a key twice); validation reports them.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyBinding {
    pub key: String,
    /// `None` for a key shown but not configured (the vendor's empty `action`).
    pub target: Option<Target>,
    /// The vendor's entry as loaded, written back as it was while key and target are unchanged.
    pub original: Option<KeyEntry>,
}

impl KeyBinding {
    fn from_entry(entry: KeyEntry) -> Self {
        Self {
            key: entry.ivr.clone(),
            target: Target::from_wire(entry.action_type.as_ref(), entry.action.as_deref()),
            original: Some(entry),
        }
    }

    fn to_entry(&self) -> KeyEntry {
        if let Some(original) = &self.original {
            let unchanged = original.ivr == self.key
                && Target::from_wire(original.action_type.as_ref(), original.action.as_deref())
                    == self.target;
            if unchanged {
                return original.clone();
            }
        }
        let (action_type, action) = self.target.as_ref().map_or((None, None), Target::to_wire);
        KeyEntry {
            key: self.original.as_ref().and_then(|o| o.key.clone()),
            action_type,
            action,
            // The vendor fills the name in; an old one would name the previous target.
            action_name: None,
            ivr: self.key.clone(),
        }
    }

    /// The key, when it is a keypad key.
    pub fn keypad_key(&self) -> Option<char> {
        keys::parse_key(&self.key)
    }
}

/// An IVR menu ("kịch bản bấm phím").
#[derive(Debug, Clone, PartialEq)]
pub struct Menu {
    pub id: NodeId,
    pub name: String,
    /// Greeting played when a caller first enters the menu.
    pub greeting: Option<String>,
    /// Played instead of the greeting when a caller comes back.
    pub short_greeting: Option<String>,
    /// Played after a wrong key.
    pub invalid_sound: Option<String>,
    /// Seconds to wait for a key after the greeting.
    pub time_out: Option<i64>,
    /// Wrong keys after which the fallback is taken.
    pub max_failure: Option<i64>,
    pub keys: Vec<KeyBinding>,
    /// Taken after no input or too many wrong keys.
    pub fallback: Option<Target>,
    /// The vendor's record as loaded (`None` for drafts): fields the engine does not model are
    /// written back from it.
    pub original: Option<Arc<IvrMenu>>,
    /// Marked by the admin as where callers start. Console data: the vendor has no such field,
    /// and its hotlines lead to extensions, not menus.
    pub entry: bool,
}

impl Menu {
    /// Reads a vendor menu, keeping the record for writing back (shared, not copied, by the
    /// flow's copies: a large tenant's records are megabytes).
    pub fn from_omicall(menu: impl Into<Arc<IvrMenu>>) -> Menu {
        let menu: Arc<IvrMenu> = menu.into();
        Menu {
            id: NodeId::Saved(menu.id.clone()),
            name: menu.script_name.clone(),
            greeting: sound(&menu.greeting_id),
            short_greeting: sound(&menu.greeting_short_id),
            invalid_sound: sound(&menu.invalid_sound_id),
            time_out: menu.time_out,
            max_failure: menu.max_failure,
            keys: menu
                .scripts
                .iter()
                .cloned()
                .map(KeyBinding::from_entry)
                .collect(),
            fallback: Target::from_wire(menu.action_type.as_ref(), menu.action.as_deref()),
            original: Some(menu),
            entry: false,
        }
    }

    /// A new menu, known only to the editor until saved.
    pub fn draft(number: u32, name: impl Into<String>) -> Menu {
        Menu {
            id: NodeId::Draft(number),
            name: name.into(),
            greeting: None,
            short_greeting: None,
            invalid_sound: None,
            time_out: Some(DEFAULT_TIME_OUT.into()),
            max_failure: Some(DEFAULT_MAX_FAILURE.into()),
            keys: Vec::new(),
            fallback: None,
            original: None,
            entry: false,
        }
    }

    /// The vendor record with the engine's changes applied; `None` for a draft, which has no
    /// vendor id until the save plan creates it.
    pub fn to_omicall(&self) -> Option<IvrMenu> {
        let id = self.id.saved()?;
        let mut out = match &self.original {
            Some(original) => IvrMenu::clone(original),
            None => blank_menu(id.to_owned()),
        };
        out.id = id.to_owned();
        if out.script_name != self.name {
            out.script_name = self.name.clone();
            out.script_name_unsigned = Some(unsigned(&self.name));
        }
        // A changed sound's old name would describe the previous sound; the vendor refills it.
        if sound(&out.greeting_id) != self.greeting {
            out.greeting_id = self.greeting.clone();
            out.greeting_name = None;
        }
        if sound(&out.greeting_short_id) != self.short_greeting {
            out.greeting_short_id = self.short_greeting.clone();
            out.greeting_short_name = None;
        }
        if sound(&out.invalid_sound_id) != self.invalid_sound {
            out.invalid_sound_id = self.invalid_sound.clone();
            out.invalid_sound_name = None;
        }
        out.time_out = self.time_out;
        out.max_failure = self.max_failure;
        out.scripts = self.keys.iter().map(KeyBinding::to_entry).collect();
        if Target::from_wire(out.action_type.as_ref(), out.action.as_deref()) != self.fallback {
            let (action_type, action) =
                self.fallback.as_ref().map_or((None, None), Target::to_wire);
            out.action_type = action_type;
            out.action = action;
            out.action_name = None;
        }
        Some(out)
    }

    /// The first binding of `key`.
    pub fn binding(&self, key: char) -> Option<&KeyBinding> {
        self.keys.iter().find(|b| b.keypad_key() == Some(key))
    }

    /// Where `key` leads, if it is configured.
    pub fn target_of(&self, key: char) -> Option<&Target> {
        self.binding(key).and_then(|b| b.target.as_ref())
    }

    /// The keypad keys that lead somewhere.
    pub fn configured_keys(&self) -> KeySet {
        self.keys
            .iter()
            .filter(|b| b.target.is_some())
            .filter_map(KeyBinding::keypad_key)
            .collect()
    }

    /// Points `key` at `target` (or unconfigures it), keeping the entry's place in the list.
    pub(crate) fn set_target(&mut self, key: char, target: Option<Target>) {
        match self.keys.iter_mut().find(|b| b.keypad_key() == Some(key)) {
            Some(binding) => binding.target = target,
            None => {
                if target.is_some() {
                    self.keys.push(KeyBinding {
                        key: key.to_string(),
                        target,
                        original: None,
                    });
                }
            }
        }
    }

    /// Every target of the menu with the field it sits in.
    pub fn targets(&self) -> impl Iterator<Item = (Field, &Target)> {
        self.keys
            .iter()
            .filter_map(|b| b.target.as_ref().map(|t| (Field::Key(b.key.clone()), t)))
            .chain(self.fallback.iter().map(|t| (Field::Fallback, t)))
    }

    /// What the menu means to callers, ignoring vendor bookkeeping and key order.
    pub fn content(&self) -> MenuContent {
        let keys = self
            .configured()
            .into_iter()
            .map(|(k, t)| (k.to_owned(), t.clone()))
            .collect();
        MenuContent {
            name: self.name.clone(),
            greeting: self.greeting.clone(),
            short_greeting: self.short_greeting.clone(),
            invalid_sound: self.invalid_sound.clone(),
            time_out: self.time_out,
            max_failure: self.max_failure,
            keys,
            fallback: self.fallback.clone(),
        }
    }

    /// Configured keys and their targets, sorted by key.
    fn configured(&self) -> Vec<(&str, &Target)> {
        let mut keys: Vec<(&str, &Target)> = self
            .keys
            .iter()
            .filter_map(|b| b.target.as_ref().map(|t| (b.key.as_str(), t)))
            .collect();
        keys.sort_unstable();
        keys
    }

    /// Whether `other` means the same to callers apart from its name: [`Menu::content`]
    /// without the allocations, for comparing every menu of a tenant.
    pub(crate) fn same_besides_name(&self, other: &Menu) -> bool {
        self.greeting == other.greeting
            && self.short_greeting == other.short_greeting
            && self.invalid_sound == other.invalid_sound
            && self.time_out == other.time_out
            && self.max_failure == other.max_failure
            && self.fallback == other.fallback
            && self.configured() == other.configured()
    }

    fn map_refs(&mut self, f: &impl Fn(&NodeId) -> Option<NodeId>) {
        for binding in &mut self.keys {
            if let Some(t) = &mut binding.target {
                t.map_node(f);
            }
        }
        if let Some(t) = &mut self.fallback {
            t.map_node(f);
        }
    }
}

/// A menu's meaning: what a save must reproduce upstream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuContent {
    pub name: String,
    pub greeting: Option<String>,
    pub short_greeting: Option<String>,
    pub invalid_sound: Option<String>,
    pub time_out: Option<i64>,
    pub max_failure: Option<i64>,
    /// Configured keys, sorted by key.
    pub keys: Vec<(String, Target)>,
    pub fallback: Option<Target>,
}

/// What the flow needs of an extension: who a group member is. Only this reaches the browser,
/// never the extension's SIP password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agent {
    pub agent_id: String,
    pub sip_user: String,
    pub name: Option<String>,
}

impl Agent {
    /// The agent behind an extension; `None` for an extension no agent uses.
    pub fn of(extension: &Extension) -> Option<Agent> {
        Some(Agent {
            agent_id: extension.agent_id.clone()?,
            sip_user: extension.sip_user.clone(),
            name: extension.full_name.clone(),
        })
    }
}

/// A member of a ring group, matched to its extension.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub agent_id: Option<String>,
    /// The extension; `None` when neither the member nor the extension list names it.
    pub sip_user: Option<String>,
    pub name: Option<String>,
    /// The vendor's ringing position; equal positions ring in list order.
    pub order: Option<i64>,
    /// Seconds this member rings: the vendor keeps one value per member.
    pub timeout: Option<i64>,
}

impl Member {
    /// How the simulation and the editor name the member.
    pub fn label(&self) -> String {
        self.sip_user
            .clone()
            .or_else(|| self.name.clone())
            .or_else(|| self.agent_id.clone())
            .unwrap_or_else(|| "?".to_owned())
    }

    /// Whether the member is `agent`, by agent or by extension.
    pub fn is_agent(&self, agent: &Agent) -> bool {
        self.agent_id.as_deref() == Some(agent.agent_id.as_str())
            || self.sip_user.as_deref() == Some(agent.sip_user.as_str())
    }
}

/// A ring group ("nhóm nội bộ").
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: NodeId,
    pub name: String,
    pub strategy: Option<Strategy>,
    /// The group's own ringing time: what a member without one of its own rings for, and what
    /// an update of a group without members sends.
    pub member_timeout: Option<i64>,
    /// In ringing order (the vendor's `order`, then list order), which is the order an update
    /// sends them in.
    pub members: Vec<Member>,
    /// Where the call goes when nobody answered.
    pub on_timeout: Option<Target>,
    /// The vendor's record as loaded (`None` for drafts).
    pub original: Option<Arc<RingGroup>>,
}

impl Group {
    /// Reads a vendor group; members are matched to extensions by `agent_id` because the vendor
    /// often leaves their `sip_user` empty, and put in ringing order.
    pub fn from_omicall(group: impl Into<Arc<RingGroup>>, agents: &HashMap<&str, &Agent>) -> Group {
        let group: Arc<RingGroup> = group.into();
        let mut in_order: Vec<&GroupMember> = group.members.iter().collect();
        in_order.sort_by_key(|m| m.order.unwrap_or(0));
        let members = in_order
            .into_iter()
            .map(|m| {
                let agent = m.agent_id.as_deref().and_then(|a| agents.get(a));
                Member {
                    agent_id: m.agent_id.clone(),
                    sip_user: m
                        .sip_user
                        .clone()
                        .or_else(|| agent.map(|e| e.sip_user.clone())),
                    name: agent.and_then(|e| e.name.clone()),
                    order: m.order,
                    timeout: m.timeout,
                }
            })
            .collect();
        Group {
            id: NodeId::Saved(group.id.clone()),
            name: group.group_name.clone(),
            strategy: group.strategy.clone(),
            member_timeout: group.timeout.or_else(|| {
                let mut seconds = group.members.iter().map(|m| m.timeout);
                let first = seconds.next().flatten();
                seconds.all(|s| s == first).then_some(first).flatten()
            }),
            members,
            on_timeout: Target::from_wire(
                group.target_timeout_type.as_ref(),
                group.target_timeout.as_deref(),
            ),
            original: Some(group),
        }
    }

    /// A new group, known only to the editor until saved: nobody in it yet, members ringing
    /// one after the other for the vendor's default time.
    pub fn draft(number: u32, name: impl Into<String>) -> Group {
        Group {
            id: NodeId::Draft(number),
            name: name.into(),
            strategy: Some(Strategy::Sequential),
            member_timeout: Some(DEFAULT_MEMBER_TIMEOUT.into()),
            members: Vec::new(),
            on_timeout: None,
            original: None,
        }
    }

    /// The vendor record with the engine's changes applied; `None` for a draft.
    pub fn to_omicall(&self) -> Option<RingGroup> {
        let mut out = RingGroup::clone(self.original.as_deref()?);
        if out.group_name != self.name {
            out.group_name = self.name.clone();
            out.group_name_unsigned = Some(unsigned(&self.name));
        }
        out.strategy = self.strategy.clone();
        if out.timeout.is_some() || self.members.is_empty() {
            out.timeout = self.member_timeout;
        }
        for member in &mut out.members {
            let ours = self
                .members
                .iter()
                .find(|m| m.agent_id.is_some() && m.agent_id == member.agent_id);
            if let Some(ours) = ours {
                member.timeout = ours.timeout;
            }
        }
        let before = Target::from_wire(
            out.target_timeout_type.as_ref(),
            out.target_timeout.as_deref(),
        );
        if before != self.on_timeout {
            let (kind, id) = self
                .on_timeout
                .as_ref()
                .map_or((None, None), Target::to_wire);
            out.target_timeout_type = kind;
            out.target_timeout = id;
            out.target_timeout_name = None;
        }
        Some(out)
    }

    /// Seconds `member` rings: its own time, else the group's.
    pub fn ring_time(&self, member: &Member) -> Option<i64> {
        member.timeout.or(self.member_timeout)
    }

    /// The distinct ringing times of the members, shortest first. The API sets one time for
    /// every member, so an update can keep them only while there is at most one.
    pub fn ring_times(&self) -> Vec<Option<i64>> {
        let mut times: Vec<Option<i64>> = self.members.iter().map(|m| self.ring_time(m)).collect();
        times.sort_unstable();
        times.dedup();
        times
    }

    /// What the group means to callers. Nobody rings in a group without members, so its own
    /// ringing time means nothing then; otherwise each member's time counts.
    pub fn content(&self) -> GroupContent {
        GroupContent {
            name: self.name.clone(),
            strategy: self.strategy.clone(),
            members: self
                .members
                .iter()
                .map(|m| (m.sip_user.clone(), self.ring_time(m)))
                .collect(),
            on_timeout: self.on_timeout.clone(),
        }
    }

    /// Whether `other` means the same to callers apart from its name: [`Group::content`]
    /// without the allocations.
    pub(crate) fn same_besides_name(&self, other: &Group) -> bool {
        self.strategy == other.strategy
            && self.on_timeout == other.on_timeout
            && self.members.len() == other.members.len()
            && self
                .members
                .iter()
                .zip(&other.members)
                .all(|(a, b)| a.sip_user == b.sip_user && self.ring_time(a) == other.ring_time(b))
    }
}

/// A group's meaning: what a save must reproduce upstream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupContent {
    pub name: String,
    pub strategy: Option<Strategy>,
    /// Extension and ringing time of each member, in ringing order.
    pub members: Vec<(Option<String>, Option<i64>)>,
    pub on_timeout: Option<Target>,
}

/// A greeting recording, with the keys its text-to-speech text names worked out once.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    greeting: Greeting,
    mentions: KeySet,
}

impl Recording {
    pub fn new(greeting: Greeting) -> Recording {
        let mentions = match (&greeting.content, greeting.is_tts()) {
            (Some(text), true) => keys::mentioned_keys(text),
            _ => KeySet::EMPTY,
        };
        Recording { greeting, mentions }
    }

    pub fn id(&self) -> &str {
        &self.greeting.id
    }

    pub fn name(&self) -> &str {
        &self.greeting.greeting_name
    }

    pub fn greeting(&self) -> &Greeting {
        &self.greeting
    }

    /// The text callers hear, for a text-to-speech greeting.
    pub fn tts_text(&self) -> Option<&str> {
        if self.greeting.is_tts() {
            self.greeting.content.as_deref()
        } else {
            None
        }
    }

    /// The keys the text-to-speech text tells callers to press (empty for uploads).
    pub fn mentioned_keys(&self) -> KeySet {
        self.mentions
    }
}

/// Which node a finding or a reference is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Subject {
    Menu(NodeId),
    Group(NodeId),
}

/// A field of a menu or group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Field {
    /// The node as a whole.
    Node,
    Name,
    Greeting,
    ShortGreeting,
    InvalidSound,
    TimeOut,
    MaxFailure,
    /// A key entry, by its `ivr` text.
    Key(String),
    Fallback,
    Strategy,
    MemberTimeout,
    Members,
    OnTimeout,
}

/// A place that leads to a menu or group: the UI lists these before one is deleted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Reference {
    pub from: Subject,
    pub field: Field,
}

/// The vendor records of a flow, as [`Flow::to_omicall`] writes them back.
#[derive(Debug, Clone, PartialEq)]
pub struct Records {
    pub menus: Vec<IvrMenu>,
    pub groups: Vec<RingGroup>,
}

/// Everything a save must reproduce: menus and groups by id, by meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowContent {
    pub menus: BTreeMap<NodeId, MenuContent>,
    pub groups: BTreeMap<NodeId, GroupContent>,
}

/// A tenant's call flow. Read it through the accessors; change it through
/// [`super::ops::apply`] so that every edit can be undone.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Flow {
    pub(crate) menus: BTreeMap<NodeId, Menu>,
    pub(crate) groups: BTreeMap<NodeId, Group>,
    pub(crate) recordings: BTreeMap<String, Recording>,
    pub(crate) next_draft: u32,
}

impl Flow {
    /// The flow of a tenant from the vendor's lists. Agents let group members, which the
    /// vendor names by `agent_id`, be matched to their extension numbers.
    pub fn from_omicall(
        menus: impl IntoIterator<Item = impl Into<Arc<IvrMenu>>>,
        groups: impl IntoIterator<Item = impl Into<Arc<RingGroup>>>,
        greetings: Vec<Greeting>,
        agents: &[Agent],
    ) -> Flow {
        let by_agent: HashMap<&str, &Agent> =
            agents.iter().map(|a| (a.agent_id.as_str(), a)).collect();
        Flow {
            menus: menus
                .into_iter()
                .map(|m| {
                    let menu = Menu::from_omicall(m);
                    (menu.id.clone(), menu)
                })
                .collect(),
            groups: groups
                .into_iter()
                .map(|g| {
                    let group = Group::from_omicall(g, &by_agent);
                    (group.id.clone(), group)
                })
                .collect(),
            recordings: greetings
                .into_iter()
                .map(|g| (g.id.clone(), Recording::new(g)))
                .collect(),
            next_draft: 0,
        }
    }

    /// Marks the menus the admin chose as entries (console data, see [`Menu::entry`]).
    pub fn mark_entries<'a>(&mut self, ids: impl IntoIterator<Item = &'a String>) {
        for id in ids {
            if let Some(menu) = self.menus.get_mut(&NodeId::Saved(id.clone())) {
                menu.entry = true;
            }
        }
    }

    /// The vendor records with the engine's changes applied, sorted by id. Drafts are left out
    /// (they get a vendor id only when saved); a reference to one is written without an id.
    pub fn to_omicall(&self) -> Records {
        Records {
            menus: self.menus.values().filter_map(Menu::to_omicall).collect(),
            groups: self.groups.values().filter_map(Group::to_omicall).collect(),
        }
    }

    /// Menus in id order (saved ones first, then drafts).
    pub fn menus(&self) -> impl Iterator<Item = &Menu> {
        self.menus.values()
    }

    pub fn menu(&self, id: &NodeId) -> Option<&Menu> {
        self.menus.get(id)
    }

    pub fn groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.values()
    }

    pub fn group(&self, id: &NodeId) -> Option<&Group> {
        self.groups.get(id)
    }

    pub fn recordings(&self) -> impl Iterator<Item = &Recording> {
        self.recordings.values()
    }

    pub fn recording(&self, id: &str) -> Option<&Recording> {
        self.recordings.get(id)
    }

    /// Every key, fallback and group time-out that leads to `menu` (from menus other than itself).
    pub fn references_to(&self, menu: &NodeId) -> Vec<Reference> {
        self.leading_to(&Target::Menu(menu.clone()))
    }

    /// Every key, fallback and group time-out that leads to `group` (from groups other than
    /// itself).
    pub fn references_to_group(&self, group: &NodeId) -> Vec<Reference> {
        self.leading_to(&Target::Group(group.clone()))
    }

    fn leading_to(&self, wanted: &Target) -> Vec<Reference> {
        let own = wanted.node();
        let mut out = Vec::new();
        let is_menu = matches!(wanted, Target::Menu(_));
        for m in self
            .menus
            .values()
            .filter(|m| !(is_menu && Some(&m.id) == own))
        {
            for (field, target) in m.targets() {
                if target == wanted {
                    out.push(Reference {
                        from: Subject::Menu(m.id.clone()),
                        field,
                    });
                }
            }
        }
        for g in self
            .groups
            .values()
            .filter(|g| is_menu || Some(&g.id) != own)
        {
            if g.on_timeout.as_ref() == Some(wanted) {
                out.push(Reference {
                    from: Subject::Group(g.id.clone()),
                    field: Field::OnTimeout,
                });
            }
        }
        out
    }

    /// The flow's meaning, for "unsaved changes" and for checking that a save reproduced it.
    pub fn content(&self) -> FlowContent {
        FlowContent {
            menus: self
                .menus
                .iter()
                .map(|(id, m)| (id.clone(), m.content()))
                .collect(),
            groups: self
                .groups
                .iter()
                .map(|(id, g)| (id.clone(), g.content()))
                .collect(),
        }
    }

    /// The flow with the drafts a save created turned into saved nodes, every reference
    /// rewritten. Use it after a save (complete or not) before planning again; the undo history
    /// of the old flow does not apply to the new one.
    pub fn with_saved_ids(&self, ids: &IdMap) -> Flow {
        let rename = |id: &NodeId| match id {
            NodeId::Draft(n) => ids.get(n).map(|s| NodeId::Saved(s.clone())),
            NodeId::Saved(_) => None,
        };
        let mut out = self.clone();
        out.menus = std::mem::take(&mut out.menus)
            .into_values()
            .map(|mut m| {
                if let Some(new) = rename(&m.id) {
                    m.id = new;
                }
                m.map_refs(&rename);
                (m.id.clone(), m)
            })
            .collect();
        out.groups = std::mem::take(&mut out.groups)
            .into_values()
            .map(|mut g| {
                if let Some(new) = rename(&g.id) {
                    g.id = new;
                }
                if let Some(t) = &mut g.on_timeout {
                    t.map_node(rename);
                }
                (g.id.clone(), g)
            })
            .collect();
        out
    }
}

/// A recording id as the engine keeps it: blank (`""`, spaces) is no recording, as the vendor's
/// lists write "none".
pub fn sound(id: &Option<String>) -> Option<String> {
    id.as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}

/// A vendor menu record with nothing filled in but its id.
pub(crate) fn blank_menu(id: String) -> IvrMenu {
    IvrMenu {
        id,
        tenant_id: None,
        script_name: String::new(),
        script_name_unsigned: None,
        script_number: None,
        greeting_id: None,
        greeting_name: None,
        greeting_short_id: None,
        greeting_short_name: None,
        note: None,
        created_date: None,
        created_by: None,
        last_updated_date: None,
        last_updated_by: None,
        is_deleted: None,
        scripts: Vec::new(),
        time_out: None,
        action_type: None,
        action: None,
        action_name: None,
        invalid_sound_id: None,
        invalid_sound_name: None,
        max_failure: None,
        ivr_direct_menu_dial: None,
    }
}
