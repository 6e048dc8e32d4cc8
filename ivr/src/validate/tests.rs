use super::*;
use crate::fixture::*;
use crate::ops::Op;
use serde_json::json;

fn fired(flow: &Flow) -> Vec<Rule> {
    validate(flow).into_iter().map(|f| f.rule).collect()
}

fn fires(flow: &Flow, rule: Rule) -> bool {
    fired(flow).contains(&rule)
}

fn findings_of(flow: &Flow, rule: Rule) -> Vec<Finding> {
    validate(flow)
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

#[test]
fn the_sample_tenant_passes_every_rule() {
    assert_eq!(validate(&tenant()), vec![]);
}

#[test]
fn an_empty_menu_name_is_an_error() {
    let mut flow = tenant();
    assert!(!fires(&flow, Rule::NameEmpty));
    edit(
        &mut flow,
        [Op::Rename {
            menu: id("sub"),
            name: "  ".into(),
        }],
    );
    let found = findings_of(&flow, Rule::NameEmpty);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].subject, Subject::Menu(id("sub")));
    assert_eq!(found[0].field, Field::Name);
    assert_eq!(found[0].severity, Severity::Error);
}

#[test]
fn menu_names_differing_only_in_case_and_diacritics_collide() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [Op::Rename {
            menu: id("sub"),
            name: "Menu phụ".into(),
        }],
    );
    assert!(!fires(&flow, Rule::NameDuplicate));
    edit(
        &mut flow,
        [Op::Rename {
            menu: id("sub"),
            name: "menu chinh".into(),
        }],
    );
    let found = findings_of(&flow, Rule::NameDuplicate);
    assert_eq!(found.len(), 2, "both menus are pointed at");
    assert_eq!(found[0].key(), "ivr.menu.name_duplicate");
    assert_eq!(found[0].params["other"], "menu chinh");
    assert_eq!(found[1].params["other"], "Menu chính");
}

#[test]
fn a_menu_without_a_greeting_cannot_be_saved() {
    let mut flow = tenant();
    assert!(!fires(&flow, Rule::GreetingMissing));
    edit(
        &mut flow,
        [Op::SetGreeting {
            menu: id("main"),
            greeting: None,
        }],
    );
    assert!(fires(&flow, Rule::GreetingMissing));
    assert!(has_errors(&validate(&flow)));
}

#[test]
fn a_sound_that_is_not_among_the_recordings_is_an_error() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [
            Op::SetShortGreeting {
                menu: id("main"),
                greeting: Some("short".into()),
            },
            Op::SetInvalidSound {
                menu: id("main"),
                sound: Some("oops".into()),
            },
        ],
    );
    assert!(!fires(&flow, Rule::SoundNotFound));
    edit(
        &mut flow,
        [Op::SetInvalidSound {
            menu: id("main"),
            sound: Some("deleted".into()),
        }],
    );
    let found = findings_of(&flow, Rule::SoundNotFound);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].field, Field::InvalidSound);
    assert_eq!(found[0].params["id"], "deleted");
}

#[test]
fn targets_that_do_not_exist_are_errors_wherever_they_sit() {
    let flow = tenant();
    assert!(!fires(&flow, Rule::TargetNotFound));
    let mut flow = flow;
    edit(
        &mut flow,
        [
            Op::SetKey {
                menu: id("main"),
                key: '3',
                target: to_group("gone"),
            },
            Op::SetKey {
                menu: id("main"),
                key: '4',
                target: to_menu("gone"),
            },
            Op::SetFallback {
                menu: id("sub"),
                target: Some(Target::Recording("gone".into())),
            },
            Op::SetGroupOnTimeout {
                group: id("tech"),
                target: Some(to_menu("gone")),
            },
        ],
    );
    let found = findings_of(&flow, Rule::TargetNotFound);
    let places: Vec<(&Subject, &Field, &str)> = found
        .iter()
        .map(|f| (&f.subject, &f.field, f.params["kind"].as_str()))
        .collect();
    assert_eq!(
        places,
        vec![
            (&Subject::Menu(id("main")), &Field::Key("3".into()), "group"),
            (&Subject::Menu(id("main")), &Field::Key("4".into()), "menu"),
            (&Subject::Menu(id("sub")), &Field::Fallback, "recording"),
            (&Subject::Group(id("tech")), &Field::OnTimeout, "menu"),
        ]
    );
}

