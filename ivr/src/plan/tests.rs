use super::*;
use crate::execute::{execute, execute_now, ExecutionReport};
use crate::fixture::*;
use crate::on_sim::{CallError, OnSim};
use crate::ops::Op;
use serde_json::json;

fn run(plan: &SavePlan, upstream: &mut OnSim) -> ExecutionReport<CallError> {
    execute_now(plan, |call| upstream.call(call))
}

/// Plans, executes against an upstream holding `loaded`, and checks the upstream now holds
/// `edited`.
fn save(loaded: &Flow, edited: &Flow) -> SavePlan {
    let plan = plan(loaded, edited).unwrap();
    let mut upstream = upstream(loaded);
    let report = run(&plan, &mut upstream);
    assert!(report.is_complete(), "{:?}", report.failed);
    assert_eq!(
        upstream.flow().content(),
        edited.with_saved_ids(&report.id_map).content()
    );
    plan
}

fn kinds(plan: &SavePlan) -> Vec<String> {
    plan.steps
        .iter()
        .map(|step| match step {
            Step::CreateMenu { draft, .. } => format!("create {draft}"),
            Step::UpdateMenu { menu, .. } => format!("update {menu}"),
            Step::CreateGroup { draft, .. } => format!("create group {draft}"),
            Step::UpdateGroup { group, .. } => format!("group {group}"),
            Step::DeleteMenu { id } => format!("delete {id}"),
            Step::DeleteGroup { id } => format!("delete group {id}"),
        })
        .collect()
}

fn names(plan: &SavePlan) -> Vec<&str> {
    plan.steps
        .iter()
        .filter_map(|step| match step {
            Step::CreateMenu { input, .. } | Step::UpdateMenu { input, .. } => {
                Some(input.script_name.as_str())
            }
            _ => None,
        })
        .collect()
}

fn draft(number: u32) -> NodeId {
    NodeId::Draft(number)
}

fn greet(menu: NodeId) -> Op {
    Op::SetGreeting {
        menu,
        greeting: Some("hello".into()),
    }
}

#[test]
fn an_unchanged_flow_needs_no_calls() {
    let flow = tenant();
    assert!(plan(&flow, &flow.clone()).unwrap().is_empty());
}

#[test]
fn a_renamed_menu_is_one_update_carrying_the_whole_menu() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [Op::Rename {
            menu: id("sub"),
            name: "Kỹ thuật".into(),
        }],
    );
    let plan = save(&loaded, &edited);
    assert_eq!(kinds(&plan), ["update sub"]);
    let Step::UpdateMenu { input, .. } = &plan.steps[0] else {
        panic!("an update");
    };
    assert_eq!(input.script_name, "Kỹ thuật");
    assert_eq!(input.greeting_id, "hello");
    assert_eq!(input.scripts.len(), 1);
    assert_eq!(input.action.as_deref(), Some("main"));
}

#[test]
fn a_new_submenu_is_created_before_the_menu_leading_to_it_is_updated() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::AddSubmenu {
                menu: id("main"),
                key: '4',
                name: "Khiếu nại".into(),
            },
            greet(draft(0)),
            Op::SetFallback {
                menu: draft(0),
                target: Some(to_group("sales")),
            },
        ],
    );
    let plan = save(&loaded, &edited);
    assert_eq!(kinds(&plan), ["create 0", "update main"]);
    let Step::UpdateMenu { input, links, .. } = &plan.steps[1] else {
        panic!("an update");
    };
    assert_eq!(
        links,
        &[Link {
            slot: Slot::Script(3),
            draft: 0
        }]
    );
    assert_eq!(input.scripts[3].action, Some(placeholder(0)));
}

#[test]
fn a_cycle_between_new_menus_is_closed_once_both_exist() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::AddSubmenu {
                menu: id("main"),
                key: '4',
                name: "A".into(),
            },
            Op::AddSubmenu {
                menu: draft(0),
                key: '1',
                name: "B".into(),
            },
            Op::SetKey {
                menu: draft(1),
                key: '1',
                target: Target::Menu(draft(0)),
            },
            Op::SetFallback {
                menu: draft(1),
                target: Some(to_group("sales")),
            },
            greet(draft(0)),
            greet(draft(1)),
        ],
    );
    let plan = save(&loaded, &edited);
    assert_eq!(
        kinds(&plan),
        ["create 1", "create 0", "update draft-1", "update main"]
    );
    let Step::CreateMenu { input, .. } = &plan.steps[0] else {
        panic!("a creation");
    };
    assert!(
        input.scripts.is_empty(),
        "the key to A waits until A exists"
    );
}

