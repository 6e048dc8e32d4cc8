//! Properties of the IVR engine over random tenants and random edits.

#[path = "support/on_sim.rs"]
mod on_sim;

use ivr::simulate::MAX_STEPS;
use ivr::{
    execute_now, plan, simulate, validate, Agent, CallerEvent, Flow, History, NodeId, Op, Target,
    Validator, Version, KEYPAD,
};
use omicall::models::{Extension, Greeting, IvrMenu, RingGroup};
use omicall::text::search_key;
use omicall::Strategy as Ringing;
use on_sim::OnSim;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};

// ---------------------------------------------------------------------------------------------
// Arbitrary vendor data: anything the vendor's tolerant decoding lets through.

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(options).prop_map(str::to_owned)
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        pick(&["", " ", "Menu chính", "menu chinh", "MENU CHÍNH", "Hỗ trợ"]),
        "\\PC{0,12}",
    ]
}

fn any_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        (-5i64..40).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        Just(json!("7")),
        Just(json!("soon")),
    ]
}

fn any_target() -> impl Strategy<Value = (String, String)> {
    (
        pick(&[
            "Ring_group",
            "Ivr_menu",
            "Recording",
            "Voice_mail",
            "Hang_up",
            "",
        ]),
        pick(&["m0", "m1", "m2", "g0", "g1", "r0", "r1", "nowhere", ""]),
    )
}

fn any_menu() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        prop::sample::select(&KEYPAD[..]).prop_map(String::from),
        pick(&["", "10", "A", " 1"]),
        "\\PC{0,3}",
    ];
    (
        pick(&["m0", "m1", "m2", "m3"]),
        any_text(),
        prop::option::of(pick(&["r0", "r1", "r2", "gone", ""])),
        (any_number(), any_number()),
        prop::collection::vec((key, any_target()), 0..14),
        any_target(),
    )
        .prop_map(|(id, name, greeting, (time_out, max_failure), keys, fallback)| {
            let scripts: Vec<Value> = keys
                .into_iter()
                .map(|(ivr, (kind, action))| json!({"ivr": ivr, "action_type": kind, "action": action}))
                .collect();
            json!({"_id": id, "script_name": name, "greeting_id": greeting,
                   "greeting_short_id": "r1", "time_out": time_out, "max_failure": max_failure,
                   "scripts": scripts, "action_type": fallback.0, "action": fallback.1})
        })
}

fn any_group() -> impl Strategy<Value = Value> {
    (
        pick(&["g0", "g1", "g2"]),
        any_text(),
        prop::collection::vec(pick(&["a100", "a101", "unknown"]), 0..4),
        pick(&["enterprise", "rollover", "random", "weird", ""]),
        any_number(),
        any_target(),
    )
        .prop_map(|(id, name, agents, strategy, timeout, (kind, target))| {
            let members: Vec<Value> = agents
                .into_iter()
                .map(|a| json!({"agent_id": a, "timeout": timeout}))
                .collect();
            json!({"_id": id, "group_name": name, "members": members, "strategy": strategy,
                   "target_timeout_type": kind, "target_timeout": target})
        })
}

fn any_greeting() -> impl Strategy<Value = Value> {
    (
        pick(&["r0", "r1", "r2"]),
        prop_oneof![
            pick(&["Bấm phím 1 hoặc 2", "press 3", "phím sao", "bấm số 12"]),
            "\\PC{0,40}",
        ],
        any::<bool>(),
    )
        .prop_map(|(id, text, tts)| {
            let formality = if tts { "Robot đọc" } else { "Tải lên" };
            json!({"_id": id, "greeting_name": id, "formality": formality, "content": text})
        })
}

fn any_event() -> impl Strategy<Value = CallerEvent> {
    prop_oneof![
        any::<char>().prop_map(CallerEvent::Digit),
        prop::sample::select(&KEYPAD[..]).prop_map(CallerEvent::Digit),
        Just(CallerEvent::Silence),
        Just(CallerEvent::NobodyAnswers),
    ]
}

fn decode<T: serde::de::DeserializeOwned>(values: Vec<Value>) -> Vec<T> {
    values
        .into_iter()
        .map(|v| serde_json::from_value(v).expect("tolerant decoding accepts it"))
        .collect()
}

