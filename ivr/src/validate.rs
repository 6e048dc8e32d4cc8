//! Findings about a flow: errors block saving, warnings inform. Runs on every edit in the
//! browser, so each rule is one pass over the menus or the edges, over indexes built once, and
//! the editor keeps a [`Validator`] that checks again only what an edit changed.

use super::keys::KeySet;
use super::model::{Field, Flow, Group, Menu, NodeId, Recording, Subject, Target};
use omicall::rules::name_key;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::ops::RangeInclusive;

pub use omicall::rules::{
    MEMBER_TIMEOUT_SECONDS, MENU_MAX_FAILURE as MAX_FAILURE,
    MENU_TIME_OUT_SECONDS as TIME_OUT_SECONDS,
};
/// Menus deep a caller may have to go; deeper trees lose callers (and their patience).
pub const MAX_MENU_DEPTH: usize = 5;

/// Whether a finding blocks saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// Blocks saving.
    Error,
    /// Informs.
    Warning,
}

macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident => $key:literal, $severity:ident;)+) => {
        /// A validation rule. Its [`Rule::key`] is the stable message key of the i18n layer.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[$doc])* $variant,)+
        }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The message key, e.g. `"ivr.menu.name_duplicate"`.
            pub fn key(self) -> &'static str {
                match self {
                    $(Rule::$variant => $key,)+
                }
            }

            pub fn severity(self) -> Severity {
                match self {
                    $(Rule::$variant => Severity::$severity,)+
                }
            }
        }
    };
}

rules! {
    NameEmpty => "ivr.menu.name_empty", Error;
    /// Same name as another menu, ignoring case and diacritics (`other`): the vendor refuses it.
    NameDuplicate => "ivr.menu.name_duplicate", Error;
    GreetingMissing => "ivr.menu.greeting_missing", Error;
    /// A greeting, short greeting or invalid-key sound that is not among the recordings (`id`).
    SoundNotFound => "ivr.menu.sound_not_found", Error;
    /// `value` outside `min`..=`max`.
    TimeOutRange => "ivr.menu.time_out_range", Error;
    /// `value` outside `min`..=`max`.
    MaxFailureRange => "ivr.menu.max_failure_range", Error;
    /// A key entry that is not `0`-`9`, `*` or `#` (`key`).
    KeyInvalid => "ivr.key.invalid", Error;
    /// A key configured twice (`key`).
    KeyDuplicate => "ivr.key.duplicate", Error;
    /// A key leading to a recording or a voicemail (`kind`): the reference lists only ring
    /// groups and menus for keys (recordings and voicemail only for fallbacks and time-outs).
    KeyTargetKind => "ivr.key.target_kind", Error;
    /// A group, menu or recording that does not exist (`kind`, `id`).
    TargetNotFound => "ivr.target.not_found", Error;
    /// An action type without an id or the reverse (`action_type`, `id`).
    TargetIncomplete => "ivr.target.incomplete", Error;
    /// An action type this editor does not know (`action_type`): kept, not checked.
    TargetUnsupported => "ivr.target.unsupported", Warning;
    /// Callers can never reach anyone from this menu.
    NoPerson => "ivr.menu.no_person", Error;
    /// No keys and no fallback: the call ends after the greeting.
    DeadEnd => "ivr.menu.dead_end", Warning;
    GroupNoMembers => "ivr.group.no_members", Warning;
    /// The group's on-timeout target is the group itself, which the vendor refuses
    /// ([`omicall::rules::group_times_out_to_itself`]).
    GroupTimesOutToItself => "ivr.group.on_timeout_itself", Error;
    /// A member's ringing time (or the group's) the API refuses: `value` outside `min`..=`max`.
    MemberTimeoutRange => "ivr.group.member_timeout_range", Error;
    /// Members ring for different times (`seconds`); the API sets one time for all, so a change
    /// to the group needs one chosen first.
    MemberTimesDiffer => "ivr.group.member_times_differ", Warning;
    /// The menu is `depth` menus deep from the nearest entry menu (`max` allowed).
    TooDeep => "ivr.menu.too_deep", Warning;
    /// A loop callers go round without pressing a key (`path`: the names along it).
    SilentLoop => "ivr.flow.silent_loop", Warning;
    /// The text-to-speech greeting tells callers to press a key the menu does not configure.
    GreetingNamesUnsetKey => "ivr.greeting.key_not_configured", Warning;
    /// A configured key the text-to-speech greeting never mentions.
    GreetingOmitsKey => "ivr.greeting.key_not_mentioned", Warning;
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = String::deserialize(d)?;
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.key() == key)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule {key}")))
    }
}