#[test]
fn a_deleted_menu_goes_last_once_nothing_leads_to_it() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(&mut edited, [Op::DeleteMenu { menu: id("sub") }]);
    let plan = save(&loaded, &edited);
    assert_eq!(kinds(&plan), ["update main", "delete sub"]);
    assert!(plan.kept.is_empty());
}

#[test]
fn menus_swapping_names_pass_through_a_temporary_name() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::Rename {
                menu: id("main"),
                name: "Hỗ trợ".into(),
            },
            Op::Rename {
                menu: id("sub"),
                name: "Menu chính".into(),
            },
        ],
    );
    let plan = save(&loaded, &edited);
    assert_eq!(
        kinds(&plan),
        ["update main", "update sub", "update main", "update sub"]
    );
    assert_eq!(
        names(&plan),
        ["Hỗ trợ ~1", "Menu chính ~1", "Hỗ trợ", "Menu chính"]
    );
}

#[test]
fn a_new_menu_takes_a_deleted_menus_name_after_the_delete() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::DeleteMenu { menu: id("sub") },
            Op::AddSubmenu {
                menu: id("main"),
                key: '9',
                name: "hỗ trợ".into(),
            },
            greet(draft(0)),
            Op::SetFallback {
                menu: draft(0),
                target: Some(to_group("tech")),
            },
        ],
    );
    let plan = save(&loaded, &edited);
    assert_eq!(
        kinds(&plan),
        ["create 0", "update main", "delete sub", "update draft-0"]
    );
    assert_eq!(names(&plan), ["hỗ trợ ~1", "Menu chính", "hỗ trợ"]);
}

#[test]
fn a_rename_onto_a_deleted_menus_name_waits_for_the_delete() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::DeleteMenu { menu: id("sub") },
            Op::Rename {
                menu: id("main"),
                name: "Hỗ trợ".into(),
            },
        ],
    );
    let plan = save(&loaded, &edited);
    assert_eq!(kinds(&plan), ["update main", "delete sub", "update main"]);
}

#[test]
fn a_changed_group_is_updated_naming_its_members_by_extension() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::SetGroupOnTimeout {
                group: id("sales"),
                target: Some(Target::VoiceMail("vm".into())),
            },
            Op::SetGroupStrategy {
                group: id("sales"),
                strategy: omicall::Strategy::Simultaneous,
            },
        ],
    );
    let plan = save(&loaded, &edited);
    let [Step::UpdateGroup { group, input, .. }] = plan.steps.as_slice() else {
        panic!("one group update");
    };
    assert_eq!(group, &id("sales"));
    assert_eq!(input.sip_members, ["100", "101"]);
    assert_eq!(input.timeout, 20);
    assert_eq!(input.target_timeout.as_deref(), Some("vm"));
}

#[test]
fn a_group_leading_to_a_new_menu_is_updated_after_the_menu_exists() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::AddMenu {
                name: "Ngoài giờ".into(),
            },
            greet(draft(0)),
            Op::SetFallback {
                menu: draft(0),
                target: Some(Target::VoiceMail("vm".into())),
            },
            Op::SetGroupOnTimeout {
                group: id("tech"),
                target: Some(Target::Menu(draft(0))),
            },
        ],
    );
    let plan = save(&loaded, &edited);
    assert_eq!(kinds(&plan), ["create 0", "group tech"]);
}

#[test]
fn a_group_member_without_a_known_extension_blocks_the_plan() {
    let loaded = flow(vec![], vec![group("g", "G", &["999"])]);
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [Op::SetGroupMemberTimeout {
            group: id("g"),
            seconds: 15,
        }],
    );
    assert_eq!(
        plan(&loaded, &edited),
        Err(PlanError::UnresolvedMember {
            group: id("g"),
            agent_id: Some("agent-999".into())
        })
    );
}