#[test]
fn a_key_outside_the_keypad_is_an_error() {
    let good = flow(
        vec![menu("m", "M")
            .key("#", "Ring_group", "sales")
            .fallback("Ring_group", "sales")
            .build()],
        vec![group("sales", "Sales", &["100"])],
    );
    assert!(!fires(&good, Rule::KeyInvalid));
    let bad = flow(
        vec![menu("m", "M")
            .key("10", "Ring_group", "sales")
            .key("A", "Ring_group", "sales")
            .fallback("Ring_group", "sales")
            .build()],
        vec![group("sales", "Sales", &["100"])],
    );
    let keys: Vec<String> = findings_of(&bad, Rule::KeyInvalid)
        .iter()
        .map(|f| f.params["key"].clone())
        .collect();
    assert_eq!(keys, ["10", "A"]);
}

#[test]
fn a_key_used_twice_is_an_error() {
    let bad = flow(
        vec![menu("m", "M")
            .key("1", "Ring_group", "sales")
            .key("1", "Ring_group", "tech")
            .fallback("Ring_group", "sales")
            .build()],
        vec![
            group("sales", "Sales", &["100"]),
            group("tech", "Tech", &["102"]),
        ],
    );
    let found = findings_of(&bad, Rule::KeyDuplicate);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].params["key"], "1");
    assert!(!fires(&tenant(), Rule::KeyDuplicate));
}

#[test]
fn a_key_may_not_lead_to_a_recording_or_voicemail_but_a_fallback_may() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [Op::SetFallback {
            menu: id("main"),
            target: Some(Target::Recording("busy".into())),
        }],
    );
    assert!(!fires(&flow, Rule::KeyTargetKind));
    edit(
        &mut flow,
        [
            Op::SetKey {
                menu: id("main"),
                key: '5',
                target: Target::Recording("busy".into()),
            },
            Op::SetKey {
                menu: id("main"),
                key: '6',
                target: Target::VoiceMail("vm".into()),
            },
        ],
    );
    let found = findings_of(&flow, Rule::KeyTargetKind);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].field, Field::Key("5".into()));
    assert_eq!(found[1].params["kind"], "voicemail");
}

#[test]
fn time_out_must_lie_within_the_editors_range() {
    let mut flow = tenant();
    for ok in [1, 30] {
        edit(
            &mut flow,
            [Op::SetTimeOut {
                menu: id("main"),
                seconds: ok,
            }],
        );
        assert!(!fires(&flow, Rule::TimeOutRange), "{ok} s is allowed");
    }
    for bad in [0, 31] {
        edit(
            &mut flow,
            [Op::SetTimeOut {
                menu: id("main"),
                seconds: bad,
            }],
        );
        let found = findings_of(&flow, Rule::TimeOutRange);
        assert_eq!(found.len(), 1, "{bad} s is refused");
        assert_eq!(found[0].params["min"], "1");
        assert_eq!(found[0].params["max"], "30");
    }
    let unset = super::super::fixture::flow(
        vec![menu("m", "M")
            .set("time_out", json!(null))
            .fallback("Ring_group", "sales")
            .build()],
        vec![group("sales", "Sales", &["100"])],
    );
    assert!(
        fires(&unset, Rule::TimeOutRange),
        "the vendor requires a time-out"
    );
}

#[test]
fn max_failure_must_lie_within_the_editors_range() {
    let mut flow = tenant();
    for ok in [1, 5] {
        edit(
            &mut flow,
            [Op::SetMaxFailure {
                menu: id("main"),
                tries: ok,
            }],
        );
        assert!(
            !fires(&flow, Rule::MaxFailureRange),
            "{ok} tries are allowed"
        );
    }
    for bad in [0, 6] {
        edit(
            &mut flow,
            [Op::SetMaxFailure {
                menu: id("main"),
                tries: bad,
            }],
        );
        assert!(
            fires(&flow, Rule::MaxFailureRange),
            "{bad} tries are refused"
        );
    }
}