/// One thing validation found, pointing at a node and field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    pub subject: Subject,
    pub field: Field,
    pub rule: Rule,
    /// Values for the message's placeholders.
    pub params: BTreeMap<String, String>,
}

impl Finding {
    fn new(rule: Rule, subject: &Subject, field: Field) -> Finding {
        Finding {
            severity: rule.severity(),
            subject: subject.clone(),
            field,
            rule,
            params: BTreeMap::new(),
        }
    }

    fn with(mut self, name: &str, value: impl ToString) -> Finding {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }

    /// The message key.
    pub fn key(&self) -> &'static str {
        self.rule.key()
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether any finding blocks saving.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(Finding::is_error)
}

/// Checks the whole flow. Findings come grouped by node (menus, then groups) in a stable order.
pub fn validate(flow: &Flow) -> Vec<Finding> {
    let name_keys: Vec<Option<String>> = flow.menus.values().map(name_key_of).collect();
    let structure = Structure::of(flow, &name_keys);
    let mut local = Vec::new();
    for menu in flow.menus.values() {
        check_menu(flow, menu, &mut local);
    }
    for group in flow.groups.values() {
        check_group(flow, group, &mut local);
    }
    structure.around(local.iter())
}

/// What depends on more than one node: names (duplicates) and the path rules (reach, depth,
/// silent loops).
#[derive(Default)]
struct Structure {
    names: Vec<Finding>,
    paths: Vec<Finding>,
}

impl Structure {
    /// `name_keys`: each menu's [`name_key_of`], in the flow's order.
    fn of(flow: &Flow, name_keys: &[Option<String>]) -> Structure {
        let graph = Graph::new(flow);
        let edges = Edges::new(&graph);
        let mut names = Vec::new();
        check_names(&graph, name_keys, &mut names);
        let mut paths = Vec::new();
        check_reach(&graph, &edges, &mut paths);
        check_depth(&graph, &edges, &mut paths);
        check_silent_loops(&graph, &edges, &mut paths);
        Structure { names, paths }
    }

    /// All findings, each node's together: its name's, its own fields', then its paths'.
    fn around<'a>(&self, local: impl Iterator<Item = &'a Finding>) -> Vec<Finding> {
        let mut out = self.names.clone();
        out.extend(local.cloned());
        out.extend_from_slice(&self.paths);
        // Stable: within a node, the order above.
        out.sort_by(|a, b| a.subject.cmp(&b.subject));
        out
    }
}

/// Validation that keeps what it found between runs, for the editor, where an edit changes a
/// node or two of hundreds: a node's own findings are checked again only when the node changed,
/// and the rules that follow paths only when a node's place in them changed (its name, entry
/// mark, keys, fallback, time-out target, or whether its group has members). A node added or
/// removed, or a recording changed, checks everything. Its findings are [`validate`]'s.
#[derive(Default)]
pub struct Validator {
    /// In the flow's order, as last checked.
    menus: Vec<Seen<Menu>>,
    /// Each menu's [`name_key_of`], which folds every letter: kept rather than made again.
    name_keys: Vec<Option<String>>,
    groups: Vec<Seen<GroupSeen>>,
    recordings: BTreeMap<String, Recording>,
    structure: Structure,
}

/// A node as last checked, and its own findings.
struct Seen<T> {
    node: T,
    findings: Vec<Finding>,
}