proptest! {
    #[test]
    fn validation_and_simulation_never_panic_on_arbitrary_vendor_data(
        menus in prop::collection::vec(any_menu(), 0..6),
        groups in prop::collection::vec(any_group(), 0..4),
        greetings in prop::collection::vec(any_greeting(), 0..3),
        events in prop::collection::vec(any_event(), 0..30),
    ) {
        let extensions: Vec<Extension> =
            decode(vec![json!({"sip_user": "100", "agent_id": "a100"})]);
        let agents: Vec<Agent> = extensions.iter().filter_map(Agent::of).collect();
        let flow = Flow::from_omicall(decode::<IvrMenu>(menus), decode::<RingGroup>(groups), decode(greetings), &agents);
        let findings = validate(&flow);
        prop_assert_eq!(&findings, &validate(&flow.clone()), "validation is deterministic");
        for menu in flow.menus() {
            let trace = simulate(&flow, &menu.id, &events);
            prop_assert!(trace.events.len() <= MAX_STEPS);
        }
        prop_assert!(plan(&flow, &flow).map(|p| p.is_empty()).unwrap_or(false));
    }
}

// ---------------------------------------------------------------------------------------------
// Random tenants that the API accepts, and random edits of them.

/// Turns a list of numbers into choices, so that proptest shrinks edits by shrinking numbers.
struct Dice<'a> {
    values: &'a [u32],
    at: usize,
}

impl Dice<'_> {
    fn roll(&mut self, sides: usize) -> usize {
        let value = self
            .values
            .get(self.at % self.values.len().max(1))
            .copied()
            .unwrap_or(0);
        self.at += 1;
        value as usize % sides.max(1)
    }

    fn one_of<T: Clone>(&mut self, items: &[T]) -> Option<T> {
        (!items.is_empty()).then(|| items[self.roll(items.len())].clone())
    }
}

const SIPS: [&str; 5] = ["100", "101", "102", "103", "104"];
const RECORDINGS: [&str; 4] = ["r0", "r1", "r2", "r3"];
/// Names that collide in pairs once case and diacritics are ignored.
const NAMES: [&str; 8] = [
    "Base 0",
    "base 1",
    "Hỗ trợ",
    "ho tro",
    "Kỹ thuật",
    "KY THUAT",
    "Khiếu nại",
    "Ngoài giờ",
];

struct Tenant {
    menus: Vec<IvrMenu>,
    groups: Vec<RingGroup>,
    greetings: Vec<Greeting>,
    extensions: Vec<Extension>,
}

impl Tenant {
    fn roll(d: &mut Dice) -> Tenant {
        let menu_count = 1 + d.roll(5);
        let group_count = 1 + d.roll(3);
        let target = |d: &mut Dice, recording: bool| -> (String, String) {
            match d.roll(if recording { 4 } else { 3 }) {
                0 => ("Ivr_menu".into(), format!("m{}", d.roll(menu_count))),
                1 => ("Voice_mail".into(), "vm".into()),
                2 => ("Ring_group".into(), format!("g{}", d.roll(group_count))),
                _ => (
                    "Recording".into(),
                    RECORDINGS[d.roll(RECORDINGS.len())].into(),
                ),
            }
        };
        let none = || (String::new(), String::new());
        let mut menus = Vec::new();
        for i in 0..menu_count {
            let mut scripts = Vec::new();
            for key in KEYPAD {
                if d.roll(3) == 0 {
                    let (kind, action) = target(d, false);
                    scripts.push(
                        json!({"ivr": key.to_string(), "action_type": kind, "action": action}),
                    );
                }
            }
            let (kind, action) = if d.roll(3) == 0 {
                none()
            } else {
                target(d, true)
            };
            menus.push(
                json!({"_id": format!("m{i}"), "script_name": format!("Base {i}"),
                              "greeting_id": RECORDINGS[d.roll(RECORDINGS.len())],
                              "time_out": 1 + d.roll(30), "max_failure": 1 + d.roll(5),
                              "scripts": scripts, "action_type": kind, "action": action}),
            );
        }
        let mut groups = Vec::new();
        for i in 0..group_count {
            let mut members = Vec::new();
            for sip in SIPS {
                if d.roll(2) == 0 {
                    members.push(json!({"agent_id": format!("agent-{sip}"), "timeout": 20}));
                }
            }
            let (kind, action) = match target(d, true) {
                // The API refuses a group timing out to itself.
                (_, action) if action == format!("g{i}") => none(),
                _ if d.roll(2) == 0 => none(),
                picked => picked,
            };
            let strategy = ["enterprise", "rollover", "random"][d.roll(3)];
            groups.push(
                json!({"_id": format!("g{i}"), "group_name": format!("Group {i}"),
                               "members": members, "strategy": strategy,
                               "target_timeout_type": kind, "target_timeout": action}),
            );
        }
        Tenant {
            menus: decode(menus),
            groups: decode(groups),
            greetings: decode(
                RECORDINGS
                    .iter()
                    .map(|id| json!({"_id": id, "greeting_name": id, "formality": "Tải lên"}))
                    .collect(),
            ),
            extensions: decode(
                SIPS.iter()
                    .map(|sip| json!({"sip_user": sip, "agent_id": format!("agent-{sip}")}))
                    .collect(),
            ),
        }
    }