#[test]
fn a_menu_from_which_nobody_can_be_reached_is_an_error() {
    let groups = || {
        vec![
            group("empty", "Trống", &[]),
            group("sales", "Sales", &["100"]),
        ]
    };
    let stuck = flow(
        vec![menu("m", "M")
            .key("1", "Ring_group", "empty")
            .fallback("Recording", "busy")
            .build()],
        groups(),
    );
    let found = findings_of(&stuck, Rule::NoPerson);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].subject, Subject::Menu(id("m")));
    let voicemail = flow(
        vec![menu("m", "M")
            .key("1", "Ring_group", "empty")
            .fallback("Voice_mail", "vm")
            .build()],
        groups(),
    );
    assert!(
        !fires(&voicemail, Rule::NoPerson),
        "a voicemail reaches a person"
    );
}

#[test]
fn menus_that_only_lead_to_each_other_never_reach_anyone() {
    let circle = flow(
        vec![
            menu("a", "A")
                .key("1", "Ivr_menu", "b")
                .fallback("Ivr_menu", "b")
                .build(),
            menu("b", "B").key("1", "Ivr_menu", "a").build(),
        ],
        vec![group("sales", "Sales", &["100"])],
    );
    assert_eq!(findings_of(&circle, Rule::NoPerson).len(), 2);
    let mut way_out = circle.clone();
    edit(
        &mut way_out,
        [Op::SetKey {
            menu: id("b"),
            key: '0',
            target: to_group("sales"),
        }],
    );
    assert!(
        !fires(&way_out, Rule::NoPerson),
        "one key to a group frees both"
    );
}

#[test]
fn a_person_may_be_reached_through_a_group_time_out() {
    let flow = flow(
        vec![menu("m", "M").key("1", "Ring_group", "empty").build()],
        vec![
            group_json(
                "empty",
                "Trống",
                &[],
                json!({"target_timeout_type": "Ring_group",
                                                     "target_timeout": "sales"}),
            ),
            group("sales", "Sales", &["100"]),
        ],
    );
    assert!(!fires(&flow, Rule::NoPerson));
}

#[test]
fn a_menu_with_no_keys_and_no_fallback_is_a_dead_end() {
    let mut flow = tenant();
    assert!(!fires(&flow, Rule::DeadEnd));
    edit(
        &mut flow,
        [
            Op::ClearKey {
                menu: id("sub"),
                key: '1',
            },
            Op::SetFallback {
                menu: id("sub"),
                target: None,
            },
        ],
    );
    let found = findings_of(&flow, Rule::DeadEnd);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn a_ring_group_without_members_is_a_warning() {
    assert!(!fires(&tenant(), Rule::GroupNoMembers));
    let flow = flow(
        vec![menu("m", "M")
            .key("1", "Ring_group", "sales")
            .fallback("Ring_group", "sales")
            .build()],
        vec![
            group("sales", "Sales", &["100"]),
            group("empty", "Trống", &[]),
        ],
    );
    let found = findings_of(&flow, Rule::GroupNoMembers);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].subject, Subject::Group(id("empty")));
}

/// Menus `m1` → `m2` → ... → `m{n}` by key 1, each with key 0 to a group.
fn chain(n: usize) -> Flow {
    let menus = (1..=n)
        .map(|i| {
            let m = menu(&format!("m{i}"), &format!("Tầng {i}")).key("0", "Ring_group", "sales");
            let m = if i < n {
                m.key("1", "Ivr_menu", &format!("m{}", i + 1))
            } else {
                m
            };
            m.fallback("Ring_group", "sales").build()
        })
        .collect();
    flow(menus, vec![group("sales", "Sales", &["100"])])
}

#[test]
fn nesting_deeper_than_five_menus_is_a_warning() {
    assert!(!fires(&chain(MAX_MENU_DEPTH), Rule::TooDeep));
    let found = findings_of(&chain(MAX_MENU_DEPTH + 1), Rule::TooDeep);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].subject, Subject::Menu(id("m6")));
    assert_eq!(found[0].params["depth"], "6");
}