/// What validation reads of a group. Its members count only by their ringing times (and by
/// being there at all): comparing whole members, ten thousand on a large tenant, would cost more
/// than the checks it spares.
struct GroupSeen {
    id: NodeId,
    name: String,
    member_timeout: Option<i64>,
    member_times: Vec<Option<i64>>,
    on_timeout: Option<Target>,
}

impl GroupSeen {
    fn is(&self, group: &Group) -> bool {
        self.id == group.id
            && self.name == group.name
            && self.member_timeout == group.member_timeout
            && self.member_times.len() == group.members.len()
            && self
                .member_times
                .iter()
                .zip(&group.members)
                .all(|(time, member)| *time == member.timeout)
            && self.on_timeout == group.on_timeout
    }

    fn same_paths(&self, group: &Group) -> bool {
        self.name == group.name
            && self.member_times.is_empty() == group.members.is_empty()
            && self.on_timeout == group.on_timeout
    }
}

impl Validator {
    pub fn new() -> Validator {
        Validator::default()
    }

    pub fn check(&mut self, flow: &Flow) -> Vec<Finding> {
        let same_nodes = self.recordings == flow.recordings
            && self.menus.len() == flow.menus.len()
            && self.groups.len() == flow.groups.len()
            && self
                .menus
                .iter()
                .zip(flow.menus.keys())
                .all(|(s, id)| s.node.id == *id)
            && self
                .groups
                .iter()
                .zip(flow.groups.keys())
                .all(|(s, id)| s.node.id == *id);
        let reshaped = if same_nodes {
            self.recheck_changed(flow)
        } else {
            self.recheck_all(flow);
            true
        };
        if reshaped {
            self.structure = Structure::of(flow, &self.name_keys);
        }
        let local = self.menus.iter().flat_map(|s| &s.findings);
        let local = local.chain(self.groups.iter().flat_map(|s| &s.findings));
        self.structure.around(local)
    }

    fn recheck_all(&mut self, flow: &Flow) {
        self.recordings = flow.recordings.clone();
        self.menus = flow.menus.values().map(|m| seen_menu(flow, m)).collect();
        self.name_keys = flow.menus.values().map(name_key_of).collect();
        self.groups = flow.groups.values().map(|g| seen_group(flow, g)).collect();
    }

    /// Checks again the nodes that changed (the flow holds the same ones); whether one changed
    /// its place in the paths.
    fn recheck_changed(&mut self, flow: &Flow) -> bool {
        let mut reshaped = false;
        let menus = self.menus.iter_mut().zip(&mut self.name_keys);
        for ((seen, key), menu) in menus.zip(flow.menus.values()) {
            if seen.node != *menu {
                reshaped |= !same_menu_paths(&seen.node, menu);
                if seen.node.name != menu.name {
                    *key = name_key_of(menu);
                }
                *seen = seen_menu(flow, menu);
            }
        }
        for (seen, group) in self.groups.iter_mut().zip(flow.groups.values()) {
            if !seen.node.is(group) {
                reshaped |= !seen.node.same_paths(group);
                *seen = seen_group(flow, group);
            }
        }
        reshaped
    }
}

fn seen_menu(flow: &Flow, menu: &Menu) -> Seen<Menu> {
    let mut findings = Vec::new();
    check_menu(flow, menu, &mut findings);
    // The whole menu: compared whole, a field added to it later cannot be missed.
    Seen {
        node: menu.clone(),
        findings,
    }
}

/// Equal in what the names and the path rules read.
fn same_menu_paths(seen: &Menu, menu: &Menu) -> bool {
    seen.name == menu.name
        && seen.entry == menu.entry
        && seen.keys == menu.keys
        && seen.fallback == menu.fallback
}

fn seen_group(flow: &Flow, group: &Group) -> Seen<GroupSeen> {
    let mut findings = Vec::new();
    check_group(flow, group, &mut findings);
    // Every field spelled out: the strategy and the vendor's record no rule reads,
    // and of the members only their ringing times.
    let Group {
        id,
        name,
        strategy: _,
        member_timeout,
        members,
        on_timeout,
        original: _,
    } = group;
    let node = GroupSeen {
        id: id.clone(),
        name: name.clone(),
        member_timeout: *member_timeout,
        member_times: members.iter().map(|m| m.timeout).collect(),
        on_timeout: on_timeout.clone(),
    };
    Seen { node, findings }
}