#[test]
fn a_menu_missing_what_the_api_requires_cannot_be_planned() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [Op::AddMenu {
            name: "Mới".into()
        }],
    );
    assert_eq!(
        plan(&loaded, &edited),
        Err(PlanError::MenuIncomplete {
            menu: draft(0),
            field: Field::Greeting
        })
    );
}

fn busy_edit() -> (Flow, Flow) {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::AddSubmenu {
                menu: id("main"),
                key: '4',
                name: "A".into(),
            },
            Op::AddSubmenu {
                menu: draft(0),
                key: '1',
                name: "B".into(),
            },
            Op::SetKey {
                menu: draft(1),
                key: '1',
                target: Target::Menu(draft(0)),
            },
            Op::SetFallback {
                menu: draft(1),
                target: Some(to_group("sales")),
            },
            greet(draft(0)),
            greet(draft(1)),
            Op::Rename {
                menu: id("main"),
                name: "Hỗ trợ".into(),
            },
            Op::Rename {
                menu: id("sub"),
                name: "Menu chính".into(),
            },
            Op::SetGroupOnTimeout {
                group: id("tech"),
                target: Some(Target::Menu(draft(1))),
            },
            Op::SwapKeys {
                menu: id("sub"),
                a: '1',
                b: '2',
            },
        ],
    );
    (loaded, edited)
}

#[test]
fn the_same_flows_always_give_the_same_plan() {
    let (loaded, edited) = busy_edit();
    let first = plan(&loaded, &edited).unwrap();
    for _ in 0..5 {
        assert_eq!(plan(&loaded.clone(), &edited.clone()).unwrap(), first);
    }
    save(&loaded, &edited);
}

#[test]
fn a_failed_step_stops_the_save_and_planning_again_finishes_it() {
    let (loaded, edited) = busy_edit();
    let plan = plan(&loaded, &edited).unwrap();
    let total = plan.steps.len();
    let mut upstream = upstream(&loaded);
    upstream.fail_after(2);
    let report = run(&plan, &mut upstream);
    assert_eq!(report.applied.len(), 2);
    assert_eq!(
        report.failed.as_ref().map(|(step, _)| step),
        Some(&plan.steps[2])
    );
    assert!(matches!(
        report.failed,
        Some((_, crate::StepError::Upstream(CallError::Injected)))
    ));
    assert_eq!(report.not_applied.len(), total - 3);
    assert_eq!(report.id_map.len(), 2, "both drafts were created");

    let reloaded = upstream.flow();
    let rebased = edited.with_saved_ids(&report.id_map);
    let rest = super::plan(&reloaded, &rebased).unwrap();
    let finish = run(&rest, &mut upstream);
    assert!(finish.is_complete(), "{:?}", finish.failed);
    assert!(finish.id_map.is_empty(), "nothing is created twice");
    assert_eq!(upstream.flow().content(), rebased.content());
}

#[test]
fn the_async_driver_runs_a_plan_against_any_upstream() {
    use std::future::Future;
    use std::task::{Context, Poll, Waker};
    let (loaded, edited) = busy_edit();
    let plan = plan(&loaded, &edited).unwrap();
    let mut upstream = upstream(&loaded);
    let mut heard = Vec::new();
    let report = {
        // A server function holds this future across awaits, so it must be `Send`.
        fn sendable<F: Future + Send>(future: F) -> F {
            future
        }
        let mut future = std::pin::pin!(sendable(execute(&plan, &mut upstream, |done, _| {
            heard.push(done)
        })));
        // The simulator's ledger never waits, so one poll finishes the save.
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(report) => report,
            Poll::Pending => panic!("the simulator's ledger never waits"),
        }
    };
    assert!(report.is_complete());
    assert_eq!(
        upstream.flow().content(),
        edited.with_saved_ids(&report.id_map).content()
    );
    // Progress is heard after every step, in order.
    assert_eq!(heard, (1..=plan.steps.len()).collect::<Vec<_>>());
}