#[test]
fn a_loop_of_fallbacks_is_a_warning() {
    let loop_flow = flow(
        vec![
            menu("a", "A")
                .key("1", "Ring_group", "sales")
                .fallback("Ivr_menu", "b")
                .build(),
            menu("b", "B")
                .key("1", "Ring_group", "sales")
                .fallback("Ivr_menu", "a")
                .build(),
        ],
        vec![group("sales", "Sales", &["100"])],
    );
    let found = findings_of(&loop_flow, Rule::SilentLoop);
    assert_eq!(found.len(), 1, "one finding per loop");
    assert_eq!(found[0].subject, Subject::Menu(id("a")));
    assert_eq!(found[0].params["path"], "A → B → A");
    let mut broken = loop_flow.clone();
    edit(
        &mut broken,
        [Op::SetFallback {
            menu: id("b"),
            target: Some(to_group("sales")),
        }],
    );
    assert!(!fires(&broken, Rule::SilentLoop));
}

#[test]
fn a_loop_through_a_group_and_back_to_a_menu_with_keys_is_a_warning() {
    let flow = flow(
        vec![menu("m", "M")
            .key("1", "Ring_group", "sales")
            .fallback("Ring_group", "sales")
            .build()],
        vec![group_json(
            "sales",
            "Sales",
            &["100"],
            json!({"target_timeout_type": "Ivr_menu",
                                                           "target_timeout": "m"}),
        )],
    );
    let found = findings_of(&flow, Rule::SilentLoop);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].params["path"], "M → Sales → M");
}

#[test]
fn a_hold_loop_through_a_message_is_not_flagged() {
    // "All agents are busy, please hold", then the same group again.
    let flow = flow(
        vec![
            menu("main", "Main")
                .key("1", "Ring_group", "sales")
                .fallback("Ring_group", "sales")
                .build(),
            menu("hold", "Xin chờ")
                .set("greeting_id", json!("busy"))
                .fallback("Ring_group", "sales")
                .build(),
        ],
        vec![group_json(
            "sales",
            "Sales",
            &["100"],
            json!({"target_timeout_type": "Ivr_menu",
                                                           "target_timeout": "hold"}),
        )],
    );
    assert!(!fires(&flow, Rule::SilentLoop));
}

#[test]
fn a_loop_through_a_key_press_is_not_flagged() {
    let flow = flow(
        vec![
            menu("a", "A")
                .key("1", "Ivr_menu", "b")
                .fallback("Ring_group", "sales")
                .build(),
            menu("b", "B")
                .key("1", "Ivr_menu", "a")
                .fallback("Ring_group", "sales")
                .build(),
        ],
        vec![group("sales", "Sales", &["100"])],
    );
    assert!(!fires(&flow, Rule::SilentLoop));
}

#[test]
fn a_spoken_greeting_naming_a_key_the_menu_lacks_is_a_warning() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [Op::SetGreeting {
            menu: id("sub"),
            greeting: Some("say-1-2".into()),
        }],
    );
    let found = findings_of(&flow, Rule::GreetingNamesUnsetKey);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].subject, Subject::Menu(id("sub")));
    assert_eq!(found[0].params["key"], "2");
    edit(
        &mut flow,
        [Op::SetKey {
            menu: id("sub"),
            key: '2',
            target: to_group("sales"),
        }],
    );
    assert!(!fires(&flow, Rule::GreetingNamesUnsetKey));
}

#[test]
fn a_configured_key_the_spoken_greeting_never_mentions_is_a_warning() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [Op::SetGreeting {
            menu: id("main"),
            greeting: Some("say-1-2".into()),
        }],
    );
    let found = findings_of(&flow, Rule::GreetingOmitsKey);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].field, Field::Key("9".into()));
    edit(
        &mut flow,
        [Op::ClearKey {
            menu: id("main"),
            key: '9',
        }],
    );
    assert!(!fires(&flow, Rule::GreetingOmitsKey));
}

#[test]
fn a_spoken_greeting_naming_no_key_raises_nothing() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [Op::SetGreeting {
            menu: id("main"),
            greeting: Some("thanks".into()),
        }],
    );
    assert_eq!(validate(&flow), vec![]);
}