/// Where callers may start, for depth and reachability: the menus the admin marked, the menus
/// nothing leads to, and, for menus still out of reach of those (a main menu every submenu
/// returns to with "press * for the main menu" is led to by them all), the one most led to
/// among them (the one others come back to), again until every menu is reached. Ties go to the
/// menu with more keys (a main menu offers the most), then the lower id.
pub fn entry_menus(flow: &Flow) -> Vec<NodeId> {
    let graph = Graph::new(flow);
    let edges = Edges::new(&graph);
    edges
        .entry_menus(&graph)
        .into_iter()
        .map(|i| graph.menus[i].id.clone())
        .collect()
}

/// Nodes numbered densely: menus `0..m`, then groups `m..m+g`.
struct Graph<'f> {
    flow: &'f Flow,
    menus: Vec<&'f Menu>,
    groups: Vec<&'f Group>,
    subjects: Vec<Subject>,
    configured: Vec<KeySet>,
}

#[derive(Clone, Copy)]
enum Dest {
    Node(usize),
    VoiceMail,
    Recording,
    Missing,
    Unknown,
}

impl<'f> Graph<'f> {
    fn new(flow: &'f Flow) -> Self {
        let menus: Vec<&Menu> = flow.menus.values().collect();
        let groups: Vec<&Group> = flow.groups.values().collect();
        let subjects = menus
            .iter()
            .map(|m| Subject::Menu(m.id.clone()))
            .chain(groups.iter().map(|g| Subject::Group(g.id.clone())))
            .collect();
        Graph {
            flow,
            configured: menus.iter().map(|m| m.configured_keys()).collect(),
            subjects,
            menus,
            groups,
        }
    }

    fn len(&self) -> usize {
        self.menus.len() + self.groups.len()
    }

    fn dest(&self, target: &Target) -> Dest {
        match target {
            // The flow's maps are in id order, and so are these: a binary search finds an
            // index without building a hash map (as fast on a large tenant, and less code in
            // the browser).
            Target::Group(id) => self
                .groups
                .binary_search_by(|g| g.id.cmp(id))
                .map_or(Dest::Missing, |g| Dest::Node(self.menus.len() + g)),
            Target::Menu(id) => self
                .menus
                .binary_search_by(|m| m.id.cmp(id))
                .map_or(Dest::Missing, Dest::Node),
            Target::Recording(id) if self.flow.recordings.contains_key(id) => Dest::Recording,
            Target::Recording(_) => Dest::Missing,
            Target::VoiceMail(_) => Dest::VoiceMail,
            Target::Unknown { .. } => Dest::Unknown,
        }
    }

    fn name(&self, node: usize) -> &str {
        match node.checked_sub(self.menus.len()) {
            None => &self.menus[node].name,
            Some(g) => &self.groups[g].name,
        }
    }
}

/// A finding about a key's, fallback's or time-out's target, if any.
fn check_target(flow: &Flow, subject: &Subject, field: &Field, target: &Target) -> Option<Finding> {
    let finding = |rule| Finding::new(rule, subject, field.clone());
    match target {
        Target::Unknown {
            action_type: Some(kind),
            action: Some(_),
        } => Some(finding(Rule::TargetUnsupported).with("action_type", kind)),
        Target::Unknown {
            action_type,
            action,
        } => Some(
            finding(Rule::TargetIncomplete)
                .with(
                    "action_type",
                    action_type.as_ref().map_or("", |k| k.as_str()),
                )
                .with("id", action.as_deref().unwrap_or("")),
        ),
        Target::Recording(_) | Target::VoiceMail(_) if matches!(field, Field::Key(_)) => {
            Some(finding(Rule::KeyTargetKind).with("kind", target.kind()))
        }
        _ => (!exists(flow, target)).then(|| {
            finding(Rule::TargetNotFound)
                .with("kind", target.kind())
                .with("id", target.id_text())
        }),
    }
}