    fn flow(&self) -> Flow {
        Flow::from_omicall(
            self.menus.clone(),
            self.groups.clone(),
            self.greetings.clone(),
            &self
                .extensions
                .iter()
                .filter_map(Agent::of)
                .collect::<Vec<_>>(),
        )
    }

    fn upstream(&self) -> OnSim {
        OnSim::holding(&self.flow(), self.extensions.clone())
    }
}

fn menu_ids(flow: &Flow) -> Vec<NodeId> {
    flow.menus().map(|m| m.id.clone()).collect()
}

fn drafts(ids: Vec<NodeId>) -> Vec<NodeId> {
    ids.into_iter()
        .filter(|id| matches!(id, NodeId::Draft(_)))
        .collect()
}

fn group_ids(flow: &Flow) -> Vec<NodeId> {
    flow.groups().map(|g| g.id.clone()).collect()
}

fn agents(tenant_sips: &[&str]) -> Vec<Agent> {
    let extensions: Vec<Extension> = decode(
        tenant_sips
            .iter()
            .map(|sip| json!({"sip_user": sip, "agent_id": format!("agent-{sip}")}))
            .collect(),
    );
    extensions.iter().filter_map(Agent::of).collect()
}

/// One random edit of a ring group.
fn group_edit(d: &mut Dice, flow: &Flow, group: NodeId, name: String) -> Option<Op> {
    let strategies = [Ringing::Simultaneous, Ringing::Sequential, Ringing::Random];
    Some(match d.roll(8) {
        0 => Op::SetGroupStrategy {
            group,
            strategy: strategies[d.roll(3)].clone(),
        },
        1 => Op::SetGroupMemberTimeout {
            group,
            seconds: 5 + d.roll(55) as u32,
        },
        2 => Op::SetGroupOnTimeout {
            group,
            target: some_target(d, flow),
        },
        3 => Op::AddGroup { name },
        4 => Op::RenameGroup { group, name },
        5 => Op::AddMember {
            group,
            agent: d.one_of(&agents(&SIPS))?,
        },
        6 => {
            let members = flow.group(&group)?.members.clone();
            let index = d.roll(members.len().max(1));
            Op::RemoveMember {
                group,
                index,
                member: members.get(index)?.label(),
            }
        }
        _ => Op::DeleteGroup {
            repoint: some_target(d, flow).filter(|t| *t != Target::Group(group.clone())),
            group,
        },
    })
}

fn some_target(d: &mut Dice, flow: &Flow) -> Option<Target> {
    match d.roll(6) {
        0 | 1 => d.one_of(&menu_ids(flow)).map(Target::Menu),
        2 | 3 => d.one_of(&group_ids(flow)).map(Target::Group),
        4 => Some(Target::VoiceMail("vm".into())),
        _ => d.one_of(&RECORDINGS).map(|r| Target::Recording(r.into())),
    }
}