#[test]
fn an_unknown_action_type_is_kept_and_only_warned_about() {
    let flow = flow(
        vec![menu("m", "M")
            .key("1", "Ring_group", "sales")
            .key("2", "Hang_up", "x")
            .fallback("Ring_group", "sales")
            .build()],
        vec![group("sales", "Sales", &["100"])],
    );
    let found = findings_of(&flow, Rule::TargetUnsupported);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].params["action_type"], "Hang_up");
    assert!(!has_errors(&validate(&flow)));
}

#[test]
fn a_findings_rule_travels_as_its_message_key() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [Op::Rename {
            menu: id("sub"),
            name: String::new(),
        }],
    );
    let finding = &validate(&flow)[0];
    let value = serde_json::to_value(finding).expect("findings serialise");
    assert_eq!(value["rule"], "ivr.menu.name_empty");
    let back: Finding = serde_json::from_value(value).expect("findings deserialise");
    assert_eq!(&back, finding);
}

#[test]
fn every_rule_has_a_distinct_message_key() {
    let mut keys: Vec<&str> = Rule::ALL.iter().map(|r| r.key()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), Rule::ALL.len());
    assert!(keys.iter().all(|k| k.starts_with("ivr.")));
}

#[test]
fn a_ringing_time_the_api_refuses_is_an_error_before_saving() {
    for seconds in [0, 601, 86_400] {
        let mut flow = tenant();
        edit(
            &mut flow,
            [Op::SetGroupMemberTimeout {
                group: id("tech"),
                seconds,
            }],
        );
        let found = findings_of(&flow, Rule::MemberTimeoutRange);
        assert_eq!(found.len(), 1, "{seconds} s");
        assert_eq!(found[0].subject, Subject::Group(id("tech")));
        assert_eq!(found[0].params["value"], seconds.to_string());
        assert!(has_errors(&found));
    }
    let mut flow = tenant();
    edit(
        &mut flow,
        [Op::SetGroupMemberTimeout {
            group: id("tech"),
            seconds: 600,
        }],
    );
    assert!(!fires(&flow, Rule::MemberTimeoutRange));
}

#[test]
fn members_ringing_for_different_times_are_pointed_out() {
    let members = json!([member("100", 0, json!(10)), member("101", 1, json!(40))]);
    let flow = flow(
        vec![],
        vec![group_json("g", "G", &[], json!({ "members": members }))],
    );
    let found = findings_of(&flow, Rule::MemberTimesDiffer);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].params["seconds"], "10, 40");
    assert!(!found[0].is_error());
}

/// [`chain`] where every menu but the first also has "* → the main menu".
fn chain_with_way_back(n: usize) -> Flow {
    let mut flow = chain(n);
    for i in 2..=n {
        edit(
            &mut flow,
            [Op::SetKey {
                menu: id(&format!("m{i}")),
                key: '*',
                target: to_menu("m1"),
            }],
        );
    }
    flow
}

#[test]
fn a_way_back_to_the_main_menu_does_not_hide_depth() {
    let flow = chain_with_way_back(7);
    assert_eq!(entry_menus(&flow), vec![id("m1")]);
    let deep: Vec<_> = findings_of(&flow, Rule::TooDeep)
        .into_iter()
        .map(|f| (f.subject, f.params["depth"].clone()))
        .collect();
    assert_eq!(
        deep,
        [
            (Subject::Menu(id("m6")), "6".to_owned()),
            (Subject::Menu(id("m7")), "7".to_owned())
        ]
    );
}

#[test]
fn a_menu_marked_as_entry_counts_depth_from_itself() {
    let mut flow = chain_with_way_back(7);
    edit(
        &mut flow,
        ["m1", "m4"].map(|m| Op::SetEntry {
            menu: id(m),
            entry: true,
        }),
    );
    assert_eq!(entry_menus(&flow), vec![id("m1"), id("m4")]);
    assert!(!fires(&flow, Rule::TooDeep));
}