/// Whether the group, menu or recording a target names is in the flow.
fn exists(flow: &Flow, target: &Target) -> bool {
    match target {
        Target::Group(id) => flow.groups.contains_key(id),
        Target::Menu(id) => flow.menus.contains_key(id),
        Target::Recording(id) => flow.recordings.contains_key(id),
        Target::VoiceMail(_) | Target::Unknown { .. } => true,
    }
}

/// The key a menu's name is told apart by, none when blank.
fn name_key_of(menu: &Menu) -> Option<String> {
    let name = menu.name.trim();
    (!name.is_empty()).then(|| name_key(name))
}

/// `keys`: each menu's [`name_key_of`], in the graph's order.
fn check_names(graph: &Graph, keys: &[Option<String>], out: &mut Vec<Finding>) {
    let mut holders: HashMap<&str, (usize, Option<usize>)> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(key) = key {
            holders
                .entry(key)
                .and_modify(|(_, second)| {
                    second.get_or_insert(i);
                })
                .or_insert((i, None));
        }
    }
    for (i, key) in keys.iter().enumerate() {
        let subject = &graph.subjects[i];
        let Some(key) = key else {
            out.push(Finding::new(Rule::NameEmpty, subject, Field::Name));
            continue;
        };
        if let Some(&(first, Some(second))) = holders.get(key.as_str()) {
            let other = if first == i { second } else { first };
            out.push(
                Finding::new(Rule::NameDuplicate, subject, Field::Name)
                    .with("other", &graph.menus[other].name),
            );
        }
    }
}

fn check_range(
    rule: Rule,
    subject: &Subject,
    field: Field,
    value: Option<i64>,
    range: &RangeInclusive<i64>,
) -> Option<Finding> {
    if value.is_some_and(|v| range.contains(&v)) {
        return None;
    }
    Some(
        Finding::new(rule, subject, field)
            .with("value", value.map_or(String::new(), |v| v.to_string()))
            .with("min", range.start())
            .with("max", range.end()),
    )
}

fn check_menu(flow: &Flow, menu: &Menu, out: &mut Vec<Finding>) {
    let subject = Subject::Menu(menu.id.clone());
    let configured = menu.configured_keys();
    let recordings = &flow.recordings;
    // The model keeps a blank recording id as none (`model::sound`).
    if menu.greeting.is_none() {
        out.push(Finding::new(
            Rule::GreetingMissing,
            &subject,
            Field::Greeting,
        ));
    }
    for (field, sound) in [
        (Field::Greeting, &menu.greeting),
        (Field::ShortGreeting, &menu.short_greeting),
        (Field::InvalidSound, &menu.invalid_sound),
    ] {
        if let Some(id) = sound {
            if !recordings.contains_key(id) {
                out.push(Finding::new(Rule::SoundNotFound, &subject, field).with("id", id));
            }
        }
    }
    out.extend(check_range(
        Rule::TimeOutRange,
        &subject,
        Field::TimeOut,
        menu.time_out,
        &TIME_OUT_SECONDS,
    ));
    out.extend(check_range(
        Rule::MaxFailureRange,
        &subject,
        Field::MaxFailure,
        menu.max_failure,
        &MAX_FAILURE,
    ));

    let mut seen = KeySet::EMPTY;
    for binding in &menu.keys {
        let field = Field::Key(binding.key.clone());
        match binding.keypad_key() {
            None => out.push(
                Finding::new(Rule::KeyInvalid, &subject, field.clone()).with("key", &binding.key),
            ),
            Some(key) => {
                if !seen.insert(key) {
                    out.push(
                        Finding::new(Rule::KeyDuplicate, &subject, field.clone()).with("key", key),
                    );
                }
            }
        }
        if let Some(target) = &binding.target {
            out.extend(check_target(flow, &subject, &field, target));
        }
    }
    if let Some(target) = &menu.fallback {
        out.extend(check_target(flow, &subject, &Field::Fallback, target));
    }
    if configured.is_empty() && menu.fallback.is_none() {
        out.push(Finding::new(Rule::DeadEnd, &subject, Field::Node));
    }

    // Only text the caller hears can be checked; uploads are opaque audio.
    let mentions = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| recordings.get(id))
            .map_or(KeySet::EMPTY, |r| r.mentioned_keys())
    };
    let said = mentions(&menu.greeting);
    for key in said.minus(configured).iter() {
        out.push(
            Finding::new(Rule::GreetingNamesUnsetKey, &subject, Field::Greeting).with("key", key),
        );
    }
    // A greeting naming no key at all ("Cảm ơn quý khách đã gọi") is left alone: flagging every
    // key of such menus would bury real findings.
    if !said.is_empty() {
        for key in configured.minus(said).iter() {
            out.push(
                Finding::new(
                    Rule::GreetingOmitsKey,
                    &subject,
                    Field::Key(key.to_string()),
                )
                .with("key", key),
            );
        }
    }
    // The return and wrong-key sounds are spoken in the same menu: a key they name must work
    // there too ("Phím bạn bấm không đúng, vui lòng bấm phím 1 hoặc 2").
    for (field, sound) in [
        (Field::ShortGreeting, &menu.short_greeting),
        (Field::InvalidSound, &menu.invalid_sound),
    ] {
        for key in mentions(sound).minus(configured).iter() {
            out.push(
                Finding::new(Rule::GreetingNamesUnsetKey, &subject, field.clone()).with("key", key),
            );
        }
    }
}