/// Sales rings 101, then 102, then 100 (vendor positions 2, 0, 1 in list order 100, 101, 102).
fn reordered_sales() -> Flow {
    let members = json!([
        member("100", 2, json!(20)),
        member("101", 0, json!(20)),
        member("102", 1, json!(20)),
    ]);
    flow(
        vec![],
        vec![group_json(
            "sales",
            "Kinh doanh",
            &[],
            json!({ "members": members }),
        )],
    )
}

#[test]
fn an_unrelated_edit_keeps_who_rings_first() {
    let loaded = reordered_sales();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [Op::SetGroupOnTimeout {
            group: id("sales"),
            target: Some(Target::VoiceMail("vm".into())),
        }],
    );
    let plan = save(&loaded, &edited);
    let [Step::UpdateGroup { input, .. }] = plan.steps.as_slice() else {
        panic!("one group update");
    };
    assert_eq!(input.sip_members, ["101", "102", "100"]);
}

#[test]
fn members_in_another_ringing_order_are_a_change() {
    let loaded = reordered_sales();
    let listed_order = flow(
        vec![],
        vec![group("sales", "Kinh doanh", &["100", "101", "102"])],
    );
    assert_ne!(loaded.content(), listed_order.content());
    assert!(plan(&loaded, &loaded).unwrap().is_empty());
}

fn mixed_times() -> Flow {
    let members = json!([member("100", 0, json!(10)), member("101", 1, json!(40))]);
    flow(
        vec![],
        vec![group_json("g", "G", &[], json!({ "members": members }))],
    )
}

#[test]
fn members_ringing_for_different_times_are_not_overwritten_by_an_unrelated_save() {
    let loaded = mixed_times();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [Op::SetGroupOnTimeout {
            group: id("g"),
            target: Some(Target::VoiceMail("vm".into())),
        }],
    );
    assert_eq!(
        plan(&loaded, &edited),
        Err(PlanError::MemberTimesDiffer {
            group: id("g"),
            seconds: vec![10, 40]
        })
    );
    edit(
        &mut edited,
        [Op::SetGroupMemberTimeout {
            group: id("g"),
            seconds: 25,
        }],
    );
    let plan = save(&loaded, &edited);
    let [Step::UpdateGroup { input, .. }] = plan.steps.as_slice() else {
        panic!("one group update");
    };
    assert_eq!(input.timeout, 25);
}

#[test]
fn a_ringing_time_the_api_refuses_is_not_planned() {
    for seconds in [0, 601, 86_400] {
        let loaded = tenant();
        let mut edited = loaded.clone();
        edit(
            &mut edited,
            [Op::SetGroupMemberTimeout {
                group: id("sales"),
                seconds,
            }],
        );
        assert_eq!(
            plan(&loaded, &edited),
            Err(PlanError::GroupIncomplete {
                group: id("sales"),
                field: Field::MemberTimeout
            }),
            "{seconds} s"
        );
    }
}

#[test]
fn a_blank_short_greeting_is_sent_as_none() {
    let blank = |id: &str, text: &str| {
        menu(id, id)
            .key("1", "Ring_group", "sales")
            .set("greeting_short_id", json!(text))
            .set("invalid_sound_id", json!(text))
            .build()
    };
    let loaded = flow(
        vec![blank("a", ""), blank("b", "   ")],
        vec![group("sales", "Kinh doanh", &["100"])],
    );
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::SetTimeOut {
                menu: id("a"),
                seconds: 9,
            },
            Op::SetTimeOut {
                menu: id("b"),
                seconds: 9,
            },
            Op::SetShortGreeting {
                menu: id("b"),
                greeting: Some(" ".into()),
            },
        ],
    );
    let plan = save(&loaded, &edited);
    assert_eq!(plan.steps.len(), 2);
    for step in &plan.steps {
        let Step::UpdateMenu { input, .. } = step else {
            panic!("menu updates only");
        };
        assert_eq!(input.greeting_short_id, None);
        assert_eq!(input.invalid_sound_id, None);
        let sent = serde_json::to_value(input).unwrap();
        assert!(sent.get("greeting_short_id").is_none(), "{sent}");
    }
}