#[test]
fn a_sorry_menu_leading_back_to_the_main_menu_is_a_loop_nobody_answers() {
    let flow = flow(
        vec![
            menu("main", "Main")
                .key("1", "Ring_group", "sales")
                .fallback("Ivr_menu", "sorry")
                .build(),
            menu("sorry", "Xin lỗi")
                .set("greeting_id", json!("busy"))
                .fallback("Ivr_menu", "main")
                .build(),
        ],
        vec![group("sales", "Sales", &["100"])],
    );
    let found = findings_of(&flow, Rule::SilentLoop);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].params["path"], "Main → Xin lỗi → Main");
}

#[test]
fn a_spoken_wrong_key_sound_naming_a_key_the_menu_lacks_is_a_warning() {
    let mut flow = tenant();
    let mut greetings = greetings();
    greetings.push(tts(
        "wrong",
        "Bấm sai",
        "Phím không đúng, vui lòng nhấn số 1 hoặc 4",
    ));
    flow = Flow::from_omicall(
        flow.to_omicall().menus,
        flow.to_omicall().groups,
        greetings,
        &agents(),
    );
    edit(
        &mut flow,
        [Op::SetInvalidSound {
            menu: id("main"),
            sound: Some("wrong".into()),
        }],
    );
    let found = findings_of(&flow, Rule::GreetingNamesUnsetKey);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].field, Field::InvalidSound);
    assert_eq!(found[0].params["key"], "4");
}

#[test]
fn a_menu_led_to_only_by_a_group_s_time_out_is_reached_through_the_group() {
    // "Sorry" is led to only by the sales group's time-out, and leads back to "Main".
    let flow = flow(
        vec![
            menu("lone", "Lone").key("1", "Ring_group", "sales").build(),
            menu("main", "Main").key("1", "Ring_group", "sales").build(),
            menu("sorry", "Sorry").fallback("Ivr_menu", "main").build(),
        ],
        vec![group_json(
            "sales",
            "Sales",
            &["100"],
            json!({"target_timeout_type": "Ivr_menu", "target_timeout": "sorry"}),
        )],
    );
    assert_eq!(entry_menus(&flow), vec![id("lone")]);
}

/// Each edit touches what one of the validator's shortcuts rests on: a node's own fields, its
/// place in the paths, the set of nodes, the recordings. After each, a validator kept from the
/// start must find what a fresh validation finds, and the edit must change the findings (so a
/// shortcut that kept stale ones could not pass).
#[test]
fn a_validator_kept_across_edits_finds_what_a_fresh_validation_finds() {
    let mut flow = tenant();
    let mut validator = Validator::new();
    let mut before = validator.check(&flow);
    assert_eq!(before, validate(&flow));
    type Step = fn(&mut Flow);
    let steps: [(&str, Step); 6] = [
        ("a greeting that names keys (the menu's own fields)", |f| {
            let greeting = Some("say-1-2".into());
            edit(
                f,
                [Op::SetGreeting {
                    menu: id("sub"),
                    greeting,
                }],
            );
        }),
        ("a name another menu has (names)", |f| {
            let name = "menu chinh".into();
            edit(
                f,
                [Op::Rename {
                    menu: id("sub"),
                    name,
                }],
            );
        }),
        ("a fallback back and forth (silent loop)", |f| {
            let target = Some(to_menu("sub"));
            edit(
                f,
                [Op::SetFallback {
                    menu: id("main"),
                    target,
                }],
            );
        }),
        (
            "a group emptied (reach, loops and the group's own warning)",
            |f| {
                let (group, member) = (id("tech"), "102".into());
                edit(
                    f,
                    [Op::RemoveMember {
                        group,
                        index: 0,
                        member,
                    }],
                );
            },
        ),
        (
            "a menu replaced by a new one, as many menus as before (the set of nodes)",
            |f| {
                f.menus.remove(&id("sub"));
                edit(
                    f,
                    [Op::AddMenu {
                        name: "Mới".into()
                    }],
                );
            },
        ),
        ("a recording gone (sounds)", |f| {
            f.recordings.remove("hello");
        }),
    ];
    for (what, step) in steps {
        step(&mut flow);
        let kept = validator.check(&flow);
        assert_eq!(kept, validate(&flow), "after {what}");
        assert_ne!(kept, before, "{what} changes the findings");
        before = kept;
    }
}