fn check_group(flow: &Flow, group: &Group, out: &mut Vec<Finding>) {
    let subject = Subject::Group(group.id.clone());
    if group.members.is_empty() {
        out.push(Finding::new(Rule::GroupNoMembers, &subject, Field::Members));
    }
    // Without members the group's own time is what an update sends (the default when unset).
    let times = match group.ring_times() {
        none if none.is_empty() => vec![group.member_timeout],
        times => times,
    };
    let known: Vec<i64> = times.iter().flatten().copied().collect();
    for value in &known {
        out.extend(check_range(
            Rule::MemberTimeoutRange,
            &subject,
            Field::MemberTimeout,
            Some(*value),
            &MEMBER_TIMEOUT_SECONDS,
        ));
    }
    if times.len() > 1 {
        let seconds: Vec<String> = times
            .iter()
            .map(|t| t.map_or_else(|| "?".to_owned(), |t| t.to_string()))
            .collect();
        out.push(
            Finding::new(Rule::MemberTimesDiffer, &subject, Field::MemberTimeout)
                .with("seconds", seconds.join(", ")),
        );
    }
    match &group.on_timeout {
        Some(Target::Group(to)) if *to == group.id => out.push(Finding::new(
            Rule::GroupTimesOutToItself,
            &subject,
            Field::OnTimeout,
        )),
        Some(target) => out.extend(check_target(flow, &subject, &Field::OnTimeout, target)),
        None => {}
    }
}

/// The edges between menus and groups, built once for the path rules.
struct Edges {
    /// Every way on: keys, fallbacks, group time-outs.
    next: Vec<Vec<usize>>,
    /// The way on without a key press (fallback, group time-out): at most one per node.
    silent: Vec<Option<usize>>,
    /// Reaches a person directly: a group with members, or a voicemail target.
    person: Vec<bool>,
    /// Per menu, the menus its keys (pressable or not) and fallback lead to, and the groups they
    /// lead to; per group, the menu its time-out leads to: what [`entry_menus`] follows.
    menu_links: Vec<Vec<usize>>,
    group_links: Vec<Vec<usize>>,
    timeout_menu: Vec<Option<usize>>,
}