/// One random edit; refused edits are fine (the editor would not offer most of them).
fn random_edit(d: &mut Dice, flow: &mut Flow, history: &mut History) {
    let (Some(menu), Some(group)) = (d.one_of(&menu_ids(flow)), d.one_of(&group_ids(flow))) else {
        return;
    };
    let key = KEYPAD[d.roll(KEYPAD.len())];
    let other = KEYPAD[d.roll(KEYPAD.len())];
    let recording = || Some(RECORDINGS[0].to_owned());
    // Half the time another node's name, to set up swaps and take-overs.
    let taken: Vec<String> = if d.roll(2) == 0 {
        flow.menus().map(|m| m.name.clone()).collect()
    } else {
        flow.groups().map(|g| g.name.clone()).collect()
    };
    let name = match d.roll(2) {
        0 => d.one_of(&taken).unwrap_or_default(),
        _ => NAMES[d.roll(NAMES.len())].to_owned(),
    };
    let op = match d.roll(20) {
        0 | 1 => some_target(d, flow).map(|target| Op::SetKey { menu, key, target }),
        2 => Some(Op::ClearKey { menu, key }),
        3 => Some(Op::MoveKey {
            menu,
            from: key,
            to: other,
        }),
        4 => Some(Op::SwapKeys {
            menu,
            a: key,
            b: other,
        }),
        5 | 6 => Some(Op::AddSubmenu { menu, key, name }),
        7 => Some(Op::AddMenu { name }),
        8 => Some(Op::Rename { menu, name }),
        9 => Some(Op::SetGreeting {
            menu,
            greeting: d.one_of(&RECORDINGS).map(str::to_owned),
        }),
        10 => Some(Op::SetShortGreeting {
            menu,
            greeting: [None, recording()][d.roll(2)].clone(),
        }),
        11 => Some(Op::SetInvalidSound {
            menu,
            sound: [None, recording()][d.roll(2)].clone(),
        }),
        12 => Some(Op::SetTimeOut {
            menu,
            seconds: 1 + d.roll(30) as u32,
        }),
        13 => Some(Op::SetMaxFailure {
            menu,
            tries: 1 + d.roll(5) as u32,
        }),
        14 => Some(Op::SetFallback {
            menu,
            target: some_target(d, flow),
        }),
        15 => Some(Op::DeleteMenu { menu }),
        16 | 17 => group_edit(d, flow, group, name),
        18 => {
            // A new group and a new menu leading to each other: the plan must close the cycle.
            let menus = drafts(menu_ids(flow));
            let groups = drafts(group_ids(flow));
            if let (Some(m), Some(g)) = (d.one_of(&menus), d.one_of(&groups)) {
                let _ = history.apply(
                    flow,
                    Op::SetKey {
                        menu: m.clone(),
                        key,
                        target: Target::Group(g.clone()),
                    },
                );
                Some(Op::SetGroupOnTimeout {
                    group: g,
                    target: Some(Target::Menu(m)),
                })
            } else {
                None
            }
        }
        _ => {
            // Two drafts leading to each other: the plan must close the cycle.
            let drafts = drafts(menu_ids(flow));
            if let (Some(a), Some(b)) = (d.one_of(&drafts), d.one_of(&drafts)) {
                let _ = history.apply(
                    flow,
                    Op::SetKey {
                        menu: a.clone(),
                        key,
                        target: Target::Menu(b.clone()),
                    },
                );
                Some(Op::SetFallback {
                    menu: b,
                    target: Some(Target::Menu(a)),
                })
            } else {
                None
            }
        }
    };
    if let Some(op) = op {
        if let Ok(effects) = history.apply(flow, op) {
            // A new menu gets a greeting at once, as the editor's form requires one; a new
            // group, most of the time, someone to ring.
            match effects.created {
                Some(created) if flow.menu(&created).is_some() => {
                    let greeting = d.one_of(&RECORDINGS).map(str::to_owned);
                    let _ = history.apply(
                        flow,
                        Op::SetGreeting {
                            menu: created,
                            greeting,
                        },
                    );
                }
                Some(created) => {
                    if let (true, Some(agent)) = (d.roll(4) > 0, d.one_of(&agents(&SIPS))) {
                        let _ = history.apply(
                            flow,
                            Op::AddMember {
                                group: created,
                                agent,
                            },
                        );
                    }
                }
                None => {}
            }
        }
    }
}

/// The vendor refuses duplicate names (of two menus, or of two groups); validation would block
/// such a save, so the test renames the later holders (through the history, so undo covers it).
fn make_names_unique(flow: &mut Flow, history: &mut History) {
    let mut seen = HashSet::new();
    let mut fresh = 0;
    for menu in menu_ids(flow) {
        let Some(name) = flow.menu(&menu).map(|m| search_key(m.name.trim())) else {
            continue;
        };
        if !seen.insert(name) {
            fresh += 1;
            let name = format!("Riêng {fresh}");
            seen.insert(search_key(&name));
            history
                .apply(flow, Op::Rename { menu, name })
                .expect("the menu exists");
        }
    }
    let mut seen = HashSet::new();
    for group in group_ids(flow) {
        let Some(name) = flow.group(&group).map(|g| search_key(g.name.trim())) else {
            continue;
        };
        if !seen.insert(name) {
            fresh += 1;
            let name = format!("Nhóm riêng {fresh}");
            seen.insert(search_key(&name));
            history
                .apply(flow, Op::RenameGroup { group, name })
                .expect("the group exists");
        }
    }
}