#[test]
fn clearing_a_groups_on_timeout_sends_the_empty_strings_the_vendor_shows() {
    let mut loaded = tenant();
    edit(
        &mut loaded,
        [Op::SetGroupOnTimeout {
            group: id("tech"),
            target: Some(Target::VoiceMail("vm".into())),
        }],
    );
    let loaded = upstream(&loaded).flow();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [Op::SetGroupOnTimeout {
            group: id("tech"),
            target: None,
        }],
    );
    let plan = save(&loaded, &edited);
    let [Step::UpdateGroup { input, .. }] = plan.steps.as_slice() else {
        panic!("one group update");
    };
    let sent = serde_json::to_value(input).unwrap();
    assert_eq!(sent["target_timeout_type"], json!(""));
    assert_eq!(sent["target_timeout"], json!(""));
}

/// Menus `a` and `b` leading to each other, both reaching sales; `a`'s greeting is `greeting`.
fn pair(greeting_a: &str, greeting_b: &str) -> Flow {
    flow(
        vec![
            menu("a", "A")
                .key("1", "Ring_group", "sales")
                .key("2", "Ivr_menu", "b")
                .set("greeting_id", json!(greeting_a))
                .build(),
            menu("b", "B")
                .key("1", "Ring_group", "sales")
                .key("2", "Ivr_menu", "a")
                .set("greeting_id", json!(greeting_b))
                .build(),
        ],
        vec![group("sales", "Kinh doanh", &["100"])],
    )
}

fn delete_both(loaded: &Flow) -> Flow {
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::DeleteMenu { menu: id("a") },
            Op::DeleteMenu { menu: id("b") },
        ],
    );
    edited
}

#[test]
fn two_menus_leading_to_each_other_are_cut_where_the_update_is_valid() {
    // `a` (the lower id) has no greeting: an update of it would be refused.
    let loaded = pair("", "hello");
    let plan = save(&loaded, &delete_both(&loaded));
    assert_eq!(kinds(&plan), ["update b", "delete a", "delete b"]);
}

#[test]
fn menus_whose_greetings_are_gone_are_still_deleted_with_a_borrowed_greeting() {
    let loaded = pair("deleted-1", "deleted-2");
    let plan = save(&loaded, &delete_both(&loaded));
    assert_eq!(kinds(&plan), ["update a", "delete b", "delete a"]);
    let Step::UpdateMenu { input, .. } = &plan.steps[0] else {
        panic!("an update first");
    };
    assert!(loaded.recording(&input.greeting_id).is_some());
    assert!(input
        .scripts
        .iter()
        .all(|k| k.action.as_deref() != Some("b")));
}

#[test]
fn a_save_cut_short_after_the_cut_finishes_on_retry() {
    let loaded = pair("", "hello");
    let edited = delete_both(&loaded);
    let plan = plan(&loaded, &edited).unwrap();
    let mut upstream = upstream(&loaded);
    upstream.fail_after(1);
    let report = run(&plan, &mut upstream);
    assert!(!report.is_complete());
    let reloaded = upstream.flow();
    let retry = super::plan(&reloaded, &edited.with_saved_ids(&report.id_map)).unwrap();
    let report = run(&retry, &mut upstream);
    assert!(report.is_complete(), "{:?}", report.failed);
    assert_eq!(upstream.flow().menus().count(), 0);
}

#[test]
fn a_key_shown_but_not_configured_is_kept_on_save() {
    let loaded = flow(
        vec![menu("m", "M")
            .key("1", "Ring_group", "sales")
            .key("2", "", "")
            .build()],
        vec![group("sales", "Kinh doanh", &["100"])],
    );
    assert_eq!(loaded.menu(&id("m")).unwrap().keys.len(), 2);
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [Op::SetTimeOut {
            menu: id("m"),
            seconds: 8,
        }],
    );
    let plan = save(&loaded, &edited);
    let [Step::UpdateMenu { input, .. }] = plan.steps.as_slice() else {
        panic!("one menu update");
    };
    let sent = serde_json::to_value(input).unwrap();
    assert_eq!(
        sent["scripts"][1],
        json!({"ivr": "2", "action": "", "action_type": ""})
    );
}