impl Edges {
    fn new(graph: &Graph) -> Self {
        let n = graph.len();
        let m = graph.menus.len();
        let mut edges = Edges {
            next: vec![Vec::new(); n],
            silent: vec![None; n],
            person: vec![false; n],
            menu_links: vec![Vec::new(); m],
            group_links: vec![Vec::new(); m],
            timeout_menu: vec![None; graph.groups.len()],
        };
        for (i, menu) in graph.menus.iter().enumerate() {
            for binding in &menu.keys {
                let Some(target) = &binding.target else {
                    continue;
                };
                let dest = graph.dest(target);
                edges.link(i, dest);
                // A key the keypad cannot press leads nowhere.
                if binding.keypad_key().is_some() {
                    edges.add(i, dest, false);
                }
            }
            if let Some(target) = &menu.fallback {
                let dest = graph.dest(target);
                edges.link(i, dest);
                edges.add(i, dest, true);
            }
        }
        for (k, group) in graph.groups.iter().enumerate() {
            let i = m + k;
            edges.person[i] |= !group.members.is_empty();
            if let Some(target) = &group.on_timeout {
                let dest = graph.dest(target);
                if let Dest::Node(to) = dest {
                    edges.timeout_menu[k] = (to < m).then_some(to);
                }
                edges.add(i, dest, true);
            }
        }
        edges
    }

    fn link(&mut self, from: usize, dest: Dest) {
        let m = self.menu_links.len();
        if let Dest::Node(to) = dest {
            if to < m {
                self.menu_links[from].push(to);
            } else {
                self.group_links[from].push(to - m);
            }
        }
    }

    /// [`entry_menus`], as indexes: the marked menus and those nothing leads to, then, while
    /// some menu is out of their reach, the unreached one most led to (more keys, then the lower
    /// id, breaking ties). On plain vectors: walking the model's maps by id took a third of
    /// validation's time on the scale tenant.
    fn entry_menus(&self, graph: &Graph) -> Vec<usize> {
        let m = graph.menus.len();
        let mut referrers = vec![0usize; m];
        for (from, tos) in self.menu_links.iter().enumerate() {
            for &to in tos.iter().filter(|&&to| to != from) {
                referrers[to] += 1;
            }
        }
        for to in self.timeout_menu.iter().flatten() {
            referrers[*to] += 1;
        }
        let mut entries: Vec<usize> = (0..m)
            .filter(|&i| graph.menus[i].entry || referrers[i] == 0)
            .collect();
        let mut reached = vec![false; m];
        for &i in &entries {
            self.reach(i, &mut reached);
        }
        // Menus are in id order, so the lower index is the lower id.
        let mut ranked: Vec<usize> = (0..m).collect();
        ranked.sort_by_key(|&i| {
            (
                std::cmp::Reverse(referrers[i]),
                std::cmp::Reverse(graph.configured[i].len()),
                i,
            )
        });
        for i in ranked {
            if !reached[i] {
                entries.push(i);
                self.reach(i, &mut reached);
            }
        }
        entries
    }

    /// Marks the menus a caller can get to from menu `start`: by keys and fallbacks, and
    /// through a group to the menu its time-out leads to.
    fn reach(&self, start: usize, reached: &mut [bool]) {
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut reached[i], true) {
                continue;
            }
            stack.extend(&self.menu_links[i]);
            stack.extend(
                self.group_links[i]
                    .iter()
                    .filter_map(|&g| self.timeout_menu[g]),
            );
        }
    }

    fn add(&mut self, from: usize, dest: Dest, silent: bool) {
        match dest {
            Dest::Node(to) => {
                self.next[from].push(to);
                if silent {
                    self.silent[from] = Some(to);
                }
            }
            Dest::VoiceMail => self.person[from] = true,
            Dest::Recording | Dest::Missing | Dest::Unknown => {}
        }
    }
}

/// Every menu must lead to a person: walk backwards from the nodes that reach one directly.
fn check_reach(graph: &Graph, edges: &Edges, out: &mut Vec<Finding>) {
    let n = graph.len();
    let mut back = vec![Vec::new(); n];
    for (from, tos) in edges.next.iter().enumerate() {
        for &to in tos {
            back[to].push(from);
        }
    }
    let mut reaches = edges.person.clone();
    let mut queue: VecDeque<usize> = (0..n).filter(|&i| reaches[i]).collect();
    while let Some(node) = queue.pop_front() {
        for &from in &back[node] {
            if !reaches[from] {
                reaches[from] = true;
                queue.push_back(from);
            }
        }
    }
    let menus = reaches.iter().zip(&graph.subjects).take(graph.menus.len());
    for (_, subject) in menus.filter(|(reaches, _)| !**reaches) {
        out.push(Finding::new(Rule::NoPerson, subject, Field::Node));
    }
}