fn failed<E: std::fmt::Display>(e: E) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_save_reproduces_the_edited_flow_upstream_and_undo_restores_the_loaded_one(
        seed in prop::collection::vec(any::<u32>(), 1..160),
        edits in 1usize..30,
        fail_at in 0usize..30,
    ) {
        let mut d = Dice { values: &seed, at: 0 };
        let tenant = Tenant::roll(&mut d);
        let loaded = tenant.flow();
        let mut edited = loaded.clone();
        let mut history = History::new();
        for _ in 0..edits {
            random_edit(&mut d, &mut edited, &mut history);
        }
        make_names_unique(&mut edited, &mut history);

        let mut replay = edited.clone();
        let mut steps = history.clone();
        while steps.undo(&mut replay).is_some() {}
        prop_assert_eq!(&replay, &loaded, "undoing every edit gives the loaded flow back");
        while steps.redo(&mut replay).is_some() {}
        prop_assert_eq!(&replay, &edited, "redoing every edit gives the edited flow back");

        let plan = plan(&loaded, &edited).map_err(failed)?;
        let mut upstream = tenant.upstream();
        let report = execute_now(&plan, |call| upstream.call(call));
        prop_assert!(report.is_complete(), "{:?}", report.failed);
        prop_assert_eq!(
            upstream.flow().content(),
            edited.with_saved_ids(&report.id_map).content()
        );

        // Interrupted, then planned again from what the upstream holds.
        let mut upstream = tenant.upstream();
        upstream.fail_after(fail_at);
        let report = execute_now(&plan, |call| upstream.call(call));
        prop_assert_eq!(report.applied.len(), fail_at.min(plan.steps.len()));
        let rebased = edited.with_saved_ids(&report.id_map);
        let rest = ivr::plan(&upstream.flow(), &rebased).map_err(failed)?;
        let finish = execute_now(&rest, |call| upstream.call(call));
        prop_assert!(finish.is_complete(), "{:?}", finish.failed);
        prop_assert_eq!(
            upstream.flow().content(),
            rebased.with_saved_ids(&finish.id_map).content()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The editor keeps one record of edits (`History`): undo and redo move along it, the kept
    /// draft is it replayed over the flow as loaded, and the save is planned from its result.
    #[test]
    fn undo_redo_a_kept_draft_and_a_save_agree_on_one_record_of_edits(
        seed in prop::collection::vec(any::<u32>(), 1..200),
        steps in 1usize..40,
    ) {
        let mut d = Dice { values: &seed, at: 0 };
        let tenant = Tenant::roll(&mut d);
        let loaded = tenant.flow();
        let mut edited = loaded.clone();
        // A small undo limit, so that random runs cross it.
        let mut history = History::with_limit(6);
        // The editor's validation, kept across the edits, finds what a fresh one finds.
        let mut validator = Validator::new();
        prop_assert_eq!(validator.check(&edited), validate(&edited));
        for _ in 0..steps {
            match d.roll(5) {
                0 => {
                    history.undo(&mut edited);
                }
                1 => {
                    history.redo(&mut edited);
                }
                _ => random_edit(&mut d, &mut edited, &mut history),
            }
            prop_assert_eq!(validator.check(&edited), validate(&edited));
        }
        // And after the draft is thrown away.
        prop_assert_eq!(validator.check(&loaded), validate(&loaded));

        // A reload of the kept draft: the record replayed over the flow as loaded.
        let mut reloaded = loaded.clone();
        let mut kept = History::new();
        let dropped = kept.replay(&mut reloaded, history.edits().to_vec());
        prop_assert_eq!(dropped, 0, "every recorded edit applies again");
        prop_assert_eq!(&reloaded, &edited);
        prop_assert_eq!(kept.edits(), history.edits());
        // The save plans the same calls from either.
        prop_assert_eq!(
            format!("{:?}", plan(&loaded, &reloaded)),
            format!("{:?}", plan(&loaded, &edited))
        );

        // Undo as far as the limit allows: the record shrinks by as many edits, and what is
        // left, replayed over the loaded flow, is where undo arrived.
        let before = history.edits().to_vec();
        let mut back = edited.clone();
        let mut moves = history.clone();
        let mut undone = 0;
        while moves.undo(&mut back).is_some() {
            undone += 1;
        }
        prop_assert_eq!(undone, history.undo_depth());
        prop_assert_eq!(moves.edits(), &before[..before.len() - undone]);
        let mut partial = loaded.clone();
        History::new().replay(&mut partial, moves.edits().to_vec());
        prop_assert_eq!(&partial, &back);
        // And redoing as many brings the record and the flow back (what was undone before
        // stays ready to redo beyond them).
        for _ in 0..undone {
            prop_assert!(moves.redo(&mut back).is_some());
        }
        prop_assert_eq!(&back, &edited);
        prop_assert_eq!(moves.edits(), history.edits());
    }
}

/// The flow the tenant holds now, with the entry marks the console keeps beside it.
fn held(upstream: &OnSim, entries: &BTreeSet<String>) -> Flow {
    let mut flow = upstream.flow();
    flow.mark_entries(entries);
    flow
}

/// The entry marks a save keeps: the saved menus marked, under their new ids.
fn entries_after(flow: &Flow, created: &ivr::IdMap) -> BTreeSet<String> {
    flow.with_saved_ids(created)
        .menus()
        .filter(|m| m.entry)
        .filter_map(|m| m.id.saved().map(str::to_owned))
        .collect()
}

/// The version's ids of nodes the flow holds under another id (deleted, then made again by a
/// restore), found by name: names are unique within a version.
fn new_ids(old: &Version, now: &Version) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    for (id, menu) in old
        .menus
        .iter()
        .filter(|(id, _)| !now.menus.contains_key(*id))
    {
        if let Some((new, _)) = now.menus.iter().find(|(new, m)| {
            !old.menus.contains_key(*new) && omicall::rules::same_name(&m.name, &menu.name)
        }) {
            ids.insert(id.clone(), new.clone());
        }
    }
    for (id, group) in old
        .groups
        .iter()
        .filter(|(id, _)| !now.groups.contains_key(*id))
    {
        if let Some((new, _)) = now.groups.iter().find(|(new, g)| {
            !old.groups.contains_key(*new) && omicall::rules::same_name(&g.name, &group.name)
        }) {
            ids.insert(id.clone(), new.clone());
        }
    }
    ids
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Versions: the diff of A and B applied to A gives B; restoring A over any B (saved
    /// through the save plan) yields A, also when the first attempt stops part way and the
    /// restore is planned and run again.
    #[test]
    fn a_diff_patches_a_into_b_and_a_restore_of_a_over_b_yields_a(
        seed in prop::collection::vec(any::<u32>(), 1..160),
        edits in 1usize..30,
        fail_at in 0usize..40,
    ) {
        let mut d = Dice { values: &seed, at: 0 };
        let tenant = Tenant::roll(&mut d);
        let loaded = tenant.flow();
        let a = Version::of(&loaded);
        let mut edited = loaded.clone();
        let mut history = History::new();
        for _ in 0..edits {
            random_edit(&mut d, &mut edited, &mut history);
        }
        make_names_unique(&mut edited, &mut history);
        // Entry marks are console data, kept in versions too.
        if let Some(menu) = d.one_of(&menu_ids(&edited)) {
            history.apply(&mut edited, Op::SetEntry { menu, entry: true }).map_err(failed)?;
        }
        let mut upstream = tenant.upstream();
        let report = execute_now(&plan(&loaded, &edited).map_err(failed)?, |call| upstream.call(call));
        prop_assert!(report.is_complete(), "{:?}", report.failed);
        let mut entries = entries_after(&edited, &report.id_map);
        let b = Version::of(&held(&upstream, &entries));

        prop_assert_eq!(&ivr::patch(&a, &ivr::diff(&a, &b)), &b);
        prop_assert_eq!(&ivr::patch(&b, &ivr::diff(&b, &a)), &a);
        prop_assert_eq!(ivr::diff(&a, &b).is_empty(), a.same_flow(&b));

        for attempt in 0..2 {
            let now = held(&upstream, &entries);
            let restore = ivr::restore(&a, &now);
            prop_assert!(restore.lost.is_empty() && restore.unrestorable.is_empty(), "{:?}", restore);
            let mut restored = now.clone();
            let mut steps = History::new();
            for op in restore.ops {
                steps.apply(&mut restored, op).map_err(failed)?;
            }
            if attempt == 0 {
                upstream.fail_after(fail_at);
            }
            let report = execute_now(&plan(&now, &restored).map_err(failed)?, |call| upstream.call(call));
            entries = entries_after(&restored, &report.id_map);
            if attempt == 1 {
                prop_assert!(report.is_complete(), "{:?}", report.failed);
            }
        }
        let end = Version::of(&held(&upstream, &entries));
        prop_assert_eq!(end.clone(), a.renamed(&new_ids(&a, &end)));
    }
}