#[test]
fn a_new_group_is_created_before_the_key_leading_to_it() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::AddGroup {
                name: "Tư vấn".into(),
            },
            Op::AddMember {
                group: draft(0),
                agent: agent("102"),
            },
            Op::SetKey {
                menu: id("main"),
                key: '3',
                target: Target::Group(draft(0)),
            },
        ],
    );
    let plan = save(&loaded, &edited);
    assert_eq!(kinds(&plan), ["create group 0", "update main"]);
    let Step::UpdateMenu { input, links, .. } = &plan.steps[1] else {
        panic!("the menu update");
    };
    let [Link {
        slot: Slot::Script(i),
        draft: 0,
    }] = links.as_slice()
    else {
        panic!("one link, from a key to the new group: {links:?}");
    };
    let key3 = &input.scripts[*i];
    assert_eq!(key3.action_type, Some(omicall::ActionType::RingGroup));
}

#[test]
fn a_new_group_and_a_new_menu_leading_to_each_other_are_closed_once_both_exist() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::AddMenu {
                name: "Ngoài giờ".into(),
            },
            greet(draft(0)),
            Op::AddGroup {
                name: "Trực đêm".into(),
            },
            Op::AddMember {
                group: draft(1),
                agent: agent("100"),
            },
            Op::SetKey {
                menu: draft(0),
                key: '1',
                target: Target::Group(draft(1)),
            },
            Op::SetGroupOnTimeout {
                group: draft(1),
                target: Some(Target::Menu(draft(0))),
            },
            Op::SetKey {
                menu: id("main"),
                key: '4',
                target: Target::Menu(draft(0)),
            },
        ],
    );
    let plan = save(&loaded, &edited);
    assert_eq!(
        kinds(&plan),
        ["create group 1", "create 0", "group draft-1", "update main"]
    );
}

#[test]
fn a_deleted_group_goes_after_the_menus_that_led_to_it_are_re_pointed() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [Op::DeleteGroup {
            group: id("tech"),
            repoint: Some(to_group("sales")),
        }],
    );
    let plan = save(&loaded, &edited);
    assert_eq!(
        kinds(&plan),
        ["update main", "update sub", "delete group tech"]
    );
}

#[test]
fn a_group_and_a_menu_deleted_while_leading_to_each_other_are_cut_loose_first() {
    let mut loaded = tenant();
    edit(
        &mut loaded,
        [Op::SetGroupOnTimeout {
            group: id("tech"),
            target: Some(to_menu("sub")),
        }],
    );
    let loaded = upstream(&loaded).flow();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::DeleteMenu { menu: id("sub") },
            Op::DeleteGroup {
                group: id("tech"),
                repoint: Some(to_group("sales")),
            },
        ],
    );
    let plan = save(&loaded, &edited);
    assert_eq!(
        kinds(&plan),
        [
            "update main",
            "update sub",
            "delete group tech",
            "delete sub"
        ]
    );
}

#[test]
fn groups_swapping_names_pass_through_a_temporary_name() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::RenameGroup {
                group: id("sales"),
                name: "Kỹ thuật".into(),
            },
            Op::RenameGroup {
                group: id("tech"),
                name: "Kinh doanh".into(),
            },
        ],
    );
    let plan = save(&loaded, &edited);
    let sent: Vec<&str> = plan
        .steps
        .iter()
        .filter_map(|step| match step {
            Step::UpdateGroup { input, .. } => Some(input.group_name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        sent,
        ["Kỹ thuật ~1", "Kinh doanh ~1", "Kỹ thuật", "Kinh doanh"]
    );
}

#[test]
fn members_added_and_removed_are_saved_in_ringing_order() {
    let loaded = tenant();
    let mut edited = loaded.clone();
    edit(
        &mut edited,
        [
            Op::RemoveMember {
                group: id("sales"),
                index: 0,
                member: "100".into(),
            },
            Op::AddMember {
                group: id("sales"),
                agent: agent("102"),
            },
        ],
    );
    let plan = save(&loaded, &edited);
    let [Step::UpdateGroup { input, .. }] = plan.steps.as_slice() else {
        panic!("one group update");
    };
    assert_eq!(input.sip_members, ["101", "102"]);
}