/// Depth counts menus from the nearest entry menu ([`entry_menus`]), entry = 1; passing
/// through a group (its time-out) adds no menu.
fn check_depth(graph: &Graph, edges: &Edges, out: &mut Vec<Finding>) {
    let m = graph.menus.len();
    let mut depth = vec![usize::MAX; graph.len()];
    let mut queue = VecDeque::new();
    for i in edges.entry_menus(graph) {
        depth[i] = 1;
        queue.push_back(i);
    }
    // Breadth first with free steps into groups (0-1 BFS): each node is settled at its depth.
    while let Some(node) = queue.pop_front() {
        for &to in &edges.next[node] {
            let through = depth[node] + usize::from(to < m);
            if through < depth[to] {
                depth[to] = through;
                if to < m {
                    queue.push_back(to);
                } else {
                    queue.push_front(to);
                }
            }
        }
    }
    for (i, &d) in depth.iter().enumerate().take(m) {
        if d != usize::MAX && d > MAX_MENU_DEPTH {
            out.push(
                Finding::new(Rule::TooDeep, &graph.subjects[i], Field::Node)
                    .with("depth", d)
                    .with("max", MAX_MENU_DEPTH),
            );
        }
    }
}

/// Each node has at most one way on without a key press, so those edges form a functional
/// graph: one walk per node finds every cycle in linear time.
///
/// A cycle is fine when it runs through a message and a group someone can answer: callers hear
/// something, then the call tries again ("all agents are busy, please hold", then the same
/// group). Vendor recordings end the call, so on this PBX that message is a menu without keys
/// whose fallback moves on. Any other loop keeps a caller who presses nothing going round for
/// ever: menus that offer keys (fallback to fallback back to the start), and a key-less
/// "sorry" menu that only leads back to the main menu, where nobody can ever answer.
fn check_silent_loops(graph: &Graph, edges: &Edges, out: &mut Vec<Finding>) {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let n = graph.len();
    let m = graph.menus.len();
    let mut state = vec![NEW; n];
    let mut position = vec![0usize; n];
    let mut path = Vec::new();
    for start in 0..n {
        path.clear();
        let mut node = start;
        let closed_at = loop {
            if state[node] != NEW {
                break (state[node] == ON_PATH).then_some(node);
            }
            state[node] = ON_PATH;
            position[node] = path.len();
            path.push(node);
            match edges.silent[node] {
                Some(next) => node = next,
                None => break None,
            }
        };
        if let Some(node) = closed_at {
            let cycle = &path[position[node]..];
            let message = cycle
                .iter()
                .any(|&c| c < m && graph.configured[c].is_empty());
            let someone_rings = cycle
                .iter()
                .any(|&c| c >= m && !graph.groups[c - m].members.is_empty());
            if !(message && someone_rings) {
                out.push(silent_loop(graph, edges, cycle));
            }
        }
        for &p in &path {
            state[p] = DONE;
        }
    }
}

fn silent_loop(graph: &Graph, edges: &Edges, cycle: &[usize]) -> Finding {
    let m = graph.menus.len();
    let anchor = cycle.iter().copied().min().unwrap_or_default();
    let mut names = vec![graph.name(anchor).to_owned()];
    let mut node = anchor;
    while let Some(next) = edges.silent[node] {
        names.push(graph.name(next).to_owned());
        if next == anchor || names.len() > cycle.len() {
            break;
        }
        node = next;
    }
    let field = if anchor < m {
        Field::Fallback
    } else {
        Field::OnTimeout
    };
    Finding::new(Rule::SilentLoop, &graph.subjects[anchor], field).with("path", names.join(" → "))
}

#[cfg(test)]
mod tests;
